//! `cargo xtask setup`: installs every tool the build and the tests use.
//! Idempotent: each step checks first and says what it does or skips.

use crate::util::{self, cargo, cmd, header, output, run};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The Rust target of the browser app.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Debian packages the tests need, as (package, file that proves it is installed).
/// Installed by `setup --browser` (and so by `test`) when a file is missing.
/// Add runtimes here (runc, crun, containerd, umoci, busybox-static, …) as tests need them.
pub const APT_TEST_PACKAGES: &[(&str, &str)] = &[
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    // Hangul for the Korean screens: Debian's Chromium ships no CJK font.
    // Nanum (≈10 MB) over Noto CJK (≈100 MB): Korean is the only CJK the app speaks.
    (
        "fonts-nanum",
        "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    ),
    // The native runtime's interop test and benchmark (xtask/src/native.rs).
    ("runc", "/usr/sbin/runc"),
    ("crun", "/usr/bin/crun"),
    ("containerd", "/usr/bin/containerd-shim-runc-v2"),
    ("umoci", "/usr/bin/umoci"),
    // Debian's `busybox` (dynamic) also ships /bin/busybox: probe a file of -static's own.
    (
        "busybox-static",
        "/usr/share/lintian/overrides/busybox-static",
    ),
    // The Docker Engine and Podman interop tests (crates/native/scripts/interop-{docker,podman}.sh):
    // Debian's 20.10 engine (dockerd, its /usr/bin/docker CLI) and podman 4.3 with conmon.
    ("docker.io", "/usr/sbin/dockerd"),
    ("podman", "/usr/bin/podman"),
    ("conmon", "/usr/bin/conmon"),
];

/// Packages installed with `--no-install-recommends`: their recommends (buildah,
/// fuse-overlayfs, slirp4netns, uidmap, dbus-user-session; cgroupfs-mount,
/// needrestart, apparmor) are not used by the tests and some act on the host.
pub const APT_NO_RECOMMENDS: &[&str] = &["docker.io", "podman", "conmon"];

/// Packages whose maintainer scripts would start a system service (dockerd). The tests
/// never use one: they start a private daemon. While they are installed, apt's
/// `policy-rc.d` says no to starting services, unless the machine already has one.
pub const APT_NO_SERVICES: &[&str] = &["docker.io"];

/// apt's hook that `invoke-rc.d` and `deb-systemd-invoke` ask before starting a service.
const POLICY_RC_D: &str = "/usr/sbin/policy-rc.d";

/// Debian packages the build needs when the machine has no Node.js at all
/// (npm installs binaryen, whose wasm-opt runs on node).
pub const APT_BUILD_PACKAGES: &[(&str, &str)] = &[("nodejs", "node"), ("npm", "npm")];

/// What to install besides the build tools.
#[derive(Debug, Clone, Copy, Default)]
pub struct Needs {
    /// The browser and driver for the smoke test (Debian packages).
    pub browser: bool,
}

/// Installs what is missing.
pub fn setup(needs: Needs) -> Result<()> {
    header("setup: Debian packages");
    let mut packages = APT_BUILD_PACKAGES.to_vec();
    if needs.browser {
        packages.extend_from_slice(APT_TEST_PACKAGES);
    }
    apt_install(&packages)?;
    header("setup: Rust target");
    wasm_target()?;
    header("setup: wasm-bindgen CLI");
    wasm_bindgen_cli()?;
    header("setup: wasm-opt (npm binaryen)");
    binaryen()?;
    Ok(())
}

fn wasm_target() -> Result<()> {
    if util::which("rustup").is_some() {
        // Installs into the toolchain of rust-toolchain.toml; a no-op when present.
        return run(cmd("rustup").args(["target", "add", WASM_TARGET]));
    }
    let sysroot = output(cmd("rustc").args(["--print", "sysroot"])).unwrap_or_default();
    let lib = Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(WASM_TARGET);
    if lib.is_dir() {
        println!(
            "rustup not found; {WASM_TARGET} is installed at {}",
            lib.display()
        );
        Ok(())
    } else {
        bail!("rustup not found and the {WASM_TARGET} target is missing: install it with your Rust distribution")
    }
}

/// The version of the `wasm-bindgen` crate in Cargo.lock (the CLI must match it exactly).
pub fn locked_wasm_bindgen() -> Result<String> {
    let path = util::root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&path)
        .with_context(|| format!("could not read {}", path.display()))?;
    lock_version(&lock, "wasm-bindgen")
        .with_context(|| format!("no wasm-bindgen package in {}", path.display()))
}

/// The version of a package in a Cargo.lock text.
pub fn lock_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let v = lines.next()?.trim();
            return v
                .strip_prefix("version = \"")?
                .strip_suffix('"')
                .map(str::to_string);
        }
    }
    None
}

/// The installed wasm-bindgen CLI, if its version is `version`.
pub fn wasm_bindgen_matching(version: &str) -> Option<PathBuf> {
    let path = util::cargo_tool("wasm-bindgen")?;
    let out = output(cmd(&path).arg("--version"))?;
    (out.split_whitespace().nth(1) == Some(version)).then_some(path)
}

fn wasm_bindgen_cli() -> Result<()> {
    let version = locked_wasm_bindgen()?;
    if let Some(path) = wasm_bindgen_matching(&version) {
        println!(
            "wasm-bindgen {version} already installed ({})",
            path.display()
        );
        return Ok(());
    }
    if let Some(path) = util::cargo_tool("wasm-bindgen") {
        let found = output(cmd(&path).arg("--version")).unwrap_or_default();
        println!(
            "found {} at {}; need {version}",
            found.trim(),
            path.display()
        );
    }
    // Without --locked: the CLI's own lockfile pins a crate version the registry here lacks.
    run(cargo()
        .args(["install", "wasm-bindgen-cli", "--version"])
        .arg(format!("={version}")))?;
    if wasm_bindgen_matching(&version).is_none() {
        bail!("wasm-bindgen {version} was installed but is not on PATH nor in $CARGO_HOME/bin");
    }
    Ok(())
}

/// `node_modules/.bin/wasm-opt`.
pub fn wasm_opt_path() -> PathBuf {
    util::root().join("node_modules/.bin/wasm-opt")
}

/// The binaryen version pinned in package.json.
pub fn pinned_binaryen() -> Result<String> {
    let path = util::root().join("package.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("could not read {}", path.display()))?;
    json_string_field(&text, "binaryen")
        .with_context(|| format!("no \"binaryen\" dependency in {}", path.display()))
}

/// The string value of the first `"key": "value"` in a JSON text (enough for package.json).
pub fn json_string_field(text: &str, key: &str) -> Option<String> {
    let at = text.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

fn binaryen() -> Result<()> {
    let pinned = pinned_binaryen()?;
    let major = pinned.split('.').next().unwrap_or(&pinned).to_string();
    let wasm_opt = wasm_opt_path();
    if let Some(v) = output(cmd(&wasm_opt).arg("--version")) {
        if v.contains(&format!("version {major} ")) || v.contains(&format!("version_{major})")) {
            println!("{} already installed: {}", wasm_opt.display(), v.trim());
            return Ok(());
        }
    }
    let lock = util::root().join("package-lock.json");
    if lock.is_file() {
        run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    } else {
        run(cmd("npm").args(["install", "--no-audit", "--no-fund"]))?;
    }
    match output(cmd(&wasm_opt).arg("--version")) {
        Some(v) => {
            println!("{}: {}", wasm_opt.display(), v.trim());
            Ok(())
        }
        None => bail!("{} does not run after npm install", wasm_opt.display()),
    }
}

/// Whether a probe (absolute path, or a program name looked up on PATH) is present.
fn present(probe: &str) -> bool {
    if probe.starts_with('/') {
        Path::new(probe).exists()
    } else {
        util::which(probe).is_some()
    }
}

/// Installs the Debian packages whose probe is missing (`apt-get`, as root or with sudo).
pub fn apt_install(packages: &[(&str, &str)]) -> Result<()> {
    let missing: Vec<&str> = packages
        .iter()
        .filter(|(_, probe)| !present(probe))
        .map(|(p, _)| *p)
        .collect();
    if missing.is_empty() {
        let names: Vec<&str> = packages.iter().map(|(p, _)| *p).collect();
        println!("already installed: {}", names.join(", "));
        return Ok(());
    }
    if util::which("apt-get").is_none() {
        bail!(
            "missing {} and apt-get is not available: install them with your package manager",
            missing.join(", ")
        );
    }
    let root = output(cmd("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    let apt = |args: &[&str]| {
        let mut c = if root {
            cmd("apt-get")
        } else {
            let mut c = cmd("sudo");
            c.args(["-n", "apt-get"]);
            c
        };
        c.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        c
    };
    println!("installing: {}", missing.join(", "));
    run(&mut apt(&["update"]))?;
    let (lean, full): (Vec<&str>, Vec<&str>) =
        missing.iter().partition(|p| APT_NO_RECOMMENDS.contains(p));
    if !full.is_empty() {
        let mut install = apt(&["install", "-y"]);
        install.args(&full);
        run(&mut install)?;
    }
    if !lean.is_empty() {
        let policy = NoServices::install(&lean, root)?;
        let mut install = apt(&["install", "-y", "--no-install-recommends"]);
        install.args(&lean);
        let installed = run(&mut install);
        policy.remove()?;
        installed?;
    }
    let still: Vec<&str> = packages
        .iter()
        .filter(|(_, probe)| !present(probe))
        .map(|(_, probe)| *probe)
        .collect();
    if !still.is_empty() {
        bail!("still missing after apt-get install: {}", still.join(", "));
    }
    Ok(())
}

/// A `policy-rc.d` that refuses every service start, written for an install of
/// [`APT_NO_SERVICES`] packages when the machine has none, removed afterwards.
struct NoServices {
    written: bool,
    root: bool,
}

impl NoServices {
    fn install(packages: &[&str], root: bool) -> Result<NoServices> {
        let needed = packages.iter().any(|p| APT_NO_SERVICES.contains(p));
        if !needed || Path::new(POLICY_RC_D).exists() {
            return Ok(NoServices {
                written: false,
                root,
            });
        }
        println!("writing {POLICY_RC_D} (exit 101) for the install: no system service may start");
        let script =
            "#!/bin/sh\n# Written by cargo xtask setup for one apt-get install.\nexit 101\n";
        if root {
            std::fs::write(POLICY_RC_D, script)
                .with_context(|| format!("could not write {POLICY_RC_D}"))?;
            run(cmd("chmod").args(["755", POLICY_RC_D]))?;
        } else {
            let mut c = cmd("sudo");
            c.args(["-n", "sh", "-c"]).arg(format!(
                "printf '%s' '{script}' > {POLICY_RC_D} && chmod 755 {POLICY_RC_D}"
            ));
            run(&mut c)?;
        }
        Ok(NoServices {
            written: true,
            root,
        })
    }

    fn remove(self) -> Result<()> {
        if !self.written {
            return Ok(());
        }
        if self.root {
            std::fs::remove_file(POLICY_RC_D)
                .with_context(|| format!("could not remove {POLICY_RC_D}"))
        } else {
            run(cmd("sudo").args(["-n", "rm", "-f", POLICY_RC_D]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_locked_versions() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\
                    [[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.131\"\n";
        assert_eq!(
            lock_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            lock_version(lock, "wasm-bindgen-macro").as_deref(),
            Some("0.2.131")
        );
        assert_eq!(lock_version(lock, "yew"), None);
    }

    #[test]
    fn lean_and_serviceless_packages_are_test_packages() {
        for p in APT_NO_RECOMMENDS.iter().chain(APT_NO_SERVICES) {
            assert!(
                APT_TEST_PACKAGES.iter().any(|(name, _)| name == p),
                "{p} is not in APT_TEST_PACKAGES"
            );
        }
        for p in APT_NO_SERVICES {
            assert!(
                APT_NO_RECOMMENDS.contains(p),
                "{p} installs with recommends"
            );
        }
    }

    #[test]
    fn the_workspace_lock_has_wasm_bindgen() {
        assert!(locked_wasm_bindgen().is_ok());
    }

    #[test]
    fn reads_the_binaryen_pin() {
        let pkg = r#"{ "devDependencies": { "binaryen" : "132.0.0" } }"#;
        assert_eq!(
            json_string_field(pkg, "binaryen").as_deref(),
            Some("132.0.0")
        );
        assert_eq!(pinned_binaryen().ok().as_deref(), Some("132.0.0"));
    }
}
