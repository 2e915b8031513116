# Kata Containers (engine/kata): the Kata shim, the VM and the agent in the guest.

kata-agent-rootfs-mounts = the container's overlay rootfs, from the mounts containerd passed in Create
kata-agent-memory-online = the agent brings the hot-plugged memory online in the guest
kata-agent-share-rootfs = bind-mount the rootfs into the pod's shared directory: virtiofsd serves it to the guest as /run/kata-containers/shared/containers/<id>/rootfs
kata-agent-create-pause = the pause container runs too, inside the guest: the shim sends its OCI spec without the network namespace (the whole VM is the pod's network)
kata-agent-create-container = the OCI spec goes to the agent without the network namespace; the rootfs needs no storage (virtio-fs)
kata-agent-rustjail-fifo = rustjail, the agent's runc-like library: the exec.fifo that holds the container's init until StartContainer
kata-agent-spawn-init = the agent spawns itself as `init`, with sync pipes and the fifo's descriptor
kata-agent-init-pidns = the init child makes the container's own PID namespace and forks: the grandchild will be its PID 1
kata-agent-init-cgroup = the parent puts the child in the container's cgroup in the guest (cgroup v2), from the spec's cgroupsPath
kata-agent-join-ns = the child joins the pod's IPC and UTS namespaces and unshares a mount namespace
kata-agent-mounts = mounts for /proc, /dev, /sys and the spec's mounts, then the root becomes the shared rootfs
kata-agent-fifo-wait = init opens exec.fifo and blocks reading it: the container is created, not started
kata-agent-fifo-write = the agent opens exec.fifo for writing and writes one byte; init reads it and goes on
kata-agent-exec-program = init becomes the program, in the guest: the host kernel never sees this process
kata-agent-wait-process = held open until the process exits; stdout and stderr come back over the same connection (ReadStdout, ReadStderr) and the shim writes them to its client's FIFOs
kata-agent-signal = the agent signals the container's init in the guest
kata-agent-oom-kill = the guest's OOM killer: the container's cgroup in the guest hit memory.max
kata-agent-oom-event = the shim's watchOOMEvents loop long-polls the agent, which reports the container
kata-agent-oom-file = for CRI-O the shim writes an `oom` file in the bundle (no events reach CRI-O)
kata-agent-reap = the agent reaps its container's process
kata-agent-remove = StopContainer: the agent removes the stopped container from the guest
kata-agent-unshare-rootfs = the container's rootfs leaves the pod's shared directory
kata-agent-exec = the agent runs the process in the container's namespaces and cgroup, in the guest
kata-agent-exec-join = a `kata-agent init` child joins the container's namespaces
kata-agent-drop-rootfs = the shim unmounts the container's rootfs and drops it
kata-shim-start-crio = runtime_type = "vm": CRI-O execs the shim's `start` itself (no conmon); TTRPC_ADDRESS is empty, so the shim only logs its events
kata-shim-start-containerd = containerd execs the Kata shim's `start` for the pod's sandbox
kata-shim-mntns = the `start` process first makes a mount namespace of its own, / made rslave then rshared (setupMntNs); the daemon it starts inherits it, so the mounts it makes for the pod stay out of the host's view
kata-shim-reexec = `start` re-execs the same binary without `start` as the long-lived ttRPC server (GOMAXPROCS=2, its own process group, the listening socket as fd 3), prints its address and exits
kata-vm-config = the shim reads its TOML configuration (hypervisor QEMU, virtio-fs, 1 vCPU and 2048 MiB by default) and sees, from the spec's annotations, that this container is a pod sandbox
kata-vm-pause-rootfs = the rootfs mounts containerd passed in Create: the pause image's overlay at <bundle>/rootfs
kata-vm-tap = in the pod's network namespace, which CNI already wired: a tap device for the VM and tc filters that redirect eth0's traffic to tap0_kata and back (internetworking_model = "tcfilter")
kata-vm-overhead-cgroup = sandbox_cgroup_only = false (the default): the shim moves itself to /kata_overhead/<id>; only the VM's vCPU threads will go to the pod's cgroup
kata-vm-virtiofsd = virtiofsd will serve the pod's shared directory (the containers' root filesystems) to the guest over vhost-user
kata-vm-vsock-cid = the shim picks the guest's vsock context id (FindContextID): it opens /dev/vhost-vsock and tries VHOST_VSOCK_SET_GUEST_CID with random ids until one is free, then passes that descriptor to QEMU
kata-vm-qemu = the shim starts QEMU as its own child (not daemonized): the guest image is an NVDIMM (/dev/pmem0p1 in the guest), the vsock device gets a context id, virtio-fs is tagged kataShared, the tap is the guest's NIC
kata-vm-kvm = KVM makes the virtual machine and its vCPU; the vsock device uses the descriptor the shim passed (vhostfd)
kata-vm-qmp = the shim connects to QEMU's QMP socket; it uses it later to hot-plug CPUs, memory and devices
kata-vm-boot = the guest kernel boots from the image (cgroup v2 only: cgroup_no_v1=all)
kata-vm-nic = the guest's NIC gets eth0's address and MAC, copied from the pod's network namespace
kata-vm-sandbox = the agent mounts the shared virtio-fs, makes the pod's shared IPC and UTS namespaces and sets the hostname
kata-vm-pod-ns = the pod's IPC and UTS namespaces, bind-mounted so every container of the pod joins them
kata-vm-vcpu-cgroup = the VM's vCPU threads (not the whole QEMU process) join the pod's cgroup, the sandbox's cgroupsPath: the pod's CPU limits apply to the guest
kata-vm-stop = Sandbox.Stop: every container the agent still holds is removed, the pause container last
kata-vm-teardown = the agent unmounts the shared storage and tears down the pod's namespaces in the guest
kata-vm-kill-qemu = QEMU is killed by pid (no QMP quit): the guest and everything in it are gone
kata-vm-stop-virtiofsd = then virtiofsd is stopped
kata-vm-remove-tap = the tc filters and tap0_kata are removed from the pod's network namespace (CNI removes eth0 later)
kata-vm-delete = Sandbox.Delete: the shared directories, the VM's directory and the sandbox's state go; its cgroups are removed
kata-vm-routes = and its routes
kata-agent-memory-hotplug = the VM grows by the container's memory limit: QMP object-add of a memory backend and device_add of a pc-dimm ({ $mib } MiB)
kata-agent-exit = the container's PID 1 exits with status { $code }, in the guest
kata-agent-wait-returns = the shim's WaitProcess call returns status { $code }
kata-shim-start-again = `start` again: Kata's getAddress reads { $annotation } from the spec and prints the pod's shim address; no new process
kata-shim-start-again-bootstrap = `start` again (containerd 2.0.6+ and 2.1 exec it for shims whose bootstrap version is below 3; 2.0.0–2.0.5 skipped this and reused the sandbox's shim from bootstrap.json): Kata reads { $annotation } and prints the pod's shim address; no new process
kata-vm-agent-listens = the guest's systemd reaches kata-containers.target and starts kata-agent.service; the agent listens on vsock port { $port }
kata-vm-agent-connect = ttRPC over vsock to the guest's context id { $cid }, port { $port }: the shim waits until the agent serves
