//! The node a person types on (issue 15): how long one command takes on a
//! node with 100 pods, how much memory that world holds, and what one
//! step-back snapshot costs (time and bytes newly allocated).
//!
//! Targets: one command under 5 ms natively; the world under 10 MB; a
//! snapshot O(changes), not a copy of the world. Prints each measure with
//! PASS or FAIL and exits 1 when a target is missed.
//!
//! `cargo xtask bench` or `cargo bench -p atlas-core --bench node`.

#![allow(unsafe_code)] // the counting allocator: the only way to weigh the world from outside

use atlas_core::config::Config;
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

fn busy_node() -> Sim {
    let mut sim = Sim::new(Config::default(), 1).with_history();
    let mut script = String::new();
    for i in 0..100 {
        script.push_str(&format!("kubectl run pod-{i} --image=nginx\n"));
    }
    script.push_str("sleep 30\n");
    sim.run_script(&script).expect("script");
    sim
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
    let sim = busy_node();
    let live = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    // The world alone: the run's history (steps, hops, snapshots) dropped.
    let before = LIVE.load(Ordering::Relaxed);
    let world = black_box(sim.world().clone());
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

    // One step-back snapshot: what keeping the world after a command costs
    // beyond the command itself (a no-op builtin changes nothing).
    let mut s = sim.clone();
    let a0 = ALLOCATED.load(Ordering::Relaxed);
    let t = Instant::now();
    for _ in 0..10 {
        black_box(s.run_line("true"));
    }
    let per = (ALLOCATED.load(Ordering::Relaxed) - a0) / 10;
    let took = t.elapsed() / 10;
    let world_now = {
        let b = LIVE.load(Ordering::Relaxed);
        let w = black_box(s.world().clone());
        let n = LIVE.load(Ordering::Relaxed).saturating_sub(b);
        drop(w);
        n
    };
    println!(
        "node: a command that changes nothing, snapshot kept: {} KB allocated, {:.3} ms (the world is {} KB; target: far below it)",
        per / 1000,
        took.as_secs_f64() * 1e3,
        world_now / 1000
    );
    let o_changes = per * 20 < world_now.max(1);
    println!(
        "node: snapshot cost O(changes), under 5% of the world: {}",
        verdict(o_changes)
    );
    if !ok {
        std::process::exit(1);
    }
}
