# A terminal's session (sim::follow, session, engine::follow): what the
# simulator says about a command that follows, the note of kubectl's watch,
# and why a session in a link cannot be read.

## Remarks (atlas: …)

# $command: the command line that would follow (`crictl logs -f 3f2a`).
session-follow-script = atlas: { $command } would go on printing new lines until Ctrl-C; a script's run stops here (the browser's terminal follows)

## Hop notes

session-watch-pods = kubectl opens a watch from the list's resourceVersion: the API server streams each change of a pod (ADDED, MODIFIED, DELETED) from its watch cache, and kubectl prints each changed pod as a row of its own

## A session in a link (session::SessionError)

session-bad-characters = the session in the link has characters base64url does not use (only A–Z, a–z, 0–9, - and _)
session-bad-deflate = the session in the link is not compressed data the terminal wrote (it was cut or changed)
# $max: the limit in bytes.
session-too-big = the session in the link unpacks to more than { $max } bytes; it is refused
# $max: the most entries.
session-too-many = the session in the link has more than { $max } entries; it is refused
# $line: the entry's line in the unpacked text (1 = the first).
session-bad-entry = the session in the link has an entry the terminal cannot read (line { $line })
session-too-long = the session in the link is longer than { $max } characters; it is refused
