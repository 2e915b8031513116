//! A value at a key path of a YAML file's block mappings (what the node's
//! config files use: `/etc/crictl.yaml`, the kubelet's `config.yaml`): the
//! scalar as its text without quotes; a nested block as its lines.

/// The value at `keys` (the document's first mapping), or `None` when a key
/// is not there.
pub(crate) fn value(text: &str, keys: &[String]) -> Option<String> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .map(strip_comment)
        .filter(|l| !l.trim().is_empty() && l.trim() != "---")
        .map(|l| (l.len() - l.trim_start().len(), l.trim_end()))
        .collect();
    let (mut from, mut to, mut min_indent) = (0, lines.len(), 0);
    let mut found = None;
    for (depth, key) in keys.iter().enumerate() {
        let mut hit = None;
        let mut level = None;
        for (i, (indent, line)) in lines.iter().enumerate().take(to).skip(from) {
            if *indent < min_indent {
                break;
            }
            let level_now = *level.get_or_insert(*indent);
            if *indent != level_now {
                continue;
            }
            let body = line.trim_start();
            if let Some((k, v)) = body.split_once(':') {
                if unquote(k.trim()) == key.as_str() && (v.is_empty() || v.starts_with(' ')) {
                    hit = Some((i, v.trim().to_string()));
                    break;
                }
            }
        }
        let (i, v) = hit?;
        let indent = lines[i].0;
        let end = lines
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, (ind, _))| *ind <= indent)
            .map_or(to, |(j, _)| j.min(to));
        if depth + 1 == keys.len() {
            found = Some(if v.is_empty() {
                lines[i + 1..end]
                    .iter()
                    .map(|(_, l)| l.trim())
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                unquote(&v).to_string()
            });
        } else {
            from = i + 1;
            to = end;
            min_indent = indent + 1;
        }
    }
    found
}

fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev_space => return &line[..i],
            _ => {}
        }
        prev_space = c == ' ' || c == '\t';
    }
    line
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str]) -> Vec<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_scalars_at_key_paths() {
        let t = "runtime-endpoint: \"unix:///run/containerd/containerd.sock\" # the socket\nimage-endpoint: ''\ntimeout: 2\n";
        assert_eq!(
            value(t, &keys(&["runtime-endpoint"])).as_deref(),
            Some("unix:///run/containerd/containerd.sock")
        );
        assert_eq!(value(t, &keys(&["timeout"])).as_deref(), Some("2"));
        assert_eq!(value(t, &keys(&["image-endpoint"])).as_deref(), Some(""));
        assert_eq!(value(t, &keys(&["debug"])), None);
        let k = "apiVersion: kubelet.config.k8s.io/v1beta1\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\ncgroupDriver: systemd\n";
        assert_eq!(
            value(k, &keys(&["authentication", "webhook", "enabled"])).as_deref(),
            Some("true")
        );
        assert_eq!(
            value(k, &keys(&["cgroupDriver"])).as_deref(),
            Some("systemd")
        );
        assert_eq!(value(k, &keys(&["authentication", "cgroupDriver"])), None);
        assert_eq!(
            value(k, &keys(&["authentication", "anonymous"])).as_deref(),
            Some("enabled: false")
        );
    }
}
