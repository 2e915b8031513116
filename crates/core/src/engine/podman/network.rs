//! Podman's network (reference SANDBOXED-AND-PODMAN.md §4.1 #6–#7, §4.2):
//! a network namespace bind-mounted at `/run/netns/netns-<uuid>`, then
//! netavark `setup` (rootful: bridge `podman0`, veth, IPAM 10.88.0.0/16,
//! firewall rules) or pasta (rootless Podman 5), and netavark `teardown` at
//! cleanup.

use super::super::{h, World};
use super::Paths;
use crate::msg;
use crate::trace::{Component, Iface, Layer};

const P: Component = Component::Podman;

impl World {
    /// Creates and pins the container's network namespace; returns its path.
    pub(crate) fn podman_netns(&mut self, paths: &Paths) -> String {
        let uuid = self.uuid();
        let path = format!("{}/netns-{uuid}", paths.netns_dir);
        self.emit(
            h(P, Component::Kernel, Iface::Syscall, "unshare")
                .note(msg!("podman-netns"))
                .d("flags", "CLONE_NEWNET")
                .d("path", path.clone()),
        );
        path
    }

    /// netavark `setup` on the namespace (rootful), or pasta (rootless).
    pub(crate) fn podman_net_setup(
        &mut self,
        paths: &Paths,
        netns: &str,
        ports: &[(u16, u16)],
    ) -> (String, u32) {
        if paths.rootless() {
            let pid = self.pasta(netns, ports);
            return (String::new(), pid);
        }
        let n = self.next_ip;
        self.next_ip = self.next_ip.saturating_add(1);
        let ip = format!("10.88.0.{}", n.min(254));
        self.emit(
            h(P, Component::Netavark, Iface::Exec, "netavark")
                .note(if ports.is_empty() {
                    msg!("podman-net-default", ip = &ip)
                } else {
                    msg!("podman-net-default-ports", ip = &ip)
                })
                .d(
                    "argv",
                    argv([
                        "/usr/libexec/podman/netavark",
                        "--config",
                        "/run/containers/networks",
                        "--rootless=false",
                        "--aardvark-binary=/usr/libexec/podman/aardvark-dns",
                        "setup",
                        netns,
                    ]),
                )
                .d(
                    "ports",
                    ports
                        .iter()
                        .map(|(h, c)| format!("{h}:{c}/tcp"))
                        .collect::<Vec<_>>(),
                ),
        );
        self.emit(
            h(
                Component::Netavark,
                Component::Kernel,
                Iface::Syscall,
                "sendmsg",
            )
            .note(msg!("podman-net-netlink"))
            .d("protocol", "NETLINK_ROUTE")
            .d("ops", "RTM_NEWLINK bridge+veth, RTM_NEWADDR, RTM_NEWROUTE"),
        );
        self.emit(
            h(
                Component::Netavark,
                Component::Kernel,
                Iface::Syscall,
                "sendmsg",
            )
            .note(if ports.is_empty() {
                msg!("podman-net-firewall")
            } else {
                msg!("podman-net-firewall-ports")
            })
            .d("protocol", "NETLINK_NETFILTER")
            .d("table", "inet netavark"),
        );
        (ip, 0)
    }

    /// Rootless Podman 5: pasta with the argv of pasta_linux.go.
    fn pasta(&mut self, netns: &str, ports: &[(u16, u16)]) -> u32 {
        let mut a = vec!["/usr/bin/pasta".to_string(), "--config-net".into()];
        for (h, c) in ports {
            a.push("-t".into());
            a.push(format!("{h}-{h}:{c}-{c}"));
        }
        a.extend(["--dns-forward".to_string(), "169.254.1.1".into()]);
        if ports.is_empty() {
            a.extend(["-t".to_string(), "none".into()]);
        }
        a.extend(
            [
                "-u",
                "none",
                "-T",
                "none",
                "-U",
                "none",
                "--no-map-gw",
                "--quiet",
                "--netns",
                netns,
                "--map-guest-addr",
                "169.254.1.2",
            ]
            .map(String::from),
        );
        let pid = self.pid();
        self.emit(
            h(P, Component::Pasta, Iface::Exec, "pasta")
                .note(msg!("podman-pasta"))
                .d("argv", a)
                .fx(format!("process/{pid}"), Layer::Kernel, None, "running"),
        );
        self.emit(
            h(Component::Pasta, Component::Kernel, Iface::Syscall, "setns")
                .note(msg!("podman-pasta-tap"))
                .d("path", netns.to_string()),
        );
        pid
    }

    /// Cleanup: netavark `teardown` (rootful) or pasta ends with its namespace.
    pub(crate) fn podman_net_teardown(&mut self, paths: &Paths, netns: &str, caller: Component) {
        if netns.is_empty() {
            return;
        }
        if !paths.rootless() {
            self.emit(
                h(caller, Component::Netavark, Iface::Exec, "netavark")
                    .note(msg!("podman-net-cleanup"))
                    .d(
                        "argv",
                        argv([
                            "/usr/libexec/podman/netavark",
                            "--config",
                            "/run/containers/networks",
                            "--rootless=false",
                            "--aardvark-binary=/usr/libexec/podman/aardvark-dns",
                            "teardown",
                            netns,
                        ]),
                    ),
            );
            self.emit(
                h(
                    Component::Netavark,
                    Component::Kernel,
                    Iface::Syscall,
                    "sendmsg",
                )
                .d("protocol", "NETLINK_ROUTE")
                .d("ops", "RTM_DELLINK veth"),
            );
        }
        self.emit(
            h(caller, Component::Kernel, Iface::Syscall, "umount2")
                .note(msg!("podman-netns-remove"))
                .d("target", netns.to_string()),
        );
    }
}

fn argv<const N: usize>(a: [&str; N]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}
