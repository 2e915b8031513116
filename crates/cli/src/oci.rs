//! `atlas oci validate` and `atlas oci plan`: read a file, hand its bytes to
//! atlas-core, print. The formatting functions are pure (bytes in, text and
//! exit code out) so they are tested without files or a terminal.
//!
//! ```text
//! atlas oci validate FILE [--format text|json] [--kind KIND]
//! atlas oci plan FILE [--format text|json] [--runtime runc|crun] [--cgroup v1|v2] [--id ID]
//! ```
//!
//! `FILE` may be `-` for standard input. `validate` prints one
//! `FILE:LINE:COL: severity: message` line per diagnostic and a summary, and
//! exits 1 when there is an error, 0 otherwise. `plan` validates first (and
//! prints the diagnostics on stderr, exiting 1, if there are errors), then
//! prints the steps the runtime takes: numbered lines, or Trace JSON Lines
//! (a header, a `{"phase":…}` marker before each phase, one hop per line).

use anyhow::{Context, Result};
use atlas_core::oci::validate::{
    too_large, validate_bytes, Diagnostic, Document, DocumentKind, Report, Severity, MAX_BYTES,
};
use atlas_core::oci::{CgroupVersion, HopContext, OciRuntime, Phase, Plan, PlanOptions};
use atlas_core::trace::{push_json_line, Header, MadeUnder};
use atlas_core::Catalog;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Output format of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// `FILE:LINE:COL: severity: message` lines and a summary.
    Text,
    /// One JSON object: the kind, the counts and every diagnostic.
    Json,
}

/// Output format of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// Numbered steps: phase, who, interface, call and what it does.
    Text,
    /// Trace JSON Lines (shared/TRACE.md): header, phase markers, hops.
    Json,
}

/// Whose steps `plan` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RuntimeArg {
    /// runc (re-executes itself as `runc init`, nsexec stages).
    Runc,
    /// crun (clones the container process directly).
    Crun,
}

/// The host's cgroup hierarchy for `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CgroupArg {
    /// cgroup v1 (one hierarchy per controller).
    V1,
    /// cgroup v2 (unified).
    V2,
}

/// `atlas oci …`
#[derive(Debug, clap::Subcommand)]
pub enum OciCommand {
    /// Check a config.json, image index, image manifest or image config (OCI or
    /// Docker) against the runtime-spec, the image-spec and what runc refuses.
    Validate {
        /// The file to check (`-` for standard input).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Read the file as this kind instead of detecting it: runtime-config,
        /// image-index, image-manifest, image-config, docker-manifest-list,
        /// docker-manifest.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<DocumentKind>,
    },
    /// Show the steps an OCI runtime takes for a config.json, from `create` to
    /// `delete`: namespaces, cgroups, mounts, pivot_root, hooks, execve.
    Plan {
        /// The config.json (`-` for standard input).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
        format: PlanFormat,
        /// Whose steps.
        #[arg(long, value_enum, default_value_t = RuntimeArg::Runc)]
        runtime: RuntimeArg,
        /// The host's cgroup version.
        #[arg(long, value_enum, default_value_t = CgroupArg::V2)]
        cgroup: CgroupArg,
        /// The container id used in paths (state directory, cgroup).
        #[arg(long, default_value = "demo")]
        id: String,
    },
}

fn parse_kind(s: &str) -> Result<DocumentKind, String> {
    DocumentKind::from_id(s).ok_or_else(|| {
        let ids: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.id()).collect();
        format!("unknown kind {s:?}; expected one of {}", ids.join(", "))
    })
}

/// What a command prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Output {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit code.
    pub code: i32,
}

/// Runs an `atlas oci` command; returns the exit code.
pub fn run(cmd: OciCommand, catalog: &Catalog) -> Result<i32> {
    let out = match cmd {
        OciCommand::Validate { file, format, kind } => {
            let (name, input) = read_input(&file)?;
            let (stdout, code) = match input {
                Input::Bytes(bytes) => {
                    format_report_in(&name, &validate_bytes(&bytes, kind), format, catalog)
                }
                Input::TooLarge(len) => {
                    format_report_in(&name, &too_large(len, kind), format, catalog)
                }
            };
            Output {
                stdout,
                stderr: String::new(),
                code,
            }
        }
        OciCommand::Plan {
            file,
            format,
            runtime,
            cgroup,
            id,
        } => {
            let (name, input) = read_input(&file)?;
            let options = PlanOptions {
                runtime: match runtime {
                    RuntimeArg::Runc => OciRuntime::Runc,
                    RuntimeArg::Crun => OciRuntime::Crun,
                },
                cgroup: match cgroup {
                    CgroupArg::V1 => CgroupVersion::V1,
                    CgroupArg::V2 => CgroupVersion::V2,
                },
                no_pivot: false,
            };
            match input {
                Input::Bytes(bytes) => plan_report_in(
                    &name,
                    &bytes,
                    format,
                    options,
                    (&id, &bundle_dir(&file)),
                    catalog,
                ),
                Input::TooLarge(len) => {
                    let report = too_large(len, Some(DocumentKind::RuntimeConfig));
                    Output {
                        stdout: String::new(),
                        stderr: format_report_in(&name, &report, ReportFormat::Text, catalog).0,
                        code: 1,
                    }
                }
            }
        }
    };
    std::io::stdout().lock().write_all(out.stdout.as_bytes())?;
    std::io::stderr().lock().write_all(out.stderr.as_bytes())?;
    Ok(out.code)
}

/// A file's content, or only its size when it is over the core's limit.
enum Input {
    Bytes(Vec<u8>),
    TooLarge(u64),
}

/// Reads a file (or standard input for `-`). A file over the core's limit is
/// not read: the core's refusal names its size and the limit.
fn read_input(file: &Path) -> Result<(String, Input)> {
    let limit = MAX_BYTES as u64;
    let (name, reader): (String, Box<dyn Read>) = if file.as_os_str() == "-" {
        ("<stdin>".to_string(), Box::new(std::io::stdin().lock()))
    } else {
        let f =
            std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
        if let Ok(len) = f.metadata().map(|m| m.len()) {
            if len > limit {
                return Ok((file.display().to_string(), Input::TooLarge(len)));
            }
        }
        (file.display().to_string(), Box::new(f))
    };
    let mut bytes = Vec::new();
    let mut reader = reader.take(limit + 1);
    reader
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > limit {
        // Count the rest without keeping it, to name the real size.
        let rest = std::io::copy(&mut reader.into_inner(), &mut std::io::sink()).unwrap_or(0);
        return Ok((name, Input::TooLarge(bytes.len() as u64 + rest)));
    }
    Ok((name, Input::Bytes(bytes)))
}

/// The bundle directory of a config file: its parent, absolute when possible.
fn bundle_dir(file: &Path) -> String {
    if file.as_os_str() == "-" {
        return "/bundle".to_string();
    }
    let dir = match file.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => p.to_path_buf(),
        None => PathBuf::from("."),
    };
    std::fs::canonicalize(&dir)
        .unwrap_or(dir)
        .display()
        .to_string()
}

/// `validate`'s output for `bytes` read from `name`, and its exit code.
#[cfg(test)]
pub fn validate_report(name: &str, bytes: &[u8], format: ReportFormat) -> (String, i32) {
    validate_report_as(name, bytes, format, None)
}

/// [`validate_report`] with an explicit document kind.
#[cfg(test)]
pub fn validate_report_as(
    name: &str,
    bytes: &[u8],
    format: ReportFormat,
    kind: Option<DocumentKind>,
) -> (String, i32) {
    format_report(name, &validate_bytes(bytes, kind), format)
}

/// Prints a report in a format; exit code 1 when it has errors.
#[cfg(test)]
pub fn format_report(name: &str, report: &Report, format: ReportFormat) -> (String, i32) {
    format_report_in(name, report, format, &Catalog::english())
}

/// [`format_report`] with the words in the catalog's language (the JSON
/// form keeps English messages: it is read by programs).
pub fn format_report_in(
    name: &str,
    report: &Report,
    format: ReportFormat,
    catalog: &Catalog,
) -> (String, i32) {
    let code = i32::from(report.has_errors());
    let out = match format {
        ReportFormat::Text => {
            let mut s = report.render(name, catalog);
            s.push_str(&summary(name, report, catalog));
            s
        }
        ReportFormat::Json => {
            let mut s = String::new();
            push_json_line(&mut s, &report_json(name, report));
            s
        }
    };
    (out, code)
}

/// The last line of a text report: the document's kind and what was found.
fn summary(name: &str, r: &Report, catalog: &Catalog) -> String {
    let kind = match r.kind {
        Some(k) => k.title_msg(),
        None => atlas_core::msg!("cli-unknown-document"),
    };
    let line = catalog.render(&atlas_core::msg!(
        "cli-oci-summary",
        name = name,
        kind = kind,
        errors = r.count(Severity::Error),
        warnings = r.count(Severity::Warning),
        infos = r.count(Severity::Info)
    ));
    format!("{line}\n")
}

fn report_json(name: &str, r: &Report) -> serde_json::Value {
    serde_json::json!({
        "file": name,
        "kind": r.kind.map(|k| k.id()),
        "errors": r.count(Severity::Error),
        "warnings": r.count(Severity::Warning),
        "infos": r.count(Severity::Info),
        "diagnostics": diagnostics_json(&r.diagnostics),
    })
}

/// The diagnostics as JSON, each message rendered in English.
fn diagnostics_json(diagnostics: &[Diagnostic]) -> serde_json::Value {
    let english = Catalog::english();
    diagnostics
        .iter()
        .map(|d| {
            let mut v = serde_json::to_value(d).unwrap_or_default();
            if let Some(m) = v.as_object_mut() {
                m.insert("message".into(), d.text(&english).into());
            }
            v
        })
        .collect()
}

/// `plan`'s output: the runtime's steps for the config in `bytes`, or the
/// diagnostics (on stderr, exit 1) when the config has errors or the runtime
/// refuses it.
#[cfg(test)]
pub fn plan_report(
    name: &str,
    bytes: &[u8],
    format: PlanFormat,
    options: PlanOptions,
    id: &str,
    bundle: &str,
) -> Output {
    plan_report_in(
        name,
        bytes,
        format,
        options,
        (id, bundle),
        &Catalog::english(),
    )
}

/// [`plan_report`] with the notes and words in the catalog's language.
pub fn plan_report_in(
    name: &str,
    bytes: &[u8],
    format: PlanFormat,
    options: PlanOptions,
    (id, bundle): (&str, &str),
    catalog: &Catalog,
) -> Output {
    let report = validate_bytes(bytes, Some(DocumentKind::RuntimeConfig));
    let mut out = Output::default();
    let Some(Document::RuntimeConfig(spec)) = report.document.as_ref() else {
        out.stderr = report.render(name, catalog);
        out.stderr.push_str(&summary(name, &report, catalog));
        out.code = 1;
        return out;
    };
    let plan = match Plan::with_options(spec, options) {
        Ok(p) => p,
        Err(e) => {
            out.stderr = format!(
                "{name}: error: {} refuses this config: {e}\n",
                options.runtime
            );
            out.code = 1;
            return out;
        }
    };
    let ctx = HopContext::new(&plan, id, bundle);
    let cgroup = options.cgroup.id();
    match format {
        PlanFormat::Json => {
            push_json_line(
                &mut out.stdout,
                &Header::new(
                    MadeUnder::Plan {
                        oci: options.runtime.id(),
                        runtime: None,
                        cgroup,
                    },
                    format!("atlas oci plan {name} --runtime {}", options.runtime),
                )
                .in_lang(catalog.lang()),
            );
            let mut seq = 0u32;
            for phase in Phase::ALL {
                push_json_line(&mut out.stdout, &serde_json::json!({ "phase": phase.id() }));
                let mut hops = plan.hops(phase, &ctx);
                for hop in &mut hops {
                    seq += 1;
                    hop.seq = seq;
                }
                atlas_core::calls::nest(&mut hops);
                for hop in &hops {
                    push_json_line(&mut out.stdout, &hop.rendered(catalog));
                }
            }
        }
        PlanFormat::Text => {
            let s = &mut out.stdout;
            s.push_str(&format!(
                "{} for {name} (container {id}, bundle {bundle}, cgroup {cgroup})\n",
                options.runtime
            ));
            let mut n = 0u32;
            for phase in Phase::ALL {
                s.push_str(&format!("\n{} {}\n", options.runtime, phase.id()));
                for hop in plan.hops(phase, &ctx) {
                    n += 1;
                    s.push_str(&format!(
                        "{n:>4}  {:<6}  {:<9} → {:<9} {:<10}  {}\n",
                        phase.id(),
                        hop.from.to_string(),
                        hop.to.to_string(),
                        hop.iface.to_string(),
                        hop.call
                    ));
                    if let Some(note) = hop.note_in(catalog) {
                        s.push_str(&format!("{:>6}{note}\n", ""));
                    }
                }
            }
        }
    }
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        out.stderr.push_str(&d.render(name, catalog));
        out.stderr.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_core::oci::samples::{sample, BROKEN};
    use atlas_core::trace::TraceFile;

    fn opts(runtime: OciRuntime) -> PlanOptions {
        PlanOptions {
            runtime,
            ..PlanOptions::default()
        }
    }

    #[test]
    fn validate_text_lists_diagnostics_and_exits_1_on_errors() {
        let b = BROKEN
            .iter()
            .find(|b| b.file == "relative-paths.json")
            .unwrap();
        let (out, code) = validate_report(
            "bundle/config.json",
            b.text().as_bytes(),
            ReportFormat::Text,
        );
        assert_eq!(code, 1);
        let first = out.lines().next().unwrap();
        assert_eq!(
            first,
            "bundle/config.json:7:10: error: process.cwd is \"home/user\", which is relative: it \
             MUST be an absolute path, such as \"/\""
        );
        assert!(
            out.ends_with(
                "bundle/config.json: runtime config.json: 5 errors, 0 warnings, 0 infos\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn validate_exits_0_on_warnings_only() {
        let b = BROKEN
            .iter()
            .find(|b| b.file == "unknown-fields.json")
            .unwrap();
        let (out, code) = validate_report("c.json", b.text().as_bytes(), ReportFormat::Text);
        assert_eq!(code, 0, "{out}");
        assert!(
            out.contains("c.json:4:2: warning: unknown field \"procss\""),
            "{out}"
        );
        let (out, code) = validate_report(
            "runc.json",
            sample("runc-default").unwrap().text().as_bytes(),
            ReportFormat::Text,
        );
        assert_eq!(code, 0);
        assert!(
            out.ends_with("runc.json: runtime config.json: 0 errors, 0 warnings, 3 infos\n"),
            "{out}"
        );
    }

    #[test]
    fn validate_json_is_one_object() {
        let (out, code) = validate_report("x.json", b"{\"ociVersion\": 1}", ReportFormat::Json);
        assert_eq!(code, 1);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["file"], "x.json");
        assert_eq!(v["kind"], "runtime-config");
        let d = v["diagnostics"].as_array().unwrap();
        let version = d.iter().find(|d| d["pointer"] == "/ociVersion").unwrap();
        assert_eq!(version["severity"], "error");
        assert_eq!(version["code"], "wrong-type");
        assert_eq!(
            (version["line"].as_u64(), version["column"].as_u64()),
            (Some(1), Some(16))
        );
        assert!(v["errors"].as_u64().unwrap() >= 2);
    }

    #[test]
    fn validate_refuses_bad_bytes_with_a_position() {
        let (out, code) = validate_report("bin", &[b'{', b'\n', 0xff, 0xfe], ReportFormat::Text);
        assert_eq!(code, 1);
        assert!(
            out.starts_with("bin:2:1: error: not UTF-8 text: byte 0xff"),
            "{out}"
        );
        let deep = "[".repeat(100_000);
        let (out, _) = validate_report("deep", deep.as_bytes(), ReportFormat::Text);
        assert!(
            out.starts_with("deep:1:101: error: nesting deeper than 100 levels"),
            "{out}"
        );
        let big = vec![b' '; 12_300_000];
        let (out, _) = validate_report("big", &big, ReportFormat::Text);
        assert!(
            out.starts_with("big:1:1: error: document is 12.3 MB; the limit is 10 MB"),
            "{out}"
        );
    }

    #[test]
    fn kind_override() {
        let text = sample("image-manifest").unwrap().text().as_bytes();
        let (out, code) = validate_report_as(
            "m.json",
            text,
            ReportFormat::Text,
            Some(DocumentKind::ImageIndex),
        );
        assert_eq!(code, 1);
        assert!(
            out.contains("but this document is read as an OCI image index"),
            "{out}"
        );
        assert!(parse_kind("image-index").is_ok());
        assert!(parse_kind("nope").unwrap_err().contains("runtime-config"));
    }

    #[test]
    fn plan_text_numbers_steps_by_phase() {
        let out = plan_report(
            "config.json",
            sample("runc-default").unwrap().text().as_bytes(),
            PlanFormat::Text,
            opts(OciRuntime::Runc),
            "demo",
            "/home/user/bundle",
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(
            lines[0],
            "runc for config.json (container demo, bundle /home/user/bundle, cgroup v2)"
        );
        assert_eq!(lines[2], "runc create");
        assert!(
            lines[3].starts_with(
                "   1  create  runc      → runc      in-process  specconv.CreateLibcontainerConfig"
            ),
            "{}",
            lines[3]
        );
        assert!(out.stdout.contains("pivot_root"));
        assert!(out.stdout.contains("\nrunc start\n"));
        assert!(out.stdout.contains("execve"));
        assert!(out.stdout.contains("\nrunc delete\n"));
    }

    #[test]
    fn plan_json_is_a_trace() {
        let out = plan_report(
            "k8s.json",
            sample("k8s-pod-container").unwrap().text().as_bytes(),
            PlanFormat::Json,
            opts(OciRuntime::Runc),
            "web",
            "/run/containerd/io.containerd.runtime.v2.task/k8s.io/web",
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let trace = TraceFile::parse(&out.stdout).unwrap();
        assert_eq!(trace.header.as_ref().unwrap().trace, 1);
        let setns: Vec<_> = trace.hops.iter().filter(|h| h.call == "setns").collect();
        assert_eq!(
            setns.len(),
            3,
            "joins ipc, uts and net of the pause container"
        );
        let crun = plan_report(
            "k8s.json",
            sample("k8s-pod-container").unwrap().text().as_bytes(),
            PlanFormat::Json,
            opts(OciRuntime::Crun),
            "web",
            "/b",
        );
        assert_eq!(crun.code, 0, "{}", crun.stderr);
        assert!(crun.stdout.contains("\"from\":\"crun\""));
    }

    #[test]
    fn plan_refuses_invalid_configs() {
        let b = BROKEN.iter().find(|b| b.file == "namespaces.json").unwrap();
        let out = plan_report(
            "c.json",
            b.text().as_bytes(),
            PlanFormat::Text,
            opts(OciRuntime::Runc),
            "demo",
            "/b",
        );
        assert_eq!(out.code, 1);
        assert!(out.stdout.is_empty());
        assert!(
            out.stderr
                .contains("c.json:4:14: error: the config sets a hostname"),
            "{}",
            out.stderr
        );
        let image = plan_report(
            "i.json",
            sample("image-index").unwrap().text().as_bytes(),
            PlanFormat::Text,
            opts(OciRuntime::Runc),
            "demo",
            "/b",
        );
        assert_eq!(image.code, 1);
    }
}
