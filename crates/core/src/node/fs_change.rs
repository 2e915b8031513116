//! The file commands that change the tree, as GNU coreutils 8.32 words
//! them: `mkdir`, `rm`, `rmdir`, `touch`, `cp`, `mv`, `ln -s`, `chmod`.
//! `mkdir` and `find` quote names with the locale's quotes (‘x’), the rest
//! with the shell's ('x').

use super::fs::{base, normalize, parent, Entry, FsError};
use super::fs_cmd::{bad_option, Args};
use super::Io;
use crate::engine::{Outcome, World};

/// Collects one command's errors and its status.
#[derive(Default)]
struct Report {
    err: String,
    exit: i32,
}

impl Report {
    fn fail(&mut self, line: String) {
        self.err.push_str(&line);
        self.err.push('\n');
        self.exit = 1;
    }

    fn done(self) -> Outcome {
        Outcome {
            exit: self.exit,
            stderr: self.err,
            ..Outcome::default()
        }
    }
}

fn in_proc(p: &str) -> bool {
    p == "/proc" || p.starts_with("/proc/")
}

/// Where a new entry at `p` goes: its directory resolved (it must exist
/// and be a directory), joined with its name.
fn place(w: &World, p: &str) -> Result<String, FsError> {
    if in_proc(p) {
        return Err(FsError::Denied);
    }
    let fs = &w.node.fs;
    let dir = fs.resolve(parent(p), true)?;
    match fs.get(&dir) {
        Ok(Entry::Dir { .. }) => {}
        Ok(_) => return Err(FsError::NotDir),
        Err(e) => return Err(e),
    }
    Ok(if dir == "/" {
        format!("/{}", base(p))
    } else {
        format!("{dir}/{}", base(p))
    })
}

/// Runs one command that changes the tree.
pub(crate) fn run(w: &mut World, prog: &str, argv: &[String], io: &Io<'_>) -> Option<Outcome> {
    Some(match prog {
        "mkdir" => mkdir(w, argv, io),
        "rm" => rm(w, argv, io),
        "rmdir" => rmdir(w, argv, io),
        "touch" => touch(w, argv, io),
        "cp" | "mv" => copy(w, prog, argv, io),
        "ln" => ln(w, argv, io),
        "chmod" => chmod(w, argv, io),
        _ => return None,
    })
}

fn missing_operand(prog: &str) -> Outcome {
    bad_option(prog, "missing operand", 1)
}

fn mkdir(w: &mut World, argv: &[String], io: &Io<'_>) -> Outcome {
    let a = match Args::parse(argv, "pvm", &["parents", "verbose"]) {
        Ok(a) => a,
        Err(e) => return bad_option("mkdir", &e, 1),
    };
    if a.operands.is_empty() {
        return missing_operand("mkdir");
    }
    let parents = a.has("p") || a.has("parents");
    let mut r = Report::default();
    for op in &a.operands {
        let p = normalize(io.cwd, op);
        let fs = &w.node.fs;
        if let Ok(e) = fs.get(&p) {
            if !(parents && matches!(e, Entry::Dir { .. })) {
                r.fail(format!(
                    "mkdir: cannot create directory ‘{op}’: File exists"
                ));
            }
            continue;
        }
        if parents {
            match fs.resolve(&p, true) {
                Ok(real) if !in_proc(&real) => {
                    // Each missing component in turn; a file in the way stops it.
                    let mut cur = String::new();
                    let mut bad = None;
                    for part in real.split('/').filter(|s| !s.is_empty()) {
                        cur.push('/');
                        cur.push_str(part);
                        match w.node.fs.get(&cur) {
                            Ok(Entry::Dir { .. }) => {}
                            Ok(_) => {
                                bad = Some(FsError::NotDir);
                                break;
                            }
                            Err(_) => w.node.fs.put(&cur, Entry::Dir { mode: 0o755 }),
                        }
                    }
                    if let Some(e) = bad {
                        r.fail(format!("mkdir: cannot create directory ‘{op}’: {e}"));
                    }
                }
                Ok(_) => r.fail(format!(
                    "mkdir: cannot create directory ‘{op}’: Permission denied"
                )),
                Err(e) => r.fail(format!("mkdir: cannot create directory ‘{op}’: {e}")),
            }
            continue;
        }
        match place(w, &p) {
            Ok(real) => w.node.fs.put(&real, Entry::Dir { mode: 0o755 }),
            Err(e) => r.fail(format!("mkdir: cannot create directory ‘{op}’: {e}")),
        }
    }
    r.done()
}

fn rm(w: &mut World, argv: &[String], io: &Io<'_>) -> Outcome {
    let a = match Args::parse(
        argv,
        "rRfidv",
        &["recursive", "force", "dir", "verbose", "no-preserve-root"],
    ) {
        Ok(a) => a,
        Err(e) => return bad_option("rm", &e, 1),
    };
    let force = a.has("f") || a.has("force");
    let recursive = a.has("r") || a.has("R") || a.has("recursive");
    let dir_ok = a.has("d") || a.has("dir");
    if a.operands.is_empty() {
        return if force {
            Outcome::default()
        } else {
            missing_operand("rm")
        };
    }
    let mut r = Report::default();
    for op in &a.operands {
        let p = normalize(io.cwd, op);
        if recursive && p == "/" {
            r.fail("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe".into());
            continue;
        }
        if recursive && matches!(base(op.trim_end_matches('/')), "." | "..") {
            r.fail(format!(
                "rm: refusing to remove '.' or '..' directory: skipping '{op}'"
            ));
            continue;
        }
        if in_proc(&p) {
            r.fail(format!("rm: cannot remove '{op}': Permission denied"));
            continue;
        }
        let fs = &w.node.fs;
        let (real, is_dir, empty) = match fs.get_link(&p) {
            Ok((real, Entry::Dir { .. })) => {
                let empty = fs.children(&real).next().is_none();
                (real, true, empty)
            }
            Ok((real, _)) => (real, false, true),
            Err(e) => {
                if !(force && e == FsError::NotFound) {
                    r.fail(format!("rm: cannot remove '{op}': {e}"));
                }
                continue;
            }
        };
        if is_dir && !recursive && !(dir_ok && empty) {
            let why = if dir_ok {
                FsError::NotEmpty
            } else {
                FsError::IsDir
            };
            r.fail(format!("rm: cannot remove '{op}': {why}"));
            continue;
        }
        let _ = w.node.fs.remove_tree(&real);
    }
    r.done()
}

fn rmdir(w: &mut World, argv: &[String], io: &Io<'_>) -> Outcome {
    let a = match Args::parse(argv, "pv", &["parents", "verbose"]) {
        Ok(a) => a,
        Err(e) => return bad_option("rmdir", &e, 1),
    };
    if a.operands.is_empty() {
        return missing_operand("rmdir");
    }
    let mut r = Report::default();
    for op in &a.operands {
        let p = normalize(io.cwd, op);
        let res = match w.node.fs.get_link(&p) {
            Ok((_, Entry::Dir { .. })) => w.node.fs.remove(&p).map(|_| ()),
            Ok(_) => Err(FsError::NotDir),
            Err(e) => Err(e),
        };
        if let Err(e) = res {
            r.fail(format!("rmdir: failed to remove '{op}': {e}"));
        }
    }
    r.done()
}

fn touch(w: &mut World, argv: &[String], io: &Io<'_>) -> Outcome {
    let a = match Args::parse(argv, "acm", &["no-create"]) {
        Ok(a) => a,
        Err(e) => return bad_option("touch", &e, 1),
    };
    if a.operands.is_empty() {
        return bad_option("touch", "missing file operand", 1);
    }
    let mut r = Report::default();
    for op in &a.operands {
        let p = normalize(io.cwd, op);
        if w.node.fs.get(&p).is_ok() || a.has("c") || a.has("no-create") {
            continue;
        }
        match place(w, &p).and_then(|real| w.node.fs.write(&real, "", true)) {
            Ok(()) => {}
            Err(e) => r.fail(format!("touch: cannot touch '{op}': {e}")),
        }
    }
    r.done()
}

/// Where a source lands: in the target when it is a directory.
fn landing(w: &World, src: &str, dst: &str, dst_abs: &str) -> (String, String) {
    if w.node.fs.is_dir(dst_abs) {
        let name = base(src);
        let shown = if dst.ends_with('/') {
            format!("{dst}{name}")
        } else {
            format!("{dst}/{name}")
        };
        (shown, format!("{dst_abs}/{name}"))
    } else {
        (dst.to_string(), dst_abs.to_string())
    }
}

fn copy(w: &mut World, prog: &str, argv: &[String], io: &Io<'_>) -> Outcome {
    let a = match Args::parse(
        argv,
        "rRafpvinT",
        &["recursive", "archive", "force", "verbose"],
    ) {
        Ok(a) => a,
        Err(e) => return bad_option(prog, &e, 1),
    };
    let moving = prog == "mv";
    let recursive = moving || a.has("r") || a.has("R") || a.has("a") || a.has("recursive");
    let (srcs, dst) = match a.operands.split_last() {
        None => return bad_option(prog, "missing file operand", 1),
        Some((d, [])) => {
            return bad_option(
                prog,
                &format!("missing destination file operand after '{d}'"),
                1,
            )
        }
        Some((d, s)) => (s.to_vec(), d.clone()),
    };
    let dst_abs = normalize(io.cwd, &dst);
    if srcs.len() > 1 && !w.node.fs.is_dir(&dst_abs) {
        return Outcome::err(1, format!("{prog}: target '{dst}' is not a directory"));
    }
    let mut r = Report::default();
    for src in &srcs {
        let sp = normalize(io.cwd, src);
        // cp reads through a link named on the line; mv moves the link.
        let found = if moving {
            w.node.fs.get_link(&sp).map(|(p, _)| p)
        } else {
            w.node.fs.resolve(&sp, true).and_then(|p| {
                w.node.fs.get_link(&p)?;
                Ok(p)
            })
        };
        let real = match found {
            Ok(p) if !in_proc(&p) => p,
            Ok(_) => {
                r.fail(format!("{prog}: cannot stat '{src}': Permission denied"));
                continue;
            }
            Err(e) => {
                r.fail(format!("{prog}: cannot stat '{src}': {e}"));
                continue;
            }
        };
        let tree = match w.node.fs.subtree(&real) {
            Ok(t) => t,
            Err(e) => {
                r.fail(format!("{prog}: cannot stat '{src}': {e}"));
                continue;
            }
        };
        let is_dir = matches!(tree.first(), Some((_, Entry::Dir { .. })));
        if is_dir && !recursive {
            r.fail(format!("cp: -r not specified; omitting directory '{src}'"));
            continue;
        }
        if matches!(tree.first(), Some((_, Entry::Socket))) && !moving {
            r.fail(format!(
                "cp: cannot open '{src}' for reading: No such device or address"
            ));
            continue;
        }
        let (shown, target) = landing(w, src, &dst, &dst_abs);
        let target = match place(w, &target) {
            Ok(t) => t,
            Err(e) => {
                let what = if is_dir { "directory" } else { "regular file" };
                r.fail(format!("{prog}: cannot create {what} '{shown}': {e}"));
                continue;
            }
        };
        if real == "/" || target == real || target.starts_with(&format!("{real}/")) {
            r.fail(format!(
                "{prog}: cannot {} '{src}' to a subdirectory of itself, '{shown}'",
                if moving { "move" } else { "copy a directory," }
            ));
            continue;
        }
        if let Ok(Entry::Dir { .. }) = w.node.fs.get(&target) {
            if !is_dir {
                r.fail(format!(
                    "{prog}: cannot overwrite directory '{shown}' with non-directory"
                ));
                continue;
            }
        }
        if moving {
            let _ = w.node.fs.remove_tree(&real);
        } else if !is_dir {
            let _ = w.node.fs.remove_tree(&target);
        }
        for (p, e) in tree {
            let rel = &p[real.len()..];
            w.node.fs.put(&format!("{target}{rel}"), e);
        }
    }
    r.done()
}

fn ln(w: &mut World, argv: &[String], io: &Io<'_>) -> Outcome {
    let a = match Args::parse(argv, "sfnvT", &["symbolic", "force", "no-dereference"]) {
        Ok(a) => a,
        Err(e) => return bad_option("ln", &e, 1),
    };
    if !(a.has("s") || a.has("symbolic")) {
        return Outcome::said(1, crate::msg!("files-ln-hard"));
    }
    let (target, link) = match a.operands.as_slice() {
        [] => return bad_option("ln", "missing file operand", 1),
        [t] => (t.clone(), base(t).to_string()),
        [t, l] => (t.clone(), l.clone()),
        _ => return Outcome::said(1, crate::msg!("files-ln-many")),
    };
    let force = a.has("f") || a.has("force");
    let mut lp = normalize(io.cwd, &link);
    let mut shown = link.clone();
    if !a.has("n") && w.node.fs.is_dir(&lp) {
        lp = format!("{lp}/{}", base(&target));
        shown = format!("{}/{}", link.trim_end_matches('/'), base(&target));
    }
    if w.node.fs.get_link(&lp).is_ok() {
        if !force {
            return Outcome::err(
                1,
                format!("ln: failed to create symbolic link '{shown}': File exists"),
            );
        }
        if let Ok((_, Entry::Dir { .. })) = w.node.fs.get_link(&lp) {
            return Outcome::err(1, format!("ln: '{shown}': cannot overwrite directory"));
        }
        let _ = w.node.fs.remove(&lp);
    }
    match place(w, &lp) {
        Ok(real) => {
            w.node.fs.put(&real, Entry::Symlink { target });
            Outcome::default()
        }
        Err(e) => Outcome::err(
            1,
            format!("ln: failed to create symbolic link '{shown}': {e}"),
        ),
    }
}

/// A mode change: octal, or symbolic clauses (`u+x`, `go-w`, `a=r`, `+x`).
fn apply_mode(spec: &str, old: u32, is_dir: bool) -> Option<u32> {
    if !spec.is_empty() && spec.chars().all(|c| c.is_digit(8)) {
        return u32::from_str_radix(spec, 8).ok().filter(|m| *m <= 0o7777);
    }
    let mut mode = old;
    for clause in spec.split(',') {
        let ops_at = clause.find(['+', '-', '='])?;
        let (who, rest) = clause.split_at(ops_at);
        let mut mask = 0;
        for c in who.chars() {
            mask |= match c {
                'u' => 0o700,
                'g' => 0o070,
                'o' => 0o007,
                'a' => 0o777,
                _ => return None,
            };
        }
        if who.is_empty() {
            mask = 0o777 & !0o022;
        }
        let mut chars = rest.chars().peekable();
        while let Some(op) = chars.next() {
            let mut bits = 0;
            while let Some(c) = chars.peek().copied() {
                if "+-=".contains(c) {
                    break;
                }
                chars.next();
                bits |= match c {
                    'r' => 0o444,
                    'w' => 0o222,
                    'x' => 0o111,
                    'X' if is_dir || old & 0o111 != 0 => 0o111,
                    'X' | 's' => 0,
                    't' => 0o1000,
                    _ => return None,
                };
            }
            let sticky = bits & 0o1000;
            let bits = (bits & mask) | sticky;
            match op {
                '+' => mode |= bits,
                '-' => mode &= !bits,
                _ => mode = (mode & !mask) | bits,
            }
        }
    }
    Some(mode)
}

fn chmod(w: &mut World, argv: &[String], io: &Io<'_>) -> Outcome {
    // A mode such as `-x` looks like an option: take the first word that is
    // not a known flag as the mode.
    let mut recursive = false;
    let mut words = Vec::new();
    for a in argv.iter().skip(1) {
        match a.as_str() {
            "-R" | "--recursive" => recursive = true,
            "-v" | "-c" | "-f" | "--verbose" | "--changes" | "--silent" => {}
            s => words.push(s.to_string()),
        }
    }
    let Some((spec, files)) = words.split_first() else {
        return missing_operand("chmod");
    };
    if files.is_empty() {
        return bad_option("chmod", &format!("missing operand after ‘{spec}’"), 1);
    }
    let mut r = Report::default();
    for op in files {
        let p = normalize(io.cwd, op);
        let targets: Vec<String> = match w.node.fs.resolve(&p, true) {
            Ok(real) if w.node.fs.get(&real).is_ok() => {
                if recursive {
                    w.node
                        .fs
                        .subtree(&real)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|(k, _)| k)
                        .collect()
                } else {
                    vec![real]
                }
            }
            _ => {
                r.fail(format!(
                    "chmod: cannot access '{op}': No such file or directory"
                ));
                continue;
            }
        };
        for t in targets {
            let (old, is_dir) = match w.node.fs.get_link(&t) {
                Ok((_, Entry::Dir { mode })) => (*mode, true),
                Ok((_, Entry::File { mode, .. })) => (*mode, false),
                _ => continue,
            };
            let Some(new) = apply_mode(spec, old, is_dir) else {
                return bad_option("chmod", &format!("invalid mode: ‘{spec}’"), 1);
            };
            let _ = w.node.fs.set_mode(&t, new);
        }
    }
    r.done()
}

#[cfg(test)]
mod tests {
    use super::apply_mode;

    #[test]
    fn modes() {
        assert_eq!(apply_mode("755", 0o644, false), Some(0o755));
        assert_eq!(apply_mode("+x", 0o644, false), Some(0o755));
        assert_eq!(apply_mode("go-rwx", 0o755, false), Some(0o700));
        assert_eq!(apply_mode("u=rw,g=r,o=", 0o777, false), Some(0o640));
        assert_eq!(apply_mode("zz", 0o644, false), None);
        assert_eq!(apply_mode("9", 0o644, false), None);
    }
}
