//! Signals and process lookups: `kill` (bash's builtin, as a login shell
//! runs it), `pkill`, `pgrep` and `pidof` (procps-ng 4).
//!
//! What a signal does depends on whom it reaches: a container's main process
//! ends through the world's own exit path (`deliver_signal`: SIGKILL →
//! 137, SIGTERM → 143 for a server that honours it), the kubelet restarting
//! it per policy; a unit's main process goes to systemd
//! ([`World::unit_process_killed`]); a kernel thread or init ignores it.
//! Other targets (a shim, the login shell, journald) are said to be outside
//! the model and left as they are.

use super::proc_table::{Proc, Role};
use super::ps::with_self;
use crate::engine::{h, Outcome, World};
use crate::msg;
use crate::trace::{Component, Iface};

/// Linux's signal names, by number (1–31; 32 and 33 are glibc's own).
const SIGNALS: [&str; 31] = [
    "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
    "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
    "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
];

/// A signal's name without `SIG` (`KILL`, `RTMIN+3`), by number.
pub fn signal_name(n: u32) -> Option<String> {
    match n {
        1..=31 => SIGNALS.get(n as usize - 1).map(|s| s.to_string()),
        34 => Some("RTMIN".into()),
        35..=49 => Some(format!("RTMIN+{}", n - 34)),
        50..=63 => Some(format!("RTMAX-{}", 64 - n)),
        64 => Some("RTMAX".into()),
        _ => None,
    }
}

/// A signal's number from a name (`KILL`, `SIGKILL`, `kill`) or a number.
pub fn signal_number(spec: &str) -> Option<u32> {
    if let Ok(n) = spec.parse::<u32>() {
        return (n <= 64 && (n == 0 || signal_name(n).is_some())).then_some(n);
    }
    let up = spec.to_ascii_uppercase();
    let name = up.strip_prefix("SIG").unwrap_or(&up);
    (1..=64).find(|n| signal_name(*n).as_deref() == Some(name))
}

/// bash's `kill -l`: five `N) SIGNAME` per line, tab-separated.
fn signal_table() -> String {
    let mut s = String::new();
    let mut col = 0;
    for n in 1..=64 {
        let Some(name) = signal_name(n) else { continue };
        s.push_str(&format!("{n:2}) SIG{name}"));
        col += 1;
        if col < 5 {
            s.push('\t');
        } else {
            s.push('\n');
            col = 0;
        }
    }
    if col != 0 {
        s.push('\n');
    }
    s
}

/// Runs `kill`, `pkill`, `pgrep` or `pidof`.
pub(crate) fn run(w: &mut World, prog: &str, argv: &[String]) -> Outcome {
    match prog {
        "kill" => kill(w, argv),
        "pidof" => pidof(w, argv),
        _ => pgrep(w, prog == "pkill", argv),
    }
}

const KILL_USAGE: &str = "bash: kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]";

fn kill(w: &mut World, argv: &[String]) -> Outcome {
    let mut sig = 15u32;
    let mut i = 1;
    let bad_spec =
        |s: &str| Outcome::err(1, format!("bash: kill: {s}: invalid signal specification"));
    while let Some(a) = argv.get(i) {
        match a.as_str() {
            "-l" | "-L" | "--list" => {
                let rest = &argv[i + 1..];
                if rest.is_empty() {
                    return Outcome::ok(signal_table());
                }
                let mut out = String::new();
                for r in rest {
                    match r.parse::<u32>() {
                        Ok(n) => {
                            let n = if n > 128 { n - 128 } else { n };
                            match signal_name(n) {
                                Some(name) => out.push_str(&format!("{name}\n")),
                                None => return bad_spec(r),
                            }
                        }
                        Err(_) => match signal_number(r) {
                            Some(n) => out.push_str(&format!("{n}\n")),
                            None => return bad_spec(r),
                        },
                    }
                }
                return Outcome::ok(out);
            }
            "-s" | "-n" => {
                let Some(v) = argv.get(i + 1) else {
                    return Outcome::err(
                        2,
                        format!("bash: kill: {a}: option requires an argument\n{KILL_USAGE}"),
                    );
                };
                match signal_number(v) {
                    Some(n) => sig = n,
                    None => return bad_spec(v),
                }
                i += 2;
                continue;
            }
            "--" => {
                i += 1;
                break;
            }
            s if s.starts_with('-') && s.len() > 1 => {
                let spec = &s[1..];
                if spec.parse::<i64>().is_ok()
                    || spec
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-')
                {
                    match signal_number(spec) {
                        Some(n) => sig = n,
                        None => return bad_spec(spec),
                    }
                } else {
                    return bad_spec(spec);
                }
                i += 1;
            }
            _ => break,
        }
    }
    let targets = &argv[i.min(argv.len())..];
    if targets.is_empty() {
        return Outcome::err(2, KILL_USAGE);
    }
    let mut out = Outcome::default();
    let mut delivered = false;
    for t in targets {
        if t.starts_with('%') {
            out.stderr
                .push_str(&format!("bash: kill: {t}: no such job\n"));
            out.exit = 1;
            continue;
        }
        let Ok(pid) = t.parse::<i64>() else {
            out.stderr.push_str(&format!(
                "bash: kill: {t}: arguments must be process or job IDs\n"
            ));
            out.exit = 1;
            continue;
        };
        let table = w.process_table();
        let Some(p) = u32::try_from(pid)
            .ok()
            .and_then(|pid| table.iter().find(|p| p.pid == pid))
        else {
            out.stderr
                .push_str(&format!("bash: kill: ({pid}) - No such process\n"));
            out.exit = 1;
            continue;
        };
        match deliver(w, p, sig) {
            Some(said) => out = out.remark(said),
            None => delivered = true,
        }
    }
    if delivered {
        w.settle();
    }
    out
}

/// Sends `sig` to a process; a remark when the model leaves it as it is.
fn deliver(w: &mut World, p: &Proc, sig: u32) -> Option<crate::message::Msg> {
    if sig == 0 {
        return None;
    }
    let name = signal_name(sig).unwrap_or_default();
    match &p.role {
        Role::Kernel | Role::Init => None,
        Role::Container(id) => {
            w.new_command();
            w.emit(
                h(Component::User, Component::Kernel, Iface::Syscall, "kill")
                    .note(msg!(
                        "procs-kill-hop",
                        pid = p.pid,
                        signal = format!("SIG{name}")
                    ))
                    .d("pid", p.pid)
                    .d("signal", format!("SIG{name}")),
            );
            w.deliver_signal(id, &format!("SIG{name}"));
            None
        }
        Role::Unit(unit) => {
            if matches!(sig, 17 | 18 | 23 | 28) {
                return None;
            }
            w.unit_process_killed(unit, sig as i32);
            None
        }
        Role::Shim | Role::Helper | Role::System | Role::Session => Some(msg!(
            "procs-kill-unmodelled",
            pid = p.pid,
            name = p.comm.clone(),
            signal = format!("SIG{name}")
        )),
    }
}

/// A small ERE matcher (what pgrep patterns use: literals, `.`, `*`, `+`,
/// `?`, `^`, `$`, `|`, `[…]`). Backtracking is bounded: a pattern that
/// would take too long to decide does not match.
pub(crate) fn ere_match(pattern: &str, text: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    pattern.split('|').any(|alt| {
        let p: Vec<char> = alt.chars().collect();
        let mut budget = 200_000u32;
        if let Some(rest) = p.strip_prefix(&['^']) {
            return match_here(rest, &t, 0, &mut budget);
        }
        (0..=t.len()).any(|k| match_here(&p, &t, k, &mut budget))
    })
}

/// One pattern atom: its length in the pattern and whether it matches `c`.
fn atom(p: &[char], c: char) -> (usize, bool) {
    match p.first() {
        Some('.') => (1, true),
        Some('\\') => (2, p.get(1) == Some(&c)),
        Some('[') => {
            let end = p.iter().skip(2).position(|x| *x == ']').map(|e| e + 2);
            let Some(end) = end else {
                return (1, c == '[');
            };
            let body = p.get(1..end).unwrap_or_default();
            let (neg, body) = match body.first() {
                Some('^') => (true, body.get(1..).unwrap_or_default()),
                _ => (false, body),
            };
            let mut hit = false;
            let mut k = 0;
            while let Some(&x) = body.get(k) {
                match (body.get(k + 1), body.get(k + 2)) {
                    (Some('-'), Some(&hi)) => {
                        hit |= x <= c && c <= hi;
                        k += 3;
                    }
                    _ => {
                        hit |= x == c;
                        k += 1;
                    }
                }
            }
            (end + 1, hit != neg)
        }
        Some(x) => (1, *x == c),
        None => (0, false),
    }
}

fn match_here(p: &[char], t: &[char], i: usize, budget: &mut u32) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    if p.is_empty() {
        return true;
    }
    if p == ['$'] {
        return i == t.len();
    }
    let (len, _) = atom(p, '\0');
    let rest = p.get(len.max(1)..).unwrap_or_default();
    let one = |k: usize| t.get(k).is_some_and(|c| atom(p, *c).1);
    match rest.first() {
        Some(&op) if matches!(op, '*' | '+' | '?') => {
            let after = rest.get(1..).unwrap_or_default();
            let mut n = 0;
            while (op != '?' || n < 1) && one(i + n) {
                n += 1;
            }
            let min = usize::from(op == '+');
            (min..=n).rev().any(|k| match_here(after, t, i + k, budget))
        }
        _ => one(i) && match_here(rest, t, i + 1, budget),
    }
}

const PGREP_TRY: &str = "Try `pgrep --help' for more information.";

fn pgrep(w: &mut World, pkill: bool, argv: &[String]) -> Outcome {
    let prog = if pkill { "pkill" } else { "pgrep" };
    let try_help = PGREP_TRY.replace("pgrep", prog);
    let (mut full, mut long, mut all_args, mut exact, mut count) =
        (false, false, false, false, false);
    let (mut newest, mut oldest, mut icase) = (false, false, false);
    let mut ppids: Vec<u32> = Vec::new();
    let mut sig = 15u32;
    let mut pattern: Option<String> = None;
    let mut criteria = 0;
    let mut i = 1;
    while let Some(a) = argv.get(i) {
        if let Some(long_opt) = a.strip_prefix("--") {
            let (n, v) = match long_opt.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long_opt, None),
            };
            match n {
                "full" => full = true,
                "list-name" => long = true,
                "list-full" => all_args = true,
                "exact" => exact = true,
                "count" => count = true,
                "newest" => newest = true,
                "oldest" => oldest = true,
                "ignore-case" => icase = true,
                "signal" | "parent" => {
                    let v = v.or_else(|| {
                        i += 1;
                        argv.get(i).cloned()
                    });
                    let Some(v) = v else {
                        return Outcome::err(
                            2,
                            format!("{prog}: option '--{n}' requires an argument\n{try_help}"),
                        );
                    };
                    if n == "signal" {
                        match signal_number(&v) {
                            Some(s) => sig = s,
                            None => return Outcome::err(2, format!("Unknown signal \"{v}\".")),
                        }
                    } else {
                        for x in v.split(',') {
                            match x.parse() {
                                Ok(p) => ppids.push(p),
                                Err(_) => {
                                    return Outcome::err(
                                        2,
                                        format!("{prog}: invalid argument for option '--parent': '{x}'\n{try_help}"),
                                    )
                                }
                            }
                        }
                        criteria += 1;
                    }
                }
                _ => {
                    return Outcome::err(
                        2,
                        format!("{prog}: unrecognized option '{a}'\n{try_help}"),
                    )
                }
            }
        } else if let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            if pkill
                && signal_number(flags).is_some()
                && flags
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            {
                sig = signal_number(flags).unwrap_or(15);
                i += 1;
                continue;
            }
            let cs: Vec<char> = flags.chars().collect();
            let mut j = 0;
            while j < cs.len() {
                match cs[j] {
                    'f' => full = true,
                    'l' if !pkill => long = true,
                    'a' if !pkill => all_args = true,
                    'x' => exact = true,
                    'c' => count = true,
                    'n' => newest = true,
                    'o' => oldest = true,
                    'i' => icase = true,
                    'P' => {
                        let rest: String = cs[j + 1..].iter().collect();
                        let v = if rest.is_empty() {
                            i += 1;
                            argv.get(i).cloned()
                        } else {
                            Some(rest)
                        };
                        let Some(v) = v else {
                            return Outcome::err(
                                2,
                                format!("{prog}: option requires an argument -- 'P'\n{try_help}"),
                            );
                        };
                        for x in v.split(',') {
                            match x.parse() {
                                Ok(p) => ppids.push(p),
                                Err(_) => {
                                    return Outcome::err(
                                        2,
                                        format!("{prog}: invalid argument for option 'P': '{x}'\n{try_help}"),
                                    )
                                }
                            }
                        }
                        criteria += 1;
                        break;
                    }
                    c => {
                        return Outcome::err(
                            2,
                            format!("{prog}: invalid option -- '{c}'\n{try_help}"),
                        )
                    }
                }
                j += 1;
            }
        } else if pattern.is_none() {
            pattern = Some(a.clone());
            criteria += 1;
        } else {
            return Outcome::err(
                2,
                format!("{prog}: only one pattern can be provided\n{try_help}"),
            );
        }
        i += 1;
    }
    if criteria == 0 {
        return Outcome::err(
            2,
            format!("{prog}: no matching criteria specified\n{try_help}"),
        );
    }
    let me = w.next_pid;
    let table = with_self(w, argv);
    let mut hits: Vec<&Proc> = table
        .iter()
        .filter(|p| p.pid != me)
        .filter(|p| ppids.is_empty() || ppids.contains(&p.ppid))
        .filter(|p| {
            let Some(pat) = &pattern else { return true };
            let subject = if full && !p.argv.is_empty() {
                p.cmdline()
            } else {
                p.comm.clone()
            };
            let (pat, subject) = if icase {
                (pat.to_lowercase(), subject.to_lowercase())
            } else {
                (pat.clone(), subject)
            };
            if exact {
                pat.split('|')
                    .any(|alt| ere_match(&format!("^{alt}$"), &subject))
            } else {
                ere_match(&pat, &subject)
            }
        })
        .collect();
    if newest {
        hits = hits
            .into_iter()
            .max_by_key(|p| (p.start_ms, p.pid))
            .into_iter()
            .collect();
    } else if oldest {
        hits = hits
            .into_iter()
            .min_by_key(|p| (p.start_ms, p.pid))
            .into_iter()
            .collect();
    }
    let mut out = Outcome {
        exit: i32::from(hits.is_empty()),
        ..Outcome::default()
    };
    if hits.is_empty() && !full {
        if let Some(p) = pattern.as_ref().filter(|p| p.chars().count() > 15) {
            let _ = p;
            out.stderr = format!(
                "{prog}: pattern that searches for process name longer than 15 characters will result in zero matches\nTry `{prog} -f' option to match against the complete command line.\n"
            );
        }
    }
    if pkill {
        let targets: Vec<Proc> = hits.iter().map(|p| (*p).clone()).collect();
        if count {
            out.stdout = format!("{}\n", targets.len());
        }
        for p in &targets {
            if let Some(said) = deliver(w, p, sig) {
                out = out.remark(said);
            }
        }
        if !targets.is_empty() {
            w.settle();
        }
        return out;
    }
    if count {
        out.stdout = format!("{}\n", hits.len());
        return out;
    }
    for p in hits {
        if all_args {
            out.stdout.push_str(&format!("{} {}\n", p.pid, p.cmdline()));
        } else if long {
            out.stdout.push_str(&format!("{} {}\n", p.pid, p.comm));
        } else {
            out.stdout.push_str(&format!("{}\n", p.pid));
        }
    }
    out
}

fn pidof(w: &World, argv: &[String]) -> Outcome {
    let mut single = false;
    let mut quiet = false;
    let mut names: Vec<&str> = Vec::new();
    for a in argv.iter().skip(1) {
        match a.as_str() {
            "-s" => single = true,
            "-q" => quiet = true,
            "-x" | "-w" | "-c" | "-n" => {}
            s if s.starts_with('-') => {
                return Outcome::err(
                    1,
                    format!(
                    "pidof: invalid option -- '{}'\n\nUsage:\n pidof [options] [program [...]]\n",
                    s.trim_start_matches('-')
                ),
                )
            }
            s => names.push(s),
        }
    }
    let me = w.next_pid;
    let table = with_self(w, argv);
    let mut pids: Vec<u32> = Vec::new();
    for p in &table {
        if p.pid == me || p.argv.is_empty() {
            continue;
        }
        let arg0 = p.argv.first().map(String::as_str).unwrap_or_default();
        let base = arg0.rsplit('/').next().unwrap_or(arg0);
        let titled = arg0.contains(' ');
        let hit = names.iter().any(|n| {
            let nbase = n.rsplit('/').next().unwrap_or(n);
            base == *n || base == nbase || arg0 == *n || (titled && p.comm == nbase)
        });
        if hit {
            pids.push(p.pid);
        }
    }
    pids.reverse();
    if single {
        pids.truncate(1);
    }
    let mut out = Outcome {
        exit: i32::from(pids.is_empty()),
        ..Outcome::default()
    };
    if !quiet && !pids.is_empty() {
        let words: Vec<String> = pids.iter().map(u32::to_string).collect();
        out.stdout = format!("{}\n", words.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_names_and_numbers() {
        assert_eq!(signal_number("KILL"), Some(9));
        assert_eq!(signal_number("sigterm"), Some(15));
        assert_eq!(signal_number("9"), Some(9));
        assert_eq!(signal_number("RTMIN+1"), Some(35));
        assert_eq!(signal_number("FOO"), None);
        let t = signal_table();
        assert!(t.starts_with(" 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n"));
        assert!(t.ends_with("63) SIGRTMAX-1\t64) SIGRTMAX\t\n"));
        assert!(t.contains("31) SIGSYS\t34) SIGRTMIN\t"));
    }

    #[test]
    fn patterns_match_as_egrep_would() {
        assert!(ere_match("kube", "kubelet"));
        assert!(ere_match("^kube.*t$", "kubelet"));
        assert!(!ere_match("^let", "kubelet"));
        assert!(ere_match("nginx|kubelet", "kubelet"));
        assert!(ere_match("containerd-shim", "containerd-shim"));
        assert!(ere_match("[kp]ause", "pause"));
        assert!(!ere_match("^pause$", "pauser"));
        // A pattern that backtracks without end gives up instead.
        let text = "a".repeat(300);
        assert!(!ere_match("a*a*a*a*a*a*a*a*a*a*b", &text));
    }
}
