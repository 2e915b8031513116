//! kubectl's JSONPath templates (k8s.io/client-go `util/jsonpath`), which
//! are not RFC 9535: text with `{…}` actions; `.a.b`, `['a.b']`, `a\.b`,
//! `[n]`, `[-1]`, `[a:b]`, `[*]`, `..name`, filters `[?(@.k=="v")]`
//! (`==`, `!=`, `<`, `>`, `<=`, `>=`, or a bare path: exists),
//! `{range …}…{end}`, string literals `{"\n"}`. Results of one action
//! are joined by a space; strings print raw, other values as JSON.

use serde_json::Value;

/// Why a template is refused (client-go's words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonPathError(pub String);

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Recursive(String),
    Index(i64),
    Slice(Option<i64>, Option<i64>),
    All,
    Filter(Vec<Step>, Option<(String, Value)>),
}

/// Renders a template over a value.
pub(crate) fn render(template: &str, data: &Value) -> Result<String, JsonPathError> {
    let nodes = parse_template(template)?;
    let mut out = String::new();
    run(&nodes, data, &mut out);
    Ok(out)
}

/// The values one path expression (`{.a.b}` or `.a.b`) selects.
pub(crate) fn select(expr: &str, data: &Value) -> Result<Vec<Value>, JsonPathError> {
    let inner = expr.trim();
    let inner = inner
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(inner);
    let steps = parse_path(inner)?;
    Ok(eval(&steps, data).into_iter().cloned().collect())
}

/// A value as kubectl's JSONPath prints it.
pub(crate) fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn run(nodes: &[Node], data: &Value, out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Path(steps) => {
                let vals = eval(steps, data);
                let parts: Vec<String> = vals.iter().map(|v| text(v)).collect();
                out.push_str(&parts.join(" "));
            }
            Node::Range(steps, body) => {
                for v in eval(steps, data) {
                    let items: Vec<&Value> = match v {
                        Value::Array(a) => a.iter().collect(),
                        other => vec![other],
                    };
                    for it in items {
                        run(body, it, out);
                    }
                }
            }
        }
    }
}

fn parse_template(t: &str) -> Result<Vec<Node>, JsonPathError> {
    // Split into text and actions.
    let mut tokens: Vec<(bool, String)> = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' {
            if !cur.is_empty() {
                tokens.push((false, std::mem::take(&mut cur)));
            }
            let mut depth = 1;
            let mut quoted = false;
            let mut action = String::new();
            for c in chars.by_ref() {
                if c == '"' {
                    quoted = !quoted;
                }
                if !quoted && c == '{' {
                    depth += 1;
                }
                if !quoted && c == '}' {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                action.push(c);
            }
            if depth != 0 {
                return Err(JsonPathError("unclosed action".to_string()));
            }
            tokens.push((true, action));
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        tokens.push((false, cur));
    }
    let mut pos = 0;
    let nodes = build(&tokens, &mut pos, false)?;
    Ok(nodes)
}

fn build(
    tokens: &[(bool, String)],
    pos: &mut usize,
    in_range: bool,
) -> Result<Vec<Node>, JsonPathError> {
    let mut nodes = Vec::new();
    while let Some((action, t)) = tokens.get(*pos) {
        *pos += 1;
        if !action {
            nodes.push(Node::Text(t.clone()));
            continue;
        }
        let a = t.trim();
        if a == "end" {
            if in_range {
                return Ok(nodes);
            }
            return Err(JsonPathError("not in range, nothing to end".into()));
        }
        if let Some(expr) = a.strip_prefix("range ") {
            let steps = parse_path(expr.trim())?;
            let body = build(tokens, pos, true)?;
            nodes.push(Node::Range(steps, body));
            continue;
        }
        if a.starts_with('"') {
            let inner = a
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .ok_or_else(|| JsonPathError("unterminated string".to_string()))?;
            nodes.push(Node::Text(unescape(inner)));
            continue;
        }
        nodes.push(Node::Path(parse_path(a)?));
    }
    if in_range {
        return Err(JsonPathError("unclosed range".into()));
    }
    Ok(nodes)
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn parse_path(p: &str) -> Result<Vec<Step>, JsonPathError> {
    let mut steps = Vec::new();
    let b: Vec<char> = p.chars().collect();
    let mut i = 0;
    if b.first() == Some(&'$') || b.first() == Some(&'@') {
        i = 1;
    }
    while i < b.len() {
        match b.get(i) {
            Some('.') => {
                let recursive = b.get(i + 1) == Some(&'.');
                i += if recursive { 2 } else { 1 };
                let mut name = String::new();
                while let Some(&c) = b.get(i) {
                    if c == '\\' {
                        if let Some(&n) = b.get(i + 1) {
                            name.push(n);
                            i += 2;
                            continue;
                        }
                    }
                    if c == '.' || c == '[' {
                        break;
                    }
                    name.push(c);
                    i += 1;
                }
                if name == "*" {
                    steps.push(Step::All);
                } else if recursive {
                    steps.push(Step::Recursive(name));
                } else if !name.is_empty() {
                    steps.push(Step::Field(name));
                }
            }
            Some('[') => {
                let mut depth = 0;
                let mut j = i;
                let mut quoted: Option<char> = None;
                while let Some(&c) = b.get(j) {
                    match (c, quoted) {
                        ('"' | '\'', None) => quoted = Some(c),
                        (q, Some(o)) if q == o => quoted = None,
                        ('[', None) => depth += 1,
                        (']', None) => {
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
                    return Err(JsonPathError("unterminated array".to_string()));
                }
                let inner: String = b.get(i + 1..j).unwrap_or(&[]).iter().collect();
                steps.push(bracket(inner.trim())?);
                i = j + 1;
            }
            Some(c) if c.is_whitespace() => i += 1,
            Some(_) => {
                // A bare field at the start (`metadata.name`).
                let mut name = String::new();
                while let Some(&c) = b.get(i) {
                    if c == '.' || c == '[' {
                        break;
                    }
                    name.push(c);
                    i += 1;
                }
                steps.push(Step::Field(name));
            }
            None => break,
        }
    }
    Ok(steps)
}

fn bracket(inner: &str) -> Result<Step, JsonPathError> {
    if inner == "*" {
        return Ok(Step::All);
    }
    if let Some(f) = inner.strip_prefix('?') {
        let f = f.trim();
        let f = f
            .strip_prefix('(')
            .and_then(|s| s.strip_suffix(')'))
            .unwrap_or(f)
            .trim();
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if let Some((l, r)) = f.split_once(op) {
                let r = r.trim();
                let lit = if let Some(s) = r
                    .strip_prefix('"')
                    .and_then(|s| s.strip_suffix('"'))
                    .or_else(|| r.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
                {
                    Value::String(s.to_string())
                } else if let Ok(n) = r.parse::<i64>() {
                    Value::from(n)
                } else {
                    match r {
                        "true" => Value::Bool(true),
                        "false" => Value::Bool(false),
                        _ => Value::String(r.to_string()),
                    }
                };
                return Ok(Step::Filter(
                    parse_path(l.trim())?,
                    Some((op.to_string(), lit)),
                ));
            }
        }
        return Ok(Step::Filter(parse_path(f)?, None));
    }
    if let Some(s) = inner
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .or_else(|| inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
    {
        return Ok(Step::Field(s.to_string()));
    }
    if let Some((a, b)) = inner.split_once(':') {
        let n = |s: &str| -> Result<Option<i64>, JsonPathError> {
            let s = s.split(':').next().unwrap_or("").trim();
            if s.is_empty() {
                Ok(None)
            } else {
                s.parse()
                    .map(Some)
                    .map_err(|_| JsonPathError(format!("invalid array index {s}")))
            }
        };
        return Ok(Step::Slice(n(a)?, n(b)?));
    }
    inner
        .parse::<i64>()
        .map(Step::Index)
        .map_err(|_| JsonPathError(format!("invalid array index {inner}")))
}

fn eval<'a>(steps: &[Step], data: &'a Value) -> Vec<&'a Value> {
    let mut cur = vec![data];
    for s in steps {
        let mut next = Vec::new();
        for v in cur {
            match s {
                Step::Field(f) => {
                    if let Some(x) = v.get(f.as_str()) {
                        next.push(x);
                    }
                }
                Step::Recursive(f) => collect(v, f, &mut next),
                Step::Index(n) => {
                    if let Value::Array(a) = v {
                        let len = i64::try_from(a.len()).unwrap_or(0);
                        let i = if *n < 0 { len + n } else { *n };
                        if let Some(x) = usize::try_from(i).ok().and_then(|i| a.get(i)) {
                            next.push(x);
                        }
                    }
                }
                Step::Slice(from, to) => {
                    if let Value::Array(a) = v {
                        let len = i64::try_from(a.len()).unwrap_or(0);
                        let fix = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
                        let f = fix(from.unwrap_or(0));
                        let t = fix(to.unwrap_or(len));
                        for i in f..t {
                            if let Some(x) = usize::try_from(i).ok().and_then(|i| a.get(i)) {
                                next.push(x);
                            }
                        }
                    }
                }
                Step::All => match v {
                    Value::Array(a) => next.extend(a.iter()),
                    Value::Object(m) => next.extend(m.values()),
                    _ => {}
                },
                Step::Filter(path, cond) => {
                    if let Value::Array(a) = v {
                        for item in a {
                            let got = eval(path, item);
                            let keep = match cond {
                                None => !got.is_empty(),
                                Some((op, lit)) => got.iter().any(|g| compare(g, op, lit)),
                            };
                            if keep {
                                next.push(item);
                            }
                        }
                    }
                }
            }
        }
        cur = next;
    }
    cur
}

fn collect<'a>(v: &'a Value, f: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            if let Some(x) = m.get(f) {
                out.push(x);
            }
            for x in m.values() {
                collect(x, f, out);
            }
        }
        Value::Array(a) => {
            for x in a {
                collect(x, f, out);
            }
        }
        _ => {}
    }
}

fn compare(a: &Value, op: &str, b: &Value) -> bool {
    let ord = match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        _ => Some(text(a).cmp(&text(b))),
    };
    let Some(ord) = ord else { return false };
    match op {
        "==" => ord.is_eq(),
        "!=" => !ord.is_eq(),
        "<" => ord.is_lt(),
        ">" => ord.is_gt(),
        "<=" => ord.is_le(),
        ">=" => ord.is_ge(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_kubectl_dialect() {
        let pod = json!({
            "metadata": {"name": "billing-api", "annotations": {"kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock"}},
            "status": {"containerStatuses": [
                {"name": "proxy", "restartCount": 0, "lastState": {}},
                {"name": "app", "restartCount": 4, "lastState": {"terminated": {"exitCode": 3}}}
            ]}
        });
        let r = |t: &str| render(t, &pod).expect(t);
        assert_eq!(r("{.metadata.name}"), "billing-api");
        assert_eq!(
            r("{.status.containerStatuses[?(@.name==\"app\")].lastState.terminated.exitCode}"),
            "3"
        );
        assert_eq!(
            r("{.status.containerStatuses[*].lastState.terminated.exitCode}"),
            "3"
        );
        assert_eq!(r("{.status.containerStatuses[*].name}"), "proxy app");
        assert_eq!(
            r("{range .status.containerStatuses[*]}{.name}{\"\\t\"}{.restartCount}{\"\\n\"}{end}"),
            "proxy\t0\napp\t4\n"
        );
        assert_eq!(
            r("{.metadata.annotations.kubeadm\\.alpha\\.kubernetes\\.io/cri-socket}"),
            "unix:///var/run/containerd/containerd.sock"
        );
        assert_eq!(
            r("{.metadata.annotations['kubeadm.alpha.kubernetes.io/cri-socket']}"),
            "unix:///var/run/containerd/containerd.sock"
        );
        assert_eq!(r("{.status.containerStatuses[-1].name}"), "app");
        assert_eq!(r("name: {..name}"), "name: billing-api proxy app");
        assert_eq!(r("{.nothing.here}"), "");
        assert!(render("{range .a}", &pod).is_err());
    }
}
