//! Check: a drill's items judged on copies of the candidate's node.

use super::subject::{judge, Look};
use super::{Drill, Text};
use crate::message::Msg;
use crate::msg;
use crate::sim::Sim;
use serde::{Deserialize, Serialize};

/// One item's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemVerdict {
    /// The item's name.
    pub name: Text,
    /// Whether it holds.
    pub pass: bool,
    /// What was found, when it failed (never the expected answer).
    pub found: Option<String>,
    /// Why it failed, in words.
    pub why: Option<Msg>,
}

/// Every item's outcome: partial credit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Item by item, in the drill's order.
    pub items: Vec<ItemVerdict>,
    /// How many hold.
    pub passed: usize,
    /// How many there are.
    pub total: usize,
}

impl Verdict {
    /// Whether every item holds.
    pub fn solved(&self) -> bool {
        self.total > 0 && self.passed == self.total
    }
}

/// Lets `seconds` of logical time pass on a node.
fn settle(node: &mut Sim, seconds: u64) {
    if seconds > 0 {
        node.run_line(&format!("sleep {seconds}"));
    }
}

/// Judges a node: copies of it settled (and rebooted, for `after_reboot`);
/// `base` is the node as the set-up left it (none: items that compare with
/// it fail, saying so).
pub(crate) fn run(drill: &Drill, node: &Sim, base: Option<&Sim>) -> Verdict {
    let mut settled = node.clone();
    settle(&mut settled, drill.settle);
    let mut rebooted: Option<Sim> = None;
    let mut items = Vec::new();
    for c in &drill.checks {
        let mut look = judge(c, &settled, base);
        if look == Look::Pass && c.after_reboot {
            let after = rebooted.get_or_insert_with(|| {
                let mut r = node.clone();
                r.run_line("reboot");
                settle(&mut r, drill.settle);
                r
            });
            look = match judge(c, after, base) {
                Look::Pass => Look::Pass,
                Look::Fail { found, why } => Look::Fail {
                    found,
                    why: Some(match why {
                        Some(w) => msg!("drill-why-after-reboot", why = w),
                        None => msg!("drill-why-after-reboot-found"),
                    }),
                },
            };
        }
        items.push(match look {
            Look::Pass => ItemVerdict {
                name: c.name.clone(),
                pass: true,
                found: None,
                why: None,
            },
            Look::Fail { found, why } => ItemVerdict {
                name: c.name.clone(),
                pass: false,
                found,
                why,
            },
        });
    }
    let passed = items.iter().filter(|i| i.pass).count();
    Verdict {
        total: items.len(),
        passed,
        items,
    }
}
