//! `sysctl` as procps-ng 3.3 (Ubuntu 22.04) runs it: reading and writing
//! keys through `/proc/sys`, `-p` and `--system` over the configuration
//! files, and its warnings and exit codes (each failed key adds -1 to the
//! status, so one failure exits 255).

use super::fs::{Fs, FsError};
use super::Io;
use crate::engine::{Outcome, World};

/// The directories `sysctl --system` reads, in procps' order; a file name
/// met again in a later directory is skipped.
const PROCPS_DIRS: [&str; 5] = [
    "/run/sysctl.d",
    "/etc/sysctl.d",
    "/usr/local/lib/sysctl.d",
    "/usr/lib/sysctl.d",
    "/lib/sysctl.d",
];

/// The directories systemd-sysctl reads at boot (sysctl.d(5)), `/etc` first.
const SYSTEMD_DIRS: [&str; 5] = [
    "/etc/sysctl.d",
    "/run/sysctl.d",
    "/usr/local/lib/sysctl.d",
    "/usr/lib/sysctl.d",
    "/lib/sysctl.d",
];

/// The sysctl files in the order they are applied: `*.conf` of the
/// directories by file name (a name in an earlier directory hides the same
/// name in a later one). procps' `--system` then reads `/etc/sysctl.conf`;
/// systemd-sysctl (`systemd`) reads it only through Ubuntu's
/// `/etc/sysctl.d/99-sysctl.conf` link. Returns (name, path).
pub fn system_files(fs: &Fs, systemd: bool) -> Vec<(String, String)> {
    let dirs = if systemd { SYSTEMD_DIRS } else { PROCPS_DIRS };
    let mut files: Vec<(String, String)> = Vec::new();
    for dir in dirs {
        let Ok(d) = fs.resolve(dir, true) else {
            continue;
        };
        if !fs.is_dir(&d) {
            continue;
        }
        for (name, _) in fs.children(&d) {
            if name.len() >= 5 && name.ends_with(".conf") && !files.iter().any(|(n, _)| n == name) {
                files.push((name.to_string(), format!("{dir}/{name}")));
            }
        }
    }
    crate::order::sort_by(&mut files, |a, b| a.0.cmp(&b.0));
    if !systemd
        && matches!(
            fs.get("/etc/sysctl.conf"),
            Ok(super::fs::Entry::File { .. })
        )
    {
        files.push(("sysctl.conf".into(), "/etc/sysctl.conf".into()));
    }
    files
}

/// One line of a sysctl file, as procps' `Preload` reads it.
enum Line {
    /// `key = value`.
    Set(String, String),
    /// A line without `=` or without a value.
    Invalid,
}

fn parse_line(line: &str) -> Option<Line> {
    let t = line.trim_matches(|c| c == ' ' || c == '\t' || c == '\r');
    if t.len() < 2 || t.starts_with('#') || t.starts_with(';') {
        return None;
    }
    let Some((name, value)) = t.split_once('=') else {
        return Some(Line::Invalid);
    };
    let name = name.trim_matches(|c| c == ' ' || c == '\t');
    let value = value.trim_start_matches([' ', '\t']);
    if name.is_empty() || value.is_empty() {
        return Some(Line::Invalid);
    }
    Some(Line::Set(name.to_string(), value.to_string()))
}

/// The `key = value` lines of a sysctl file, in order.
pub fn assignments(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(parse_line)
        .filter_map(|l| match l {
            Line::Set(k, v) => Some((k.trim_start_matches('-').to_string(), v)),
            Line::Invalid => None,
        })
        .collect()
}

/// What the options asked for.
#[derive(Default)]
struct Opts {
    values_only: bool,
    names_only: bool,
    ignore: bool,
    quiet: bool,
    write: bool,
    all: bool,
    load: bool,
    load_file: Option<String>,
    system: bool,
}

/// The words of a run, the status it adds up, and its output.
struct Run<'a> {
    w: &'a mut World,
    o: Opts,
    out: String,
    err: String,
    rc: i32,
}

impl Run<'_> {
    fn path(key: &str) -> String {
        format!("/proc/sys/{}", key.trim_matches('/').replace('.', "/"))
    }

    fn read(&mut self, name: &str) {
        let key = super::kernel::dotted(name);
        let k = &self.w.node.kernel;
        if let Some(v) = k.get(&key) {
            self.show(&key, &v);
            return;
        }
        // A directory: every key under it.
        let prefix = format!("{key}.");
        let under: Vec<(String, String)> = k
            .params()
            .filter(|(p, _)| p.starts_with(&prefix))
            .map(|(p, v)| (p.to_string(), v.to_string()))
            .collect();
        if under.is_empty() {
            if !self.o.ignore {
                self.err.push_str(&format!(
                    "sysctl: cannot stat {}: No such file or directory\n",
                    Run::path(name)
                ));
                self.rc -= 1;
            }
            return;
        }
        for (p, v) in under {
            self.show(&p, &v);
        }
    }

    fn show(&mut self, key: &str, value: &str) {
        if self.o.names_only {
            self.out.push_str(&format!("{key}\n"));
        } else if self.o.values_only {
            self.out.push_str(&format!("{value}\n"));
        } else {
            self.out.push_str(&format!("{key} = {value}\n"));
        }
    }

    /// procps' `WriteSetting`: returns the status to add (or `|`).
    fn write(&mut self, setting: &str) -> i32 {
        let Some((name, value)) = setting.split_once('=') else {
            self.err.push_str(&format!(
                "sysctl: \"{setting}\" must be of the form name=value\n"
            ));
            return -1;
        };
        if name.is_empty() {
            self.err
                .push_str(&format!("sysctl: malformed setting \"{setting}\"\n"));
            return -2;
        }
        let ignore_failure = name.starts_with('-');
        let name = name.trim_start_matches('-');
        let key = super::kernel::dotted(name);
        match self.w.node.kernel.set(&key, value) {
            Ok(()) => {
                if !self.o.quiet {
                    if self.o.names_only {
                        self.out.push_str(&format!("{key}\n"));
                    } else if self.o.values_only {
                        self.out.push_str(&format!("{value}\n"));
                    } else {
                        self.out.push_str(&format!("{key} = {value}\n"));
                    }
                }
                0
            }
            Err(FsError::NotFound) => {
                if self.o.ignore {
                    return 0;
                }
                self.err.push_str(&format!(
                    "sysctl: cannot stat {}: No such file or directory\n",
                    Run::path(name)
                ));
                if ignore_failure {
                    0
                } else {
                    -1
                }
            }
            Err(FsError::Denied) => {
                self.err.push_str(&format!(
                    "sysctl: setting key \"{key}\": Permission denied\n"
                ));
                0
            }
            Err(e) => {
                // The write fails only when the stream closes: procps warns
                // and keeps the status it had.
                self.err
                    .push_str(&format!("sysctl: setting key \"{key}\": {e}\n"));
                0
            }
        }
    }

    /// procps' `Preload` of one file.
    fn preload(&mut self, file: &str, cwd: &str) -> i32 {
        let path = super::fs::normalize(cwd, file);
        let text = match self.w.read_file(&path) {
            Ok(t) => t,
            Err(e) => {
                self.err
                    .push_str(&format!("sysctl: cannot open \"{file}\": {e}\n"));
                return -1;
            }
        };
        let mut rc = 0;
        for (n, line) in text.lines().enumerate() {
            match parse_line(line) {
                None => {}
                Some(Line::Invalid) => self.err.push_str(&format!(
                    "sysctl: {file}({}): invalid syntax, continuing...\n",
                    n + 1
                )),
                Some(Line::Set(k, v)) => rc |= self.write(&format!("{k}={v}")),
            }
        }
        rc
    }

    fn system(&mut self) -> i32 {
        self.o.ignore = true;
        let mut rc = 0;
        for (_, path) in system_files(&self.w.node.fs, false) {
            if !self.o.quiet {
                self.out.push_str(&format!("* Applying {path} ...\n"));
            }
            rc |= self.preload(&path, "/");
        }
        rc
    }
}

/// Runs `sysctl ARGS`.
pub(crate) fn run(w: &mut World, args: &[String], io: &Io<'_>) -> Outcome {
    let mut o = Opts::default();
    let mut rest: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--all" => o.all = true,
            "--values" => o.values_only = true,
            "--names" => o.names_only = true,
            "--ignore" => o.ignore = true,
            "--quiet" => o.quiet = true,
            "--write" => o.write = true,
            "--system" => o.system = true,
            "--load" => o.load = true,
            "--" => rest.extend(it.by_ref().cloned()),
            s if s.starts_with("--load=") => {
                o.load = true;
                o.load_file = Some(s["--load=".len()..].to_string());
            }
            s if s.starts_with("--") => {
                return Outcome::err(1, format!("sysctl: unrecognized option '{s}'\n{USAGE}"));
            }
            s if s.starts_with('-') && s.len() > 1 => {
                let flags: Vec<char> = s.chars().skip(1).collect();
                for (i, f) in flags.iter().enumerate() {
                    match f {
                        'n' | 'b' => o.values_only = true,
                        'N' => o.names_only = true,
                        'e' => o.ignore = true,
                        'q' => o.quiet = true,
                        'w' => o.write = true,
                        'a' | 'A' | 'X' => o.all = true,
                        'o' | 'x' => {}
                        'p' | 'f' => {
                            o.load = true;
                            let attached: String = flags[i + 1..].iter().collect();
                            if !attached.is_empty() {
                                o.load_file = Some(attached);
                            }
                            break;
                        }
                        c => {
                            return Outcome::err(
                                1,
                                format!("sysctl: invalid option -- '{c}'\n{USAGE}"),
                            );
                        }
                    }
                }
            }
            s => rest.push(s.to_string()),
        }
    }
    if args.is_empty() {
        return Outcome::err(1, USAGE);
    }
    let mut r = Run {
        w,
        o,
        out: String::new(),
        err: String::new(),
        rc: 0,
    };
    if r.o.system {
        let rc = r.system();
        return finish(r.out, r.err, rc);
    }
    if r.o.all {
        let all: Vec<(String, String)> =
            r.w.node
                .kernel
                .params()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        for (k, v) in all {
            r.show(&k, &v);
        }
        return finish(r.out, r.err, 0);
    }
    if r.o.load {
        let mut rc = 0;
        match r.o.load_file.clone() {
            Some(f) => rc |= r.preload(&f, io.cwd),
            None if rest.is_empty() => rc |= r.preload("/etc/sysctl.conf", io.cwd),
            None => {}
        }
        for f in &rest {
            rc |= r.preload(f, io.cwd);
        }
        return finish(r.out, r.err, rc);
    }
    if rest.is_empty() {
        return Outcome::err(
            1,
            "sysctl: no variables specified\nTry `sysctl --help' for more information.",
        );
    }
    if r.o.names_only && r.o.quiet {
        return Outcome::err(
            1,
            "sysctl: options -N and -q cannot coexist\nTry `sysctl --help' for more information.",
        );
    }
    for a in &rest {
        if r.o.write || a.contains('=') {
            r.rc += r.write(a);
        } else {
            r.read(a);
        }
    }
    let rc = r.rc;
    finish(r.out, r.err, rc)
}

fn finish(out: String, err: String, rc: i32) -> Outcome {
    Outcome {
        exit: rc.rem_euclid(256),
        stdout: out,
        stderr: err,
        ..Outcome::default()
    }
}

const USAGE: &str = "
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
";
