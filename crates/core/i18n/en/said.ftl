# The simulator's own remarks in a command's output (said-…): the `atlas:`
# lines a terminal shows after the tool's stderr (crate::remark). A real
# tool's words stay in the code, as the tool prints them.

## A real command the simulator does not run (command/…/parse)

# $command: the command path as typed (`crictl attach`); $tool: the program.
said-real-command = atlas: `{ $command }` is a real { $tool } command, but the simulator does not run it
said-podman-pod-other = atlas: `{ $command }` is a real podman command, but the simulator models only `podman pod create` and `podman pod ps`
said-kubectl-mixed-types = atlas: mixing resource types in one command is not simulated
said-kubectl-create-file = atlas: `kubectl create -f` is not simulated (no manifests on this node)
# $token: the shell operator (`|`, `&&`, `$(`); $column: where it is, from 1.
said-shell-unsupported = atlas: `{ $token }` at column { $column }: pipes, redirections, command lists and substitutions are not simulated
said-sleep-flag = atlas: `sleep { $flag }` is not simulated
said-sleep-forever = atlas: that sleep never ends; the simulator needs a finite time
said-systemctl-no-verb = atlas: `systemctl` without a verb (list-units) is not simulated
said-systemctl-verb = atlas: `systemctl { $verb }` is not simulated
said-systemctl-one-unit = atlas: one unit per systemctl command, please

## A command the engine does not model (engine/apply)

# $command: the command line; $modelled: what is modelled instead (commands
# as typed, or one of the said-modelled-… messages below).
said-not-modelled =
    atlas: `{ $command }` is a real command that this simulator does not model yet.
    atlas: modelled here: { $modelled }
said-modelled-kubectl-run-detached = detached `kubectl run` (no -i/-t): attach is not simulated; use `kubectl exec` once the pod runs
said-modelled-kubectl-get = kubectl get pods|nodes|namespaces (controllers and services are not simulated)
said-modelled-bare-pods = bare pods (kubectl run); the Deployment and ReplicaSet controllers are not simulated
# $command: a command (`kubectl get pods`); $flag: the flag it is modelled without.
said-modelled-without = { $command } without { $flag }
# $tool: docker, podman or ctr; $flag: its flag for an interactive terminal.
said-modelled-foreground-run = { $tool } run -d, or a foreground { $tool } run without { $flag }
said-modelled-docker-runtime = docker run with --runtime runc or runsc (dockerd passes other containerd runtime names such as io.containerd.runsc.v1 straight to containerd)
said-modelled-docker-exec = docker exec without -it (an interactive session is not simulated)
said-modelled-ctr-pull = ctr images pull REF (one platform: linux/amd64)
said-modelled-ctr-runtime = ctr run with the default runtime io.containerd.runc.v2
said-modelled-nerdctl-run = nerdctl run -d (attached sessions are not simulated)
said-modelled-podman-run = podman run -d for a long-running container (attached, it never returns)

## A tool that is not on this node (after bash's `command not found`)

# $runtime: the node's runtime (a cfg-runtime-… message).
said-no-docker = (atlas: this node runs { $runtime }; choose --runtime cri-dockerd, or dockershim on Kubernetes ≤ 1.23, for Docker Engine)
said-no-podman = (atlas: this node runs { $runtime }; choose --runtime podman, or cri-o, whose nodes share containers/storage with Podman)
said-no-containerd = (atlas: this node runs { $runtime }, which has no containerd; choose --runtime containerd)

## Around a tool's own error

said-kubectl-limits-removed = (atlas: kubectl 1.24 removed `kubectl run --limits`; set resources in a manifest, or choose --k8s 1.23)
# kubectl's `error: ` line carrying the simulator's words ($said, a message).
said-kubectl-error = error: { $said }

# A tool's help: which of its commands the simulator runs.
said-simulated = atlas: simulated here: { $list }
