#!/usr/bin/env bash
# Interop test: Debian's containerd drives an OCI runtime through its shim.
#
#   interop-containerd.sh [--hide-cgroup2] [--trace-calls] [--keep] [--timeout SECONDS] RUNTIME
#
# Starts a private containerd (its own root, state, sockets, and a private mount
# namespace whose /run is a directory of this test, so the host's /run/containerd
# and /var/lib/containerd are never touched), builds a small OCI image from a
# busybox-static rootfs with umoci, imports it with `ctr images import`, and runs
#
#   ctr run --rm --runc-binary RUNTIME localhost/atlas-busybox:latest ID \
#       /bin/echo hello-from-atlas
#
# The test passes when that line arrives on ctr's stdout, ctr exits 0 and no
# container or task is left behind; then a second container's stderr and exit
# status (`sh -c 'echo …-stderr >&2; exit 7'`) must arrive as well; then a detached
# container goes through `ctr tasks` exec (its output must arrive), ps, pause,
# resume (the status must follow), kill and delete. Everything is torn down on any exit:
# containerd, its shims, the container's processes and cgroups, the temp dir.
#
# --hide-cgroup2   mount an empty tmpfs over /sys/fs/cgroup/unified inside the
#                  private namespace (crun 1.8 refuses hybrid cgroup hosts
#                  otherwise; see ../shared/reference/LOCAL-LAB.md)
# --trace-calls    put a recording wrapper between the shim and the runtime and print
#                  every call the shim made (arguments, exit code, time, the tail of
#                  the runtime's --log when it failed, exec's --process JSON, update's
#                  stdin: lib-interop.sh); the wrapper does not exec, so the runtime
#                  runs as the wrapper's child, with the same argv, environment and stdio
# --keep           keep the temp dir (logs, image, containerd root) for a look
# --timeout S      limit for `ctr run` (default 60)
#
# The last line is the verdict: `PASS: …` (exit 0), `FAIL: …` (exit 1) or
# `SKIP: …` (exit 77) when the machine cannot run it (not Linux, not root,
# a tool missing). Needs: containerd (with ctr and containerd-shim-runc-v2),
# umoci, busybox-static, util-linux (unshare, nsenter), coreutils (timeout).
# `cargo xtask test` installs them (APT_TEST_PACKAGES in xtask/src/setup.rs).

# The teardown functions run from the EXIT trap (shellcheck sees them as unreachable);
# pid lists are split on purpose.
# shellcheck disable=SC2317,SC2086
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib-interop.sh
. "$here/lib-interop.sh"

IMAGE=localhost/atlas-busybox:latest
MARK=hello-from-atlas
BUSYBOX=${BUSYBOX:-/bin/busybox}

hide_cgroup2=0
trace_calls=0
usage() {
	echo "usage: $0 [--hide-cgroup2] [--trace-calls] [--keep] [--timeout SECONDS] RUNTIME" >&2
	exit 2
}
own_flag() {
	case $1 in
	--hide-cgroup2) hide_cgroup2=1 ;;
	--trace-calls) trace_calls=1 ;;
	*) return 1 ;;
	esac
}
parse_args "$@"

# --- can this machine run it? -------------------------------------------------
[ "$(uname -s)" = Linux ] || skip "needs Linux (namespaces, cgroups, overlayfs)"
[ "$(id -u)" = 0 ] || skip "needs root (containerd, mounts and cgroups); run it as root"
for tool in containerd ctr containerd-shim-runc-v2 umoci unshare nsenter setpriv mount timeout tar; do
	command -v "$tool" >/dev/null 2>&1 ||
		skip "$tool is not installed (Debian: apt-get install containerd umoci busybox-static util-linux)"
done
check_static_busybox "$BUSYBOX"

can_isolate atlas-interop

sweep_stale atlas-interop

# --- from here on, everything is torn down on exit ------------------------------
dir=$(mktemp -d "${TMPDIR:-/tmp}/atlas-interop-$$.XXXXXX") || {
	echo "FAIL: mktemp failed"
	exit 1
}
case $dir in /run/*)
	echo "FAIL: the temp dir $dir is under /run, which the test replaces; set TMPDIR"
	rmdir "$dir"
	exit 1
	;;
esac
id=atlas-interop-$$
# A namespace of our own: its cgroup parent (/NAMESPACE) is ours to remove.
NS=atlas-interop-$$
cpid=
mntns=
verdict=
status=1

ctr_() { timeout --kill-after=5 60 nsenter -t "$cpid" -m -- ctr --address "$dir/containerd.sock" --namespace "$NS" "$@"; }

# The containers' cgroups, in every hierarchy (ctr puts them at /NAMESPACE/ID, and
# the namespace is ours alone).
container_cgroups() { cgroups_under "$NS"; }

teardown() {
	local t0 c
	t0=$(now_ms)
	if [ -n "$cpid" ] && kill -0 "$cpid" 2>/dev/null; then
		# A task the runtime could not delete: ask containerd first.
		for c in $(timeout 10 nsenter -t "$cpid" -m -- ctr --address "$dir/containerd.sock" \
			--namespace "$NS" containers ls -q 2>/dev/null); do
			say "teardown: the container $c is still there; killing and removing it"
			timeout 10 nsenter -t "$cpid" -m -- ctr --address "$dir/containerd.sock" --namespace "$NS" \
				tasks kill -s SIGKILL "$c" >/dev/null 2>&1
			timeout 10 nsenter -t "$cpid" -m -- ctr --address "$dir/containerd.sock" --namespace "$NS" \
				tasks delete -f "$c" >/dev/null 2>&1
			timeout 10 nsenter -t "$cpid" -m -- ctr --address "$dir/containerd.sock" --namespace "$NS" \
				containers delete "$c" >/dev/null 2>&1
		done
		kill -TERM "$cpid" 2>/dev/null
		for _ in $(seq 50); do
			kill -0 "$cpid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$cpid" 2>/dev/null
		wait "$cpid" 2>/dev/null
	fi
	reap_leftovers "$NS" "$t0"
}

# Diagnostics for a failure: ctr's output and containerd's complaints.
explain() {
	show_calls "the shim"
	show_outputs ctr.out ctr.err
	if [ -s "$dir/containerd.log" ]; then
		echo "---- containerd.log (errors and warnings, last 30)"
		grep -E 'level=(error|warning|fatal)|panic' "$dir/containerd.log" | tail -n 30
	fi
	echo "----"
}

install_traps

# Runs a setup command quietly; on failure shows its output and fails.
step() {
	local what=$1
	shift
	if ! "$@" >"$dir/step.log" 2>&1; then
		cat "$dir/step.log"
		fail "$what failed: $*"
	fi
}

[ -x "$runtime" ] || fail "the runtime binary $runtime does not exist or is not executable"
say "runtime $runtime; temp dir $dir"
shim_runtime=$runtime
if [ "$trace_calls" = 1 ]; then
	interop_wrapper "$runtime" "$dir" || fail "could not write the recording wrapper"
	shim_runtime=$wrapper
fi

# --- the image: umoci layout from a busybox-static rootfs -------------------------
t=$(now_ms)
step "umoci init" umoci init --layout "$dir/oci"
step "umoci new" umoci new --image "$dir/oci:latest"
step "umoci unpack" umoci unpack --image "$dir/oci:latest" "$dir/unpacked"
mkdir -p "$dir/unpacked/rootfs/bin" || fail "mkdir rootfs/bin"
cp "$BUSYBOX" "$dir/unpacked/rootfs/bin/busybox" || fail "copy $BUSYBOX"
for app in sh echo true cat sleep ls id hostname; do
	ln -s busybox "$dir/unpacked/rootfs/bin/$app" || fail "symlink bin/$app"
done
step "umoci repack" umoci repack --image "$dir/oci:latest" "$dir/unpacked"
step "umoci config" umoci config --image "$dir/oci:latest" --config.cmd /bin/sh
step "umoci gc" umoci gc --layout "$dir/oci"
step "tar the layout" tar -C "$dir/oci" -cf "$dir/image.tar" .
rm -rf "$dir/unpacked"
say "image built: $(($(now_ms) - t)) ms ($(du -k "$dir/image.tar" | cut -f1) KiB)"

# overlayfs cannot put its upper layer on overlayfs (a test run inside a container):
# there, the native snapshotter (plain copies; the image is 1 MB).
snapshotter=overlayfs
[ "$(stat -f -c %T "$dir")" = overlayfs ] && snapshotter=native
say "snapshotter: $snapshotter"

# --- a private containerd ------------------------------------------------------------
mkdir -p "$dir/run" "$dir/root" "$dir/state" "$dir/opt"
cat >"$dir/config.toml" <<EOF
version = 2
root = "$dir/root"
state = "$dir/state"
# Only what ctr run needs: no CRI, no snapshotters but overlayfs and native.
disabled_plugins = [
  "io.containerd.grpc.v1.cri",
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
]

[grpc]
  address = "$dir/containerd.sock"

[ttrpc]
  address = "$dir/containerd.sock.ttrpc"

[debug]
  address = "$dir/debug.sock"
  level = "info"

[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/opt"
EOF

# containerd 1.6 puts shim sockets, fifos and the runtime's root under /run/containerd
# whatever the config says: give it a /run of its own in a private mount namespace.
hide=
[ "$hide_cgroup2" = 1 ] && hide='mount -t tmpfs none /sys/fs/cgroup/unified && '
t=$(now_ms)
# setpriv --pdeathsig: containerd stops (SIGTERM) when this script dies, even by SIGKILL.
setpriv --pdeathsig TERM unshare -m --propagation private sh -c \
	"mount --bind \"\$1/run\" /run && ${hide}exec containerd --config \"\$1/config.toml\"" \
	sh "$dir" >"$dir/containerd.log" 2>&1 </dev/null &
cpid=$!
ready=0
for _ in $(seq 200); do
	kill -0 "$cpid" 2>/dev/null || break
	if ctr_ version >/dev/null 2>&1; then
		ready=1
		break
	fi
	sleep 0.05
done
if [ "$ready" != 1 ]; then
	tail -n 20 "$dir/containerd.log"
	fail "containerd did not come up within 10 s (log above)"
fi
say "containerd $cpid ready: $(($(now_ms) - t)) ms"
# Its mount namespace, as a find -lname pattern: mnt:[N] becomes mnt:?N?.
mntns=$(readlink "/proc/$cpid/ns/mnt" | tr '[]' '??')

t=$(now_ms)
ctr_ images import --snapshotter "$snapshotter" --base-name "${IMAGE%:*}" "$dir/image.tar" >"$dir/ctr.out" 2>"$dir/ctr.err" ||
	fail "ctr images import failed"
ctr_ images ls -q 2>/dev/null | grep -qx -- "$IMAGE" || fail "the imported image $IMAGE is not listed"
say "image imported: $(($(now_ms) - t)) ms"

# --- the runs --------------------------------------------------------------------------
# ctr_run ID CMD...: ctr run --rm through the runtime; ctr's exit code in $rc, its time in $took.
ctr_run() {
	local cid=$1 t
	shift
	t=$(now_ms)
	say "\$ ctr run --rm --runc-binary $shim_runtime $IMAGE $cid $*"
	timeout --kill-after=5 "$limit" nsenter -t "$cpid" -m -- \
		ctr --address "$dir/containerd.sock" --namespace "$NS" \
		run --rm --snapshotter "$snapshotter" --runc-binary "$shim_runtime" "$IMAGE" "$cid" "$@" \
		>"$dir/ctr.out" 2>"$dir/ctr.err" </dev/null
	rc=$?
	took=$(($(now_ms) - t))
	say "ctr run exited $rc after $took ms"
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		fail "ctr run did not finish within $limit s"
	fi
}

# Nothing may be left of a container that ctr run --rm ran.
removed() {
	local what
	for what in containers tasks; do
		if ctr_ "$what" ls -q 2>/dev/null | grep -qx -- "$1"; then
			fail "$2, but the $what list still has $1"
		fi
	done
	local cg
	for cg in $(container_cgroups); do
		[ "${cg##*/}" = "$1" ] && fail "$2, but the runtime left the cgroup $cg"
	done
}

# 1. The output arrives.
ctr_run "$id" /bin/echo "$MARK"
grep -qx -- "$MARK" "$dir/ctr.out" || fail "the container's output ($MARK) did not arrive (ctr exited $rc)"
[ "$rc" = 0 ] || fail "the output arrived but ctr run exited $rc"
removed "$id" "the output arrived"
first=$took

# 2. Its stderr and exit status arrive too (the shim reaps the init process).
ctr_run "$id-exit" /bin/sh -c "echo $MARK-stderr >&2; exit 7"
grep -qx -- "$MARK-stderr" "$dir/ctr.err" || fail "the container's stderr did not arrive (ctr exited $rc)"
[ "$rc" = 7 ] || fail "the container exited 7 but ctr run exited $rc"
removed "$id-exit" "the exit status arrived"

# 3. A detached container through the shim's other calls: exec, ps, pause, resume,
#    kill, delete.
task_status() { ctr_ tasks ls 2>/dev/null | awk -v id="$1" '$1 == id { print $3 }'; }
wait_status() {
	local _
	for _ in $(seq 100); do
		[ "$(task_status "$1")" = "$2" ] && return 0
		sleep 0.05
	done
	return 1
}
life=$id-life
t=$(now_ms)
say "\$ ctr run -d --runc-binary $shim_runtime $IMAGE $life /bin/sleep 60; then exec, ps, pause, resume, kill, delete"
ctr_ run -d --snapshotter "$snapshotter" --runc-binary "$shim_runtime" "$IMAGE" "$life" /bin/sleep 60 \
	>"$dir/ctr.out" 2>"$dir/ctr.err" </dev/null || fail "ctr run -d failed"
wait_status "$life" RUNNING || fail "the detached task is $(task_status "$life"), not RUNNING"
ctr_ tasks exec --exec-id probe "$life" /bin/echo "$MARK-exec" >"$dir/ctr.out" 2>"$dir/ctr.err" </dev/null ||
	fail "ctr tasks exec failed"
grep -qx -- "$MARK-exec" "$dir/ctr.out" || fail "the output of ctr tasks exec did not arrive"
ctr_ tasks ps "$life" >"$dir/ctr.out" 2>"$dir/ctr.err" || fail "ctr tasks ps failed"
[ "$(grep -cE '^[0-9]+' "$dir/ctr.out")" -ge 1 ] || fail "ctr tasks ps lists no process"
ctr_ tasks pause "$life" >"$dir/ctr.out" 2>"$dir/ctr.err" || fail "ctr tasks pause failed"
wait_status "$life" PAUSED || fail "after pause the task is $(task_status "$life"), not PAUSED"
ctr_ tasks resume "$life" >"$dir/ctr.out" 2>"$dir/ctr.err" || fail "ctr tasks resume failed"
wait_status "$life" RUNNING || fail "after resume the task is $(task_status "$life"), not RUNNING"
ctr_ tasks kill -s SIGKILL "$life" >"$dir/ctr.out" 2>"$dir/ctr.err" || fail "ctr tasks kill failed"
wait_status "$life" STOPPED || fail "after kill the task is $(task_status "$life"), not STOPPED"
ctr_ tasks delete "$life" >"$dir/ctr.out" 2>"$dir/ctr.err" || fail "ctr tasks delete failed"
ctr_ containers delete "$life" >"$dir/ctr.out" 2>"$dir/ctr.err" || fail "ctr containers delete failed"
removed "$life" "the detached container went through its life"
say "detached life: $(($(now_ms) - t)) ms"

show_calls "the shim"
verdict="PASS: $name: containerd ran $IMAGE through $runtime; '$MARK' arrived ($first ms for ctr run), so did stderr and exit status 7; exec, ps, pause, resume, kill and delete work"
status=0
exit 0
