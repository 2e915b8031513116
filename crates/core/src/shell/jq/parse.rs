//! jq's grammar, as far as the filters learners use.

use super::F;
use serde_json::Value;

pub(super) struct P {
    pub c: Vec<char>,
    pub i: usize,
    pub depth: u32,
}

type PR<T> = Result<T, String>;

impl P {
    fn ws(&mut self) {
        while self.c.get(self.i).is_some_and(|c| c.is_whitespace()) {
            self.i += 1;
        }
    }
    pub fn peek(&mut self) -> Option<char> {
        self.ws();
        self.c.get(self.i).copied()
    }
    fn starts(&mut self, s: &str) -> bool {
        self.ws();
        s.chars()
            .enumerate()
            .all(|(k, ch)| self.c.get(self.i + k) == Some(&ch))
    }
    fn eat(&mut self, s: &str) -> bool {
        if self.starts(s) {
            self.i += s.chars().count();
            true
        } else {
            false
        }
    }
    fn kw(&mut self, w: &str) -> bool {
        if self.starts(w)
            && !self
                .c
                .get(self.i + w.len())
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
        {
            self.i += w.len();
            true
        } else {
            false
        }
    }
    pub fn err(&mut self) -> String {
        match self.peek() {
            Some(c) => format!("syntax error, unexpected '{c}'"),
            None => "syntax error, unexpected end of file".into(),
        }
    }

    pub fn pipe(&mut self) -> PR<F> {
        self.depth += 1;
        if self.depth > 100 {
            return Err("nesting too deep".into());
        }
        let mut l = self.comma()?;
        while self.peek() == Some('|') && !self.starts("||") {
            self.i += 1;
            let r = self.comma()?;
            l = F::Pipe(Box::new(l), Box::new(r));
        }
        self.depth -= 1;
        Ok(l)
    }
    fn comma(&mut self) -> PR<F> {
        let mut l = self.alt()?;
        while self.eat(",") {
            let r = self.alt()?;
            l = F::Comma(Box::new(l), Box::new(r));
        }
        Ok(l)
    }
    fn alt(&mut self) -> PR<F> {
        let mut l = self.or()?;
        while self.eat("//") {
            let r = self.or()?;
            l = F::Alt(Box::new(l), Box::new(r));
        }
        Ok(l)
    }
    fn or(&mut self) -> PR<F> {
        let mut l = self.and()?;
        while self.kw("or") {
            let r = self.and()?;
            l = F::Bin("or", Box::new(l), Box::new(r));
        }
        Ok(l)
    }
    fn and(&mut self) -> PR<F> {
        let mut l = self.cmp()?;
        while self.kw("and") {
            let r = self.cmp()?;
            l = F::Bin("and", Box::new(l), Box::new(r));
        }
        Ok(l)
    }
    fn cmp(&mut self) -> PR<F> {
        let l = self.add()?;
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if self.eat(op) {
                let r = self.add()?;
                return Ok(F::Bin(op, Box::new(l), Box::new(r)));
            }
        }
        Ok(l)
    }
    fn add(&mut self) -> PR<F> {
        let mut l = self.mul()?;
        loop {
            let op = if self.eat("+") {
                "+"
            } else if self.peek() == Some('-') {
                self.i += 1;
                "-"
            } else {
                return Ok(l);
            };
            let r = self.mul()?;
            l = F::Bin(op, Box::new(l), Box::new(r));
        }
    }
    fn mul(&mut self) -> PR<F> {
        let mut l = self.postfix()?;
        loop {
            let op = if self.eat("*") {
                "*"
            } else if self.peek() == Some('/') && !self.starts("//") {
                self.i += 1;
                "/"
            } else {
                return Ok(l);
            };
            let r = self.postfix()?;
            l = F::Bin(op, Box::new(l), Box::new(r));
        }
    }
    fn name(&mut self) -> String {
        let st = self.i;
        while self
            .c
            .get(self.i)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
        {
            self.i += 1;
        }
        self.c[st..self.i].iter().collect()
    }
    fn string(&mut self) -> PR<String> {
        self.i += 1;
        let mut s = String::new();
        loop {
            match self.c.get(self.i) {
                None => return Err("unterminated string".into()),
                Some('"') => {
                    self.i += 1;
                    return Ok(s);
                }
                Some('\\') => {
                    self.i += 1;
                    s.push(match self.c.get(self.i) {
                        Some('n') => '\n',
                        Some('t') => '\t',
                        Some(&c) => c,
                        None => '\\',
                    });
                }
                Some(&c) => s.push(c),
            }
            self.i += 1;
        }
    }
    fn opt(&mut self) -> bool {
        self.eat("?")
    }
    fn postfix(&mut self) -> PR<F> {
        let mut f = self.primary()?;
        loop {
            self.ws();
            if self.c.get(self.i) == Some(&'.')
                && self
                    .c
                    .get(self.i + 1)
                    .is_some_and(|c| c.is_alphabetic() || *c == '_' || *c == '"' || *c == '[')
            {
                self.i += 1;
                if self.c.get(self.i) == Some(&'[') {
                    continue;
                }
                let n = if self.c.get(self.i) == Some(&'"') {
                    self.string()?
                } else {
                    self.name()
                };
                let o = self.opt();
                f = F::Field(Box::new(f), n, o);
            } else if self.c.get(self.i) == Some(&'[') {
                self.i += 1;
                if self.eat("]") {
                    let o = self.opt();
                    f = F::Iter(Box::new(f), o);
                } else {
                    let ix = self.pipe()?;
                    if !self.eat("]") {
                        return Err(self.err());
                    }
                    let o = self.opt();
                    f = F::Index(Box::new(f), Box::new(ix), o);
                }
            } else {
                return Ok(f);
            }
        }
    }
    fn primary(&mut self) -> PR<F> {
        let Some(c) = self.peek() else {
            return Err(self.err());
        };
        match c {
            '.' => {
                self.i += 1;
                if self.c.get(self.i) == Some(&'.') {
                    self.i += 1;
                    return Ok(F::Recurse);
                }
                match self.c.get(self.i) {
                    Some(&c) if c.is_alphabetic() || c == '_' => {
                        let n = self.name();
                        let o = self.opt();
                        Ok(F::Field(Box::new(F::Identity), n, o))
                    }
                    Some('"') => {
                        let n = self.string()?;
                        let o = self.opt();
                        Ok(F::Field(Box::new(F::Identity), n, o))
                    }
                    _ => Ok(F::Identity),
                }
            }
            '"' => Ok(F::Lit(Value::String(self.string()?))),
            '(' => {
                self.i += 1;
                let f = self.pipe()?;
                if !self.eat(")") {
                    return Err(self.err());
                }
                Ok(f)
            }
            '[' => {
                self.i += 1;
                if self.eat("]") {
                    return Ok(F::Array(None));
                }
                let f = self.pipe()?;
                if !self.eat("]") {
                    return Err(self.err());
                }
                Ok(F::Array(Some(Box::new(f))))
            }
            '{' => {
                self.i += 1;
                let mut pairs = Vec::new();
                while !self.eat("}") {
                    let key = match self.peek() {
                        Some('"') => F::Lit(Value::String(self.string()?)),
                        Some('(') => {
                            self.i += 1;
                            let k = self.pipe()?;
                            if !self.eat(")") {
                                return Err(self.err());
                            }
                            k
                        }
                        Some(c) if c.is_alphabetic() || c == '_' => {
                            F::Lit(Value::String(self.name()))
                        }
                        _ => return Err(self.err()),
                    };
                    let val = if self.eat(":") {
                        self.alt()?
                    } else if let F::Lit(Value::String(k)) = &key {
                        F::Field(Box::new(F::Identity), k.clone(), false)
                    } else {
                        return Err(self.err());
                    };
                    pairs.push((key, val));
                    if !self.eat(",") && self.peek() != Some('}') {
                        return Err(self.err());
                    }
                }
                Ok(F::Object(pairs))
            }
            '-' => {
                self.i += 1;
                Ok(F::Neg(Box::new(self.postfix()?)))
            }
            c if c.is_ascii_digit() => {
                let st = self.i;
                while self
                    .c
                    .get(self.i)
                    .is_some_and(|c| c.is_ascii_digit() || *c == '.')
                {
                    self.i += 1;
                }
                let s: String = self.c[st..self.i].iter().collect();
                serde_json::from_str(&s).map(F::Lit).map_err(|_| self.err())
            }
            c if c.is_alphabetic() || c == '_' => {
                let n = self.name();
                match n.as_str() {
                    "true" => return Ok(F::Lit(Value::Bool(true))),
                    "false" => return Ok(F::Lit(Value::Bool(false))),
                    "null" => return Ok(F::Lit(Value::Null)),
                    _ => {}
                }
                let mut args = Vec::new();
                if self.eat("(") {
                    loop {
                        args.push(self.pipe_no_comma()?);
                        if self.eat(";") {
                            continue;
                        }
                        if self.eat(")") {
                            break;
                        }
                        return Err(self.err());
                    }
                }
                if !known(&n, args.len()) {
                    return Err(format!("{n}/{} is not defined", args.len()));
                }
                Ok(F::Call(n, args))
            }
            _ => Err(self.err()),
        }
    }
    fn pipe_no_comma(&mut self) -> PR<F> {
        self.pipe()
    }
}

fn known(n: &str, arity: usize) -> bool {
    match arity {
        0 => matches!(
            n,
            "keys"
                | "length"
                | "not"
                | "type"
                | "first"
                | "last"
                | "to_entries"
                | "from_entries"
                | "tostring"
                | "tonumber"
                | "add"
                | "sort"
                | "unique"
                | "empty"
                | "reverse"
                | "ascii_downcase"
                | "ascii_upcase"
                | "values"
                | "tojson"
                | "min"
                | "max"
                | "keys_unsorted"
                | "arrays"
                | "objects"
                | "strings"
                | "numbers"
                | "floor"
        ),
        1 => matches!(
            n,
            "select"
                | "map"
                | "has"
                | "test"
                | "startswith"
                | "endswith"
                | "contains"
                | "sort_by"
                | "group_by"
                | "join"
                | "split"
                | "ltrimstr"
                | "rtrimstr"
                | "with_entries"
                | "map_values"
                | "first"
                | "any"
                | "all"
                | "unique_by"
                | "min_by"
                | "max_by"
        ),
        _ => false,
    }
}
