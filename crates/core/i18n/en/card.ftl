# A component's card (crates/core/src/endpoint.rs; the app's src/components/card.rs) and the
# topology's own controls: the facts' labels and notes, the card's headings, the diagram toggle.

card-role-binary = Program
card-role-part-of = Runs inside
card-role-socket = Socket
card-role-listens = Listens on
card-role-calls = Calls
card-role-config = Configuration
card-role-state = State
card-role-remote = Address

card-note-in-process = a part of the daemon's process, not a program of its own
card-note-runs-once = none: it runs for one command and exits
card-note-static-pod = a static pod on the control-plane node (kubeadm)
card-note-cri-endpoint = its container runtime endpoint (CRI)
card-note-grpc = gRPC: containerd's API and CRI
card-note-events = ttRPC: the shims' events
card-note-cri-namespace = CRI on containerd's gRPC socket; containerd namespace k8s.io
card-note-namespace = containerd namespace { $ns }
card-note-bundle = each task's bundle
card-note-no-daemon = none: no daemon; each podman command does the work itself
card-note-shim-socket = ttRPC: containerd's task API to this shim
card-note-conmon = none: it holds the container's stdio and waits for its exit
card-note-exit-files = where it writes each container's exit code
card-note-pinned = the pod's namespaces, pinned as files
card-note-oci-root = its --root: one directory per container
card-note-sealed-copy = a sealed in-memory copy of runc's binary (CVE-2019-5736)
card-note-init-pipe = none: it talks to runc over the init pipe and waits on exec.fifo
card-note-argv0 = the runsc binary, run as { $name }
card-note-urpc = the sandbox's control socket (urpc)
card-note-qmp = QMP: the shim's control of the VM
card-note-vhost-user = vhost-user: the guest's shared file system
card-note-in-guest = inside the VM
card-note-vsock = the shim's ttRPC reaches it over vsock
card-note-kvm = the VMs' hardware virtualization

card-close = Close
card-talks = Talks to in this run
card-talks-none = Not part of this run.
card-objects = Its objects now
card-objects-none = None yet.
card-show-all = Show every component
card-show-run = Show only this run's components
