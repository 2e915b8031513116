//! Running what was parsed: lists, `&&`/`||`, pipelines (each stage's
//! output is the next one's input; the status is the last stage's),
//! redirections, loops under a bound, and simple commands (builtins, the
//! filters, then the machine's programs; bash's `command not found`).

use super::syntax::{AndOr, Command, Connector, Kind, List, Pipeline, RedirOp};
use super::{builtins, text, Shell, MAX_COMMANDS, MAX_ITERATIONS, MAX_OUTPUT, MAX_PROGRAMS};
use crate::message::Msg;
use crate::msg;
use crate::node::fs::{base, normalize};
use crate::node::{Io, Machine};
use crate::remark::Remark;

/// Why running stopped before the end of the line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Stop {
    /// `exit N`.
    Exit(i32),
    /// A bound of the simulator was reached.
    Limit(Msg),
}

/// A command's status, or why the line stopped.
pub(crate) type Flow = Result<i32, Stop>;

/// What one line's run shares: the machine, the remarks, the counters.
pub(crate) struct Run<'m> {
    pub m: &'m mut dyn Machine,
    pub remarks: Vec<Remark>,
    pub edit: Option<String>,
    /// A command that goes on printing (`journalctl -f`): kept only when it
    /// is the line's command itself, not a stage of a pipeline or a
    /// substitution.
    pub follow: Option<Box<crate::engine::Follow>>,
    iterations: u32,
    commands: u32,
    programs: u32,
    output: usize,
}

impl<'m> Run<'m> {
    pub fn new(m: &'m mut dyn Machine) -> Run<'m> {
        Run {
            m,
            remarks: Vec::new(),
            edit: None,
            follow: None,
            iterations: 0,
            commands: 0,
            programs: 0,
            output: 0,
        }
    }

    fn iteration(&mut self) -> Result<(), Stop> {
        self.iterations += 1;
        if self.iterations > MAX_ITERATIONS {
            return Err(Stop::Limit(msg!("shell-loop-limit", max = MAX_ITERATIONS)));
        }
        Ok(())
    }

    pub fn command(&mut self) -> Result<(), Stop> {
        self.commands += 1;
        if self.commands > MAX_COMMANDS {
            return Err(Stop::Limit(msg!("shell-command-limit", max = MAX_COMMANDS)));
        }
        Ok(())
    }

    /// One run of a node program: each can change the world and leave hops,
    /// so a line runs at most [`MAX_PROGRAMS`] of them.
    pub fn program(&mut self) -> Result<(), Stop> {
        self.programs += 1;
        if self.programs > MAX_PROGRAMS {
            return Err(Stop::Limit(msg!("shell-program-limit", max = MAX_PROGRAMS)));
        }
        Ok(())
    }

    pub fn output(&mut self, n: usize) -> Result<(), Stop> {
        self.output += n;
        if self.output > MAX_OUTPUT {
            return Err(Stop::Limit(msg!("shell-output-limit", max = MAX_OUTPUT)));
        }
        Ok(())
    }
}

/// A command's standard input: what is left of it (`read` takes a line,
/// a program takes the rest).
#[derive(Debug, Clone, Default)]
pub(crate) struct Input {
    text: String,
    pos: usize,
}

impl Input {
    pub fn new(text: String) -> Input {
        Input { text, pos: 0 }
    }

    /// Everything left, consumed.
    pub fn take(&mut self) -> String {
        let s = self.text.get(self.pos..).unwrap_or("").to_string();
        self.pos = self.text.len();
        s
    }

    /// Everything left, not consumed (a program that does not read it).
    pub fn rest(&self) -> String {
        self.text.get(self.pos..).unwrap_or("").to_string()
    }

    /// One line (without its newline), or `None` at the end.
    pub fn line(&mut self) -> Option<String> {
        let rest = self.text.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let (line, used) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        let line = line.to_string();
        self.pos += used;
        Some(line)
    }
}

/// Whether a program's argument names its standard input (`-f -`,
/// `--filename=-`, `-f-`).
fn reads_stdin(arg: &str) -> bool {
    matches!(arg, "-" | "-f-" | "--filename=-")
}

/// Where a file descriptor's output goes.
#[derive(Debug, Clone, PartialEq)]
enum Dest {
    Out,
    Err,
    File(String),
    Null,
}

impl Shell {
    pub(crate) fn list(
        &mut self,
        r: &mut Run<'_>,
        list: &List,
        inp: &mut Input,
        out: &mut String,
        err: &mut String,
    ) -> Flow {
        let mut status = self.status;
        for ao in list {
            status = self.and_or(r, ao, inp, out, err)?;
            self.status = status;
            if ao.background {
                r.remarks.push(Remark::line(msg!("shell-background")));
            }
        }
        Ok(status)
    }

    fn and_or(
        &mut self,
        r: &mut Run<'_>,
        ao: &AndOr,
        inp: &mut Input,
        out: &mut String,
        err: &mut String,
    ) -> Flow {
        let mut status = self.pipeline(r, &ao.first, inp, out, err)?;
        for (c, p) in &ao.rest {
            self.status = status;
            let go = match c {
                Connector::And => status == 0,
                Connector::Or => status != 0,
            };
            if go {
                status = self.pipeline(r, p, inp, out, err)?;
            }
        }
        Ok(status)
    }

    fn pipeline(
        &mut self,
        r: &mut Run<'_>,
        p: &Pipeline,
        inp: &mut Input,
        out: &mut String,
        err: &mut String,
    ) -> Flow {
        let status = match p.cmds.as_slice() {
            [one] => self.command(r, one, inp, out, err)?,
            cmds => {
                // Each stage runs in a subshell: its variables and `cd` do
                // not outlive it.
                // The first stage shares the caller's input: it takes only
                // what it reads (`while read id; do ctr … | grep …; done`
                // keeps the loop's lines for the next `read`).
                let mut feed: Option<String> = None;
                let mut status = 0;
                let n = cmds.len();
                for (k, c) in cmds.iter().enumerate() {
                    let mut sub = self.clone();
                    let mut fed;
                    let stage_in = match feed.take() {
                        Some(t) => {
                            fed = Input::new(t);
                            &mut fed
                        }
                        None => &mut *inp,
                    };
                    if k + 1 == n {
                        status = sub.command(r, c, stage_in, out, err)?;
                    } else {
                        let mut o = String::new();
                        status = sub.command(r, c, stage_in, &mut o, err)?;
                        feed = Some(o);
                    }
                }
                r.follow = None;
                status
            }
        };
        Ok(if p.bang {
            i32::from(status == 0)
        } else {
            status
        })
    }

    fn command(
        &mut self,
        r: &mut Run<'_>,
        c: &Command,
        inp: &mut Input,
        out: &mut String,
        err: &mut String,
    ) -> Flow {
        if c.redirs.is_empty() {
            return self.kind(r, &c.kind, inp, out, err);
        }
        let mut fds = [Dest::Out, Dest::Out, Dest::Err];
        let mut stdin: Option<String> = None;
        for rd in &c.redirs {
            let fd = rd.fd as usize;
            match &rd.op {
                RedirOp::Out(w) | RedirOp::Append(w) | RedirOp::Both(w, _) => {
                    let append = matches!(rd.op, RedirOp::Append(_) | RedirOp::Both(_, true));
                    let Some(shown) = self.redir_target(r, w, err)? else {
                        return Ok(1);
                    };
                    let dest = match self.open_out(r, &shown, append) {
                        Ok(d) => d,
                        Err(e) => {
                            err.push_str(&format!("bash: {shown}: {e}\n"));
                            return Ok(1);
                        }
                    };
                    if let RedirOp::Both(..) = rd.op {
                        fds[1] = dest.clone();
                        fds[2] = dest;
                    } else if let Some(slot) = fds.get_mut(fd) {
                        *slot = dest;
                    }
                }
                RedirOp::In(w) => {
                    let Some(shown) = self.redir_target(r, w, err)? else {
                        return Ok(1);
                    };
                    let path = normalize(&self.cwd, &shown);
                    let text = if path == "/dev/null" {
                        Ok(String::new())
                    } else {
                        r.m.read(&path)
                    };
                    match text {
                        Ok(t) if fd == 0 => stdin = Some(t),
                        Ok(_) => {}
                        Err(e) => {
                            err.push_str(&format!("bash: {shown}: {e}\n"));
                            return Ok(1);
                        }
                    }
                }
                RedirOp::Here { body } => {
                    let t = self.expand_plain(r, body, err)?;
                    if fd == 0 {
                        stdin = Some(t);
                    }
                }
                RedirOp::Dup(n) => {
                    let Some(src) = fds.get(*n as usize).cloned() else {
                        err.push_str(&format!("bash: {n}: Bad file descriptor\n"));
                        return Ok(1);
                    };
                    if fd != 0 {
                        if let Some(slot) = fds.get_mut(fd) {
                            *slot = src;
                        }
                    }
                }
                RedirOp::Close => {
                    if let Some(slot) = fds.get_mut(fd) {
                        *slot = Dest::Null;
                    }
                }
            }
        }
        let mut o = String::new();
        let mut e = String::new();
        let status = match stdin {
            Some(t) => self.kind(r, &c.kind, &mut Input::new(t), &mut o, &mut e)?,
            None => self.kind(r, &c.kind, inp, &mut o, &mut e)?,
        };
        for (fd, text) in [(1usize, o), (2usize, e)] {
            match fds.get(fd) {
                Some(Dest::Out) => out.push_str(&text),
                Some(Dest::Err) => err.push_str(&text),
                Some(Dest::File(p)) => {
                    if let Err(x) = r.m.write(p, &text, true) {
                        err.push_str(&format!("bash: {p}: {x}\n"));
                    }
                }
                Some(Dest::Null) | None => {}
            }
        }
        Ok(status)
    }

    /// A redirection's file name (one field), or `None` after bash's
    /// `ambiguous redirect`.
    fn redir_target(
        &mut self,
        r: &mut Run<'_>,
        w: &super::syntax::Word,
        err: &mut String,
    ) -> Result<Option<String>, Stop> {
        let fields = self.expand_words(r, std::slice::from_ref(w), err)?;
        match fields.as_slice() {
            [one] => Ok(Some(one.clone())),
            _ => {
                err.push_str(&format!(
                    "bash: {}: ambiguous redirect\n",
                    super::expand::source_text(w)
                ));
                Ok(None)
            }
        }
    }

    fn open_out(
        &self,
        r: &mut Run<'_>,
        shown: &str,
        append: bool,
    ) -> Result<Dest, crate::node::fs::FsError> {
        let path = normalize(&self.cwd, shown);
        match path.as_str() {
            "/dev/null" => return Ok(Dest::Null),
            "/dev/stdout" => return Ok(Dest::Out),
            "/dev/stderr" => return Ok(Dest::Err),
            _ => {}
        }
        r.m.write(&path, "", append)?;
        Ok(Dest::File(path))
    }

    fn kind(
        &mut self,
        r: &mut Run<'_>,
        k: &Kind,
        inp: &mut Input,
        out: &mut String,
        err: &mut String,
    ) -> Flow {
        match k {
            Kind::Simple { assigns, words } => self.simple(r, assigns, words, inp, out, err),
            Kind::Group(l) => self.list(r, l, inp, out, err),
            Kind::Subshell(l) => {
                let mut sub = self.clone();
                match sub.list(r, l, inp, out, err) {
                    Err(Stop::Exit(s)) => Ok(s),
                    other => other,
                }
            }
            Kind::For { var, items, body } => {
                let words = match items {
                    Some(ws) => self.expand_words(r, ws, err)?,
                    None => Vec::new(),
                };
                let mut status = 0;
                for w in words {
                    r.iteration()?;
                    self.vars.insert(var.clone(), w);
                    status = self.list(r, body, inp, out, err)?;
                }
                Ok(status)
            }
            Kind::While { until, cond, body } => {
                let mut status = 0;
                loop {
                    r.iteration()?;
                    let c = self.list(r, cond, inp, out, err)?;
                    if (c == 0) == *until {
                        break;
                    }
                    status = self.list(r, body, inp, out, err)?;
                }
                Ok(status)
            }
            Kind::If {
                branches,
                otherwise,
            } => {
                for (c, b) in branches {
                    if self.list(r, c, inp, out, err)? == 0 {
                        return self.list(r, b, inp, out, err);
                    }
                }
                match otherwise {
                    Some(o) => self.list(r, o, inp, out, err),
                    None => Ok(0),
                }
            }
        }
    }

    fn simple(
        &mut self,
        r: &mut Run<'_>,
        assigns: &[(String, super::syntax::Word)],
        words: &[super::syntax::Word],
        inp: &mut Input,
        out: &mut String,
        err: &mut String,
    ) -> Flow {
        r.command()?;
        self.last_subst = None;
        let mut values = Vec::new();
        for (name, w) in assigns {
            values.push((name.clone(), self.expand_assign(r, w, err)?));
        }
        let declaring = words
            .first()
            .and_then(super::syntax::literal)
            .is_some_and(|w| matches!(w, "export" | "local" | "declare" | "readonly"));
        let mut argv = if declaring {
            let mut v = Vec::new();
            for w in words {
                v.push(self.expand_assign(r, w, err)?);
            }
            v
        } else {
            self.expand_words(r, words, err)?
        };
        if argv.is_empty() {
            for (k, v) in values {
                self.vars.insert(k, v);
            }
            return Ok(self.last_subst.unwrap_or(0));
        }
        if let Some(first) = words.first().and_then(super::syntax::literal) {
            if let Some(a) = self.aliases.get(first) {
                if let Ok(mut ws) = crate::command::shell::split(a) {
                    if !ws.is_empty() {
                        ws.extend(argv.drain(1..));
                        argv = ws;
                    }
                }
            }
        }
        let before = out.len() + err.len();
        let status = self.dispatch(r, &argv, &values, inp, out, err)?;
        r.output((out.len() + err.len()).saturating_sub(before))?;
        Ok(status)
    }

    /// Runs one command by name: a builtin, a filter, or the machine's.
    pub(crate) fn dispatch(
        &mut self,
        r: &mut Run<'_>,
        argv: &[String],
        assigns: &[(String, String)],
        inp: &mut Input,
        out: &mut String,
        err: &mut String,
    ) -> Flow {
        let Some(name) = argv.first() else {
            return Ok(0);
        };
        if let Some(flow) = builtins::run(self, r, argv, inp, out, err) {
            return flow;
        }
        if base(name) == "sudo" {
            let (inner, other_user) = strip_sudo(argv);
            let login = argv.iter().skip(1).any(|a| a == "-i" || a == "-s");
            if inner.is_empty() && login {
                // Already root: the new shell is this one.
                return Ok(0);
            }
            if inner.is_empty() {
                err.push_str("usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABknS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABknS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command [arg ...]]\nusage: sudo [-ABbEHknPS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i | -s] [<command>]\nusage: sudo -e [-ABknS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...\n");
                return Ok(1);
            }
            if !other_user {
                return self.dispatch(r, &inner, assigns, inp, out, err);
            }
        }
        if base(name) == "xargs" {
            return self.xargs(r, argv, inp, out, err);
        }
        let prog = base(name);
        if let Some(res) = text::run(prog, argv, inp, &self.cwd, r.m) {
            out.push_str(&res.out);
            err.push_str(&res.err);
            return Ok(res.status);
        }
        let mut env = self.env();
        for (k, v) in assigns {
            env.insert(k.clone(), v.clone());
        }
        // Of the node's programs only `kubectl apply -f -` reads its input;
        // the others leave it to the next reader (a loop's `read`).
        let stdin = if argv.iter().skip(1).any(|a| reads_stdin(a)) {
            inp.take()
        } else {
            inp.rest()
        };
        let io = Io {
            stdin: &stdin,
            env: &env,
            cwd: &self.cwd,
        };
        r.program()?;
        match r.m.exec(argv, &io) {
            Some(o) => {
                r.output(o.stdout.len() + o.stderr.len())?;
                out.push_str(&o.stdout);
                err.push_str(&o.stderr);
                r.remarks.extend(o.remarks);
                if o.edit.is_some() {
                    r.edit = o.edit;
                }
                r.follow = o.follow;
                Ok(o.exit)
            }
            None if name.contains('/') => {
                err.push_str(&format!("bash: {name}: No such file or directory\n"));
                Ok(127)
            }
            None => {
                err.push_str(&format!("bash: {name}: command not found\n"));
                Ok(127)
            }
        }
    }

    /// `xargs [-n N] [-I R] [cmd …]`: the input's words as arguments.
    fn xargs(
        &mut self,
        r: &mut Run<'_>,
        argv: &[String],
        inp: &mut Input,
        out: &mut String,
        err: &mut String,
    ) -> Flow {
        let mut per: Option<usize> = None;
        let mut repl: Option<String> = None;
        let mut k = 1;
        while let Some(a) = argv.get(k) {
            if a == "-n" || a == "-I" || a == "-L" {
                let Some(v) = argv.get(k + 1) else {
                    err.push_str(&format!(
                        "xargs: option requires an argument -- '{}'\n",
                        a.trim_start_matches('-')
                    ));
                    return Ok(1);
                };
                if a == "-I" {
                    repl = Some(v.clone());
                } else {
                    per = v.parse().ok().filter(|n: &usize| *n > 0);
                }
                k += 2;
            } else if let Some(n) = a.strip_prefix("-n").filter(|n| !n.is_empty()) {
                per = n.parse().ok().filter(|n: &usize| *n > 0);
                k += 1;
            } else if let Some(v) = a.strip_prefix("-I").filter(|n| !n.is_empty()) {
                repl = Some(v.to_string());
                k += 1;
            } else if a == "-r" || a == "--no-run-if-empty" || a == "-0" || a == "-t" {
                k += 1;
            } else if a.starts_with('-') && a.len() > 1 {
                err.push_str(&format!("xargs: invalid option -- '{}'\n", &a[1..]));
                return Ok(1);
            } else {
                break;
            }
        }
        let cmd: Vec<String> = match argv.get(k..) {
            Some(c) if !c.is_empty() => c.to_vec(),
            _ => vec!["echo".to_string()],
        };
        let input = inp.take();
        let batches: Vec<Vec<String>> = if let Some(rep) = &repl {
            input
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    cmd.iter()
                        .map(|a| a.replace(rep.as_str(), l.trim_start()))
                        .collect()
                })
                .collect()
        } else {
            let words: Vec<String> = input.split_whitespace().map(str::to_string).collect();
            if words.is_empty() {
                return Ok(0);
            }
            let chunk = per.unwrap_or(words.len()).max(1);
            words
                .chunks(chunk)
                .map(|c| cmd.iter().cloned().chain(c.iter().cloned()).collect())
                .collect()
        };
        let mut status = 0;
        for b in batches {
            r.iteration()?;
            let mut empty = Input::default();
            let s = self.dispatch(r, &b, &[], &mut empty, out, err)?;
            if s == 127 {
                return Ok(127);
            }
            if s != 0 {
                status = 123;
            }
        }
        Ok(status)
    }
}

/// `sudo [options] cmd…`: the command, and whether it runs as another user
/// than root (`-u alice`), which the container tools model.
fn strip_sudo(argv: &[String]) -> (Vec<String>, bool) {
    let mut k = 1;
    let mut other = false;
    while let Some(a) = argv.get(k) {
        match a.as_str() {
            "-u" | "--user" | "-g" | "--group" | "-C" | "-D" | "-h" | "-p" | "-R" | "-T" => {
                if a == "-u" || a == "--user" {
                    other = argv.get(k + 1).is_some_and(|u| u != "root" && u != "#0");
                }
                k += 2;
            }
            "--" => {
                k += 1;
                break;
            }
            s if s.starts_with('-') && s.len() > 1 => k += 1,
            _ => break,
        }
    }
    (argv.get(k..).unwrap_or(&[]).to_vec(), other)
}
