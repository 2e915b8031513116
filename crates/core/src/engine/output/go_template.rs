//! Go's `text/template` over a JSON document, the subset people give
//! `crictl … -o go-template --template` (cri-tools `templates.go`
//! `tmplExecuteRawJSON`: the JSON decoded with `UseNumber`, the functions
//! `json`, `title`, `lower`, `upper` besides Go's own, `missingkey=error`):
//! fields (`{{.info.pid}}`, `{{.status.state}}`), `$`, `{{range}}` and
//! `{{if}}` with `{{else}}`, `{{index}}`, `{{len}}`, `{{printf}}`, pipes
//! (`{{.x | json}}`) and the trim markers `{{-`/`-}}`. The errors keep Go's
//! framing (`template: NAME:LINE:COL: executing "NAME" at <…>: …`).

use serde_json::Value;

/// The template's name in errors (crictl's).
const NAME: &str = "tmplExecuteRawJSON";

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    /// An action's pipeline: commands joined by `|`, at a byte offset.
    Action(Vec<Vec<Arg>>, usize),
    Range(Vec<Vec<Arg>>, usize, Vec<Node>, Vec<Node>),
    If(Vec<Vec<Arg>>, usize, Vec<Node>, Vec<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    /// `.a.b` (empty: `.`), with the offset of the node Go reports.
    Field(Vec<String>, usize),
    /// `$` or `$.a.b`.
    Root(Vec<String>, usize),
    Str(String),
    Num(i64),
    Func(String),
    /// `(pipeline)`, then fields of its value (`(index .a 0).type`).
    Sub(Vec<Vec<Arg>>, Vec<String>, usize),
}

/// A parse or execution failure, in crictl's wrapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TemplateError {
    /// `failed to generate go-template: …`.
    Parse(String),
    /// `failed to template data: …`.
    Exec(String),
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateError::Parse(m) => write!(f, "failed to generate go-template: {m}"),
            TemplateError::Exec(m) => write!(f, "failed to template data: {m}"),
        }
    }
}

/// Runs a template over a document.
pub(crate) fn execute(template: &str, data: &Value) -> Result<String, TemplateError> {
    let mut p = Parser {
        src: template,
        pos: 0,
    };
    let (nodes, end) = p.nodes()?;
    if let Some(e) = end {
        return Err(p.err(&format!("unexpected {{{{{e}}}}}")));
    }
    let mut out = String::new();
    let ex = Exec {
        src: template,
        root: data,
    };
    ex.run(&nodes, data, &mut out)?;
    Ok(out)
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

fn line_col(src: &str, pos: usize) -> (usize, usize) {
    let before = src.get(..pos).unwrap_or(src);
    let line = 1 + before.matches('\n').count();
    let col = match before.rfind('\n') {
        Some(i) => pos - (i + 1),
        None => pos,
    };
    (line, col)
}

impl Parser<'_> {
    fn err(&self, m: &str) -> TemplateError {
        let (line, _) = line_col(self.src, self.pos);
        TemplateError::Parse(format!("template: {NAME}:{line}: {m}"))
    }

    /// Nodes up to `{{end}}`/`{{else}}` (returned) or the end of the text.
    fn nodes(&mut self) -> Result<(Vec<Node>, Option<&'static str>), TemplateError> {
        let mut out = Vec::new();
        loop {
            let rest = self.src.get(self.pos..).unwrap_or("");
            let Some(open) = rest.find("{{") else {
                if !rest.is_empty() {
                    out.push(Node::Text(rest.to_string()));
                }
                self.pos = self.src.len();
                return Ok((out, None));
            };
            let mut text = rest.get(..open).unwrap_or("").to_string();
            let mut start = self.pos + open + 2;
            if self.src.get(start..).is_some_and(|s| s.starts_with("- ")) {
                text = text.trim_end().to_string();
                start += 2;
            }
            if !text.is_empty() {
                out.push(Node::Text(text));
            }
            let Some(close) = self.src.get(start..).and_then(|s| s.find("}}")) else {
                self.pos = self.src.len();
                return Err(self.err("unclosed action"));
            };
            let mut inner = self.src.get(start..start + close).unwrap_or("");
            let mut after = start + close + 2;
            if inner.ends_with(" -") {
                inner = &inner[..inner.len() - 2];
                let skip = self
                    .src
                    .get(after..)
                    .map_or(0, |s| s.len() - s.trim_start().len());
                after += skip;
            }
            self.pos = after;
            let body = inner.trim();
            let at = start + (inner.len() - inner.trim_start().len());
            let word = body.split_whitespace().next().unwrap_or("");
            match word {
                "end" => return Ok((out, Some("end"))),
                "else" => return Ok((out, Some("else"))),
                "range" | "if" => {
                    let pipe = parse_pipe(body[word.len()..].trim_start(), at + word.len() + 1)
                        .map_err(|m| self.err(&m))?;
                    let (then, end) = self.nodes()?;
                    let (other, end) = if end == Some("else") {
                        self.nodes()?
                    } else {
                        (Vec::new(), end)
                    };
                    if end != Some("end") {
                        return Err(self.err("unexpected EOF"));
                    }
                    out.push(if word == "range" {
                        Node::Range(pipe, at, then, other)
                    } else {
                        Node::If(pipe, at, then, other)
                    });
                }
                "" => return Err(self.err("missing value for command")),
                _ => out.push(Node::Action(
                    parse_pipe(body, at).map_err(|m| self.err(&m))?,
                    at,
                )),
            }
        }
    }
}

const FUNCS: [&str; 8] = [
    "json", "title", "lower", "upper", "index", "len", "printf", "not",
];

fn parse_pipe(s: &str, at: usize) -> Result<Vec<Vec<Arg>>, String> {
    let mut cmds = Vec::new();
    let mut cur = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'|' {
            cmds.push(std::mem::take(&mut cur));
            i += 1;
            continue;
        }
        let start = i;
        if c == b'(' {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if j >= b.len() {
                return Err("unclosed left paren".into());
            }
            let inner = parse_pipe(&s[i + 1..j], at + i + 1)?;
            i = j + 1;
            let fstart = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'|' {
                i += 1;
            }
            let fields: Vec<String> = s[fstart..i]
                .split('.')
                .filter(|f| !f.is_empty())
                .map(str::to_string)
                .collect();
            cur.push(Arg::Sub(inner, fields, at + fstart));
            continue;
        }
        if c == b'"' {
            let mut v = String::new();
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' && i + 1 < b.len() {
                    i += 1;
                    v.push(match b[i] {
                        b'n' => '\n',
                        b't' => '\t',
                        o => o as char,
                    });
                } else {
                    let ch = s[i..].chars().next().unwrap_or(' ');
                    v.push(ch);
                    i += ch.len_utf8() - 1;
                }
                i += 1;
            }
            if i >= b.len() {
                return Err("unterminated quoted string".into());
            }
            i += 1;
            cur.push(Arg::Str(v));
            continue;
        }
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'|' {
            i += 1;
        }
        let w = &s[start..i];
        let pos = at + start;
        let fields = |w: &str| -> Vec<String> {
            w.split('.')
                .filter(|f| !f.is_empty())
                .map(str::to_string)
                .collect()
        };
        let chain_pos = |w: &str| -> usize {
            let segs: Vec<&str> = w.split('.').collect();
            if segs.len() > 2 {
                pos + segs.first().map_or(0, |s| s.len()) + 1 + segs.get(1).map_or(0, |s| s.len())
            } else {
                pos
            }
        };
        if w.starts_with('.') {
            cur.push(Arg::Field(fields(w), chain_pos(w)));
        } else if let Some(rest) = w.strip_prefix('$') {
            cur.push(Arg::Root(fields(rest), pos));
        } else if let Ok(n) = w.parse::<i64>() {
            cur.push(Arg::Num(n));
        } else if FUNCS.contains(&w) {
            cur.push(Arg::Func(w.to_string()));
        } else {
            return Err(format!("function {w:?} not defined"));
        }
    }
    cmds.push(cur);
    if cmds.iter().any(Vec::is_empty) {
        return Err("missing value for command".into());
    }
    Ok(cmds)
}

struct Exec<'a> {
    src: &'a str,
    root: &'a Value,
}

impl Exec<'_> {
    fn err(&self, pos: usize, node: &str, m: &str) -> TemplateError {
        let (line, col) = line_col(self.src, pos);
        TemplateError::Exec(format!(
            "template: {NAME}:{line}:{col}: executing \"{NAME}\" at <{node}>: {m}"
        ))
    }

    fn run(&self, nodes: &[Node], dot: &Value, out: &mut String) -> Result<(), TemplateError> {
        for n in nodes {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Action(p, _) => {
                    let v = self.pipe(p, dot)?;
                    out.push_str(&print(&v));
                }
                Node::If(p, _, then, other) => {
                    let v = self.pipe(p, dot)?;
                    self.run(if truth(&v) { then } else { other }, dot, out)?;
                }
                Node::Range(p, at, then, other) => {
                    let v = self.pipe(p, dot)?;
                    let items: Vec<Value> = match &v {
                        Value::Array(a) => a.clone(),
                        Value::Object(m) => m.values().cloned().collect(),
                        Value::Null => Vec::new(),
                        other => {
                            return Err(self.err(
                                *at,
                                "range",
                                &format!("range can't iterate over {}", print(other)),
                            ))
                        }
                    };
                    if items.is_empty() {
                        self.run(other, dot, out)?;
                    }
                    for it in &items {
                        self.run(then, it, out)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn pipe(&self, p: &[Vec<Arg>], dot: &Value) -> Result<Value, TemplateError> {
        let mut last: Option<Value> = None;
        for cmd in p {
            last = Some(self.command(cmd, dot, last.take())?);
        }
        Ok(last.unwrap_or(Value::Null))
    }

    fn field(
        &self,
        base: &Value,
        path: &[String],
        pos: usize,
        shown: &str,
    ) -> Result<Value, TemplateError> {
        let mut v = base;
        for f in path {
            match v {
                Value::Object(m) => match m.get(f) {
                    Some(x) => v = x,
                    None => {
                        return Err(self.err(
                            pos,
                            shown,
                            &format!("map has no entry for key {f:?}"),
                        ))
                    }
                },
                Value::Null => {
                    return Err(self.err(
                        pos,
                        shown,
                        "nil pointer evaluating interface {}.".to_string().as_str(),
                    ))
                }
                _ => {
                    return Err(self.err(
                        pos,
                        shown,
                        &format!("can't evaluate field {f} in type interface {{}}"),
                    ))
                }
            }
        }
        Ok(v.clone())
    }

    fn arg(&self, a: &Arg, dot: &Value) -> Result<Value, TemplateError> {
        Ok(match a {
            Arg::Field(path, pos) => {
                let shown = format!(".{}", path.join("."));
                self.field(dot, path, *pos, &shown)?
            }
            Arg::Root(path, pos) => {
                let shown = if path.is_empty() {
                    "$".to_string()
                } else {
                    format!("$.{}", path.join("."))
                };
                self.field(self.root, path, *pos, &shown)?
            }
            Arg::Str(s) => Value::String(s.clone()),
            Arg::Num(n) => Value::from(*n),
            Arg::Func(f) => self.call(f, &[], None)?,
            Arg::Sub(p, path, pos) => {
                let v = self.pipe(p, dot)?;
                let shown = format!("(…).{}", path.join("."));
                self.field(&v, path, *pos, &shown)?
            }
        })
    }

    fn command(
        &self,
        cmd: &[Arg],
        dot: &Value,
        piped: Option<Value>,
    ) -> Result<Value, TemplateError> {
        let Some(first) = cmd.first() else {
            return Ok(Value::Null);
        };
        if let Arg::Func(f) = first {
            let mut args = Vec::new();
            for a in cmd.iter().skip(1) {
                args.push(self.arg(a, dot)?);
            }
            return self.call(f, &args, piped);
        }
        if cmd.len() > 1 || piped.is_some() {
            return Err(TemplateError::Exec(format!(
                "template: {NAME}:1: can't give argument to non-function {}",
                shown_arg(first)
            )));
        }
        self.arg(first, dot)
    }

    fn call(&self, f: &str, args: &[Value], piped: Option<Value>) -> Result<Value, TemplateError> {
        let mut all: Vec<Value> = args.to_vec();
        all.extend(piped);
        let want = |n: usize| -> Result<(), TemplateError> {
            if all.len() == n {
                Ok(())
            } else {
                Err(TemplateError::Exec(format!(
                    "template: {NAME}:1: wrong number of args for {f}: want {n} got {}",
                    all.len()
                )))
            }
        };
        let s = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => print(other),
        };
        Ok(match f {
            "json" => {
                want(1)?;
                let mut j = serde_json::to_string(&all[0]).unwrap_or_default();
                j.push('\n');
                Value::String(j)
            }
            "lower" => {
                want(1)?;
                Value::String(s(&all[0]).to_lowercase())
            }
            "upper" => {
                want(1)?;
                Value::String(s(&all[0]).to_uppercase())
            }
            "title" => {
                want(1)?;
                Value::String(title(&s(&all[0])))
            }
            "not" => {
                want(1)?;
                Value::Bool(!truth(&all[0]))
            }
            "len" => {
                want(1)?;
                Value::from(match &all[0] {
                    Value::Array(a) => a.len(),
                    Value::Object(m) => m.len(),
                    Value::String(x) => x.len(),
                    other => {
                        return Err(TemplateError::Exec(format!(
                            "template: {NAME}:1: error calling len: len of type {}",
                            go_type(other)
                        )))
                    }
                })
            }
            "index" => {
                let Some((base, keys)) = all.split_first() else {
                    return Err(TemplateError::Exec(format!(
                        "template: {NAME}:1: wrong number of args for index: want at least 1 got 0"
                    )));
                };
                let mut v = base.clone();
                for k in keys {
                    v = match (&v, k) {
                        (Value::Object(m), Value::String(key)) => {
                            m.get(key).cloned().unwrap_or(Value::Null)
                        }
                        (Value::Array(a), Value::Number(n)) => {
                            let i = n.as_i64().unwrap_or(-1);
                            match usize::try_from(i).ok().and_then(|i| a.get(i)) {
                                Some(x) => x.clone(),
                                None => {
                                    return Err(TemplateError::Exec(format!(
                                        "template: {NAME}:1: error calling index: index out of range: {i}"
                                    )))
                                }
                            }
                        }
                        _ => {
                            return Err(TemplateError::Exec(format!(
                                "template: {NAME}:1: error calling index: cannot index slice/array with type {}",
                                go_type(k)
                            )))
                        }
                    };
                }
                v
            }
            "printf" => {
                let Some((fmt, rest)) = all.split_first() else {
                    return Ok(Value::String(String::new()));
                };
                let mut out = String::new();
                let mut it = rest.iter();
                let mut chars = s(fmt).chars().collect::<Vec<_>>().into_iter().peekable();
                while let Some(c) = chars.next() {
                    if c != '%' {
                        out.push(c);
                        continue;
                    }
                    match chars.next() {
                        Some('%') => out.push('%'),
                        Some('q') => {
                            out.push_str(&format!("{:?}", it.next().map(s).unwrap_or_default()))
                        }
                        Some(_) => {
                            out.push_str(&it.next().map(s).unwrap_or_else(|| "%!v(MISSING)".into()))
                        }
                        None => out.push_str("%!(NOVERB)"),
                    }
                }
                Value::String(out)
            }
            _ => Value::Null,
        })
    }
}

fn shown_arg(a: &Arg) -> String {
    match a {
        Arg::Field(p, _) => format!(".{}", p.join(".")),
        Arg::Root(p, _) => format!("${}", p.iter().map(|x| format!(".{x}")).collect::<String>()),
        Arg::Str(s) => format!("{s:?}"),
        Arg::Num(n) => n.to_string(),
        Arg::Func(f) => f.clone(),
        Arg::Sub(_, p, _) => format!("(…).{}", p.join(".")),
    }
}

fn title(s: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c.is_whitespace();
    }
    out
}

fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(_) => "json.Number",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

/// Go's truth: false, 0, "", nil and empty collections are false.
fn truth(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

/// How `fmt.Print` shows a decoded JSON value.
fn print(v: &Value) -> String {
    match v {
        Value::Null => "<no value>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(print_inner).collect::<Vec<_>>().join(" ")
        ),
        Value::Object(m) => format!(
            "map[{}]",
            m.iter()
                .map(|(k, v)| format!("{k}:{}", print_inner(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

fn print_inner(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        other => print(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        serde_json::json!({"info": {"pid": 4012, "sandboxID": "abc"},
            "status": {"state": "CONTAINER_RUNNING", "mounts": [{"containerPath": "/a"}, {"containerPath": "/b"}],
            "labels": {"io.kubernetes.pod.name": "web-0"}}})
    }

    #[test]
    fn the_subset_people_use() {
        let d = doc();
        assert_eq!(execute("{{.info.pid}}", &d).unwrap(), "4012");
        assert_eq!(
            execute("{{.status.state}}", &d).unwrap(),
            "CONTAINER_RUNNING"
        );
        assert_eq!(
            execute("{{range .status.mounts}}{{.containerPath}} {{end}}", &d).unwrap(),
            "/a /b "
        );
        assert_eq!(
            execute("{{index .status.labels \"io.kubernetes.pod.name\"}}", &d).unwrap(),
            "web-0"
        );
        assert_eq!(
            execute("{{json .info}}", &d).unwrap(),
            "{\"pid\":4012,\"sandboxID\":\"abc\"}\n"
        );
        assert_eq!(
            execute("{{.info | json}}", &d).unwrap(),
            "{\"pid\":4012,\"sandboxID\":\"abc\"}\n"
        );
        assert_eq!(
            execute("{{if .info.pid}}up{{else}}down{{end}}", &d).unwrap(),
            "up"
        );
        assert_eq!(execute("a {{- .info.pid -}} b", &d).unwrap(), "a4012b");
        assert_eq!(execute("{{len .status.mounts}}", &d).unwrap(), "2");
        assert_eq!(execute("{{$.info.sandboxID}}", &d).unwrap(), "abc");
        assert_eq!(
            execute("{{index .status.mounts 1}}", &d).unwrap(),
            "map[containerPath:/b]"
        );
    }

    #[test]
    fn go_errors() {
        let d = doc();
        assert_eq!(
            execute("{{.info.pidd}}", &d).unwrap_err().to_string(),
            "failed to template data: template: tmplExecuteRawJSON:1:7: executing \"tmplExecuteRawJSON\" at <.info.pidd>: map has no entry for key \"pidd\""
        );
        assert_eq!(
            execute("{{foo .x}}", &d).unwrap_err().to_string(),
            "failed to generate go-template: template: tmplExecuteRawJSON:1: function \"foo\" not defined"
        );
        assert!(execute("{{range .x}}", &d).is_err());
        assert!(execute("{{", &d).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_template_runs_or_refuses(t in "[{}()|.$\" a-z0-9-]{0,40}") {
            let _ = execute(&t, &doc());
        }
    }
}
