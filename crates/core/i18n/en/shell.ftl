# The node's shell (crate::shell): the simulator's own words around bash's.
# bash's and the programs' words stay in the code, as they print them.

## Bounds and what the shell does not run

# $max: the bound.
shell-loop-limit = atlas: stopped after { $max } loop iterations in one line (the simulator bounds loops so that a line always ends)
shell-command-limit = atlas: stopped after { $max } commands in one line
shell-output-limit = atlas: stopped after { $max } bytes of output in one line
shell-too-deep = atlas: the line nests deeper than { $max } levels; the simulator does not run it
shell-exit = atlas: `exit` would end this login session; the simulator keeps it open
shell-background = atlas: `&` would run the command in the background; the simulator ran it to its end first
# $command: the line as typed.
shell-builtin-not-modelled = atlas: `{ $command }` is a bash builtin the simulator does not model

## help

shell-help-intro = atlas: this node models these programs (the rest answer "not modelled here"):
# $area: one of the shell-area-… names; $programs: the programs, space-separated.
shell-help-area = atlas:   { $area }: { $programs }
shell-help-explain = atlas: `explain <command line>` says which part of the system handles each word.
shell-area-shell = the shell (bash builtins)
shell-area-filters = text filters
shell-area-files = files
shell-area-systemd = systemd and the journal
shell-area-kernel = kernel and packages
shell-area-processes = processes
shell-area-containers = containers and Kubernetes

## explain <command line>

shell-explain-usage = atlas: usage: explain <command line>, for example: explain 'crictl ps -a | grep web'
# $word: the word; $what: what the component is (a sentence).
shell-explain-component = atlas: { $word }: { $what }
# $call: the CRI call (`RuntimeService/ListContainers`).
shell-explain-cri = atlas: { $word }: crictl's verb; crictl sends { $call } to the CRI server on the runtime endpoint (/etc/crictl.yaml)
shell-explain-kubectl-verb = atlas: { $word }: kubectl's verb; kubectl turns it into requests to the API server (kube-apiserver), never to the node's runtime
# $program: the program the word belongs to.
shell-explain-verb = atlas: { $word }: a command of { $program }
shell-explain-flag = atlas: { $word }: a flag that { $program } reads
shell-explain-arg = atlas: { $word }: an argument of { $program }
shell-explain-operator = atlas: { $word }: bash's operator: bash connects the commands, no program sees it
shell-explain-builtin = atlas: { $word }: a bash builtin, run by the shell itself
shell-explain-filter = atlas: { $word }: a text filter; it reads the previous command's output, not the runtime
shell-explain-systemd = atlas: { $word }: a systemd tool; it talks to systemd (PID 1) over D-Bus about the node's units
# $path: where the program lives.
shell-explain-program = atlas: { $word }: the program { $path }
shell-explain-unknown = atlas: { $word }: no such program on this node (bash would say: command not found)
shell-program-limit = atlas: stopped after running { $max } programs in one line (each one changes the node and is drawn)
shell-brace-limit = atlas: a brace expansion would give more than { $max } words; the line stopped there (the simulator bounds it so that a line always ends)
