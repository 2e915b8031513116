//! `atlas oci`: the module is compiled here on its own (its unit tests run
//! with this test crate) until `crates/cli/src/main.rs` declares `mod oci;`;
//! the tests below also drive the `atlas` binary when it has the subcommand.

#[allow(dead_code)]
#[path = "../src/oci.rs"]
mod oci;

use std::path::PathBuf;
use std::process::Command;

fn assets() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/oci")
}

/// Every broken sample, through the CLI's formatting, prints its sidecar's
/// lines prefixed with the file name, and exits 1 exactly when one is an error.
#[test]
fn broken_files_print_their_expected_lines() {
    let dir = assets().join("broken");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        n += 1;
        let bytes = std::fs::read(&path).unwrap();
        let expect = std::fs::read_to_string(path.with_extension("expect")).unwrap();
        let (out, code) = oci::validate_report("F", &bytes, oci::ReportFormat::Text);
        let mut lines: Vec<&str> = out.lines().collect();
        lines.pop(); // the summary
        let want: Vec<String> = expect.lines().map(|l| format!("F:{l}")).collect();
        assert_eq!(lines, want, "{}", path.display());
        let errors = expect.lines().any(|l| l.contains(": error: "));
        assert_eq!(code, i32::from(errors), "{}", path.display());
    }
    assert!(n >= 15, "only {n} broken samples");
}

/// The samples validate with exit 0 and plan for runc and crun.
#[test]
fn samples_validate_and_plan() {
    for name in [
        "config.default.json",
        "config.rootless.default.json",
        "k8s-pod-container.json",
        "config.limited.json",
    ] {
        let bytes = std::fs::read(assets().join(name)).unwrap();
        let (out, code) = oci::validate_report(name, &bytes, oci::ReportFormat::Text);
        assert_eq!(code, 0, "{out}");
        for runtime in [
            atlas_core::oci::OciRuntime::Runc,
            atlas_core::oci::OciRuntime::Crun,
        ] {
            let options = atlas_core::oci::PlanOptions {
                runtime,
                ..Default::default()
            };
            let plan = oci::plan_report(name, &bytes, oci::PlanFormat::Json, options, "demo", "/b");
            assert_eq!(plan.code, 0, "{name} {runtime}: {}", plan.stderr);
            assert!(atlas_core::trace::TraceFile::parse(&plan.stdout).is_ok());
        }
    }
    for name in [
        "image-index.json",
        "image-manifest.json",
        "image-config.json",
        "docker-manifest-list.json",
        "docker-manifest.json",
    ] {
        let bytes = std::fs::read(assets().join(name)).unwrap();
        let (out, code) = oci::validate_report(name, &bytes, oci::ReportFormat::Json);
        assert_eq!(code, 0, "{out}");
    }
}

/// The binary, when `atlas oci` is wired into it.
fn atlas_with_oci() -> Option<Command> {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_atlas"));
    let help = Command::new(&bin).arg("--help").output().ok()?;
    String::from_utf8_lossy(&help.stdout)
        .lines()
        .any(|l| l.trim_start().starts_with("oci "))
        .then(|| Command::new(bin))
}

#[test]
fn binary_validate_and_plan() {
    let Some(mut atlas) = atlas_with_oci() else {
        eprintln!("atlas has no `oci` subcommand yet: skipped");
        return;
    };
    let bad = assets().join("broken/relative-paths.json");
    let out = atlas.args(["oci", "validate"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(&format!("{}:7:10: error: ", bad.display())),
        "{stdout}"
    );

    let good = assets().join("config.default.json");
    let Some(mut atlas) = atlas_with_oci() else {
        return;
    };
    let out = atlas
        .args(["oci", "plan", "--format", "json"])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The header every face writes (`Header::new`): `trace`, `config`, `command`, `lang`, in that order.
    let header = atlas_core::trace::Header::new(
        atlas_core::trace::MadeUnder::Plan {
            oci: "runc",
            runtime: None,
            cgroup: "v2",
        },
        format!("atlas oci plan {} --runtime runc", good.display()),
    )
    .in_lang(atlas_core::Lang::En);
    assert_eq!(
        stdout.lines().next(),
        serde_json::to_string(&header).ok().as_deref()
    );
    assert!(stdout
        .starts_with("{\"trace\":1,\"config\":{\"cgroup\":\"v2\",\"oci\":\"runc\"},\"command\":"));
    let trace = atlas_core::trace::TraceFile::parse(&stdout).unwrap();
    assert!(trace.hops.iter().any(|h| h.call == "pivot_root"));

    let Some(mut atlas) = atlas_with_oci() else {
        return;
    };
    let out = atlas
        .args(["oci", "validate", "/nonexistent/config.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
