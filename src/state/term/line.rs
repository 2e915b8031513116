//! Editing the input line as bash's readline does, on the face's side: the
//! history (↑/↓), the reverse search (Ctrl-R), completion's fill, the word
//! before the cursor (Alt-Backspace). Cursors are character offsets, as the
//! engine module's `complete` counts them.

/// The history as ↑ and ↓ walk it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recall {
    /// The history entry shown, when walking it.
    at: Option<usize>,
    /// The line being typed before the walk began (↓ past the newest gives it back).
    draft: String,
}

impl Recall {
    /// ↑: the older entry, or none at the oldest.
    pub fn up(&mut self, history: &[String], line: &str) -> Option<String> {
        let i = match self.at {
            None => {
                self.draft = line.to_string();
                history.len().checked_sub(1)?
            }
            Some(i) => i.checked_sub(1)?,
        };
        let h = history.get(i)?;
        self.at = Some(i);
        Some(h.clone())
    }

    /// ↓: the newer entry, or the draft past the newest; none when not walking.
    pub fn down(&mut self, history: &[String]) -> Option<String> {
        let i = self.at?;
        match history.get(i + 1) {
            Some(h) => {
                self.at = Some(i + 1);
                Some(h.clone())
            }
            None => {
                self.at = None;
                Some(std::mem::take(&mut self.draft))
            }
        }
    }

    /// A line was run or given up: the walk ends.
    pub fn reset(&mut self) {
        *self = Recall::default();
    }
}

/// Ctrl-R: the newest entry older than `before` (all when none) that
/// contains `query`, and its index.
pub fn search(history: &[String], query: &str, before: Option<usize>) -> Option<(usize, String)> {
    let end = before.unwrap_or(history.len()).min(history.len());
    history
        .get(..end)?
        .iter()
        .enumerate()
        .rev()
        .find(|(_, h)| h.contains(query))
        .map(|(i, h)| (i, h.clone()))
}

/// The byte offset of character `at` in `s` (its end when past it).
fn byte_at(s: &str, at: usize) -> usize {
    s.char_indices().nth(at).map_or(s.len(), |(i, _)| i)
}

/// The longest common prefix of the candidates.
pub fn common_prefix(items: &[String]) -> String {
    let Some(first) = items.first() else {
        return String::new();
    };
    let mut n = first.chars().count();
    for x in items.iter().skip(1) {
        n = n.min(
            first
                .chars()
                .zip(x.chars())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    first.chars().take(n).collect()
}

/// Completion's fill: `line[start..cursor]` replaced by the single item
/// (with a space after a whole word, not after a directory) or by the
/// items' common prefix. The new line and cursor, and whether it was one
/// item.
pub fn complete(
    line: &str,
    cursor: usize,
    start: usize,
    items: &[String],
) -> (String, usize, bool) {
    let start = start.min(cursor);
    let (a, c) = (byte_at(line, start), byte_at(line, cursor));
    let one = items.len() == 1;
    let mut fill = common_prefix(items);
    let typed: String = line.get(a..c).unwrap_or("").to_string();
    if !one && fill.chars().count() <= typed.chars().count() {
        // Nothing in common beyond what is typed: the line stays.
        return (line.to_string(), cursor, false);
    }
    if one && !fill.ends_with('/') {
        fill.push(' ');
    }
    let mut out = String::with_capacity(line.len() + fill.len());
    out.push_str(line.get(..a).unwrap_or(""));
    out.push_str(&fill);
    let at = out.chars().count();
    out.push_str(line.get(c..).unwrap_or(""));
    (out, at, one)
}

/// Alt-Backspace (readline's `backward-kill-word`, Ctrl-W's stand-in): the
/// line without the word before the cursor, and the new cursor.
pub fn delete_word(line: &str, cursor: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let cursor = cursor.min(chars.len());
    let mut i = cursor;
    while i > 0 && chars.get(i - 1).is_some_and(|c| c.is_whitespace()) {
        i -= 1;
    }
    while i > 0 && chars.get(i - 1).is_some_and(|c| !c.is_whitespace()) {
        i -= 1;
    }
    let mut out: String = chars.get(..i).unwrap_or(&[]).iter().collect();
    out.extend(chars.get(cursor..).unwrap_or(&[]));
    (out, i)
}

/// Whether a line typed into vi's command line on the last line of the
/// editor saves and closes it (`:wq`, `:x`), or only closes it (`:q`, `:q!`).
pub fn vi_command(last_line: &str) -> Option<bool> {
    match last_line.trim() {
        ":wq" | ":x" | ":wq!" | ":x!" => Some(true),
        ":q" | ":q!" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn up_and_down_walk_the_history_and_give_the_draft_back() {
        let hist = h(&["crictl ps", "crictl images", "ls /etc"]);
        let mut r = Recall::default();
        assert_eq!(r.down(&hist), None, "not walking");
        assert_eq!(r.up(&hist, "cri").as_deref(), Some("ls /etc"));
        assert_eq!(r.up(&hist, "ignored").as_deref(), Some("crictl images"));
        assert_eq!(r.up(&hist, "").as_deref(), Some("crictl ps"));
        assert_eq!(r.up(&hist, ""), None, "the oldest stays");
        assert_eq!(r.down(&hist).as_deref(), Some("crictl images"));
        assert_eq!(r.down(&hist).as_deref(), Some("ls /etc"));
        assert_eq!(r.down(&hist).as_deref(), Some("cri"), "the draft");
        assert_eq!(r.down(&hist), None);
        assert_eq!(Recall::default().up(&[], "x"), None);
    }

    #[test]
    fn reverse_search_finds_older_matches_one_by_one() {
        let hist = h(&["crictl ps -a", "ls", "crictl pods", "cat x"]);
        assert_eq!(
            search(&hist, "crictl", None),
            Some((2, "crictl pods".into()))
        );
        assert_eq!(
            search(&hist, "crictl", Some(2)),
            Some((0, "crictl ps -a".into()))
        );
        assert_eq!(search(&hist, "crictl", Some(0)), None);
        assert_eq!(search(&hist, "nope", None), None);
        assert_eq!(search(&hist, "", Some(99)), Some((3, "cat x".into())));
    }

    #[test]
    fn completion_fills_one_item_or_the_common_prefix() {
        let one = h(&["crictl"]);
        assert_eq!(complete("cri", 3, 0, &one), ("crictl ".into(), 7, true));
        let dir = h(&["/etc/containerd/"]);
        assert_eq!(
            complete("ls /etc/cont", 12, 3, &dir),
            ("ls /etc/containerd/".into(), 19, true)
        );
        let two = h(&["3f2a91c0", "3f2b0000"]);
        assert_eq!(
            complete("crictl stop 3 --x", 13, 12, &two),
            ("crictl stop 3f2 --x".into(), 15, false)
        );
        // Nothing longer in common: the line stays.
        let apart = h(&["alpha", "beta"]);
        assert_eq!(complete("x ", 2, 2, &apart), ("x ".into(), 2, false));
        // Offsets are characters, not bytes.
        assert_eq!(complete("é c", 3, 2, &one), ("é crictl ".into(), 9, true));
        // Out-of-range offsets never panic.
        let _ = complete("ab", 99, 50, &one);
        assert_eq!(complete("ab", 2, 0, &[]), ("ab".into(), 2, false));
    }

    #[test]
    fn alt_backspace_deletes_the_word_before_the_cursor() {
        assert_eq!(delete_word("crictl ps -a", 12), ("crictl ps ".into(), 10));
        assert_eq!(delete_word("crictl ps   ", 12), ("crictl ".into(), 7));
        assert_eq!(delete_word("crictl ps", 6), (" ps".into(), 0));
        assert_eq!(delete_word("", 3), (String::new(), 0));
    }

    #[test]
    fn vi_s_command_line() {
        assert_eq!(vi_command(":wq"), Some(true));
        assert_eq!(vi_command(" :q! "), Some(false));
        assert_eq!(vi_command("wq"), None);
    }
}
