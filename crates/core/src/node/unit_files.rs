//! The unit files the packages install, as their packagers ship them
//! (containerd's `containerd.service`, moby's `docker.service` and
//! `docker.socket`, CRI-O's `contrib/systemd/crio.service`, Mirantis'
//! `packaging/systemd/cri-docker.{service,socket}`, the kubernetes/release
//! `kubelet.service` and kubeadm's `10-kubeadm.conf` drop-in, Debian's
//! `ssh.service`), and what systemd reads from them.

/// containerd's unit (containerd.io and the distributions' packages run
/// `/usr/bin/containerd`).
const CONTAINERD: &str = "# Copyright The containerd Authors.
#
# Licensed under the Apache License, Version 2.0 (the \"License\");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an \"AS IS\" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

[Unit]
Description=containerd container runtime
Documentation=https://containerd.io
After=network.target local-fs.target dbus.service

[Service]
ExecStartPre=-/sbin/modprobe overlay
ExecStart=/usr/bin/containerd

Type=notify
Delegate=yes
KillMode=process
Restart=always
RestartSec=5

# Having non-zero Limit*s causes performance problems due to accounting overhead
# in the kernel. We recommend using cgroups to do container-local accounting.
LimitNPROC=infinity
LimitCORE=infinity

# Comment TasksMax if your systemd version does not supports it.
# Only systemd 226 and above support this version.
TasksMax=infinity
OOMScoreAdjust=-999

[Install]
WantedBy=multi-user.target
";

/// The kubelet's unit from the kubernetes/release packages.
const KUBELET: &str = "[Unit]
Description=kubelet: The Kubernetes Node Agent
Documentation=https://kubernetes.io/docs/
Wants=network-online.target
After=network-online.target

[Service]
ExecStart=/usr/bin/kubelet
Restart=always
StartLimitInterval=0
RestartSec=10

[Install]
WantedBy=multi-user.target
";

/// kubeadm's drop-in for the kubelet (the kubeadm package's
/// `kubelet.service.d/10-kubeadm.conf`).
pub(crate) const KUBEADM_DROPIN: &str = "# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment=\"KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf\"
Environment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"
# This is a file that \"kubeadm init\" and \"kubeadm join\" generates at runtime, populating the KUBELET_KUBEADM_ARGS variable dynamically
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
# This is a file that the user can use for overrides of the kubelet args as a last resort. Preferably, the user should use
# the .NodeRegistration.KubeletExtraArgs object in the configuration files instead. KUBELET_EXTRA_ARGS should be sourced from this file.
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
";

const CRIO: &str = "[Unit]
Description=Container Runtime Interface for OCI (CRI-O)
Documentation=https://github.com/cri-o/cri-o
Wants=network-online.target
Before=kubelet.service
After=network-online.target

[Service]
Type=notify
# Only ever signal the tracked main PID on stop/restart. conmon is deliberately
# detached from crio so containers survive a crio restart; the default
# KillMode=control-group would also sweep any conmon still sitting in this
# cgroup because it hasn't yet been relocated to its own transient scope,
# which is what lets a crio.service restart mid-container-creation kill it
# and leave a permanently failed crio-conmon-*.scope behind.
KillMode=process
EnvironmentFile=-/etc/sysconfig/crio
Environment=GOTRACEBACK=crash
ExecStart=/usr/bin/crio \\
          $CRIO_CONFIG_OPTIONS \\
          $CRIO_RUNTIME_OPTIONS \\
          $CRIO_STORAGE_OPTIONS \\
          $CRIO_NETWORK_OPTIONS \\
          $CRIO_METRICS_OPTIONS
ExecReload=/bin/kill -s HUP $MAINPID
TasksMax=infinity
LimitNPROC=1048576
LimitCORE=infinity
OOMScoreAdjust=-999
TimeoutStartSec=0
Restart=on-failure
RestartSec=10
WatchdogSec=60s

[Install]
WantedBy=multi-user.target
Alias=cri-o.service
";

const DOCKER: &str = "[Unit]
Description=Docker Application Container Engine
Documentation=https://docs.docker.com
After=network-online.target docker.socket firewalld.service containerd.service time-set.target
Wants=network-online.target containerd.service
Requires=docker.socket

[Service]
Type=notify
# the default is not to use systemd for cgroups because the delegate issues still
# exists and systemd currently does not support the cgroup feature set required
# for containers run by docker
ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock
ExecReload=/bin/kill -s HUP $MAINPID
TimeoutStartSec=0
RestartSec=2
Restart=always

# Note that StartLimit* options were moved from \"Service\" to \"Unit\" in systemd 229.
# Both the old, and new location are accepted by systemd 229 and up, so using the old location
# to make them work for either version of systemd.
StartLimitBurst=3

# Note that StartLimitInterval was renamed to StartLimitIntervalSec in systemd 230.
# Both the old, and new name are accepted by systemd 230 and up, so using the old name to make
# this option work for either version of systemd.
StartLimitInterval=60s

# Having non-zero Limit*s causes performance problems due to accounting overhead
# in the kernel. We recommend using cgroups to do container-local accounting.
LimitNPROC=infinity
LimitCORE=infinity

# Comment TasksMax if your systemd version does not support it.
# Only systemd 226 and above support this option.
TasksMax=infinity

# set delegate yes so that systemd does not reset the cgroups of docker containers
Delegate=yes

# kill only the docker process, not all processes in the cgroup
KillMode=process
OOMScoreAdjust=-500

[Install]
WantedBy=multi-user.target
";

const DOCKER_SOCKET: &str = "[Unit]
Description=Docker Socket for the API

[Socket]
# If /var/run is not implemented as a symlink to /run, you may need to
# specify ListenStream=/var/run/docker.sock instead.
ListenStream=/run/docker.sock
SocketMode=0660
SocketUser=root
SocketGroup=docker

[Install]
WantedBy=sockets.target
";

const CRI_DOCKER: &str = "[Unit]
Description=CRI Interface for Docker Application Container Engine
Documentation=https://docs.mirantis.com
BindsTo=containerd.service
After=network-online.target firewalld.service containerd.service docker.service
Wants=network-online.target
Requires=cri-docker.socket

[Service]
Type=notify
ExecStart=/usr/bin/cri-dockerd --container-runtime-endpoint fd://
ExecReload=/bin/kill -s HUP $MAINPID
TimeoutSec=0
RestartSec=2
Restart=always

# Note that StartLimit* options were moved from \"Service\" to \"Unit\" in systemd 229.
# Both the old, and new location are accepted by systemd 229 and up, so using the old location
# to make them work for either version of systemd.
StartLimitBurst=3

# Note that StartLimitInterval was renamed to StartLimitIntervalSec in systemd 230.
# Both the old, and new name are accepted by systemd 230 and up, so using the old name to make
# this option work for either version of systemd.
StartLimitInterval=60s

# Having non-zero Limit*s causes performance problems due to accounting overhead
# in the kernel. We recommend using cgroups to do container-local accounting.
LimitNOFILE=infinity
LimitNPROC=infinity
LimitCORE=infinity

# Comment TasksMax if your systemd version does not support it.
# Only systemd 226 and above support this option.
TasksMax=infinity
Delegate=yes
KillMode=process

[Install]
WantedBy=multi-user.target
";

const CRI_DOCKER_SOCKET: &str = "[Unit]
Description=CRI Docker Socket for the API
PartOf=cri-docker.service

[Socket]
ListenStream=%t/cri-dockerd.sock
SocketMode=0660
SocketUser=root
SocketGroup=docker

[Install]
WantedBy=sockets.target
";

const SSH: &str = "[Unit]
Description=OpenBSD Secure Shell server
Documentation=man:sshd(8) man:sshd_config(5)
After=network.target nss-user-lookup.target auditd.service
ConditionPathExists=!/etc/ssh/sshd_not_to_be_run

[Service]
EnvironmentFile=-/etc/default/ssh
ExecStartPre=/usr/sbin/sshd -t
ExecStart=/usr/sbin/sshd -D $SSHD_OPTS
ExecReload=/usr/sbin/sshd -t
ExecReload=/bin/kill -HUP $MAINPID
KillMode=process
Restart=on-failure
RestartPreventExitStatus=255
Type=notify
RuntimeDirectory=sshd
RuntimeDirectoryMode=0755

[Install]
WantedBy=multi-user.target
Alias=sshd.service
";

/// The packaged unit file of a unit, by full name.
pub(crate) fn packaged(name: &str) -> Option<&'static str> {
    Some(match name {
        "containerd.service" => CONTAINERD,
        "kubelet.service" => KUBELET,
        "crio.service" => CRIO,
        "docker.service" => DOCKER,
        "docker.socket" => DOCKER_SOCKET,
        "cri-docker.service" => CRI_DOCKER,
        "cri-docker.socket" => CRI_DOCKER_SOCKET,
        "ssh.service" => SSH,
        _ => return None,
    })
}

/// The last value of `key=` in a unit's text (fragment and drop-ins
/// joined), the way systemd reads a single-valued setting.
pub(crate) fn setting<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let mut found = None;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with('#') || l.starts_with(';') {
            continue;
        }
        if let Some((k, v)) = l.split_once('=') {
            if k.trim() == key {
                found = Some(v.trim());
            }
        }
    }
    found
}

/// `Restart=` as systemd reads it: whether a main process that died of a
/// signal or exited non-zero is started again.
pub(crate) fn restarts_on_failure(text: &str) -> bool {
    matches!(
        setting(text, "Restart"),
        Some("always" | "on-failure" | "on-abnormal" | "on-abort")
    )
}

/// `RestartSec=` in milliseconds (systemd's default is 100 ms).
pub(crate) fn restart_ms(text: &str) -> u64 {
    let Some(v) = setting(text, "RestartSec") else {
        return 100;
    };
    let v = v.trim();
    if let Some(ms) = v.strip_suffix("ms") {
        return ms.trim().parse().unwrap_or(100);
    }
    let s = v.trim_end_matches('s').trim();
    s.parse::<u64>().map_or(100, |s| s * 1000)
}

/// `Documentation=`'s first address.
pub(crate) fn docs(text: &str) -> Option<&str> {
    setting(text, "Documentation").and_then(|d| d.split_whitespace().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restart_settings_are_read_as_systemd_reads_them() {
        let k = packaged("kubelet.service").unwrap();
        assert!(restarts_on_failure(k));
        assert_eq!(restart_ms(k), 10_000);
        let c = packaged("containerd.service").unwrap();
        assert_eq!(restart_ms(c), 5_000);
        assert_eq!(docs(c), Some("https://containerd.io"));
        // The drop-in's empty ExecStart= resets; the last one wins.
        let joined = format!("{k}{KUBEADM_DROPIN}");
        assert!(setting(&joined, "ExecStart")
            .unwrap()
            .starts_with("/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS"));
        assert_eq!(restart_ms("[Service]\nRestartSec=250ms\n"), 250);
        assert_eq!(restart_ms("[Service]\n"), 100);
    }
}
