# The terminal panel (src/state/term.rs, src/components/terminal.rs, src/link/parse.rs):
# what the app itself says about the terminal; the tools' output stays as they print it.
term-panel = Terminal
term-label = Terminal on the node
term-input = Command line of the node's shell
term-output = Terminal output
term-loading = Loading the node…
term-failed = The node could not be started: { $why }
term-retry = Try again
term-stopped = The engine stopped ({ $why }); the node is rebuilt from the commands typed so far.
term-cut = { $lines ->
    [one] One earlier line was
   *[other] { $lines } earlier lines were
} cut from the scrollback (it keeps { $max }).
term-line-too-long = A line of { $bytes } bytes was not run: the terminal sends lines of at most { $max } bytes.
term-paste-cut = The paste has { $lines } lines: the first { $max } run, { $left ->
    [one] one was
   *[other] { $left } were
} left out.
term-link-cut = The link keeps the first { $kept } entries of the session ({ $max } characters at most): { $left ->
    [one] one was
   *[other] { $left } were
} left out.
term-link-session = The terminal's session in the link is over { $max } characters or empty: the terminal starts without it.
term-link-at = at={ $value } is not a starting point (only at=end): the terminal starts on an empty node.
term-link-unread = The session in the link could not be read ({ $why }): the terminal starts without it.
term-link-bad-session = not a session
term-run-cut = This command made { $hops } hops: the diagrams play its first { $max }.
term-clock = Node clock
term-following = Following: Ctrl-C stops.
term-busy = Running…
term-search = reverse-i-search
term-search-failed = failing reverse-i-search
term-complete = Completions
term-editor = Editing { $path }
term-editor-new = (new file)
term-save = Save
term-close = Close
term-editor-keys = vi: :wq on the last line, Enter. nano: Ctrl-O saves, Ctrl-X closes. Ctrl-S saves.
term-continue = Continue in the terminal
term-continue-title = Open a terminal on this node at the end of the scenario
term-keys-run = Run the line (terminal)
term-keys-history = Earlier and later commands
term-keys-search = Search the history
term-keys-complete = Complete; twice: list the choices
term-keys-interrupt = Stop a follow, or give up the line
term-keys-clear = Clear the terminal
term-keys-line = Start, end of the line; delete it
term-keys-word = Delete the word before the cursor (Ctrl-W closes the browser tab)
