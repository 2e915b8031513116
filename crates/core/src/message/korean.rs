//! The Korean particle after a name: `{ $name }{ JOSA($name, "을/를") }`.
//!
//! A Korean particle depends on whether the word before it ends in a final
//! consonant (받침): "kubelet을", "containerd를" (as it is read aloud). The
//! names the model puts in a message (pods, images, binaries, ids) are mostly
//! Latin letters and digits, so the rule reads those as Korean speakers read
//! them: digits by their Sino-Korean names (1 일, 2 이, …), and a Latin word
//! by its last letter (l, m, n and the stops b, k, p, t and "ng" end in a
//! consonant when read: 큐블릿, 런타임; other letters do not).

use fluent_bundle::{FluentArgs, FluentValue};

/// Whether a word, read aloud in Korean, ends in a final consonant; and
/// whether that consonant is ㄹ (which takes 로, not 으로).
fn final_consonant(word: &str) -> (bool, bool) {
    let last = word
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !is_hangul(c))
        .chars()
        .last();
    let Some(c) = last else {
        return (false, false);
    };
    if is_hangul(c) {
        let jong = (u32::from(c) - 0xAC00) % 28;
        return (jong != 0, jong == 8);
    }
    match c.to_ascii_lowercase() {
        // 영 일 삼 육 칠 팔 (1, 7, 8 end in ㄹ); 이 사 오 구 do not.
        '0' | '3' | '6' => (true, false),
        '1' | '7' | '8' => (true, true),
        '2' | '4' | '5' | '9' => (false, false),
        'l' => (true, true),
        'm' | 'n' | 'b' | 'k' | 'p' | 't' => (true, false),
        'g' => (word.to_ascii_lowercase().ends_with("ng"), false),
        _ => (false, false),
    }
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Chooses between the two forms of a particle, given as `"을/를"`,
/// `"이/가"`, `"은/는"`, `"과/와"`, `"으로/로"`: the first after a final
/// consonant, the second otherwise (and `로` after ㄹ).
pub(super) fn choose<'a>(word: &str, pair: &'a str) -> &'a str {
    let (with, without) = pair.split_once('/').unwrap_or((pair, pair));
    let (consonant, rieul) = final_consonant(word);
    if with == "으로" && rieul {
        return without;
    }
    if consonant {
        with
    } else {
        without
    }
}

/// The Fluent function `JOSA(word, "을/를")`.
pub(super) fn josa<'a>(positional: &[FluentValue<'a>], _named: &FluentArgs) -> FluentValue<'a> {
    let word = match positional.first() {
        Some(FluentValue::String(s)) => s.to_string(),
        Some(FluentValue::Number(n)) => n.as_string().to_string(),
        _ => String::new(),
    };
    let pair = match positional.get(1) {
        Some(FluentValue::String(s)) => s.to_string(),
        _ => return FluentValue::Error,
    };
    FluentValue::from(choose(&word, &pair).to_string())
}

#[cfg(test)]
mod tests {
    use super::choose;

    #[test]
    fn particles_follow_how_the_word_is_read() {
        assert_eq!(choose("파드", "을/를"), "를");
        assert_eq!(choose("컨테이너", "이/가"), "가");
        assert_eq!(choose("런타임", "은/는"), "은");
        assert_eq!(choose("kubelet", "을/를"), "을");
        assert_eq!(choose("containerd", "은/는"), "는");
        assert_eq!(choose("nginx", "을/를"), "를");
        assert_eq!(choose("busybox", "이/가"), "가");
        assert_eq!(choose("`runc`", "을/를"), "를");
        assert_eq!(choose("cgroup", "이/가"), "이");
        assert_eq!(choose("pause-container", "을/를"), "를");
        assert_eq!(choose("1.24", "으로/로"), "로");
        assert_eq!(choose("13", "이/가"), "이");
        assert_eq!(choose("파일", "으로/로"), "로");
        assert_eq!(choose("소켓", "으로/로"), "으로");
        assert_eq!(choose("kubectl", "으로/로"), "로");
        assert_eq!(choose("", "을/를"), "를");
    }
}
