//! Calls inside calls: which hop each hop serves (`parent` in
//! shared/TRACE.md), and the tree a trace makes.
//!
//! The simulator and the OCI plans emit hops one after another, as the real
//! programs make them. Which call a hop is part of follows from who makes it:
//! a hop made by process P serves the latest open call *into* P (runc's
//! syscalls serve the shim's `create` that started runc; the shim's `create`
//! serves containerd's `Tasks.Create`; that serves the kubelet's
//! `RunPodSandbox`). [`CallStack`] keeps the calls still open, like a
//! debugger's stack: a hop by a process that no open call reached closes the
//! calls above the one that did. A hop by a process no open call reached (the
//! kubelet's sync loop, the scheduler, kubectl, a person at a shell) starts a
//! new top-level call.
//!
//! [`CallTree`] is the reading side: children, depth and the span of every
//! hop of a trace with parents, for views that show the top-level calls first
//! and open a call into its steps.

use crate::trace::{Component, Hop, Iface};

/// The process a component runs in: a `/part` is its daemon's. (Dockershim
/// ran inside the kubelet but is called as a CRI server of its own.)
pub fn process(c: Component) -> Component {
    use Component as C;
    match c {
        C::ContainerdCri
        | C::ContainerdContent
        | C::ContainerdImages
        | C::ContainerdSnapshotter
        | C::ContainerdTasks
        | C::ContainerdEvents => C::Containerd,
        other => other,
    }
}

/// The process that started `c` as part of the same call, when `c` has no
/// call of its own into it: runc's `runc init` child works for the runc
/// command that re-executed it.
fn started_by(c: Component) -> Option<Component> {
    use Component as C;
    match c {
        C::RuncInit => Some(C::Runc),
        _ => None,
    }
}

/// How many calls stay open at most (a trace nests a few levels deep; a
/// hostile script must not make the stack grow without end).
const MAX_OPEN: usize = 64;

/// An open call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Frame {
    seq: u32,
    to: Component,
    /// The call started a process.
    started: bool,
}

/// The calls still open while a trace is being made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallStack {
    frames: Vec<Frame>,
}

impl CallStack {
    /// An empty stack: the next hop is a top-level call.
    pub fn new() -> CallStack {
        CallStack::default()
    }

    /// Forgets every open call (a new command, a timer firing, a background
    /// actor waking up: what follows serves none of them).
    pub fn clear(&mut self) {
        self.frames.clear();
    }

    /// The parent of `hop` (numbered already), and the hop opened as a call
    /// its callee's later hops may serve.
    pub fn enter(&mut self, hop: &Hop) -> Option<u32> {
        let parent = self.serving(hop.from).map(|i| {
            // The calls above the one served are done; a process started
            // by one of them lives on (conmon runs `runc create` after
            // CRI-O went on with its own steps), so its start stays open.
            let mut done = self.frames.split_off(i + 1);
            done.retain(|f| f.started);
            let seq = self.frames[i].seq;
            self.frames.extend(done);
            seq
        });
        if parent.is_none() {
            // A top-level call: what was open before is done.
            self.frames.clear();
        }
        if self.frames.len() >= MAX_OPEN {
            self.frames.remove(0);
        }
        // A step inside one component is a leaf: what the component does next
        // is its caller's, not this step's (else every step would nest in the
        // one before it). So is a system call: what the kernel does
        // later (a child's exit reaped by `wait4`) is an event of its own,
        // not part of the system call that caused it. A call to another part
        // of the same daemon or to another process is a call others may serve
        // (a gVisor Sentry serves the sandboxed process's system calls).
        let leaf = (hop.iface == Iface::InProcess && hop.from == hop.to)
            // A command a person starts at a shell acts on its own: `podman
            // run`'s calls are the top level, not steps of the shell's exec.
            || (hop.from == Component::User && hop.iface == Iface::Exec)
            || (matches!(hop.to, Component::Kernel | Component::GuestKernel)
                && hop.iface != Iface::Exec);
        if !leaf {
            self.frames.push(Frame {
                seq: hop.seq,
                to: hop.to,
                started: hop.iface == Iface::Exec,
            });
        }
        parent
    }

    /// The open call a hop made by `from` serves: the latest call into that
    /// very component, else into its process; or, when it is newer, the
    /// latest call into the process that started it (`runc init` serves
    /// `runc start`, which released it, more than the `runc create` that
    /// started it).
    fn serving(&self, from: Component) -> Option<usize> {
        let latest = |f: &dyn Fn(&Frame) -> bool| self.frames.iter().rposition(f);
        let own =
            latest(&|fr| fr.to == from).or_else(|| latest(&|fr| process(fr.to) == process(from)));
        let starter = started_by(from).and_then(|by| latest(&|fr| process(fr.to) == by));
        match (own, starter) {
            (Some(o), Some(s)) => Some(o.max(s)),
            (o, s) => o.or(s),
        }
    }
}

/// Gives every hop of a sequence (numbered already) its parent, from an
/// empty stack: for hops made outside a world (the OCI plans, the native
/// runtime's trace).
pub fn nest(hops: &mut [Hop]) {
    let mut stack = CallStack::new();
    for h in hops {
        h.parent = stack.enter(h);
    }
}

/// The tree of calls of a trace: for every hop (by index), its parent's
/// index, its depth and the index of its last descendant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallTree {
    parent: Vec<Option<usize>>,
    depth: Vec<u16>,
    end: Vec<usize>,
    children: Vec<Vec<usize>>,
    top: Vec<usize>,
}

impl CallTree {
    /// The tree of `hops`. A `parent` that names no earlier hop of the trace
    /// is ignored (the hop is top-level), so any trace has a tree; a trace
    /// without parents is flat.
    pub fn new(hops: &[Hop]) -> CallTree {
        let n = hops.len();
        let mut t = CallTree {
            parent: vec![None; n],
            depth: vec![0; n],
            end: (0..n).collect(),
            children: vec![Vec::new(); n],
            top: Vec::new(),
        };
        let first = hops.first().map_or(1, |h| h.seq);
        for (i, h) in hops.iter().enumerate() {
            let p = h
                .parent
                .and_then(|p| p.checked_sub(first))
                .map(|p| p as usize)
                .filter(|&p| p < i);
            match p {
                Some(p) => {
                    t.parent[i] = Some(p);
                    t.depth[i] = t.depth[p].saturating_add(1);
                    t.children[p].push(i);
                    // Every ancestor's span reaches this hop.
                    let mut a = Some(p);
                    while let Some(x) = a {
                        if t.end[x] >= i {
                            break;
                        }
                        t.end[x] = i;
                        a = t.parent[x];
                    }
                }
                None => t.top.push(i),
            }
        }
        t
    }

    /// How many hops.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Whether the trace is empty.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The indexes of the top-level hops, in order.
    pub fn top(&self) -> &[usize] {
        &self.top
    }

    /// Whether any hop has a parent (a flat trace has none).
    pub fn is_nested(&self) -> bool {
        self.top.len() < self.len()
    }

    /// The parent of hop `i`.
    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parent.get(i).copied().flatten()
    }

    /// How deep hop `i` is: 0 at the top level.
    pub fn depth(&self, i: usize) -> u16 {
        self.depth.get(i).copied().unwrap_or(0)
    }

    /// The direct children of hop `i`, in order.
    pub fn children(&self, i: usize) -> &[usize] {
        self.children.get(i).map_or(&[], Vec::as_slice)
    }

    /// The last hop of `i`'s span (itself when it has no descendants): the
    /// call covers hops `i..=end(i)`.
    pub fn end(&self, i: usize) -> usize {
        self.end.get(i).copied().unwrap_or(i)
    }

    /// The top-level call hop `i` is part of (itself at the top level).
    pub fn root(&self, i: usize) -> usize {
        let mut x = i;
        while let Some(p) = self.parent(x) {
            x = p;
        }
        x
    }

    /// The chain of calls from the top level down to hop `i` (inclusive).
    pub fn path(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut x = i;
        while let Some(p) = self.parent(x) {
            out.push(p);
            x = p;
        }
        out.reverse();
        out
    }

    /// Every hop that is visible when the calls in `open` (indexes) are
    /// open: the top level, and the children of an open call whose own
    /// ancestors are all open, in trace order (a started process may act
    /// after its starter's next sibling: order is time, not nesting).
    pub fn visible(&self, open: &dyn Fn(usize) -> bool) -> Vec<usize> {
        let mut out = Vec::new();
        for &t in &self.top {
            self.push_visible(t, open, &mut out);
        }
        out.sort_unstable();
        out
    }

    fn push_visible(&self, i: usize, open: &dyn Fn(usize) -> bool, out: &mut Vec<usize>) {
        // Iterative: a hostile trace may nest thousands deep.
        let mut todo = vec![i];
        while let Some(x) = todo.pop() {
            out.push(x);
            if open(x) {
                todo.extend(self.children(x).iter().rev());
            }
        }
    }
}

/// Two runs side by side, call by call: their top-level calls paired where
/// they are the same call (the same interface and name: `RunPodSandbox` to
/// containerd and to CRI-O), in order, each side's other calls alone on
/// their step. A longest common subsequence over the calls' names: the same
/// CRI call comes at the same step on both sides.
pub fn align(a: &[Hop], b: &[Hop]) -> Vec<(Option<usize>, Option<usize>)> {
    let ta = CallTree::new(a);
    let tb = CallTree::new(b);
    let (xa, xb) = (ta.top(), tb.top());
    let key = |h: &Hop| (h.iface, h.call.split('?').next().unwrap_or("").to_string());
    let ka: Vec<_> = xa.iter().map(|&i| key(&a[i])).collect();
    let kb: Vec<_> = xb.iter().map(|&i| key(&b[i])).collect();
    let (n, m) = (ka.len(), kb.len());
    // lcs[i][j]: the longest common run of ka[i..] and kb[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if ka[i] == kb[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && ka[i] == kb[j] {
            out.push((Some(xa[i]), Some(xb[j])));
            i += 1;
            j += 1;
        } else if j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push((Some(xa[i]), None));
            i += 1;
        } else {
            out.push((None, Some(xb[j])));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::Component as C;
    use proptest::prelude::*;

    fn hop(seq: u32, from: C, to: C, iface: Iface, call: &str) -> Hop {
        Hop::new(seq, from, to, iface, call)
    }

    fn nested(spec: &[(C, C, Iface, &str)]) -> Vec<Option<u32>> {
        let mut hops: Vec<Hop> = spec
            .iter()
            .enumerate()
            .map(|(i, (f, t, x, c))| hop(i as u32 + 1, *f, *t, *x, c))
            .collect();
        nest(&mut hops);
        hops.iter().map(|h| h.parent).collect()
    }

    #[test]
    fn runc_create_is_the_parent_of_its_syscalls_and_of_runc_init() {
        let p = nested(&[
            (C::Kubelet, C::ContainerdCri, Iface::Cri, "RunPodSandbox"),
            (
                C::ContainerdCri,
                C::ContainerdCri,
                Iface::InProcess,
                "ReserveName",
            ),
            (
                C::ContainerdCri,
                C::ContainerdTasks,
                Iface::InProcess,
                "Tasks.Create",
            ),
            (
                C::ContainerdTasks,
                C::ShimRuncV2,
                Iface::Exec,
                "containerd-shim-runc-v2",
            ),
            (C::ContainerdTasks, C::ShimRuncV2, Iface::Ttrpc, "Create"),
            (C::ShimRuncV2, C::Runc, Iface::OciCli, "create"),
            (C::Runc, C::Kernel, Iface::Syscall, "mkdirat"),
            (C::Runc, C::RuncInit, Iface::Exec, "runc init"),
            (C::Runc, C::Kernel, Iface::Cgroupfs, "cgroup.procs"),
            (C::RuncInit, C::Kernel, Iface::Syscall, "pivot_root"),
            (
                C::ShimRuncV2,
                C::ContainerdEvents,
                Iface::Ttrpc,
                "Events.Forward",
            ),
            (
                C::ContainerdCri,
                C::ContainerdTasks,
                Iface::InProcess,
                "Tasks.Start",
            ),
            (C::Kubelet, C::ContainerdCri, Iface::Cri, "PullImage"),
        ]);
        assert_eq!(
            p,
            vec![
                None,
                Some(1),
                Some(1),
                Some(3),
                Some(3),
                Some(5),
                Some(6),
                Some(6),
                Some(6),
                Some(8),
                Some(5),
                Some(1),
                None
            ]
        );
    }

    #[test]
    fn the_api_servers_storage_serves_the_request() {
        let p = nested(&[
            (
                C::Kubectl,
                C::KubeApiserver,
                Iface::K8sApi,
                "POST /api/v1/namespaces/default/pods",
            ),
            (C::KubeApiserver, C::Etcd, Iface::Etcd, "KV/Txn"),
            (
                C::KubeScheduler,
                C::KubeApiserver,
                Iface::K8sApi,
                "POST binding",
            ),
            (C::KubeApiserver, C::Etcd, Iface::Etcd, "KV/Txn"),
        ]);
        assert_eq!(p, vec![None, Some(1), None, Some(3)]);
    }

    #[test]
    fn a_hop_no_open_call_reached_is_top_level() {
        let p = nested(&[
            (
                C::Docker,
                C::Dockerd,
                Iface::DockerApi,
                "POST /containers/create",
            ),
            (
                C::Dockerd,
                C::Containerd,
                Iface::ContainerdApi,
                "Containers.Create",
            ),
            (
                C::ShimRuncV2,
                C::ContainerdEvents,
                Iface::Ttrpc,
                "Events.Forward",
            ),
        ]);
        assert_eq!(p, vec![None, Some(1), None]);
    }

    #[test]
    fn the_tree_has_spans_and_visible_rows() {
        let mut hops: Vec<Hop> = (1..=6)
            .map(|s| hop(s, C::Runc, C::Kernel, Iface::Syscall, "x"))
            .collect();
        // 1 { 2 { 3 } 4 } 5 { 6 }
        hops[1].parent = Some(1);
        hops[2].parent = Some(2);
        hops[3].parent = Some(1);
        hops[5].parent = Some(5);
        let t = CallTree::new(&hops);
        assert_eq!(t.top(), &[0, 4]);
        assert_eq!(t.end(0), 3);
        assert_eq!(t.end(1), 2);
        assert_eq!(t.end(4), 5);
        assert_eq!(t.depth(2), 2);
        assert_eq!(t.path(2), vec![0, 1, 2]);
        assert_eq!(t.root(5), 4);
        assert_eq!(t.visible(&|_| false), vec![0, 4]);
        assert_eq!(t.visible(&|i| i == 0), vec![0, 1, 3, 4]);
        assert_eq!(t.visible(&|_| true), vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn a_parent_that_is_not_earlier_is_ignored() {
        let mut hops: Vec<Hop> = (1..=3)
            .map(|s| hop(s, C::Runc, C::Kernel, Iface::Syscall, "x"))
            .collect();
        hops[0].parent = Some(1);
        hops[1].parent = Some(3);
        hops[2].parent = Some(99);
        let t = CallTree::new(&hops);
        assert_eq!(t.top(), &[0, 1, 2]);
        assert!(!t.is_nested());
    }

    #[test]
    fn align_pairs_the_same_calls() {
        let mk = |calls: &[&str]| -> Vec<Hop> {
            calls
                .iter()
                .enumerate()
                .map(|(i, c)| hop(i as u32 + 1, C::Kubelet, C::ContainerdCri, Iface::Cri, c))
                .collect()
        };
        let a = mk(&[
            "RunPodSandbox",
            "PullImage",
            "CreateContainer",
            "StartContainer",
        ]);
        let b = mk(&[
            "RunPodSandbox",
            "ImageStatus",
            "PullImage",
            "CreateContainer",
            "StartContainer",
        ]);
        let p = align(&a, &b);
        assert_eq!(
            p,
            vec![
                (Some(0), Some(0)),
                (None, Some(1)),
                (Some(1), Some(2)),
                (Some(2), Some(3)),
                (Some(3), Some(4))
            ]
        );
    }

    proptest! {
        /// Any parents at all: every hop is visible exactly once when all is
        /// open, spans nest, and a child lies inside its parent's span.
        #[test]
        fn any_tree_is_well_formed(parents in proptest::collection::vec(proptest::option::of(0u32..40), 0..40)) {
            let hops: Vec<Hop> = parents.iter().enumerate().map(|(i, p)| {
                let mut h = hop(i as u32 + 1, C::Runc, C::Kernel, Iface::Syscall, "x");
                h.parent = *p;
                h
            }).collect();
            let t = CallTree::new(&hops);
            let all = t.visible(&|_| true);
            prop_assert_eq!(all, (0..hops.len()).collect::<Vec<_>>());
            for i in 0..hops.len() {
                if let Some(p) = t.parent(i) {
                    prop_assert!(p < i);
                    prop_assert!(t.end(p) >= t.end(i));
                }
                prop_assert!(t.end(i) >= i);
            }
        }

        /// The stack's parents always name an earlier hop.
        #[test]
        fn the_stack_names_earlier_hops(seq in proptest::collection::vec((0usize..8, 0usize..8, any::<bool>()), 0..60)) {
            const CS: [C; 8] = [C::Kubelet, C::ContainerdCri, C::ContainerdTasks, C::ShimRuncV2, C::Runc, C::RuncInit, C::Kernel, C::Containerd];
            let mut hops: Vec<Hop> = seq.iter().enumerate().map(|(i, (f, t, inproc))| {
                let iface = if *inproc { Iface::InProcess } else { Iface::Syscall };
                hop(i as u32 + 1, CS[*f], CS[*t], iface, "x")
            }).collect();
            nest(&mut hops);
            for h in &hops {
                if let Some(p) = h.parent {
                    prop_assert!(p < h.seq);
                }
            }
        }
    }
}
