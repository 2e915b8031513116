//! Running an awk program: fields, variables, values that are numbers
//! or strings as awk decides.

use super::{E, S};
use crate::shell::grep::compile;
use litemap::LiteMap;

pub(super) struct Vm {
    pub vars: LiteMap<String, String>,
    pub fields: Vec<String>,
    pub nr: usize,
    pub fs: Option<String>,
    pub out: String,
}

fn num(s: &str) -> f64 {
    let t = s.trim();
    let end = t
        .char_indices()
        .find(|(i, c)| {
            !(c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '-' || *c == '+')) || *c == 'e')
        })
        .map_or(t.len(), |(i, _)| i);
    crate::shell::arith::float(&t[..end]).unwrap_or(0.0)
}

fn looks_num(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && crate::shell::arith::float(t).is_some()
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

impl Vm {
    pub fn split(&mut self, line: &str) {
        self.fields = vec![line.to_string()];
        match self.fs.as_deref() {
            None | Some(" ") => self
                .fields
                .extend(line.split_whitespace().map(str::to_string)),
            Some(sep) if sep.chars().count() == 1 => {
                self.fields.extend(line.split(sep).map(str::to_string))
            }
            Some(sep) => match compile(sep, true, false) {
                Ok(re) => self.fields.extend(re.split(line).map(str::to_string)),
                Err(_) => self.fields.extend(line.split(sep).map(str::to_string)),
            },
        }
        if line.is_empty() {
            self.fields.truncate(1);
        }
    }

    fn get(&self, name: &str) -> String {
        match name {
            "NR" | "FNR" => self.nr.to_string(),
            "NF" => (self.fields.len().saturating_sub(1)).to_string(),
            "FS" => self.fs.clone().unwrap_or_else(|| " ".into()),
            _ => self.vars.get(name).cloned().unwrap_or_default(),
        }
    }

    pub fn eval(&mut self, e: &E) -> Result<String, String> {
        Ok(match e {
            E::Num(n) => fmt_num(*n),
            E::Str(s) => s.clone(),
            E::Re(r) => {
                let re = compile(r, true, false)?;
                bool_s(re.is_match(self.fields.first().map_or("", String::as_str)))
            }
            E::Field(i) => {
                let k = num(&self.eval(i)?);
                if k < 0.0 {
                    return Err(format!("trying to access out of range field {}", k as i64));
                }
                self.fields.get(k as usize).cloned().unwrap_or_default()
            }
            E::Var(n) => self.get(n),
            E::Un(op, x) => {
                let v = self.eval(x)?;
                if *op == "!" {
                    bool_s(!truthy(&v))
                } else {
                    fmt_num(-num(&v))
                }
            }
            E::Bin(op, a, b) => {
                if *op == "&&" {
                    return Ok(bool_s(truthy(&self.eval(a)?) && truthy(&self.eval(b)?)));
                }
                if *op == "||" {
                    return Ok(bool_s(truthy(&self.eval(a)?) || truthy(&self.eval(b)?)));
                }
                let l = self.eval(a)?;
                if *op == "~" || *op == "!~" {
                    let pat = match &**b {
                        E::Re(r) => r.clone(),
                        other => self.eval(other)?,
                    };
                    let m = compile(&pat, true, false)?.is_match(&l);
                    return Ok(bool_s(m == (*op == "~")));
                }
                let r = self.eval(b)?;
                let numeric = (looks_num(&l) || matches!(**a, E::Num(_)))
                    && (looks_num(&r) || matches!(**b, E::Num(_)));
                let ord = if numeric {
                    num(&l)
                        .partial_cmp(&num(&r))
                        .unwrap_or(std::cmp::Ordering::Equal)
                } else {
                    l.cmp(&r)
                };
                match *op {
                    "==" => bool_s(ord.is_eq()),
                    "!=" => bool_s(!ord.is_eq()),
                    "<" => bool_s(ord.is_lt()),
                    "<=" => bool_s(ord.is_le()),
                    ">" => bool_s(ord.is_gt()),
                    ">=" => bool_s(ord.is_ge()),
                    _ => arith(op, num(&l), num(&r))?,
                }
            }
            E::Assign(op, n, v) => {
                let v = self.eval(v)?;
                let nv = if *op == "=" {
                    v
                } else {
                    arith(&op[..1], num(&self.get(n)), num(&v))?
                };
                self.set(n, nv.clone());
                nv
            }
            E::Incr(n, d) => {
                let old = self.get(n);
                self.set(n, fmt_num(num(&old) + d));
                fmt_num(num(&old))
            }
            E::Concat(parts) => {
                let mut s = String::new();
                for p in parts {
                    s.push_str(&self.eval(p)?);
                }
                s
            }
            E::Call(f, args) => {
                let mut v = Vec::new();
                for a in args {
                    v.push(self.eval(a)?);
                }
                let a0 = v
                    .first()
                    .cloned()
                    .unwrap_or_else(|| self.fields.first().cloned().unwrap_or_default());
                match f.as_str() {
                    "length" => a0.chars().count().to_string(),
                    "tolower" => a0.to_lowercase(),
                    "toupper" => a0.to_uppercase(),
                    "int" => fmt_num(num(&a0).trunc()),
                    "index" => {
                        let b = v.get(1).cloned().unwrap_or_default();
                        a0.find(&b)
                            .map_or(0, |i| a0[..i].chars().count() + 1)
                            .to_string()
                    }
                    "substr" => {
                        let st = v.get(1).map_or(1.0, |s| num(s)).max(1.0) as usize;
                        let n = v.get(2).map_or(usize::MAX, |s| num(s).max(0.0) as usize);
                        a0.chars().skip(st - 1).take(n).collect()
                    }
                    _ => String::new(),
                }
            }
        })
    }

    fn set(&mut self, n: &str, v: String) {
        match n {
            "FS" => self.fs = Some(v),
            _ => {
                self.vars.insert(n.to_string(), v);
            }
        }
    }

    /// Runs statements; `true` when `next` was hit.
    pub fn exec(&mut self, body: &[S]) -> Result<bool, String> {
        for s in body {
            match s {
                S::Print(args) => {
                    let ofs = self.vars.get("OFS").cloned().unwrap_or_else(|| " ".into());
                    if args.is_empty() {
                        let l = self.fields.first().cloned().unwrap_or_default();
                        self.out.push_str(&l);
                    } else {
                        let mut vs = Vec::new();
                        for a in args {
                            vs.push(self.eval(a)?);
                        }
                        self.out.push_str(&vs.join(&ofs));
                    }
                    self.out.push('\n');
                }
                S::Printf(args) => {
                    let mut vs = Vec::new();
                    for a in args {
                        vs.push(self.eval(a)?);
                    }
                    let mut tmp = String::new();
                    let mut err = String::new();
                    crate::shell::builtins::printf_to(&vs, &mut tmp, &mut err);
                    self.out.push_str(&tmp);
                }
                S::Expr(e) => {
                    self.eval(e)?;
                }
                S::If(c, a, b) => {
                    let v = self.eval(c)?;
                    let branch = if truthy_expr(c, &v) { a } else { b };
                    if self.exec(branch)? {
                        return Ok(true);
                    }
                }
                S::Next => return Ok(true),
            }
            if self.out.len() > crate::shell::MAX_OUTPUT {
                return Err("output too large".into());
            }
        }
        Ok(false)
    }
}

fn arith(op: &str, a: f64, b: f64) -> Result<String, String> {
    Ok(fmt_num(match op {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" | "%" if b == 0.0 => return Err("division by zero".into()),
        "/" => a / b,
        _ => a % b,
    }))
}

fn bool_s(b: bool) -> String {
    if b {
        "1".into()
    } else {
        "0".into()
    }
}

fn truthy(s: &str) -> bool {
    !(s.is_empty() || (looks_num(s) && num(s) == 0.0))
}

pub(super) fn truthy_expr(e: &E, v: &str) -> bool {
    match e {
        E::Str(s) => !s.is_empty(),
        _ => truthy(v),
    }
}
