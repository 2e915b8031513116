#!/usr/bin/env bash
# Interop test: Debian's Docker Engine (docker.io 20.10) drives an OCI runtime.
#
#   interop-docker.sh [--keep] [--timeout SECONDS] RUNTIME
#
# Starts a private dockerd (its own data root, exec root, socket and pid file, in a
# private mount namespace whose /run is a directory of this test, so that it starts
# and supervises a containerd of its own and never sees the host's), with the
# runtime added as `atlas` behind a recording wrapper (lib-interop.sh), no iptables,
# no bridge, the vfs storage driver. It imports a busybox-static rootfs as an image and
#
#   1. docker run --rm --runtime atlas IMG /bin/echo hello-from-atlas: the line
#      arrives, docker exits 0, nothing is left;
#   2. docker run --rm … sh -c 'echo …-stderr >&2; exit 7': stderr and the status 7
#      arrive;
#   3. docker run --rm -t: the output arrives through the shim's terminal;
#   4. docker run -d (sleep), docker exec (its output and status arrive; docker's
#      default seccomp profile is in force; the libnetwork prestart hook ran),
#      docker pause and unpause, docker update --memory 64m (update --resources -
#      with the JSON on stdin; the cgroup's limit follows), docker stop (TERM, then
#      KILL after 1 s: sleep as PID 1 ignores TERM), docker rm.
#
# Every call of Docker's shim to the runtime is printed. Everything is torn down on any
# exit (dockerd, its containerd, shims, containers, cgroups, the temp dir); the test
# fails if anything is left, or if a host path of Docker's (/etc/docker, …) appeared. The last line is the verdict:
# `PASS: …` (exit 0), `FAIL: …` (exit 1) or `SKIP: …` (exit 77) when the machine
# cannot run it. Needs: docker.io (dockerd, /usr/bin/docker), containerd, util-linux,
# busybox-static; `cargo xtask setup --browser` installs them.
#
# The CLI is /usr/bin/docker (Debian's, the engine's version), by absolute path: another
# docker CLI may come first on PATH.

# The teardown functions run from the EXIT trap; pid lists are split on purpose.
# shellcheck disable=SC2317,SC2086
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib-interop.sh
. "$here/lib-interop.sh"

IMAGE=localhost/atlas-busybox:latest
MARK=hello-from-atlas
BUSYBOX=${BUSYBOX:-/bin/busybox}
DOCKER=/usr/bin/docker
DOCKERD=${DOCKERD:-/usr/sbin/dockerd}

usage() {
	echo "usage: $0 [--keep] [--timeout SECONDS] RUNTIME" >&2
	exit 2
}
own_flag() { return 1; }
parse_args "$@"

# --- can this machine run it? -------------------------------------------------
[ "$(uname -s)" = Linux ] || skip "needs Linux (namespaces, cgroups)"
[ "$(id -u)" = 0 ] || skip "needs root (dockerd, mounts and cgroups); run it as root"
[ -x "$DOCKERD" ] || skip "$DOCKERD is not installed (Debian: apt-get install --no-install-recommends docker.io)"
[ -x "$DOCKER" ] || skip "$DOCKER is not installed (Debian: apt-get install --no-install-recommends docker.io)"
for tool in containerd containerd-shim-runc-v2 unshare nsenter setpriv mount timeout tar; do
	command -v "$tool" >/dev/null 2>&1 ||
		skip "$tool is not installed (Debian: apt-get install containerd util-linux)"
done
check_static_busybox "$BUSYBOX"
can_isolate atlas-docker

sweep_stale atlas-docker
host_paths_note /etc/docker /var/lib/docker /var/lib/containerd /run/docker /run/containerd \
	/var/run/docker.sock /var/run/docker.pid

# --- from here on, everything is torn down on exit ------------------------------
dir=$(mktemp -d "${TMPDIR:-/tmp}/atlas-docker-$$.XXXXXX") || {
	echo "FAIL: mktemp failed"
	exit 1
}
case $dir in /run/* | /var/run/*)
	echo "FAIL: the temp dir $dir is under /run, which the test replaces; set TMPDIR"
	rmdir "$dir"
	exit 1
	;;
esac
# The containers' cgroup parent, in every hierarchy: ours alone.
CG=atlas-docker-$$
dpid=
mntns=
verdict=
status=1

D() { timeout --kill-after=5 "$limit" "$DOCKER" -H "unix://$dir/docker.sock" "$@"; }

container_cgroups() { cgroups_under "$CG"; }

teardown() {
	local t0 c
	t0=$(now_ms)
	if [ -n "$dpid" ] && kill -0 "$dpid" 2>/dev/null; then
		for c in $(timeout 10 "$DOCKER" -H "unix://$dir/docker.sock" ps -aq 2>/dev/null); do
			say "teardown: the container $c is still there; removing it"
			timeout 20 "$DOCKER" -H "unix://$dir/docker.sock" rm -f "$c" >/dev/null 2>&1
		done
		# dockerd stops its containerd on SIGTERM.
		kill -TERM "$dpid" 2>/dev/null
		for _ in $(seq 150); do
			kill -0 "$dpid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$dpid" 2>/dev/null
		wait "$dpid" 2>/dev/null
	fi
	reap_leftovers "$CG" "$t0"
}

explain() {
	show_calls docker
	show_outputs docker.out docker.err
	if [ -s "$dir/dockerd.log" ]; then
		echo "---- dockerd.log (errors and warnings, last 30)"
		grep -E 'level=(error|warning|fatal)|panic' "$dir/dockerd.log" | tail -n 30
	fi
	echo "----"
}

install_traps

[ -x "$runtime" ] || fail "the runtime binary $runtime does not exist or is not executable"
say "runtime $runtime; temp dir $dir"
interop_wrapper "$runtime" "$dir" || fail "could not write the recording wrapper"

# --- a private dockerd -----------------------------------------------------------
mkdir -p "$dir/run" "$dir/data" "$dir/exec" || fail "mkdir"
# deprecated-key-path: else dockerd 20.10 writes its identity to /etc/docker/key.json.
cat >"$dir/daemon.json" <<EOF
{ "deprecated-key-path": "$dir/key.json" }
EOF
t=$(now_ms)
setpriv --pdeathsig TERM unshare -m --propagation private sh -c \
	'mount --bind "$1/run" /run && exec "$2" --config-file "$1/daemon.json" \
		--data-root "$1/data" --exec-root "$1/exec" --pidfile "$1/docker.pid" \
		-H "unix://$1/docker.sock" --containerd-namespace "$3" --containerd-plugins-namespace "$3-plugins" \
		--cgroup-parent "/$3" --exec-opt native.cgroupdriver=cgroupfs --storage-driver vfs \
		--bridge none --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
		--userland-proxy=false --add-runtime atlas="$4"' \
	sh "$dir" "$DOCKERD" "$CG" "$wrapper" >"$dir/dockerd.log" 2>&1 </dev/null &
dpid=$!
ready=0
for _ in $(seq 300); do
	kill -0 "$dpid" 2>/dev/null || break
	if D version >/dev/null 2>&1; then
		ready=1
		break
	fi
	sleep 0.1
done
if [ "$ready" != 1 ]; then
	tail -n 20 "$dir/dockerd.log"
	fail "dockerd did not come up within 30 s (log above)"
fi
mntns=$(readlink "/proc/$dpid/ns/mnt" | tr '[]' '??')
engine=$(D version --format '{{.Server.Version}}' 2>/dev/null)
say "dockerd $dpid (Docker Engine $engine) ready: $(($(now_ms) - t)) ms"

t=$(now_ms)
busybox_rootfs "$dir/rootfs" "$BUSYBOX" || fail "could not build the rootfs"
tar -C "$dir/rootfs" -c . | D import - "$IMAGE" >"$dir/docker.out" 2>"$dir/docker.err" ||
	fail "docker import failed"
rm -rf "$dir/rootfs"
say "image imported: $(($(now_ms) - t)) ms"

# --- the runs ------------------------------------------------------------------------
RUN=(--runtime atlas --network none)

# docker_ WHAT ARGS...: a docker call, its output in docker.out/docker.err, its exit
# code in $rc, its time in $took.
docker_() {
	local t
	t=$(now_ms)
	say "\$ docker $*"
	D "$@" >"$dir/docker.out" 2>"$dir/docker.err" </dev/null
	rc=$?
	took=$(($(now_ms) - t))
	say "docker ${1} exited $rc after $took ms"
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		fail "docker $1 did not finish within $limit s"
	fi
}

nothing_left() {
	local left
	left=$(D ps -aq 2>/dev/null)
	[ -z "$left" ] || fail "$1, but docker ps -a still lists $left"
	left=$(container_cgroups | xargs)
	[ -z "$left" ] || fail "$1, but the runtime left the cgroups $left"
}

# 1. The output arrives.
docker_ run --rm "${RUN[@]}" "$IMAGE" /bin/echo "$MARK"
grep -qx -- "$MARK" "$dir/docker.out" || fail "the container's output ($MARK) did not arrive (docker exited $rc)"
[ "$rc" = 0 ] || fail "the output arrived but docker run exited $rc"
nothing_left "the output arrived"
first=$took

# 2. Its stderr and exit status arrive too.
docker_ run --rm "${RUN[@]}" "$IMAGE" /bin/sh -c "echo $MARK-stderr >&2; exit 7"
grep -qx -- "$MARK-stderr" "$dir/docker.err" || fail "the container's stderr did not arrive (docker exited $rc)"
[ "$rc" = 7 ] || fail "the container exited 7 but docker run exited $rc"
nothing_left "the exit status arrived"

# 3. With a terminal (create --console-socket: the shim holds the pty).
docker_ run --rm -t "${RUN[@]}" "$IMAGE" /bin/echo "$MARK-tty"
[ "$rc" = 0 ] || fail "docker run -t exited $rc"
grep -q -- "$MARK-tty" "$dir/docker.out" || fail "the output of docker run -t did not arrive"
nothing_left "docker run -t worked"

# 4. A detached container: exec, pause, unpause, update, stop, rm.
t0=$(now_ms)
docker_ run -d --name life "${RUN[@]}" "$IMAGE" /bin/sleep 60
[ "$rc" = 0 ] || fail "docker run -d exited $rc"
cid=$(head -n 1 "$dir/docker.out")
[ "$(D inspect -f '{{.State.Running}}' life 2>/dev/null)" = true ] ||
	fail "the detached container is not running"
docker_ exec life /bin/echo "$MARK-exec"
[ "$rc" = 0 ] || fail "docker exec exited $rc"
grep -qx -- "$MARK-exec" "$dir/docker.out" || fail "the output of docker exec did not arrive"
# What the engine asked of the runtime took effect: its default seccomp profile (on
# PID 1 and on an exec'd process) and its libnetwork prestart hook (the hook tells
# dockerd the container's network namespace: SandboxKey).
if D info --format '{{.SecurityOptions}}' 2>/dev/null | grep -q seccomp; then
	docker_ exec life /bin/sh -c 'grep ^Seccomp: /proc/1/status /proc/self/status'
	[ "$(grep -c 'Seccomp:[[:space:]]*2$' "$dir/docker.out")" = 2 ] ||
		fail "docker's default seccomp profile is not in force in the container: $(xargs <"$dir/docker.out")"
fi
# The hook (`dockerd libnetwork-setkey`) has dockerd bind-mount the container's network
# namespace on its SandboxKey: the same inode as the container's /proc/PID/ns/net.
key=$(D inspect -f '{{.NetworkSettings.SandboxKey}}' life 2>/dev/null)
init=$(D inspect -f '{{.State.Pid}}' life 2>/dev/null)
netns=$(stat -L -c %i "/proc/$init/ns/net" 2>/dev/null)
keyns=$(nsenter -t "$dpid" -m stat -L -c %i "$key" 2>/dev/null)
[ -n "$netns" ] && [ "$netns" = "$keyns" ] ||
	fail "the libnetwork prestart hook did not run: $key (inode '$keyns') is not the container's network namespace ($netns)"
docker_ exec life /bin/sh -c 'exit 3'
[ "$rc" = 3 ] || fail "the exec'd process exited 3 but docker exec exited $rc"
# A process that cannot start: the runtime's exec (--detach) must fail, in runc's
# words, and docker exec says 126: the command cannot be invoked.
docker_ exec life /nope
[ "$rc" = 126 ] && cat "$dir/docker.out" "$dir/docker.err" | grep -q 'stat /nope: no such file or directory' ||
	fail "docker exec of a missing program exited $rc, not 126 with the runtime's 'stat /nope: no such file or directory'"
docker_ pause life
[ "$rc" = 0 ] || fail "docker pause exited $rc"
[ "$(D inspect -f '{{.State.Status}}' life 2>/dev/null)" = paused ] || fail "after docker pause the container is not paused"
docker_ unpause life
[ "$rc" = 0 ] || fail "docker unpause exited $rc"
[ "$(D inspect -f '{{.State.Status}}' life 2>/dev/null)" = running ] || fail "after docker unpause the container is not running"
# containerd's Task.Update: update --resources - with the JSON on stdin.
docker_ update --memory 64m --memory-swap 128m life
[ "$rc" = 0 ] || fail "docker update --memory 64m --memory-swap 128m exited $rc"
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
	limit_file=/sys/fs/cgroup/$CG/$cid/memory.max
else
	limit_file=/sys/fs/cgroup/memory/$CG/$cid/memory.limit_in_bytes
fi
got=$(cat "$limit_file" 2>/dev/null)
[ "$got" = 67108864 ] || fail "after docker update --memory 64m, $limit_file is '$got', not 67108864"
docker_ stop -t 1 life
[ "$rc" = 0 ] || fail "docker stop exited $rc"
[ "$(D inspect -f '{{.State.Running}}' life 2>/dev/null)" = false ] ||
	fail "after docker stop the container still runs"
docker_ rm life
[ "$rc" = 0 ] || fail "docker rm exited $rc"
nothing_left "the detached container went through its life"
say "detached life: $(($(now_ms) - t0)) ms"

show_calls docker
verdict="PASS: $name: Docker Engine $engine ran $IMAGE through $runtime; '$MARK' arrived ($first ms for docker run), so did stderr and exit status 7; run -t, exec, seccomp, the prestart hook, pause, unpause, update, stop and rm work"
status=0
exit 0
