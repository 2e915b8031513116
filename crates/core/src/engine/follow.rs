//! Commands that go on printing until Ctrl-C: `journalctl -f`, `crictl
//! logs -f`, `docker logs -f`, `nerdctl logs -f`, `kubectl logs -f`,
//! `kubectl get pods -w`. The command prints what exists now and hands a
//! [`Follow`] to the terminal in its [`Outcome`]; while the logical clock
//! moves, [`World::follow_step`] gives the lines that appeared since.
//!
//! - the journal: the entries after the last one printed, of the followed
//!   units, as `journalctl` renders them;
//! - a container's log: the lines after the last one printed; the follow
//!   ends when the container is no longer running (the kubelet's and
//!   crictl's log reader stops at the container's exit, as docker's and
//!   nerdctl's do);
//! - a pod watch: kubectl prints each watch event's object as a table of
//!   its own, flushed at once (`kubectl get` `watch`: one `PrintObj` and one
//!   `Flush` of the tab writer per event), so every row is aligned by itself
//!   and the header comes only with the first row printed.

use super::format::{kube_age, tabwriter};
use super::{h, Outcome, World};
use crate::trace::{Component, Iface};
use litemap::LiteMap;

/// What a following command watches, and how far it has printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow(pub(crate) Watch);

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Watch {
    /// `journalctl -f`: entries from journal sequence `next` on (the
    /// journal's keys count from 1; `journal_seq` is the last one).
    Journal {
        units: Vec<String>,
        kernel: bool,
        cat: bool,
        next: u64,
        /// Kernel OOM lines printed up to this time.
        oom_ms: u64,
    },
    /// A container's log (full id), `printed` lines so far.
    Logs {
        id: String,
        printed: usize,
        timestamps: bool,
    },
    /// `kubectl get pods -w`.
    Pods(PodWatch),
}

/// `kubectl get pods -w`: the rows printed so far, by pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PodWatch {
    pub ns: String,
    pub all_ns: bool,
    pub wide: bool,
    /// `kubectl get pod NAME -w`: only that pod.
    pub name: Option<String>,
    /// Whether the header has been printed.
    pub header: bool,
    /// Per pod: what its row says (without its age), the row, its creation.
    pub seen: LiteMap<(String, String), (String, Vec<String>, u64)>,
}

/// What one step of a follow printed, and whether the command ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Followed {
    /// New standard output.
    pub stdout: String,
    /// New standard error.
    pub stderr: String,
    /// The command ended by itself (the followed container exited).
    pub ended: bool,
}

impl Follow {
    /// `journalctl -f` from the journal's next entry on.
    pub(crate) fn journal(w: &World, units: Vec<String>, kernel: bool, cat: bool) -> Follow {
        Follow(Watch::Journal {
            units,
            kernel,
            cat,
            next: w.node.units.journal_seq + 1,
            oom_ms: w.now_ms,
        })
    }

    /// A container's log, after the lines printed already, when the
    /// container is running (an exited container's log is read to its end
    /// and the command returns).
    pub(crate) fn logs(w: &World, id: &str, timestamps: bool) -> Option<Follow> {
        let c = w.ctrs.get(id)?;
        if !c.running() {
            return None;
        }
        Some(Follow(Watch::Logs {
            id: id.to_string(),
            printed: c.logs.len(),
            timestamps,
        }))
    }

    /// Whether this follows the journal.
    pub fn is_journal(&self) -> bool {
        matches!(self.0, Watch::Journal { .. })
    }
}

impl super::Ctr {
    /// Whether its process is running (the OCI runtime's view).
    pub(crate) fn running(&self) -> bool {
        self.oci == Some(crate::lifecycle::oci::OciStatus::Running) && self.pid > 0
    }
}

impl World {
    /// Sets a command's outcome following when it succeeded.
    pub(crate) fn following(mut out: Outcome, follow: Option<Follow>) -> Outcome {
        if out.exit == 0 {
            out.follow = follow.map(Box::new);
        }
        out
    }

    /// What a follow prints now: what appeared since its last step.
    pub fn follow_step(&mut self, f: &mut Follow) -> Followed {
        match &mut f.0 {
            Watch::Journal {
                units,
                kernel,
                cat,
                next,
                oom_ms,
            } => {
                let mut out = Followed::default();
                let mut lines: Vec<(u64, String)> = Vec::new();
                for (seq, e) in self.node.units.journal.iter().rev() {
                    if *seq < *next {
                        break;
                    }
                    if (units.is_empty() || units.contains(&e.unit))
                        && (!*kernel || e.ident == "kernel")
                    {
                        lines.push((e.ms, journal_line(e, *cat)));
                    }
                }
                lines.reverse();
                if units.is_empty() || *kernel {
                    for e in self.kernel_oom_lines() {
                        if e.ms > *oom_ms {
                            lines.push((e.ms, journal_line(&e, *cat)));
                        }
                    }
                    crate::order::sort_by_key(&mut lines, |l| l.0);
                }
                *next = self.node.units.journal_seq + 1;
                *oom_ms = self.now_ms;
                for (_, l) in lines {
                    out.stdout.push_str(&l);
                    out.stdout.push('\n');
                }
                out
            }
            Watch::Logs {
                id,
                printed,
                timestamps,
            } => {
                let mut out = Followed::default();
                let Some(c) = self.ctrs.get(id.as_str()) else {
                    out.ended = true;
                    return out;
                };
                for (ms, stream, l) in c.logs.iter().skip(*printed) {
                    let s = if *stream == "stderr" {
                        &mut out.stderr
                    } else {
                        &mut out.stdout
                    };
                    if *timestamps {
                        s.push_str(&World::rfc3339(*ms, true));
                        s.push(' ');
                    }
                    s.push_str(l);
                    s.push('\n');
                }
                *printed = c.logs.len();
                out.ended = !c.running();
                out
            }
            Watch::Pods(pw) => Followed {
                stdout: self.pod_watch_step(pw),
                ..Followed::default()
            },
        }
    }

    /// The pods' rows now: each pod whose row changed (or that appeared or
    /// went away) printed as a table of its own.
    fn pod_watch_step(&self, pw: &mut PodWatch) -> String {
        let now = self.now_ms;
        let mut out = String::new();
        let mut present: LiteMap<(String, String), ()> = LiteMap::new();
        for (key, p) in &self.pods {
            if !pw.all_ns && key.0 != pw.ns || pw.name.as_ref().is_some_and(|n| *n != key.1) {
                continue;
            }
            present.insert(key.clone(), ());
            let (state, row) = self.pod_row(p, pw.wide, pw.all_ns);
            if pw.seen.get(key).is_some_and(|s| s.0 == state) {
                continue;
            }
            out.push_str(&watch_table(pw, row.clone()));
            pw.seen.insert(key.clone(), (state, row, p.created_ms));
        }
        let gone: Vec<(String, String)> = pw
            .seen
            .iter()
            .filter(|(k, _)| !present.contains_key(*k))
            .map(|(k, _)| k.clone())
            .collect();
        for k in gone {
            // The DELETED event carries the pod's last state.
            if let Some((_, mut row, created)) = pw.seen.remove(&k) {
                let age = if pw.all_ns { 5 } else { 4 };
                if let Some(a) = row.get_mut(age) {
                    *a = kube_age(now.saturating_sub(created));
                }
                out.push_str(&watch_table(pw, row));
            }
        }
        out
    }

    /// `kubectl get pods -w`: the list as printed (with no pods, nothing:
    /// the watch prints no "No resources found"), then kubectl opens a
    /// watch from the list's resourceVersion.
    pub(crate) fn kubectl_watch_pods(
        &mut self,
        listed: Outcome,
        ns: &str,
        wide: bool,
        all_ns: bool,
        name: Option<&str>,
    ) -> Outcome {
        if listed.exit != 0 {
            return listed;
        }
        let mut out = listed;
        let printed = !out.stdout.is_empty();
        if !printed {
            out.stderr.clear();
        }
        let path = if all_ns {
            "/api/v1/pods".to_string()
        } else {
            format!("/api/v1/namespaces/{ns}/pods")
        };
        // One object is watched by a field selector on its name.
        let query = match name {
            Some(n) => format!("?fieldSelector=metadata.name%3D{n}&watch=true"),
            None => "?watch=true".to_string(),
        };
        self.emit(
            h(
                Component::Kubectl,
                Component::KubeApiserver,
                Iface::K8sApi,
                format!("GET {path}{query}"),
            )
            .note(crate::msg!("session-watch-pods")),
        );
        let mut watch = self.pod_watch(ns, all_ns, wide, printed);
        if let (Some(n), Watch::Pods(pw)) = (name, &mut watch.0) {
            pw.name = Some(n.to_string());
            pw.seen.retain(|k, _| k.1 == n);
        }
        out.follow = Some(Box::new(watch));
        out
    }

    /// Starts `kubectl get pods -w` after the list was printed: the rows the
    /// list showed are the ones printed.
    pub(crate) fn pod_watch(&self, ns: &str, all_ns: bool, wide: bool, printed: bool) -> Follow {
        let mut pw = PodWatch {
            ns: ns.to_string(),
            all_ns,
            wide,
            name: None,
            header: printed,
            seen: LiteMap::new(),
        };
        for (key, p) in &self.pods {
            if !all_ns && key.0 != ns {
                continue;
            }
            let (state, row) = self.pod_row(p, wide, all_ns);
            pw.seen.insert(key.clone(), (state, row, p.created_ms));
        }
        Follow(Watch::Pods(pw))
    }
}

/// One watch event's object as kubectl prints it: a table of one row, the
/// header before the first row printed.
fn watch_table(pw: &mut PodWatch, row: Vec<String>) -> String {
    let mut rows = Vec::new();
    if !pw.header {
        rows.push(
            super::output::kubectl::pod_head(pw.wide, pw.all_ns)
                .into_iter()
                .map(String::from)
                .collect(),
        );
        pw.header = true;
    }
    rows.push(row);
    tabwriter(&rows, 6, 3)
}

fn journal_line(e: &crate::node::systemd::JournalEntry, cat: bool) -> String {
    if cat {
        e.line.clone()
    } else {
        crate::node::journal_render(e)
    }
}
