//! The native runtime against the real ones, on a real machine.
//!
//! * [`interop_step`] (steps of `cargo xtask test`, one per [`Client`]): a real client
//!   drives `atlas-runtime`: Debian's containerd through its shim (`ctr run
//!   --runc-binary`) and Podman with conmon (`podman --runtime`), each with runc and
//!   crun first to prove the harness, and Docker Engine (`docker run --runtime
//!   atlas`) with runc first. The work is done by `crates/native/scripts/interop-*.sh` (the
//!   call-recording wrapper they share is `lib-interop.sh`); this reads their verdicts.
//! * [`bench_runtimes`] (a part of `cargo xtask bench`): `run` of `/bin/true` from a
//!   busybox-static bundle with runc, crun and atlas-runtime, paired and alternating
//!   in the same rounds; medians, p10/p90 and ratios against crun.
//!
//! Both need Linux and root; elsewhere they say SKIP and why.

use crate::util::{self, cargo, header, output, run};
use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// A real client of OCI runtimes, driven by its interop script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    /// containerd 1.6 and `ctr`, through containerd-shim-runc-v2.
    Containerd,
    /// Docker Engine 20.10 (dockerd with its own containerd and shim).
    Docker,
    /// Podman 4.3 with conmon.
    Podman,
}

impl Client {
    pub const ALL: [Client; 3] = [Client::Containerd, Client::Docker, Client::Podman];

    /// Its name on the command line (`cargo xtask interop NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Client::Containerd => "containerd",
            Client::Docker => "docker",
            Client::Podman => "podman",
        }
    }

    pub fn from_name(name: &str) -> Option<Client> {
        Client::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The interop script, relative to the repository root.
    pub fn script(self) -> &'static str {
        match self {
            Client::Containerd => "crates/native/scripts/interop-containerd.sh",
            Client::Docker => "crates/native/scripts/interop-docker.sh",
            Client::Podman => "crates/native/scripts/interop-podman.sh",
        }
    }

    /// The reference runtimes that prove the harness before atlas-runtime runs, with
    /// the script options each needs.
    fn harness(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            // crun 1.8 refuses hybrid cgroup hosts unless cgroup2 is hidden (LOCAL-LAB.md).
            Client::Containerd | Client::Podman => &[(RUNC, &[]), (CRUN, &["--hide-cgroup2"])],
            Client::Docker => &[(RUNC, &[])],
        }
    }

    /// The script options for every runtime (the containerd script records calls on
    /// request; the others always do).
    fn options(self) -> &'static [&'static str] {
        match self {
            Client::Containerd => &["--trace-calls"],
            Client::Docker | Client::Podman => &[],
        }
    }
}

/// Whether atlas-runtime itself must pass the interop test for the step to pass.
/// It does: containerd's shim drives it through run, exec, ps, pause, resume, kill and
/// delete. (While the runtime was being built, `false` reported its failure as
/// EXPECTED-FAIL and let the step pass on runc and crun alone.)
pub const ATLAS_RUNTIME_MUST_PASS: bool = true;

/// The script's exit code for "this machine cannot run it".
const EXIT_SKIP: i32 = 77;

/// Limit for one run of an interop script (each limits every client call to 60 s):
/// a hang costs at most this per runtime, never the CI budget.
const INTEROP_LIMIT: Duration = Duration::from_secs(300);

const RUNC: &str = "/usr/sbin/runc";
const CRUN: &str = "/usr/bin/crun";
const BUSYBOX: &str = "/bin/busybox";

/// The last line of the interop script: its verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Pass(String),
    Fail(String),
    Skip(String),
}

impl Verdict {
    /// Reads the verdict from the script's output and exit code; the two must agree.
    pub fn parse(out: &str, code: Option<i32>) -> Verdict {
        let last = out
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let v = if let Some(m) = last.strip_prefix("PASS: ") {
            Verdict::Pass(m.to_string())
        } else if let Some(m) = last.strip_prefix("SKIP: ") {
            Verdict::Skip(m.to_string())
        } else if let Some(m) = last.strip_prefix("FAIL: ") {
            Verdict::Fail(m.to_string())
        } else {
            return Verdict::Fail(format!(
                "the script gave no verdict (exit {}); its last line: {last:?}",
                code.map_or("by signal".into(), |c| c.to_string())
            ));
        };
        match (&v, code) {
            (Verdict::Pass(_), Some(0))
            | (Verdict::Skip(_), Some(EXIT_SKIP))
            | (Verdict::Fail(_), Some(1)) => v,
            _ => Verdict::Fail(format!(
                "verdict {last:?} but exit {}",
                code.map_or("by signal".into(), |c| c.to_string())
            )),
        }
    }
}

/// Runs a client's interop script for one runtime, echoing its output as it comes.
fn interop(client: Client, runtime: &Path, extra: &[&str]) -> Result<(Verdict, String)> {
    let script = util::root().join(client.script());
    let mut c = Command::new("bash");
    // Every runtime behind the same recording wrapper: the client's calls are printed.
    c.arg(&script).args(client.options()).args(extra);
    c.arg(runtime);
    println!("$ {}", util::display(&c));
    let (reader, writer) = std::io::pipe().context("could not make a pipe")?;
    c.stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer);
    let mut child = c
        .spawn()
        .with_context(|| format!("could not start {}", script.display()))?;
    drop(c); // our copies of the pipe's write end, so that EOF comes
             // The lines as they come; `done` says EOF (every holder of the pipe has gone).
    let (line_tx, lines) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines() {
            let Ok(line) = line else { break };
            println!("    {line}");
            if line_tx.send(line).is_err() {
                break;
            }
        }
    });
    let status = wait_or_terminate(&mut child, INTEROP_LIMIT)?;
    // A stray grandchild could hold the pipe open: read until EOF, but not forever.
    let mut out = String::new();
    let until = Instant::now() + Duration::from_secs(10);
    while let Ok(line) = lines.recv_timeout(until.saturating_duration_since(Instant::now())) {
        out.push_str(&line);
        out.push('\n');
    }
    let verdict = match status {
        Some(s) => Verdict::parse(&out, s.code()),
        None => Verdict::Fail(format!(
            "the script did not finish within {} s and was stopped",
            INTEROP_LIMIT.as_secs()
        )),
    };
    Ok((verdict, out))
}

/// Waits for a child; after `limit`, SIGTERM (so the script tears down), then SIGKILL.
/// `None` when it had to be stopped.
fn wait_or_terminate(child: &mut Child, limit: Duration) -> Result<Option<ExitStatus>> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(s) = child.try_wait()? {
            return Ok(Some(s));
        }
        if Instant::now() >= deadline {
            let _ = output(Command::new("kill").args(["-TERM", &child.id().to_string()]));
            let grace = Instant::now() + Duration::from_secs(20);
            while Instant::now() < grace {
                if child.try_wait()?.is_some() {
                    return Ok(None);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether we run as root (the interop test and the benchmark need it).
fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0")
}

/// Builds atlas-runtime; its path, or why it could not be built.
fn build_atlas_runtime(release: bool) -> std::result::Result<PathBuf, String> {
    let mut c = cargo();
    c.args(["build", "-p", "atlas-native", "--bin", "atlas-runtime"]);
    if release {
        c.arg("--release");
    }
    run(&mut c).map_err(|e| format!("{e:#}"))?;
    let bin = crate::dist::target_dir()
        .join(if release { "release" } else { "debug" })
        .join("atlas-runtime");
    if util::is_executable(&bin) {
        Ok(bin)
    } else {
        Err(format!(
            "the build succeeded but {} is missing",
            bin.display()
        ))
    }
}

/// The `cargo xtask test` step of one client: the reference runtimes must pass (the
/// harness is sound), then atlas-runtime; see [`ATLAS_RUNTIME_MUST_PASS`].
pub fn interop_step(client: Client) -> Result<()> {
    let what = format!("the {} interop test", client.name());
    if !cfg!(target_os = "linux") {
        println!("SKIP: {what} needs Linux");
        return Ok(());
    }
    if !is_root() {
        println!("SKIP: {what} needs root (daemons, mounts, cgroups)");
        return Ok(());
    }
    // The script prints its own verdict line; this adds one line for the step.
    let mut proved = Vec::new();
    for (i, (reference, extra)) in client.harness().iter().enumerate() {
        let who = Path::new(reference)
            .file_name()
            .map_or(*reference, |n| n.to_str().unwrap_or(reference));
        header(&format!(
            "{} interop: {who} (the harness, with a reference runtime)",
            client.name()
        ));
        match interop(client, Path::new(reference), extra)?.0 {
            Verdict::Pass(_) => proved.push(who),
            Verdict::Skip(why) if i == 0 => {
                println!("SKIP: {what} cannot run here: {why}");
                return Ok(());
            }
            Verdict::Skip(why) => bail!("{who}: the harness skipped after runc ran: {why}"),
            Verdict::Fail(m) => bail!("the {} harness fails with {who} itself: {m}", client.name()),
        }
    }

    header(&format!("{} interop: atlas-runtime", client.name()));
    let verdict = match build_atlas_runtime(false) {
        Ok(bin) => interop(client, &bin, &[])?.0,
        Err(why) => Verdict::Fail(format!("atlas-runtime could not be built: {why}")),
    };
    let proved = proved.join(" and ");
    match verdict {
        Verdict::Pass(_) => {
            println!(
                "{} interop: PASS with {proved} and atlas-runtime",
                client.name()
            );
            Ok(())
        }
        Verdict::Fail(m) | Verdict::Skip(m) if ATLAS_RUNTIME_MUST_PASS => {
            bail!("atlas-runtime fails {what}: {m}")
        }
        Verdict::Fail(m) | Verdict::Skip(m) => {
            println!(
                "{} interop: PASS with {proved}; EXPECTED-FAIL with atlas-runtime: {m}\n  \
                 (its whole output is above; set ATLAS_RUNTIME_MUST_PASS in \
                 xtask/src/native.rs to require it)",
                client.name()
            );
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------------
// The paired benchmark.

/// Measured rounds (after [`WARMUPS`]); `ATLAS_RUNTIME_BENCH_ROUNDS` overrides.
const ROUNDS: usize = 30;
const WARMUPS: usize = 3;
/// Limit for one `run` of /bin/true (they take tens of milliseconds).
const RUN_LIMIT: Duration = Duration::from_secs(30);

/// The order of `k` contestants in round `r`: rotations, reversed every other cycle,
/// so that over `2k` rounds each one runs first, last and after each other as often.
pub fn round_order(r: usize, k: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..k).map(|i| (i + r) % k).collect();
    if (r / k) % 2 == 1 {
        order.reverse();
    }
    order
}

/// Median, p10 and p90 (nearest rank) of a sample, in its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub median: f64,
    pub p10: f64,
    pub p90: f64,
}

pub fn summarize(sample: &[f64]) -> Option<Summary> {
    if sample.is_empty() {
        return None;
    }
    let mut s = sample.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    let median = if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    };
    let rank = |q: f64| s[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
    Some(Summary {
        n,
        median,
        p10: rank(0.10),
        p90: rank(0.90),
    })
}

/// The ratios `a / b` of the rounds where both have a time.
pub fn paired_ratios(a: &[(usize, f64)], b: &[(usize, f64)]) -> Vec<f64> {
    a.iter()
        .filter_map(|&(r, x)| b.iter().find(|&&(rb, _)| rb == r).map(|&(_, y)| x / y))
        .collect()
}

/// The `runc spec` config made to run `/bin/true` without a terminal.
pub fn true_config(spec: &str) -> Result<String> {
    let mut v: serde_json::Value =
        serde_json::from_str(spec).context("the config of `runc spec` is not JSON")?;
    let process = v
        .get_mut("process")
        .and_then(|p| p.as_object_mut())
        .context("the config of `runc spec` has no process object")?;
    process.insert("terminal".into(), false.into());
    process.insert("args".into(), serde_json::json!(["/bin/true"]));
    Ok(serde_json::to_string_pretty(&v)?)
}

/// A busybox-static rootfs in `bundle/rootfs` and the config of `runc spec` for /bin/true.
fn make_bundle(bundle: &Path) -> Result<()> {
    let bin = bundle.join("rootfs/bin");
    std::fs::create_dir_all(&bin)?;
    std::fs::copy(BUSYBOX, bin.join("busybox"))
        .with_context(|| format!("could not copy {BUSYBOX}"))?;
    for app in ["sh", "true", "echo", "sleep", "cat"] {
        std::os::unix::fs::symlink("busybox", bin.join(app))?;
    }
    run(Command::new(RUNC).args(["spec", "--bundle"]).arg(bundle))?;
    let path = bundle.join("config.json");
    let spec = std::fs::read_to_string(&path)?;
    std::fs::write(&path, true_config(&spec)?)?;
    Ok(())
}

/// A process holding a private mount namespace open (`nsenter --mount=` joins it);
/// with `hide_cgroup2`, an empty tmpfs covers /sys/fs/cgroup/unified in it.
struct NsHolder {
    child: Child,
}

impl NsHolder {
    fn start(hide_cgroup2: bool) -> Result<NsHolder> {
        let script = if hide_cgroup2 {
            "mount -t tmpfs none /sys/fs/cgroup/unified && echo ready && exec sleep infinity"
        } else {
            "echo ready && exec sleep infinity"
        };
        // setpriv --pdeathsig: the holder dies with the xtask, even a killed one
        // (the flag survives the execs of unshare, sh and sleep: one process).
        let mut child = Command::new("setpriv")
            .args([
                "--pdeathsig",
                "KILL",
                "unshare",
                "-m",
                "--propagation",
                "private",
            ])
            .args(["sh", "-c", script])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("could not start setpriv (util-linux)")?;
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            BufReader::new(out).read_line(&mut line)?;
        }
        if line.trim() != "ready" {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            let _ = child.kill();
            let _ = child.wait();
            bail!("could not set up a private mount namespace: {}", err.trim());
        }
        Ok(NsHolder { child })
    }

    fn ns(&self) -> String {
        format!("--mount=/proc/{}/ns/mnt", self.child.id())
    }
}

impl Drop for NsHolder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// atlas-runtime in crun's namespace (cgroup2 hidden): the like-for-like comparison.
const ATLAS_HIDDEN: &str = "atlas-runtime in crun ns";

/// One contestant: what runs, and in which namespace.
struct Contestant {
    name: &'static str,
    /// In container ids and file names.
    slug: &'static str,
    /// The runtime binary; `None` for the wrapper alone (`nsenter … /bin/true`).
    runtime: Option<PathBuf>,
    /// Index into the holders.
    holder: usize,
    times_ms: Vec<f64>,
    /// (round, ms) of the successful measured runs, for paired ratios.
    by_round: Vec<(usize, f64)>,
    failures: usize,
    first_failure: Option<String>,
    ids: Vec<(String, PathBuf)>,
}

/// Times one `run`; the run's output goes to a file (the container inherits stdio).
fn time_one(
    c: &Contestant,
    ns: &str,
    work: &Path,
    bundle: &Path,
    tag: &str,
) -> Result<(f64, String, PathBuf, std::result::Result<(), String>)> {
    let id = format!("atlas-bench-{}-{tag}-{}", c.slug, std::process::id());
    let root = work.join("roots").join(&id);
    let log = work.join("logs").join(format!("{id}.log"));
    let file = File::create(&log).with_context(|| format!("could not create {}", log.display()))?;
    let mut cmd = Command::new("nsenter");
    cmd.arg(ns).arg("--");
    match &c.runtime {
        Some(rt) => {
            cmd.arg(rt)
                .arg("--root")
                .arg(&root)
                .args(["run", "--bundle"])
                .arg(bundle)
                .arg(&id);
        }
        None => {
            cmd.arg("/bin/true");
        }
    }
    cmd.stdin(Stdio::null())
        .stdout(file.try_clone()?)
        .stderr(file);
    let t = Instant::now();
    let status = match cmd.spawn() {
        Ok(mut child) => {
            // A watchdog, so that a hung runtime cannot hold the benchmark: nsenter
            // execs the runtime, so its pid is the runtime's.
            let (done, finished) = std::sync::mpsc::channel::<()>();
            let pid = child.id().to_string();
            let watchdog = std::thread::spawn(move || {
                let timed_out = finished.recv_timeout(RUN_LIMIT).is_err();
                if timed_out {
                    let _ = output(Command::new("kill").args(["-KILL", &pid]));
                }
                timed_out
            });
            let status = child.wait();
            let _ = done.send(());
            if watchdog.join().unwrap_or(false) {
                Err(std::io::Error::other(format!(
                    "killed after {} s",
                    RUN_LIMIT.as_secs()
                )))
            } else {
                status
            }
        }
        Err(e) => Err(e),
    };
    let ms = t.elapsed().as_secs_f64() * 1e3;
    let result = match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!(
            "`{}` exited with {s}: {}",
            util::display(&cmd),
            std::fs::read_to_string(&log).unwrap_or_default().trim()
        )),
        Err(e) => Err(format!("`{}`: {e}", util::display(&cmd))),
    };
    Ok((ms, id, root, result))
}

/// What a container left behind: cgroup directories named after its id (anywhere in the
/// first two levels of each hierarchy) and its state directory under `--root`.
fn leftovers(id: &str, root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if root.join(id).exists() {
        found.push(root.join(id));
    }
    let Ok(hierarchies) = std::fs::read_dir("/sys/fs/cgroup") else {
        return found;
    };
    for h in hierarchies.flatten() {
        let h = h.path();
        let mut dirs = vec![h.join(id)];
        if let Ok(children) = std::fs::read_dir(&h) {
            dirs.extend(children.flatten().map(|c| c.path().join(id)));
        }
        found.extend(dirs.into_iter().filter(|d| d.is_dir()));
    }
    found
}

/// The paired runtime benchmark of `cargo xtask bench`. Fails when atlas-runtime is
/// slower than crun (median), or could not be measured; SKIPs (Ok) where the machine
/// cannot run it.
pub fn bench_runtimes() -> Result<()> {
    header("bench: runtimes (runc, crun, atlas-runtime run /bin/true, paired)");
    if !cfg!(target_os = "linux") || !is_root() {
        println!("SKIP: the runtime benchmark needs Linux and root");
        return Ok(());
    }
    let missing: Vec<&str> = [RUNC, CRUN, BUSYBOX]
        .into_iter()
        .filter(|p| !util::is_executable(Path::new(p)))
        .chain(
            ["setpriv", "unshare", "nsenter"]
                .into_iter()
                .filter(|t| util::which(t).is_none()),
        )
        .collect();
    if !missing.is_empty() {
        println!(
            "SKIP: the runtime benchmark needs {} (cargo xtask setup --browser installs them)",
            missing.join(", ")
        );
        return Ok(());
    }
    let rounds = match std::env::var("ATLAS_RUNTIME_BENCH_ROUNDS") {
        Ok(v) => v
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .with_context(|| format!("ATLAS_RUNTIME_BENCH_ROUNDS={v:?} is not a count"))?,
        Err(_) => ROUNDS,
    };

    let atlas = build_atlas_runtime(true);
    remove_stale_runs();
    let work = std::env::temp_dir().join(format!("atlas-runtime-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("logs"))?;
    std::fs::create_dir_all(work.join("roots"))?;
    let result = bench_in(&work, rounds, atlas);
    if let Err(e) = std::fs::remove_dir_all(&work) {
        println!("note: could not remove {}: {e}", work.display());
    }
    result
}

fn bench_in(work: &Path, rounds: usize, atlas: std::result::Result<PathBuf, String>) -> Result<()> {
    // Every run goes through the same wrapper, `nsenter --mount=NS --`, so that crun's
    // private namespace (cgroup2 hidden: crun 1.8 refuses hybrid hosts) costs the others
    // the same; the wrapper alone is measured too, in the same rounds.
    let plain = match NsHolder::start(false) {
        Ok(h) => h,
        Err(e) => {
            println!("SKIP: the runtime benchmark cannot run here: {e:#}");
            return Ok(());
        }
    };
    let holders = [plain, NsHolder::start(true)?];
    let bundle = work.join("bundle");
    make_bundle(&bundle)?;
    let contestant = |name, slug, runtime, holder| Contestant {
        name,
        slug,
        runtime,
        holder,
        times_ms: Vec::new(),
        by_round: Vec::new(),
        failures: 0,
        first_failure: None,
        ids: Vec::new(),
    };
    let mut all = vec![
        contestant("runc", "runc", Some(PathBuf::from(RUNC)), 0),
        contestant("crun", "crun", Some(PathBuf::from(CRUN)), 1),
    ];
    let atlas_out = match atlas {
        Ok(bin) => {
            all.push(contestant("atlas-runtime", "atlas", Some(bin.clone()), 0));
            // Like for like with crun: the same namespace, cgroup2 hidden.
            all.push(contestant(ATLAS_HIDDEN, "atlas-h", Some(bin), 1));
            None
        }
        Err(why) => Some(format!("not built: {why}")),
    };
    all.push(contestant("nsenter /bin/true", "wrapper", None, 0));
    let mut dropped: Vec<(&'static str, String)> = Vec::new();
    if let Some(why) = atlas_out {
        dropped.push(("atlas-runtime", why));
    }

    println!(
        "{WARMUPS} warm-up rounds, then {rounds} measured; the order alternates every round; \
         bundle {} (runc spec, /bin/true, no terminal); a fresh --root per run",
        bundle.display()
    );
    for r in 0..WARMUPS + rounds {
        let warm = r < WARMUPS;
        let k = all.len();
        let mut remove = Vec::new();
        for i in round_order(r, k) {
            let c = &all[i];
            let tag = if warm {
                format!("w{r}")
            } else {
                format!("{r}")
            };
            let (ms, id, root, result) = time_one(c, &holders[c.holder].ns(), work, &bundle, &tag)?;
            let c = &mut all[i];
            c.ids.push((id, root));
            match result {
                Ok(()) if !warm => {
                    c.times_ms.push(ms);
                    c.by_round.push((r, ms));
                }
                Ok(()) => {}
                Err(e) => {
                    c.failures += 1;
                    if c.first_failure.is_none() {
                        println!("{}: a run failed: {e}", c.name);
                        c.first_failure = Some(e);
                    }
                    // A contestant that fails its warm-up is not measured.
                    if warm {
                        remove.push(i);
                    }
                }
            }
        }
        remove.sort_unstable();
        for i in remove.into_iter().rev() {
            let c = all.remove(i);
            let why = c.first_failure.clone().unwrap_or_default();
            clean_up(&c);
            if c.name == "runc" || c.name == "crun" {
                bail!("{} fails to run the benchmark's bundle: {why}", c.name);
            }
            dropped.push((c.name, format!("its warm-up run failed: {why}")));
        }
    }

    let mut left_total = 0;
    for c in &all {
        left_total += clean_up(c);
    }

    header("bench: runtimes summary");
    let crun = all
        .iter()
        .find(|c| c.name == "crun")
        .and_then(|c| summarize(&c.times_ms));
    println!(
        "{:<24} {:>4} {:>10} {:>10} {:>10} {:>9}  failed",
        "run /bin/true", "n", "median", "p10", "p90", "÷ crun"
    );
    let mut atlas_median = None;
    for c in &all {
        let Some(s) = summarize(&c.times_ms) else {
            println!("{:<24} no successful run", c.name);
            continue;
        };
        let ratio = match (crun, &c.runtime) {
            (Some(k), Some(_)) => format!("{:.2}x", s.median / k.median),
            _ => "-".to_string(),
        };
        println!(
            "{:<24} {:>4} {:>7.2} ms {:>7.2} ms {:>7.2} ms {:>9}  {}",
            c.name, s.n, s.median, s.p10, s.p90, ratio, c.failures
        );
        if c.name == "atlas-runtime" {
            atlas_median = Some(s.median);
        }
    }
    println!(
        "every figure includes the wrapper (`nsenter --mount=… --`, the last line); \
         crun's namespace hides cgroup2 (crun 1.8 refuses this host's hybrid layout otherwise), \
         runc's and atlas-runtime's keep the host's layout; `{ATLAS_HIDDEN}` runs in crun's; \
         the target compares atlas-runtime in the host's layout with crun"
    );
    // Paired: each round's ratio to crun's run of the same round, which met the same
    // moment of the machine; less noisy than the ratio of medians on a busy host.
    if let Some(crun_runs) = all.iter().find(|c| c.name == "crun") {
        for c in all
            .iter()
            .filter(|c| c.runtime.is_some() && c.name != "crun")
        {
            let ratios = paired_ratios(&c.by_round, &crun_runs.by_round);
            if let Some(s) = summarize(&ratios) {
                println!(
                    "paired {:<25} median of per-round ratios to crun {:.2}x (p10 {:.2}x, p90 {:.2}x, {} rounds)",
                    c.name, s.median, s.p10, s.p90, s.n
                );
            }
        }
    }
    if left_total > 0 {
        println!(
            "{left_total} leftover(s) (state dirs or cgroups) were found and removed; see above"
        );
    }
    for (name, why) in &dropped {
        println!("{name}: NOT MEASURED: {why}");
    }

    let Some(crun) = crun else {
        bail!("crun has no successful run to compare with");
    };
    // The verdict is printed here too: a later failure of the bench (the dist budget)
    // must not hide it.
    let fail = |m: String| {
        println!("FAIL: {m}");
        Err(anyhow::anyhow!(m))
    };
    match atlas_median {
        Some(a) if a <= crun.median => {
            println!(
                "PASS: atlas-runtime median {a:.2} ms ≤ crun median {:.2} ms",
                crun.median
            );
            Ok(())
        }
        Some(a) => fail(format!(
            "SLOWER THAN CRUN: atlas-runtime median {a:.2} ms > crun median {:.2} ms ({:.2}x)",
            crun.median,
            a / crun.median
        )),
        None => fail(format!(
            "atlas-runtime could not be measured, so its target (median ≤ crun's {:.2} ms) is not met",
            crun.median
        )),
    }
}

/// The pid at the end of a name such as `atlas-runtime-bench-123` or
/// `atlas-bench-runc-7-123`, when `prefix` starts it.
pub fn owner_pid(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?;
    rest.rsplit('-').next()?.parse().ok()
}

/// A benchmark killed outright (SIGKILL) cannot clean up: the next one removes its
/// temp dir and its containers' empty cgroups, once its process is gone.
fn remove_stale_runs() {
    let dead = |pid: u32| !Path::new(&format!("/proc/{pid}")).exists();
    let tmp = std::env::temp_dir();
    let mut stale: Vec<PathBuf> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&tmp) {
        stale.extend(entries.flatten().map(|e| e.path()).filter(|p| {
            p.file_name()
                .and_then(|n| owner_pid(&n.to_string_lossy(), "atlas-runtime-bench-"))
                .is_some_and(dead)
        }));
    }
    let hierarchies = std::fs::read_dir("/sys/fs/cgroup").into_iter().flatten();
    for h in hierarchies.flatten() {
        if let Ok(entries) = std::fs::read_dir(h.path()) {
            stale.extend(entries.flatten().map(|e| e.path()).filter(|p| {
                p.file_name()
                    .and_then(|n| owner_pid(&n.to_string_lossy(), "atlas-bench-"))
                    .is_some_and(dead)
            }));
        }
    }
    for p in stale {
        let removed = if p.starts_with("/sys/fs/cgroup") {
            std::fs::remove_dir(&p)
        } else {
            std::fs::remove_dir_all(&p)
        };
        match removed {
            Ok(()) => println!(
                "removed {}, left by a benchmark that was killed",
                p.display()
            ),
            Err(e) => println!(
                "could not remove {}, left by a killed benchmark: {e}",
                p.display()
            ),
        }
    }
}

/// Removes what a contestant's runs left behind (they should leave nothing: `run`
/// deletes the container); returns how many leftovers there were.
fn clean_up(c: &Contestant) -> usize {
    let mut count = 0;
    for (id, root) in &c.ids {
        for p in leftovers(id, root) {
            count += 1;
            println!("{}: left behind {}", c.name, p.display());
            let removed = if p.starts_with("/sys/fs/cgroup") {
                std::fs::remove_dir(&p)
            } else {
                std::fs::remove_dir_all(&p)
            };
            if let Err(e) = removed {
                println!("  could not remove it: {e}");
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_need_the_matching_exit_code() {
        let out = "interop: ...\nPASS: runc: it arrived\n";
        assert_eq!(
            Verdict::parse(out, Some(0)),
            Verdict::Pass("runc: it arrived".into())
        );
        assert!(matches!(Verdict::parse(out, Some(1)), Verdict::Fail(_)));
        assert_eq!(
            Verdict::parse("SKIP: needs root\n", Some(77)),
            Verdict::Skip("needs root".into())
        );
        assert_eq!(
            Verdict::parse("x\nFAIL: crun: no output\n\n", Some(1)),
            Verdict::Fail("crun: no output".into())
        );
        let Verdict::Fail(m) = Verdict::parse("it crashed\n", None) else {
            panic!("no verdict must be a failure");
        };
        assert!(m.contains("no verdict") && m.contains("it crashed"), "{m}");
    }

    #[test]
    fn round_orders_are_balanced() {
        for k in 2..=4 {
            let mut first = vec![0; k];
            let mut last = vec![0; k];
            for r in 0..2 * k {
                let o = round_order(r, k);
                let mut sorted = o.clone();
                sorted.sort_unstable();
                assert_eq!(sorted, (0..k).collect::<Vec<_>>(), "round {r} of {k}");
                first[o[0]] += 1;
                last[o[k - 1]] += 1;
            }
            assert!(first.iter().all(|&n| n == 2), "k={k} first={first:?}");
            assert!(last.iter().all(|&n| n == 2), "k={k} last={last:?}");
        }
        // Three contestants: every one of the six orders in six rounds.
        let mut seen: Vec<Vec<usize>> = (0..6).map(|r| round_order(r, 3)).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 6);
    }

    #[test]
    fn summaries() {
        assert_eq!(summarize(&[]), None);
        let s = summarize(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((s.n, s.median, s.p10, s.p90), (3, 2.0, 1.0, 3.0));
        let ten: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let s = summarize(&ten).unwrap();
        assert_eq!((s.median, s.p10, s.p90), (5.5, 1.0, 9.0));
    }

    #[test]
    fn stale_names_give_their_owner() {
        assert_eq!(
            owner_pid("atlas-runtime-bench-123", "atlas-runtime-bench-"),
            Some(123)
        );
        assert_eq!(
            owner_pid("atlas-bench-atlas-h-w0-77", "atlas-bench-"),
            Some(77)
        );
        assert_eq!(owner_pid("atlas-bench-runc-3-x", "atlas-bench-"), None);
        assert_eq!(owner_pid("atlas-interop.abc", "atlas-runtime-bench-"), None);
    }

    #[test]
    fn paired_ratios_match_rounds() {
        let a = [(3, 10.0), (4, 30.0), (6, 5.0)];
        let b = [(3, 20.0), (4, 10.0), (5, 1.0)];
        assert_eq!(paired_ratios(&a, &b), vec![0.5, 3.0]);
        assert!(paired_ratios(&a, &[]).is_empty());
    }

    #[test]
    fn the_bench_config_runs_true_without_a_terminal() {
        // The shape of `runc spec`'s output (runtime-outputs/config.default.json).
        let spec = r#"{"ociVersion":"1.0.2-dev","process":{"terminal":true,"user":{"uid":0,"gid":0},
            "args":["sh"],"cwd":"/"},"root":{"path":"rootfs","readonly":true},"hostname":"runc"}"#;
        let v: serde_json::Value = serde_json::from_str(&true_config(spec).unwrap()).unwrap();
        assert_eq!(v["process"]["terminal"], false);
        assert_eq!(v["process"]["args"], serde_json::json!(["/bin/true"]));
        assert_eq!(v["process"]["cwd"], "/");
        assert_eq!(v["root"]["path"], "rootfs");
        assert!(true_config("{}").is_err());
        assert!(true_config("not json").is_err());
    }

    #[test]
    fn a_state_dir_left_under_the_root_is_found() {
        let root =
            std::env::temp_dir().join(format!("atlas-xtask-leftovers-{}", std::process::id()));
        let id = format!("atlas-bench-test-{}", std::process::id());
        std::fs::create_dir_all(root.join(&id)).unwrap();
        let found = leftovers(&id, &root);
        assert!(found.contains(&root.join(&id)), "{found:?}");
        std::fs::remove_dir_all(&root).unwrap();
        assert!(leftovers(&id, &root).is_empty());
    }

    #[test]
    fn the_interop_scripts_parse_and_refuse_bad_usage() {
        let lib = util::root().join("crates/native/scripts/lib-interop.sh");
        for script in Client::ALL
            .map(|c| util::root().join(c.script()))
            .into_iter()
            .chain([lib])
        {
            let syntax = Command::new("bash")
                .arg("-n")
                .arg(&script)
                .status()
                .unwrap();
            assert!(syntax.success(), "bash -n {}", script.display());
        }
        for client in Client::ALL {
            let script = util::root().join(client.script());
            assert!(util::is_executable(&script), "{}", script.display());
            assert_eq!(Client::from_name(client.name()), Some(client));
            let usage = Command::new("bash")
                .arg(&script)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert_eq!(
                usage.code(),
                Some(2),
                "{}: no runtime given is a usage error",
                script.display()
            );
        }
    }

    /// The wrapper every script puts between the client and the runtime: it records
    /// argv, exit code, update's stdin and exec's --process JSON, prints nothing on
    /// stdout, and passes the runtime's stdout, stdin and exit code through.
    #[test]
    fn the_call_recording_wrapper_records_and_passes_through() {
        let dir = std::env::temp_dir().join(format!("atlas-xtask-wrapper-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // A fake runtime: prints its stdin and argv, fails `kill` with runc's words.
        let fake = dir.join("fake-runtime");
        std::fs::write(
            &fake,
            "#!/bin/sh\ncase \" $* \" in *\" kill \"*) echo 'container not running' >&2; exit 1;; esac\n\
             case \" $* \" in *\" update \"*) cat;; esac\necho \"out: $*\"\nexit 0\n",
        )
        .unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::fs::write(dir.join("process.json"), "{\"args\": [\"/bin/echo\"]}\n").unwrap();
        let lib = util::root().join("crates/native/scripts/lib-interop.sh");
        let sh = |script: &str, input: &str| {
            let mut child = Command::new("bash")
                .arg("-c")
                .arg(script)
                .arg("bash")
                .arg(&lib)
                .arg(&fake)
                .arg(&dir)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
            child.wait_with_output().unwrap()
        };
        let made = sh(
            ". \"$1\"; interop_wrapper \"$2\" \"$3\" && echo \"$wrapper\"",
            "",
        );
        assert!(made.status.success(), "{made:?}");
        let wrapper = String::from_utf8(made.stdout).unwrap().trim().to_string();
        let call = |args: &str, input: &str| sh(&format!("{wrapper} {args}"), input);
        let update = call("--root R update -r - ID", "{\"memory\":{\"limit\":1}}");
        assert!(update.status.success(), "{update:?}");
        assert_eq!(
            String::from_utf8_lossy(&update.stdout),
            "{\"memory\":{\"limit\":1}}out: --root R update -r - ID\n",
            "the runtime's stdout and stdin pass through, the wrapper adds nothing"
        );
        let exec = call(
            &format!("exec --process {}/process.json ID", dir.display()),
            "",
        );
        assert!(exec.status.success());
        let kill = call("kill ID 9", "");
        assert_eq!(kill.status.code(), Some(1), "the exit code passes through");
        assert_eq!(
            String::from_utf8_lossy(&kill.stderr),
            "container not running\n"
        );
        let shown = sh(". \"$1\"; dir=$3; name=fake-runtime; show_calls test", "");
        let shown = String::from_utf8(shown.stdout).unwrap();
        for want in [
            "---- test's calls to fake-runtime",
            "$ fake-runtime --root R update -r - ID",
            "  stdin: {\"memory\":{\"limit\":1}}",
            "  --process: {\"args\": [\"/bin/echo\"]}",
            "$ fake-runtime kill ID 9",
            "  exit 1 after ",
            "  stderr: container not running",
        ] {
            assert!(shown.contains(want), "{want:?} is not in:\n{shown}");
        }
        let order: Vec<usize> = ["update", "exec", "kill"]
            .iter()
            .map(|v| {
                shown
                    .find(&format!("fake-runtime {v}"))
                    .or_else(|| shown.find(&format!("R {v}")))
                    .unwrap()
            })
            .collect();
        assert!(
            order.windows(2).all(|w| w[0] < w[1]),
            "calls in order:\n{shown}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
