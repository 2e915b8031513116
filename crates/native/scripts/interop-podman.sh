#!/usr/bin/env bash
# Interop test: Debian's Podman (4.3, with conmon) drives an OCI runtime.
#
#   interop-podman.sh [--hide-cgroup2] [--keep] [--timeout SECONDS] RUNTIME
#
# Podman has no daemon, but conmon outlives each podman call, and podman calls
# `RUNTIME state ID` without its --runtime-flag options: so every podman call runs in
# one private mount namespace (held by a `sleep`) whose /run is a directory of this
# test. The runtime's default root (/run/runc, /run/atlas-runtime, …), podman's run
# root and conmon's sockets are all private; storage (vfs), the events log, the
# containers.conf and the cgroup parent are the test's own. It imports a
# busybox-static rootfs as an image and
#
#   1. podman run --rm IMG /bin/echo hello-from-atlas: the line arrives, podman
#      exits 0, nothing is left;
#   2. podman run --rm IMG sh -c 'echo …-stderr >&2; exit 7': stderr and 7 arrive;
#   3. podman run --rm -t: the output arrives through conmon's terminal;
#   4. podman run -d (sleep), podman exec (its output and its status arrive; conmon
#      2.1.6 runs exec with --detach and reaps the process itself), podman pause and
#      unpause, podman update --memory 64m (update --resources=FILE; the cgroup's
#      limit follows), podman stop (TERM, then KILL after 1 s), podman rm.
#
# Every call of podman and conmon to the runtime goes through a recording wrapper
# (lib-interop.sh) and is printed. Everything is torn down on any exit (conmon,
# containers, cgroups, the namespace, the temp dir); the test fails if anything is
# left. The last line is the verdict: `PASS: …` (exit 0), `FAIL: …` (exit 1) or
# `SKIP: …` (exit 77). Needs: podman, conmon, util-linux, busybox-static;
# `cargo xtask setup --browser` installs them.

# The teardown functions run from the EXIT trap; pid lists are split on purpose.
# shellcheck disable=SC2317,SC2086
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib-interop.sh
. "$here/lib-interop.sh"

IMAGE=localhost/atlas-busybox:latest
MARK=hello-from-atlas
BUSYBOX=${BUSYBOX:-/bin/busybox}
PODMAN=${PODMAN:-/usr/bin/podman}
CONMON=${CONMON:-/usr/bin/conmon}

hide_cgroup2=0
usage() {
	echo "usage: $0 [--hide-cgroup2] [--keep] [--timeout SECONDS] RUNTIME" >&2
	exit 2
}
own_flag() {
	case $1 in
	--hide-cgroup2) hide_cgroup2=1 ;;
	*) return 1 ;;
	esac
}
parse_args "$@"

# --- can this machine run it? -------------------------------------------------
[ "$(uname -s)" = Linux ] || skip "needs Linux (namespaces, cgroups)"
[ "$(id -u)" = 0 ] || skip "needs root (mounts and cgroups); run it as root"
[ -x "$PODMAN" ] || skip "$PODMAN is not installed (Debian: apt-get install --no-install-recommends podman)"
[ -x "$CONMON" ] || skip "$CONMON is not installed (Debian: apt-get install --no-install-recommends conmon)"
for tool in unshare nsenter setpriv mount timeout tar; do
	command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed (Debian: apt-get install util-linux)"
done
check_static_busybox "$BUSYBOX"
can_isolate atlas-podman

sweep_stale atlas-podman
host_paths_note /var/lib/containers /run/containers /run/libpod /etc/cni/net.d/cni.lock \
	/var/tmp/containers /var/tmp/storage

# --- from here on, everything is torn down on exit ------------------------------
dir=$(mktemp -d "${TMPDIR:-/tmp}/atlas-podman-$$.XXXXXX") || {
	echo "FAIL: mktemp failed"
	exit 1
}
case $dir in /run/* | /var/run/*)
	echo "FAIL: the temp dir $dir is under /run, which the test replaces; set TMPDIR"
	rmdir "$dir"
	exit 1
	;;
esac
CG=atlas-podman-$$
holder=
mntns=
verdict=
status=1

# P ARGS...: podman in the private namespace, with the test's storage and runtime.
P() {
	timeout --kill-after=5 "$limit" nsenter -t "$holder" -m -- \
		env CONTAINERS_CONF="$dir/containers.conf" CONTAINERS_STORAGE_CONF="$dir/storage.conf" \
		CONTAINERS_REGISTRIES_CONF="$dir/registries.conf" TMPDIR="$dir/tmp" XDG_RUNTIME_DIR=/run/xdg \
		"$PODMAN" --root "$dir/storage" --runroot /run/podman --tmpdir /run/libpod \
		--storage-driver vfs --runtime "$wrapper" --conmon "$CONMON" --cgroup-manager cgroupfs \
		--events-backend file --network-config-dir "$dir/networks" "$@"
}

# Every cgroup under ours: the containers' (libpod-ID) and conmon's (conmon).
container_cgroups() { cgroups_under "$CG"; }
conmons() {
	local p
	for p in $(pids_of_dir); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = conmon ] && echo "$p"
	done
}

teardown() {
	local t0 c
	t0=$(now_ms)
	if [ -n "$holder" ] && kill -0 "$holder" 2>/dev/null; then
		if [ -n "$(P ps -aq 2>/dev/null)" ]; then
			say "teardown: containers are still there; removing them"
			P rm -af -t 0 >/dev/null 2>&1
		fi
		kill -KILL "$holder" 2>/dev/null
		wait "$holder" 2>/dev/null
	fi
	reap_leftovers "$CG" "$t0"
}

explain() {
	show_calls podman
	show_outputs podman.out podman.err
	echo "----"
}

install_traps

[ -x "$runtime" ] || fail "the runtime binary $runtime does not exist or is not executable"
say "runtime $runtime; temp dir $dir"
interop_wrapper "$runtime" "$dir" || fail "could not write the recording wrapper"

# --- podman's private world --------------------------------------------------------
mkdir -p "$dir/run" "$dir/storage" "$dir/tmp" "$dir/networks" || fail "mkdir"
# The test's own configuration: nothing of /etc/containers is read but the defaults.
cat >"$dir/containers.conf" <<EOF
[containers]
log_driver = "k8s-file"
netns = "none"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
conmon_path = ["$CONMON"]
EOF
cat >"$dir/storage.conf" <<EOF
[storage]
driver = "vfs"
graphroot = "$dir/storage"
runroot = "/run/podman"
EOF
cat >"$dir/registries.conf" <<EOF
unqualified-search-registries = []
EOF
cat >"$dir/policy.json" <<EOF
{ "default": [{ "type": "insecureAcceptAnything" }] }
EOF
# The namespace holder: podman and every conmon live in its mount namespace.
# A tmpfs over /var/lib: podman's image copies write a blob-info cache to
# /var/lib/containers/cache whatever --root says.
# --hide-cgroup2: a tmpfs over /sys/fs/cgroup/unified (crun 1.8 refuses a hybrid host).
hide=
[ "$hide_cgroup2" = 1 ] && hide='mount -t tmpfs none /sys/fs/cgroup/unified && '
setpriv --pdeathsig KILL unshare -m --propagation private sh -c \
	"mount --bind \"\$1/run\" /run && mount -t tmpfs atlas-podman /var/lib && ${hide}
	mkdir -p /run/xdg && exec sleep infinity" sh "$dir" \
	>"$dir/holder.log" 2>&1 </dev/null &
holder=$!
ready=0
for _ in $(seq 100); do
	kill -0 "$holder" 2>/dev/null || break
	if [ "$(readlink "/proc/$holder/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ] &&
		[ -d "/proc/$holder/root/run/xdg" ]; then
		ready=1
		break
	fi
	sleep 0.05
done
[ "$ready" = 1 ] || fail "the private mount namespace did not come up: $(cat "$dir/holder.log")"
mntns=$(readlink "/proc/$holder/ns/mnt" | tr '[]' '??')
version=$(P version --format '{{.Client.Version}}' 2>/dev/null)
say "podman $version; namespace holder $holder"

t=$(now_ms)
busybox_rootfs "$dir/rootfs" "$BUSYBOX" || fail "could not build the rootfs"
tar -C "$dir/rootfs" -cf "$dir/rootfs.tar" . || fail "tar the rootfs"
rm -rf "$dir/rootfs"
P import "$dir/rootfs.tar" "$IMAGE" >"$dir/podman.out" 2>"$dir/podman.err" </dev/null ||
	fail "podman import failed"
say "image imported: $(($(now_ms) - t)) ms"

# --- the runs ------------------------------------------------------------------------
# podman 4.3 asks for RLIMIT_NOFILE and RLIMIT_NPROC 1048576 (--ulimit host too) and
# lowers its own (and so conmon's and the runtime's) hard limits to what it can get
# (here 20000 and 32768): raising them needs CAP_SYS_RESOURCE, which this kind of host's
# bounding set lacks (runc: "error setting rlimit type 7: operation not permitted").
# Limits below any hard limit are always allowed.
RUN=(--network none --cgroup-parent "/$CG" --pull never
	--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

podman_() {
	local t
	t=$(now_ms)
	say "\$ podman $*"
	P "$@" >"$dir/podman.out" 2>"$dir/podman.err" </dev/null
	rc=$?
	took=$(($(now_ms) - t))
	say "podman ${1} exited $rc after $took ms"
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		fail "podman $1 did not finish within $limit s"
	fi
}

nothing_left() {
	local left cg
	left=$(P ps -aq 2>/dev/null)
	[ -z "$left" ] || fail "$1, but podman ps -a still lists $left"
	# conmon exits after the container's exit command; give it a moment.
	for _ in $(seq 50); do
		[ -z "$(conmons)" ] && break
		sleep 0.1
	done
	left=$(conmons | xargs)
	[ -z "$left" ] || fail "$1, but conmon is still running: $left"
	for cg in $(container_cgroups); do
		case ${cg##*/} in libpod-*) fail "$1, but the runtime left the cgroup $cg" ;; esac
	done
}

# 1. The output arrives.
podman_ run --rm "${RUN[@]}" "$IMAGE" /bin/echo "$MARK"
grep -qx -- "$MARK" "$dir/podman.out" || fail "the container's output ($MARK) did not arrive (podman exited $rc)"
[ "$rc" = 0 ] || fail "the output arrived but podman run exited $rc"
nothing_left "the output arrived"
first=$took

# 2. Its stderr and exit status arrive too.
podman_ run --rm "${RUN[@]}" "$IMAGE" /bin/sh -c "echo $MARK-stderr >&2; exit 7"
grep -qx -- "$MARK-stderr" "$dir/podman.err" || fail "the container's stderr did not arrive (podman exited $rc)"
[ "$rc" = 7 ] || fail "the container exited 7 but podman run exited $rc"
nothing_left "the exit status arrived"

# 3. With a terminal (create --console-socket: conmon holds the pty).
podman_ run --rm -t "${RUN[@]}" "$IMAGE" /bin/echo "$MARK-tty"
[ "$rc" = 0 ] || fail "podman run -t exited $rc"
grep -q -- "$MARK-tty" "$dir/podman.out" || fail "the output of podman run -t did not arrive"
nothing_left "podman run -t worked"

# 4. A detached container: exec, pause, unpause, update, stop, rm.
t0=$(now_ms)
podman_ run -d --name life "${RUN[@]}" "$IMAGE" /bin/sleep 60
[ "$rc" = 0 ] || fail "podman run -d exited $rc"
cid=$(tail -n 1 "$dir/podman.out")
[ "$(P inspect -f '{{.State.Running}}' life 2>/dev/null)" = true ] ||
	fail "the detached container is not running"
podman_ exec life /bin/echo "$MARK-exec"
[ "$rc" = 0 ] || fail "podman exec exited $rc"
grep -qx -- "$MARK-exec" "$dir/podman.out" || fail "the output of podman exec did not arrive"
podman_ exec life /bin/sh -c 'exit 3'
[ "$rc" = 3 ] || fail "the exec'd process exited 3 but podman exec exited $rc"
# A process that cannot start: the runtime's exec (--detach) must fail, in its own
# words (runc's and atlas-runtime's, or crun's), and podman exec says 127: the
# command was not found.
case $name in
crun) said='executable file `/nope` not found' ;;
*) said='stat /nope: no such file or directory' ;;
esac
podman_ exec life /nope
[ "$rc" = 127 ] && cat "$dir/podman.out" "$dir/podman.err" | grep -qF -- "$said" ||
	fail "podman exec of a missing program exited $rc, not 127 with the runtime's '$said'"
podman_ pause life
[ "$rc" = 0 ] || fail "podman pause exited $rc"
[ "$(P inspect -f '{{.State.Status}}' life 2>/dev/null)" = paused ] || fail "after podman pause the container is not paused"
podman_ unpause life
[ "$rc" = 0 ] || fail "podman unpause exited $rc"
[ "$(P inspect -f '{{.State.Status}}' life 2>/dev/null)" = running ] || fail "after podman unpause the container is not running"
# podman update writes the resources to a file: update --resources=FILE.
podman_ update --memory 64m life
[ "$rc" = 0 ] || fail "podman update --memory 64m exited $rc"
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
	limit_file=/sys/fs/cgroup/$CG/libpod-$cid/memory.max
else
	limit_file=/sys/fs/cgroup/memory/$CG/libpod-$cid/memory.limit_in_bytes
fi
got=$(cat "$limit_file" 2>/dev/null)
[ "$got" = 67108864 ] || fail "after podman update --memory 64m, $limit_file is '$got', not 67108864"
podman_ stop -t 1 life
[ "$rc" = 0 ] || fail "podman stop exited $rc"
[ "$(P inspect -f '{{.State.Running}}' life 2>/dev/null)" = false ] ||
	fail "after podman stop the container still runs"
podman_ rm life
[ "$rc" = 0 ] || fail "podman rm exited $rc"
nothing_left "the detached container went through its life"
say "detached life: $(($(now_ms) - t0)) ms"

show_calls podman
verdict="PASS: $name: Podman $version (conmon) ran $IMAGE through $runtime; '$MARK' arrived ($first ms for podman run), so did stderr and exit status 7; run -t, exec (output and status), pause, unpause, update, stop and rm work"
status=0
exit 0
