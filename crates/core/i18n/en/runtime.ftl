# The runtime side of the engine (crates/core/src/engine: cri/, containerd.rs, docker.rs,
# oci_runtime.rs, runc_cli/, procs.rs, output/): hop notes in the simulator's own words.

## CRI server: image and sandbox RPCs (cri/mod.rs)

cri-containerd-down = containerd is not running: the dial to containerd.sock is refused
cri-image-present = the image is present on the node
cri-image-absent = not present: ImageStatus answers with image = nil (not an error)
cri-pull = pull { $image }
dockerd-cri-shim-pull = the CRI shim asks dockerd to pull
cri-run-sandbox = create and start the sandbox of pod { $pod } in { $namespace }
cri-stop-sandbox = stop every container of the pod, then the sandbox; reclaim its network
crio-vm-stop-infra = the infra container is stopped like any other, through the shim
cri-cni-del = release { $ip } and remove the pod's interfaces
crio-unpin-namespaces = unpin the pod's namespaces

## CRI container RPCs (cri/container.rs)

cri-create-container = create container { $container } in pod { $pod } (not started yet)
crio-storage-create-container = containers/storage makes the container's writable overlay layer and the OCI spec is generated; it joins the pinned pod namespaces by path
ctrd-cri-image-get = resolve the image locally; its config gives the default entrypoint, env and user
cri-spec-kata = the OCI spec names /proc/{ $pid }/ns/{ "{" }net,ipc,uts{ "}" } of the sandbox task's pid, which under Kata is QEMU's; Kata's shim drops the network namespace and the agent joins the pod's own IPC and UTS namespaces in the guest instead
cri-spec-runsc = the OCI spec names /proc/{ $pid }/ns/{ "{" }net,ipc,uts{ "}" } of the sandbox task's pid, the Sentry's; runsc ignores these paths for a subcontainer, which joins its sandbox
cri-spec-join = the OCI spec joins the pause container's namespaces: /proc/{ $pid }/ns/{ "{" }net,ipc,uts{ "}" }
cri-spec-generated = the OCI spec is generated
cri-snapshot-prepare = the container's writable layer: an overlay snapshot on the image's top chain ID
cri-containers-create = metadata only: no process exists yet
cri-container-running = the container is RUNNING; its stdout/stderr are copied to the CRI log file
crio-start-itself = CRI-O ran `start` itself, not through conmon
cri-stop-container = stop with a { $timeout } s grace period
cri-stop-force = { $timeout } s later the process is still running: force it

## containerd's CRI plugin (cri/containerd_plugin.rs)

cri-reserve-name = reserve the sandbox name so a retry cannot create it twice
cri-podsandbox-start = containerd 2.x: the podsandbox controller creates the pause container and its task
cri-pause-snapshot = an active overlay snapshot for the pause container's rootfs
cri-pause-record = a container record in namespace k8s.io: metadata only, not a process
cri-sandbox-files = hostname, hosts, resolv.conf and /dev/shm for the pod
cri-nri-run-sandbox = NRI plugins (if any) are told about the new pod
cri-sandbox-ready = the sandbox is READY; the plugin emits CONTAINER_CREATED and CONTAINER_STARTED events for evented PLEG
cri-pause-present = the pause image is present (kubeadm pre-pulls it)
cri-pause-missing = the pause image is missing: the runtime pulls it itself
cri-netns-unshare = a new network namespace, bind-mounted so it outlives any process
cri-cni-add = the CNI plugin wires the namespace and returns the pod IP { $ip }
cri-cni-netlink = netlink: a veth pair, one end moved into the pod's namespace, an address and a route
cri-sandbox-exit-v17 = the CRI plugin's event monitor sees the pause process exit (handleSandboxExit): it deletes the sandbox's task first
cri-sandbox-exit-v2 = the pod sandbox controller sees the pause process exit (handleSandboxTaskExit): it deletes the sandbox's task first
cri-container-exit = the CRI plugin sees the container exit with status { $code } (handleContainerExit): it deletes the task first
cri-exit-task-delete = { $handler }: task.Delete with WithProcessKill, right after the exit
cri-sandbox-notready = handleSandboxExit: the sandbox is no longer ready (pid 0, exit status recorded)
cri-container-exited = handleContainerExit: the CRI plugin records exit code { $code }, reason { $reason }

## containerd: tasks, shims, exits and restarts (containerd.rs)

ctrd-task-create = a task is the running process of a container; creating it starts the shim
ctrd-shim-start-reuse = `start` finds the pod's shim already listening (grouped by io.kubernetes.cri.sandbox-id) and prints its address: no new shim
ctrd-shim-start = containerd execs the shim with `start`; it re-execs itself as the long-lived ttRPC server, prints its address and the first copy exits
ctrd-shim-subreaper = the shim makes itself a child subreaper, so orphaned container processes become its children
ctrd-shim-create-runsc = ttRPC { $task_api }/Create with the bundle, the rootfs mounts and the runtime's options: runsc.toml's [runsc_config] (systemd-cgroup = "true" on this systemd node) becomes flags of every runsc call
ctrd-shim-create-kata = ttRPC { $task_api }/Create with the bundle, the rootfs mounts and the runtime's options: the Kata configuration file
ctrd-shim-create = ttRPC { $task_api }/Create with the bundle and the rootfs mounts
ctrd-event-task-create = the shim publishes /tasks/create to containerd over containerd.sock.ttrpc
ctrd-task-wait = held open: it returns only when the task exits
ctrd-shutdown-kata-ignored = containerd asks the shim to shut down after every Delete; Kata's shim ignores it while the pod's other containers remain
ctrd-shutdown-runc-ignored = containerd asks the shim to shut down after every Delete (shimTask.delete); the runc shim returns at once while it still serves the pod's other containers
ctrd-shutdown-kata = no containers left: the shim makes sure QEMU is gone and exits
ctrd-shutdown = no tasks left: the shim exits
rt-oom-kill = the cgroup's memory usage hit memory.max: the kernel OOM killer sends SIGKILL
rt-exit-group = the container's PID 1 exits with status { $code }
ctrd-shim-oom-event = the shim watches memory.events (inotify) and sees oom_kill increase
ctrd-reap-runsc-wait = SIGCHLD: the shim reaps `runsc wait`, whose exit status is the container's
ctrd-reap-sentry = SIGCHLD: the shim reaps the Sentry it adopted (runsc's init.pid), and records the exit status
ctrd-reap = SIGCHLD: the shim, the container's parent, reaps it and records the exit status
ctrd-publisher-retry = containerd is down: the shim keeps the /tasks/exit event and retries until containerd is back
ctrd-systemd-stop = systemd sends SIGTERM to containerd (KillMode=process: only the main process, not the shims)
ctrd-shutdown-daemon = containerd and its CRI plugin exit; every shim, and so every container, keeps running
ctrd-systemd-start = systemd starts containerd again
ctrd-load-plugins = the plugins load again: content, snapshotter, metadata, tasks, CRI…
ctrd-reconnect-shim = containerd reads the bundle's address file and reconnects to the live shim
ctrd-cri-recover = the CRI plugin rebuilds its sandbox and container stores from containerd's metadata and the tasks' states

## Docker Engine, dockershim and cri-dockerd (docker.rs)

dockerd-create = dockerd records the container and prepares its rootfs layer; nothing runs yet
dockerd-netns-sandbox-runsc = libnetwork prepares a sandbox in external-key mode: the network namespace will come from the runtime (runsc's Sentry)
dockerd-netns-sandbox = libnetwork prepares a sandbox in external-key mode: the network namespace will come from runc
dockerd-spec-init = dockerd builds the OCI spec: args prefixed with /sbin/docker-init --, and the host's docker-init bind-mounted read-only
dockerd-spec = dockerd builds the OCI spec from the image config and the flags
dockerd-containers-create-runsc = in containerd namespace moby, runtime io.containerd.runc.v2 (a runtime given by path always uses the runc v2 shim) with options BinaryName=/usr/local/bin/runsc, Root=/var/run/docker/runtime-runc and SystemdCgroup (dockerd's systemd cgroup driver)
dockerd-containers-create = in containerd namespace moby, runtime io.containerd.runc.v2 with runc root /var/run/docker/runtime-runc
dockerd-setkey-runsc = Docker 26+: after Tasks.Create, dockerd adopts the Sentry's network namespace (runsc start will copy its eth0 into the Sentry's netstack)
dockerd-setkey = Docker 26+: after Tasks.Create, dockerd adopts runc's network namespace
dockerd-allocate-network = allocateNetwork: a veth pair, one end on docker0 and one in the container as eth0, address { $ip }
dockerd-iptables-dnat = iptables: DNAT host port { $host_port } to { $ip }:{ $container_port } (nat table, DOCKER chain)
dockerd-userland-proxy = the userland proxy (userland-proxy=true) also forwards the port, e.g. for traffic from localhost
dockerd-docker-init = docker-init (tini) is PID 1: it spawns the real command, reaps zombies and forwards signals
dockerd-remove = dockerd removes its record, the rootfs layer and the log file
dockerd-event-exit = dockerd's subscription delivers /tasks/exit
dockerd-exit-oom = dockerd deletes the task first (tsk.Delete), then Cleanup, then marks the container exited, OOMKilled=true
dockerd-exit = dockerd deletes the task first (tsk.Delete), then Cleanup, then marks the container exited ({ $code })
dockerd-exit-task-delete = handleContainerExit: tsk.Delete, right after the exit
dockerd-cleanup = daemon.Cleanup: the containerd container goes too; dockerd keeps its own record until docker rm
dockerd-auto-remove = --rm: dockerd removes the container after it exits
dockerd-shim-pause-present = the pause image is present
dockerd-shim-checkpoint = the shim writes a sandbox checkpoint so it can clean up the network if it restarts
dockerd-shim-cni-add = the network plugin (CNI) wires the pause container's namespace: pod IP { $ip }
dockerd-shim-log-symlink = the CRI log path is a symlink to dockerd's json-file log
dockerd-ping = API version negotiation
dockerd-no-such-image = 404 No such image: the CLI pulls and retries
dockerd-pull-progress = streamed JSON progress
dockerd-wait-detached = issued before start; abandoned when the CLI exits in -d mode
dockerd-wait = the CLI waits for the exit status
