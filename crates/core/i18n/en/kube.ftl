# The Kubernetes side of the engine: kubectl, the API server and etcd, the
# scheduler, admission, the kubelet (pod worker, volumes, PLEG, container GC,
# exec and logs), and image pulls from registries (ids reg-…).
# What Kubernetes itself prints (event messages, kubectl's errors) is not here.

## kubectl run, the API server, the scheduler (engine/kube/mod.rs)

kube-run-post = kubectl creates a bare Pod { $pod } (label run={ $pod }); it never talks to the node
kube-runtimeclass-found = the RuntimeClass admission plugin finds RuntimeClass { $runtime_class } (handler { $handler }); it has no overhead or scheduling to copy into the pod
kube-runtimeclass-missing = the RuntimeClass admission plugin finds no RuntimeClass { $runtime_class } in the cluster: the pod is rejected before it is stored
kube-etcd-persist = the API server persists the pod in etcd
kube-bind = the scheduler's watch saw an unscheduled pod; it binds it to { $node }
kube-watch-pod = the kubelet's watch (opened at start) delivers the pod; a pod worker picks it up
kube-syncpod = Kubelet.SyncPod: the pod cgroup, volumes (the service-account token), then the runtime manager
# kubectl run --override-type other than merge: the simulator's refusal.
kube-override-type = --override-type={ $override_type } (atlas: only merge patches, kubectl's default, are modelled)
# $reason and $message are the Event's own (Kubernetes' words).
kube-event = event { $reason }: { $message }
kube-delete = graceful deletion: the API server sets deletionTimestamp and a { $grace } s grace period
kube-watch-update = the kubelet's watch delivers the update

## The kubelet's pod worker (engine/kube/kubelet.rs, gc.rs)

kube-sandbox-not-ready = the sandbox is not ready: kill the pod's containers and create a new sandbox (attempt +1)
# $message is the kubelet's own back-off message.
kube-backoff = { $message } (CrashLoopBackOff)
kube-status = the status manager reports phase { $phase }, container { $state }
kube-kill-pod = the pod has a deletionTimestamp: stop its containers with the { $grace } s grace period, then the sandbox
kube-delete-confirm = everything is stopped: the kubelet confirms with gracePeriodSeconds=0 and the API server removes the pod
kube-container-gc = container GC (every minute): remove dead containers beyond one per container, and sandboxes no pod needs

## kubectl exec and logs (engine/kube/exec.rs)

kube-exec-upgrade = kubectl upgrades the connection (WebSocket from 1.30, SPDY before) to the API server
kube-exec-proxy = the API server proxies to the kubelet's server on port 10250
kube-exec-url = the runtime prepares a streaming endpoint and returns its URL
kube-exec-stream = the kubelet proxies the stream to the runtime's streaming server (always, since 1.20)
kube-exec-crio-shim = CRI-O asks the shim for an exec process
kube-exec-crio-runtime = CRI-O runs the runtime's exec itself for streaming exec
kube-exec-shim-runtime = the shim runs the runtime's exec with a process spec; runc enters every namespace of the container
kube-exec-runc-init = runc init again, this time to join an existing container
kube-exec-setns = join every namespace of the container's PID 1 (pid { $pid })
kube-exec-execve = the exec'd process runs beside PID 1, in the same cgroup
kube-logs-proxy = the API server proxies to the kubelet, which reads the container's CRI log file itself
kube-logs-status = the kubelet asks the runtime for the container's status: its log path
kube-logs-format = CRI log format: <RFC3339Nano> <stdout|stderr> <P|F> <message>

## The pod's volumes and files (engine/kube/volumes.rs)

kube-sa-admit-secret = admission: the ServiceAccount plugin sets serviceAccountName default and adds the volume of its token Secret { $volume }, mounted read-only at { $path } in every container
kube-sa-admit-projected = admission: the ServiceAccount plugin sets serviceAccountName default and adds the projected volume { $volume } (a bound token, the kube-root-ca.crt ConfigMap, the namespace), mounted read-only at { $path } in every container
kube-sa-watch-secret = podManager.AddPod registers the pod with the Secret manager: a reflector lists, then watches, the service account's token Secret { $secret }, from the watch cache
kube-sa-watch-configmap = podManager.AddPod registers the pod with the ConfigMap manager: a reflector lists, then watches, the one ConfigMap the projected volume reads (kube-root-ca.crt), from the watch cache
# $kind is the volume type: secret or projected.
kube-vol-tmpfs = the volume manager sets up { $volume }: a { $kind } volume is a memory-backed emptyDir, so mount-utils runs mount(8) for a tmpfs, sized to the pod's memory limit or else the node's allocatable memory
kube-vol-unmount = no container of the pod is left: the volume manager unmounts the service-account volume's tmpfs
kube-vol-remove = …and removes its directory (os.RemoveAll); the pod's resources are reclaimed
kube-token-request = the volume manager sets up { $volume }: for its token source the kubelet's token manager asks for a token bound to the pod (TokenRequest)
kube-token-read-sa = TokenREST.Create reads the service account; then it signs the token (a JWT)
kube-token-read-pod = TokenREST.Create reads the pod the token is bound to; then it signs the token (a JWT)
kube-atomic-mkdir = the atomic writer makes a fresh directory named after the time
kube-atomic-write-secret = it writes the Secret's data there: the token, the cluster's CA certificate and the namespace
kube-atomic-write-projected = it writes the payload there: the token, the cluster's CA certificate from kube-root-ca.crt and the namespace
kube-atomic-tmp = ..data_tmp points at the new directory…
kube-atomic-rename = …and is renamed over ..data in one step: a reader sees the old files or the new ones, never a mix
kube-atomic-links = the names a container reads are links through ..data
kube-hosts = makeHostsMount: the kubelet writes the pod's /etc/hosts (localhost entries and the pod's own IP and name); containers get this file, not the runtime's
kube-termination-dir = the container's directory for its termination message
kube-termination-file = a new file per container instance (a random name), mode 0666, mounted at /dev/termination-log

## PLEG (engine/pleg.rs)

kube-pleg-relist = PLEG relist (every 1 s): list every sandbox and container and diff against the last relist
# $event is the PLEG event's name (ContainerStarted, ContainerDied).
kube-pleg-event = pod { $namespace }/{ $pod }: { $event }; the pod worker syncs it

## Image pulls (engine/registry.rs)

reg-transfer = containerd 2.x pulls server-side through the Transfer service
reg-not-found = { $host } answers 404: no such repository or tag
reg-lease = a lease protects the blobs being written from garbage collection
reg-challenge = Docker Hub answers 401 with a Bearer challenge
reg-token = anonymous pull token from auth.docker.io
reg-resolve = resolve the tag to a digest (Docker-Content-Digest)
reg-present = the index, manifest, config and every layer are already in the store under their digests: nothing to download, nothing to unpack
reg-index = the tag names an index: pick the linux/amd64 entry; attestation manifests (unknown/unknown) are skipped
reg-manifest = the image manifest: one config and the layers
reg-config = the image config; its digest is the image ID
reg-layer = layer { $n } of { $total } (gzip tar); digest verified while it streams
reg-content-write = the blob goes into the content store under its digest
reg-docker-layer = layer { $n } unpacked into /var/lib/docker/overlay2
reg-docker-tag = the image is tagged in dockerd's own image store (graphdriver)
reg-crio-layer = layer { $n } applied in containers/storage (overlay, /var/lib/containers/storage)
reg-crio-image = the image is recorded in containers/storage, shared with Podman and Buildah
reg-cri-names = the CRI plugin records three names for the image: its ID (config digest), repo:tag and repo@digest
reg-ctr-name = name → target descriptor (the index digest for a multi-arch image)
reg-unpack = unpack layer { $n }: an active snapshot on top of its parent
reg-diff = the walking differ untars the layer into the snapshot's mounts
reg-commit = committed under its chain ID: an immutable layer
