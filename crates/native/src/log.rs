//! runc's logging: logrus text or JSON entries, to `--log` or stderr.

use atlas_core::command::error::{logrus_json, logrus_text, logrus_value};
use atlas_core::command::LogLevel;
use std::io::Write;

/// Where errors go.
#[derive(Debug, Clone, Default)]
pub struct Logger {
    /// `--log FILE` (default: stderr).
    pub path: Option<String>,
    /// `--log-format json`.
    pub json: bool,
    /// `--debug`: debug entries too.
    pub debug: bool,
}

/// Now, as logrus prints it (RFC 3339, seconds, UTC).
pub fn now_rfc3339() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl Logger {
    fn entry(&self, level: LogLevel, msg: &str) -> String {
        let time = now_rfc3339();
        if self.json {
            logrus_json(&time, level, msg)
        } else {
            logrus_text(&time, level, msg)
        }
    }

    fn write(&self, level: LogLevel, msg: &str) {
        let mut line = self.entry(level, msg);
        line.push('\n');
        self.append(&line);
    }

    fn append(&self, line: &str) {
        match &self.path {
            Some(p) => {
                if let Ok(mut f) = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(p)
                {
                    let _ = f.write_all(line.as_bytes());
                }
            }
            None => {
                let _ = std::io::stderr().write_all(line.as_bytes());
            }
        }
    }

    /// A `level=debug` entry when `--debug` is given (runc's
    /// `logrus.Debugf`), to the log (`--log`, else stderr).
    pub fn debug(&self, msg: &str) {
        if self.debug {
            self.leveled("debug", msg);
        }
    }

    /// A `level=warning` entry (runc's `logrus.Warn`), to the log.
    pub fn warn(&self, msg: &str) {
        self.leveled("warning", msg);
    }

    fn leveled(&self, level: &str, msg: &str) {
        let time = now_rfc3339();
        let mut line = if self.json {
            // logrus's JSON formatter: keys sorted, as Go's encoding/json sorts a map.
            serde_json::json!({"level": level, "msg": msg, "time": time}).to_string()
        } else {
            format!(
                "time={} level={level} msg={}",
                logrus_value(&time),
                logrus_value(msg)
            )
        };
        line.push('\n');
        self.append(&line);
    }

    /// A fatal error, as runc's `fatal`: one entry in the log and, when the
    /// log is a file, the bare message on stderr too.
    pub fn fatal(&self, msg: &str) {
        self.write(LogLevel::Error, msg);
        if self.path.is_some() {
            let _ = writeln!(std::io::stderr(), "{msg}");
        }
    }
}
