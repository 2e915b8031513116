//! `kubectl -o yaml`: a JSON value written as sigs.k8s.io/yaml (go-yaml v2)
//! writes it: keys sorted, two-space indent, sequences of mappings at their
//! key's column (`- name: …`), strings quoted only when a plain scalar would
//! read as something else (`"80"`, `"true"`, timestamps: double quotes) or
//! cannot be plain (`': '`, a leading indicator: single quotes), multi-line
//! strings as `|` blocks, `{}` and `[]` for empty collections. Not
//! modelled: go-yaml's folding of plain strings longer than 80 columns.

use serde_json::Value;

/// The YAML text of a value (ends with a newline).
pub(crate) fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => mapping(v, 0, &mut out),
        Value::Array(a) if !a.is_empty() => sequence(v, 0, &mut out),
        other => {
            out.push_str(&scalar(other, 0));
            out.push('\n');
        }
    }
    out
}

fn mapping(v: &Value, indent: usize, out: &mut String) {
    let Value::Object(m) = v else { return };
    let mut keys: Vec<&String> = m.keys().collect();
    crate::order::sort(&mut keys);
    for k in keys {
        let Some(x) = m.get(k) else { continue };
        out.push_str(&" ".repeat(indent));
        out.push_str(&key(k));
        out.push(':');
        value_after(x, indent, out);
    }
}

fn sequence(v: &Value, indent: usize, out: &mut String) {
    let Value::Array(a) = v else { return };
    for x in a {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match x {
            Value::Object(m) if !m.is_empty() => {
                // The first key on the dash's line, the rest below it.
                let mut inner = String::new();
                mapping(x, indent + 2, &mut inner);
                out.push(' ');
                out.push_str(inner.get(indent + 2..).unwrap_or(""));
            }
            Value::Array(b) if !b.is_empty() => {
                let mut inner = String::new();
                sequence(x, indent + 2, &mut inner);
                out.push(' ');
                out.push_str(inner.get(indent + 2..).unwrap_or(""));
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other, indent + 2));
                out.push('\n');
            }
        }
    }
}

fn value_after(x: &Value, indent: usize, out: &mut String) {
    match x {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            mapping(x, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            sequence(x, indent, out);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other, indent + 2));
            out.push('\n');
        }
    }
}

fn key(k: &str) -> String {
    match scalar(&Value::String(k.to_string()), 0) {
        s if s.contains('\n') => format!("{k:?}"),
        s => s,
    }
}

fn scalar(v: &Value, indent: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        Value::String(s) => string(s, indent),
    }
}

fn string(s: &str, indent: usize) -> String {
    if s.is_empty() {
        return "\"\"".into();
    }
    if s.contains('\n') {
        let chomp = if s.ends_with('\n') { "" } else { "-" };
        let pad = " ".repeat(indent);
        let mut out = format!("|{chomp}");
        for line in s.trim_end_matches('\n').split('\n') {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
                out.push_str(line);
            }
        }
        return out;
    }
    if resolves_to_other(s) {
        return format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    }
    if !plain_allowed(s) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    s.to_string()
}

/// A plain scalar that YAML 1.1 would read as a bool, null, number or
/// timestamp.
fn resolves_to_other(s: &str) -> bool {
    const WORDS: [&str; 22] = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ];
    if WORDS.contains(&s) || matches!(s, "null" | "Null" | "NULL" | "~") {
        return true;
    }
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    let numeric = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '_' || c == 'e' || c == 'E')
        && t.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
        && t.chars().filter(|c| *c == '.').count() <= 1;
    let timestamp = s.len() >= 10
        && s.get(..10).is_some_and(|d| {
            d.chars().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
        });
    numeric || timestamp || matches!(s, ".inf" | ".Inf" | "-.inf" | ".nan" | ".NaN")
}

fn plain_allowed(s: &str) -> bool {
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        let next = s.chars().nth(1);
        if !(matches!(first, '-' | '?' | ':') && next.is_some_and(|c| c != ' ')) {
            return false;
        }
    }
    if s.starts_with(' ') || s.ends_with(' ') {
        return false;
    }
    !(s.contains(": ") || s.contains(" #") || s.ends_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kubectl_style() {
        let v = json!({
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": {"name": "web", "labels": {"app": "web"}, "creationTimestamp": "2026-01-05T09:00:00Z", "resourceVersion": "12"},
            "spec": {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80}], "args": ["sh", "-c", "echo a: b"]}]},
            "status": {"conditions": [], "x": {}, "msg": "", "ok": "true"}
        });
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: \"2026-01-05T09:00:00Z\"\n  labels:\n    app: web\n  name: web\n  resourceVersion: \"12\"\nspec:\n  containers:\n  - args:\n    - sh\n    - -c\n    - 'echo a: b'\n    image: nginx\n    name: web\n    ports:\n    - containerPort: 80\nstatus:\n  conditions: []\n  msg: \"\"\n  ok: \"true\"\n  x: {}\n"
        );
    }
}
