# Drills and quizzes (atlas_core::drill, atlas_core::quiz, `atlas drill`, `atlas quiz`).

## A drill file that cannot be used: where, then why.
drill-error-syntax = { $file }:{ $line }:{ $col }: { $reason }
drill-error-at = { $file }:{ $line }:{ $col }: { $why }
drill-error-start = drill { $id }: the node cannot be set up: { $why }
drill-bad-id = the id { $id } is not 2 to 16 of A-Z, 0-9 and -
drill-empty-text = { $field } needs both en and ko, not empty
drill-unknown-scenario = no scenario is called { $name }
drill-settle-too-long = settle is longer than { $max } seconds
drill-bad-file = a file to put on the node needs an absolute path and exactly one of text or deb: { $path }
drill-no-checks = a drill needs at least one [[check]]
drill-no-solution = the [solution] script is empty
drill-no-subject = a check item needs one subject (unit, file, yaml, toml, kubelet, sysctl, module, socket, package, node, node_field, pod, deployment, process, image, unchanged, untouched or command)
drill-two-subjects = a check item has one subject, this one has { $first } and { $second }
drill-key-not-for-subject = { $key } does not go with the subject { $subject }
drill-no-expectation = the subject { $subject } needs an expectation
drill-as-without-value = as = … needs a value expectation (equals, one_of, matches, contains, at_least, at_most or lines)
drill-bad-regex = matches is not a regular expression: { $reason }
drill-bad-number = { $key } is not a number
drill-bad-word = { $key } cannot be { $word }
drill-container-and-state = container and state go together
drill-bad-object = { $object } is not kind/namespace/name (kind pod or deployment)
drill-not-absolute = { $path } is not an absolute path

## Why a check item failed (never the expected answer).
drill-why-not-set = { $key } is not set
drill-why-no-sysctl = there is no kernel parameter { $key }
drill-why-module-loaded = the module { $module } is loaded
drill-why-module-not-loaded = the module { $module } is not loaded
drill-why-socket = { $path } is a socket
drill-why-no-socket = no socket at { $path }
drill-why-package = { $package } is installed
drill-why-no-package = { $package } is not installed
drill-why-image = { $image } is in the { $store } store
drill-why-no-image = { $image } is not in the { $store } store
drill-why-exit = it exits with { $code }
drill-why-is-dir = { $path } is a directory
drill-why-is-socket = { $path } is a socket, not a file
drill-why-no-file = no such file: { $path }
drill-why-bad-toml = the file is not TOML: { $reason }
drill-why-no-unit = there is no unit { $unit }
drill-why-kubelet-down = the kubelet is not running
drill-why-no-node = the API server does not answer for the node
drill-why-no-condition = the node has no condition { $condition }
drill-why-no-pod = no Pod { $name } in namespace { $namespace }
drill-why-pod-ready = the Pod is Ready
drill-why-pod-not-ready = the Pod is not Ready (phase { $phase })
drill-why-restarts = a container restarted { $count } times
drill-why-no-container = no container { $container } in the Pod
drill-why-no-process = no running container { $container } in Pod { $pod }
drill-why-no-parent = process { $pid } has no parent
drill-why-pid = the pid was { $before }, now { $now }
drill-why-gone = { $object } is not there
drill-why-replaced = { $object } was deleted and made again (a new uid)
drill-why-spec-changed = the spec of { $object } changed
drill-why-no-baseline = the drill's starting node cannot be made again to compare
drill-why-gone-count = { $count ->
    [one] one thing that was there is gone
   *[other] { $count } things that were there are gone
}
drill-why-after-reboot = after a reboot: { $why }
drill-why-after-reboot-found = after a reboot

## `atlas drill`, `atlas quiz`.
drill-cli-unknown = no drill { $id }; drills: { $ids }
drill-cli-need-id = name a drill (atlas drill list) or give --file
drill-cli-need-script = give --script FILE (- for standard input) or --solution
drill-cli-cannot-read = cannot read { $path }
drill-cli-config = Node: Kubernetes { $k8s }, { $runtime }, { $oci }
drill-cli-task = Task
drill-cli-checks = Checked
drill-cli-hints = Hints
drill-cli-solution = Solution
drill-cli-scenario = See the mechanism: atlas sim --scenario { $name }
drill-cli-found = found: { $found }
drill-cli-score = { $passed } of { $total }
drill-cli-list-head = ID  DOMAIN  CONFIGURATION  TITLE
drill-quiz-unknown = no question { $id }; questions: { $ids }
drill-quiz-answer = Answer: { $answer }
drill-quiz-explanation = Why
drill-quiz-hop = The hop: scenario { $scenario }, hop { $hop }
drill-quiz-choices = a question has 3 to 5 choices, this one has { $count }
drill-quiz-answer-range = the answer { $answer } is not one of the choices (they count from 0)
drill-session-not-drill = this terminal is not on a drill's node: there is nothing to check

## The CKA curriculum's domains, as a drill names them.
drill-domain-troubleshooting = Troubleshooting
drill-domain-architecture = Cluster architecture
drill-domain-workloads = Workloads
