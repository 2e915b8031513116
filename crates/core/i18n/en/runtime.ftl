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

## CRI-O with pinns and conmon (cri/crio.rs)

crio-pinns = pinns creates the pod's namespaces and pins them as bind mounts under /var/run, so they outlive any process
crio-pinns-bind = bind-mount each namespace file
crio-cni-add = ocicni runs the CNI plugin on the pinned namespace: pod IP { $ip }
crio-sandbox-cgroup = CreateSandboxCgroup: a cgroup for the dropped infra container inside the pod's slice (so cAdvisor sees the pod), made directly, not as a systemd scope
crio-drop-infra = drop_infra_ctr = true (default since CRI-O 1.22): no pause process and no conmon for the sandbox, only a record
crio-conmon = one conmon per container: it double-forks, becomes a subreaper and runs the runtime's create as its child
crio-conmon-scope = CRI-O asks systemd over D-Bus (StartTransientUnit) for a scope for conmon in the pod's slice { $slice }: conmon's cgroup is not the container's
crio-conmon-reap = conmon, the container's parent, reaps it
crio-conmon-exit-oom = conmon writes the exit code and an oom file
crio-conmon-exit = conmon writes the exit code to /var/run/crio/exits/<id>
crio-exit-watch = CRI-O's fsnotify watch on the exits directory fires

## CRI-O with a VM runtime (cri/crio_vm.rs)

crio-vm-infra = a VM runtime always keeps the infra container (podIsKernelSeparated overrides drop_infra_ctr): the pause container is the VM's first container
crio-vm-create = CRI-O is the shim's ttRPC client: containerd.task.v2.Task/Create with the bundle, the stdio FIFOs it will read, and the runtime config path
crio-vm-fifos = createContainerIO: there is no conmon, so CRI-O makes the container's stdio FIFOs itself (NewFIFOSetInDir, in a new temporary directory)
crio-vm-log-file = …and opens the container's CRI log file; CRI-O's own goroutines copy the FIFOs into it in the CRI log format (time, stream, P|F, text), the work conmon does for runc
crio-storage-mount = containers/storage mounts the container's overlay root filesystem
crio-vm-wait = a CRI-O goroutine holds Task/Wait open; it returns when the process exits
crio-vm-shutdown = the pod's last container is gone: the shim exits
crio-vm-shutdown-ignored = ignored: the pod's other containers remain in the shim
crio-vm-exit = Task/Wait returns: CRI-O writes the exit code to its exits directory itself (there is no conmon)
crio-vm-final-state = and reads the task's final state

## The OCI runtime as its callers drive it (oci_runtime.rs)

rt-create-by-shim = the shim runs the runtime's create; runc builds the container and exits, leaving init re-parented to the shim (a subreaper)
rt-create-by-conmon = conmon runs the runtime's create as its child and reports the pid to CRI-O over its sync pipe
rt-create = the runtime builds the container; its init waits on exec.fifo
rt-start = start opens exec.fifo; the waiting init goes on to execve the user program
rt-kill = send { $signal } to the container's init
rt-delete = delete removes the cgroup and the state directory, then runs poststop hooks
rt-config-refused = the runtime refuses this config.json: { $reason }
rt-nerdctl-cni-add = bridge nerdctl0 (10.4.0.0/24), portmap, firewall, tuning: IP { $ip }
rt-nerdctl-cni-del = release { $ip } and the port mappings
rt-program-not-found = init could not find the program: the runtime kills it and removes the state directory and the cgroup

## runc and crun typed at the shell (runc_cli/)

rt-cli-run = run = create + start in one process; in the foreground the runtime stays as the container's parent
rt-cli-create = create builds the container and leaves its init waiting on exec.fifo
rt-cli-typed-exit = you type `exit` at the container's shell: `{ $command }` exits with status 0 and, with its PID 1 gone, the kernel tears down the PID namespace
rt-cli-exit = `{ $command }` exits with status { $code }: with its PID 1 gone, the kernel tears down the PID namespace
rt-cli-reap = { $runtime } is the parent (a subreaper): it reaps its child and learns the exit status
rt-cli-start = start opens exec.fifo: the waiting init goes on to execve the program
rt-cli-spec = write a default config.json for a bundle: rootfs "rootfs", args ["sh"], terminal true, new pid/net/ipc/uts/mount namespaces
rt-cli-spec-write = config.json is written into the bundle { $bundle }
rt-cli-state = state reads state.json from the state directory and checks the init process is alive
rt-cli-list = list reads every state directory under { $root }
rt-cli-kill = kill sends a signal to the container's init process
rt-cli-kill-pid = { $signal } to pid { $pid }
rt-cli-sigkill = SIGKILL cannot be caught: the kernel ends the process
rt-cli-dies-of = the process dies of { $signal }
rt-cli-signal-dropped = `{ $command }` is PID 1 in its namespace and has no handler for { $signal }: the kernel drops the signal
rt-cli-delete-kills = the init process is still alive: delete kills it first (SIGKILL)
rt-cli-exec = exec starts another process inside the running container's namespaces and cgroup
rt-cli-ps = ps reads the container cgroup's cgroup.procs and runs ps -ef on those pids
rt-cli-ps-procs = the pids in the container's cgroup
rt-cli-pause = pause freezes every process of the container through the cgroup freezer
rt-cli-resume = resume thaws the container's cgroup

## What the tools ask before they print (output/)

cri-crictl-containerd-down = containerd is down: connection refused
cri-crictl-logs = crictl only asks the runtime where the log file is, then reads it itself
cri-crictl-exec = Exec returns a URL on the runtime's streaming server; crictl then upgrades to a stream
cri-crictl-exec-sync = ExecSync runs the command and returns its output in the reply
crio-exec = CRI-O runs the runtime's exec itself (through conmon for streams)
ctrd-ctr-image-present = the image is present
ctrd-ctr-never-pulls = ctr run never pulls: the image must be there
ctrd-ctr-id-taken = the id is taken
ctrd-ctr-snapshot = the container's writable layer on the image's top chain ID
ctrd-nerdctl-create = with createRuntime/postStop OCI hooks that call back into nerdctl for CNI networking
ctrd-ctr-create = containerd's default spec (oci.WithDefaultSpec): new pid, ipc, uts, mount and network namespaces, no CNI
rt-kubectl-list-cache = ConsistentListFromCache (beta in 1.31): the API server asks etcd only for its current revision, waits until the watch cache has reached it, then serves the list from the cache
rt-kubectl-list-etcd = a list with no resourceVersion is a consistent read: the API server reads it from etcd (ConsistentListFromCache, alpha in 1.28, is off by default before 1.31)
rt-kubectl-get-pods = a list: the API server answers from etcd or its watch cache, never from the node
rt-kubectl-describe-events = describe also lists the events the kubelet posted for this pod
rt-kubectl-get-nodes = the node object the kubelet registered and keeps updating (status, lease)
dockerd-exec-create = dockerd records an exec instance (no process yet)
ctrd-tasks-exec = containerd hands the process spec to the container's shim

## The simulator's own lines in a command's output (atlas: …)

cri-crictl-exec-docker = atlas: crictl exec on a Docker node is not simulated; use docker exec
dockerd-no-docker = (atlas: this node runs { $runtime }; choose --runtime docker for Docker Engine)
rt-cli-no-crun = (atlas: this node's OCI runtime is { $oci }; choose --oci crun to have crun)
rt-cli-update = update writes the container's new cgroup limits, as create wrote them; devices are never updated
rt-cli-not-modelled = atlas: `{ $command }` is a real command that this simulator does not model; modelled: spec, create, start, run, state, list, kill, delete, exec, ps, pause, resume, update (flags), --version
rt-cli-foreground = (atlas: { $runtime } stays in the foreground while `{ $command }` runs; the script goes on as if you had opened another terminal. Stop it with `{ $runtime } kill { $id } KILL`.)

## The container's cgroup resources beyond memory, cpu and pids (oci/hops/cgroups.rs)

oci-cgroup-memsw = { $runtime } caps memory plus swap at { $value } bytes (cgroup v1's { $file }; when raising the limit runc writes it before memory.limit_in_bytes, which the kernel keeps below it).
oci-cgroup-swappiness = { $runtime } sets the container's swappiness to { $value } (0 to 100; runc refuses more).
oci-cgroup-oom-control = { $runtime } disables the OOM killer for the container: over its limit a process waits for memory instead of being killed.
oci-cgroup-cpuset-v1 = { $runtime } restricts the container to { $file } = { $value } before the join: a cgroup v1 cpuset without CPUs or memory nodes refuses every process, so the parents' values are copied down first (runc's cpusetEnsureParent).
oci-cgroup-cpuset = { $runtime } restricts the container to { $file } = { $value }.
oci-cgroup-blkio-weight = { $runtime } writes the block I/O weight { $value } ({ $file }; without it the kernel offers only BFQ's blkio.bfq.weight, and without BFQ neither exists: the container is refused).
oci-cgroup-net = { $runtime } writes { $value } into { $file }; a host without that hierarchy cannot apply it and the container is refused (cannot set … limit).
oci-cgroup-hugetlb = { $runtime } limits huge pages: { $file } = { $value }; without a v1 hugetlb hierarchy the container is refused (cannot set hugetlb limit).
