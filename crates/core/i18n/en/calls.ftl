# Calls inside calls and chapters in the app (src/components/calls.rs, sequence_view.rs).
calls-open-title = Open this call: { $n ->
    [one] its one step
   *[other] its { $n } steps
  } (Enter)
calls-close-title = Close this call (Enter)
calls-open = Open · { $n ->
    [one] 1 step inside
   *[other] { $n } steps inside
  }
calls-close = Close
calls-close-outer = Close { $call }
calls-path-label = The call this step is part of
calls-top-level = A top-level call
calls-step-counter = step { $at } / { $len }
calls-chapters-label = Chapters
calls-chapter-now = Chapter { $at } of { $len }: { $title }
calls-chapter-go = { $title } (hops { $from }–{ $to })
