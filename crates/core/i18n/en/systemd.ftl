# systemd, the journal and the kubelet as a service (node::systemd, node::journal,
# node::systemctl): the simulator's own remarks and the notes of the hops the
# kubelet's service makes. systemd's and the daemons' own words stay in the code.

## Remarks (atlas: …)

systemd-journal-follow = atlas: journalctl -f printed what the journal has and would go on printing new lines until Ctrl-C; a script's run stops here (the browser's terminal follows)
systemd-rebooted = atlas: the node rebooted; you are logged in again
# $verb: the systemctl verb or the program (`poweroff`, `mask`, `shutdown`).
systemd-not-modelled = atlas: `{ $verb }` is real, but the simulator does not model it on this node
systemd-status-overview = atlas: `systemctl status` without a unit (the system overview) is not modelled; name a unit: `systemctl status kubelet`
systemd-only-modelled-units = atlas: only the units the model runs are listed (a real node lists many more)

## Hop notes

systemd-sandbox-cgroup = the kubelet (cgroupDriver: cgroupfs) asks for a sandbox under a cgroupfs path, but containerd runs runc with the systemd cgroup driver (SystemdCgroup = true): runc refuses the path
