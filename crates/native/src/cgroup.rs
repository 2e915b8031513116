//! cgroups through cgroupfs: v2 (the unified hierarchy at `/sys/fs/cgroup`)
//! or v1 (one hierarchy per controller; what a hybrid host such as this
//! project's lab uses for resources).

use crate::error::{Error, Result, SysContext};
use atlas_core::oci::{CgroupValue, CgroupVersion};
use std::path::{Path, PathBuf};

/// The v1 hierarchies a container joins (runc's `fs` subsystems; a new
/// cpuset cgroup gets its parents' cpus and mems first, see [`Cgroup::create`]).
/// `name=systemd` has no controller: runc v1.1.5 joins it too
/// (`NameGroup{GroupName: "name=systemd", Join: true}`) and `mountCgroupV1`
/// binds it at `/sys/fs/cgroup/systemd` like every v1 hierarchy.
const V1_CONTROLLERS: [&str; 12] = [
    "cpuset",
    "memory",
    "cpu",
    "cpuacct",
    "pids",
    "freezer",
    "devices",
    "blkio",
    "hugetlb",
    "net_cls",
    "net_prio",
    "name=systemd",
];

/// The host's cgroup hierarchies.
#[derive(Debug, Clone, PartialEq)]
pub enum Layout {
    /// cgroup v1: `(controllers, mount point)` of each hierarchy we use.
    V1(Vec<(Vec<String>, PathBuf)>),
    /// cgroup v2 mounted at this path.
    V2(PathBuf),
}

impl Layout {
    /// What the host has: v2 when `/sys/fs/cgroup` is cgroup2, else the v1
    /// hierarchies from `/proc/self/mountinfo`.
    pub fn detect() -> Layout {
        let mut v1 = Vec::new();
        let mut v2 = None;
        let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
        for line in info.lines() {
            let Some((left, right)) = line.split_once(" - ") else {
                continue;
            };
            let mount_point = left.split(' ').nth(4).unwrap_or("");
            let mut r = right.split(' ');
            let fstype = r.next().unwrap_or("");
            let _source = r.next();
            let opts = r.next().unwrap_or("");
            match fstype {
                "cgroup2" if mount_point == "/sys/fs/cgroup" => {
                    v2 = Some(PathBuf::from(mount_point))
                }
                "cgroup" => {
                    let ctrls: Vec<String> = opts
                        .split(',')
                        .filter(|o| V1_CONTROLLERS.contains(o))
                        .map(str::to_string)
                        .collect();
                    let dup = v1
                        .iter()
                        .any(|(c, _): &(Vec<String>, PathBuf)| c.iter().any(|x| ctrls.contains(x)));
                    if !ctrls.is_empty() && !dup {
                        v1.push((ctrls, PathBuf::from(mount_point)));
                    }
                }
                _ => {}
            }
        }
        match v2 {
            Some(p) => Layout::V2(p),
            None => Layout::V1(v1),
        }
    }

    /// The version the plan is made for.
    pub fn version(&self) -> CgroupVersion {
        match self {
            Layout::V1(_) => CgroupVersion::V1,
            Layout::V2(_) => CgroupVersion::V2,
        }
    }

    /// The directories of the cgroup `rel` (`/default/demo`), one per hierarchy.
    pub fn cgroup(&self, rel: &str) -> Cgroup {
        let rel = rel.trim_start_matches('/');
        match self {
            Layout::V2(root) => Cgroup {
                dirs: vec![(vec!["unified".into()], root.join(rel))],
                v2: true,
            },
            Layout::V1(h) => Cgroup {
                dirs: h.iter().map(|(c, mp)| (c.clone(), mp.join(rel))).collect(),
                v2: false,
            },
        }
    }
}

/// One container's cgroup.
#[derive(Debug, Clone, PartialEq)]
pub struct Cgroup {
    /// `(controllers, directory)` per hierarchy.
    pub dirs: Vec<(Vec<String>, PathBuf)>,
    /// Unified hierarchy.
    pub v2: bool,
}

fn write_file(path: &Path, value: &str) -> Result<()> {
    std::fs::write(path, value).ctx(|| format!("write {value:?} to {}", path.display()))
}

/// Go's text of an errno (`no such file or directory`), as runc prints it.
pub fn go_errno(e: &std::io::Error) -> String {
    let Some(n) = e.raw_os_error() else {
        return e.to_string();
    };
    let t = std::io::Error::from_raw_os_error(n).to_string();
    let t = t.split(" (os error").next().unwrap_or(&t);
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// runc's `cgroups.WriteFile`: open without creating (`openat2 PATH: …`),
/// then write (`failed to write "V": write PATH: …`).
fn write_cgroup_file(path: &Path, value: &str) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .map_err(|e| Error::Refused(format!("openat2 {}: {}", path.display(), go_errno(&e))))?;
    f.write_all(value.as_bytes()).map_err(|e| {
        Error::Refused(format!(
            "failed to write {}: write {}: {}",
            atlas_core::command::error::go_quote(value),
            path.display(),
            go_errno(&e)
        ))
    })
}

/// Reads a cgroup file, trimmed (empty when it cannot be read).
pub fn read_trimmed(path: &Path) -> String {
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// runc's `cpusetEnsureParent` + mkdir + `cpusetCopyIfNeeded`, from the
/// hierarchy's root down to `dir`: every level gets its parent's
/// `cpuset.cpus`/`cpuset.mems` when its own are empty (else no process can
/// join it: `ENOSPC`).
fn cpuset_ensure(dir: &Path) -> Result<()> {
    let Some(root) = dir
        .ancestors()
        .find(|a| a.parent() == Some(Path::new("/sys/fs/cgroup")))
    else {
        return std::fs::create_dir_all(dir).ctx(|| format!("mkdir {}", dir.display()));
    };
    let rel = dir.strip_prefix(root).unwrap_or(Path::new(""));
    let mut cur = root.to_path_buf();
    for part in rel.components() {
        let parent = cur.clone();
        cur.push(part);
        match std::fs::create_dir(&cur) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(Error::io(format!("mkdir {}", cur.display()), e)),
        }
        for f in ["cpuset.cpus", "cpuset.mems"] {
            if read_trimmed(&cur.join(f)).is_empty() {
                let want = read_trimmed(&parent.join(f));
                write_cgroup_file(&cur.join(f), &want)?;
            }
        }
    }
    Ok(())
}

impl Cgroup {
    /// Rebuilds the value from saved directories.
    pub fn from_dirs(dirs: &[PathBuf], v2: bool) -> Cgroup {
        Cgroup {
            dirs: dirs
                .iter()
                .map(|d| {
                    let name = d
                        .ancestors()
                        .find(|a| a.parent() == Some(Path::new("/sys/fs/cgroup")))
                        .and_then(|a| a.file_name())
                        .and_then(|n| n.to_str())
                        .unwrap_or("unified");
                    (name.split(',').map(str::to_string).collect(), d.clone())
                })
                .collect(),
            v2,
        }
    }

    /// The directories.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.dirs.iter().map(|(_, d)| d.clone()).collect()
    }

    /// The freezer directory (v1).
    pub fn freezer(&self) -> Option<PathBuf> {
        if self.v2 {
            return None;
        }
        self.dir_for("freezer").map(Path::to_path_buf)
    }

    fn dir_for(&self, controller: &str) -> Option<&Path> {
        if self.v2 {
            return self.dirs.first().map(|(_, d)| d.as_path());
        }
        self.dirs
            .iter()
            .find(|(c, _)| c.iter().any(|x| x == controller))
            .map(|(_, d)| d.as_path())
    }

    /// `mkdir -p` every directory (v2: enable the controllers on the way down).
    pub fn create(&self) -> Result<()> {
        for (c, d) in &self.dirs {
            if self.v2 {
                let root = Path::new("/sys/fs/cgroup");
                let mut cur = root.to_path_buf();
                let rel = d.strip_prefix(root).unwrap_or(d);
                for part in rel.components() {
                    let want = "+cpu +memory +pids";
                    let _ = std::fs::write(cur.join("cgroup.subtree_control"), want);
                    cur.push(part);
                    if !cur.exists() {
                        std::fs::create_dir(&cur).ctx(|| format!("mkdir {}", cur.display()))?;
                    }
                }
            } else if c.iter().any(|x| x == "cpuset") {
                cpuset_ensure(d)?;
            } else {
                std::fs::create_dir_all(d).ctx(|| format!("mkdir {}", d.display()))?;
            }
        }
        Ok(())
    }

    /// Moves `pid` into the cgroup in every hierarchy.
    pub fn join(&self, pid: i32) -> Result<()> {
        for (_, d) in &self.dirs {
            write_file(&d.join("cgroup.procs"), &pid.to_string())?;
        }
        Ok(())
    }

    /// Writes one resource file (`memory.limit_in_bytes`, `pids.max`…), in
    /// runc's words when it cannot: `cannot set net_cls limit: container
    /// could not join or create cgroup` for a controller with no hierarchy
    /// (`fs.manager.Set`), `openat2 PATH: no such file or directory`.
    /// `blkio.weight` falls back to BFQ's `blkio.bfq.weight` (runc's
    /// `detectWeightFilenames`).
    pub fn write(&self, file: &str, value: CgroupValue<'_>) -> Result<()> {
        let controller = file.split('.').next().unwrap_or("");
        let dir = self.dir_for(controller).ok_or_else(|| {
            Error::Refused(format!(
                "cannot set {controller} limit: container could not join or create cgroup"
            ))
        })?;
        let file = match file {
            "blkio.weight" if !self.v2 && !dir.join(file).exists() => "blkio.bfq.weight",
            "blkio.weight_device" if !self.v2 && !dir.join("blkio.weight").exists() => {
                "blkio.bfq.weight_device"
            }
            f => f,
        };
        write_cgroup_file(&dir.join(file), &format_value(value, self.v2))
    }

    /// [`Cgroup::write`] during `create`, its failure worded as runc's: a v1
    /// cpuset file is written in `manager.Apply` (before the join), the rest
    /// in `manager.Set` for `procHooks`.
    pub fn write_in_create(&self, file: &str, value: CgroupValue<'_>) -> Result<()> {
        self.write(file, value).map_err(|e| {
            if !self.v2 && file.starts_with("cpuset.") {
                Error::Init(format!("unable to apply cgroup configuration: {e}"))
            } else {
                Error::Init(format!(
                    "error during container init: error setting cgroup config for procHooks process: {e}"
                ))
            }
        })
    }

    /// Reads one file of the controller's directory (trimmed; empty when
    /// absent).
    pub fn read(&self, file: &str) -> String {
        let controller = file.split('.').next().unwrap_or("");
        self.dir_for(controller)
            .map(|d| read_trimmed(&d.join(file)))
            .unwrap_or_default()
    }

    /// The directory of a controller (v2: the one directory).
    pub fn dir(&self, controller: &str) -> Option<&Path> {
        self.dir_for(controller)
    }

    /// The device rules: the spec's in order, then runc's defaults. v1
    /// writes them to `devices.deny`/`devices.allow`; v2 has no file for it
    /// and gets runc's eBPF program ([`crate::devices_bpf`]).
    pub fn devices(&self, rules: &[oci_spec::runtime::LinuxDeviceCgroup]) -> Result<()> {
        if self.v2 {
            return self.devices_v2(rules);
        }
        let Some(dir) = self.dir_for("devices") else {
            return Ok(());
        };
        for r in rules {
            let kind = match r.typ() {
                Some(oci_spec::runtime::LinuxDeviceType::B) => "b",
                Some(oci_spec::runtime::LinuxDeviceType::C) => "c",
                Some(oci_spec::runtime::LinuxDeviceType::A) | None => "a",
                Some(_) => "c",
            };
            let num = |n: Option<i64>| n.map_or("*".to_string(), |n| n.to_string());
            let access = r.access().clone().unwrap_or_else(|| "rwm".into());
            let line = if kind == "a" && r.major().is_none() && r.minor().is_none() {
                "a".to_string()
            } else {
                format!("{kind} {}:{} {access}", num(r.major()), num(r.minor()))
            };
            let file = if r.allow() {
                "devices.allow"
            } else {
                "devices.deny"
            };
            write_file(&dir.join(file), &line)?;
        }
        for line in RUNC_ALLOWED_DEVICES {
            write_file(&dir.join("devices.allow"), line)?;
        }
        Ok(())
    }

    fn devices_v2(&self, rules: &[oci_spec::runtime::LinuxDeviceCgroup]) -> Result<()> {
        use crate::devices_bpf::{access_bits, attach, device_filter, Rule};
        let Some(dir) = self.dirs.first().map(|(_, d)| d.as_path()) else {
            return Ok(());
        };
        let mut all: Vec<Rule> = rules
            .iter()
            .map(|r| Rule {
                kind: match r.typ() {
                    Some(oci_spec::runtime::LinuxDeviceType::B) => 'b',
                    Some(oci_spec::runtime::LinuxDeviceType::A) | None => 'a',
                    Some(_) => 'c',
                },
                major: r.major().unwrap_or(-1),
                minor: r.minor().unwrap_or(-1),
                access: access_bits(r.access().as_deref().unwrap_or("rwm")),
                allow: r.allow(),
            })
            .collect();
        all.extend(
            RUNC_ALLOWED_DEVICES
                .iter()
                .filter_map(|l| Rule::parse(l, true)),
        );
        let program = device_filter(&all).map_err(Error::Refused)?;
        match attach(&program, dir) {
            Ok(()) => Ok(()),
            // runc's canSkipEBPFError: nothing is denied, nothing to enforce.
            Err(_) if program.allow_all => Ok(()),
            Err(e) => Err(Error::Refused(format!(
                "failed to call BPF_PROG_LOAD/BPF_PROG_ATTACH (BPF_CGROUP_DEVICE) on {}: {}",
                dir.display(),
                go_errno(&e)
            ))),
        }
    }

    /// The pids in the cgroup.
    pub fn procs(&self) -> Vec<i32> {
        let dir = self
            .dir_for("pids")
            .or_else(|| self.dir_for("freezer"))
            .or_else(|| self.dirs.first().map(|(_, d)| d.as_path()));
        let Some(dir) = dir else { return Vec::new() };
        std::fs::read_to_string(dir.join("cgroup.procs"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect()
    }

    /// Freezes (`pause`) or thaws (`resume`) every process.
    pub fn freeze(&self, frozen: bool) -> Result<()> {
        if self.v2 {
            let dir = self.dir_for("").ok_or(Error::NotExist)?;
            return write_file(&dir.join("cgroup.freeze"), if frozen { "1" } else { "0" });
        }
        let dir = self
            .dir_for("freezer")
            .ok_or_else(|| Error::Unsafe("the freezer cgroup is not mounted".into()))?;
        let want = if frozen { "FROZEN" } else { "THAWED" };
        for _ in 0..1000 {
            write_file(&dir.join("freezer.state"), want)?;
            let now = std::fs::read_to_string(dir.join("freezer.state")).unwrap_or_default();
            if now.trim() == want {
                return Ok(());
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        Err(Error::Refused(format!("the freezer did not reach {want}")))
    }

    /// SIGKILLs every process and removes the directories, waiting (up to 5
    /// s) for the processes to go.
    pub fn destroy(&self) -> Result<()> {
        let mut last = Ok(());
        for round in 0..25_000 {
            let pids = self.procs();
            if !pids.is_empty() {
                for p in pids {
                    let _ = nix::sys::signal::kill(
                        nix::unistd::Pid::from_raw(p),
                        nix::sys::signal::Signal::SIGKILL,
                    );
                }
                if round == 0 {
                    let _ = self.freeze(false);
                }
            }
            last = Ok(());
            for (_, d) in &self.dirs {
                match std::fs::remove_dir(d) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => last = Err(Error::io(format!("rmdir {}", d.display()), e)),
                }
            }
            if last.is_ok() {
                return Ok(());
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        last
    }
}

/// runc's `specconv.AllowedDevices` (the cgroup rules of its default device list).
pub(crate) const RUNC_ALLOWED_DEVICES: [&str; 11] = [
    "c *:* m",
    "b *:* m",
    "c 1:3 rwm",
    "c 1:8 rwm",
    "c 1:7 rwm",
    "c 5:0 rwm",
    "c 1:5 rwm",
    "c 1:9 rwm",
    "c 136:* rwm",
    "c 5:2 rwm",
    "c 10:200 rwm",
];

/// A value as cgroupfs takes it (runc's `numToStr`: `-1` is `max` on v2).
pub fn format_value(v: CgroupValue<'_>, v2: bool) -> String {
    v.text(v2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_as_runc_writes_them() {
        assert_eq!(format_value(CgroupValue::Number(-1), true), "max");
        assert_eq!(format_value(CgroupValue::Number(-1), false), "-1");
        assert_eq!(
            format_value(
                CgroupValue::CpuMax {
                    quota: 0,
                    period: 100000
                },
                true
            ),
            "max 100000"
        );
        assert_eq!(
            format_value(
                CgroupValue::CpuMax {
                    quota: 5000,
                    period: 10000
                },
                true
            ),
            "5000 10000"
        );
    }

    #[test]
    fn v1_files_go_to_their_controller() {
        let l = Layout::V1(vec![
            (vec!["memory".into()], "/sys/fs/cgroup/memory".into()),
            (
                vec!["cpu".into(), "cpuacct".into()],
                "/sys/fs/cgroup/cpu,cpuacct".into(),
            ),
        ]);
        let c = l.cgroup("/demo");
        assert_eq!(
            c.dir_for("cpuacct"),
            Some(Path::new("/sys/fs/cgroup/cpu,cpuacct/demo"))
        );
        assert_eq!(
            c.dir_for("memory"),
            Some(Path::new("/sys/fs/cgroup/memory/demo"))
        );
        assert_eq!(c.dir_for("pids"), None);
    }
}
