//! Table tests of every diagnostic, the shipped samples, and the broken
//! samples against their `.expect` sidecars.

use super::checker::MAX_MESSAGE_CHARS;
use super::*;
use crate::oci::samples::{BROKEN, SAMPLES};
use std::path::PathBuf;

/// A diagnostic's message in English, as the faces render it.
fn message_of(d: &Diagnostic) -> String {
    thread_local! {
        static EN: crate::message::Catalog = crate::message::Catalog::english();
    }
    EN.with(|c| d.text(c))
}

/// `LINE:COL: severity: message` lines, as the `.expect` files hold them.
fn lines(r: &Report) -> String {
    r.diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}: {}\n",
                d.line,
                d.column,
                d.severity,
                message_of(d)
            )
        })
        .collect()
}

#[test]
fn samples_are_valid_and_detected() {
    for s in SAMPLES {
        let r = validate(s.text());
        assert_eq!(r.kind, Some(s.kind), "{}", s.file);
        assert!(
            r.document.is_some(),
            "{}:\n{}",
            s.file,
            r.render(s.file, &crate::message::Catalog::english())
        );
        let noisy: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .collect();
        assert!(
            noisy.is_empty(),
            "{}:\n{}",
            s.file,
            r.render(s.file, &crate::message::Catalog::english())
        );
        println!("{}", r.render(s.file, &crate::message::Catalog::english()));
    }
}

#[test]
fn broken_samples_match_their_expectations() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/oci/broken");
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let listed: Vec<&str> = BROKEN.iter().map(|b| b.file).collect();
    assert_eq!(
        files, listed,
        "samples::BROKEN must list every file of assets/oci/broken"
    );
    let mut failures = Vec::new();
    for b in BROKEN {
        let bytes = std::fs::read(dir.join(b.file)).unwrap();
        let r = validate_bytes(&bytes, None);
        assert!(
            r.diagnostics.iter().any(|d| d.severity != Severity::Info),
            "{} produces no error or warning",
            b.file
        );
        let actual = lines(&r);
        let expect_path = dir.join(b.file.replace(".json", ".expect"));
        if update {
            std::fs::write(&expect_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expect_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                b.file
            ));
        }
        assert_eq!(
            r.render("", &crate::message::Catalog::english()),
            b.expect_rendered(),
            "{}",
            b.file
        );
    }
    assert!(
        failures.is_empty(),
        "(UPDATE_EXPECT=1 rewrites the .expect files)\n{}",
        failures.join("\n")
    );
}

// ------------------------------------------------------------ table tests

use serde_json::{json, Value};
use std::collections::BTreeSet;

/// RFC 7396 merge patch: `null` removes, objects merge, the rest replaces.
fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    b.remove(k);
                } else if let Some(slot) = b.get_mut(k) {
                    merge(slot, v);
                } else {
                    b.insert(k.clone(), v.clone());
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

fn config() -> Value {
    json!({
        "ociVersion": "1.2.0",
        "root": {"path": "rootfs"},
        "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
        "linux": {"namespaces": [
            {"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}
        ]}
    })
}

const DIGEST_A: &str = "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";
const DIGEST_B: &str = "sha256:0aa42f4ab9a3dd3fbd253c25f03a933d3cfb236d5abe614a547feb3b5140196b";

fn manifest() -> Value {
    json!({
        "schemaVersion": 2,
        "mediaType": MEDIA_TYPE_MANIFEST,
        "config": {"mediaType": MEDIA_TYPE_CONFIG, "digest": DIGEST_A, "size": 1469},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": DIGEST_B, "size": 3623807}]
    })
}

fn index() -> Value {
    json!({
        "schemaVersion": 2,
        "mediaType": MEDIA_TYPE_INDEX,
        "manifests": [
            {"mediaType": MEDIA_TYPE_MANIFEST, "digest": DIGEST_A, "size": 1624,
             "platform": {"architecture": "amd64", "os": "linux"}}
        ]
    })
}

fn image_config() -> Value {
    json!({
        "architecture": "amd64",
        "os": "linux",
        "config": {"Env": ["PATH=/bin"], "ExposedPorts": {"80/tcp": {}}},
        "rootfs": {"type": "layers", "diff_ids": [DIGEST_A]},
        "history": [{"created": "2024-06-11T22:45:32Z", "created_by": "ADD rootfs"}]
    })
}

/// Validates `base` patched with `patch` and asserts a diagnostic with this
/// code, severity and pointer.
#[track_caller]
fn case(base: Value, patch: Value, code: &str, severity: Severity, pointer: &str) -> Report {
    let mut doc = base;
    merge(&mut doc, &patch);
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let r = validate(&text);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == code && d.severity == severity && d.pointer == pointer),
        "expected {severity} {code} at {pointer:?} for patch {patch}\n{}",
        r.render("", &crate::message::Catalog::english())
    );
    r
}

#[track_caller]
fn raw(text: &str, code: &str, severity: Severity, line: u32, column: u32) -> Report {
    let r = validate(text);
    assert!(
        r.diagnostics.iter().any(|d| d.code == code
            && d.severity == severity
            && (d.line, d.column) == (line, column)),
        "expected {severity} {code} at {line}:{column}\n{}",
        r.render("", &crate::message::Catalog::english())
    );
    r
}

#[test]
fn the_bases_are_clean() {
    for base in [config(), manifest(), index(), image_config()] {
        let r = validate(&serde_json::to_string_pretty(&base).unwrap());
        assert!(
            r.diagnostics.is_empty(),
            "{}",
            r.render("", &crate::message::Catalog::english())
        );
        assert!(r.document.is_some());
    }
}

use Severity::{Error as E, Info as I, Warning as W};

mod image_rules;
mod runtime_rules;

#[test]
fn reading_rules() {
    raw("{\"a\": 1,}", "syntax", E, 1, 9);
    raw(
        "{\"a\": 1, \"a\": 2, \"ociVersion\": \"1.2.0\"}",
        "duplicate-key",
        W,
        1,
        10,
    );
    raw("[1, 2]", "not-an-object", E, 1, 1);
    raw("{\"hello\": 1}", "unknown-kind", E, 1, 1);
    raw(
        "{\"schemaVersion\": 1, \"fsLayers\": []}",
        "docker-schema1",
        E,
        1,
        1,
    );
    raw(&"[".repeat(1000), "too-deep", E, 1, 101);
    raw(&" ".repeat(MAX_BYTES + 1), "too-large", E, 1, 1);
    let many = format!("[{}0]", "0,".repeat(MAX_VALUES as usize));
    assert!(many.len() < MAX_BYTES);
    raw(&many, "too-many-values", E, 1, 2_000_000);
    let r = validate_bytes(b"{\"a\":\n\"\xff\"}", None);
    assert_eq!(
        (
            r.diagnostics[0].code.as_ref(),
            r.diagnostics[0].line,
            r.diagnostics[0].column
        ),
        ("not-utf8", 2, 2)
    );
    let fields: String = (0..1000).map(|i| format!("\"x{i}\": 1,")).collect();
    let r = validate(&format!("{{{fields} \"ociVersion\": \"1.2.0\"}}"));
    assert_eq!(r.diagnostics.len(), MAX_DIAGNOSTICS + 1);
    assert_eq!(r.diagnostics.last().unwrap().code, "too-many-diagnostics");
    // A gap between the rules and oci-spec is reported, not hidden.
    let text = "{\"os\": \"linux\", \"architecture\": \"amd64\", \"rootfs\": {\"type\": \"layers\", \"diff_ids\": 5}}";
    let tree = crate::oci::json::Tree::parse(text).unwrap();
    let mut c = Checker::new(&tree);
    assert!(typed(&mut c, DocumentKind::ImageConfig).is_none());
    let d = c.finish();
    assert_eq!(
        (
            d[0].code.as_ref(),
            d[0].pointer.as_str(),
            d[0].line,
            d[0].column
        ),
        ("oci-spec", "/rootfs/diff_ids", 1, 83)
    );
    assert!(
        message_of(&d[0]).starts_with(
            "the oci-spec library cannot read this document: invalid type: integer `5`"
        ),
        "{}",
        message_of(&d[0])
    );
}

/// Every rule of [`RULES`] is exercised by a table test (here, in
/// `runtime_rules` or in `image_rules`, by name), and
/// every code pushed is in RULES (checked by `Checker::push` in debug builds).
#[test]
fn every_rule_is_tested() {
    let source = [
        include_str!("mod.rs"),
        include_str!("runtime_rules.rs"),
        include_str!("image_rules.rs"),
    ]
    .concat();
    let untested: BTreeSet<&str> = RULES
        .iter()
        .map(|(code, _)| *code)
        .filter(|code| !source.contains(&format!("\"{code}\"")))
        .collect();
    assert!(
        untested.is_empty(),
        "rules without a table test: {untested:?}"
    );
    let codes: BTreeSet<&str> = RULES.iter().map(|(c, _)| *c).collect();
    assert_eq!(codes.len(), RULES.len(), "a code is listed twice in RULES");
}

#[test]
fn messages_stay_on_one_line() {
    let r = validate("{\"ociVersion\": \"1.2\\n0\", \"a\\tb\": 1}");
    for d in &r.diagnostics {
        assert!(!message_of(d).contains(['\n', '\t']), "{d:?}");
    }
    assert!(
        r.diagnostics
            .iter()
            .any(|d| message_of(d).contains("1.2\\n0")),
        "{}",
        r.render("", &crate::message::Catalog::english())
    );
    let long = "x".repeat(5000);
    let r = validate(&format!("{{\"ociVersion\": \"{long}\"}}"));
    assert!(r
        .diagnostics
        .iter()
        .all(|d| message_of(d).chars().count() <= MAX_MESSAGE_CHARS + 1));
}

/// Inputs that make a finding per element stay linear: past MAX_PENDING
/// findings are only counted, and no rule compares elements pairwise.
#[test]
fn pathological_inputs_are_bounded() {
    let keys: String = (0..30_000).map(|i| format!("\"k{i}\": 0, ")).collect();
    let r = validate(&format!("{{{keys}\"ociVersion\": \"1.2.0\"}}"));
    assert_eq!(r.diagnostics.len(), MAX_DIAGNOSTICS + 1);
    assert!(r.has_errors());
    let last = r.diagnostics.last().unwrap();
    assert_eq!(last.code, "too-many-diagnostics");
    assert!(
        message_of(last).starts_with("29502 more diagnostics not shown (the limit"),
        "{}",
        message_of(last)
    );
    // The errors (no root, no process) are kept ahead of the warnings.
    assert_eq!(r.diagnostics[0].code, "missing-root");
    assert_eq!(r.diagnostics[1].code, "missing-process");
    assert_eq!(last.severity, Severity::Info);

    let rl: String = (0..30_000)
        .map(|_| "{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, \"hard\": 1}, ")
        .collect();
    let mut doc = config();
    doc["process"]["rlimits"] = serde_json::from_str(&format!(
        "[{rl}{{\"type\": \"RLIMIT_CORE\", \"soft\": 1, \"hard\": 1}}]"
    ))
    .unwrap();
    let r = validate(&doc.to_string());
    assert_eq!(r.diagnostics.len(), MAX_DIAGNOSTICS + 1);
    assert!(
        message_of(&r.diagnostics[0]).contains("(first on line 1)"),
        "{}",
        message_of(&r.diagnostics[0])
    );
    // Every duplicate is an error: the summary line says some were not shown.
    let last = r.diagnostics.last().unwrap();
    assert_eq!(last.severity, Severity::Error);
    assert!(
        message_of(last).starts_with("29499 more diagnostics not shown, 29499 of them errors"),
        "{}",
        message_of(last)
    );

    let maps: Vec<Value> = (0..5_000)
        .map(|i| json!({"containerID": i, "hostID": i, "size": 1}))
        .collect();
    let mut doc = config();
    merge(
        &mut doc,
        &json!({"linux": {"namespaces": [{"type": "user"}], "uidMappings": maps.clone(), "gidMappings": maps}}),
    );
    let r = validate(&doc.to_string());
    assert_eq!(
        r.diagnostics
            .iter()
            .filter(|d| d.code == "too-many-mappings")
            .count(),
        2,
        "{}",
        r.render("", &crate::message::Catalog::english())
    );
}

/// The diagnostics speak Korean too, particles chosen by the word before.
#[test]
fn diagnostics_speak_korean() {
    let ko = crate::message::Catalog::builtin(crate::message::Lang::Ko);
    let r = validate("{\"ociVersion\": \"1.0\", \"root\": {\"path\": \"rootfs\"}}");
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "missing-process")
        .unwrap();
    assert_eq!(
        d.text(&ko),
        "구성에 \"process\"가 없다. 스펙은 `start`에 이것을 요구하며, runc는 이것 없이 컨테이너를 \
         만들지 않는다(\"process property must not be empty\")"
    );
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.pointer == "/ociVersion")
        .unwrap();
    assert_eq!(
        d.text(&ko),
        "ociVersion \"1.0\"은 SemVer 2.0.0 버전이 아니다. \"1.2.0\"이나 \"1.0.2-dev\"처럼 \
         MAJOR.MINOR.PATCH로 쓴다"
    );
    let r = validate("{\"ociVersion\": 1, \"root\": {\"path\": \"rootfs\"}}");
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "wrong-type")
        .unwrap();
    assert_eq!(
        d.text(&ko),
        "\"ociVersion\"은 문자열이어야 하는데 숫자 1이다"
    );
    let r = validate("{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"capabilities\": {\"bounding\": [\"CAP_NET_ADMN\"]}}}");
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-capability")
        .unwrap();
    assert_eq!(
        d.text(&ko),
        "\"CAP_NET_ADMN\"은 리눅스 케이퍼빌리티가 아니다 (\"CAP_NET_ADMIN\"을 뜻했는가?). runc는 \
         경고와 함께 이를 무시한다. 이름은 capabilities(7)의 것을 쓴다(예: \"CAP_NET_ADMIN\")"
    );
}

/// A diagnostic crosses the inspector module's boundary as JSON: its message
/// is an id with arguments, read back unchanged.
#[test]
fn messages_cross_json_as_ids_with_arguments() {
    let r = validate("{\"ociVersion\": \"x\", \"root\": {\"path\": \"rootfs\"}}");
    let json = serde_json::to_string(&r.diagnostics).unwrap();
    assert!(
        json.contains(r#""message":{"id":"val-oci-version","args":{"version":"x"}}"#),
        "{json}"
    );
    let back: Vec<Diagnostic> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r.diagnostics);
}
