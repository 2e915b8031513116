# Presenter mode (src/present, src/state/present.rs), its talks (crates/core/src/talk.rs, assets/talks) and the
# notes window (www/notes.html, whose every word comes from these messages through the presenter).

talk-bad-id = a talk's id is 1 to 32 of a-z, 0-9 and -, not { $id }
talk-id-not-stem = the talk's id { $id } is not its file's name ({ $stem }.toml)
talk-scene-count = a talk has 1 to { $max } scenes, this one has { $count }
talk-commands-need-config = a scene of commands needs a config (k8s, runtime, oci)
talk-one-source = a scene plays either a scenario or commands, one of them
talk-no-hop = no hop of the scene's run matches { $hop }
talk-unknown = there is no talk called { $id }

present-loading = Loading the talk…
present-start = Start
present-scene = Scene { $n } of { $total }
present-scene-count = { $n } / { $total }
present-prev = Previous
present-next = Next
present-notes = Notes window
present-fullscreen = Full screen
present-help-button = Keys
present-exit = Leave the presenter
present-end = End of the talk
present-help-title = Presenter keys
present-key-next = PageDown or →: the next call, then the next scene
present-key-prev = PageUp or ←: the previous call, then the previous scene
present-key-ends = Home / End: the scene's first / last step
present-key-black = . or b: black screen (again to lift it)
present-key-notes = n: the notes window (notes, next scene, clock)
present-key-full = f or F5: full screen
present-key-help = ?: these keys; Escape closes them
present-notes-label = Notes
present-next-label = Next
present-elapsed-label = Elapsed
present-clock-label = Clock
present-reset = Reset the timer
present-failed = the talk could not be loaded: { $why }
present-no-scene = the talk has { $scenes } scenes, not { $scene }: showing the last
