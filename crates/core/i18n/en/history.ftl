# The timeline (crates/core/src/history.rs): what changed in the stack, when, and why.

hist-docker-title = Docker
hist-docker-body = Docker is released (March 2013). One daemon, one image format and one command line put Linux's isolation features (namespaces and cgroups) a `docker run` away; the images it shares through registries become the way software ships. The app shows today's Docker Engine: dockerd → containerd → containerd-shim-runc-v2 → runc.

hist-kubernetes-title = Kubernetes
hist-kubernetes-body = Google announces Kubernetes (June 2014): a control plane that schedules pods onto nodes, where the kubelet starts their containers. At first the kubelet calls Docker directly, in code written for Docker alone. The oldest node the app models is Kubernetes 1.20, whose kubelet still reaches Docker through dockershim.

hist-rkt-title = rkt
hist-rkt-body = CoreOS creates rkt (December 2014), a container runtime without a central daemon, built around the pod. It reaches Kubernetes 1.3 as "rktnetes" inside the kubelet, then as rktlet, a CRI runtime. The app does not model rkt: nothing of it runs today.

hist-oci-title = Open Container Initiative (OCI) and runc
hist-oci-body = At DockerCon on 2015-06-22, Docker and others announce the Open Container Project under the Linux Foundation, renamed OCI that summer. Docker donates its container format and runc, the small program that turns a bundle (config.json and a root filesystem) into a running, isolated process. Every runtime in the app still ends in an OCI runtime: runc, crun, runsc or Kata's agent.

hist-cri-title = Kubernetes 1.5: the Container Runtime Interface (CRI)
hist-cri-body = Kubernetes 1.5 (2016-12-13) introduces the CRI, in alpha: the kubelet speaks gRPC (RunPodSandbox, CreateContainer, StartContainer, …) to any runtime that serves it, instead of code for each runtime. Docker Engine does not speak CRI, so the kubelet carries an adapter for it, dockershim, a CRI server inside the kubelet that calls dockerd.

hist-containerd-title = containerd leaves Docker Engine
hist-containerd-body = Docker spins containerd out of Docker Engine (December 2016) as a daemon of its own that manages images, snapshots and containers' tasks, with a shim per container so containers outlive a daemon restart; containerd 1.0 follows on 2017-12-05. Since then dockerd does not run containers itself: it asks containerd, in the containerd namespace moby.

hist-cncf-title = containerd and rkt join the CNCF
hist-cncf-body = On 2017-03-29 the Cloud Native Computing Foundation accepts containerd and rkt as incubating projects, beside Kubernetes. ctr, containerd's own debug client, shows containerd with no Kubernetes at all.

hist-oci-v1-title = OCI runtime and image specifications 1.0
hist-oci-v1-body = The OCI runtime-spec and image-spec reach v1.0.0 (July 2017): what a bundle's config.json says, and how an image is an index, manifests, a config and layers. `runc spec` still writes that config.json.

hist-crio-title = CRI-O 1.0
hist-crio-body = CRI-O 1.0 (October 2017): a container runtime made only for Kubernetes' CRI, with no API of its own beyond it. It keeps each container's stdio and exit code with conmon instead of a shim, pins a pod's Linux namespaces with pinns and stores images with containers/storage, the library Podman uses.

hist-cri-plugin-title = containerd 1.1: CRI built in
hist-cri-plugin-body = containerd 1.1 (2018-04-23) makes CRI a plugin inside containerd, on by default. Before it, containerd 1.0 needed a separate cri-containerd daemon between the kubelet and containerd, one more gRPC hop. Kubernetes' blog calls the integration generally available on 2018-05-24.

hist-graduated-title = containerd graduates
hist-graduated-body = On 2019-02-28 containerd graduates in the CNCF, the fifth project to do so after Kubernetes, Prometheus, Envoy and CoreDNS.

hist-rkt-archived-title = rkt is archived
hist-rkt-archived-body = The CNCF archives rkt on 2019-08-16; its repository is archived in February 2020. The runtimes left for Kubernetes are CRI runtimes: containerd and CRI-O, and Docker Engine through dockershim.

hist-deprecated-title = Kubernetes 1.20: dockershim deprecated
hist-deprecated-body = Kubernetes 1.20 (2020-12-08) deprecates dockershim: the kubelet will stop carrying an adapter for one runtime. Images built with Docker keep working everywhere, since they are OCI images. On 2020-12-04 Mirantis and Docker announce they will keep dockershim alive outside Kubernetes, as cri-dockerd.

hist-last-dockershim-title = Kubernetes 1.22 and 1.23: the last with dockershim
hist-last-dockershim-body = Kubernetes 1.22 (2021-08-04) and 1.23 (2021-12-07) still ship dockershim, deprecated. From 1.23 the kubelet prefers CRI v1 and falls back to v1alpha2. Open a 1.22 node to see the kubelet's dockershim drive dockerd.

hist-removed-title = Kubernetes 1.24: dockershim removed
hist-removed-body = Kubernetes 1.24 (2022-05-03) removes dockershim from the kubelet. A node that keeps Docker Engine runs cri-dockerd, which serves CRI on unix:///var/run/cri-dockerd.sock and calls dockerd as dockershim did; most nodes move to containerd or CRI-O.

hist-cri-v1-title = Kubernetes 1.26: CRI v1 only
hist-cri-v1-body = From Kubernetes 1.26 (December 2022) the kubelet speaks only CRI v1; a runtime that serves only v1alpha2 cannot run pods. containerd 1.6.15 and later and containerd 1.7 serve both.

hist-cgroup-driver-title = Kubernetes 1.28: the cgroup driver from the runtime
hist-cgroup-driver-body = Kubernetes 1.28 (2023-08-15) adds the RuntimeConfig call behind the alpha feature gate KubeletCgroupDriverFromCRI: the kubelet can ask the runtime which cgroup driver (systemd or cgroupfs) it uses instead of being configured twice. containerd 1.7 (2023-03-10) is the runtime of the app's reference node.

hist-crun-default-title = CRI-O 1.31: crun by default
hist-crun-default-body = CRI-O 1.31 (August 2024) makes crun, the OCI runtime written in C, its default instead of runc (its state under /run/crun).

hist-containerd-2-title = containerd 2.0
hist-containerd-2-body = containerd 2.0 (2024-11-05) drops CRI v1alpha2 and other deprecated APIs; its runc shim speaks the task API v3. The kubelet of Kubernetes 1.22 or older cannot use it.
