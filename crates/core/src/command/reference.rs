//! Image reference syntax (`distribution/reference` `ReferenceRegexp`), which
//! kubectl checks before it sends anything (`invalid image name "…": invalid
//! reference format`).
//!
//! ```text
//! reference := name [ ":" tag ] [ "@" digest ]
//! name      := [domain "/"] path-component ["/" path-component]*
//! domain    := host [":" port]   host := domain-component ("." domain-component)* | "[" IPv6 "]"
//! path-component := [a-z0-9]+ (([._]|__|[-]*) [a-z0-9]+)*
//! tag       := [\w][\w.-]{0,127}
//! digest    := algorithm ":" [0-9a-fA-F]{32,}
//! ```

/// Whether `s` matches the full reference grammar.
pub fn is_valid(s: &str) -> bool {
    let (name_tag, digest) = match s.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (s, None),
    };
    if let Some(d) = digest {
        if !valid_digest(d) {
            return false;
        }
    }
    let last_slash = name_tag.rfind('/');
    let (name, tag) = match name_tag.rfind(':') {
        Some(c) if last_slash.is_none_or(|sl| c > sl) => (
            name_tag.get(..c).unwrap_or(""),
            Some(name_tag.get(c + 1..).unwrap_or("")),
        ),
        _ => (name_tag, None),
    };
    if let Some(t) = tag {
        if !valid_tag(t) {
            return false;
        }
    }
    valid_name(name)
}

fn valid_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('/').collect();
    if parts.iter().all(|p| valid_path_component(p)) {
        return true;
    }
    match parts.split_first() {
        Some((domain, rest)) if !rest.is_empty() => {
            valid_domain(domain) && rest.iter().all(|p| valid_path_component(p))
        }
        _ => false,
    }
}

fn valid_path_component(p: &str) -> bool {
    let b = p.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if b.is_empty()
        || !b.first().copied().is_some_and(alnum)
        || !b.last().copied().is_some_and(alnum)
    {
        return false;
    }
    // Separators between alphanumeric runs: "." "_" "__" or any run of "-".
    let mut k = 0usize;
    while k < b.len() {
        if b.get(k).copied().is_some_and(alnum) {
            k += 1;
            continue;
        }
        let start = k;
        while k < b.len() && !b.get(k).copied().is_some_and(alnum) {
            k += 1;
        }
        let sep = p.get(start..k).unwrap_or("");
        let ok = sep == "." || sep == "_" || sep == "__" || sep.chars().all(|c| c == '-');
        if !ok {
            return false;
        }
    }
    true
}

fn valid_domain(d: &str) -> bool {
    let (host, port) = if let Some(rest) = d.strip_prefix('[') {
        match rest.split_once(']') {
            Some((v6, after)) => {
                if v6.is_empty()
                    || !v6
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
                {
                    return false;
                }
                match after {
                    "" => return true,
                    a => match a.strip_prefix(':') {
                        Some(p) => return !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()),
                        None => return false,
                    },
                }
            }
            None => return false,
        }
    } else {
        match d.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (d, None),
        }
    };
    if let Some(p) = port {
        if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    !host.is_empty()
        && host.split('.').all(|c| {
            !c.is_empty()
                && c.chars().all(|x| x.is_ascii_alphanumeric() || x == '-')
                && !c.starts_with('-')
                && !c.ends_with('-')
        })
}

fn valid_tag(t: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut chars = t.chars();
    chars.next().is_some_and(word)
        && t.chars().count() <= 128
        && chars.all(|c| word(c) || c == '.' || c == '-')
}

fn valid_digest(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else {
        return false;
    };
    let alg_ok = !alg.is_empty()
        && alg.split(['+', '.', '-', '_']).all(|c| {
            let mut ch = c.chars();
            ch.next().is_some_and(|x| x.is_ascii_alphabetic())
                && ch.all(|x| x.is_ascii_alphanumeric())
        });
    alg_ok && hex.len() >= 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::is_valid;

    #[test]
    fn references() {
        for ok in [
            "nginx",
            "nginx:1.25",
            "nginx:latest",
            "library/nginx",
            "docker.io/library/nginx:1.25-alpine",
            "registry.k8s.io/pause:3.9",
            "localhost:5000/app",
            "localhost/app",
            "my-registry.example.com:443/team/app_v2:v1.2.3",
            "a__b",
            "a---b",
            "[::1]:5000/app",
            "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "busybox:1.36@sha256:0123456789abcdef0123456789abcdef",
        ] {
            assert!(is_valid(ok), "{ok}");
        }
        for bad in [
            "",
            "Nginx",
            "nginx:",
            "nginx:-x",
            ":tag",
            "a/",
            "/a",
            "a//b",
            "a___b",
            "a.-b",
            "-a",
            "nginx@sha256:abc",
            "nginx@",
            "UPPER.io:x/app",
            "host:port/app",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
