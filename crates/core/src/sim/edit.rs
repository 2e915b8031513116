//! `vi FILE` / `nano FILE` in a terminal: the face edits the text the node's
//! file holds ([`Sim::read_file`]) and saves it back through the node
//! ([`Sim::save`]), where the programs that read it at their next start
//! (containerd's `config.toml` at a restart, crictl's `/etc/crictl.yaml` at
//! each run) find it. What the editor says after a write is the editor's
//! own status line.

use super::Sim;
use crate::node::fs::{normalize, FsError};
use crate::node::Machine;
use serde::{Deserialize, Serialize};

/// Which editor the face stands in for: their status lines differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Editor {
    /// vim (`vi`, `vim`).
    Vi,
    /// GNU nano.
    Nano,
}

impl Editor {
    /// The editor a program name opens (`vi`, `vim`, `nano`).
    pub fn from_name(name: &str) -> Option<Editor> {
        match name {
            "vi" | "vim" => Some(Editor::Vi),
            "nano" => Some(Editor::Nano),
            _ => None,
        }
    }
}

/// What saving a file did: whether it was written, and the editor's own
/// line about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveOutcome {
    /// The file was written.
    pub ok: bool,
    /// vim's `"/etc/crictl.yaml" 3L, 52B written`, nano's `[ Wrote 3 lines ]`,
    /// or the editor's error.
    pub said: String,
}

impl Sim {
    /// The text an editor opens for `path` (relative to the shell's working
    /// directory) and whether the file is new: a missing file is new and
    /// empty; one that cannot be read opens empty, not new.
    pub fn read_file(&self, path: &str) -> (String, bool) {
        let p = normalize(self.shell.cwd(), path);
        match self.world.read_file(&p) {
            Ok(text) => (text, false),
            Err(FsError::NotFound) => (String::new(), true),
            Err(_) => (String::new(), false),
        }
    }

    /// Writes an editor's buffer to the node's file through the node (the
    /// change takes effect as on a real node: a later restart reads it).
    /// Both editors end a non-empty buffer with a newline, as vim's
    /// `fixendofline` and nano's default do.
    pub fn save(&mut self, path: &str, text: &str, editor: Editor) -> SaveOutcome {
        let p = normalize(self.shell.cwd(), path);
        let mut body = text.replace("\r\n", "\n");
        if !body.is_empty() && !body.ends_with('\n') {
            body.push('\n');
        }
        let new = matches!(self.world.read_file(&p), Err(FsError::NotFound));
        let written = if self.world.is_dir(&p) {
            Err(FsError::IsDir)
        } else {
            self.world.write(&p, &body, false)
        };
        let lines = body.matches('\n').count();
        let shown = vim_name(
            &p,
            self.shell.cwd(),
            self.shell.var("HOME").unwrap_or("/root"),
        );
        let path = shown.as_str();
        match (written, editor) {
            (Ok(()), Editor::Vi) => SaveOutcome {
                ok: true,
                said: format!(
                    "\"{path}\" {}{lines}L, {}B written",
                    if new { "[New] " } else { "" },
                    body.len()
                ),
            },
            (Ok(()), Editor::Nano) => SaveOutcome {
                ok: true,
                said: format!(
                    "[ Wrote {lines} line{} ]",
                    if lines == 1 { "" } else { "s" }
                ),
            },
            // vim: E502 for a directory, E212 for any other open failure.
            (Err(FsError::IsDir), Editor::Vi) => SaveOutcome {
                ok: false,
                said: format!("\"{path}\" E502: \"{path}\" is a directory"),
            },
            (Err(_), Editor::Vi) => SaveOutcome {
                ok: false,
                said: format!("\"{path}\" E212: Can't open file for writing"),
            },
            // nano: `Error writing %s: %s` with strerror's words.
            (Err(e), Editor::Nano) => SaveOutcome {
                ok: false,
                said: format!("[ Error writing {p}: {e} ]"),
            },
        }
    }
}

/// The name vim shows for a file: relative to the working directory when
/// the file is below it (vim shortens buffer names so), else with the home
/// directory as `~` (its messages go through `home_replace`).
fn vim_name(abs: &str, cwd: &str, home: &str) -> String {
    let under = |dir: &str| -> Option<String> {
        let rest = abs.strip_prefix(dir)?;
        if dir == "/" {
            return Some(rest.to_string());
        }
        rest.strip_prefix('/').map(str::to_string)
    };
    if let Some(rel) = under(cwd).filter(|r| !r.is_empty()) {
        return rel;
    }
    if let Some(rel) = under(home).filter(|r| !r.is_empty()) {
        return format!("~/{rel}");
    }
    abs.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    #[test]
    fn vim_and_nano_say_what_they_wrote() {
        let mut s = Sim::new(Config::default(), 1).lean();
        let (old, new) = s.read_file("/etc/crictl.yaml");
        assert!(!new && old.contains("runtime-endpoint"), "{old}");
        let text =
            "runtime-endpoint: unix:///run/x.sock\nimage-endpoint: unix:///run/x.sock\ntimeout: 2";
        let out = s.save("/etc/crictl.yaml", text, Editor::Vi);
        assert_eq!(
            out,
            SaveOutcome {
                ok: true,
                said: format!("\"/etc/crictl.yaml\" 3L, {}B written", text.len() + 1)
            }
        );
        assert_eq!(s.read_file("/etc/crictl.yaml").0, format!("{text}\n"));
        assert_eq!(s.read_file("x"), (String::new(), true));
        let out = s.save("x", "abc", Editor::Vi);
        assert_eq!(out.said, "\"x\" [New] 1L, 4B written");
        assert_eq!(s.read_file("/root/x"), ("abc\n".to_string(), false));
        let out = s.save("x", "a\nb\nc\n", Editor::Nano);
        assert_eq!(out.said, "[ Wrote 3 lines ]");
        assert_eq!(s.save("y", "a", Editor::Nano).said, "[ Wrote 1 line ]");
    }

    #[test]
    fn an_unwritable_path_gets_the_editor_s_error() {
        let mut s = Sim::new(Config::default(), 1).lean();
        let out = s.save("/proc/x", "1", Editor::Vi);
        assert_eq!(
            out,
            SaveOutcome {
                ok: false,
                said: "\"/proc/x\" E212: Can't open file for writing".into()
            }
        );
        let out = s.save("/nope/x", "1", Editor::Nano);
        assert_eq!(
            out.said,
            "[ Error writing /nope/x: No such file or directory ]"
        );
        assert!(!s.save("/etc", "1", Editor::Vi).ok);
        // vim names a file below the working directory relatively, one
        // under the home directory with `~`.
        assert_eq!(
            s.save("/root/notes", "a", Editor::Vi).said,
            "\"notes\" [New] 1L, 2B written"
        );
        s.run_line("cd /etc");
        assert_eq!(
            s.save("/root/notes", "ab", Editor::Vi).said,
            "\"~/notes\" 1L, 3B written"
        );
        assert_eq!(
            s.save("/etc/containerd/x", "", Editor::Vi).said,
            "\"containerd/x\" [New] 0L, 0B written"
        );
    }

    #[test]
    fn a_saved_containerd_config_is_what_the_restart_reads() {
        let mut s = Sim::new(Config::default(), 1).lean();
        let (text, _) = s.read_file("/etc/containerd/config.toml");
        let edited = format!("disabled_plugins = [\"cri\"]\n{text}");
        let out = s.save("/etc/containerd/config.toml", &edited, Editor::Vi);
        assert!(out.ok && out.said.ends_with("B written"), "{}", out.said);
        assert_eq!(s.run_line("systemctl restart containerd").record.exit, 0);
        let step = s.run_line("crictl info");
        assert_eq!(step.record.exit, 1);
        assert!(
            step.record
                .stderr
                .contains("unknown service runtime.v1.RuntimeService"),
            "{}",
            step.record.stderr
        );
    }

    #[test]
    fn a_saved_crictl_yaml_changes_crictl_s_endpoint() {
        let mut s = Sim::new(Config::default(), 1).lean();
        let step = s.run_line("crictl ps");
        assert_eq!(step.record.exit, 0, "{:?}", step.record);
        s.save(
            "/etc/crictl.yaml",
            "runtime-endpoint: unix:///run/nothing.sock\n",
            Editor::Vi,
        );
        let step = s.run_line("crictl ps");
        assert_ne!(step.record.exit, 0);
        assert!(
            step.record.stderr.contains("/run/nothing.sock"),
            "{}",
            step.record.stderr
        );
    }
}
