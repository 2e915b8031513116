use super::reader::mb;
use super::*;

fn fault(text: &str) -> (u32, String) {
    let e = Tree::parse(text).unwrap_err();
    (e.offset, e.fault.to_string())
}

#[test]
fn reads_nested_documents_with_spans() {
    let text = "{\n  \"a\": [1, {\"b/c\": \"x\"}],\n  \"t~\": true\n}";
    let t = Tree::parse(text).unwrap();
    let a = t.get(t.root(), "a").unwrap();
    assert_eq!(t.kind(a), Kind::Array);
    assert_eq!(t.len(a), 2);
    let inner = t.children(a).nth(1).unwrap();
    let bc = t.get(inner, "b/c").unwrap();
    assert_eq!(t.str(bc).unwrap(), "x");
    assert_eq!(t.pointer(bc), "/a/1/b~1c");
    let tt = t.get(t.root(), "t~").unwrap();
    assert_eq!(t.pointer(tt), "/t~0");
    assert_eq!(t.bool(tt), Some(true));
    let idx = LineIndex::new(text);
    assert_eq!(idx.position(t.key_start(tt)), (3, 3));
    assert_eq!(idx.position(t.start(bc)), (2, 20));
    assert_eq!(t.pointer(t.root()), "");
}

#[test]
fn decodes_escapes() {
    let t = Tree::parse(r#"{"k\u00e9y": "a\n\"b\" \ud83d\ude00 \/"}"#).unwrap();
    let v = t.children(t.root()).next().unwrap();
    assert_eq!(t.key(v).unwrap(), "kéy");
    assert!(t.key_is(v, "kéy"));
    assert_eq!(t.str(v).unwrap(), "a\n\"b\" 😀 /");
}

#[test]
fn numbers_follow_the_grammar() {
    for ok in [
        "0",
        "-0",
        "1.5",
        "-12e+3",
        "1E5",
        "123456789012345678901234567890",
    ] {
        assert!(Tree::parse(ok).is_ok(), "{ok}");
        assert!(
            serde_json::from_str::<serde_json::Value>(ok).is_ok(),
            "{ok}"
        );
    }
    for bad in ["01", "-", "1.", ".5", "1e", "+1", "--1"] {
        assert!(Tree::parse(bad).is_err(), "{bad}");
        assert!(
            serde_json::from_str::<serde_json::Value>(bad).is_err(),
            "{bad}"
        );
    }
    let t = Tree::parse("[-5, 2.0, 18446744073709551616]").unwrap();
    let v: Vec<_> = t.children(t.root()).map(|c| t.int(c)).collect();
    assert_eq!(v, vec![Some(-5), None, Some(18446744073709551616)]);
}

#[test]
fn syntax_faults_have_offsets_and_messages() {
    assert_eq!(
        fault("{\"a\": 1,}"),
        (
            8,
            "trailing comma: JSON does not allow ',' right before '}'".into()
        )
    );
    assert_eq!(fault("{\"a\" 1}").0, 5);
    assert!(fault("{\"a\" 1}").1.starts_with("expected ':'"));
    assert_eq!(fault("{\"a\": tru}").0, 6);
    assert_eq!(
        fault("[1 2]").1,
        "expected ',' or ']' after an array element, found '2'"
    );
    assert_eq!(fault("{\"a\": [1, 2]").0, 12);
    assert!(fault("{\"a\": [1, 2]").1.contains("inside an object"));
    assert_eq!(
        fault("   ").1,
        "the document is empty: expected a JSON object"
    );
    assert!(fault("{} x").1.starts_with("unexpected 'x'"));
    assert!(fault("\"a\u{1}\"").1.contains("U+0001"));
    assert!(fault(r#""\x""#).1.contains("invalid escape"));
    assert!(fault(r#""\ud800""#).1.contains("surrogate"));
    assert!(fault(r#""\udc00""#).1.contains("surrogate"));
    assert!(fault("\u{feff}{}").1.contains("byte order mark"));
    assert!(fault("{'a': 1}").1.contains("member name in double quotes"));
    assert!(fault("{\"a\":").1.contains("cut short"));
}

#[test]
fn depth_is_limited_without_recursion() {
    let ok = format!(
        "{}{}",
        "[".repeat(MAX_DEPTH as usize),
        "]".repeat(MAX_DEPTH as usize)
    );
    assert!(Tree::parse(&ok).is_ok());
    // serde_json reads whatever passes here (its own limit is 128).
    assert!(serde_json::from_str::<serde_json::Value>(&ok).is_ok());
    let deep = "[".repeat(100_000);
    let e = Tree::parse(&deep).unwrap_err();
    assert_eq!(e.fault, Fault::TooDeep);
    assert_eq!(e.offset, MAX_DEPTH);
    assert!(e.fault.to_string().contains("deeper than 100 levels"));
}

#[test]
fn size_is_limited() {
    let big = " ".repeat(MAX_BYTES + 2_300_000);
    let e = Tree::parse(&big).unwrap_err();
    assert_eq!(
        e.fault.to_string(),
        "document is 12.3 MB; the limit is 10 MB"
    );
    assert_eq!(mb(10_000_000), "10 MB");
    assert_eq!(mb(12_345_678), "12.4 MB");
}

#[test]
fn line_index_counts_characters() {
    let text = "é\n  ü x\n";
    let idx = LineIndex::new(text);
    assert_eq!(idx.position(0), (1, 1));
    assert_eq!(idx.position(2), (1, 2));
    assert_eq!(idx.position(3), (2, 1));
    let x = text.find('x').unwrap() as u32;
    assert_eq!(idx.position(x), (2, 5));
    assert_eq!(idx.position(1), (1, 1), "inside a character: its start");
    assert_eq!(idx.position(999), (3, 1));
    assert_eq!(idx.offset_of_byte_column(2, 3), 5);
    assert_eq!(
        positions_sorted(text, &[0, 2, 3, x, 999]),
        vec![(1, 1), (1, 2), (2, 1), (2, 5), (3, 1)]
    );
    assert_eq!(positions_sorted(text, &[x, 0]), vec![(2, 5), (1, 1)]);
}
