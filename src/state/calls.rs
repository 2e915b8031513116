//! Calls inside calls, as the reader moves through them: which calls are
//! open, and the steps playback goes through (the top-level calls, and the
//! steps of every open call). The tree itself is the core's
//! ([`atlas_core::calls::CallTree`]).

use crate::run::Run;
use std::rc::Rc;

/// The open calls of the run shown and the steps they make visible.
#[derive(Debug, Clone, Default)]
pub struct Steps {
    /// Which run these are for (its address: a new run starts closed).
    run: usize,
    /// The indexes of the open calls, sorted.
    open: Rc<Vec<usize>>,
    /// The visible hops' indexes, in trace order: what playback steps through.
    pub visible: Rc<Vec<usize>>,
}

/// Compared by identity: a change makes new lists, so the same lists are
/// the same steps (a deep comparison would walk thousands at each hop).
impl PartialEq for Steps {
    fn eq(&self, o: &Steps) -> bool {
        self.run == o.run
            && Rc::ptr_eq(&self.open, &o.open)
            && Rc::ptr_eq(&self.visible, &o.visible)
    }
}

impl Steps {
    /// Steps for `run`, with the calls around `hop` open so it is visible.
    pub fn new(run: &Rc<Run>, hop: usize) -> Steps {
        let mut s = Steps {
            run: Rc::as_ptr(run) as usize,
            ..Steps::default()
        };
        s.reveal(run, hop);
        s
    }

    /// Whether these steps belong to `run`.
    pub fn is_for(&self, run: &Rc<Run>) -> bool {
        self.run == Rc::as_ptr(run) as usize
    }

    /// Whether call `i` is open.
    pub fn is_open(&self, i: usize) -> bool {
        self.open.binary_search(&i).is_ok()
    }

    /// Opens every call `hop` is inside, so that it is a step.
    pub fn reveal(&mut self, run: &Run, hop: usize) {
        let path = run.tree.path(hop.min(run.len().saturating_sub(1)));
        let closed: Vec<usize> = path
            .iter()
            .take(path.len().saturating_sub(1))
            .copied()
            .filter(|&a| !self.is_open(a))
            .collect();
        if !closed.is_empty() || self.visible.is_empty() {
            let mut open = (*self.open).clone();
            open.extend(closed);
            open.sort_unstable();
            open.dedup();
            self.set(run, open);
        }
    }

    fn set(&mut self, run: &Run, open: Vec<usize>) {
        let visible = run.tree.visible(&|i| open.binary_search(&i).is_ok());
        self.open = Rc::new(open);
        self.visible = Rc::new(visible);
    }

    /// Opens call `i`, or closes it (and every call inside it) when it is
    /// open. A hop with no steps of its own closes the call it is in.
    /// Returns where the reader is afterwards: `at`, or the closed call when
    /// `at` was inside it.
    pub fn toggle(&mut self, run: &Run, i: usize, at: usize) -> usize {
        let target = if run.tree.children(i).is_empty() {
            match run.tree.parent(i) {
                Some(p) => p,
                None => return at,
            }
        } else {
            i
        };
        let end = run.tree.end(target);
        let mut open = (*self.open).clone();
        if self.is_open(target) {
            open.retain(|&x| !(target..=end).contains(&x));
            self.set(run, open);
            if (target + 1..=end).contains(&at) {
                return target;
            }
        } else {
            open.push(target);
            open.sort_unstable();
            self.set(run, open);
        }
        at
    }

    /// The open calls around `hop` as spans of steps: (first step, last
    /// step, depth), outermost first (the timeline's waterfall).
    pub fn spans(&self, run: &Run, hop: usize) -> Vec<(usize, usize, u16)> {
        run.tree
            .path(hop.min(run.len().saturating_sub(1)))
            .into_iter()
            .filter(|&a| self.is_open(a))
            .map(|a| {
                (
                    self.index_of(a),
                    self.index_of(run.tree.end(a)),
                    run.tree.depth(a),
                )
            })
            .collect()
    }

    /// The position of `hop` among the steps (of the last step before it
    /// when it is hidden).
    pub fn index_of(&self, hop: usize) -> usize {
        match self.visible.binary_search(&hop) {
            Ok(k) => k,
            Err(k) => k.saturating_sub(1),
        }
    }

    /// The hop `d` steps from `hop` (clamped to the first and last step).
    pub fn step(&self, hop: usize, d: isize) -> usize {
        let k = self.index_of(hop).saturating_add_signed(d);
        self.at(k)
    }

    /// The hop of step `k` (clamped).
    pub fn at(&self, k: usize) -> usize {
        let k = k.min(self.visible.len().saturating_sub(1));
        self.visible.get(k).copied().unwrap_or(0)
    }

    /// The last step's hop.
    pub fn last(&self) -> usize {
        self.visible.last().copied().unwrap_or(0)
    }

    /// How many steps.
    pub fn len(&self) -> usize {
        self.visible.len()
    }

    /// Whether there is no step.
    pub fn is_empty(&self) -> bool {
        self.visible.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_core::scenario::find;

    fn kubectl_run() -> Rc<Run> {
        let s = find("kubectl-run").unwrap();
        Rc::new(Run::new(s.config(), s).unwrap())
    }

    #[test]
    fn the_top_level_first_then_a_call_opens_and_closes() {
        let run = kubectl_run();
        let mut s = Steps::new(&run, 0);
        assert!(s.len() <= 35, "{} top-level steps", s.len());
        assert!(s.len() >= 20);
        let create = run.hops.iter().position(|h| h.call == "create").unwrap();
        // Hidden: the reader sees the call it is in.
        assert!(!s.visible.contains(&create));
        let sandbox = run.tree.root(create);
        assert_eq!(run.hops[sandbox].call, "RunPodSandbox");
        let at = s.toggle(&run, sandbox, sandbox);
        assert_eq!(at, sandbox);
        assert_eq!(s.step(sandbox, 1), sandbox + 1);
        // Open down to runc's create: its syscalls are steps.
        s.reveal(&run, create + 1);
        assert!(s.visible.contains(&(create + 1)));
        // The timeline's spans: every open call around the step, outermost first.
        let spans = s.spans(&run, create + 1);
        assert_eq!(spans.len(), 4, "{spans:?}");
        assert_eq!(spans[0].0, s.index_of(sandbox));
        assert!(spans
            .windows(2)
            .all(|w| w[0].0 <= w[1].0 && w[0].1 >= w[1].1 && w[0].2 < w[1].2));
        // Closing RunPodSandbox from inside it goes back to it.
        let back = s.toggle(&run, sandbox, create + 1);
        assert_eq!(back, sandbox);
        assert!(!s.visible.contains(&create));
        assert!(!s.is_open(run.tree.parent(create).unwrap()));
    }

    #[test]
    fn a_flat_trace_steps_hop_by_hop() {
        let run = kubectl_run();
        let mut hops = run.hops.clone();
        for h in &mut hops {
            h.parent = None;
        }
        let flat = Rc::new(Run::from_steps(vec![(run.records[0].clone(), hops)]));
        let s = Steps::new(&flat, 5);
        assert_eq!(s.len(), flat.len());
        assert_eq!(s.step(5, 1), 6);
        assert_eq!(s.step(0, -1), 0);
        assert_eq!(s.step(flat.len() - 1, 3), flat.len() - 1);
    }
}
