//! The kubelet's view: pod phase, container state, and CrashLoopBackOff timing.

/// Initial restart back-off (`backOffPeriod`).
pub const BACKOFF_INITIAL_MS: u64 = 10_000;
/// Maximum restart back-off (`MaxContainerBackOff`).
pub const BACKOFF_MAX_MS: u64 = 300_000;
/// A container that ran this long without failing resets its back-off.
pub const BACKOFF_RESET_MS: u64 = 600_000;

/// `PodPhase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PodPhase {
    /// Accepted, not all containers running yet.
    Pending,
    /// Bound, sandbox up, at least one container running or restarting.
    Running,
    /// All containers exited 0 and will not restart.
    Succeeded,
    /// All containers terminated, at least one in failure, no restart.
    Failed,
}

impl PodPhase {
    /// The phase name.
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
        }
    }
}

/// `spec.restartPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum RestartPolicy {
    /// Always restart (the default for pods).
    #[default]
    Always,
    /// Restart only after a non-zero exit.
    OnFailure,
    /// Never restart.
    Never,
}

impl RestartPolicy {
    /// Whether a container that exited with `code` is restarted.
    pub fn restarts(self, code: i32) -> bool {
        match self {
            RestartPolicy::Always => true,
            RestartPolicy::OnFailure => code != 0,
            RestartPolicy::Never => false,
        }
    }

    /// The spelling in a pod spec.
    pub fn as_str(self) -> &'static str {
        match self {
            RestartPolicy::Always => "Always",
            RestartPolicy::OnFailure => "OnFailure",
            RestartPolicy::Never => "Never",
        }
    }
}

/// A container's state as the kubelet reports it in the pod status.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ContainerView {
    /// Not running: `ContainerCreating`, `CrashLoopBackOff`, `ErrImagePull`, ….
    Waiting {
        /// The reason shown by `kubectl get pods`.
        reason: String,
    },
    /// Running since a logical time in ms.
    Running {
        /// Start time (ms of the world clock).
        started_ms: u64,
    },
    /// Exited.
    Terminated {
        /// `Completed`, `Error`, `OOMKilled`.
        reason: String,
        /// Exit code.
        exit_code: i32,
    },
}

impl ContainerView {
    /// A short state label for effects (`Waiting:CrashLoopBackOff`, `Running`, …).
    pub fn label(&self) -> String {
        match self {
            ContainerView::Waiting { reason } => format!("Waiting:{reason}"),
            ContainerView::Running { .. } => "Running".to_string(),
            ContainerView::Terminated { reason, .. } => format!("Terminated:{reason}"),
        }
    }
}

/// Per-container restart back-off (`flowcontrol.Backoff` keyed by pod+container).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Backoff {
    /// The current delay, 0 before the first failure.
    pub delay_ms: u64,
    /// The time of the last restart decision.
    pub last_ms: u64,
}

impl Backoff {
    /// client-go `Backoff.IsInBackOffSince(key, eventTime)`: is a container
    /// that finished at `event_ms` still held at `now_ms`? (kubelet's
    /// `doBackOff` passes the latest exited container's `FinishedAt`.)
    pub fn in_backoff_since(&self, now_ms: u64, event_ms: u64) -> bool {
        if self.delay_ms == 0 || self.expired(event_ms) {
            return false;
        }
        now_ms.saturating_sub(event_ms) < self.delay_ms
    }

    /// When the hold on a container that finished at `event_ms` ends.
    pub fn release_ms(&self, event_ms: u64) -> u64 {
        event_ms.saturating_add(self.delay_ms)
    }

    /// client-go `Backoff.Next(key, eventTime)`: the kubelet restarts the
    /// container now and records the exit; the next hold is 10 s, then twice
    /// the last, capped at 300 s, and starts again at 10 s once an entry is
    /// older than twice the cap.
    pub fn next(&mut self, event_ms: u64) {
        self.delay_ms = if self.delay_ms == 0 || self.expired(event_ms) {
            BACKOFF_INITIAL_MS
        } else {
            (self.delay_ms * 2).min(BACKOFF_MAX_MS)
        };
        self.last_ms = event_ms;
    }

    /// `hasExpired`: the entry is older than twice the cap.
    fn expired(&self, event_ms: u64) -> bool {
        event_ms.saturating_sub(self.last_ms) > 2 * BACKOFF_MAX_MS
    }
}

/// kubelet's message for a container held in back-off.
pub fn backoff_message(
    delay_ms: u64,
    container: &str,
    pod: &str,
    namespace: &str,
    uid: &str,
) -> String {
    let secs = delay_ms / 1000;
    let d = if secs >= 60 && secs.is_multiple_of(60) {
        format!("{}m0s", secs / 60)
    } else if secs >= 60 {
        format!("{}m{}s", secs / 60, secs % 60)
    } else {
        format!("{secs}s")
    };
    format!("back-off {d} restarting failed container={container} pod={pod}_{namespace}({uid})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A container that crashes 1 s after every start: the holds the kubelet
    /// applies after each exit.
    fn holds(exits: usize) -> Vec<u64> {
        let mut b = Backoff::default();
        let mut now = 0u64;
        let mut out = Vec::new();
        for _ in 0..exits {
            now += 1000; // runs 1 s, exits
            let finished = now;
            let wait = if b.in_backoff_since(now, finished) {
                b.release_ms(finished) - now
            } else {
                0
            };
            out.push(wait);
            now += wait;
            assert!(!b.in_backoff_since(now, finished));
            b.next(finished);
        }
        out
    }

    #[test]
    fn backoff_doubles_to_five_minutes() {
        assert_eq!(
            holds(9),
            [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]
        );
    }

    #[test]
    fn backoff_resets_after_twice_the_cap() {
        let mut b = Backoff::default();
        b.next(0);
        b.next(1_000);
        assert_eq!(b.delay_ms, 20_000);
        assert!(!b.in_backoff_since(700_000, 700_000));
        b.next(700_000);
        assert_eq!(b.delay_ms, BACKOFF_INITIAL_MS);
    }

    #[test]
    fn message_matches_kubelet() {
        assert_eq!(
            backoff_message(40_000, "c", "p", "default", "u"),
            "back-off 40s restarting failed container=c pod=p_default(u)"
        );
        assert!(backoff_message(300_000, "c", "p", "d", "u").starts_with("back-off 5m0s"));
    }

    proptest! {
        #[test]
        fn backoff_never_exceeds_cap(times in proptest::collection::vec(0u64..1_000_000, 1..50)) {
            let mut b = Backoff::default();
            let mut now = 0u64;
            for t in times {
                now += t;
                let held = b.in_backoff_since(now, now);
                prop_assert!(!held || b.release_ms(now) - now <= BACKOFF_MAX_MS);
                b.next(now);
                prop_assert!(b.delay_ms >= BACKOFF_INITIAL_MS && b.delay_ms <= BACKOFF_MAX_MS);
            }
        }
    }
}
