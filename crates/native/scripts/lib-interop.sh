# Shared by the interop scripts (interop-containerd.sh, interop-docker.sh,
# interop-podman.sh); sourced, not run.
#
#   interop_wrapper RUNTIME DIR    writes DIR/trace-calls/<basename of RUNTIME>, a
#                                  wrapper that records every call to RUNTIME in
#                                  DIR/calls/, and sets $wrapper to its path
#   show_calls WHO                 prints the recorded calls, oldest first
#   busybox_rootfs DEST BUSYBOX    a rootfs tree: BUSYBOX as /bin/busybox, its applets
#   check_static_busybox BUSYBOX   skips when BUSYBOX is missing or dynamic
#   sweep_stale PREFIX             removes what a killed test (PREFIX-PID.*) left
#   host_paths_note PATH...        notes which of these host paths exist now
#   host_paths_new                 prints those that appeared since, and removes them
#   kill_cgroup DIR                thaws a cgroup and kills its processes
#   parse_args "$@"                [--keep] [--timeout SECONDS] RUNTIME into $keep,
#                                  $limit, $runtime (absolute) and $name; a script's
#                                  own flags go to its own_flag FLAG (1: unknown)
#   can_isolate PREFIX             skips unless a mount namespace and a cgroup can be made
#   say, skip, now_ms
#
# The wrapper runs the runtime as its child (it does not exec) with the same argv,
# environment and stdio, and prints nothing itself (podman parses the stdout of
# `state`, containerd and docker read the output of `exec`). Per call it records:
# the argv, the exit code and time, XDG_RUNTIME_DIR and NOTIFY_SOCKET when set, the
# pid file's content after `create`, the `--process` JSON of `exec` and a
# `--resources FILE` of `update` (copied before the call: the caller deletes them),
# stdin only for `update -r -` / `--resources=-` (the resources JSON; every other
# verb's stdin is the container's and is never touched), the runtime's stderr for the
# short verbs (start, state, kill, delete, update, pause, resume, ps, features: their
# stderr is never the container's) and the tail of `--log` when the call failed.

# shellcheck shell=bash disable=SC2317

say() { printf '%s\n' "interop: $*"; }
skip() {
	printf 'SKIP: %s\n' "$*"
	exit 77
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

parse_args() {
	keep=0
	limit=60
	runtime=
	while [ $# -gt 0 ]; do
		case $1 in
		--keep) keep=1 ;;
		--timeout)
			[ $# -ge 2 ] || usage
			limit=$2
			shift
			;;
		-*) own_flag "$1" || usage ;;
		*)
			[ -z "$runtime" ] || usage
			runtime=$1
			;;
		esac
		shift
	done
	[ -n "$runtime" ] || usage
	case $limit in '' | *[!0-9]*) usage ;; esac
	# An absolute path: the clients run it from other working directories.
	case $runtime in
	/*) ;;
	*/*) runtime=$PWD/$runtime ;;
	*) runtime=$(command -v "$runtime" 2>/dev/null || printf '%s/%s' "$PWD" "$runtime") ;;
	esac
	name=$(basename "$runtime")
}

can_isolate() {
	unshare -m true 2>/dev/null ||
		skip "cannot make a mount namespace here (no CAP_SYS_ADMIN: an unprivileged container?)"
	# A container's /sys/fs/cgroup is often read-only.
	local probe
	if [ -e /sys/fs/cgroup/cgroup.controllers ]; then probe=/sys/fs/cgroup; else probe=/sys/fs/cgroup/pids; fi
	if mkdir "$probe/$1-probe-$$" 2>/dev/null; then
		rmdir "$probe/$1-probe-$$"
	else
		skip "cannot create cgroups under $probe (read-only cgroup filesystem?)"
	fi
}

interop_wrapper() {
	local runtime=$1 dir=$2 name
	name=$(basename "$runtime")
	mkdir -p "$dir/trace-calls" "$dir/calls" || return 1
	wrapper=$dir/trace-calls/$name
	cat >"$wrapper" <<WRAPPER || return 1
#!/bin/sh
# Records one call to $runtime in $dir/calls/ (lib-interop.sh); prints nothing itself.
t0=\$(date +%s%N)
rec="$dir/calls/\$t0.\$\$"
verb= takes= log= pidfile= process= resources=
for a in "\$@"; do
	if [ -n "\$takes" ]; then
		case \$takes in
		log) log=\$a ;;
		pid) pidfile=\$a ;;
		process) process=\$a ;;
		resources) resources=\$a ;;
		esac
		takes=
		continue
	fi
	case \$a in
	--log) takes=log ;;
	--log=*) log=\${a#--log=} ;;
	--pid-file) takes=pid ;;
	--pid-file=*) pidfile=\${a#--pid-file=} ;;
	--process | -p) [ "\$verb" = exec ] && takes=process ;;
	--process=*) process=\${a#--process=} ;;
	--resources | -r) [ "\$verb" = update ] && takes=resources ;;
	--resources=*) resources=\${a#--resources=} ;;
	--root | --log-format | --criu | --rootless) [ -z "\$verb" ] && takes=value ;;
	-*) ;;
	*) [ -z "\$verb" ] && verb=\$a ;;
	esac
done
[ "\$verb" = exec ] && [ -n "\$process" ] && cp "\$process" "\$rec.process" 2>/dev/null
[ "\$verb" = update ] && [ -n "\$resources" ] && [ "\$resources" != - ] &&
	cp "\$resources" "\$rec.resources" 2>/dev/null
case \$verb in
update)
	if [ "\$resources" = - ]; then
		cat >"\$rec.stdin"
		"$runtime" "\$@" <"\$rec.stdin" 2>"\$rec.err"
	else
		"$runtime" "\$@" 2>"\$rec.err"
	fi
	;;
start | state | kill | delete | pause | resume | ps | features)
	"$runtime" "\$@" 2>"\$rec.err"
	;;
*) "$runtime" "\$@" ;;
esac
rc=\$?
t1=\$(date +%s%N)
[ -s "\$rec.err" ] && cat "\$rec.err" >&2
{
	echo "\\\$ $name \$*"
	[ -n "\${XDG_RUNTIME_DIR:-}" ] && echo "  env XDG_RUNTIME_DIR=\$XDG_RUNTIME_DIR"
	[ -n "\${NOTIFY_SOCKET:-}" ] && echo "  env NOTIFY_SOCKET=\$NOTIFY_SOCKET"
	[ -s "\$rec.stdin" ] && { tr -d '\n' <"\$rec.stdin"; echo; } | sed 's/^/  stdin: /'
	[ -s "\$rec.resources" ] && { tr -d '\n' <"\$rec.resources"; echo; } | sed 's/^/  --resources: /'
	[ -s "\$rec.process" ] && { tr -d '\n' <"\$rec.process"; echo; } | sed 's/^/  --process: /'
	echo "  exit \$rc after \$(((t1 - t0) / 1000000)) ms"
	[ "\$verb" = create ] && [ -s "\$pidfile" ] && echo "  pid-file: \$(cat "\$pidfile")"
	[ -s "\$rec.err" ] && tail -n 5 "\$rec.err" | sed 's/^/  stderr: /'
	if [ "\$rc" != 0 ] && [ -n "\$log" ] && [ -s "\$log" ]; then
		tail -n 5 "\$log" | sed 's/^/  log: /'
	fi
} >"\$rec.call" 2>/dev/null
rm -f "\$rec.stdin" "\$rec.process" "\$rec.resources" "\$rec.err"
exit \$rc
WRAPPER
	chmod +x "$wrapper"
}

# The recorded calls, in the order they started.
show_calls() {
	local f first=1
	for f in "$dir"/calls/*.call; do
		[ -e "$f" ] || continue
		if [ "$first" = 1 ]; then
			echo "---- $1's calls to $name"
			first=0
		fi
		sed "s|$dir|\$DIR|g" "$f"
	done
}

check_static_busybox() {
	[ -x "$1" ] || skip "$1 is missing (Debian: apt-get install busybox-static)"
	# A dynamic busybox names its loader in the ELF header's first page.
	if head -c 4096 "$1" | grep -qa -e 'ld-linux' -e 'ld-musl'; then
		skip "$1 is dynamically linked; the image needs a static one (busybox-static)"
	fi
}

busybox_rootfs() {
	local dest=$1 busybox=$2 app
	mkdir -p "$dest/bin" "$dest/etc" "$dest/proc" "$dest/sys" "$dest/dev" "$dest/tmp" || return 1
	cp "$busybox" "$dest/bin/busybox" || return 1
	for app in sh echo true cat sleep ls id hostname grep; do
		ln -s busybox "$dest/bin/$app" || return 1
	done
}

# Kills the processes of a cgroup, thawing it first (a paused container's processes
# cannot die while frozen).
kill_cgroup() {
	[ -e "$1/freezer.state" ] && echo THAWED >"$1/freezer.state" 2>/dev/null
	[ -e "$1/cgroup.freeze" ] && echo 0 >"$1/cgroup.freeze" 2>/dev/null
	# shellcheck disable=SC2046
	kill -KILL $(cat "$1/cgroup.procs" 2>/dev/null) 2>/dev/null
}

# A test killed outright (SIGKILL) cannot tear down; its daemon stops with it
# (setpriv --pdeathsig). The next test removes the rest, once the killed test's
# process is gone: processes that name its temp dir, its cgroups (PREFIX-PID in every
# hierarchy, two levels deep), the dir.
sweep_stale() {
	local prefix=$1 stale owner pids cg sub
	for stale in "${TMPDIR:-/tmp}/$prefix"-[0-9]*.*; do
		[ -d "$stale" ] || continue
		owner=${stale##*/"$prefix"-}
		owner=${owner%%.*}
		case $owner in '' | *[!0-9]*) continue ;; esac
		[ -e "/proc/$owner" ] && continue
		pids=$(grep -laE -- "$stale/[a-z]" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3)
		# shellcheck disable=SC2086
		[ -n "$pids" ] && kill -KILL $pids 2>/dev/null
		# The containers' processes (their cgroups name the test), then the cgroups once
		# they are empty.
		for sub in /sys/fs/cgroup/*/"$prefix-$owner"/*/ /sys/fs/cgroup/"$prefix-$owner"/*/; do
			[ -d "$sub" ] && kill_cgroup "${sub%/}"
		done
		for cg in /sys/fs/cgroup/*/"$prefix-$owner" /sys/fs/cgroup/"$prefix-$owner"; do
			[ -d "$cg" ] || continue
			for sub in "$cg"/*/; do
				[ -d "$sub" ] || continue
				for _ in $(seq 30); do
					rmdir "$sub" 2>/dev/null && break
					sleep 0.1
				done
			done
			rmdir "$cg" 2>/dev/null
		done
		rm -rf "$stale" && say "removed $stale, left by a test that was killed"
	done
}

# Host paths a client writes when it is not told otherwise (/etc/docker/key.json,
# /var/lib/containers/cache, …): the test notes which exist before it starts, and
# fails if one appeared.
host_paths_note() {
	local p
	host_paths_watched=
	for p in "$@"; do
		[ -e "$p" ] || host_paths_watched="$host_paths_watched $p"
	done
}
host_paths_new() {
	local p
	for p in ${host_paths_watched:-}; do
		if [ -e "$p" ]; then
			echo "$p"
			rm -rf "$p"
		fi
	done
}

# Pids of the test: their command line names the temp dir ($dir: the daemons, the
# shims, the runtime), or they live in the client's private mount namespace ($mntns).
pids_of_dir() {
	{
		grep -laE -- "$dir/[a-z]" /proc/[0-9]*/cmdline 2>/dev/null
		[ -n "$mntns" ] && find /proc/[0-9]*/ns/mnt -maxdepth 0 -lname "$mntns" 2>/dev/null
	} | cut -d/ -f3 | sort -u
}

# The cgroups under PARENT (ours alone), in every hierarchy.
cgroups_under() {
	local d
	for d in /sys/fs/cgroup/*/"$1"/*/ /sys/fs/cgroup/"$1"/*/; do
		[ -d "$d" ] && echo "${d%/}"
	done
}

# The end of every teardown, once the client's daemon is stopped: kills what is still
# alive (processes naming the temp dir, the containers' cgroups, thawed first), removes
# the cgroups under PARENT and PARENT itself, the temp dir (unless --keep), and checks
# the host paths the client might have written. Whatever could not be removed is said,
# and turns a pass into a failure. T0: when the teardown began (now_ms).
reap_leftovers() {
	local parent=$1 t0=$2 pids cg p leftovers=
	pids=$(pids_of_dir)
	for cg in $(cgroups_under "$parent"); do
		pids="$pids $(cat "$cg/cgroup.procs" 2>/dev/null)"
		kill_cgroup "$cg"
	done
	pids=$(echo "$pids" | xargs)
	if [ -n "$pids" ]; then
		say "teardown: killing leftover processes: $pids"
		# shellcheck disable=SC2086
		kill -KILL $pids 2>/dev/null
		for _ in $(seq 50); do
			[ -z "$(pids_of_dir)" ] && break
			sleep 0.1
		done
	fi
	for cg in $(cgroups_under "$parent"); do
		for _ in $(seq 20); do
			rmdir "$cg" 2>/dev/null && break
			sleep 0.1
		done
		[ -d "$cg" ] && leftovers="$leftovers cgroup:$cg"
	done
	for cg in /sys/fs/cgroup/*/"$parent" /sys/fs/cgroup/"$parent"; do
		[ -d "$cg" ] || continue
		rmdir "$cg" 2>/dev/null || leftovers="$leftovers cgroup:$cg"
	done
	[ -n "$(pids_of_dir)" ] && leftovers="$leftovers processes:$(pids_of_dir | xargs)"
	for p in $(host_paths_new); do leftovers="$leftovers host:$p"; done
	# The private mount namespace died with its last process, and its mounts with it.
	if [ "$keep" = 1 ]; then
		say "teardown: kept $dir"
	elif ! rm -rf "$dir" 2>/dev/null || [ -e "$dir" ]; then
		leftovers="$leftovers dir:$dir"
	fi
	say "teardown: $(($(now_ms) - t0)) ms"
	if [ -n "$leftovers" ]; then
		say "teardown left:$leftovers"
		if [ "$status" = 0 ]; then
			verdict="FAIL: $name: the test passed but the teardown left:$leftovers"
			status=1
		fi
	fi
}

# The last 40 lines of each of the client's output files that is not empty.
show_outputs() {
	local f
	for f in "$@"; do
		if [ -s "$dir/$f" ]; then
			echo "---- $f"
			tail -n 40 "$dir/$f"
		fi
	done
}

# The verdict on any exit: the script's teardown, then one PASS or FAIL line. A failure
# (fail WHY) first shows the script's diagnostics (its explain).
finish() {
	trap - EXIT INT TERM HUP
	teardown
	echo "${verdict:-FAIL: $name: the test stopped unexpectedly}"
	exit "$status"
}
fail() {
	explain
	verdict="FAIL: $name: $*"
	status=1
	exit 1
}
install_traps() {
	trap finish EXIT
	trap 'verdict="FAIL: $name: interrupted"; status=1; exit 1' INT TERM HUP
}
