//! Shell patterns (`*`, `?`, `[…]`, `\x`): globs, `${X#p}`, `test`.

/// Whether `pat` matches all of `s`. A backslash quotes the next
/// character.
pub fn matches(pat: &str, s: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = s.chars().collect();
    match_at(&p, &t)
}

/// Whether a pattern has an unquoted `*`, `?` or `[`.
pub fn is_glob(pat: &str) -> bool {
    let mut esc = false;
    for c in pat.chars() {
        if esc {
            esc = false;
        } else if c == '\\' {
            esc = true;
        } else if matches!(c, '*' | '?' | '[') {
            return true;
        }
    }
    false
}

/// A text's pattern form: every special character quoted.
pub fn quote(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

/// A pattern's text with the quoting backslashes removed.
pub fn unquote(pat: &str) -> String {
    let mut o = String::with_capacity(pat.len());
    let mut esc = false;
    for c in pat.chars() {
        if !esc && c == '\\' {
            esc = true;
            continue;
        }
        esc = false;
        o.push(c);
    }
    o
}

fn match_at(p: &[char], t: &[char]) -> bool {
    // Iterative with one backtrack point per `*` (the classic algorithm).
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        let (ok, next) = match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            Some('?') => (true, pi + 1),
            Some('[') => match class(p, pi, t[ti]) {
                Some((m, end)) => (m, end),
                None => (t[ti] == '[', pi + 1),
            },
            Some('\\') if pi + 1 < p.len() => (p[pi + 1] == t[ti], pi + 2),
            Some(&c) => (c == t[ti], pi + 1),
            None => (false, pi),
        };
        if ok {
            pi = next;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while p.get(pi) == Some(&'*') {
        pi += 1;
    }
    pi == p.len()
}

/// `[…]` at `p[i]` against `c`: whether it matches and where it ends;
/// `None` when the bracket is not closed.
fn class(p: &[char], i: usize, c: char) -> Option<(bool, usize)> {
    let mut k = i + 1;
    let neg = matches!(p.get(k), Some('!' | '^'));
    if neg {
        k += 1;
    }
    let mut hit = false;
    let mut first = true;
    loop {
        let &a = p.get(k)?;
        if a == ']' && !first {
            return Some((hit != neg, k + 1));
        }
        first = false;
        if p.get(k + 1) == Some(&'-') && p.get(k + 2).is_some_and(|&b| b != ']') {
            let b = *p.get(k + 2)?;
            if a <= c && c <= b {
                hit = true;
            }
            k += 3;
        } else {
            if a == c {
                hit = true;
            }
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(matches("*.conf", "99-k8s.conf"));
        assert!(!matches("*.conf", "99-k8s.conf.bak"));
        assert!(matches(
            "cri-dockerd_*.deb",
            "cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb"
        ));
        assert!(matches("a?c", "abc"));
        assert!(matches("[a-c]x", "bx"));
        assert!(!matches("[!a-c]x", "bx"));
        assert!(matches("\\*", "*"));
        assert!(!matches("\\*", "a"));
        assert!(matches("*", ""));
        assert!(is_glob("/etc/*.conf"));
        assert!(!is_glob("\\*"));
        assert_eq!(unquote(&quote("a*b")), "a*b");
    }
}
