//! atlas-runtime for real: root, namespaces and cgroups on this machine.
//! Every test skips with a message when not root or without busybox-static
//! (`/bin/busybox`). Tests run one at a time (they share the host's cgroups
//! and check that nothing of theirs is left).

use atlas_core::oci::{self, HopContext, Phase, Plan};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;

static SERIAL: Mutex<()> = Mutex::new(());
const BIN: &str = env!("CARGO_BIN_EXE_atlas-runtime");

fn can_run(test: &str) -> bool {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipped {test}: needs root (namespaces, mounts, cgroups)");
        return false;
    }
    if !Path::new("/bin/busybox").exists() {
        eprintln!("skipped {test}: needs /bin/busybox (Debian busybox-static)");
        return false;
    }
    true
}

struct Lab {
    dir: PathBuf,
}

impl Lab {
    fn new(name: &str) -> Lab {
        let dir = std::env::temp_dir().join(format!("atlas-native-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("root")).expect("lab dir");
        Lab { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.join("root")
    }

    /// A busybox-static bundle with runc's default config (terminal off).
    fn bundle(
        &self,
        name: &str,
        args: &[&str],
        edit: impl FnOnce(&mut serde_json::Value),
    ) -> PathBuf {
        let b = self.dir.join(name);
        let bin = b.join("rootfs/bin");
        std::fs::create_dir_all(&bin).expect("rootfs");
        for d in ["proc", "dev", "sys", "tmp"] {
            std::fs::create_dir_all(b.join("rootfs").join(d)).expect("rootfs dir");
        }
        std::fs::copy("/bin/busybox", bin.join("busybox")).expect("copy busybox");
        for l in ["sh", "true", "sleep", "echo", "cat", "ls", "hostname", "id"] {
            std::os::unix::fs::symlink("busybox", bin.join(l)).expect("symlink");
        }
        let mut c: serde_json::Value =
            serde_json::from_str(oci::spec::RUNC_DEFAULT_JSON).expect("default config");
        c["process"]["terminal"] = false.into();
        c["process"]["args"] = args.into();
        edit(&mut c);
        std::fs::write(b.join("config.json"), c.to_string()).expect("config.json");
        b
    }

    fn rt(&self, args: &[&str]) -> Output {
        self.rt_env(args, &[])
    }

    fn rt_env(&self, args: &[&str], env: &[(&str, String)]) -> Output {
        let root = self.root();
        let mut cmd = Command::new(BIN);
        cmd.arg("--root")
            .arg(&root)
            .args(args)
            .current_dir(&self.dir);
        for (k, v) in env {
            cmd.env(k, v);
        }
        // A created container inherits stdio: files, never pipes we wait on.
        let out = self.dir.join("stdout");
        let err = self.dir.join("stderr");
        cmd.stdin(Stdio::null())
            .stdout(std::fs::File::create(&out).expect("stdout"))
            .stderr(std::fs::File::create(&err).expect("stderr"));
        let status = cmd.status().expect("run atlas-runtime");
        Output {
            status,
            stdout: std::fs::read(&out).unwrap_or_default(),
            stderr: std::fs::read(&err).unwrap_or_default(),
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        if let Ok(ids) = std::fs::read_dir(self.root()) {
            for id in ids.flatten() {
                let id = id.file_name().to_string_lossy().into_owned();
                let _ = self.rt(&["delete", "--force", &id]);
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A cgroup v1 file of container `id` (`/sys/fs/cgroup/CONTROLLER/ID/FILE`), trimmed;
/// empty when it cannot be read.
fn v1_file(controller: &str, id: &str, file: &str) -> String {
    std::fs::read_to_string(
        Path::new("/sys/fs/cgroup")
            .join(controller)
            .join(id)
            .join(file),
    )
    .unwrap_or_default()
    .trim()
    .to_string()
}

/// Runs `sh -c SCRIPT` (with `$0` the runtime) in a private mount namespace
/// whose `/sys/fs/cgroup` is the cgroup2 hierarchy: the host's on a pure v2
/// host, mounted there on a hybrid one (controllers stay with v1). `None`
/// (and why, on stderr) where the host has no cgroup2 hierarchy.
fn in_cgroup2(test: &str, script: &str) -> Option<Output> {
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let pure_v2 = mounts
        .lines()
        .any(|l| l.contains(" /sys/fs/cgroup ") && l.contains(" - cgroup2 "));
    if !pure_v2 && !Path::new("/sys/fs/cgroup/unified/cgroup.procs").exists() {
        eprintln!("skipped {test}: no cgroup2 hierarchy on this host");
        return None;
    }
    let mount = if pure_v2 {
        ""
    } else {
        "mount -t cgroup2 none /sys/fs/cgroup && "
    };
    let o = Command::new("unshare")
        .args(["-m", "--propagation", "private", "sh", "-c"])
        .arg(format!("{mount}{script}"))
        .arg(BIN)
        .stdin(Stdio::null())
        .output()
        .expect("unshare");
    Some(o)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn state(lab: &Lab, id: &str) -> serde_json::Value {
    let o = lab.rt(&["state", id]);
    assert!(o.status.success(), "state {id}: {}", text(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("state json")
}

/// The message of one logrus text line (`time="…" level=error msg="…"`).
fn without_time(s: &str) -> String {
    s.lines()
        .map(|l| match l.find(" level=") {
            Some(i) if l.starts_with("time=") => l[i + 1..].to_string(),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Nothing of container `id` is left on the host.
fn assert_clean(lab: &Lab, id: &str, bundle: &Path) {
    assert!(!lab.root().join(id).exists(), "state dir of {id} left");
    for h in [
        "memory", "pids", "cpu", "freezer", "devices", "blkio", "cpuacct", "cpuset", "unified",
        "systemd",
    ] {
        let d = Path::new("/sys/fs/cgroup").join(h).join(id);
        assert!(!d.exists(), "cgroup {} left", d.display());
    }
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    assert!(
        !mounts.contains(&bundle.display().to_string()),
        "a mount of {} is left on the host",
        bundle.display()
    );
    // No init process of ours survives (they run from the sealed memfd copy).
    for _ in 0..200 {
        let left = init_processes();
        if left.is_empty() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("init processes left: {:?}", init_processes());
}

fn init_processes() -> Vec<i32> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let zombie = stat
            .rsplit(')')
            .next()
            .is_some_and(|r| r.trim_start().starts_with('Z'));
        if exe.to_string_lossy().contains("atlas-runtime:[init]") && !zombie {
            out.push(pid);
        }
    }
    out
}

mod caps_errors;
mod cgroups;
mod conformance;
mod crash;
mod exec;
mod exec_errors;
mod fds;
mod hooks;
mod hostile;
mod lifecycle;
mod refusals;
mod seccomp;
mod trace;
mod tty;
mod update;
