//! The simulator's own remarks in a command's output: the `atlas: …` lines
//! that say what the simulator does not run or model, and how to get it
//! (`(atlas: this node runs CRI-O; choose --runtime containerd)`).
//!
//! They are not what the tool prints, so they travel beside its stderr as
//! messages ([`Remark`]) and each face renders them in the reader's language
//! after the tool's stderr, where a terminal shows them
//! ([`crate::sim::Record::stderr_in`]). Their words are the `said-…`
//! messages (and a few older ids of other areas).

use crate::command::error::{logrus_json, logrus_text};
use crate::command::LogLevel;
use crate::message::{Catalog, Msg};
use serde::{Deserialize, Serialize};

/// One remark of the simulator in a command's output. As JSON it is the
/// message's `{"id", "args"}` object, with `"logged"` when it stands in a
/// tool's log line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remark {
    /// What the simulator says.
    #[serde(flatten)]
    pub said: Msg,
    /// The tool's log entry that carries the words, when the simulator
    /// answers in the tool's place through the tool's logger (runc logs its
    /// fatal error through logrus, so a runc verb the simulator does not
    /// model is refused in runc's `level=error` line); `None`: a line of its
    /// own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logged: Option<LogEntry>,
}

/// A logrus entry around a remark: what runc's logger adds to the words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// The entry's time stamp (RFC 3339), from the world's clock.
    pub time: String,
    /// The entry's level.
    pub level: LogLevel,
    /// Whether the logger writes JSON (`runc --log-format json`) rather than
    /// logrus's text formatter.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub json: bool,
}

impl Remark {
    /// A remark on a line of its own.
    pub fn line(said: Msg) -> Remark {
        Remark { said, logged: None }
    }

    /// The remark as a terminal shows it, in the catalog's language: one
    /// line (or the message's lines), ending in a newline.
    pub fn render(&self, catalog: &Catalog) -> String {
        let words = catalog.render(&self.said);
        let mut s = match &self.logged {
            None => words,
            Some(e) if e.json => logrus_json(&e.time, e.level, &words),
            Some(e) => logrus_text(&e.time, e.level, &words),
        };
        s.push('\n');
        s
    }
}

/// Remarks as a terminal shows them, one after the other.
pub fn render_all(remarks: &[Remark], catalog: &Catalog) -> String {
    remarks.iter().map(|r| r.render(catalog)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Lang;
    use crate::msg;

    #[test]
    fn a_remark_is_a_message_object_in_json() {
        let r = Remark::line(msg!("said-sleep-forever"));
        let json = serde_json::to_string(&r).expect("serializes");
        assert_eq!(json, r#"{"id":"said-sleep-forever"}"#);
        let logged = Remark {
            said: msg!("said-real-command", command = "crictl foo", tool = "crictl"),
            logged: Some(LogEntry {
                time: "2026-01-05T09:00:00Z".into(),
                level: LogLevel::Error,
                json: false,
            }),
        };
        let json = serde_json::to_string(&logged).expect("serializes");
        assert_eq!(
            json,
            r#"{"id":"said-real-command","args":{"command":"crictl foo","tool":"crictl"},"logged":{"time":"2026-01-05T09:00:00Z","level":"error"}}"#
        );
        let back: Remark = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, logged);
        let with_number: Remark =
            serde_json::from_str(r#"{"id":"said-x","args":{"n":3}}"#).expect("reads");
        assert_eq!(with_number, Remark::line(msg!("said-x", n = 3)));
    }

    /// The last command's record after running `lines` on a node.
    fn last(config: crate::Config, lines: &[&str]) -> crate::sim::Record {
        let mut sim = crate::sim::Sim::new(config, 1);
        for l in lines {
            sim.run_line(l);
        }
        sim.steps()
            .last()
            .map(|s| s.record.clone())
            .expect("a step")
    }

    #[test]
    fn remarks_follow_the_tools_stderr_in_the_readers_language() {
        use crate::config::Runtime;
        let crio = crate::Config {
            runtime: Runtime::CriO,
            ..crate::Config::default()
        };
        let r = last(crio, &["ctr version"]);
        assert_eq!(r.stderr, "bash: ctr: command not found\n");
        assert_eq!(
            r.stderr_in(&Catalog::english()),
            "bash: ctr: command not found\n(atlas: this node runs CRI-O, which has no containerd; choose --runtime containerd)\n"
        );
        let ko = Catalog::builtin(Lang::Ko);
        assert_eq!(
            r.stderr_in(&ko),
            "bash: ctr: command not found\n(atlas: 이 노드는 containerd가 없는 CRI-O를 실행한다. --runtime containerd를 선택한다)\n"
        );
        let r = last(crate::Config::default(), &["crictl attach abc"]);
        assert_eq!(r.stderr, "");
        assert_eq!(
            r.stderr_in(&ko),
            "atlas: `crictl attach`는 실제 crictl 명령이지만 시뮬레이터는 실행하지 않는다\n"
        );
        let r = last(crate::Config::default(), &["iptables -L"]);
        assert_eq!(
            r.stderr_in(&ko),
            "atlas: `iptables -L`은 실제 명령이지만 이 시뮬레이터는 아직 모델링하지 않는다.\natlas: 여기서 모델링하는 것: kubectl, crictl, ctr, nerdctl, docker, podman, runc, crun, systemctl, journalctl, ps, pstree, kill, ls, cat, grep, sysctl, dpkg … (help)\n"
        );
        // A trace file carries the rendered words, not the messages.
        let rendered = r.rendered(&Catalog::english());
        assert!(rendered.remarks.is_empty());
        assert_eq!(
            rendered.stderr,
            "atlas: `iptables -L` is a real command that this simulator does not model yet.\natlas: modelled here: kubectl, crictl, ctr, nerdctl, docker, podman, runc, crun, systemctl, journalctl, ps, pstree, kill, ls, cat, grep, sysctl, dpkg … (help)\n"
        );
    }

    #[test]
    fn a_logged_remark_reads_as_the_tools_log_line() {
        let r = Remark {
            said: msg!("said-sleep-forever"),
            logged: Some(LogEntry {
                time: "2026-01-05T09:00:00Z".into(),
                level: LogLevel::Error,
                json: false,
            }),
        };
        assert_eq!(
            r.render(&Catalog::english()),
            "time=\"2026-01-05T09:00:00Z\" level=error msg=\"atlas: that sleep never ends; the simulator needs a finite time\"\n"
        );
        assert!(r
            .render(&Catalog::builtin(Lang::Ko))
            .starts_with("time=\"2026-01-05T09:00:00Z\" level=error msg=\"atlas: "));
    }
}
