# The simulator's own words about configurations (cfg-…) and runs (sim-…).

# Runtime::label_msg and Config::label_msg.
cfg-runtime-containerd17 = containerd 1.7
cfg-runtime-containerd2 = containerd 2.1
cfg-runtime-crio = CRI-O
cfg-runtime-dockershim = Docker Engine via dockershim
cfg-runtime-cri-dockerd = Docker Engine via cri-dockerd
cfg-runtime-podman = Podman 5.8 (no Kubernetes)
cfg-label = Kubernetes { $k8s } · { $runtime } · { $oci }
cfg-label-host = { $runtime } · { $oci }

# ConfigError::message.
cfg-bad-k8s-version = { $version } is not a Kubernetes version (expected e.g. 1.28)
cfg-k8s-out-of-range = Kubernetes 1.{ $minor } is outside the modelled range 1.{ $min } to 1.{ $max }
cfg-unknown-runtime = unknown runtime { $name }; supported: containerd (1.7), containerd-2, cri-o, docker, dockershim, cri-dockerd, podman
cfg-unknown-oci = unknown OCI runtime { $name }; supported: runc, crun, kata, gvisor
cfg-impossible = impossible configuration: { $reason }
cfg-dockershim-removed = dockershim was removed from the kubelet in Kubernetes 1.24 (2022-05-03), so Kubernetes 1.{ $minor } cannot use it; use cri-dockerd (--runtime cri-dockerd) to keep Docker Engine, or a CRI runtime (containerd, cri-o)
cfg-containerd2-needs-cri-v1 = the kubelet of Kubernetes 1.{ $minor } speaks only CRI runtime.v1alpha2 (v1 is preferred from 1.23), and containerd 2.0 (2024-11-05) no longer serves v1alpha2; use containerd 1.7 or Kubernetes 1.23+
cfg-podman-kata = Podman drives its OCI runtime through conmon's command line (create, start, kill, delete), and Kata Containers 2.0 (2020-10) removed that command line (`kata-runtime create`): Kata 2.x and 3.x exist only as containerd-shim-kata-v2, which Podman cannot use; choose --oci crun or runc
cfg-podman-gvisor = Podman can run runsc through conmon (`podman --runtime runsc`), but this simulator does not model gVisor under Podman; choose --oci crun or runc
cfg-docker-refuses-handler = { $runtime } refuses RuntimeClass handlers: RunPodSandbox fails with "RuntimeHandler { $handler } not supported"

# SimError::message.
sim-too-long = script has more than { $max } lines
sim-unknown-scenario = unknown scenario { $name }; run `atlas sim --list-scenarios` for the list

# Hop notes of engine/apply (cmd-…): the simulator's words beside a tool's call.
cmd-docker-unknown-runtime = 400: dockerd knows no runtime { $runtime } (daemon.json "runtimes", or the default runc)
cmd-docker-logs-json-file = dockerd reads the json-file log it copied from the container's stdio FIFOs

# The command line's own words (atlas sim).
sim-cli-unknown-scenario = unknown scenario { $name }; supported: { $names }
sim-cli-cannot-read-script = cannot read script { $path }
sim-cli-nothing-to-run = nothing to run: give `-- <command line>`, --script FILE or --scenario NAME (see --list-scenarios)
sim-bad-request = a bad request to the engine: { $why }

## Reading a trace file (trace.rs TraceError)
trace-bad-hop = line { $line }: { $why }
trace-not-json = line { $line }, column { $column }: not JSON: { $why }
trace-gap = line { $line }: seq { $found } should be { $expected } (no gaps allowed)
trace-bad-parent = line { $line }: parent { $parent } is not an earlier hop (this hop is seq { $seq })
trace-too-long = trace has more than { $max } lines; refusing to read further
