//! The container's cgroup resources: the files runc (`fs2.Manager.Set`,
//! `fs.Manager.Set`) or crun (`update_cgroup_v2_resources`) writes for
//! `linux.resources`, in each runtime's order, on cgroup v1 or v2, and the
//! device filter.

use super::builder::Builder;
use super::namespaces::Namespaces;
use super::{CgroupValue, CgroupVersion, OciRuntime, Op};
use oci_spec::runtime::LinuxNamespaceType;

impl<'s> Builder<'s> {
    /// `delete`'s start: the state read back, `SIGKILL` to the init process
    /// (to every process of the cgroup when the container has no new PID
    /// namespace of its own), the cgroup removed.
    pub(super) fn kill_and_remove_cgroup(&mut self, ns: &Namespaces<'s>) {
        self.rt(Op::LoadState);
        self.rt(Op::Kill {
            all: !ns.is_new(LinuxNamespaceType::Pid),
        });
        self.rt(Op::CgroupRemove);
    }

    /// The cgroup resource files, in the order runc (`fs2.Manager.Set`,
    /// `fs.Manager.Set`) or crun (`update_cgroup_v2_resources`) writes them.
    pub(super) fn resources(&mut self) {
        let r = self
            .spec
            .linux()
            .as_ref()
            .and_then(|l| l.resources().as_ref());
        let Some(r) = r else {
            if self.options.runtime == OciRuntime::Runc {
                // runc always installs its own device allow-list.
                self.rt(Op::DeviceFilter { rules: 0 });
            }
            return;
        };
        let v2 = self.options.cgroup == CgroupVersion::V2;
        let devices =
            u32::try_from(r.devices().as_ref().map_or(0, |d| d.len())).unwrap_or(u32::MAX);
        let pids = r.pids().as_ref().map(|p| p.limit());
        let memory = r.memory().as_ref();
        let cpu = r.cpu().as_ref();
        let crun = self.options.runtime == OciRuntime::Crun;
        if crun || !v2 {
            self.rt(Op::DeviceFilter { rules: devices });
        }
        if !crun {
            if let Some(limit) = pids {
                self.pids(limit);
            }
        }
        if let Some(m) = memory {
            let file = if v2 {
                "memory.max"
            } else {
                "memory.limit_in_bytes"
            };
            if let (true, Some(swap)) = (v2, m.swap()) {
                let value = match (swap, m.limit()) {
                    (-1, _) | (_, Some(-1)) => -1,
                    (s, Some(l)) => s.saturating_sub(l),
                    (s, None) => s,
                };
                self.rt(Op::CgroupWrite {
                    file: "memory.swap.max",
                    value: CgroupValue::Number(value),
                });
            }
            if let Some(limit) = m.limit().filter(|l| *l != 0) {
                self.rt(Op::CgroupWrite {
                    file,
                    value: CgroupValue::Number(limit),
                });
            }
            if let Some(res) = m.reservation().filter(|r| *r != 0) {
                let file = if v2 {
                    "memory.low"
                } else {
                    "memory.soft_limit_in_bytes"
                };
                self.rt(Op::CgroupWrite {
                    file,
                    value: CgroupValue::Number(res),
                });
            }
        }
        if crun {
            if let Some(limit) = pids {
                self.pids(limit);
            }
        }
        if let Some(c) = cpu {
            if let Some(shares) = c.shares().filter(|s| *s != 0) {
                if v2 {
                    // runc's ConvertCPUSharesToCgroupV2Value (linear, runc ≤ 1.3).
                    let weight = 1 + (shares.saturating_sub(2)).saturating_mul(9999) / 262_142;
                    self.rt(Op::CgroupWrite {
                        file: "cpu.weight",
                        value: CgroupValue::Unsigned(weight),
                    });
                } else {
                    self.rt(Op::CgroupWrite {
                        file: "cpu.shares",
                        value: CgroupValue::Unsigned(shares),
                    });
                }
            }
            let quota = c.quota().unwrap_or(0);
            let period = c.period().unwrap_or(0);
            if quota != 0 || period != 0 {
                if v2 {
                    self.rt(Op::CgroupWrite {
                        file: "cpu.max",
                        value: CgroupValue::CpuMax {
                            quota,
                            period: if period == 0 { 100_000 } else { period },
                        },
                    });
                } else {
                    if period != 0 {
                        self.rt(Op::CgroupWrite {
                            file: "cpu.cfs_period_us",
                            value: CgroupValue::Unsigned(period),
                        });
                    }
                    if quota != 0 {
                        self.rt(Op::CgroupWrite {
                            file: "cpu.cfs_quota_us",
                            value: CgroupValue::Number(quota),
                        });
                    }
                }
            }
        }
        if v2 && !crun {
            self.rt(Op::DeviceFilter { rules: devices });
        }
        if v2 {
            if let Some(u) = r.unified() {
                let mut keys: Vec<(&'s String, &'s String)> = u.iter().collect();
                crate::order::sort(&mut keys);
                for (k, v) in keys {
                    self.rt(Op::CgroupWrite {
                        file: k,
                        value: CgroupValue::Text(v),
                    });
                }
            }
        }
    }

    fn pids(&mut self, limit: i64) {
        if limit != 0 {
            self.rt(Op::CgroupWrite {
                file: "pids.max",
                value: CgroupValue::Number(limit),
            });
        }
    }
}
