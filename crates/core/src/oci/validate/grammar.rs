//! Small grammars the specs name: SemVer 2.0.0, digests (image-spec
//! `descriptor.md`), media types (RFC 6838 §4.2), CPU lists, base64; and the
//! "did you mean" guess for misspelt names.

use crate::message::{Catalog, Msg};
use crate::msg;
use std::fmt;

/// Whether `v` is a SemVer 2.0.0 version (`1.2.0`, `1.0.2-dev`, `1.0.0+build.5`).
pub(super) fn is_semver(v: &str) -> bool {
    let (core, build) = match v.split_once('+') {
        Some((c, b)) => (c, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match core.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (core, None),
    };
    let numeric = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
    };
    let ident =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() != 3 || !parts.iter().all(|p| numeric(p)) {
        return false;
    }
    if let Some(pre) = pre {
        let ok = pre
            .split('.')
            .all(|p| ident(p) && (!p.bytes().all(|b| b.is_ascii_digit()) || numeric(p)));
        if !ok {
            return false;
        }
    }
    if let Some(build) = build {
        if !build.split('.').all(ident) {
            return false;
        }
    }
    true
}

impl fmt::Display for DigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Catalog::english().render(&self.message()))
    }
}

impl std::error::Error for DigestError {}

impl DigestError {
    /// What is wrong, as a message (its Display is the English text).
    pub fn message(&self) -> Msg {
        match self {
            DigestError::NoColon => msg!("val-digest-no-colon"),
            DigestError::BadAlgorithm(a) => msg!("val-digest-bad-algorithm", algorithm = a),
            DigestError::BadEncoded => msg!("val-digest-bad-encoded"),
            DigestError::Length {
                algorithm,
                expected,
                found,
            } => msg!(
                "val-digest-length",
                algorithm = *algorithm,
                expected = expected.to_string(),
                found = found.to_string()
            ),
            DigestError::NotLowerHex { algorithm, found } => msg!(
                "val-digest-not-lower-hex",
                algorithm = *algorithm,
                found = found.to_string()
            ),
        }
    }
}

/// Why a digest is not one (image-spec `descriptor.md`, "Digests").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestError {
    /// No `:` between the algorithm and the encoded part.
    NoColon,
    /// The algorithm breaks `[a-z0-9]+([+._-][a-z0-9]+)*`.
    BadAlgorithm(String),
    /// The encoded part is empty or has characters outside `[a-zA-Z0-9=_-]`.
    BadEncoded,
    /// A registered algorithm with the wrong length.
    Length {
        /// `sha256` or `sha512`.
        algorithm: &'static str,
        /// 64 or 128.
        expected: usize,
        /// What the digest has.
        found: usize,
    },
    /// A registered algorithm with characters other than lowercase hex.
    NotLowerHex {
        /// `sha256` or `sha512`.
        algorithm: &'static str,
        /// The first bad character.
        found: char,
    },
}

/// Checks a digest against the image-spec grammar and the registered
/// algorithms' lengths (`sha256`: 64, `sha512`: 128, `blake3`: 64 lowercase
/// hex digits). Returns whether the algorithm is registered.
///
/// ```
/// use atlas_core::oci::validate::{check_digest, DigestError};
/// let ok = format!("sha256:{}", "a".repeat(64));
/// assert_eq!(check_digest(&ok), Ok(true));
/// assert!(matches!(check_digest("sha256:abc"), Err(DigestError::Length { found: 3, .. })));
/// assert_eq!(check_digest("multihash+base58:QmRZxt2b1F"), Ok(false));
/// ```
pub fn check_digest(digest: &str) -> Result<bool, DigestError> {
    let (algorithm, encoded) = digest.split_once(':').ok_or(DigestError::NoColon)?;
    let component_ok = |c: &str| {
        !c.is_empty()
            && c.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    if !algorithm.split(['+', '.', '_', '-']).all(component_ok) {
        return Err(DigestError::BadAlgorithm(algorithm.to_string()));
    }
    if encoded.is_empty()
        || !encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'=' | b'_' | b'-'))
    {
        return Err(DigestError::BadEncoded);
    }
    let (name, expected): (&'static str, usize) = match algorithm {
        "sha256" => ("sha256", 64),
        "sha512" => ("sha512", 128),
        "blake3" => ("blake3", 64),
        _ => return Ok(false),
    };
    if let Some(bad) = encoded
        .chars()
        .find(|c| !matches!(c, '0'..='9' | 'a'..='f'))
    {
        return Err(DigestError::NotLowerHex {
            algorithm: name,
            found: bad,
        });
    }
    if encoded.len() != expected {
        return Err(DigestError::Length {
            algorithm: name,
            expected,
            found: encoded.len(),
        });
    }
    Ok(true)
}

/// Whether a media type follows RFC 6838 §4.2: `type "/" subtype`, each a
/// restricted name (1 to 127 characters: letters, digits and
/// `!#$&-^_.+`, starting with a letter or digit), optional parameters after `;`.
pub(super) fn is_media_type(mt: &str) -> bool {
    let essence = mt.split(';').next().unwrap_or("").trim_end();
    let Some((ty, sub)) = essence.split_once('/') else {
        return false;
    };
    let name = |s: &str| {
        (1..=127).contains(&s.len())
            && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    name(ty) && name(sub)
}

/// Whether `s` is a list of CPUs or memory nodes as the kernel's cpuset
/// files take them: `0-3,7`, `1`, ranges ascending.
pub(super) fn is_cpu_list(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    s.split(',').all(|part| {
        let num = |x: &str| !x.is_empty() && x.len() <= 6 && x.bytes().all(|b| b.is_ascii_digit());
        match part.split_once('-') {
            Some((a, b)) => {
                num(a)
                    && num(b)
                    && a.parse::<u32>().unwrap_or(u32::MAX) <= b.parse::<u32>().unwrap_or(0)
            }
            None => num(part),
        }
    })
}

/// The decoded length of standard base64 (RFC 4648 §4, padded), or `None`
/// when `s` is not base64.
pub(super) fn base64_len(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(4) {
        return None;
    }
    let pad = b.iter().rev().take_while(|c| **c == b'=').count();
    if pad > 2 {
        return None;
    }
    let body = b.get(..b.len() - pad)?;
    if !body
        .iter()
        .all(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
    {
        return None;
    }
    Some((b.len() as u64 / 4) * 3 - pad as u64)
}

/// The candidate closest to `word` (edit distance at most a third of its
/// length, at least 1, at most 3), for "did you mean".
pub(super) fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    if word.chars().count() > 64 {
        return None;
    }
    candidates
        .map(|c| (distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters, case-insensitive.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A list of names for messages: `a, b or c`.
pub(super) fn or_list(items: &[&str]) -> Msg {
    let mut rest = items.iter().rev();
    let Some(last) = rest.next() else {
        return msg!("val-nothing");
    };
    let Some(before) = rest.next() else {
        return msg!("val-word", word = *last);
    };
    let mut list = msg!("val-or", first = *before, last = *last);
    for earlier in rest {
        list = msg!("val-list", first = *earlier, rest = list);
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver() {
        for ok in [
            "1.0.0",
            "1.0.2-dev",
            "1.2.0-rc.1",
            "0.1.0+b.5",
            "10.20.30-alpha-1",
        ] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "1.0", "1", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "1..0", "",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }

    #[test]
    fn digests() {
        let hex = "0123456789abcdef".repeat(4);
        assert_eq!(check_digest(&format!("sha256:{hex}")), Ok(true));
        assert_eq!(check_digest(&format!("sha512:{hex}{hex}")), Ok(true));
        assert_eq!(
            check_digest(&format!("sha256:{}", hex.to_uppercase())),
            Err(DigestError::NotLowerHex {
                algorithm: "sha256",
                found: 'A'
            })
        );
        assert_eq!(
            check_digest(&format!("sha512:{hex}")),
            Err(DigestError::Length {
                algorithm: "sha512",
                expected: 128,
                found: 64
            })
        );
        assert_eq!(check_digest("sha256"), Err(DigestError::NoColon));
        assert!(matches!(
            check_digest("SHA256:abc"),
            Err(DigestError::BadAlgorithm(_))
        ));
        assert!(matches!(
            check_digest("sha256+:abc"),
            Err(DigestError::BadAlgorithm(_))
        ));
        assert_eq!(check_digest("sha256:"), Err(DigestError::BadEncoded));
        assert_eq!(check_digest("foo.bar:a=b_c-D"), Ok(false));
    }

    #[test]
    fn media_types() {
        assert!(is_media_type("application/vnd.oci.image.manifest.v1+json"));
        assert!(is_media_type("text/plain; charset=utf-8"));
        for bad in [
            "application",
            "/json",
            "application/",
            "app lication/json",
            "a/b/c",
        ] {
            assert!(!is_media_type(bad), "{bad}");
        }
    }

    #[test]
    fn cpu_lists() {
        for ok in ["", "0", "0-3", "0-3,7", "1,2,3"] {
            assert!(is_cpu_list(ok), "{ok}");
        }
        for bad in ["a", "3-1", "0-", ",", "0,,1", "-1"] {
            assert!(!is_cpu_list(bad), "{bad}");
        }
    }

    #[test]
    fn base64() {
        assert_eq!(base64_len("e30="), Some(2));
        assert_eq!(base64_len(""), Some(0));
        assert_eq!(base64_len("abc"), None);
        assert_eq!(base64_len("ab!="), None);
    }

    #[test]
    fn guesses() {
        let names = ["process", "hostname", "linux"];
        assert_eq!(closest("procss", names.iter().copied()), Some("process"));
        assert_eq!(closest("linx", names.iter().copied()), Some("linux"));
        assert_eq!(closest("zzz", names.iter().copied()), None);
        let en = crate::message::Catalog::english();
        assert_eq!(en.render(&or_list(&["a", "b", "c"])), "a, b or c");
        assert_eq!(en.render(&or_list(&["a"])), "a");
    }
}
