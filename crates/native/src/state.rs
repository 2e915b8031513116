//! The state directory: `<root>/<id>/` holds `state.json` (written
//! atomically), `exec.fifo` while the container is `created`, and is locked
//! with `flock` so that two commands on one id cannot race.

use crate::error::{Error, Result, SysContext};
use nix::fcntl::{Flock, FlockArg};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// What the runtime remembers about one container.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Saved {
    /// Container id.
    pub id: String,
    /// The init process, as seen from the host.
    pub init_pid: i32,
    /// Its start time (field 22 of `/proc/<pid>/stat`), to tell it from a
    /// later process that reuses the pid.
    pub init_start: u64,
    /// Absolute bundle path.
    pub bundle: String,
    /// Absolute rootfs path.
    pub rootfs: String,
    /// RFC 3339 creation time (nanoseconds, as runc).
    pub created: String,
    /// The cgroup directories the container owns, one per hierarchy.
    pub cgroups: Vec<PathBuf>,
    /// The freezer directory, if any (`pause`/`resume`).
    pub freezer: Option<PathBuf>,
    /// `config.json` as read at `create` (hooks, trace, `exec` defaults).
    pub config: String,
    /// The init pid is the PID 1 of a namespace of its own.
    pub own_pid_ns: bool,
    /// `--no-pivot` at create.
    pub no_pivot: bool,
    /// The plan was made for cgroup v1 (`None` in a state file of an older
    /// atlas-runtime: then guessed from the directories).
    #[serde(default)]
    pub cgroup_v1: Option<bool>,
}

impl Saved {
    /// Whether the container's plan is a cgroup v1 plan (without reading
    /// the host's mount table again).
    pub fn cgroup_v1(&self) -> bool {
        self.cgroup_v1.unwrap_or_else(|| {
            self.freezer.is_some()
                || !self
                    .cgroups
                    .iter()
                    .any(|d| d.parent() == Some(Path::new("/sys/fs/cgroup")))
        })
    }
}

/// The OCI status of a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Waiting on `exec.fifo`.
    Created,
    /// The program runs.
    Running,
    /// Frozen.
    Paused,
    /// The init process is gone.
    Stopped,
}

impl Status {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Running => "running",
            Status::Paused => "paused",
            Status::Stopped => "stopped",
        }
    }

    /// The core's state machine for refusals.
    pub fn oci(self) -> atlas_core::lifecycle::oci::OciStatus {
        use atlas_core::lifecycle::oci::OciStatus;
        match self {
            Status::Created => OciStatus::Created,
            Status::Running => OciStatus::Running,
            Status::Paused => OciStatus::Paused,
            Status::Stopped => OciStatus::Stopped,
        }
    }
}

/// runc's state object, in runc's key order.
#[derive(Debug, Serialize)]
pub struct StateJson<'a> {
    /// Spec version.
    #[serde(rename = "ociVersion")]
    pub oci_version: &'a str,
    /// Id.
    pub id: &'a str,
    /// Init pid (0 once stopped).
    pub pid: i32,
    /// Status.
    pub status: &'a str,
    /// Bundle.
    pub bundle: &'a str,
    /// Rootfs.
    pub rootfs: &'a str,
    /// Creation time.
    pub created: &'a str,
    /// `config.json`'s annotations (runc's `list.go` `containerState`:
    /// between `created` and `owner`, left out when there are none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<std::collections::BTreeMap<&'a str, &'a str>>,
    /// Owner (empty when root).
    pub owner: &'a str,
}

/// runc's container id rule.
pub fn validate_id(id: &str) -> Result<()> {
    atlas_core::command::runc::validate_container_id(id).map_err(|_| Error::BadId)
}

/// A locked state directory.
#[derive(Debug)]
pub struct Container {
    /// `<root>/<id>`.
    pub dir: PathBuf,
    /// The lock, held as long as this value lives.
    _lock: Flock<File>,
}

fn lock_dir(dir: &Path) -> Result<Flock<File>> {
    let f = File::open(dir).ctx(|| format!("open {}", dir.display()))?;
    Flock::lock(f, FlockArg::LockExclusive)
        .map_err(|(_, e)| Error::sys(format!("lock {}", dir.display()), e))
}

impl Container {
    /// Makes and locks `<root>/<id>` for a new container.
    pub fn create(root: &Path, id: &str) -> Result<Container> {
        validate_id(id)?;
        std::fs::create_dir_all(root).ctx(|| format!("mkdir {}", root.display()))?;
        let dir = root.join(id);
        match std::fs::create_dir(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(Error::Exists),
            Err(e) => return Err(Error::io(format!("mkdir {}", dir.display()), e)),
        }
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o711));
        let lock = lock_dir(&dir)?;
        Ok(Container { dir, _lock: lock })
    }

    /// Locks an existing `<root>/<id>`; waits for a command that holds it.
    pub fn open(root: &Path, id: &str) -> Result<Container> {
        validate_id(id).map_err(|_| Error::NotExist)?;
        let dir = root.join(id);
        let lock = match lock_dir(&dir) {
            Ok(l) => l,
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotExist)
            }
            Err(e) => return Err(e),
        };
        // The directory may have been deleted while we waited for the lock.
        let now = std::fs::metadata(&dir).map_err(|_| Error::NotExist)?;
        let held = lock.metadata().ctx(|| format!("stat {}", dir.display()))?;
        if now.ino() != held.ino() || now.dev() != held.dev() {
            return Err(Error::NotExist);
        }
        Ok(Container { dir, _lock: lock })
    }

    /// `state.json`.
    pub fn state_path(&self) -> PathBuf {
        self.dir.join("state.json")
    }

    /// `exec.fifo`.
    pub fn fifo_path(&self) -> PathBuf {
        self.dir.join("exec.fifo")
    }

    /// Reads `state.json`; a directory without one is a container whose
    /// `create` never finished (or was killed): it has no live process.
    pub fn load(&self) -> Result<Option<Saved>> {
        match std::fs::read(self.state_path()) {
            Ok(b) => serde_json::from_slice(&b)
                .map(Some)
                .map_err(|e| Error::Config(format!("state.json: {e}"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io("read state.json", e)),
        }
    }

    /// Writes `state.json` atomically (temporary file, then `rename`, as
    /// runc does: readers see the old or the new file, never a part; the
    /// state root is a tmpfs, so there is nothing to `fsync` for).
    pub fn save(&self, s: &Saved) -> Result<()> {
        use std::io::Write;
        let tmp = self.dir.join(".state.json.tmp");
        let text = serde_json::to_vec(s).map_err(|e| Error::Config(e.to_string()))?;
        let mut f = File::create(&tmp).ctx(|| format!("create {}", tmp.display()))?;
        f.write_all(&text).ctx(|| "write state.json".into())?;
        std::fs::rename(&tmp, self.state_path()).ctx(|| "rename state.json".into())
    }

    /// The live status of a saved container.
    pub fn status(&self, s: &Saved) -> Status {
        if !process_alive(s.init_pid, s.init_start) {
            return Status::Stopped;
        }
        if self.fifo_path().exists() {
            return Status::Created;
        }
        if let Some(f) = &s.freezer {
            if let Ok(state) = std::fs::read_to_string(f.join("freezer.state")) {
                if state.trim() != "THAWED" {
                    return Status::Paused;
                }
            }
        } else if let Some(c) = s.cgroups.first() {
            if let Ok(ev) = std::fs::read_to_string(c.join("cgroup.freeze")) {
                if ev.trim() == "1" {
                    return Status::Paused;
                }
            }
        }
        Status::Running
    }

    /// Removes the state directory.
    pub fn remove(self) -> Result<()> {
        std::fs::remove_dir_all(&self.dir).ctx(|| format!("remove {}", self.dir.display()))
    }
}

/// The start time of a process (`/proc/<pid>/stat` field 22), `None` when it
/// is gone or a zombie.
pub fn process_start(pid: i32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    if fields.first() == Some(&"Z") || fields.first() == Some(&"X") {
        return None;
    }
    fields.get(19)?.parse().ok()
}

/// Whether `pid` is still the process that started at `start`.
pub fn process_alive(pid: i32, start: u64) -> bool {
    pid > 0 && process_start(pid) == Some(start)
}
