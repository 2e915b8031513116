//! Issue 16: a terminal's session (`Sim::lean`) keeps no past steps and no
//! process tables, so the memory it holds does not grow with the commands
//! typed beyond the world's own state. Measured with a counting allocator
//! (live bytes); `--nocapture` prints the numbers.

#![allow(unsafe_code)] // the counting allocator: the only way to weigh a session from outside

use atlas_core::config::Config;
use atlas_core::sim::Sim;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counter only adds up the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's layout is passed on as given.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the pointer came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: as `realloc`'s contract, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// A node with `pods` pods, as the bench sets it up.
fn node(lean: bool, pods: usize) -> Sim {
    let mut s = Sim::new(Config::default(), 1);
    if lean {
        s = s.lean();
    } else {
        s = s.with_processes();
    }
    for i in 0..pods {
        s.run_line(&format!("kubectl run pod-{i} --image=nginx"));
    }
    s.run_line("sleep 30");
    s
}

/// Live bytes per command over `n` commands after a warm-up.
fn per_command(s: &mut Sim, line: &str, n: usize) -> f64 {
    for _ in 0..20 {
        s.run_line(line);
    }
    let before = live();
    for _ in 0..n {
        s.run_line(line);
    }
    (live() - before) as f64 / n as f64
}

#[test]
fn a_terminal_s_memory_does_not_grow_per_command() {
    let mut lean = node(true, 100);
    let ps = per_command(&mut lean, "crictl ps", 300);
    let ef = per_command(&mut lean, "ps -ef | grep containerd-shim | wc -l", 100);
    let mut full = node(false, 100);
    let kept = per_command(&mut full, "crictl ps", 100);
    println!(
        "live bytes per command on a 100-pod node: lean `crictl ps` {ps:.0} B, lean `ps -ef | grep containerd-shim | wc -l` {ef:.0} B; \
         with every step and process table kept (the old Session) `crictl ps` {kept:.0} B"
    );
    // The shell's history (at most 1,000 lines) and the world's journal and
    // events are the world's own state; nothing per step is kept.
    assert!(ps < 512.0, "{ps}");
    assert!(ef < 512.0, "{ef}");
    assert!(kept > 10_000.0, "the measure sees what is kept: {kept}");
}
