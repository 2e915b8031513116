//! Words: literal text, quotes (`'…'`, `"…"`, `$'…'`, `\\x`), parameters
//! (`$X`, `${X:-w}`), substitutions (`$(…)`, backticks, nested), arithmetic
//! (`$((…))`), and here-documents' bodies.

use super::{fill_heredocs, ParseError, Parser};
use crate::shell::syntax::{List, Param, ParamOp, Part, Word};

impl Parser<'_> {
    /// One word (the cursor is on its first character).
    pub(super) fn word(&mut self) -> Result<Word, ParseError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        while let Some(c) = self.at(0) {
            if c.is_whitespace() || "|&;<>()".contains(c) {
                break;
            }
            match c {
                '\\' => {
                    self.i += 1;
                    match self.at(0) {
                        Some('\n') => self.i += 1,
                        Some(n) => {
                            flush(&mut lit, &mut parts);
                            parts.push(Part::Quoted(n.to_string()));
                            self.i += 1;
                        }
                        None => {
                            if !self.at_end {
                                return Err(ParseError::Eof);
                            }
                        }
                    }
                }
                '\'' => {
                    flush(&mut lit, &mut parts);
                    self.i += 1;
                    let mut q = String::new();
                    loop {
                        match self.at(0) {
                            None => return Err(ParseError::Quote('\'')),
                            Some('\'') => break,
                            Some(c) => q.push(c),
                        }
                        self.i += 1;
                    }
                    self.i += 1;
                    parts.push(Part::Quoted(q));
                }
                '"' => {
                    flush(&mut lit, &mut parts);
                    self.i += 1;
                    let inner = self.double()?;
                    parts.push(Part::Double(inner));
                }
                '$' if self.at(1) == Some('\'') => {
                    flush(&mut lit, &mut parts);
                    self.i += 2;
                    parts.push(Part::Quoted(self.ansi_c()?));
                }
                '$' | '`' => {
                    if let Some(p) = self.dollar_or_backtick()? {
                        flush(&mut lit, &mut parts);
                        parts.push(p);
                    } else {
                        lit.push('$');
                    }
                }
                _ => {
                    lit.push(c);
                    self.i += 1;
                }
            }
        }
        flush(&mut lit, &mut parts);
        Ok(parts)
    }

    /// Inside `"…"` (the cursor after the opening quote).
    fn double(&mut self) -> Result<Vec<Part>, ParseError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        loop {
            match self.at(0) {
                None => return Err(ParseError::Quote('"')),
                Some('"') => {
                    self.i += 1;
                    break;
                }
                Some('\\') => {
                    match self.at(1) {
                        Some('\n') => {}
                        Some(c @ ('$' | '`' | '"' | '\\')) => lit.push(c),
                        Some(c) => {
                            lit.push('\\');
                            lit.push(c);
                        }
                        None => return Err(ParseError::Quote('"')),
                    }
                    self.i += 2;
                }
                Some('$' | '`') => {
                    if let Some(p) = self.dollar_or_backtick()? {
                        if !lit.is_empty() {
                            parts.push(Part::Quoted(std::mem::take(&mut lit)));
                        }
                        parts.push(p);
                    } else {
                        lit.push('$');
                    }
                }
                Some(c) => {
                    lit.push(c);
                    self.i += 1;
                }
            }
        }
        if !lit.is_empty() {
            parts.push(Part::Quoted(lit));
        }
        Ok(parts)
    }

    fn ansi_c(&mut self) -> Result<String, ParseError> {
        let mut s = String::new();
        loop {
            match self.at(0) {
                None => return Err(ParseError::Quote('\'')),
                Some('\'') => {
                    self.i += 1;
                    return Ok(s);
                }
                Some('\\') => {
                    let c = self.at(1).ok_or(ParseError::Quote('\''))?;
                    s.push(match c {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        'e' => '\u{1b}',
                        '0' => '\0',
                        c => c,
                    });
                    self.i += 2;
                }
                Some(c) => {
                    s.push(c);
                    self.i += 1;
                }
            }
        }
    }

    /// `$…` or a backtick substitution; `None`: a lone `$` (the cursor is
    /// moved past it).
    fn dollar_or_backtick(&mut self) -> Result<Option<Part>, ParseError> {
        if self.at(0) == Some('`') {
            self.i += 1;
            let mut inner = String::new();
            loop {
                match self.at(0) {
                    None => return Err(ParseError::Quote('`')),
                    Some('`') => break,
                    Some('\\') if matches!(self.at(1), Some('$' | '`' | '\\')) => {
                        inner.push(self.at(1).unwrap_or('\\'));
                        self.i += 2;
                        continue;
                    }
                    Some(c) => inner.push(c),
                }
                self.i += 1;
            }
            self.i += 1;
            let sub = self.sub_parse(&inner)?;
            return Ok(Some(Part::Subst(Box::new(sub))));
        }
        self.i += 1;
        match self.at(0) {
            Some('(') if self.at(1) == Some('(') => {
                let start = self.i + 2;
                let mut k = start;
                let mut depth = 0i32;
                loop {
                    match self.s.get(k) {
                        None => return Err(ParseError::Eof),
                        Some('(') => depth += 1,
                        Some(')') if depth > 0 => depth -= 1,
                        Some(')') if self.s.get(k + 1) == Some(&')') => break,
                        Some(')') => return Err(ParseError::Unexpected(")".into())),
                        _ => {}
                    }
                    k += 1;
                }
                let expr: String = self.s[start..k].iter().collect();
                self.i = k + 2;
                Ok(Some(Part::Arith(expr)))
            }
            Some('(') => {
                self.i += 1;
                self.deeper()?;
                let pending = std::mem::take(&mut self.pending);
                let mut sub = self.list(&[])?;
                self.blanks();
                if self.at(0) != Some(')') {
                    return Err(if self.i >= self.s.len() {
                        ParseError::Quote(')')
                    } else {
                        self.unexpected()
                    });
                }
                self.i += 1;
                self.depth -= 1;
                let bodies: Vec<Word> = std::mem::take(&mut self.heredocs);
                fill_heredocs(&mut sub, &mut bodies.into_iter());
                self.pending = pending;
                Ok(Some(Part::Subst(Box::new(sub))))
            }
            Some('{') => {
                self.i += 1;
                Ok(Some(Part::Param(self.braced()?)))
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(c) = self.at(0) {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        name.push(c);
                        self.i += 1;
                    } else {
                        break;
                    }
                }
                Ok(Some(Part::Param(Param {
                    name,
                    op: ParamOp::Plain,
                })))
            }
            Some(c) if c.is_ascii_digit() || "?#@*$!-".contains(c) => {
                self.i += 1;
                Ok(Some(Part::Param(Param {
                    name: c.to_string(),
                    op: ParamOp::Plain,
                })))
            }
            _ => Ok(None),
        }
    }

    /// `${…}` (the cursor after `{`).
    fn braced(&mut self) -> Result<Param, ParseError> {
        let length = self.at(0) == Some('#') && self.at(1).is_some_and(|c| c != '}');
        if length {
            self.i += 1;
        }
        let mut name = String::new();
        while let Some(c) = self.at(0) {
            let special = name.is_empty() && "?#@*$!".contains(c);
            if c.is_ascii_alphanumeric() || c == '_' || special {
                name.push(c);
                self.i += 1;
                if special {
                    break;
                }
            } else {
                break;
            }
        }
        if name.is_empty() {
            return Err(ParseError::Quote('}'));
        }
        if length {
            if self.at(0) != Some('}') {
                return Err(ParseError::Quote('}'));
            }
            self.i += 1;
            return Ok(Param {
                name,
                op: ParamOp::Length,
            });
        }
        let colon = self.at(0) == Some(':');
        if colon {
            self.i += 1;
        }
        let c = self.at(0).ok_or(ParseError::Quote('}'))?;
        self.i += 1;
        let op = match c {
            '}' if !colon => {
                return Ok(Param {
                    name,
                    op: ParamOp::Plain,
                })
            }
            '-' => ParamOp::Default(colon, self.param_word(false)?),
            '=' => ParamOp::Assign(colon, self.param_word(false)?),
            '+' => ParamOp::Alt(colon, self.param_word(false)?),
            '#' | '%' if !colon => {
                let long = self.at(0) == Some(c);
                if long {
                    self.i += 1;
                }
                let w = self.param_word(false)?;
                if c == '#' {
                    ParamOp::TrimFront(long, w)
                } else {
                    ParamOp::TrimBack(long, w)
                }
            }
            '/' if !colon => {
                let all = self.at(0) == Some('/');
                if all {
                    self.i += 1;
                }
                let pat = self.param_word(true)?;
                let rep = if self.s.get(self.i - 1) == Some(&'/') {
                    self.param_word(false)?
                } else {
                    Vec::new()
                };
                ParamOp::Replace(all, pat, rep)
            }
            _ => return Err(ParseError::Quote('}')),
        };
        Ok(Param { name, op })
    }

    /// The word inside `${NAME op word}` up to `}` (or `/` when `slash`).
    fn param_word(&mut self, slash: bool) -> Result<Word, ParseError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        loop {
            match self.at(0) {
                None => return Err(ParseError::Quote('}')),
                Some('}') => {
                    self.i += 1;
                    break;
                }
                Some('/') if slash => {
                    self.i += 1;
                    break;
                }
                Some('\'') => {
                    flush(&mut lit, &mut parts);
                    self.i += 1;
                    let mut q = String::new();
                    while let Some(c) = self.at(0) {
                        self.i += 1;
                        if c == '\'' {
                            break;
                        }
                        q.push(c);
                    }
                    parts.push(Part::Quoted(q));
                }
                Some('"') => {
                    flush(&mut lit, &mut parts);
                    self.i += 1;
                    parts.push(Part::Double(self.double()?));
                }
                Some('\\') => {
                    flush(&mut lit, &mut parts);
                    if let Some(c) = self.at(1) {
                        parts.push(Part::Quoted(c.to_string()));
                    }
                    self.i += 2;
                }
                Some('$' | '`') => {
                    if let Some(p) = self.dollar_or_backtick()? {
                        flush(&mut lit, &mut parts);
                        parts.push(p);
                    } else {
                        lit.push('$');
                    }
                }
                Some(c) => {
                    lit.push(c);
                    self.i += 1;
                }
            }
        }
        flush(&mut lit, &mut parts);
        Ok(parts)
    }

    fn sub_parse(&mut self, text: &str) -> Result<List, ParseError> {
        self.deeper()?;
        let chars: Vec<char> = text.chars().collect();
        let mut p = Parser {
            s: &chars,
            i: 0,
            depth: self.depth,
            pending: Vec::new(),
            at_end: true,
            warnings: Vec::new(),
            heredocs: Vec::new(),
        };
        let mut list = p.list(&[])?;
        p.blanks();
        if p.i < p.s.len() {
            return Err(p.unexpected());
        }
        let bodies = std::mem::take(&mut p.heredocs);
        fill_heredocs(&mut list, &mut bodies.into_iter());
        self.depth -= 1;
        Ok(list)
    }
}

fn flush(lit: &mut String, parts: &mut Vec<Part>) {
    if !lit.is_empty() {
        parts.push(Part::Lit(std::mem::take(lit)));
    }
}

/// A word's text with quotes removed and nothing expanded (a here-document's
/// delimiter, an fd number).
pub(super) fn plain_text(w: &Word) -> String {
    let mut s = String::new();
    for p in w {
        match p {
            Part::Lit(t) | Part::Quoted(t) => s.push_str(t),
            Part::Double(inner) => s.push_str(&plain_text(inner)),
            Part::Param(p) => {
                s.push('$');
                s.push_str(&p.name);
            }
            Part::Subst(_) | Part::Arith(_) => {}
        }
    }
    s
}

/// A here-document's body as parts: `$` and backticks expand, backslash
/// escapes only `$`, `` ` ``, `\` and newline; quotes are literal.
pub(super) fn heredoc_parts(body: &str) -> Word {
    let chars: Vec<char> = body.chars().collect();
    let mut p = Parser {
        s: &chars,
        i: 0,
        depth: 0,
        pending: Vec::new(),
        at_end: true,
        warnings: Vec::new(),
        heredocs: Vec::new(),
    };
    let mut parts = Vec::new();
    let mut lit = String::new();
    while let Some(c) = p.at(0) {
        match c {
            '\\' if matches!(p.at(1), Some('$' | '`' | '\\')) => {
                lit.push(p.at(1).unwrap_or('\\'));
                p.i += 2;
            }
            '\\' if p.at(1) == Some('\n') => p.i += 2,
            '$' | '`' => match p.dollar_or_backtick() {
                Ok(Some(part)) => {
                    if !lit.is_empty() {
                        parts.push(Part::Quoted(std::mem::take(&mut lit)));
                    }
                    parts.push(part);
                }
                Ok(None) => lit.push('$'),
                Err(_) => {
                    lit.push(c);
                    p.i += 1;
                }
            },
            c => {
                lit.push(c);
                p.i += 1;
            }
        }
    }
    if !lit.is_empty() {
        parts.push(Part::Quoted(lit));
    }
    vec![Part::Double(parts)]
}
