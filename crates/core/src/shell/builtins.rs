//! bash's builtins (`cd`, `pwd`, `echo`, `printf`, `export`, `unset`,
//! `test`/`[`, `read`, `exit`, `alias`, `type`, `history`, …) and the
//! programs that only look at the shell (`which`, `env`).

use super::exec::{Flow, Input, Run, Stop};
use super::parse::is_name;
use super::{guide, pattern, Shell};
use crate::node::fs::normalize;

/// Programs in /usr/bin that `which`/`type` name (bash builtins aside).
pub(crate) const BIN: [&str; 36] = [
    "cat", "grep", "head", "tail", "wc", "sort", "uniq", "cut", "awk", "tr", "xargs", "tee", "sed",
    "jq", "ls", "mkdir", "rm", "cp", "mv", "touch", "ln", "stat", "find", "vi", "vim", "nano",
    "chmod", "readlink", "realpath", "ps", "pstree", "pgrep", "kill", "lsns", "env", "which",
];

/// Other programs in `/usr/bin` that the shell or the node runs.
pub(crate) const OTHER_BIN: [&str; 17] = [
    "journalctl",
    "systemctl",
    "dpkg",
    "apt",
    "apt-get",
    "uname",
    "hostname",
    "pidof",
    "pkill",
    "sleep",
    "printf",
    "echo",
    "test",
    "true",
    "false",
    "pwd",
    "kill",
];

/// Where each program lives on the node.
pub(crate) fn program_path(name: &str) -> Option<String> {
    let sbin = [
        "sysctl",
        "modprobe",
        "lsmod",
        "reboot",
        "runc",
        "iptables",
        "ip6tables",
        "nft",
        "ip",
        "useradd",
    ];
    let local = ["nerdctl"];
    if sbin.contains(&name) {
        return Some(format!("/usr/sbin/{name}"));
    }
    if local.contains(&name) {
        return Some(format!("/usr/local/bin/{name}"));
    }
    let known = BIN.contains(&name)
        || crate::command::PROGRAMS.contains(&name)
        || crate::node::UNMODELLED.contains(&name)
        || OTHER_BIN.contains(&name);
    known.then(|| format!("/usr/bin/{name}"))
}

pub(crate) const BUILTINS: [&str; 26] = [
    "cd", "pwd", "echo", "printf", "export", "unset", "true", "false", ":", "test", "[", "exit",
    "alias", "unalias", "type", "history", "help", "read", "set", "source", ".", "local",
    "declare", "readonly", "let", "shopt",
];

/// Runs a builtin, or `None` when `argv[0]` is none.
pub(crate) fn run(
    sh: &mut Shell,
    r: &mut Run<'_>,
    argv: &[String],
    inp: &mut Input,
    out: &mut String,
    err: &mut String,
) -> Option<Flow> {
    let name = argv.first()?.as_str();
    let args = argv.get(1..).unwrap_or(&[]);
    Some(Ok(match name {
        "true" | ":" => 0,
        "false" => 1,
        "cd" => cd(sh, r, args, out, err),
        "pwd" => {
            out.push_str(&sh.cwd);
            out.push('\n');
            0
        }
        "echo" => echo(args, out),
        "printf" => printf_to(args, out, err),
        "export" | "declare" | "local" | "readonly" => export(sh, name, args, out, err),
        "unset" => {
            for a in args.iter().filter(|a| !a.starts_with('-')) {
                sh.vars.remove(a.as_str());
                sh.exported.remove(a.as_str());
            }
            0
        }
        "test" => test(args, r, &sh.cwd, err, "test"),
        "[" => match args.split_last() {
            Some((last, rest)) if last == "]" => test(rest, r, &sh.cwd, err, "["),
            _ => {
                err.push_str("bash: [: missing `]'\n");
                2
            }
        },
        "exit" => {
            let code = match args.first() {
                None => sh.status,
                Some(a) => match a.parse::<i64>() {
                    Ok(n) => (n.rem_euclid(256)) as i32,
                    Err(_) => {
                        err.push_str(&format!("bash: exit: {a}: numeric argument required\n"));
                        2
                    }
                },
            };
            return Some(Err(Stop::Exit(code)));
        }
        "alias" => alias(sh, args, out, err),
        "unalias" => {
            let mut st = 0;
            for a in args {
                if a == "-a" {
                    sh.aliases.clear();
                } else if sh.aliases.remove(a.as_str()).is_none() {
                    err.push_str(&format!("bash: unalias: {a}: not found\n"));
                    st = 1;
                }
            }
            st
        }
        "type" => type_of(sh, args, out, err),
        "which" => {
            let mut st = 0;
            for a in args.iter().filter(|a| !a.starts_with('-')) {
                match program_path(a) {
                    Some(p) => {
                        out.push_str(&p);
                        out.push('\n');
                    }
                    None => st = 1,
                }
            }
            if args.is_empty() {
                st = 1;
            }
            st
        }
        "history" => {
            let n = args
                .first()
                .and_then(|a| a.parse::<usize>().ok())
                .unwrap_or(sh.history.len());
            let skip = sh.history.len().saturating_sub(n);
            for (i, l) in sh.history.iter().enumerate().skip(skip) {
                out.push_str(&format!("{:>5}  {l}\n", i + 1));
            }
            0
        }
        "help" => {
            r.remarks.extend(guide::help(args));
            0
        }
        "explain" => {
            let (rem, st) = guide::explain(args);
            r.remarks.extend(rem);
            st
        }
        "read" => {
            let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            match inp.line() {
                None => 1,
                Some(line) => {
                    assign_read(sh, &names, &line);
                    0
                }
            }
        }
        "let" => {
            let mut v = 0;
            for a in args {
                let vars = &sh.vars;
                let lookup = |n: &str| vars.get(n).cloned();
                if let Some((n, e)) = a.split_once('=').filter(|(n, _)| is_name(n)) {
                    let x = super::arith::eval(e, &lookup).unwrap_or(0);
                    sh.vars.insert(n.to_string(), x.to_string());
                    v = x;
                } else {
                    v = super::arith::eval(a, &lookup).unwrap_or(0);
                }
            }
            i32::from(v == 0)
        }
        "set" | "shopt" | "source" | "." => {
            if name == "set" && args.is_empty() {
                for (k, v) in sh.vars.iter() {
                    out.push_str(&format!("{k}={}\n", crate::command::shell::quote(v)));
                }
            } else {
                r.remarks.push(crate::remark::Remark::line(crate::msg!(
                    "shell-builtin-not-modelled",
                    command = crate::command::shell::join(argv)
                )));
            }
            0
        }
        "env" => {
            let mut assigns = Vec::new();
            let mut k = 0;
            while let Some((n, v)) = args.get(k).and_then(|a| a.split_once('=')) {
                assigns.push((n.to_string(), v.to_string()));
                k += 1;
            }
            let rest = args.get(k..).unwrap_or(&[]);
            if rest.is_empty() {
                let mut env = sh.env();
                for (n, v) in assigns {
                    env.insert(n, v);
                }
                for (n, v) in env.iter() {
                    out.push_str(&format!("{n}={v}\n"));
                }
                return Some(Ok(0));
            }
            // The program runs with the environment env made: a copy.
            let mut sub = sh.clone();
            for (n, v) in assigns {
                sub.vars.insert(n.clone(), v);
                sub.exported.insert(n, ());
            }
            return Some(sub.dispatch(r, rest, &[], inp, out, err));
        }
        "clear" | "reset" => 0,
        _ => return None,
    }))
}

fn assign_read(sh: &mut Shell, names: &[&String], line: &str) {
    if names.is_empty() {
        sh.vars.insert("REPLY".into(), line.to_string());
        return;
    }
    let mut rest = line.trim_start();
    for (i, n) in names.iter().enumerate() {
        if i + 1 == names.len() {
            sh.vars.insert((*n).clone(), rest.trim_end().to_string());
        } else {
            let (w, r) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            sh.vars.insert((*n).clone(), w.to_string());
            rest = r.trim_start();
        }
    }
}

fn cd(sh: &mut Shell, r: &mut Run<'_>, args: &[String], out: &mut String, err: &mut String) -> i32 {
    let args: Vec<&String> = args.iter().filter(|a| *a != "-L" && *a != "-P").collect();
    if args.len() > 1 {
        err.push_str("bash: cd: too many arguments\n");
        return 1;
    }
    let target = match args.first() {
        None => sh
            .vars
            .get("HOME")
            .cloned()
            .unwrap_or_else(|| "/root".into()),
        Some(a) if a.as_str() == "-" => match sh.vars.get("OLDPWD") {
            Some(o) => {
                out.push_str(o);
                out.push('\n');
                o.clone()
            }
            None => {
                err.push_str("bash: cd: OLDPWD not set\n");
                return 1;
            }
        },
        Some(a) => (*a).clone(),
    };
    let path = normalize(&sh.cwd, &target);
    if !r.m.is_dir(&path) {
        let why = match r.m.read(&path) {
            Ok(_) => "Not a directory",
            Err(crate::node::fs::FsError::IsDir) => "Permission denied",
            Err(e) => {
                err.push_str(&format!("bash: cd: {target}: {e}\n"));
                return 1;
            }
        };
        err.push_str(&format!("bash: cd: {target}: {why}\n"));
        return 1;
    }
    let old = std::mem::replace(&mut sh.cwd, path.clone());
    sh.vars.insert("OLDPWD".into(), old);
    sh.vars.insert("PWD".into(), path);
    0
}

fn echo(args: &[String], out: &mut String) -> i32 {
    let mut newline = true;
    let mut escapes = false;
    let mut k = 0;
    while let Some(a) = args.get(k) {
        if a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| "neE".contains(c)) {
            for c in a[1..].chars() {
                match c {
                    'n' => newline = false,
                    'e' => escapes = true,
                    _ => escapes = false,
                }
            }
            k += 1;
        } else {
            break;
        }
    }
    let text = args.get(k..).unwrap_or(&[]).join(" ");
    if escapes {
        let (s, stop) = unescape(&text);
        out.push_str(&s);
        if stop {
            return 0;
        }
    } else {
        out.push_str(&text);
    }
    if newline {
        out.push('\n');
    }
    0
}

/// `echo -e` / `printf %b` escapes; `true` when `\c` ends the output.
pub(crate) fn unescape(s: &str) -> (String, bool) {
    let mut o = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            o.push(c);
            continue;
        }
        match it.next() {
            Some('n') => o.push('\n'),
            Some('t') => o.push('\t'),
            Some('r') => o.push('\r'),
            Some('a') => o.push('\u{7}'),
            Some('b') => o.push('\u{8}'),
            Some('e') => o.push('\u{1b}'),
            Some('\\') => o.push('\\'),
            Some('c') => return (o, true),
            Some('0') => {
                let mut v = 0u32;
                for _ in 0..3 {
                    match it.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            it.next();
                        }
                        None => break,
                    }
                }
                o.push(char::from_u32(v).unwrap_or('\0'));
            }
            Some(x) => {
                o.push('\\');
                o.push(x);
            }
            None => o.push('\\'),
        }
    }
    (o, false)
}

pub(crate) fn printf_to(args: &[String], out: &mut String, err: &mut String) -> i32 {
    let Some(fmt) = args.first() else {
        err.push_str("bash: printf: usage: printf [-v var] format [arguments]\n");
        return 2;
    };
    let mut rest = args.get(1..).unwrap_or(&[]).iter();
    let mut status = 0;
    let mut rounds = 0;
    loop {
        let mut used = false;
        let chars: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            i += 1;
            if c == '\\' {
                let mut esc = String::from('\\');
                if let Some(&n) = chars.get(i) {
                    esc.push(n);
                    i += 1;
                }
                out.push_str(&unescape(&esc).0);
                continue;
            }
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut spec = String::new();
            while let Some(&f) = chars.get(i) {
                if "-+ 0#.".contains(f) || f.is_ascii_digit() {
                    spec.push(f);
                    i += 1;
                } else {
                    break;
                }
            }
            let Some(&conv) = chars.get(i) else {
                out.push('%');
                out.push_str(&spec);
                break;
            };
            i += 1;
            if conv == '%' {
                out.push('%');
                continue;
            }
            let arg = rest.next();
            used |= arg.is_some();
            let a = arg.map(String::as_str).unwrap_or("");
            let left = spec.starts_with('-');
            let zero = spec.starts_with('0');
            let (w, prec) = match spec
                .trim_start_matches(['-', '0', '+', ' ', '#'])
                .split_once('.')
            {
                Some((w, p)) => (
                    w.parse::<usize>().unwrap_or(0),
                    Some(p.parse::<usize>().unwrap_or(0)),
                ),
                None => (
                    spec.trim_start_matches(['-', '0', '+', ' ', '#'])
                        .parse::<usize>()
                        .unwrap_or(0),
                    None,
                ),
            };
            let body = match conv {
                's' => match prec {
                    Some(p) => a.chars().take(p).collect(),
                    None => a.to_string(),
                },
                'b' => unescape(a).0,
                'd' | 'i' | 'u' => {
                    let n = if a.is_empty() {
                        Ok(0)
                    } else {
                        a.trim().parse::<i64>()
                    };
                    match n {
                        Ok(n) => n.to_string(),
                        Err(_) => {
                            err.push_str(&format!("bash: printf: {a}: invalid number\n"));
                            status = 1;
                            "0".into()
                        }
                    }
                }
                'x' | 'X' | 'o' => {
                    let n = a.trim().parse::<i64>().unwrap_or(0);
                    match conv {
                        'x' => format!("{n:x}"),
                        'X' => format!("{n:X}"),
                        _ => format!("{n:o}"),
                    }
                }
                'f' | 'e' | 'g' => {
                    let n: f64 = super::arith::float(a.trim()).unwrap_or(0.0);
                    format!("{n:.*}", prec.unwrap_or(6))
                }
                'c' => a.chars().next().map(String::from).unwrap_or_default(),
                'q' => crate::command::shell::quote(a),
                other => {
                    err.push_str(&format!(
                        "bash: printf: `{other}': invalid format character\n"
                    ));
                    return 1;
                }
            };
            let n = body.chars().count();
            if n >= w {
                out.push_str(&body);
            } else if left {
                out.push_str(&body);
                out.push_str(&" ".repeat(w - n));
            } else if zero && "dixXof".contains(conv) {
                let (sign, digits) = body
                    .strip_prefix('-')
                    .map_or(("", body.as_str()), |d| ("-", d));
                out.push_str(sign);
                out.push_str(&"0".repeat(w - n));
                out.push_str(digits);
            } else {
                out.push_str(&" ".repeat(w - n));
                out.push_str(&body);
            }
        }
        rounds += 1;
        if !used || rest.len() == 0 || rounds > 10_000 {
            break;
        }
    }
    status
}

fn export(sh: &mut Shell, name: &str, args: &[String], out: &mut String, err: &mut String) -> i32 {
    let args: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if args.is_empty() {
        for (k, v) in sh.vars.iter() {
            if name != "export" || sh.exported.get(k).is_some() {
                out.push_str(&format!("declare -x {k}=\"{v}\"\n"));
            }
        }
        return 0;
    }
    let mut st = 0;
    for a in args {
        let (n, v) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (a.as_str(), None),
        };
        if !is_name(n) {
            err.push_str(&format!("bash: {name}: `{a}': not a valid identifier\n"));
            st = 1;
            continue;
        }
        if let Some(v) = v {
            sh.vars.insert(n.to_string(), v.to_string());
        }
        if name == "export" {
            sh.exported.insert(n.to_string(), ());
        }
    }
    st
}

fn alias(sh: &mut Shell, args: &[String], out: &mut String, err: &mut String) -> i32 {
    let show = |k: &str, v: &str| format!("alias {k}='{}'\n", v.replace('\'', "'\\''"));
    if args.is_empty() || args.iter().all(|a| a == "-p") {
        for (k, v) in sh.aliases.iter() {
            out.push_str(&show(k, v));
        }
        return 0;
    }
    let mut st = 0;
    for a in args {
        match a.split_once('=') {
            Some((k, v)) => {
                sh.aliases.insert(k.to_string(), v.to_string());
            }
            None => match sh.aliases.get(a.as_str()) {
                Some(v) => out.push_str(&show(a, v)),
                None => {
                    err.push_str(&format!("bash: alias: {a}: not found\n"));
                    st = 1;
                }
            },
        }
    }
    st
}

fn type_of(sh: &Shell, args: &[String], out: &mut String, err: &mut String) -> i32 {
    let mut st = 0;
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        if let Some(v) = sh.aliases.get(a.as_str()) {
            out.push_str(&format!("{a} is aliased to `{v}'\n"));
        } else if matches!(
            a.as_str(),
            "if" | "then"
                | "else"
                | "elif"
                | "fi"
                | "for"
                | "while"
                | "until"
                | "do"
                | "done"
                | "!"
        ) {
            out.push_str(&format!("{a} is a shell keyword\n"));
        } else if BUILTINS.contains(&a.as_str()) {
            out.push_str(&format!("{a} is a shell builtin\n"));
        } else if let Some(p) = program_path(a) {
            out.push_str(&format!("{a} is {p}\n"));
        } else {
            err.push_str(&format!("bash: type: {a}: not found\n"));
            st = 1;
        }
    }
    st
}

/// `test` / `[`: 0 true, 1 false, 2 on a usage error.
fn test(args: &[String], r: &mut Run<'_>, cwd: &str, err: &mut String, me: &str) -> i32 {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    match eval_test(&a, r, cwd) {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(words) => {
            err.push_str(&format!("bash: {me}: {words}\n"));
            2
        }
    }
}

fn eval_test(a: &[&str], r: &mut Run<'_>, cwd: &str) -> Result<bool, String> {
    // `-o` and `-a` split the expression (lowest precedence first).
    if let Some(i) = a
        .iter()
        .rposition(|x| *x == "-o")
        .filter(|&i| i > 0 && i + 1 < a.len())
    {
        return Ok(eval_test(&a[..i], r, cwd)? || eval_test(&a[i + 1..], r, cwd)?);
    }
    if let Some(i) = a
        .iter()
        .rposition(|x| *x == "-a")
        .filter(|&i| i > 0 && i + 1 < a.len())
    {
        return Ok(eval_test(&a[..i], r, cwd)? && eval_test(&a[i + 1..], r, cwd)?);
    }
    match a {
        [] => Ok(false),
        ["!", rest @ ..] => Ok(!eval_test(rest, r, cwd)?),
        ["(", inner @ .., ")"] => eval_test(inner, r, cwd),
        [s] => Ok(!s.is_empty()),
        [op, x] => unary(op, x, r, cwd),
        [x, op, y] => binary(x, op, y),
        _ => Err("too many arguments".into()),
    }
}

fn unary(op: &str, x: &str, r: &mut Run<'_>, cwd: &str) -> Result<bool, String> {
    let path = normalize(cwd, x);
    let read = || r.m.read(&path);
    Ok(match op {
        "-n" => !x.is_empty(),
        "-z" => x.is_empty(),
        "-d" => r.m.is_dir(&path),
        "-e" | "-a" => r.m.is_dir(&path) || exists(r, &path),
        "-f" => !r.m.is_dir(&path) && read().is_ok(),
        "-s" => !r.m.is_dir(&path) && read().is_ok_and(|t| !t.is_empty()),
        "-S" => matches!(read(), Err(crate::node::fs::FsError::NoDevice)),
        "-r" | "-w" | "-x" => r.m.is_dir(&path) || exists(r, &path),
        "-L" | "-h" => false,
        _ => return Err(format!("{op}: unary operator expected")),
    })
}

fn exists(r: &mut Run<'_>, path: &str) -> bool {
    let parent = crate::node::fs::parent(path);
    let name = crate::node::fs::base(path);
    r.m.list(parent).iter().any(|n| n == name)
}

fn binary(x: &str, op: &str, y: &str) -> Result<bool, String> {
    let int = |s: &str| {
        s.trim()
            .parse::<i64>()
            .map_err(|_| format!("{s}: integer expression expected"))
    };
    Ok(match op {
        "=" | "==" => x == y,
        "!=" => x != y,
        "<" => x < y,
        ">" => x > y,
        "-eq" => int(x)? == int(y)?,
        "-ne" => int(x)? != int(y)?,
        "-lt" => int(x)? < int(y)?,
        "-le" => int(x)? <= int(y)?,
        "-gt" => int(x)? > int(y)?,
        "-ge" => int(x)? >= int(y)?,
        "=~" => pattern::matches(y, x),
        _ => return Err(format!("{op}: binary operator expected")),
    })
}
