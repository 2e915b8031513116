# Scenarios: each one's title (scn-<name>-title) and why one cannot play on a node.

scn-kubectl-run-title = kubectl run on Kubernetes 1.28 with containerd 1.7 and runc (reference S1)
scn-kubectl-run-crio-title = the same pod on CRI-O: pinns, no pause process, conmon per container
scn-kubectl-run-dockershim-title = Kubernetes 1.22: kubelet's built-in dockershim drives Docker Engine
scn-kubectl-run-cri-dockerd-title = Kubernetes 1.24+: dockershim is gone; cri-dockerd keeps Docker Engine
scn-docker-run-port-title = docker run -d -p 8080:80 nginx: dockerd, containerd, runc, docker-proxy (reference S3)
scn-docker-run-init-title = docker run --init: docker-init (tini) as PID 1 forwards SIGTERM, so docker stop is quick
scn-nerdctl-run-title = nerdctl: Docker-style CLI, no daemon of its own, straight to containerd
scn-ctr-run-title = ctr: containerd's debug client, namespace default, no CRI and no CNI
scn-runc-run-title = runc directly: runc spec, then runc run (reference S9)
scn-crictl-lifecycle-title = crictl by hand: runp, create, start, stop, rm, stopp, rmp
scn-crictl-stopp-title = stop a kubelet-managed sandbox behind its back: the kubelet makes a new one
scn-image-pull-multiarch-title = pulling a multi-arch image: index, platform manifest, config, layers, unpack
scn-crash-backoff-title = a container that exits 1: restarts after 0 s, 10 s, 20 s, 40 s … up to 5 min
scn-oom-kill-title = a memory hog over its limit: the kernel OOM killer, OOMKilled, restart
scn-kubectl-exec-title = kubectl exec: API server → kubelet → CRI Exec → streaming → shim → runc exec
scn-kubectl-logs-title = kubectl logs: the kubelet reads the CRI log file itself
scn-pod-delete-grace-title = graceful deletion: SIGTERM, the 30 s grace period, SIGKILL, then GC
scn-containerd-restart-title = containerd restarts; the shim keeps the container alive and containerd reconnects
scn-kubectl-run-kata-title = Kata Containers under containerd 2.1: one shim per pod starts virtiofsd and QEMU; kata-agent makes the containers inside the VM
scn-kubectl-run-kata-crio-title = Kata under CRI-O (runtime_type "vm"): no conmon; CRI-O execs the Kata shim and is its ttRPC client
scn-kubectl-run-gvisor-title = a pod under gVisor (RuntimeClass gvisor, handler runsc): a shim per container execs runsc; the Sentry, not the host kernel, answers nginx
scn-docker-run-gvisor-title = docker run --runtime=runsc: containerd-shim-runc-v2 execs runsc (BinaryName); the container is its own gVisor sandbox
scn-hundred-pods-title = 100 pods on one node (under the kubelet's default maxPods of 110): the same path a hundred times
scn-podman-run-title = podman run -d nginx: no daemon; conmon runs crun create, podman runs crun start and exits; on stop, conmon's exit command cleans up (reference §4.1)
scn-podman-run-rootless-title = rootless Podman: a user namespace from newuidmap/newgidmap, the pause process, pasta for the network (reference §4.2)
scn-podman-pod-title = podman pod create: an infra container running /catatonit -P holds the pod's namespaces; each container has its own conmon (reference §4.3)

# Scenario::runs_on_msg: why a scenario cannot play on the chosen node.
scn-needs-runtime-class = { $scenario } asks for RuntimeClass { $class }, which only a node with { $oci } offers: choose { $oci } as the OCI runtime
scn-needs-docker = { $scenario } runs docker, and a { $runtime } node has no Docker Engine: choose Docker Engine (via dockershim or cri-dockerd) as the runtime
scn-needs-kubernetes = { $scenario } runs { $tool }, and a { $runtime } host runs no Kubernetes and no CRI runtime: choose containerd, CRI-O or Docker Engine as the runtime
scn-needs-podman = { $scenario } runs podman, which a { $runtime } node does not have: choose Podman (a host without Kubernetes) or CRI-O as the runtime
scn-needs-containerd = { $scenario } runs { $tool }, a containerd client, and a { $runtime } node has no containerd: choose containerd or Docker Engine as the runtime
