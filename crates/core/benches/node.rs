//! The node a person types on (issue 15): how long one command takes on a
//! node with 100 pods, how much memory that world holds, and what one
//! step-back snapshot costs (time and bytes newly allocated).
//!
//! Targets: one command under 5 ms natively; the world under 10 MB; a
//! snapshot O(changes), not a copy of the world. The terminal (issue 16):
//! Tab completion under 5 ms, one second of a follow (`tick`) under 10 ms,
//! a 300-command session packed for a link under 50 ms and read back under
//! 10 ms. Prints each measure with
//! PASS or FAIL and exits 1 when a target is missed.
//!
//! `cargo xtask bench` or `cargo bench -p atlas-core --bench node`.

#![allow(unsafe_code)] // the counting allocator: the only way to weigh the world from outside

use atlas_core::command;
use atlas_core::config::Config;
use atlas_core::engine::World;
use atlas_core::sim::Sim;
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts the bytes live on the heap and the bytes ever allocated.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Ordering::Relaxed);
        ALLOCATED.fetch_add(l.size(), Ordering::Relaxed);
        // SAFETY: forwarded to the system allocator with the caller's layout.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        // SAFETY: p was allocated by `alloc` above with this layout.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if new >= l.size() {
            LIVE.fetch_add(new - l.size(), Ordering::Relaxed);
            ALLOCATED.fetch_add(new - l.size(), Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(l.size() - new, Ordering::Relaxed);
        }
        // SAFETY: as `alloc`.
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The commands a CKA candidate types on a busy node.
const COMMANDS: &[&str] = &[
    "crictl ps",
    "crictl ps -a | grep pod-42",
    "crictl inspect $(crictl ps -q --name pod-42) | grep pid",
    "crictl pods --name pod-7 -q",
    "kubectl get pods -o wide",
    "ps -ef | grep containerd-shim | wc -l",
    "systemctl status containerd --no-pager",
    "journalctl -u kubelet -n 20 --no-pager",
    "cat /etc/crictl.yaml",
    "ls -l /run/containerd",
];

fn busy_script() -> String {
    let mut script = String::new();
    for i in 0..100 {
        script.push_str(&format!("kubectl run pod-{i} --image=nginx\n"));
    }
    script.push_str("sleep 30\n");
    script
}

fn busy_node(history: bool) -> Sim {
    let mut sim = Sim::new(Config::default(), 1);
    if history {
        sim = sim.with_history();
    }
    sim.run_script(&busy_script()).expect("script");
    sim
}

/// The same node as a bare world (no record of the commands that made it).
fn busy_world() -> World {
    let mut w = World::new(Config::default(), 1);
    for line in busy_script().lines() {
        let cmd = command::parse(line).expect("parses");
        w.apply(&cmd);
        drop(w.take_hops());
    }
    w
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    // cargo bench passes `--bench`; nothing else is taken.
    let mut ok = true;
    let mut verdict = |pass: bool| {
        ok &= pass;
        if pass {
            "PASS"
        } else {
            "FAIL"
        }
    };

    let before = LIVE.load(Ordering::Relaxed);
    let sim = busy_node(true);
    let live = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    // The world alone, built on its own.
    let before = LIVE.load(Ordering::Relaxed);
    let world = black_box(busy_world());
    let world_bytes = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    println!(
        "node: a world with 100 pods holds {:.2} MB (target < 10 MB): {}",
        world_bytes as f64 / 1e6,
        verdict(world_bytes < 10_000_000)
    );
    println!(
        "node: the run that made it, with its history, holds {:.2} MB",
        live as f64 / 1e6
    );
    drop(world);

    let mut worst = Duration::ZERO;
    for cmd in COMMANDS {
        let mut times = Vec::new();
        let mut snap_bytes = Vec::new();
        for _ in 0..15 {
            let mut s = sim.clone();
            let a0 = ALLOCATED.load(Ordering::Relaxed);
            let t = Instant::now();
            black_box(s.run_line(cmd));
            times.push(t.elapsed());
            snap_bytes.push(ALLOCATED.load(Ordering::Relaxed) - a0);
        }
        let m = median(times);
        worst = worst.max(m);
        println!(
            "node: {:<58} {:>8.3} ms  ({} KB allocated, snapshot included)",
            cmd,
            m.as_secs_f64() * 1e3,
            snap_bytes.iter().min().copied().unwrap_or(0) / 1000
        );
    }
    println!(
        "node: slowest command median {:.3} ms (target < 5 ms): {}",
        worst.as_secs_f64() * 1e3,
        verdict(worst < Duration::from_millis(5))
    );

    // One step-back snapshot: what keeping the world after a command costs,
    // beyond the command itself (the same command with and without history).
    let plain = busy_node(false);
    let mut snap = Vec::new();
    for cmd in ["true", "crictl ps", "kubectl run extra --image=nginx"] {
        // Amortized over 32 runs: the history's vector grows by doubling.
        let cost = |sim: &Sim| {
            let mut s = sim.clone();
            let a0 = ALLOCATED.load(Ordering::Relaxed);
            for _ in 0..32 {
                black_box(s.run_line(cmd));
            }
            (ALLOCATED.load(Ordering::Relaxed) - a0) / 32
        };
        let with = cost(&sim);
        let without = cost(&plain);
        let extra = with.saturating_sub(without);
        println!(
            "node: snapshot after `{cmd}`: {} KB beyond the command's own {} KB",
            extra / 1000,
            without / 1000
        );
        snap.push(extra);
    }
    let worst_snap = snap.iter().copied().max().unwrap_or(0);
    println!(
        "node: the dearest snapshot is {} KB, {:.1}% of the {} KB world (target: O(changes), under 5%): {}",
        worst_snap / 1000,
        worst_snap as f64 * 100.0 / world_bytes.max(1) as f64,
        world_bytes / 1000,
        verdict(worst_snap * 20 < world_bytes.max(1))
    );

    // The terminal (issue 16): Tab, a follow's tick, the session's link.
    let mut term = Sim::new(Config::default(), 1).lean();
    term.run_script(&busy_script()).expect("script");
    let id = term
        .run_line("crictl ps -q --name pod-42")
        .record
        .stdout
        .trim()
        .to_string();
    let mut worst_tab = Duration::ZERO;
    for (line, want) in [
        ("cric", "crictl"),
        ("crictl ps --na", "--name"),
        (&format!("crictl inspect {}", &id[..3]) as &str, id.as_str()),
        ("kubectl logs pod-4", "pod-4"),
        ("cat /etc/cri", "/etc/crictl.yaml"),
        ("systemctl restart cont", "containerd.service"),
    ] {
        let mut times = Vec::new();
        let mut got = Vec::new();
        for _ in 0..15 {
            let t = Instant::now();
            let c = black_box(term.complete(line, line.chars().count()));
            times.push(t.elapsed());
            got = c.items;
        }
        let m = median(times);
        worst_tab = worst_tab.max(m);
        println!(
            "term: Tab after {:<40} {:>8.3} ms  ({} candidates)",
            format!("`{line}`"),
            m.as_secs_f64() * 1e3,
            got.len()
        );
        assert!(got.iter().any(|g| g.starts_with(want)), "{line}: {got:?}");
    }
    println!(
        "term: slowest completion on a 100-pod node {:.3} ms (target <= 5 ms): {}",
        worst_tab.as_secs_f64() * 1e3,
        verdict(worst_tab <= Duration::from_millis(5))
    );
    let mut worst_tick = Duration::ZERO;
    for follow in ["kubectl get pods -w", "journalctl -f", "crictl logs -f ID"] {
        let mut s = term.clone();
        s.run_line(&follow.replace("ID", &id));
        assert!(s.following(), "{follow}");
        let mut times = Vec::new();
        for _ in 0..15 {
            let t = Instant::now();
            black_box(s.tick(1000));
            times.push(t.elapsed());
        }
        let m = median(times);
        worst_tick = worst_tick.max(m);
        println!(
            "term: one second of `{follow}` {:>8.3} ms",
            m.as_secs_f64() * 1e3
        );
    }
    println!(
        "term: slowest tick on a 100-pod node {:.3} ms (target <= 10 ms): {}",
        worst_tick.as_secs_f64() * 1e3,
        verdict(worst_tick <= Duration::from_millis(10))
    );
    let entries: Vec<atlas_core::session::Entry> = (0..300)
        .map(|i| {
            atlas_core::session::Entry::Line(
                COMMANDS[i % COMMANDS.len()].replace("42", &(i % 100).to_string()),
            )
        })
        .collect();
    let mut enc = Vec::new();
    let mut dec = Vec::new();
    let mut packed = (String::new(), 0);
    for _ in 0..15 {
        let t = Instant::now();
        packed = black_box(atlas_core::session::encode(
            &entries,
            atlas_core::session::MAX_LINK_CHARS,
        ));
        enc.push(t.elapsed());
        let t = Instant::now();
        let back = black_box(atlas_core::session::decode(&packed.0));
        dec.push(t.elapsed());
        assert_eq!(back.as_ref().map(Vec::len), Ok(packed.1));
    }
    let (e, d) = (median(enc), median(dec));
    println!(
        "term: a 300-command session packs to {} chars ({} kept) in {:.3} ms (target <= 50 ms): {}",
        packed.0.len(),
        packed.1,
        e.as_secs_f64() * 1e3,
        verdict(e <= Duration::from_millis(50))
    );
    println!(
        "term: and reads back in {:.3} ms (target <= 10 ms): {}",
        d.as_secs_f64() * 1e3,
        verdict(d <= Duration::from_millis(10))
    );
    if !ok {
        std::process::exit(1);
    }
}
