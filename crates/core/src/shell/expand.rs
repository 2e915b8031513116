//! From words to fields, in bash's order: tilde, parameters, command
//! substitution and arithmetic, then splitting of unquoted results on
//! blanks, then pathname expansion against the machine's directories.

use super::exec::{Input, Run, Stop};
use super::syntax::{Param, ParamOp, Part, Word};
use super::{arith, pattern, Shell};
use crate::node::fs::normalize;

/// A field being built: its text, and its pattern form (quoted parts with
/// their special characters escaped).
#[derive(Default)]
struct Field {
    text: String,
    pat: String,
}

impl Field {
    fn push_quoted(&mut self, s: &str) {
        self.text.push_str(s);
        self.pat.push_str(&pattern::quote(s));
    }

    fn push_glob(&mut self, s: &str) {
        self.text.push_str(s);
        self.pat.push_str(s);
    }
}

impl Shell {
    /// Words to fields (split and globbed).
    pub(crate) fn expand_words(
        &mut self,
        r: &mut Run<'_>,
        words: &[Word],
        err: &mut String,
    ) -> Result<Vec<String>, Stop> {
        let mut out = Vec::new();
        for w in words {
            let mut fields: Vec<Field> = Vec::new();
            let mut cur: Option<Field> = None;
            for (k, part) in w.iter().enumerate() {
                match part {
                    Part::Lit(s) => {
                        let f = cur.get_or_insert_with(Field::default);
                        match (k, self.tilde_split(s)) {
                            (0, Some((home, rest))) => {
                                f.push_quoted(&home);
                                f.push_glob(rest);
                            }
                            _ => f.push_glob(s),
                        }
                    }
                    Part::Quoted(s) => cur.get_or_insert_with(Field::default).push_quoted(s),
                    Part::Double(inner) => {
                        let s = self.expand_double(r, inner, err)?;
                        cur.get_or_insert_with(Field::default).push_quoted(&s);
                    }
                    Part::Param(_) | Part::Subst(_) | Part::Arith(_) => {
                        let v = self.part_value(r, part, err)?;
                        for c in v.chars() {
                            if matches!(c, ' ' | '\t' | '\n') {
                                if let Some(f) = cur.take() {
                                    fields.push(f);
                                }
                            } else {
                                let f = cur.get_or_insert_with(Field::default);
                                let mut b = [0u8; 4];
                                f.push_glob(c.encode_utf8(&mut b));
                            }
                        }
                    }
                }
            }
            if let Some(f) = cur.take() {
                fields.push(f);
            }
            for f in fields {
                if pattern::is_glob(&f.pat) {
                    let found = self.glob(r, &f.pat);
                    if !found.is_empty() {
                        out.extend(found);
                        continue;
                    }
                }
                out.push(f.text);
            }
        }
        Ok(out)
    }

    /// One word without splitting or globbing (an assignment's value: tilde
    /// after `=` too).
    pub(crate) fn expand_assign(
        &mut self,
        r: &mut Run<'_>,
        w: &Word,
        err: &mut String,
    ) -> Result<String, Stop> {
        let mut s = String::new();
        for (k, part) in w.iter().enumerate() {
            match part {
                Part::Lit(t) if k == 0 => {
                    if let Some((name, v)) = t.split_once('=') {
                        s.push_str(name);
                        s.push('=');
                        s.push_str(&self.tilde(v));
                    } else {
                        s.push_str(&self.tilde(t));
                    }
                }
                _ => s.push_str(&self.part_value(r, part, err)?),
            }
        }
        Ok(s)
    }

    /// A word's parts joined, nothing split (here-documents, patterns).
    pub(crate) fn expand_plain(
        &mut self,
        r: &mut Run<'_>,
        w: &Word,
        err: &mut String,
    ) -> Result<String, Stop> {
        let mut s = String::new();
        for part in w {
            s.push_str(&self.part_value(r, part, err)?);
        }
        Ok(s)
    }

    fn expand_double(
        &mut self,
        r: &mut Run<'_>,
        parts: &[Part],
        err: &mut String,
    ) -> Result<String, Stop> {
        let mut s = String::new();
        for p in parts {
            s.push_str(&self.part_value(r, p, err)?);
        }
        Ok(s)
    }

    fn part_value(
        &mut self,
        r: &mut Run<'_>,
        part: &Part,
        err: &mut String,
    ) -> Result<String, Stop> {
        Ok(match part {
            Part::Lit(s) | Part::Quoted(s) => s.clone(),
            Part::Double(inner) => self.expand_double(r, inner, err)?,
            Part::Param(p) => self.param(r, p, err)?,
            Part::Subst(list) => {
                let mut sub = self.clone();
                let mut o = String::new();
                let status = match sub.list(r, list, &mut Input::default(), &mut o, err) {
                    Ok(s) | Err(Stop::Exit(s)) => s,
                    Err(e) => return Err(e),
                };
                r.follow = None;
                self.last_subst = Some(status);
                self.status = status;
                let t = o.trim_end_matches('\n').len();
                o.truncate(t);
                o
            }
            Part::Arith(e) => {
                let vars = &self.vars;
                let lookup = |n: &str| vars.get(n).cloned();
                match arith::eval(e, &lookup) {
                    Ok(v) => v.to_string(),
                    Err(words) => {
                        err.push_str(&format!("bash: {}: {words}\n", e.trim()));
                        String::new()
                    }
                }
            }
        })
    }

    /// A special or named parameter's value.
    pub(crate) fn lookup(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.status.to_string()),
            "#" => Some("0".into()),
            "0" => Some("-bash".into()),
            "-" => Some("himBHs".into()),
            "@" | "*" => Some(String::new()),
            "PWD" => Some(self.cwd.clone()),
            _ => self.vars.get(name).cloned(),
        }
    }

    fn param(&mut self, r: &mut Run<'_>, p: &Param, err: &mut String) -> Result<String, Stop> {
        let v = self.lookup(&p.name);
        let empty = |colon: bool, v: &Option<String>| match v {
            None => true,
            Some(s) => colon && s.is_empty(),
        };
        Ok(match &p.op {
            ParamOp::Plain => v.unwrap_or_default(),
            ParamOp::Length => v.unwrap_or_default().chars().count().to_string(),
            ParamOp::Default(colon, w) => {
                if empty(*colon, &v) {
                    self.expand_plain(r, w, err)?
                } else {
                    v.unwrap_or_default()
                }
            }
            ParamOp::Assign(colon, w) => {
                if empty(*colon, &v) {
                    let s = self.expand_plain(r, w, err)?;
                    self.vars.insert(p.name.clone(), s.clone());
                    s
                } else {
                    v.unwrap_or_default()
                }
            }
            ParamOp::Alt(colon, w) => {
                if empty(*colon, &v) {
                    String::new()
                } else {
                    self.expand_plain(r, w, err)?
                }
            }
            ParamOp::TrimFront(long, w) | ParamOp::TrimBack(long, w) => {
                let pat = self.pattern_of(r, w, err)?;
                let s = v.unwrap_or_default();
                let front = matches!(p.op, ParamOp::TrimFront(..));
                trim(&s, &pat, front, *long)
            }
            ParamOp::Replace(all, pw, rw) => {
                let pat = self.pattern_of(r, pw, err)?;
                let rep = self.expand_plain(r, rw, err)?;
                replace(&v.unwrap_or_default(), &pat, &rep, *all)
            }
        })
    }

    /// A word as a pattern: unquoted parts keep their special characters.
    fn pattern_of(&mut self, r: &mut Run<'_>, w: &Word, err: &mut String) -> Result<String, Stop> {
        let mut s = String::new();
        for part in w {
            match part {
                Part::Lit(t) => s.push_str(t),
                Part::Quoted(t) => s.push_str(&pattern::quote(t)),
                Part::Double(inner) => {
                    let t = self.expand_double(r, inner, err)?;
                    s.push_str(&pattern::quote(&t));
                }
                _ => s.push_str(&self.part_value(r, part, err)?),
            }
        }
        Ok(s)
    }

    fn tilde(&self, s: &str) -> String {
        match self.tilde_split(s) {
            Some((home, rest)) => format!("{home}{rest}"),
            None => s.to_string(),
        }
    }

    /// `~/x`, `~root/x`: HOME and the rest.
    fn tilde_split<'s>(&self, s: &'s str) -> Option<(String, &'s str)> {
        let home = self
            .vars
            .get("HOME")
            .cloned()
            .unwrap_or_else(|| "/root".into());
        for prefix in ["~root", "~"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                if rest.is_empty() || rest.starts_with('/') {
                    return Some((home, rest));
                }
            }
        }
        None
    }

    /// Pathname expansion: the matches, sorted, or none.
    fn glob(&self, r: &mut Run<'_>, pat: &str) -> Vec<String> {
        let absolute = pat.starts_with('/');
        let comps: Vec<&str> = pat.split('/').filter(|c| !c.is_empty()).collect();
        // (shown path, absolute path)
        let mut cur: Vec<(String, String)> = vec![if absolute {
            (String::new(), "/".into())
        } else {
            (String::new(), self.cwd.clone())
        }];
        for (k, comp) in comps.iter().enumerate() {
            let last = k + 1 == comps.len();
            let mut next = Vec::new();
            for (shown, abs) in &cur {
                let join = |name: &str| {
                    let s = if shown.is_empty() && !absolute {
                        name.to_string()
                    } else {
                        format!("{shown}/{name}")
                    };
                    (s, normalize(abs, name))
                };
                if pattern::is_glob(comp) {
                    for name in r.m.list(abs) {
                        if name.starts_with('.') && !comp.starts_with('.') {
                            continue;
                        }
                        if pattern::matches(comp, &name) {
                            let (s, a) = join(&name);
                            if last || r.m.is_dir(&a) {
                                next.push((s, a));
                            }
                        }
                    }
                } else {
                    let name = pattern::unquote(comp);
                    let (s, a) = join(&name);
                    let exists = r.m.is_dir(&a) || r.m.list(abs).contains(&name);
                    if exists {
                        next.push((s, a));
                    }
                }
            }
            cur = next;
            if cur.is_empty() {
                break;
            }
        }
        let mut found: Vec<String> = cur.into_iter().map(|(s, _)| s).collect();
        crate::order::sort(&mut found);
        found
    }
}

fn trim(s: &str, pat: &str, front: bool, long: bool) -> String {
    let idx: Vec<usize> = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect();
    let cands: Box<dyn Iterator<Item = &usize>> = match (front, long) {
        (true, false) | (false, true) => Box::new(idx.iter()),
        _ => Box::new(idx.iter().rev()),
    };
    for &i in cands {
        let (cut, keep) = if front {
            (&s[..i], &s[i..])
        } else {
            (&s[i..], &s[..i])
        };
        if pattern::matches(pat, cut) {
            return keep.to_string();
        }
    }
    s.to_string()
}

fn replace(s: &str, pat: &str, rep: &str, all: bool) -> String {
    let idx: Vec<usize> = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect();
    let mut out = String::new();
    let mut k = 0usize;
    let mut done = false;
    while k < idx.len() {
        let start = idx[k];
        if !done {
            // Longest match starting here.
            if let Some(&end) = idx[k..]
                .iter()
                .rev()
                .find(|&&e| pattern::matches(pat, &s[start..e]) && e > start)
            {
                out.push_str(rep);
                done = !all;
                k = idx.iter().position(|&i| i == end).unwrap_or(idx.len());
                continue;
            }
        }
        if let Some(&next) = idx.get(k + 1) {
            out.push_str(&s[start..next]);
        }
        k += 1;
    }
    out
}

/// A word as it was written (for `ambiguous redirect`).
pub(crate) fn source_text(w: &Word) -> String {
    let mut s = String::new();
    for p in w {
        match p {
            Part::Lit(t) => s.push_str(t),
            Part::Quoted(t) => s.push_str(t),
            Part::Double(inner) => {
                s.push('"');
                s.push_str(&source_text(inner));
                s.push('"');
            }
            Part::Param(p) => {
                s.push('$');
                s.push_str(&p.name);
            }
            Part::Subst(_) => s.push_str("$(…)"),
            Part::Arith(e) => {
                s.push_str("$((");
                s.push_str(e);
                s.push_str("))");
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_replaces() {
        assert_eq!(trim("a.b.c", "*.", true, false), "b.c");
        assert_eq!(trim("a.b.c", "*.", true, true), "c");
        assert_eq!(trim("a.b.c", ".*", false, false), "a.b");
        assert_eq!(trim("a.b.c", ".*", false, true), "a");
        assert_eq!(replace("a-b-c", "-", "_", false), "a_b-c");
        assert_eq!(replace("a-b-c", "-", "_", true), "a_b_c");
    }
}
