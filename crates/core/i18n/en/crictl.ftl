# crictl, ctr, nerdctl and docker commands of a node a person logs into
# (issue 15): the notes on their calls.

crictl-status = crictl asks the runtime for its status: the RuntimeReady and NetworkReady conditions, and, verbose, what the runtime adds (containerd's CRI plugin: its whole configuration)
crictl-runtime-config = crictl asks the runtime which cgroup driver it uses (RuntimeConfig, CRI since Kubernetes 1.28); the kubelet asks the same when KubeletCgroupDriverFromCRI is on
crictl-imagefsinfo = crictl asks how much of the file system holding images is used, in bytes and inodes
crictl-image-status = crictl asks for one image's record: its id, tags, digests and size
crictl-remove-image = the runtime removes the image and every tag that names it
crictl-remove-image-in-use = the runtime refuses: a container still uses this image
crictl-stats = crictl asks for the containers' CPU, memory and writable-layer usage
crictl-statsp = crictl asks for the pods' CPU and memory usage
ctr-plugins = ctr asks containerd which plugins it loaded; a plugin that config.toml disables was never loaded, so it is not listed
ctr-namespaces = ctr lists containerd's namespaces: the CRI plugin works in k8s.io, Docker in moby, ctr and nerdctl in default
ctr-snapshots = ctr lists the overlayfs snapshots of the namespace: each image's committed layers and each container's active layer on top
ctr-content = ctr lists the content store's blobs the namespace's images refer to
ctr-images-delete = ctr deletes the image record by its name in this namespace only
docker-info = docker asks dockerd for its system information
docker-inspect = docker asks dockerd for the object's full record
