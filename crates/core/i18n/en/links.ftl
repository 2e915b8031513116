# Links (src/link/parse.rs): what a link's bad field changed, and what is
# shown instead; the caption under an exported diagram (src/state/export.rs).
links-and = { $first } { $rest }
links-notice = Part of this link could not be restored as written. { $changes }
links-characters = The field { $key } has characters links never use: ignored.
links-not-key-value = { $value } is not key=value: ignored.
links-unknown-key = The key { $key } is not one links use: ignored.
links-twice = The key { $key } appears twice: kept the first.
links-k8s = Kubernetes { $value } is not offered ({ $min } to { $max }): kept { $kept }.
links-k8s-compared = Kubernetes { $value } is not offered ({ $min } to { $max }): the compared node kept { $kept }.
links-runtime = Runtime { $value } is not offered: kept { $kept }.
links-runtime-compared = Runtime { $value } is not offered: the compared node kept { $kept }.
links-oci = OCI runtime { $value } is not offered: kept { $kept }.
links-oci-compared = OCI runtime { $value } is not offered: the compared node kept { $kept }.
links-scenario = Scenario { $value } does not exist: showing { $kept }.
links-hop = hop={ $value } is not a hop number (they start at 1): showing hop { $kept }.
links-theme = Theme { $value } does not exist: showing { $kept }.
links-panel = Panel { $value } does not exist: showing { $kept }.
links-sample = OCI sample { $value } is not shipped with the app: none shown.
links-object = { $value } is not an object id: no object selected.
links-speed = speed={ $value } is not a speed (0.25 to 4): kept { $kept }×.
links-caption-hop = Hop { $at } of { $len }: { $from } → { $to }, { $call }
links-hop-past = Hop { $asked } is past the last hop ({ $last }): showing hop { $last }.
links-embed = embed={ $value } is not an embed switch (embed=1): showing the full page.
links-from = from={ $value } is not a hop number (they start at 1): the range starts at the first hop.
links-to = to={ $value } is not a hop number (they start at 1): the range ends at the last hop.
links-range-backwards = to={ $to } comes before from={ $from }: the range ends at the last hop.
links-play = play={ $value } is not an autoplay switch (play=1): not playing at start.
links-show = show={ $value } is not what an embed shows (note, log, seq, bar, joined by dots): showing { $kept }.
links-mode = Mode { $value } does not exist (mode=present): showing the page.
links-talk = talk={ $value } is not a talk id (lowercase letters, digits and dashes): no talk shown.
links-scene = scene={ $value } is not a scene number (1 to { $max }): showing scene 1.
