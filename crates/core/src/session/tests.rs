use super::*;
use crate::message::Lang;
use proptest::prelude::*;

fn line(s: &str) -> Entry {
    Entry::Line(s.to_string())
}

#[test]
fn a_session_reads_back_as_it_was_typed() {
    let entries = vec![
        line("kubectl run web --image=nginx"),
        line("crictl ps -a | grep web"),
        line("cat <<EOF > /tmp/x\na\\b\nEOF"),
        Entry::Tick(3000),
        Entry::Interrupt,
        Entry::Save {
            path: "/etc/crictl.yaml".into(),
            text: "runtime-endpoint: unix:///run/x.sock\n\\|\n".into(),
            editor: Editor::Vi,
        },
        line("\\t1"),
        line(""),
    ];
    let (s, kept) = encode(&entries, MAX_LINK_CHARS);
    assert_eq!(kept, entries.len());
    assert!(s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert_eq!(decode(&s), Ok(entries));
    assert_eq!(encode(&[], 10), (String::new(), 0));
    assert_eq!(decode(""), Ok(Vec::new()));
}

#[test]
fn entries_cross_as_the_contract_s_json() {
    let entries = vec![
        line("crictl ps"),
        Entry::Save {
            path: "x".into(),
            text: "a".into(),
            editor: Editor::Nano,
        },
        Entry::Tick(1000),
        Entry::Interrupt,
    ];
    let json = serde_json::to_string(&entries).unwrap();
    assert_eq!(
        json,
        r#"[{"line":"crictl ps"},{"save":{"path":"x","text":"a","editor":"nano"}},{"tick":1000},"interrupt"]"#
    );
    assert_eq!(serde_json::from_str::<Vec<Entry>>(&json).unwrap(), entries);
}

#[test]
fn a_long_session_keeps_the_first_entries_that_fit() {
    let entries: Vec<Entry> = (0..3000)
        .map(|i| {
            line(&format!(
                "kubectl run pod-{i} --image=nginx:1.{}",
                i * 7919 % 1000
            ))
        })
        .collect();
    let (s, kept) = encode(&entries, MAX_LINK_CHARS);
    assert!(s.len() <= MAX_LINK_CHARS);
    assert!(kept > 0 && kept < entries.len(), "{kept}");
    let back = decode(&s).unwrap();
    assert_eq!(back.as_slice(), &entries[..kept]);
    // One more would not fit.
    assert!(pack(&to_text(&entries[..=kept])).len() > MAX_LINK_CHARS);
    let (_, few) = encode(&entries, 100);
    assert!(few < 10, "{few}");
    let (s, none) = encode(&entries, 2);
    assert_eq!((s.as_str(), none), ("", 0));
}

#[test]
fn bad_text_is_refused_saying_why() {
    assert_eq!(decode("abc$"), Err(SessionError::BadCharacters));
    assert_eq!(decode("A"), Err(SessionError::BadCharacters));
    assert_eq!(decode("AAAA"), Err(SessionError::BadDeflate));
    assert_eq!(
        decode(&"A".repeat(MAX_LINK_CHARS + 1)),
        Err(SessionError::TooLong)
    );
    // A bomb: 4 MiB of one byte packs small and is refused.
    let bomb = pack(&"a".repeat(4 << 20));
    assert!(bomb.len() <= MAX_LINK_CHARS, "{}", bomb.len());
    assert_eq!(decode(&bomb), Err(SessionError::TooBig));
    let many = pack(&"x\n".repeat(MAX_ENTRIES + 1));
    assert_eq!(decode(&many), Err(SessionError::TooMany));
    let bad = pack("ls\n\\q");
    assert_eq!(decode(&bad), Err(SessionError::BadEntry(2)));
    assert_eq!(decode(&pack("\\t")), Err(SessionError::BadEntry(1)));
    assert_eq!(decode(&pack("\\svx")), Err(SessionError::BadEntry(1)));
    let ko = Catalog::builtin(Lang::Ko);
    assert_eq!(
        ko.render(&SessionError::BadEntry(2).message()),
        "링크의 세션에 터미널이 읽을 수 없는 항목이 있다(2번째 줄)"
    );
    assert_eq!(
        ko.render(&crate::msg!("session-follow-script", command = "kubectl get pods -w")),
        "atlas: kubectl get pods -w는 Ctrl-C를 누를 때까지 새 줄을 계속 찍는다. 스크립트 실행은 여기서 멈춘다(브라우저 터미널은 계속 따라간다)"
    );
    assert_eq!(
        SessionError::TooMany.to_string(),
        "the session in the link has more than 2000 entries; it is refused"
    );
}

/// How many of the drills' commands (crates/core/tests/node_drills.rs) a
/// link of MAX_LINK_CHARS holds: printed with `--nocapture`.
#[test]
fn the_drills_commands_fit_by_hundreds() {
    let text = include_str!("../../tests/node_drills.rs");
    // Every string literal that is a command line (its first word a program
    // the drills type), unescaped.
    const TYPED: [&str; 22] = [
        "kubectl",
        "crictl",
        "ctr",
        "systemctl",
        "journalctl",
        "cat",
        "ls",
        "sed",
        "sysctl",
        "modprobe",
        "dpkg",
        "apt",
        "mkdir",
        "echo",
        "ps",
        "docker",
        "nerdctl",
        "crun",
        "runc",
        "lsmod",
        "grep",
        "find",
    ];
    let mut commands: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('"') {
        let body = &rest[i + 1..];
        let mut lit = String::new();
        let mut chars = body.char_indices();
        let mut end = body.len();
        while let Some((k, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => lit.push('\n'),
                    Some((_, c)) => lit.push(c),
                    None => {}
                },
                '"' => {
                    end = k;
                    break;
                }
                c => lit.push(c),
            }
        }
        rest = body.get(end + 1..).unwrap_or("");
        let first = lit.split_whitespace().next().unwrap_or("");
        if TYPED.contains(&first) && !lit.contains('{') && !commands.contains(&lit) {
            commands.push(lit);
        }
    }
    assert!(commands.len() >= 20, "{}", commands.len());
    // The drills' commands over and over, as a long session types them.
    let entries: Vec<Entry> = commands
        .iter()
        .cycle()
        .take(3000)
        .map(|c| line(c))
        .collect();
    let (s, kept) = encode(&entries, MAX_LINK_CHARS);
    let distinct: Vec<Entry> = commands.iter().map(|c| line(c)).collect();
    let (d, all) = encode(&distinct, MAX_LINK_CHARS);
    let mean = commands.iter().map(String::len).sum::<usize>() / commands.len();
    println!(
        "drill commands: {} distinct (mean {mean} chars) pack to {} chars ({all} kept); \
         cycled: {kept} commands fit in {} chars ({} chars)",
        commands.len(),
        d.len(),
        MAX_LINK_CHARS,
        s.len()
    );
    assert!(kept >= 300, "{kept}");
}

#[test]
fn base64url_is_rfc_4648_s_without_padding() {
    for (bytes, text) in [
        (&b""[..], ""),
        (b"f", "Zg"),
        (b"fo", "Zm8"),
        (b"foo", "Zm9v"),
        (b"foob", "Zm9vYg"),
        (b"fooba", "Zm9vYmE"),
        (b"foobar", "Zm9vYmFy"),
        (&[0xfb, 0xff, 0xbf][..], "-_-_"),
    ] {
        assert_eq!(base64url(bytes), text);
        assert_eq!(from_base64url(text).as_deref(), Some(bytes));
    }
    // Bits left over must be 0; one character alone is no encoding.
    assert_eq!(from_base64url("Zh"), None);
    assert_eq!(from_base64url("Z"), None);
    assert_eq!(from_base64url("Zm9v="), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_cross_base64url(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        prop_assert_eq!(from_base64url(&base64url(&bytes)), Some(bytes));
    }

    #[test]
    fn any_entries_read_back(entries in proptest::collection::vec(
        prop_oneof![
            any::<String>().prop_map(Entry::Line),
            "[a-z\\\\|\n]{0,12}".prop_map(Entry::Line),
            any::<u64>().prop_map(Entry::Tick),
            Just(Entry::Interrupt),
            (any::<String>(), "[a-z\\\\|\n\r]{0,40}", any::<bool>()).prop_map(|(path, text, vi)| Entry::Save {
                path,
                text,
                editor: if vi { Editor::Vi } else { Editor::Nano },
            }),
        ],
        0..40,
    )) {
        let (s, kept) = encode(&entries, MAX_LINK_CHARS);
        prop_assert!(s.len() <= MAX_LINK_CHARS);
        prop_assert_eq!(decode(&s), Ok(entries[..kept].to_vec()));
    }

    #[test]
    fn any_text_is_read_or_refused(s in "[A-Za-z0-9_$-]{0,200}") {
        let _ = decode(&s);
    }

    #[test]
    fn any_packed_text_is_read_or_refused(t in any::<String>()) {
        let _ = decode(&pack(&t));
    }
}
