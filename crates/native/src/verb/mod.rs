//! The runtime's verbs, one module each (runc's command line: `create`,
//! `start`, `run`, `state` and `list`, `kill`, `delete`, `exec`, `ps`,
//! `pause` and `resume`, `update`, `events`, `spec`, `features`). `create`, `start` and
//! `delete` walk the Runtime steps of their phase of the plan and record
//! them for `--trace`; `create` hands the Init steps to [`crate::init`] over
//! the [`crate::channel`].

pub mod create;
pub mod delete;
pub mod events;
pub mod exec;
pub mod features;
pub mod kill;
pub mod pause;
pub mod ps;
pub mod run;
pub mod spec;
pub mod start;
pub mod state;
pub mod update;

use crate::error::{Error, Result, SysContext};
use crate::state::Saved;
use atlas_core::oci::{parse_config, OciRuntime};
use std::path::{Path, PathBuf};

/// `p` against the current directory.
fn abs(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    }
}

/// Writes a pid file atomically, as runc does.
pub fn write_pid_file(path: &str, pid: i32) -> Result<()> {
    let p = abs(Path::new(path));
    let tmp = p.with_file_name(format!(
        ".{}.tmp",
        p.file_name().and_then(|n| n.to_str()).unwrap_or("pid")
    ));
    std::fs::write(&tmp, pid.to_string()).ctx(|| format!("write {}", tmp.display()))?;
    std::fs::rename(&tmp, &p).ctx(|| format!("rename {}", p.display()))
}

/// The config a container was created with.
pub(crate) fn saved_spec(s: &Saved) -> Result<oci_spec::runtime::Spec> {
    parse_config(&s.config, OciRuntime::Runc).map_err(|e| Error::plan(&e))
}
