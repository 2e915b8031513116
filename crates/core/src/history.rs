//! The history of the stack as a timeline: what changed, when, and why,
//! each event opening the configuration of its time in the app.
//!
//! Dates and facts from `shared/reference/STACK.md` §2 (containerd's
//! releases and CNCF dates), §3 (CRI-O), §4 (Docker Engine, dockershim,
//! cri-dockerd, OCI, rkt) and §1 (CRI API generations). The words are
//! messages (`hist-<id>-title`, `hist-<id>-body` in `i18n/*/history.ftl`).
//! An event whose world the model does not run (rkt) opens nothing and says
//! so; one older than the oldest node the model has (Kubernetes 1.20) opens
//! that oldest node, and its text says the node is newer than the event.

use crate::config::{Config, K8sVersion, Oci, Runtime};
use crate::message::Msg;
use crate::scenario::{self, Scenario};

/// A node of the event's time and the scenario it plays there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opens {
    /// Kubernetes minor version.
    pub k8s: u8,
    /// High-level runtime.
    pub runtime: Runtime,
    /// OCI runtime.
    pub oci: Oci,
    /// The scenario's name.
    pub scenario: &'static str,
}

impl Opens {
    /// The configuration.
    pub fn config(&self) -> Config {
        Config {
            k8s: K8sVersion(self.k8s),
            runtime: self.runtime,
            oci: self.oci,
        }
    }

    /// The scenario.
    pub fn scenario(&self) -> Option<&'static Scenario> {
        scenario::find(self.scenario)
    }
}

/// One event of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// Stable id (the messages' and the link's).
    pub id: &'static str,
    /// The year, as the timeline groups events.
    pub year: u16,
    /// The date as precise as the sources give it (`2016-12-13`, `2014-06`).
    pub date: &'static str,
    /// What the event opens, if the model has a node of its time.
    pub opens: Option<Opens>,
    title: &'static str,
    body: &'static str,
}

impl Event {
    /// The event's one-line title.
    pub fn title(&self) -> Msg {
        Msg::new(self.title)
    }

    /// What changed and why.
    pub fn body(&self) -> Msg {
        Msg::new(self.body)
    }
}

const fn opens(k8s: u8, runtime: Runtime, oci: Oci, scenario: &'static str) -> Option<Opens> {
    Some(Opens {
        k8s,
        runtime,
        oci,
        scenario,
    })
}

macro_rules! event {
    ($id:literal, $year:literal, $date:literal, $opens:expr) => {
        Event {
            id: $id,
            year: $year,
            date: $date,
            opens: $opens,
            title: concat!("hist-", $id, "-title"),
            body: concat!("hist-", $id, "-body"),
        }
    };
}

/// Every event, oldest first.
pub const EVENTS: &[Event] = &[
    event!(
        "docker",
        2013,
        "2013-03",
        opens(28, Runtime::CriDockerd, Oci::Runc, "docker-run-port")
    ),
    event!(
        "kubernetes",
        2014,
        "2014-06",
        opens(20, Runtime::Dockershim, Oci::Runc, "kubectl-run-dockershim")
    ),
    event!("rkt", 2014, "2014-12", None),
    event!(
        "oci",
        2015,
        "2015-06-22",
        opens(28, Runtime::Containerd17, Oci::Runc, "runc-run")
    ),
    event!(
        "cri",
        2016,
        "2016-12-13",
        opens(20, Runtime::Dockershim, Oci::Runc, "kubectl-run-dockershim")
    ),
    event!(
        "containerd",
        2016,
        "2016-12",
        opens(28, Runtime::CriDockerd, Oci::Runc, "docker-run-port")
    ),
    event!(
        "cncf",
        2017,
        "2017-03-29",
        opens(28, Runtime::Containerd17, Oci::Runc, "ctr-run")
    ),
    event!(
        "oci-v1",
        2017,
        "2017-07",
        opens(28, Runtime::Containerd17, Oci::Runc, "runc-run")
    ),
    event!(
        "crio",
        2017,
        "2017-10",
        opens(28, Runtime::CriO, Oci::Runc, "kubectl-run-crio")
    ),
    event!(
        "cri-plugin",
        2018,
        "2018-04-23",
        opens(28, Runtime::Containerd17, Oci::Runc, "kubectl-run")
    ),
    event!(
        "graduated",
        2019,
        "2019-02-28",
        opens(28, Runtime::Containerd17, Oci::Runc, "kubectl-run")
    ),
    event!("rkt-archived", 2019, "2019-08-16", None),
    event!(
        "deprecated",
        2020,
        "2020-12-08",
        opens(20, Runtime::Dockershim, Oci::Runc, "kubectl-run-dockershim")
    ),
    event!(
        "last-dockershim",
        2021,
        "2021-08-04",
        opens(22, Runtime::Dockershim, Oci::Runc, "kubectl-run-dockershim")
    ),
    event!(
        "removed",
        2022,
        "2022-05-03",
        opens(
            24,
            Runtime::CriDockerd,
            Oci::Runc,
            "kubectl-run-cri-dockerd"
        )
    ),
    event!(
        "cri-v1",
        2022,
        "2022-12",
        opens(26, Runtime::Containerd17, Oci::Runc, "kubectl-run")
    ),
    event!(
        "cgroup-driver",
        2023,
        "2023-08-15",
        opens(28, Runtime::Containerd17, Oci::Runc, "kubectl-run")
    ),
    event!(
        "crun-default",
        2024,
        "2024-08",
        opens(31, Runtime::CriO, Oci::Crun, "kubectl-run-crio")
    ),
    event!(
        "containerd-2",
        2024,
        "2024-11-05",
        opens(31, Runtime::Containerd2, Oci::Runc, "kubectl-run")
    ),
];

/// The event with this id.
pub fn find(id: &str) -> Option<&'static Event> {
    EVENTS.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{Catalog, Lang};

    #[test]
    fn events_are_in_order_and_each_opens_a_node_that_runs() {
        for w in EVENTS.windows(2) {
            let month = |d: &'static str| d.get(..7).unwrap_or(d);
            assert!(
                month(w[0].date) <= month(w[1].date),
                "{} after {}",
                w[0].id,
                w[1].id
            );
        }
        for e in EVENTS {
            assert!(e.date.starts_with(&e.year.to_string()), "{}", e.id);
            let Some(o) = e.opens else { continue };
            let c = o.config();
            assert_eq!(c.check(), Ok(()), "{}", e.id);
            let s = o
                .scenario()
                .unwrap_or_else(|| panic!("{}: no scenario {}", e.id, o.scenario));
            assert_eq!(s.runs_on(&c), Ok(()), "{}", e.id);
        }
        assert_eq!(
            find("removed").and_then(|e| e.opens).map(|o| o.k8s),
            Some(24)
        );
    }

    #[test]
    fn every_event_speaks_both_languages() {
        let en = Catalog::english();
        let ko = Catalog::builtin(Lang::Ko);
        for e in EVENTS {
            for m in [e.title(), e.body()] {
                assert!(en.has(&m.id), "{} has no English", m.id);
                assert!(ko.has(&m.id), "{} has no Korean", m.id);
            }
            let body = ko.render(&e.body());
            assert!(body.chars().any(|c| ('가'..='힣').contains(&c)), "{}", e.id);
        }
        assert_eq!(
            ko.render(&find("removed").map(Event::title).unwrap_or(Msg::new("x"))),
            "쿠버네티스 1.24: 도커심(Dockershim) 제거"
        );
    }
}
