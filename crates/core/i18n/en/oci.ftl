# The OCI runtimes' steps (runc, crun): what each system call and each piece
# of work inside the runtime does, and the native runtime's own trace notes.

## How a note names the process that acts

oci-who-runc = runc
oci-who-runc-init = runc init
oci-who-crun = crun
oci-who-container-process = The container process
oci-who-container-process-mid = the container process
oci-who-stage = Stage { $n }
oci-who-stage-mid = stage { $n }

## Lifecycle: config.json, the state directory, exec.fifo, hooks, start, delete

oci-enter-rootfs = { $who } prepares the root filesystem: every mount below happens in its private mount namespace, invisible to the host.
oci-enter-finalize = { $who } becomes the container's user with the container's capabilities; what it drops now cannot be taken back.
oci-enter-next = The init process enters the next stage of its setup.
oci-load-config = { $who } reads config.json from the bundle and turns it into its own container configuration.
oci-state-dir = { $who } creates the state directory { $path } where it keeps what it knows about the container.
oci-exec-fifo = { $who } creates the FIFO exec.fifo: the container will wait on it until `{ $runtime } start`.
oci-copy-config = crun copies config.json into the state directory, so that later commands do not depend on the bundle.
oci-sealed-copy = runc copies its own binary into a sealed in-memory file, so that a container can never overwrite the runc binary on the host (CVE-2019-5736).
oci-exec-init = runc starts its sealed copy as `runc init`, the process that will become the container; the pipes it passes are named in _LIBCONTAINER_* variables.
oci-sync-runc-hooks = runc init tells runc its mounts are ready and waits: runc applies the cgroup limits and runs the prestart and createRuntime hooks meanwhile.
oci-sync-runc-ready = runc init tells runc it is ready to exec: runc sets the rlimits (it still can raise them from outside) and saves the state.
oci-sync-crun-hooks = The container process tells crun its mounts are ready and waits while crun runs the prestart and createRuntime hooks.
oci-sync-crun-ready = The container process tells crun its setup is done; crun records the container as created.
oci-hook = { $who } runs the { $kind } hook { $path } { $place ->
        [container-before-pivot] in the container's namespaces, before pivot_root (so the host's files are still reachable)
        [container] in the container's namespaces, just before the program starts
       *[runtime] in the runtime's (host's) namespaces
    }, with the container's state on its stdin.
oci-hook-poststart = { $who } runs the poststart hook { $path } in the runtime's (host's) namespaces, with the container's state on its stdin, once the program has run: atlas-runtime waits until the program first blocks or exits (at most 100 ms), so that a short program's first effects come before the hook's. A failing poststart hook is only a warning: the other hooks run and `start` succeeds, as runtime-spec 1.0.2 says (runc 1.1 runs these hooks before `runc create` returns and stops the container if one fails; the current runtime-spec says a failure MUST stop the container).
oci-save-state = { $who } records the container's pid, bundle and cgroup in { $file }, which `state`, `list` and `start` read later.
oci-fifo-wait-runc = runc init opens exec.fifo for writing, which blocks until someone opens it for reading: the container is now `created`, and `runc create` returns.
oci-fifo-wait-crun = The container process waits reading exec.fifo: the container is now `created`, and `crun create` returns.
oci-load-state = { $who } reads the container's state from { $path }.
oci-fifo-open-runc = runc start opens exec.fifo for reading: the open of runc init on the other end returns.
oci-fifo-open-crun = crun start opens exec.fifo for writing.
oci-fifo-write-runc = runc init writes one byte, "0", into exec.fifo.
oci-fifo-write-crun = crun start writes one byte into exec.fifo, which wakes the container process up.
oci-fifo-read = runc start reads the byte: the container is going.
oci-fifo-unlink = { $who } removes exec.fifo: without it, `state` reports the container as running rather than created.
oci-execve = { $who } replaces itself with { $program }: the same process, PID 1 in the container, now runs the container's program.
oci-kill-all = The container has no PID namespace of its own, so killing its init is not enough: { $who } kills every process in its cgroup.
oci-kill-init = The init process still exists, so { $who } kills it first.
oci-state-remove = { $who } removes the state directory { $path }: the container no longer exists.

## The container's cgroup

oci-cgroup-create = { $who } creates the container's cgroup { $cgroup }.
oci-cgroup-join-runc = runc puts `runc init` (pid { $pid }) into the cgroup before it can fork, so every process of the container starts inside it. On cgroup v1 that is every hierarchy the host mounts, the controller-less name=systemd one included.
oci-cgroup-join-crun = crun moves the container process (pid { $pid }) into its cgroup.
oci-cgroup-memory-max = { $runtime } caps the container's memory at { $value } bytes; beyond that the kernel reclaims memory or OOM-kills a process of the container.
oci-cgroup-swap-max = { $runtime } limits the container's swap to { $value }.
oci-cgroup-memory-low = { $runtime } reserves { $value } bytes of memory for the container.
oci-cgroup-pids-max = { $runtime } limits the container to { $value } processes and threads (a fork bomb stops there).
oci-cgroup-cpu-weight = { $runtime } sets the container's CPU weight to { $value } (cgroup v2's version of its cpu shares): it matters only when CPUs are contended.
oci-cgroup-cpu-shares = { $runtime } sets the container's CPU shares to { $value }: they matter only when CPUs are contended.
oci-cgroup-cpu-max = { $runtime } caps the container's CPU time: "{ $value }" means quota and period in microseconds.
oci-cgroup-cfs = { $runtime } writes the CFS bandwidth limit { $file } = { $value }.
oci-cgroup-write = { $runtime } writes { $value } into the cgroup file { $file }.
oci-device-filter-v2 = cgroup v2 has no devices.allow file: { $runtime } compiles the device rules ({ $rules } from the spec, plus its defaults for /dev/null, /dev/zero, /dev/tty and friends) into an eBPF program attached to the cgroup.
oci-device-filter-v1 = { $runtime } denies every device, then writes devices.allow for each allowed one ({ $rules } rules from the spec plus its defaults).
oci-cgroup-remove = { $who } removes the container's cgroup.

## Namespaces: nsexec's stages, clone, setns, unshare, id maps

# A namespace type as the runtime-spec names it: mount, uts, ipc, pid,
# network, user, cgroup, time.
oci-ns = { $ns }
oci-ns-none = none
oci-ns-and = { $first } and { $last }
oci-ns-comma = { $first }, { $rest }
oci-nsexec-parent = Before Go even starts, the C constructor nsexec runs inside `runc init`: stage 0 reads the namespace flags and paths runc sent over the init pipe.
oci-nsexec-child = Stage 1 sets up the namespaces: it joins the ones given by path, then creates the new ones.
oci-nsexec-init = Stage 2 is the process that will become the container; stages 0 and 1 exit once runc knows its pid.
oci-clone-stage1 = Stage 0 forks stage 1 with CLONE_PARENT, so that runc, not stage 0, is its parent.
oci-clone-stage2 = Stage 1 forks stage 2: a process cannot move itself into a new PID namespace, only its children start there, so stage 2 is PID 1 of the container.
oci-clone-crun-fork = The container process forks once more: only a child enters the new PID namespace, as its PID 1.
oci-clone-crun-pid = crun clones the container process directly into new { $namespaces } namespaces: no re-exec, and the child is PID 1 of its PID namespace.
oci-clone-crun = crun clones the container process directly into new { $namespaces } namespaces.
oci-setns = { $who } joins the existing { $namespace } namespace { $path } instead of creating one.
oci-unshare-user = { $who } creates the user namespace first, on its own, so that the namespaces created next belong to it.
oci-unshare-cgroup = Now that it is in its cgroup, { $who } creates a cgroup namespace: the container sees its own cgroup as the root.
oci-unshare = { $who } creates new { $namespaces } namespaces.
oci-idmap-runc = Stage 0, still outside the new user namespace, writes its { $map ->
        [uid] user
       *[gid] group
    } map: id { $inside } inside is { $host } on the host.
oci-idmap-crun = crun, outside the new user namespace, writes its { $map ->
        [uid] user
       *[gid] group
    } map: id { $inside } inside is { $host } on the host.
oci-idmap = The { $map ->
        [uid] user
       *[gid] group
    } map of the new user namespace is written.
oci-setsid = { $who } starts a new session, detached from the caller's terminal.
oci-go-init = nsexec returns and the Go runtime of `runc init` starts, inside the container's namespaces; it reads its configuration from the init pipe.
oci-session-keyring = runc init joins a fresh session keyring, so that the container cannot see the host's keys.
oci-loopback-up = The new network namespace has only a loopback interface, and it is down: it is brought up (real interfaces are added by CNI or Docker, not by the runtime).

## The container's filesystem: mounts, device nodes, pivot_root, the console

oci-mknod = { $who } creates the device node { $path } ({ $device }) in the container's /dev.
oci-ptmx-symlink = { $who } points /dev/ptmx at the container's own devpts instance, so ptys opened inside stay inside.
oci-dev-symlinks = { $who } adds the usual /dev/fd, /dev/stdin, /dev/stdout and /dev/stderr symlinks.
oci-pivot-root = { $who } makes the rootfs the new / with pivot_root(".", "."); the old root is left stacked on top, to be detached.
oci-unmount-old-root = { $who } detaches the old root: the host's filesystem is no longer reachable from the container.
oci-chroot = { $who } changes its root to the rootfs with chroot (weaker than pivot_root: the old root is still mounted).
oci-console-open = process.terminal is true: { $who } opens a new pseudo-terminal in the container's devpts.
oci-console-send = { $who } sends the terminal's master side to the caller, which relays your keystrokes.
oci-setctty = { $who } makes the terminal its controlling terminal.
# Where a mount goes: a path, or the container's root filesystem.
oci-mount-target = { $path }
oci-mount-target-rootfs = the rootfs
oci-mount-root-propagation = { $who } makes every mount of its new mount namespace { $propagation ->
        [private] private
        [shared] shared
       *[slave] a slave
    } ({ $flags }), so that nothing mounted next leaks back to the host.
oci-mount-rootfs-parent-private = { $runtime ->
        [crun] { $who } makes the mount that holds the rootfs private (MS_PRIVATE), whatever it was: it tries the rootfs's own path, then each parent directory until one is a mount point
       *[runc] { $who } finds the mount that holds the rootfs (in /proc/self/mountinfo) and makes it private (MS_PRIVATE) if it is shared
    }: pivot_root refuses a new root whose parent mount is shared, which a rootfsPropagation of shared or rshared, or a host that shares its mounts, would leave.
oci-mount-rootfs-bind = { $who } bind-mounts the rootfs onto itself, so that it is a mount point { $runtime } can pivot into.
oci-mount-spec-bind = { $who } bind-mounts { $source } from the host at { $target }.
oci-mount-spec = { $who } mounts a { $fstype } filesystem at { $target }.
oci-mount-propagation = { $who } changes the propagation of { $target } to { $flags }.
oci-mount-bind-remount = A bind mount ignores its other flags, so { $who } remounts { $target } to apply { $flags }.
oci-mount-cgroup-v1-tmpfs = With cgroup v1, { $who } first mounts a tmpfs at { $target }…
oci-mount-cgroup-v1-binds = …then binds the container's own directory of each cgroup v1 hierarchy under { $target }, name=systemd included (at { $target }/systemd).
oci-mount-cgroup-v1-remount = { $who } remounts { $target } read-only.
oci-mount-device-bind = A user namespace may not mknod, so { $who } bind-mounts the host's { $target }.
oci-mount-console = { $who } bind-mounts the terminal over /dev/console.
oci-mount-old-root-slave = { $who } makes the old root a slave, so that detaching it does not propagate to the host.
oci-mount-move-root = --no-pivot: { $who } moves the rootfs over / with MS_MOVE.
oci-mount-finalize-readonly = { $who } remounts { $target } read-only now that it has finished writing into it.
oci-mount-readonly-root = root.readonly is true: { $who } remounts / read-only.
oci-mount-readonly-path-bind = { $target } is in readonlyPaths: { $who } bind-mounts it onto itself…
oci-mount-readonly-path-remount = …and remounts that bind read-only, so the container can read { $target } but not change the host through it.
oci-mount-mask-file = { $target } is in maskedPaths: { $who } bind-mounts /dev/null over it, so it reads as empty; if it turns out to be a directory (the kernel answers ENOTDIR), an empty read-only tmpfs covers it instead (runc's maskPath).
oci-mount-mask-dir = { $target } is a masked directory: { $who } mounts an empty read-only tmpfs over it.

## The process's own set-up: OOM score, names, sysctls, rlimits, seccomp, user, capabilities

oci-oom-score-adj = { $who } sets its OOM score adjustment to { $adj }, which the container inherits.
oci-sethostname = { $who } sets the hostname to { $name } in the container's UTS namespace.
oci-setdomainname = { $who } sets the NIS domain name to { $name }.
oci-apparmor = { $who } asks AppArmor to confine the program with profile { $profile } from its next execve.
oci-sysctl = { $who } sets the sysctl { $key } = { $value } in the container's namespaces.
oci-no-new-privs = { $who } sets no_new_privs: no setuid binary or file capability can ever raise the container's privileges.
oci-rlimit-runc = runc sets { $resource } of the container's init from outside with prlimit.
oci-rlimit-crun = crun sets { $resource } on itself before cloning, so the container inherits it.
oci-seccomp-late = { $who } loads the seccomp filter as late as possible, so that the setup's own syscalls need not be allowed.
oci-seccomp-early = Without no_new_privs, loading a seccomp filter needs privileges, so { $who } does it before dropping capabilities.
oci-chdir = { $who } changes to the working directory { $path }.
oci-cap-bounding = { $who } drops from the bounding set every capability not listed: the container can never regain them.
oci-keep-caps-on = { $who } keeps its capabilities across the coming uid change.
oci-keep-caps-off = { $who } stops keeping capabilities across uid changes.
oci-setgroups = { $who } sets the supplementary groups (dropping the host's).
oci-setgid = { $who } switches to group { $gid }.
oci-setuid = { $who } switches to user { $uid }.
oci-capset = { $who } sets the effective, permitted and inheritable capabilities the program will have.
oci-ambient-caps = { $who } raises the ambient capabilities, which survive execve even for a non-root program.

## The native runtime (atlas-runtime): its trace's own notes

oci-native-verb = atlas-runtime { $verb }: the real run of the plan's { $verb } steps
# A step's note, then what atlas-runtime did differently from runc.
oci-native-step = { $note } { $what }
oci-native-cgroup-v1-join = atlas-runtime: the init process (pid { $pid }) moved itself: it wrote 0 to `tasks` in each v1 hierarchy ({ $hierarchies }), not the runtime its pid to `cgroup.procs` as runc does. Same result (it has one thread, and stages 1 and 2 are cloned after), without the kernel's global cgroup_threadgroup_rwsem, whose write lock waits for an RCU grace period.

## The inspector module's answer

oci-wire-error = the inspector's answer is not an inspection: { $reason }
