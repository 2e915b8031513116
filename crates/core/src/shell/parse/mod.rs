//! Reading a command line as bash does: words and operators, then the
//! grammar (lists, pipelines, compound commands, redirections,
//! here-documents). A line that ends inside a quote, a compound command, a
//! here-document or after `|`/`&&`/`||` is [`ParseError::incomplete`]: a
//! script feeds it the next line, a typed line gets bash's end-of-input words.

use super::syntax::{
    literal, AndOr, Command, Connector, Kind, List, Part, Pipeline, Redir, RedirOp, Word,
};

mod word;

use word::{heredoc_parts, plain_text};

/// Deepest nesting of substitutions and compound commands accepted.
pub const MAX_DEPTH: usize = 48;

/// Why a line is not a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// `syntax error near unexpected token `X'`.
    Unexpected(String),
    /// `syntax error: unexpected end of file` (an open compound command, a
    /// trailing `|`).
    Eof,
    /// `unexpected EOF while looking for matching `X'`.
    Quote(char),
    /// A here-document's body is still to come.
    HereDoc(String),
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl ParseError {
    /// Whether more input could complete the line (a script reads on).
    pub fn incomplete(&self) -> bool {
        matches!(
            self,
            ParseError::Eof | ParseError::Quote(_) | ParseError::HereDoc(_)
        )
    }

    /// bash's words, without the `bash: ` prefix.
    pub fn bash_words(&self) -> String {
        match self {
            ParseError::Unexpected(t) => format!("syntax error near unexpected token `{t}'"),
            ParseError::Eof | ParseError::TooDeep => "syntax error: unexpected end of file".into(),
            ParseError::Quote(q) => format!("unexpected EOF while looking for matching `{q}'"),
            ParseError::HereDoc(d) => {
                format!("warning: here-document at line 1 delimited by end-of-file (wanted `{d}')")
            }
        }
    }
}

/// A parsed line and bash's warnings about it (a here-document cut by the
/// end of input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The commands.
    pub list: List,
    /// Warnings printed before running.
    pub warnings: Vec<String>,
}

/// Parses a whole input. `at_end`: no more input will come, so a
/// here-document without its delimiter line takes the rest (with bash's
/// warning) instead of asking for more.
pub fn parse(text: &str, at_end: bool) -> Result<Parsed, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Parser {
        s: &chars,
        i: 0,
        depth: 0,
        pending: Vec::new(),
        at_end,
        warnings: Vec::new(),
        heredocs: Vec::new(),
    };
    let list = p.list(&[])?;
    p.blanks();
    if let Some(t) = p.peek_op() {
        return Err(ParseError::Unexpected(t));
    }
    if p.i < p.s.len() {
        return Err(ParseError::Unexpected(p.word_text()));
    }
    if let Some((d, _, _)) = p.pending.first() {
        if !at_end {
            return Err(ParseError::HereDoc(d.clone()));
        }
        p.read_heredocs()?;
    }
    let mut list = list;
    let bodies = std::mem::take(&mut p.heredocs);
    fill_heredocs(&mut list, &mut bodies.into_iter());
    Ok(Parsed {
        list,
        warnings: p.warnings,
    })
}

const OPS: [&str; 19] = [
    "&&", "||", ";;", "<<<", "<<-", "<<", ">>", "&>>", "&>", ">&", "<&", ">|", "|", "&", ";", "<",
    ">", "(", ")",
];

struct Parser<'a> {
    s: &'a [char],
    i: usize,
    depth: usize,
    /// Here-documents whose bodies start after the next newline:
    /// (delimiter, strip tabs, expand).
    pending: Vec<(String, bool, bool)>,
    at_end: bool,
    warnings: Vec<String>,
    /// Bodies read, in the order their redirections appeared.
    heredocs: Vec<Word>,
}

impl<'a> Parser<'a> {
    fn at(&self, k: usize) -> Option<char> {
        self.s.get(self.i + k).copied()
    }

    fn starts(&self, t: &str) -> bool {
        t.chars().enumerate().all(|(k, c)| self.at(k) == Some(c))
    }

    /// Skips blanks, line continuations and comments (not newlines).
    fn blanks(&mut self) {
        loop {
            match self.at(0) {
                Some(' ' | '\t' | '\r') => self.i += 1,
                Some('\\') if self.at(1) == Some('\n') => self.i += 2,
                Some('#') => {
                    while !matches!(self.at(0), None | Some('\n')) {
                        self.i += 1;
                    }
                }
                _ => return,
            }
        }
    }

    fn peek_op(&self) -> Option<String> {
        if self.at(0) == Some('\n') {
            return Some("newline".into());
        }
        OPS.iter()
            .find(|o| self.starts(o))
            .map(|o| (*o).to_string())
    }

    /// The next word's raw text (for error messages).
    fn word_text(&self) -> String {
        let mut t = String::new();
        let mut k = self.i;
        while let Some(&c) = self.s.get(k) {
            if c.is_whitespace() || "|&;<>()".contains(c) {
                break;
            }
            t.push(c);
            k += 1;
        }
        t
    }

    /// The next token is this reserved word (unquoted, followed by a
    /// delimiter).
    fn peek_reserved(&self, w: &str) -> bool {
        if !self.starts(w) {
            return false;
        }
        let n = w.chars().count();
        match self.at(n) {
            None => true,
            Some(c) => c.is_whitespace() || ";|&<>()".contains(c),
        }
    }

    fn take_reserved(&mut self, w: &str) -> bool {
        self.blanks();
        if self.peek_reserved(w) {
            self.i += w.chars().count();
            true
        } else {
            false
        }
    }

    fn expect_reserved(&mut self, w: &str) -> Result<(), ParseError> {
        if self.take_reserved(w) {
            return Ok(());
        }
        Err(self.unexpected())
    }

    fn unexpected(&mut self) -> ParseError {
        self.blanks();
        if self.i >= self.s.len() {
            return ParseError::Eof;
        }
        if let Some(op) = self.peek_op() {
            return ParseError::Unexpected(op);
        }
        ParseError::Unexpected(self.word_text())
    }

    /// Newlines (reading pending here-documents) and blanks.
    fn linebreak(&mut self) -> Result<(), ParseError> {
        loop {
            self.blanks();
            if self.at(0) == Some('\n') {
                self.i += 1;
                self.read_heredocs()?;
            } else {
                return Ok(());
            }
        }
    }

    fn read_heredocs(&mut self) -> Result<(), ParseError> {
        for (delim, strip, expand) in std::mem::take(&mut self.pending) {
            let mut body = String::new();
            let mut found = false;
            while self.i < self.s.len() {
                let start = self.i;
                while !matches!(self.at(0), None | Some('\n')) {
                    self.i += 1;
                }
                let mut line: String = self.s[start..self.i].iter().collect();
                let had_nl = self.at(0) == Some('\n');
                if had_nl {
                    self.i += 1;
                }
                if strip {
                    line = line.trim_start_matches('\t').to_string();
                }
                if line == delim {
                    found = true;
                    break;
                }
                body.push_str(&line);
                body.push('\n');
            }
            if !found {
                if !self.at_end {
                    return Err(ParseError::HereDoc(delim));
                }
                self.warnings
                    .push(ParseError::HereDoc(delim.clone()).bash_words());
            }
            let word = if expand {
                heredoc_parts(&body)
            } else {
                vec![Part::Quoted(body)]
            };
            self.heredocs.push(word);
        }
        Ok(())
    }

    fn deeper(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::TooDeep);
        }
        Ok(())
    }

    /// A list up to one of the `stops` reserved words, `)` or the end.
    fn list(&mut self, stops: &[&str]) -> Result<List, ParseError> {
        self.deeper()?;
        let mut list = Vec::new();
        loop {
            self.linebreak()?;
            if self.i >= self.s.len()
                || self.at(0) == Some(')')
                || stops.iter().any(|w| self.peek_reserved(w))
            {
                break;
            }
            let mut ao = self.and_or(stops)?;
            self.blanks();
            if self.starts(";;") {
                return Err(ParseError::Unexpected(";;".into()));
            }
            match self.at(0) {
                Some(';') => self.i += 1,
                Some('&') => {
                    self.i += 1;
                    ao.background = true;
                }
                Some('\n') | None => {}
                Some(')') => {
                    list.push(ao);
                    break;
                }
                _ if stops.iter().any(|w| self.peek_reserved(w)) => {
                    list.push(ao);
                    break;
                }
                _ => return Err(self.unexpected()),
            }
            list.push(ao);
        }
        self.depth -= 1;
        Ok(list)
    }

    fn and_or(&mut self, stops: &[&str]) -> Result<AndOr, ParseError> {
        let first = self.pipeline(stops)?;
        let mut rest = Vec::new();
        loop {
            self.blanks();
            let c = if self.starts("&&") {
                Connector::And
            } else if self.starts("||") {
                Connector::Or
            } else {
                break;
            };
            self.i += 2;
            self.linebreak()?;
            if self.i >= self.s.len() {
                return Err(ParseError::Eof);
            }
            rest.push((c, self.pipeline(stops)?));
        }
        Ok(AndOr {
            first,
            rest,
            background: false,
        })
    }

    fn pipeline(&mut self, stops: &[&str]) -> Result<Pipeline, ParseError> {
        self.blanks();
        let bang = self.take_reserved("!");
        let mut cmds = vec![self.command(stops)?];
        loop {
            self.blanks();
            if self.at(0) == Some('|') && self.at(1) != Some('|') {
                self.i += 1;
                if self.at(0) == Some('&') {
                    // `|&`: stderr too; taken as `2>&1 |`.
                    self.i += 1;
                    if let Some(last) = cmds.last_mut() {
                        last.redirs.push(Redir {
                            fd: 2,
                            op: RedirOp::Dup(1),
                        });
                    }
                }
                self.linebreak()?;
                if self.i >= self.s.len() {
                    return Err(ParseError::Eof);
                }
                cmds.push(self.command(stops)?);
            } else {
                break;
            }
        }
        Ok(Pipeline { bang, cmds })
    }

    fn command(&mut self, _stops: &[&str]) -> Result<Command, ParseError> {
        self.blanks();
        if self.i >= self.s.len() {
            return Err(ParseError::Eof);
        }
        let kind = if self.take_reserved("for") {
            Some(self.for_loop()?)
        } else if self.take_reserved("while") {
            Some(self.while_loop(false)?)
        } else if self.take_reserved("until") {
            Some(self.while_loop(true)?)
        } else if self.take_reserved("if") {
            Some(self.if_cmd()?)
        } else if self.take_reserved("{") {
            let body = self.list(&["}"])?;
            if body.is_empty() {
                return Err(self.unexpected());
            }
            self.expect_reserved("}")?;
            Some(Kind::Group(body))
        } else if self.at(0) == Some('(') {
            self.i += 1;
            let body = self.list(&[])?;
            self.blanks();
            if body.is_empty() || self.at(0) != Some(')') {
                return Err(self.unexpected());
            }
            self.i += 1;
            Some(Kind::Subshell(body))
        } else {
            None
        };
        if let Some(kind) = kind {
            let mut redirs = Vec::new();
            loop {
                self.blanks();
                match self.redirection()? {
                    Some(r) => redirs.push(r),
                    None => break,
                }
            }
            return Ok(Command { kind, redirs });
        }
        for w in ["then", "else", "elif", "fi", "do", "done", "}"] {
            if self.peek_reserved(w) {
                return Err(ParseError::Unexpected(w.into()));
            }
        }
        self.simple()
    }

    fn simple(&mut self) -> Result<Command, ParseError> {
        let mut assigns = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        let mut redirs = Vec::new();
        loop {
            self.blanks();
            if let Some(r) = self.redirection()? {
                redirs.push(r);
                continue;
            }
            match self.at(0) {
                None | Some('\n' | ';' | '&' | '|' | ')') => break,
                Some('(') => {
                    return Err(ParseError::Unexpected("(".into()));
                }
                _ => {}
            }
            let start = self.i;
            let w = self.word()?;
            if self.i == start {
                // A character no rule takes: refused, never looped over.
                return Err(self.unexpected());
            }
            if words.is_empty() {
                if let Some((name, value)) = assignment(&w, &self.s[start..self.i]) {
                    assigns.push((name, value));
                    continue;
                }
            }
            words.push(w);
        }
        if assigns.is_empty() && words.is_empty() && redirs.is_empty() {
            return Err(self.unexpected());
        }
        Ok(Command {
            kind: Kind::Simple { assigns, words },
            redirs,
        })
    }

    /// A redirection at the cursor, if any (with its fd number).
    fn redirection(&mut self) -> Result<Option<Redir>, ParseError> {
        let save = self.i;
        let mut fd = None;
        let mut k = 0;
        while matches!(self.at(k), Some(c) if c.is_ascii_digit()) {
            k += 1;
        }
        if k > 0 && matches!(self.at(k), Some('<' | '>')) {
            let n: String = self.s[self.i..self.i + k].iter().collect();
            fd = Some(n.parse::<u32>().unwrap_or(u32::MAX));
            self.i += k;
        }
        let op = [
            "&>>", "&>", "<<<", "<<-", "<<", ">>", ">&", "<&", ">|", "<", ">",
        ]
        .into_iter()
        .find(|o| self.starts(o));
        let Some(op) = op else {
            self.i = save;
            return Ok(None);
        };
        if fd.is_some() && op.starts_with('&') {
            self.i = save;
            return Ok(None);
        }
        self.i += op.len();
        self.blanks();
        let target = |p: &mut Parser<'_>| -> Result<Word, ParseError> {
            p.blanks();
            match p.at(0) {
                None => Err(ParseError::Unexpected("newline".into())),
                Some(c) if c == '\n' || "|&;<>()".contains(c) => Err(p.unexpected()),
                _ => p.word(),
            }
        };
        let in_fd = fd.unwrap_or(0);
        let out_fd = fd.unwrap_or(1);
        let r = match op {
            "&>" | "&>>" => Redir {
                fd: 1,
                op: RedirOp::Both(target(self)?, op == "&>>"),
            },
            "<<<" => {
                let mut w = target(self)?;
                w.push(Part::Quoted("\n".into()));
                Redir {
                    fd: in_fd,
                    op: RedirOp::Here { body: w },
                }
            }
            "<<" | "<<-" => {
                let w = target(self)?;
                let quoted = w.iter().any(|p| !matches!(p, Part::Lit(_)));
                let delim = plain_text(&w);
                self.pending.push((delim, op == "<<-", !quoted));
                Redir {
                    fd: in_fd,
                    op: RedirOp::Here { body: Vec::new() },
                }
            }
            ">&" | "<&" => {
                let w = target(self)?;
                let t = plain_text(&w);
                let fdn = if op == ">&" { out_fd } else { in_fd };
                if t == "-" {
                    Redir {
                        fd: fdn,
                        op: RedirOp::Close,
                    }
                } else if let Ok(n) = t.parse::<u32>() {
                    Redir {
                        fd: fdn,
                        op: RedirOp::Dup(n),
                    }
                } else if op == ">&" && fd.is_none() {
                    Redir {
                        fd: 1,
                        op: RedirOp::Both(w, false),
                    }
                } else {
                    Redir {
                        fd: fdn,
                        op: RedirOp::Out(w),
                    }
                }
            }
            ">>" => Redir {
                fd: out_fd,
                op: RedirOp::Append(target(self)?),
            },
            "<" => Redir {
                fd: in_fd,
                op: RedirOp::In(target(self)?),
            },
            _ => Redir {
                fd: out_fd,
                op: RedirOp::Out(target(self)?),
            },
        };
        Ok(Some(r))
    }

    fn for_loop(&mut self) -> Result<Kind, ParseError> {
        self.blanks();
        if self.i >= self.s.len() {
            return Err(ParseError::Eof);
        }
        let name = self.word_text();
        if name.is_empty() || !is_name(&name) {
            return Err(if name.is_empty() {
                self.unexpected()
            } else {
                ParseError::Unexpected(name)
            });
        }
        self.i += name.chars().count();
        self.blanks();
        if self.at(0) == Some(';') {
            self.i += 1;
        }
        self.linebreak()?;
        let items = if self.take_reserved("in") {
            let mut items = Vec::new();
            loop {
                self.blanks();
                match self.at(0) {
                    Some(';' | '\n') => {
                        self.i += 1;
                        if self.s.get(self.i - 1) == Some(&'\n') {
                            self.read_heredocs()?;
                        }
                        break;
                    }
                    None => return Err(ParseError::Eof),
                    Some(c) if "|&<>()".contains(c) => return Err(self.unexpected()),
                    _ => items.push(self.word()?),
                }
            }
            Some(items)
        } else {
            None
        };
        self.linebreak()?;
        self.expect_reserved("do")?;
        let body = self.body_until("done")?;
        Ok(Kind::For {
            var: name,
            items,
            body,
        })
    }

    fn body_until(&mut self, end: &str) -> Result<List, ParseError> {
        let body = self.list(&[end])?;
        if body.is_empty() {
            return Err(self.unexpected());
        }
        self.expect_reserved(end)?;
        Ok(body)
    }

    fn while_loop(&mut self, until: bool) -> Result<Kind, ParseError> {
        let cond = self.body_until("do")?;
        let body = self.body_until("done")?;
        Ok(Kind::While { until, cond, body })
    }

    fn if_cmd(&mut self) -> Result<Kind, ParseError> {
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let cond = self.body_until("then")?;
            let body = self.list(&["elif", "else", "fi"])?;
            if body.is_empty() {
                return Err(self.unexpected());
            }
            branches.push((cond, body));
            if self.take_reserved("elif") {
                continue;
            }
            if self.take_reserved("else") {
                otherwise = Some(self.body_until("fi")?);
                break;
            }
            self.expect_reserved("fi")?;
            break;
        }
        Ok(Kind::If {
            branches,
            otherwise,
        })
    }
}

/// Gives each `<<` redirection its body, in order of appearance.
fn fill_heredocs(list: &mut List, bodies: &mut impl Iterator<Item = Word>) {
    for ao in list {
        let pipes = std::iter::once(&mut ao.first).chain(ao.rest.iter_mut().map(|(_, p)| p));
        for p in pipes {
            for c in &mut p.cmds {
                match &mut c.kind {
                    Kind::Simple { .. } => {}
                    Kind::For { body, .. } => fill_heredocs(body, bodies),
                    Kind::While { cond, body, .. } => {
                        fill_heredocs(cond, bodies);
                        fill_heredocs(body, bodies);
                    }
                    Kind::If {
                        branches,
                        otherwise,
                    } => {
                        for (c, b) in branches {
                            fill_heredocs(c, bodies);
                            fill_heredocs(b, bodies);
                        }
                        if let Some(o) = otherwise {
                            fill_heredocs(o, bodies);
                        }
                    }
                    Kind::Group(l) | Kind::Subshell(l) => fill_heredocs(l, bodies),
                }
                for r in &mut c.redirs {
                    if let RedirOp::Here { body } = &mut r.op {
                        if body.is_empty() {
                            if let Some(b) = bodies.next() {
                                *body = b;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A shell variable name.
pub fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_')
        && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `NAME=value` as the first part of a word: the name and the value's parts.
fn assignment(w: &Word, _raw: &[char]) -> Option<(String, Word)> {
    let Some(Part::Lit(first)) = w.first() else {
        return None;
    };
    let (name, rest) = first.split_once('=')?;
    if !is_name(name) {
        return None;
    }
    let mut value = Vec::new();
    if !rest.is_empty() {
        value.push(Part::Lit(rest.to_string()));
    }
    value.extend(w.iter().skip(1).cloned());
    Some((name.to_string(), value))
}

/// Whether a word is a reserved word people would not expect as a program.
pub fn reserved(w: &Word) -> bool {
    literal(w).is_some_and(|s| {
        matches!(
            s,
            "then" | "else" | "elif" | "fi" | "do" | "done" | "}" | "{" | "!"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> ParseError {
        match parse(text, true) {
            Err(e) => e,
            Ok(p) => panic!("parsed: {p:?}"),
        }
    }

    #[test]
    fn bash_syntax_errors() {
        assert_eq!(err("| grep x"), ParseError::Unexpected("|".into()));
        assert_eq!(err("echo a ;; echo b"), ParseError::Unexpected(";;".into()));
        assert_eq!(err("echo >"), ParseError::Unexpected("newline".into()));
        assert_eq!(err("echo > | x"), ParseError::Unexpected("|".into()));
        assert_eq!(err("fi"), ParseError::Unexpected("fi".into()));
        assert_eq!(err("( )"), ParseError::Unexpected(")".into()));
        assert_eq!(
            err("for x in a; do; done"),
            ParseError::Unexpected(";".into())
        );
        assert_eq!(err("echo 'a"), ParseError::Quote('\''));
        assert_eq!(err("echo \"a"), ParseError::Quote('"'));
        assert_eq!(err("echo $(ls"), ParseError::Quote(')'));
        assert_eq!(err("if true; then echo"), ParseError::Eof);
        assert_eq!(err("echo a |"), ParseError::Eof);
        assert_eq!(
            err("echo a |").bash_words(),
            "syntax error: unexpected end of file"
        );
    }

    #[test]
    fn incomplete_input_asks_for_more() {
        for t in [
            "for x in a b; do",
            "echo 'a",
            "cat <<EOF\nline",
            "a &&",
            "while true\n",
        ] {
            assert!(matches!(parse(t, false), Err(e) if e.incomplete()), "{t}");
        }
        assert!(parse("cat <<EOF\nline\nEOF\n", false).is_ok());
        let p = parse("cat <<EOF\nx", true);
        assert!(matches!(&p, Ok(p) if p.warnings.len() == 1), "{p:?}");
    }

    #[test]
    fn structure() {
        let p = parse("X=1 a b | c && ! d > f 2>&1; e &", true).map(|p| p.list);
        let Ok(list) = p else { panic!("{p:?}") };
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].first.cmds.len(), 2);
        assert_eq!(list[0].rest.len(), 1);
        assert!(list[0].rest[0].1.bang);
        assert_eq!(list[0].rest[0].1.cmds[0].redirs.len(), 2);
        assert!(list[1].background);
        let Kind::Simple { assigns, words } = &list[0].first.cmds[0].kind else {
            panic!("not simple")
        };
        assert_eq!(assigns.len(), 1);
        assert_eq!(words.len(), 2);
        let nested = parse("echo \"$(echo `echo $((1+2))`)\" ${X:-a b}", true);
        assert!(nested.is_ok(), "{nested:?}");
        assert!(parse(&"$(".repeat(100), true).is_err());
    }
}
