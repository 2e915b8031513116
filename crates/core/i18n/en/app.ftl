# The browser app's own words: page chrome, controls, panels, notices.

app-config-label = configuration
app-lang-label = Language
app-lang-failed = The Korean catalog could not be loaded ({ $why }); showing English. (한국어 카탈로그를 불러오지 못해 영어로 보여 준다.)
app-dismiss = Dismiss

## Panels (tabs)
app-panel-scenario = Scenario
app-panel-inspector = OCI inspector
app-panel-state = State machines
app-panel-compare = Compare
app-panel-replay = Trace replay
app-panel-history = History

## Links
app-link-refused = This link's view could not be restored ({ $reason }); showing the default view.
app-link-too-long = the link's view is longer than { $max } characters
app-link-version = the link's view has unknown version { $value }
app-link-no-version = the link's view has no version (v1)
app-link-unknown-lang = The link asks for language { $value }, which Runtime Atlas does not have; showing English.

## Files and panels
app-file-unreadable = { $name } could not be read: { $why }
app-replay-too-large = { $name } is { $size } bytes; trace replay reads files up to { $max } bytes
app-compare-none = no second configuration
app-plan-of = the plan of { $oci }
app-replayed-trace = the replayed trace

## History
app-history-title = How we got here: the container stack, 2013 to today
app-history-lead = Each event says what changed and why; open the node of its time to watch it work.
app-history-open = Open this node:
app-history-not-modelled = The app does not model this runtime.

## Playback
app-playback = playback
app-play = Play
app-pause = Pause
app-play-title = Play (Space or .)
app-pause-title = Pause (Space or .)
app-first-title = First step (Home)
app-back-title = Previous step (←)
app-forward-title = Next step (→)
app-last-title = Last step (End)
app-timeline-label = timeline: step
app-hop-of = hop { $at } of { $len }
app-hop-counter = hop { $at } / { $len }
app-speed = speed
app-slower-title = Slower (-)
app-faster-title = Faster (+)

## Controls
app-controls-label = scenario and configuration
app-kubernetes = Kubernetes
app-runtime = Runtime
app-oci-runtime = OCI runtime
app-theme = Theme
app-theme-auto = auto
app-theme-light = light
app-theme-dark = dark
app-shim-no-kubernetes = this host runs no Kubernetes: the version does not apply
app-shim-built-in = dockershim: built into the kubelet (until 1.23)
app-shim-removed = dockershim: removed in 1.24 (use cri-dockerd)
app-panels = panels

## Export
app-export-label = export
app-export = Export
app-export-svg = The topology diagram as SVG
app-export-png = The topology diagram as PNG
app-export-trace = Trace
app-export-trace-title = The trace as JSON Lines (what atlas sim --format json prints)

## Narration
app-narration = narration
app-terminal = terminal
app-state-changes = state changes
app-announce = Hop { $at } of { $len }: { $from } to { $to }, { $call }. { $note }
app-no-hops = No hops.

## Sequence diagram
app-sequence-label = sequence diagram
app-sequence-range = hops { $from } to { $to } of { $len }
app-sequence-caption = Sequence: hops { $from }–{ $to } of { $len }

## State machines
app-state-change = hop { $at }: { $from }{ $to }
app-verb-accepted = { $verb }: accepted; { $state } → { $next }
app-verb-refused = { $verb }: refused by { $who }:
app-try-label = try a verb on the { $layer } { $kind } state
app-try-on = Try on
app-not-seen = not seen yet
app-states = states
app-changes = { $n ->
    [one] { $n } change
   *[other] { $n } changes
}
app-no-state-changes = This run changes no object's state.
app-object = Object
app-refused-so-far = Refused so far

## Refusals
app-cannot-play = This scenario cannot play on this node
app-cannot-exist = This configuration cannot exist

## Compare
app-second-config = the second configuration
app-compare-note = Left: the configuration above. Right: pick another. Both run the same scenario and step together.
app-left = Left
app-right = Right
app-side-hop = { $side }: hop { $at } of { $len }, { $from } to { $to }, { $call }.
app-side-finished = { $side }: finished after { $len } hops.
app-side-no-hops = { $side }: no hops.
app-side-cannot-run = { $side }: cannot run: { $why }
app-finished-hops = finished: { $len } hops

## Host processes
app-procs-title = Processes on the host (ps -ef)
app-procs-no-host = Only a scenario's run has a host to look at.
app-procs-before = Before the first command: nothing of the runtimes' runs yet.
app-procs-workload = workload
app-procs-container = container { $id }
app-procs-after = after
app-procs-none = No shim, monitor, VM or container process is running.
app-procs-what = what
app-procs-cmdline = command line

## Topology
app-topology-title = Components of a node and how they talk: { $label }

## Trace replay
app-replay-none = No trace open. A trace file is JSON Lines, one hop per line (see TRACE.md); `atlas sim --format json` and the Trace export above write one.
app-replay-hops = { $name }: { $len } hops.
app-replay-made-by = Made by `{ $command }` under { $config }.
app-replay-open = Open a Trace JSON Lines file (or drop one here)
app-topology-caption = Every box is a process or a part of one; every line an interface. Hover or focus (Tab) a box to see what it is and whom it talks to.

## The error panel
app-panic-title = Runtime Atlas stopped
app-panic-body = Something went wrong inside the app. Reload it to go on; the message below says what happened.
app-panic-last = Reload the last view
app-panic-default = Reload the default view

## The engine module
app-engine-loading = Loading the engine… (the simulation runs in a module of its own, fetched on first use)
app-engine-failed = The engine could not play this run
app-try-again = Try again
app-side-loading = { $side }: loading the engine…
app-side-engine-failed = { $side }: the engine could not play it: { $why }
app-procs-engine-failed = The engine could not list the host's processes: { $why }
app-engine-loading-short = Loading the engine…

## The inspector's plan
app-plan-runc-crun-only = plans are drawn for runc and crun; { $oci } is chosen as the OCI runtime
app-plan-refused = { $why }
app-plan-none = the inspector has no plan for { $oci }

## The OCI inspector
app-inspect-valid-plan = Valid. Below, the { $hops } hops { $oci } takes for it: create, start, delete (change the OCI runtime above to compare).
app-inspect-no-plan = No plan: { $why }
app-inspect-valid-image = Valid. Image documents have no plan: only a runtime config.json is run.
app-inspect-failed = The inspector could not check this document: { $why }.
app-inspect-sample = Sample
app-inspect-own = — your own document —
app-inspect-valid-group = valid
app-inspect-broken-group = broken
app-inspect-open = Open a file (or drop one here)
app-inspect-text = Text (paste or type; checked as you type)
app-inspect-in-place = Diagnostics in place
app-inspect-listing = the text with its diagnostics
app-inspect-rest = Lines after { $n } are not drawn; their diagnostics:
app-inspect-hint = Paste a config.json or an image manifest, drop a file here, or pick a sample.
app-inspect-checking = { $name }: checking…
app-inspect-not-checked = { $name }: not checked
app-inspect-kind = { $kind }
app-inspect-unknown-kind = a document of unknown kind
app-inspect-summary = { $name }: { $kind }; { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] { $warnings } warning
       *[other] { $warnings } warnings
    }, { $notes ->
        [one] { $notes } note
       *[other] { $notes } notes
    }
# A technical detail from the browser or the module loader, as it came.
app-detail = { $detail }
app-engine-unreadable = the engine's answer could not be read: { $why }
app-sev-error = error
app-sev-warning = warning
app-sev-info = info
app-replay-no-hop = the file holds no hop (no line with "seq")
app-replay-refused = { $name } was not opened: { $why }. The trace already open keeps playing.
