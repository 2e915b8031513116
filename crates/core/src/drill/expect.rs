//! Expectations on a value (a subject's text): `equals`, `one_of`,
//! `matches`, `contains`, `at_least`, `at_most`, `lines`, each compared
//! under the item's normalization (`as`), so equivalent answers pass.

use super::item::{Check, Norm, Num};

/// A value as `as` normalizes it: an endpoint without `unix://` and with
/// `/var/run` read as `/run`; a path likewise; anything else trimmed.
pub(crate) fn normalize(value: &str, norm: Option<Norm>) -> String {
    let v = value.trim();
    match norm {
        Some(Norm::Endpoint) => path(v.strip_prefix("unix://").unwrap_or(v)),
        Some(Norm::Path) => path(v),
        Some(Norm::Quantity) => match quantity(v) {
            Some(q) => format!("{q}"),
            None => v.to_string(),
        },
        None => v.to_string(),
    }
}

/// `/var/run/x` → `/run/x` (`/var/run` is a symlink to `/run`), `//` and a
/// trailing `/` dropped.
fn path(p: &str) -> String {
    let mut parts: Vec<&str> = p
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    if parts.first() == Some(&"var") && parts.get(1) == Some(&"run") {
        parts.remove(0);
    }
    if p.starts_with('/') {
        format!("/{}", parts.join("/"))
    } else {
        parts.join("/")
    }
}

/// A Kubernetes quantity as a number (`200Mi`, `1G`, `500m`, `1.5`).
pub(crate) fn quantity(q: &str) -> Option<f64> {
    let q = q.trim();
    const SUFFIXES: [(&str, f64); 13] = [
        ("Ki", 1024.0),
        ("Mi", 1_048_576.0),
        ("Gi", 1_073_741_824.0),
        ("Ti", 1_099_511_627_776.0),
        ("Pi", 1_125_899_906_842_624.0),
        ("Ei", 1_152_921_504_606_846_976.0),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
        ("E", 1e18),
        ("m", 1e-3),
    ];
    let (num, mul) = SUFFIXES
        .iter()
        .find_map(|(s, m)| q.strip_suffix(s).map(|n| (n, *m)))
        .unwrap_or((q, 1.0));
    if num.is_empty()
        || !num
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return None;
    }
    let n: f64 = num.parse().ok()?;
    n.is_finite().then_some(n * mul)
}

/// A number of the file (`at_least`, `at_most`): a quantity with `as =
/// "quantity"`, else a plain number.
pub(crate) fn number(n: &Num, norm: Option<Norm>) -> Option<f64> {
    match n {
        Num::Int(i) => Some(*i as f64),
        Num::Float(f) => f.is_finite().then_some(*f),
        Num::Text(t) if norm == Some(Norm::Quantity) => quantity(t),
        Num::Text(t) => t.trim().parse().ok().filter(|f: &f64| f.is_finite()),
    }
}

/// A value (found) as a number for `at_least`/`at_most`.
fn value_number(v: &str, norm: Option<Norm>) -> Option<f64> {
    if norm == Some(Norm::Quantity) {
        quantity(v)
    } else {
        v.trim().parse().ok().filter(|f: &f64| f.is_finite())
    }
}

/// Whether a value meets every value expectation of the item.
pub(crate) fn holds(c: &Check, value: &str) -> bool {
    let norm = c.norm;
    let same = |want: &str, got: &str| -> bool {
        if norm == Some(Norm::Quantity) {
            if let (Some(a), Some(b)) = (quantity(want), quantity(got)) {
                return (a - b).abs() < 1e-9;
            }
        }
        normalize(want, norm) == normalize(got, norm)
    };
    let v = value.trim();
    if let Some(want) = &c.equals {
        if !same(want, v) {
            return false;
        }
    }
    if let Some(list) = &c.one_of {
        if !list.iter().any(|w| same(w, v)) {
            return false;
        }
    }
    if let Some(re) = &c.matches {
        match regex_lite::Regex::new(re) {
            Ok(re) if re.is_match(v) => {}
            _ => return false,
        }
    }
    if let Some(part) = &c.contains {
        if !v.contains(part.as_str()) {
            return false;
        }
    }
    for (bound, least) in [(&c.at_least, true), (&c.at_most, false)] {
        if let Some(b) = bound {
            let (Some(want), Some(got)) = (number(b, norm), value_number(v, norm)) else {
                return false;
            };
            if (least && got < want) || (!least && got > want) {
                return false;
            }
        }
    }
    if let Some(lines) = &c.lines {
        let got: Vec<&str> = v.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        if got.len() != lines.len() || !lines.iter().zip(&got).all(|(w, g)| same(w, g)) {
            return false;
        }
    }
    true
}

/// Whether the item has value expectations at all.
pub(crate) fn has_value(c: &Check) -> bool {
    c.equals.is_some()
        || c.one_of.is_some()
        || c.matches.is_some()
        || c.contains.is_some()
        || c.at_least.is_some()
        || c.at_most.is_some()
        || c.lines.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(toml: &str) -> Check {
        basic_toml::from_str(&format!(
            "name = {{ en = \"x\", ko = \"x\" }}\nfile = \"/x\"\n{toml}"
        ))
        .unwrap()
    }

    #[test]
    fn endpoints_and_paths_are_equivalent_in_their_forms() {
        let c = item("equals = \"unix:///run/containerd/containerd.sock\"\nas = \"endpoint\"");
        for ok in [
            "unix:///run/containerd/containerd.sock",
            "unix:///var/run/containerd/containerd.sock",
            "/var/run/containerd/containerd.sock\n",
            "/run//containerd/containerd.sock",
        ] {
            assert!(holds(&c, ok), "{ok}");
        }
        assert!(!holds(&c, "unix:///run/crio/crio.sock"));
        let plain = item("equals = \"unix:///run/containerd/containerd.sock\"");
        assert!(!holds(&plain, "unix:///var/run/containerd/containerd.sock"));
        let p = item("one_of = [\"/run/cri-dockerd.sock\"]\nas = \"path\"");
        assert!(holds(&p, "/var/run/cri-dockerd.sock/"));
    }

    #[test]
    fn quantities_compare_by_size() {
        let c = item("at_least = \"180Mi\"\nas = \"quantity\"");
        assert!(holds(&c, "200Mi"));
        assert!(holds(&c, "1Gi"));
        assert!(holds(&c, "188743680"));
        assert!(!holds(&c, "64Mi"));
        assert!(!holds(&c, "lots"));
        let eq = item("equals = \"1Gi\"\nas = \"quantity\"");
        assert!(holds(&eq, "1024Mi"));
        let most = item("at_most = 3");
        assert!(holds(&most, "3") && holds(&most, "0") && !holds(&most, "4"));
        assert_eq!(quantity("500m"), Some(0.5));
        assert_eq!(quantity("Mi"), None);
    }

    #[test]
    fn text_expectations() {
        let c = item("matches = \"(?i)containerd\"\ncontains = \"d\"");
        assert!(holds(&c, "The ContainerD daemon"));
        assert!(!holds(&c, "kubelet"));
        let l = item("lines = [\"containerd://2.1.4\", \"/run/containerd/containerd.sock\"]\nas = \"endpoint\"");
        assert!(holds(
            &l,
            " containerd://2.1.4 \n\nunix:///var/run/containerd/containerd.sock\n"
        ));
        assert!(!holds(&l, "containerd://2.1.4\n"));
    }
}
