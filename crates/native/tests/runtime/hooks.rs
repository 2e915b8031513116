//! Hooks read the container's state on stdin.

use super::*;

#[test]
fn hooks_read_the_state_on_stdin() {
    let _g = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !can_run("hooks") {
        return;
    }
    let lab = Lab::new("hooks");
    let log = lab.dir.join("hooks.log");
    let l = log.display().to_string();
    let b = lab.bundle("b", &["true"], |c| {
        let hook = |name: &str| serde_json::json!({"path": "/bin/sh", "args": ["sh", "-c", format!("cat >> {l}; echo ' {name}' >> {l}")]});
        c["hooks"] = serde_json::json!({
            "prestart": [hook("prestart")],
            "createRuntime": [hook("createRuntime")],
            "poststart": [hook("poststart")],
            "poststop": [hook("poststop")],
        });
    });
    let id = format!("hooks-{}", std::process::id());
    let o = lab.rt(&["run", "--bundle", b.to_str().unwrap_or(""), &id]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let got = std::fs::read_to_string(&log).unwrap_or_default();
    let order: Vec<&str> = got.lines().filter_map(|l| l.rsplit(' ').next()).collect();
    assert_eq!(
        order,
        ["prestart", "createRuntime", "poststart", "poststop"],
        "{got}"
    );
    let first: serde_json::Value = serde_json::from_str(
        got.lines()
            .next()
            .unwrap_or("")
            .rsplit_once(' ')
            .map_or("", |x| x.0),
    )
    .expect("state json");
    assert_eq!(first["id"], id.as_str());
    assert_eq!(first["status"], "creating");
    assert!(first["pid"].as_i64().unwrap_or(0) > 0);
    assert_clean(&lab, &id, &b);
}
