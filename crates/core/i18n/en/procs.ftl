# The processes area (node/ps, node/signal, node/pstree): ps, pstree, pgrep,
# pidof, kill, pkill, lsns. The tools' own output stays in their words.

# $pid, $name: the process a signal was sent to; $signal: SIGKILL, SIGTERM.
procs-kill-unmodelled = atlas: { $signal } to { $pid } ({ $name }) is not simulated: that process stays as it is
# The hop of `kill`: the shell's kill(2) to a container's process.
procs-kill-hop = kill(2): the shell sends { $signal } to pid { $pid }; the kernel delivers it to the container's main process
# $ns: the namespace argument of `lsns <namespace>`.
procs-lsns-namespace = atlas: `lsns { $ns }` (the processes of one namespace) is not simulated; use `lsns -t TYPE` or `lsns -p PID`
