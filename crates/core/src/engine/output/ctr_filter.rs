//! containerd's filter syntax as `ctr containers ls FILTER…` takes it
//! (containerd `pkg/filters`): a filter is `selector[,selector…]` (every
//! selector must hold), several filters match when any one does; a selector
//! is a field path (`labels."io.kubernetes.pod.name"`, `image`, `id`,
//! `runtime.name`) with `==`, `!=` or `~=` (a regular expression) and a
//! value, or a field path alone (the field is present). A dotted path part
//! with dots of its own is quoted: `labels.io.kubernetes.pod.name` names the
//! label `io`, then `kubernetes`, … and matches nothing.

use litemap::LiteMap;

/// One selector.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Selector {
    path: Vec<String>,
    op: Option<(Op, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Re,
}

/// A parsed filter list, or the error ctr prints (`failed to parse …`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Filters(Vec<Vec<Selector>>);

/// The fields of one container a filter can look at.
pub(crate) struct Fields<'a> {
    pub id: &'a str,
    pub image: &'a str,
    pub runtime: &'a str,
    pub labels: &'a LiteMap<String, String>,
}

impl Filters {
    /// Parses each argument; `Err` carries the argument that failed.
    pub(crate) fn parse(args: &[String]) -> Result<Filters, String> {
        let mut all = Vec::new();
        for a in args {
            let mut sels = Vec::new();
            for part in split_unquoted(a, ',') {
                sels.push(selector(&part).ok_or_else(|| a.clone())?);
            }
            all.push(sels);
        }
        Ok(Filters(all))
    }

    /// Whether a container passes (no filter: every one does).
    pub(crate) fn matches(&self, f: &Fields<'_>) -> bool {
        self.0.is_empty() || self.0.iter().any(|sels| sels.iter().all(|s| s.matches(f)))
    }
}

impl Selector {
    fn matches(&self, f: &Fields<'_>) -> bool {
        let value = match self
            .path
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["id"] => Some(f.id),
            ["image"] => Some(f.image),
            ["runtime", "name"] => Some(f.runtime),
            ["labels", key] => f.labels.get(*key).map(String::as_str),
            _ => None,
        };
        match (&self.op, value) {
            (None, v) => v.is_some(),
            (Some((Op::Eq, want)), Some(v)) => v == want,
            (Some((Op::Ne, want)), Some(v)) => v != want,
            (Some((Op::Ne, _)), None) => true,
            (Some((Op::Re, re)), Some(v)) => {
                regex_lite::Regex::new(re).is_ok_and(|r| r.is_match(v))
            }
            _ => false,
        }
    }
}

/// Splits on `sep` outside double quotes.
fn split_unquoted(s: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for ch in s.chars() {
        if ch == '"' {
            quoted = !quoted;
        }
        if ch == sep && !quoted {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(ch);
        }
    }
    out
}

fn unquote(s: &str) -> String {
    let t = s.trim();
    t.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(t)
        .to_string()
}

fn selector(s: &str) -> Option<Selector> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // The operator: the first `==`, `!=` or `~=` outside quotes.
    let mut quoted = false;
    let bytes = s.as_bytes();
    let mut at = None;
    for i in 0..bytes.len() {
        if bytes[i] == b'"' {
            quoted = !quoted;
        }
        if !quoted && i + 1 < bytes.len() && bytes[i + 1] == b'=' {
            let op = match bytes[i] {
                b'=' => Some(Op::Eq),
                b'!' => Some(Op::Ne),
                b'~' => Some(Op::Re),
                _ => None,
            };
            if let Some(op) = op {
                at = Some((i, op));
                break;
            }
        }
    }
    let (path, op) = match at {
        Some((i, op)) => (&s[..i], Some((op, unquote(&s[i + 2..])))),
        None => (s, None),
    };
    let path: Vec<String> = split_unquoted(path, '.')
        .iter()
        .map(|p| unquote(p))
        .collect();
    if path.iter().any(String::is_empty) {
        return None;
    }
    Some(Selector { path, op })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> LiteMap<String, String> {
        let mut m = LiteMap::new();
        m.insert("io.kubernetes.pod.name".to_string(), "web-0".to_string());
        m.insert(
            "io.kubernetes.pod.namespace".to_string(),
            "shop".to_string(),
        );
        m
    }

    fn f(labels: &LiteMap<String, String>) -> Fields<'_> {
        Fields {
            id: "abc",
            image: "docker.io/library/nginx:latest",
            runtime: "io.containerd.runc.v2",
            labels,
        }
    }

    fn m(filters: &[&str]) -> bool {
        let l = labels();
        let args: Vec<String> = filters.iter().map(|s| s.to_string()).collect();
        Filters::parse(&args).expect("parses").matches(&f(&l))
    }

    #[test]
    fn labels_by_quoted_key_and_conjunctions() {
        assert!(m(&[]));
        assert!(m(&["labels.\"io.kubernetes.pod.name\"==web-0"]));
        assert!(m(&[
            "labels.\"io.kubernetes.pod.name\"==web-0,labels.\"io.kubernetes.pod.namespace\"==shop"
        ]));
        assert!(!m(&[
            "labels.\"io.kubernetes.pod.name\"==web-0,labels.\"io.kubernetes.pod.namespace\"==default"
        ]));
        // Unquoted, the dots are path separators: no such label.
        assert!(!m(&["labels.io.kubernetes.pod.name==web-0"]));
        // Any of several filters.
        assert!(m(&["id==x", "image~=nginx"]));
        assert!(m(&["labels.\"io.kubernetes.pod.name\""]));
        assert!(m(&["runtime.name==io.containerd.runc.v2", "id!=abc"]));
        assert!(!m(&["id!=abc"]));
        assert!(Filters::parse(&["==x".to_string()]).is_err());
    }
}
