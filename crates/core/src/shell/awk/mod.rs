//! `awk` for the one-liners people type: `'{print $1, $NF}'`, `-F:`,
//! `NR`, `NF`, `/re/ {print}`, `$3 == "x"`, `BEGIN`/`END`, `printf`,
//! variables and `+=` (sums and counts), `length`. Errors use gawk's
//! words (`awk: cmd. line:1: …`, exit 2).

mod vm;

use super::text::{lines, Files, Res};
use litemap::LiteMap;
use vm::{truthy_expr, Vm};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Re(String),
    Name(String),
    Op(&'static str),
    Nl,
}

const OPS: [&str; 31] = [
    "+=", "-=", "*=", "/=", "++", "--", "==", "!=", "<=", ">=", "&&", "||", "!~", "{", "}", "(",
    ")", ";", ",", "$", "+", "-", "*", "/", "%", "<", ">", "!", "~", "=", "?",
];

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let c: Vec<char> = src.chars().collect();
    let mut t = Vec::new();
    let mut i = 0;
    while let Some(&ch) = c.get(i) {
        let operand_expected = matches!(t.last(), None | Some(Tok::Op(_)) | Some(Tok::Nl))
            && !matches!(t.last(), Some(Tok::Op(")")));
        if ch == ' ' || ch == '\t' || ch == '\r' {
            i += 1;
        } else if ch == '\n' {
            t.push(Tok::Nl);
            i += 1;
        } else if ch == '#' {
            while c.get(i).is_some_and(|c| *c != '\n') {
                i += 1;
            }
        } else if ch == '"' {
            let mut s = String::new();
            i += 1;
            loop {
                match c.get(i) {
                    None => return Err("unterminated string".into()),
                    Some('"') => break,
                    Some('\\') => {
                        i += 1;
                        s.push(match c.get(i) {
                            Some('n') => '\n',
                            Some('t') => '\t',
                            Some(&x) => x,
                            None => '\\',
                        });
                    }
                    Some(&x) => s.push(x),
                }
                i += 1;
            }
            i += 1;
            t.push(Tok::Str(s));
        } else if ch == '/' && operand_expected {
            let mut s = String::new();
            i += 1;
            loop {
                match c.get(i) {
                    None | Some('\n') => return Err("unterminated regexp".into()),
                    Some('/') => break,
                    Some('\\') if c.get(i + 1) == Some(&'/') => {
                        s.push('/');
                        i += 1;
                    }
                    Some(&x) => s.push(x),
                }
                i += 1;
            }
            i += 1;
            t.push(Tok::Re(s));
        } else if ch.is_ascii_digit()
            || (ch == '.' && c.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let st = i;
            while c.get(i).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
                i += 1;
            }
            let s: String = c[st..i].iter().collect();
            t.push(Tok::Num(super::arith::float(&s).unwrap_or(0.0)));
        } else if ch.is_ascii_alphabetic() || ch == '_' {
            let st = i;
            while c
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
            {
                i += 1;
            }
            t.push(Tok::Name(c[st..i].iter().collect()));
        } else {
            let rest: String = c[i..(i + 2).min(c.len())].iter().collect();
            match OPS.iter().find(|o| rest.starts_with(**o)) {
                Some(o) => {
                    t.push(Tok::Op(o));
                    i += o.len();
                }
                None => return Err(format!("syntax error at `{ch}'")),
            }
        }
    }
    Ok(t)
}

#[derive(Debug, Clone)]
pub(super) enum E {
    Num(f64),
    Str(String),
    Re(String),
    Field(Box<E>),
    Var(String),
    Un(&'static str, Box<E>),
    Bin(&'static str, Box<E>, Box<E>),
    Assign(&'static str, String, Box<E>),
    Incr(String, f64),
    Call(String, Vec<E>),
    Concat(Vec<E>),
}

#[derive(Debug, Clone)]
pub(super) enum S {
    Print(Vec<E>),
    Printf(Vec<E>),
    Expr(E),
    If(E, Vec<S>, Vec<S>),
    Next,
}

#[derive(Debug, Clone)]
enum Pat {
    Begin,
    End,
    Always,
    When(E),
}

/// Patterns and their actions (`None`: print the line).
type Program = Vec<(Pat, Option<Vec<S>>)>;

struct P {
    t: Vec<Tok>,
    i: usize,
    depth: u32,
}

impl P {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.i)
    }
    fn is(&self, o: &str) -> bool {
        matches!(self.peek(), Some(Tok::Op(x)) if *x == o)
    }
    fn eat(&mut self, o: &str) -> bool {
        if self.is(o) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn nls(&mut self) {
        while matches!(self.peek(), Some(Tok::Nl)) || self.is(";") {
            self.i += 1;
        }
    }
    fn err(&self) -> String {
        match self.peek() {
            Some(Tok::Op(o)) => format!("syntax error at source line 1 near `{o}'"),
            Some(Tok::Name(n)) => format!("syntax error at source line 1 near `{n}'"),
            _ => "syntax error at source line 1".into(),
        }
    }

    fn program(&mut self) -> Result<Program, String> {
        let mut items = Vec::new();
        loop {
            self.nls();
            if self.peek().is_none() {
                return Ok(items);
            }
            let pat = match self.peek() {
                Some(Tok::Name(n)) if n == "BEGIN" => {
                    self.i += 1;
                    Pat::Begin
                }
                Some(Tok::Name(n)) if n == "END" => {
                    self.i += 1;
                    Pat::End
                }
                _ if self.is("{") => Pat::Always,
                _ => Pat::When(self.expr()?),
            };
            let body = if self.is("{") {
                Some(self.block()?)
            } else {
                None
            };
            items.push((pat, body));
        }
    }

    fn block(&mut self) -> Result<Vec<S>, String> {
        if !self.eat("{") {
            return Err(self.err());
        }
        let mut v = Vec::new();
        loop {
            self.nls();
            if self.eat("}") {
                return Ok(v);
            }
            if self.peek().is_none() {
                return Err("unexpected newline or end of string".into());
            }
            v.push(self.stmt()?);
        }
    }

    fn stmt(&mut self) -> Result<S, String> {
        self.depth += 1;
        if self.depth > 100 {
            return Err("nesting too deep".into());
        }
        let s = match self.peek().cloned() {
            Some(Tok::Name(n)) if n == "print" || n == "printf" => {
                self.i += 1;
                let mut args = Vec::new();
                let paren = self.is("(");
                if !(self.is(";") || self.is("}") || matches!(self.peek(), Some(Tok::Nl) | None)) {
                    args.push(self.expr()?);
                    while self.eat(",") {
                        args.push(self.expr()?);
                    }
                }
                let _ = paren;
                if n == "print" {
                    S::Print(args)
                } else {
                    S::Printf(args)
                }
            }
            Some(Tok::Name(n)) if n == "next" => {
                self.i += 1;
                S::Next
            }
            Some(Tok::Name(n)) if n == "if" => {
                self.i += 1;
                if !self.eat("(") {
                    return Err(self.err());
                }
                let c = self.expr()?;
                if !self.eat(")") {
                    return Err(self.err());
                }
                self.nls();
                let then = if self.is("{") {
                    self.block()?
                } else {
                    vec![self.stmt()?]
                };
                self.nls();
                let otherwise = if matches!(self.peek(), Some(Tok::Name(n)) if n == "else") {
                    self.i += 1;
                    self.nls();
                    if self.is("{") {
                        self.block()?
                    } else {
                        vec![self.stmt()?]
                    }
                } else {
                    Vec::new()
                };
                S::If(c, then, otherwise)
            }
            _ if self.is("{") => {
                let b = self.block()?;
                S::If(E::Num(1.0), b, Vec::new())
            }
            _ => S::Expr(self.expr()?),
        };
        self.depth -= 1;
        Ok(s)
    }

    fn expr(&mut self) -> Result<E, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("expression too deep".into());
        }
        let e = self.assign()?;
        self.depth -= 1;
        Ok(e)
    }

    fn assign(&mut self) -> Result<E, String> {
        if let (Some(Tok::Name(n)), Some(Tok::Op(op))) =
            (self.t.get(self.i).cloned(), self.t.get(self.i + 1).cloned())
        {
            if ["=", "+=", "-=", "*=", "/="].contains(&op) && !is_func(&n) {
                self.i += 2;
                let v = self.assign()?;
                return Ok(E::Assign(op, n, Box::new(v)));
            }
            if op == "++" || op == "--" {
                self.i += 2;
                return Ok(E::Incr(n, if op == "++" { 1.0 } else { -1.0 }));
            }
        }
        self.bin(0)
    }

    fn bin(&mut self, level: usize) -> Result<E, String> {
        const LEVELS: [&[&str]; 6] = [
            &["||"],
            &["&&"],
            &["~", "!~"],
            &["==", "!=", "<", "<=", ">", ">="],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        if level == 4 {
            return self.concat();
        }
        if level >= LEVELS.len() {
            return self.unary();
        }
        let mut l = self.bin(level + 1)?;
        while let Some(Tok::Op(o)) = self.peek().cloned() {
            if !LEVELS[level].contains(&o) {
                break;
            }
            self.i += 1;
            let r = self.bin(level + 1)?;
            l = E::Bin(o, Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn concat(&mut self) -> Result<E, String> {
        let mut parts = vec![self.additive()?];
        while matches!(
            self.peek(),
            Some(Tok::Num(_) | Tok::Str(_) | Tok::Name(_) | Tok::Op("$" | "(" | "!"))
        ) && !matches!(self.peek(), Some(Tok::Name(n)) if n == "else")
        {
            parts.push(self.additive()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            E::Concat(parts)
        })
    }

    fn additive(&mut self) -> Result<E, String> {
        let mut l = self.term()?;
        while let Some(Tok::Op(o @ ("+" | "-"))) = self.peek().cloned() {
            self.i += 1;
            let r = self.term()?;
            l = E::Bin(o, Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn term(&mut self) -> Result<E, String> {
        let mut l = self.unary()?;
        while let Some(Tok::Op(o @ ("*" | "/" | "%"))) = self.peek().cloned() {
            self.i += 1;
            let r = self.unary()?;
            l = E::Bin(o, Box::new(l), Box::new(r));
        }
        Ok(l)
    }

    fn unary(&mut self) -> Result<E, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("expression too deep".into());
        }
        let tok = self.peek().cloned().ok_or_else(|| self.err())?;
        self.i += 1;
        let e = match tok {
            Tok::Num(n) => E::Num(n),
            Tok::Str(s) => E::Str(s),
            Tok::Re(r) => E::Re(r),
            Tok::Op("!") => E::Un("!", Box::new(self.unary()?)),
            Tok::Op("-") => E::Un("-", Box::new(self.unary()?)),
            Tok::Op("$") => E::Field(Box::new(self.unary()?)),
            Tok::Op("(") => {
                let e = self.expr()?;
                if !self.eat(")") {
                    return Err(self.err());
                }
                e
            }
            Tok::Name(n) if is_func(&n) => {
                let mut args = Vec::new();
                if self.eat("(") && !self.eat(")") {
                    args.push(self.expr()?);
                    while self.eat(",") {
                        args.push(self.expr()?);
                    }
                    if !self.eat(")") {
                        return Err(self.err());
                    }
                }
                E::Call(n, args)
            }
            Tok::Name(n) => E::Var(n),
            _ => {
                self.i -= 1;
                return Err(self.err());
            }
        };
        self.depth -= 1;
        Ok(e)
    }
}

fn is_func(n: &str) -> bool {
    matches!(
        n,
        "length" | "substr" | "tolower" | "toupper" | "index" | "int" | "split"
    )
}

pub(crate) fn run(args: &[String], f: &mut Files<'_, '_>) -> Res {
    let mut fs = None;
    let mut vars = LiteMap::new();
    let mut k = 0;
    while let Some(a) = args.get(k) {
        if let Some(sep) = a.strip_prefix("-F") {
            let sep = if sep.is_empty() {
                k += 1;
                args.get(k).cloned().unwrap_or_default()
            } else {
                sep.to_string()
            };
            fs = Some(if sep == "\\t" || sep == "t" {
                "\t".to_string()
            } else {
                sep
            });
        } else if let Some(v) = a.strip_prefix("-v") {
            let v = if v.is_empty() {
                k += 1;
                args.get(k).cloned().unwrap_or_default()
            } else {
                v.to_string()
            };
            if let Some((n, x)) = v.split_once('=') {
                vars.insert(n.to_string(), x.to_string());
            }
        } else if a == "--" {
            k += 1;
            break;
        } else if a.starts_with('-') && a.len() > 1 {
            return Res::fail(format!("awk: not an option: {a}\n"), 2);
        } else {
            break;
        }
        k += 1;
    }
    let Some(src) = args.get(k) else {
        return Res::fail(
            "usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n".into(),
            2,
        );
    };
    let prog = match lex(src).and_then(|t| P { t, i: 0, depth: 0 }.program()) {
        Ok(p) => p,
        Err(e) => return Res::fail(format!("awk: cmd. line:1: {e}\n"), 2),
    };
    let mut res = Res::default();
    let files = args.get(k + 1..).unwrap_or(&[]).to_vec();
    let inputs = f.inputs("awk", &files, &mut res);
    if res.status != 0 {
        res.status = 2;
    }
    let mut vm = Vm {
        vars,
        fields: vec![String::new()],
        nr: 0,
        fs,
        out: String::new(),
    };
    let run = |vm: &mut Vm| -> Result<(), String> {
        for (p, body) in &prog {
            if matches!(p, Pat::Begin) {
                vm.exec(body.as_deref().unwrap_or(&[]))?;
            }
        }
        let has_main = prog
            .iter()
            .any(|(p, _)| matches!(p, Pat::Always | Pat::When(_)));
        if has_main {
            for (_, text) in &inputs {
                for l in lines(text) {
                    vm.nr += 1;
                    vm.split(l);
                    for (p, body) in &prog {
                        let hit = match p {
                            Pat::Always => true,
                            Pat::When(e) => {
                                let v = vm.eval(e)?;
                                truthy_expr(e, &v)
                            }
                            _ => false,
                        };
                        if hit {
                            let stop = match body {
                                Some(b) => vm.exec(b)?,
                                None => vm.exec(&[S::Print(Vec::new())])?,
                            };
                            if stop {
                                break;
                            }
                        }
                    }
                }
            }
        }
        for (p, body) in &prog {
            if matches!(p, Pat::End) {
                vm.exec(body.as_deref().unwrap_or(&[]))?;
            }
        }
        Ok(())
    };
    if let Err(e) = run(&mut vm) {
        res.err.push_str(&format!("awk: cmd. line:1: fatal: {e}\n"));
        res.status = 2;
    }
    res.out = vm.out;
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn awk(prog: &str, input: &str) -> String {
        let t = lex(prog).and_then(|t| P { t, i: 0, depth: 0 }.program());
        assert!(t.is_ok(), "{t:?}");
        let mut vm = Vm {
            vars: LiteMap::new(),
            fields: vec![],
            nr: 0,
            fs: None,
            out: String::new(),
        };
        let prog = t.unwrap_or_default();
        for l in lines(input) {
            vm.nr += 1;
            vm.split(l);
            for (p, body) in &prog {
                let hit = match p {
                    Pat::Always => true,
                    Pat::When(e) => {
                        let v = vm.eval(e).unwrap_or_default();
                        truthy_expr(e, &v)
                    }
                    _ => false,
                };
                if hit {
                    let _ = vm.exec(body.as_deref().unwrap_or(&[S::Print(Vec::new())]));
                }
            }
        }
        vm.out
    }

    #[test]
    fn one_liners() {
        assert_eq!(awk("{print $2}", "a b c\nd e f\n"), "b\ne\n");
        assert_eq!(awk("{print $1, $NF}", "a b c\n"), "a c\n");
        assert_eq!(awk("NR==2", "a\nb\nc\n"), "b\n");
        assert_eq!(awk("/b/ {print NR}", "a\nb\n"), "2\n");
        assert_eq!(awk("$2 == \"x\" {print $1}", "1 x\n2 y\n"), "1\n");
        assert_eq!(awk("NR > 1 {print $1 \":\" NF}", "h h\na b c\n"), "a:3\n");
        assert_eq!(awk("$3 > 10", "a b 9\nc d 11\n"), "c d 11\n");
    }
}
