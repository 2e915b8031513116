//! Reading the YAML of manifests (`kubectl apply -f`) into JSON values, as
//! sigs.k8s.io/yaml converts YAML to JSON: block mappings and sequences,
//! plain, single- and double-quoted scalars, `|`/`>` block scalars, flow
//! sequences and mappings on one line, comments, `---` between documents.
//! Anchors, aliases, tags and multi-line flow collections are refused
//! with the line, as a parse error.

use serde_json::{Map, Value};

/// A YAML error: the line (1-based) and what is wrong (go-yaml's words
/// where the case is one go-yaml names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
struct Line {
    no: usize,
    indent: usize,
    text: String,
}

/// The documents of a stream, each as JSON (empty documents dropped).
pub(crate) fn documents(text: &str) -> Result<Vec<Value>, YamlError> {
    let mut docs = Vec::new();
    let mut cur: Vec<Line> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim_end();
        if t == "---" || t.starts_with("--- ") || t == "..." {
            if let Some(v) = document(&cur)? {
                docs.push(v);
            }
            cur.clear();
            continue;
        }
        let body = strip_comment(t);
        if body.trim().is_empty() {
            // Blank lines matter only inside block scalars.
            cur.push(Line {
                no: i + 1,
                indent: usize::MAX,
                text: String::new(),
            });
            continue;
        }
        if body.starts_with('\t') {
            return Err(YamlError {
                line: i + 1,
                message: "found character that cannot start any token".into(),
            });
        }
        let indent = body.len() - body.trim_start_matches(' ').len();
        cur.push(Line {
            no: i + 1,
            indent,
            text: body.trim_start_matches(' ').to_string(),
        });
    }
    if let Some(v) = document(&cur)? {
        docs.push(v);
    }
    Ok(docs)
}

fn strip_comment(line: &str) -> &str {
    let (mut single, mut double) = (false, false);
    let bytes = line.as_bytes();
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && (i == 0 || bytes.get(i - 1) == Some(&b' ')) => {
                return line.get(..i).unwrap_or(line);
            }
            _ => {}
        }
    }
    line
}

fn document(lines: &[Line]) -> Result<Option<Value>, YamlError> {
    let content: Vec<Line> = lines.to_vec();
    let Some(first) = content.iter().position(|l| l.indent != usize::MAX) else {
        return Ok(None);
    };
    let mut p = Parser {
        lines: content,
        at: first,
    };
    let indent = p.lines.get(first).map(|l| l.indent).unwrap_or(0);
    let v = p.block(indent)?;
    p.skip_blank();
    if let Some(l) = p.lines.get(p.at) {
        return Err(YamlError {
            line: l.no,
            message: "did not find expected key".into(),
        });
    }
    Ok(Some(v))
}

struct Parser {
    lines: Vec<Line>,
    at: usize,
}

impl Parser {
    fn skip_blank(&mut self) {
        while self
            .lines
            .get(self.at)
            .is_some_and(|l| l.indent == usize::MAX)
        {
            self.at += 1;
        }
    }

    fn block(&mut self, indent: usize) -> Result<Value, YamlError> {
        self.skip_blank();
        let Some(l) = self.lines.get(self.at) else {
            return Ok(Value::Null);
        };
        if l.text == "-" || l.text.starts_with("- ") {
            self.sequence(indent)
        } else {
            self.mapping(indent)
        }
    }

    fn sequence(&mut self, indent: usize) -> Result<Value, YamlError> {
        self.sequence_in(indent, false)
    }

    /// A sequence; `compact`: it sits at its key's own column (kubectl's
    /// `-o yaml` writes `args:` then `- …` below it), so the next key of
    /// that mapping, at the same column, ends it.
    fn sequence_in(&mut self, indent: usize, compact: bool) -> Result<Value, YamlError> {
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            let Some(l) = self.lines.get(self.at).cloned() else {
                break;
            };
            if l.indent < indent {
                break;
            }
            let dash = l.text == "-" || l.text.starts_with("- ");
            if compact && l.indent == indent && !dash {
                break;
            }
            if l.indent > indent || !dash {
                return Err(YamlError {
                    line: l.no,
                    message: "did not find expected '-' indicator".into(),
                });
            }
            let rest = l.text.get(1..).unwrap_or("").trim_start().to_string();
            if rest.is_empty() {
                self.at += 1;
                self.skip_blank();
                match self.lines.get(self.at) {
                    Some(n) if n.indent > indent => {
                        let ni = n.indent;
                        items.push(self.block(ni)?);
                    }
                    _ => items.push(Value::Null),
                }
                continue;
            }
            // `- key: v` opens a mapping at the column of `key`.
            let col = l.indent + (l.text.len() - rest.len());
            if let Some(line) = self.lines.get_mut(self.at) {
                line.indent = col;
                line.text = rest.clone();
            }
            if is_mapping_line(&rest) || rest.starts_with("- ") {
                items.push(self.block(col)?);
            } else {
                self.at += 1;
                items.push(self.scalar_value(&rest, l.no, col)?);
            }
        }
        Ok(Value::Array(items))
    }

    fn mapping(&mut self, indent: usize) -> Result<Value, YamlError> {
        let mut map = Map::new();
        loop {
            self.skip_blank();
            let Some(l) = self.lines.get(self.at).cloned() else {
                break;
            };
            if l.indent < indent {
                break;
            }
            if l.indent > indent {
                return Err(YamlError {
                    line: l.no,
                    message: "mapping values are not allowed in this context".into(),
                });
            }
            if l.text.starts_with("- ") || l.text == "-" {
                break;
            }
            let Some((key, rest)) = split_key(&l.text) else {
                return Err(YamlError {
                    line: l.no,
                    message: "could not find expected ':'".into(),
                });
            };
            self.at += 1;
            let value = if rest.is_empty() {
                self.skip_blank();
                match self.lines.get(self.at) {
                    Some(n) if n.indent > indent => {
                        let ni = n.indent;
                        self.block(ni)?
                    }
                    // A sequence may sit at its key's own column.
                    Some(n) if n.indent == indent && n.text.starts_with("- ") => {
                        self.sequence_in(indent, true)?
                    }
                    _ => Value::Null,
                }
            } else {
                self.scalar_value(&rest, l.no, indent)?
            };
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }

    /// A value on its key's line; block scalars take the lines below.
    fn scalar_value(&mut self, text: &str, no: usize, indent: usize) -> Result<Value, YamlError> {
        if let Some(style) = text
            .strip_prefix('|')
            .map(|r| ('|', r))
            .or_else(|| text.strip_prefix('>').map(|r| ('>', r)))
        {
            let chomp = style.1.trim();
            let mut body: Vec<String> = Vec::new();
            let mut block_indent = None;
            while let Some(l) = self.lines.get(self.at) {
                if l.indent == usize::MAX {
                    body.push(String::new());
                    self.at += 1;
                    continue;
                }
                if l.indent <= indent {
                    break;
                }
                let bi = *block_indent.get_or_insert(l.indent);
                let pad = " ".repeat(l.indent.saturating_sub(bi));
                body.push(format!("{pad}{}", l.text));
                self.at += 1;
            }
            while body.last().is_some_and(String::is_empty) {
                body.pop();
            }
            let mut s = if style.0 == '|' {
                body.join("\n")
            } else {
                body.join(" ")
            };
            if chomp != "-" && !s.is_empty() {
                s.push('\n');
            }
            return Ok(Value::String(s));
        }
        scalar(text).map_err(|message| YamlError { line: no, message })
    }
}

fn is_mapping_line(t: &str) -> bool {
    split_key(t).is_some()
}

/// `key: rest` (a key may be quoted).
fn split_key(t: &str) -> Option<(String, String)> {
    if let Some(q) = t.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = t.get(1..)?.find(q)? + 1;
        let key = t.get(1..end)?.to_string();
        let rest = t.get(end + 1..)?;
        let rest = rest.strip_prefix(':')?;
        return Some((key, rest.trim().to_string()));
    }
    if t.starts_with('[') || t.starts_with('{') {
        return None;
    }
    let i = t
        .find(": ")
        .or_else(|| t.ends_with(':').then(|| t.len() - 1))?;
    Some((
        t.get(..i)?.trim().to_string(),
        t.get(i + 1..)?.trim().to_string(),
    ))
}

/// A scalar or a one-line flow collection.
fn scalar(t: &str) -> Result<Value, String> {
    let t = t.trim();
    if t.starts_with('&') || t.starts_with('*') || t.starts_with('!') {
        return Err("anchors, aliases and tags are not modelled here".into());
    }
    if let Some(inner) = t.strip_prefix('[') {
        let inner = inner
            .strip_suffix(']')
            .ok_or_else(|| "did not find expected ',' or ']'".to_string())?;
        let mut items = Vec::new();
        for part in split_flow(inner) {
            if !part.trim().is_empty() {
                items.push(scalar(&part)?);
            }
        }
        return Ok(Value::Array(items));
    }
    if let Some(inner) = t.strip_prefix('{') {
        let inner = inner
            .strip_suffix('}')
            .ok_or_else(|| "did not find expected ',' or '}'".to_string())?;
        let mut map = Map::new();
        for part in split_flow(inner) {
            if part.trim().is_empty() {
                continue;
            }
            let (k, v) = split_key(part.trim())
                .or_else(|| {
                    part.split_once(':')
                        .map(|(k, v)| (k.trim().into(), v.trim().into()))
                })
                .ok_or_else(|| "did not find expected ',' or '}'".to_string())?;
            map.insert(k, scalar(&v)?);
        }
        return Ok(Value::Object(map));
    }
    if let Some(inner) = t.strip_prefix('"') {
        let inner = inner
            .strip_suffix('"')
            .ok_or_else(|| "found unexpected end of stream".to_string())?;
        let mut s = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some(o) => s.push(o),
                    None => {}
                }
            } else {
                s.push(c);
            }
        }
        return Ok(Value::String(s));
    }
    if let Some(inner) = t.strip_prefix('\'') {
        let inner = inner
            .strip_suffix('\'')
            .ok_or_else(|| "found unexpected end of stream".to_string())?;
        return Ok(Value::String(inner.replace("''", "'")));
    }
    Ok(match t {
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        "null" | "Null" | "NULL" | "~" | "" => Value::Null,
        _ => match t.parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => Value::String(t.to_string()),
        },
    })
}

/// Splits a flow collection's inside at top-level commas.
fn split_flow(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut depth, mut single, mut double) = (0i32, false, false);
    for c in s.chars() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '[' | '{' if !single && !double => depth += 1,
            ']' | '}' if !single && !double => depth -= 1,
            ',' if depth == 0 && !single && !double => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_deployment_manifest_reads_as_json() {
        let text = "# web\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: \"nginx:1.27\"\n        command: [\"sh\", \"-c\", 'sleep 2; exit 3']\n        ports:\n        - containerPort: 80\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";
        let docs = documents(text).expect("parses");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0]["spec"]["replicas"], json!(3));
        assert_eq!(docs[0]["metadata"]["labels"]["app"], json!("web"));
        let c = &docs[0]["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(c["image"], json!("nginx:1.27"));
        assert_eq!(c["command"], json!(["sh", "-c", "sleep 2; exit 3"]));
        assert_eq!(c["ports"][0]["containerPort"], json!(80));
        assert_eq!(docs[1]["kind"], json!("Namespace"));
    }

    #[test]
    fn a_sequence_at_its_keys_column_ends_at_the_next_key() {
        let docs = documents("spec:\n  containers:\n  - args:\n    - --vm\n    - \"1\"\n    command:\n    - stress\n    name: report\n  restartPolicy: Always\nstatus: {}\n")
            .expect("parses");
        let c = &docs[0]["spec"]["containers"][0];
        assert_eq!(c["args"], json!(["--vm", "1"]));
        assert_eq!(c["command"], json!(["stress"]));
        assert_eq!(c["name"], json!("report"));
        assert_eq!(docs[0]["spec"]["restartPolicy"], json!("Always"));
        // A top-level sequence still wants its `-`.
        assert!(documents("- a\nb: c\n").is_err());
    }

    #[test]
    fn block_scalars_and_errors() {
        let docs = documents("data:\n  a: |\n    x\n    y\n  b: ok\n").expect("parses");
        assert_eq!(docs[0]["data"]["a"], json!("x\ny\n"));
        assert_eq!(docs[0]["data"]["b"], json!("ok"));
        let e = documents("a: b\n  c: d\n").expect_err("bad indent");
        assert_eq!(e.line, 2);
        assert!(documents("---\n---\n").expect("empty").is_empty());
    }
}
