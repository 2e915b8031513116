//! `/proc` as the world's processes make it: `/proc/PID/{status,cgroup,cmdline,ns/…}`,
//! `/proc/sys/…` (the kernel parameters).

use super::fs::FsError;
use crate::engine::World;

/// A file under `/proc`.
pub(crate) fn read(_w: &World, _path: &str) -> Result<String, FsError> {
    Err(FsError::NotFound)
}

/// Writes under `/proc` (only `/proc/sys/…` accepts).
pub(crate) fn write(_w: &mut World, _path: &str, _text: &str) -> Result<(), FsError> {
    Err(FsError::Denied)
}

/// Whether a `/proc` path is a directory.
pub(crate) fn is_dir(_w: &World, path: &str) -> bool {
    path == "/proc"
}

/// The names in a `/proc` directory.
pub(crate) fn list(_w: &World, _path: &str) -> Vec<String> {
    Vec::new()
}
