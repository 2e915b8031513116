//! Running commands, finding tools, printing headers.

use anyhow::{bail, Context, Result};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The cargo that runs us (so the toolchain of rust-toolchain.toml is used throughout).
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(root());
    c
}

/// A command in the repository root.
pub fn cmd(program: impl AsRef<OsStr>) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root());
    c
}

/// How a command looks on a shell line.
pub fn display(c: &Command) -> String {
    let mut parts = Vec::new();
    for (k, v) in c.get_envs() {
        if let Some(v) = v {
            parts.push(format!("{}={}", k.to_string_lossy(), v.to_string_lossy()));
        }
    }
    let program = c.get_program();
    if std::env::var_os("CARGO").is_some_and(|cargo| cargo == program) {
        parts.push("cargo".to_string());
    } else {
        parts.push(program.to_string_lossy().into_owned());
    }
    parts.extend(c.get_args().map(|a| {
        let a = a.to_string_lossy();
        let plain = |ch: char| ch.is_ascii_alphanumeric() || "_./=:,@%+-".contains(ch);
        if a.is_empty() || !a.chars().all(plain) {
            format!("'{a}'")
        } else {
            a.into_owned()
        }
    }));
    parts.join(" ")
}

/// Runs a command with inherited stdio; fails with the command and its exit code.
pub fn run(c: &mut Command) -> Result<()> {
    let line = display(c);
    println!("$ {line}");
    let status = c
        .status()
        .with_context(|| format!("could not start `{line}` (is it installed and on PATH?)"))?;
    if !status.success() {
        match status.code() {
            Some(code) => bail!("`{line}` failed with exit code {code}"),
            None => bail!("`{line}` was killed by a signal ({status})"),
        }
    }
    Ok(())
}

/// Runs a command quietly and returns its stdout, or `None` if it cannot run or fails.
pub fn output(c: &mut Command) -> Option<String> {
    let out = c.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Finds an executable on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

/// Whether a path is an executable file.
pub fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// `$CARGO_HOME/bin` (default `~/.cargo/bin`), where `cargo install` puts tools.
pub fn cargo_bin_dir() -> Option<PathBuf> {
    match std::env::var_os("CARGO_HOME") {
        Some(h) => Some(PathBuf::from(h).join("bin")),
        None => std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo").join("bin")),
    }
}

/// A tool installed by `cargo install`: on PATH, or in `$CARGO_HOME/bin`.
pub fn cargo_tool(name: &str) -> Option<PathBuf> {
    which(name).or_else(|| {
        let p = cargo_bin_dir()?.join(name);
        is_executable(&p).then_some(p)
    })
}

/// Prints a step header.
pub fn header(title: &str) {
    println!("\n==> {title}");
}

/// Human size: `1.23 MB`, `45.6 KB`, `789 B` (powers of 1000, like the budget).
pub fn human(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.2} MB", bytes as f64 / 1e6)
    } else if bytes >= 1_000 {
        format!("{:.1} KB", bytes as f64 / 1e3)
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_quotes_spaces() {
        let mut c = Command::new("echo");
        c.arg("a b").arg("c").arg("*").env("X", "1");
        assert_eq!(display(&c), "X=1 echo 'a b' c '*'");
    }

    #[test]
    fn run_reports_exit_code() {
        let e = run(Command::new("sh").args(["-c", "exit 3"])).unwrap_err();
        assert!(e.to_string().contains("exit code 3"), "{e}");
        let e = run(&mut Command::new("/nonexistent/tool")).unwrap_err();
        assert!(e.to_string().contains("could not start"), "{e}");
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human(999), "999 B");
        assert_eq!(human(45_600), "45.6 KB");
        assert_eq!(human(1_230_000), "1.23 MB");
    }
}
