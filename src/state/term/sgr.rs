//! A tool's output as styled pieces: the SGR escapes the node's programs
//! print (`printf '\e[31m'`, `grep --color=always`) become colour classes
//! (`c31`…`c37`, `c90`…`c97`, bold `b`); every other escape and control
//! character is dropped, so no printed byte can reach the page as markup or
//! move a cursor.

/// One styled run of text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Span {
    /// The foreground colour's SGR number (30–37, 90–97), or 0 for the default.
    pub fg: u8,
    /// Bold (SGR 1).
    pub bold: bool,
    /// The text.
    pub text: String,
}

impl Span {
    /// Its CSS classes (`c31 b`), empty for plain text.
    pub fn class(&self) -> String {
        let mut c = String::new();
        if self.fg > 0 {
            c.push('c');
            c.push_str(&self.fg.to_string());
        }
        if self.bold {
            if !c.is_empty() {
                c.push(' ');
            }
            c.push('b');
        }
        c
    }
}

/// Applies one SGR parameter list (`1;31`) to the current style.
fn apply(params: &str, cur: &mut Span) {
    for p in params.split(';') {
        match p.parse::<u16>().unwrap_or(0) {
            0 => {
                cur.fg = 0;
                cur.bold = false;
            }
            1 => cur.bold = true,
            22 => cur.bold = false,
            n @ (30..=37 | 90..=97) => cur.fg = n as u8,
            39 => cur.fg = 0,
            _ => {}
        }
    }
}

/// Appends `text` to `out` as styled pieces, continuing the style of the
/// last piece.
pub fn push_spans(out: &mut Vec<Span>, text: &str) {
    let mut cur = out
        .last()
        .map(|s| Span {
            fg: s.fg,
            bold: s.bold,
            text: String::new(),
        })
        .unwrap_or_default();
    let mut chars = text.chars().peekable();
    let flush = |cur: &mut Span, out: &mut Vec<Span>| {
        if !cur.text.is_empty() {
            match out.last_mut() {
                Some(l) if l.fg == cur.fg && l.bold == cur.bold => l.text.push_str(&cur.text),
                _ => out.push(cur.clone()),
            }
            cur.text.clear();
        }
    };
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                let mut params = String::new();
                let mut fin = None;
                for d in chars.by_ref() {
                    if d.is_ascii_digit() || d == ';' {
                        if params.len() < 32 {
                            params.push(d);
                        }
                    } else {
                        fin = Some(d);
                        break;
                    }
                }
                if fin == Some('m') {
                    flush(&mut cur, out);
                    apply(&params, &mut cur);
                }
            }
            continue;
        }
        if c.is_control() && c != '\n' && c != '\t' {
            continue;
        }
        cur.text.push(c);
    }
    flush(&mut cur, out);
}

/// `text` as styled pieces.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    push_spans(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_bold_become_classes_and_other_escapes_vanish() {
        let s = spans("a\u{1b}[1;31mred\u{1b}[0m b\u{1b}[92mg\u{1b}[39m\u{1b}[2Jz\u{7}\r\n");
        let got: Vec<(String, &str)> = s.iter().map(|s| (s.class(), s.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (String::new(), "a"),
                ("c31 b".to_string(), "red"),
                (String::new(), " b"),
                ("c92".to_string(), "g"),
                (String::new(), "z\n"),
            ]
        );
        // A style carries over to text appended later (a followed log).
        let mut out = spans("\u{1b}[33mwarn ");
        push_spans(&mut out, "still");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text, "warn still");
        // Garbage never panics.
        let junk: String = (0u8..=255).map(char::from).collect();
        let _ = spans(&junk.repeat(3));
        let _ = spans("\u{1b}[99999999999999999999m\u{1b}[");
    }
}
