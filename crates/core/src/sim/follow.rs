//! A command that goes on printing until Ctrl-C, in a terminal's session:
//! `journalctl -f`, `crictl logs -f`, `docker logs -f`, `nerdctl logs -f`,
//! `kubectl logs -f`, `kubectl get pods -w`. The command printed what
//! exists when it ran; while it follows, [`Sim::tick`] moves the logical
//! clock (the background actors act: the kubelet, the controllers, restart
//! timers) and gives only what appeared, and [`Sim::interrupt`] ends it as
//! Ctrl-C does (bash's `$?` is 130).
//!
//! A script's run (`atlas sim`, a scenario) has nobody to press Ctrl-C: the
//! command prints what exists and the run goes on, with a remark.

use super::{Record, Sim, Step};
use crate::engine::Follow;
use crate::msg;
use crate::remark::Remark;

/// The logical time one [`Sim::tick`] may move at most (an hour, 3,600
/// one-second strides: a replayed link cannot freeze the page). A face that
/// records ticks for a link and merges consecutive ones must not merge past
/// this, or a replay moves the clock less than the session did.
pub const MAX_TICK_MS: u64 = 3_600_000;

/// bash's status of a command ended by SIGINT (128 + 2).
pub const INTERRUPTED: i32 = 130;

/// A follow moves the clock by this much at a time, so each second's changes
/// print in order (a pod watch's rows, a log's lines).
const STRIDE_MS: u64 = 1_000;

impl Sim {
    /// Whether the last command follows (until [`Sim::interrupt`] or its end).
    pub fn following(&self) -> bool {
        self.follow.is_some()
    }

    /// What a run does with a command's follow: a terminal's session keeps
    /// it; a script's run goes on, with a remark.
    pub(super) fn take_follow(
        &mut self,
        follow: Option<Box<Follow>>,
        command: &str,
    ) -> Vec<Remark> {
        let Some(f) = follow else {
            self.follow = None;
            return Vec::new();
        };
        if self.lean {
            self.follow = Some(f);
            return Vec::new();
        }
        self.follow = None;
        let said = if f.is_journal() {
            msg!("systemd-journal-follow")
        } else {
            msg!("session-follow-script", command = command.to_string())
        };
        vec![Remark::line(said)]
    }

    /// While following: moves the clock by `ms` (at most [`MAX_TICK_MS`]),
    /// the background actors acting on the way, and gives what the command
    /// printed meanwhile (`record.command` is empty) and the hops. A follow
    /// that ends by itself (its container exited) ends with exit 0. Not
    /// following: the clock does not move and nothing is printed.
    pub fn tick(&mut self, ms: u64) -> &Step {
        let mut stdout = String::new();
        let mut stderr = String::new();
        let mut exit = 0;
        if let Some(mut f) = self.follow.take() {
            self.world.new_command();
            let until = self.world.now_ms().saturating_add(ms.min(MAX_TICK_MS));
            let mut ended = false;
            while self.world.now_ms() < until && !ended {
                let next = (self.world.now_ms() + STRIDE_MS).min(until);
                self.world.advance_to(next);
                let got = self.world.follow_step(&mut f);
                stdout.push_str(&got.stdout);
                stderr.push_str(&got.stderr);
                ended = got.ended;
            }
            if ended {
                exit = 0;
            } else {
                self.follow = Some(f);
            }
        }
        self.push_step(Record {
            command: String::new(),
            exit,
            stdout,
            stderr,
            remarks: Vec::new(),
            edit: None,
        })
    }

    /// Ctrl-C: ends a follow. Exit 130, nothing printed (the terminal
    /// echoes `^C` itself); `$?` is 130 afterwards.
    pub fn interrupt(&mut self) -> &Step {
        self.follow = None;
        self.shell.set_status(INTERRUPTED);
        self.push_step(Record {
            command: String::new(),
            exit: INTERRUPTED,
            stdout: String::new(),
            stderr: String::new(),
            remarks: Vec::new(),
            edit: None,
        })
    }
}
