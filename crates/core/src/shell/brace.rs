//! Brace expansion, bash's first expansion: `web-{1..3}` is three words,
//! `a{b,c}d` two, `{01..10..3}` keeps the zero padding, `{a..e}` counts
//! letters. It applies to unquoted text only (a brace inside quotes is
//! literal) and never to assignments; a brace with neither a top-level
//! comma nor a valid sequence stays as typed (`{}`, `{a}`, `{1..x}`).
//!
//! Bash reads braces across quoted pieces of a word (`{a,'b c'}`); here a
//! brace expression must sit in one unquoted piece of the word, which is
//! how such lines are typed at a node.

use super::syntax::{Part, Word};

/// Most words one word may expand to (bash has no bound but memory; the
/// simulator's lines always end).
pub const MAX_WORDS: usize = 100_000;

/// The words a word expands to: itself when it has no brace expression, or
/// `None` when it would give more than [`MAX_WORDS`].
pub(super) fn expand(word: &Word) -> Option<Vec<Word>> {
    let mut out = Vec::new();
    let mut todo = vec![word.clone()];
    while let Some(w) = todo.pop() {
        let found = w.iter().enumerate().find_map(|(k, p)| match p {
            Part::Lit(s) => find(s).map(|b| (k, s, b)),
            _ => None,
        });
        let Some((k, text, brace)) = found else {
            out.push(w);
            if out.len() > MAX_WORDS {
                return None;
            }
            continue;
        };
        let items = brace.items(text)?;
        if out.len() + todo.len() + items.len() > MAX_WORDS {
            return None;
        }
        // Pushed in reverse: the stack pops them in order.
        for item in items.iter().rev() {
            let mut next = w.clone();
            let lit = format!("{}{item}{}", &text[..brace.open], &text[brace.close + 1..]);
            if let Some(p) = next.get_mut(k) {
                *p = Part::Lit(lit);
            }
            todo.push(next);
        }
    }
    Some(out)
}

/// A brace expression found in a piece of text: where its braces are.
struct Brace {
    open: usize,
    close: usize,
    /// Byte offsets of the top-level commas between them.
    commas: Vec<usize>,
}

impl Brace {
    /// What the braces give: the alternatives, or the sequence's items.
    fn items(&self, text: &str) -> Option<Vec<String>> {
        let inner = text.get(self.open + 1..self.close)?;
        if self.commas.is_empty() {
            return sequence(inner);
        }
        let mut out = Vec::new();
        let mut from = self.open + 1;
        for &c in self.commas.iter().chain(std::iter::once(&self.close)) {
            out.push(text.get(from..c)?.to_string());
            from = c + 1;
        }
        Some(out)
    }
}

/// The leftmost brace expression in `s`: a `{` (not `${`) with its matching
/// `}` and either a top-level comma or a sequence between them.
fn find(s: &str) -> Option<Brace> {
    let b = s.as_bytes();
    for open in 0..b.len() {
        if b[open] != b'{' || (open > 0 && b[open - 1] == b'$') {
            continue;
        }
        let mut depth = 0usize;
        let mut commas = Vec::new();
        for (i, &c) in b.iter().enumerate().skip(open + 1) {
            match c {
                b'{' => depth += 1,
                b',' if depth == 0 => commas.push(i),
                b'}' if depth == 0 => {
                    if !commas.is_empty() || sequence(&s[open + 1..i]).is_some() {
                        return Some(Brace {
                            open,
                            close: i,
                            commas,
                        });
                    }
                    break;
                }
                b'}' => depth -= 1,
                _ => {}
            }
        }
    }
    None
}

/// `N..M[..STEP]` (integers, zero-padded to the wider end when either is
/// written with a leading zero) or `X..Y[..STEP]` (single letters).
fn sequence(inner: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = inner.split("..").collect();
    let (a, b, step) = match parts.as_slice() {
        [a, b] => (*a, *b, None),
        [a, b, s] => (*a, *b, Some(s.parse::<i64>().ok()?)),
        _ => return None,
    };
    let step = step.map_or(1, |s| s.unsigned_abs().max(1));
    if let (Ok(x), Ok(y)) = (a.parse::<i64>(), b.parse::<i64>()) {
        let width = if padded(a) || padded(b) {
            a.len().max(b.len())
        } else {
            0
        };
        let count = x.abs_diff(y) / step + 1;
        if count > MAX_WORDS as u64 {
            return Some(vec![String::new(); MAX_WORDS + 1]);
        }
        let up = y >= x;
        return Some(
            (0..count)
                .map(|i| {
                    let off = i64::try_from(i * step).unwrap_or(i64::MAX);
                    let v = if up {
                        x.saturating_add(off)
                    } else {
                        x.saturating_sub(off)
                    };
                    if width > 0 {
                        let digits = v.unsigned_abs().to_string();
                        let sign = if v < 0 { "-" } else { "" };
                        let w = width.saturating_sub(sign.len());
                        format!("{sign}{digits:0>w$}")
                    } else {
                        v.to_string()
                    }
                })
                .collect(),
        );
    }
    let (mut ca, mut cb) = (a.chars(), b.chars());
    match (ca.next(), ca.next(), cb.next(), cb.next()) {
        (Some(x), None, Some(y), None) if x.is_ascii_alphabetic() && y.is_ascii_alphabetic() => {
            let (x, y) = (x as u8, y as u8);
            let step = usize::try_from(step).unwrap_or(usize::MAX);
            let items: Vec<String> = if x <= y {
                (x..=y)
                    .step_by(step)
                    .map(|c| (c as char).to_string())
                    .collect()
            } else {
                (y..=x)
                    .rev()
                    .step_by(step)
                    .map(|c| (c as char).to_string())
                    .collect()
            };
            Some(items)
        }
        _ => None,
    }
}

/// Whether an integer is written with a leading zero (`01`, `-05`).
fn padded(n: &str) -> bool {
    let digits = n.trim_start_matches('-');
    digits.len() > 1 && digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Vec<String> {
        expand(&vec![Part::Lit(s.to_string())])
            .unwrap()
            .into_iter()
            .map(|w| match w.as_slice() {
                [Part::Lit(s)] => s.clone(),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn alternatives_and_sequences_as_bash_gives_them() {
        assert_eq!(lit("a{b,c}d"), ["abd", "acd"]);
        assert_eq!(lit("web-{1..3}"), ["web-1", "web-2", "web-3"]);
        assert_eq!(lit("{3..1}"), ["3", "2", "1"]);
        assert_eq!(lit("{1..10..4}"), ["1", "5", "9"]);
        assert_eq!(lit("{01..3}"), ["01", "02", "03"]);
        assert_eq!(lit("{-1..1}"), ["-1", "0", "1"]);
        assert_eq!(lit("{a..c}"), ["a", "b", "c"]);
        assert_eq!(lit("{e..a..2}"), ["e", "c", "a"]);
        assert_eq!(lit("{a,b}{1,2}"), ["a1", "a2", "b1", "b2"]);
        assert_eq!(lit("x{a,b{c,d}}y"), ["xay", "xbcy", "xbdy"]);
        assert_eq!(lit("{,.bak}"), ["", ".bak"]);
    }

    #[test]
    fn what_is_not_a_brace_expression_stays_as_typed() {
        for s in ["{}", "{a}", "{1..x}", "a{b", "b}", "{", "{1...3}", "${x}"] {
            assert_eq!(lit(s), [s], "{s}");
        }
    }

    #[test]
    fn a_brace_beside_other_parts_keeps_them() {
        let w = vec![
            Part::Quoted("q".into()),
            Part::Lit("{a,b}".into()),
            Part::Arith("1".into()),
        ];
        let out = expand(&w).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[1][1], Part::Lit("b".into()));
        assert_eq!(out[1][2], Part::Arith("1".into()));
    }

    #[test]
    fn too_many_words_are_refused() {
        assert!(expand(&vec![Part::Lit("{1..200000}".into())]).is_none());
        assert!(expand(&vec![Part::Lit("{1..400}{1..400}".into())]).is_none());
        assert_eq!(lit("{1..100000}").len(), MAX_WORDS);
    }

    proptest::proptest! {
        #[test]
        fn any_text_expands_without_panic(s in "[{},.a-c0-9-]{0,24}") {
            let _ = expand(&vec![Part::Lit(s)]);
        }
    }
}
