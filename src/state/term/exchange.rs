//! What the terminal exchanges with the engine module: the session's
//! entries (what the link carries and a rebuilt session replays) and the
//! asks, as the glue in `crate::browser` reads them.

use atlas_core::Config;
use serde_json::{json, Value};

/// One thing the session did, as the link carries it and a rebuilt engine
/// replays it (the core's `session::Entry`, as JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A command line (several lines for a continuation).
    Line(String),
    /// A file saved from the editor.
    Save {
        /// The file.
        path: String,
        /// Its new text.
        text: String,
        /// `vi` or `nano`.
        editor: String,
    },
    /// Milliseconds of a follow.
    Tick(u64),
    /// Ctrl-C during a follow.
    Interrupt,
}

impl Entry {
    /// As the engine module reads it.
    pub fn to_json(&self) -> Value {
        match self {
            Entry::Line(l) => json!({ "line": l }),
            Entry::Save { path, text, editor } => {
                json!({ "save": { "path": path, "text": text, "editor": editor } })
            }
            Entry::Tick(ms) => json!({ "tick": ms }),
            Entry::Interrupt => json!("interrupt"),
        }
    }

    /// From the engine module's JSON.
    pub fn from_json(v: &Value) -> Option<Entry> {
        if v.as_str() == Some("interrupt") {
            return Some(Entry::Interrupt);
        }
        if let Some(l) = v.get("line").and_then(Value::as_str) {
            return Some(Entry::Line(l.to_string()));
        }
        if let Some(ms) = v.get("tick").and_then(Value::as_u64) {
            return Some(Entry::Tick(ms));
        }
        let s = v.get("save")?;
        let field = |k: &str| s.get(k).and_then(Value::as_str).map(str::to_string);
        Some(Entry::Save {
            path: field("path")?,
            text: field("text")?,
            editor: field("editor")?,
        })
    }
}

/// The entries as one JSON array.
pub fn entries_json(entries: &[Entry]) -> String {
    Value::Array(entries.iter().map(Entry::to_json).collect()).to_string()
}

/// What the terminal asks the engine module next.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// A new session (the link's, when it carries one, replayed).
    Open(Option<String>),
    /// Lines typed or pasted, after the continuation typed so far.
    Run(String, Vec<String>),
    /// A second of a follow.
    Tick(u32),
    /// Ctrl-C during a follow.
    Interrupt,
    /// The editor's file.
    Read(String),
    /// The editor's text saved: path, text, editor.
    Save(String, String, String),
}

impl Ask {
    /// The glue's operation and its arguments (JSON).
    /// `start`: the session's scenario (`""`: an empty node; `drill:ID`: a drill's broken node).
    pub fn op(&self, config: Config, start: &str) -> (&'static str, String) {
        match self {
            Ask::Open(s) => (
                "open",
                json!({
                    "config": serde_json::to_string(&config).unwrap_or_default(),
                    "scenario": start,
                    "s": s,
                })
                .to_string(),
            ),
            Ask::Run(pending, lines) => (
                "run",
                json!({ "pending": pending, "lines": lines }).to_string(),
            ),
            Ask::Tick(ms) => ("tick", json!({ "ms": ms }).to_string()),
            Ask::Interrupt => ("interrupt", "{}".to_string()),
            Ask::Read(path) => ("read", json!({ "path": path }).to_string()),
            Ask::Save(path, text, editor) => (
                "save",
                json!({ "path": path, "text": text, "editor": editor }).to_string(),
            ),
        }
    }
}
