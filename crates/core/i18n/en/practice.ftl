# The drills and quiz panels (src/state/drill.rs, src/state/quiz.rs, src/components/practice.rs,
# src/components/quiz.rs): what the app itself says; drill and quiz texts are data from the engine module.
practice-panel-drill = Drills
practice-panel-quiz = Quiz
practice-link-drill = d={ $value } is not a drill's id: the drills are listed.
practice-drills = CKA drills
practice-drills-intro = Each drill is a broken node. Fix it in the terminal, then press Check: it looks at the node's state, never at what you typed.
practice-list = Drills and your progress
practice-state-new = not tried
practice-state-tried = tried: best { $best } of { $total }
practice-state-solved = solved
practice-loading = Loading the drills…
practice-failed = The engine module could not give the drills: { $why }
practice-retry = Try again
practice-back = All drills
practice-task = Task
practice-checks = What Check looks at
practice-check = Check
practice-checking = Checking…
practice-hint = Show a hint
practice-hints = Hints
practice-hints-left = { $left ->
    [0] no more hints
    [one] one more hint
   *[other] { $left } more hints
}
practice-solution = Show the solution
practice-solution-ask = Show the reference solution? Trying first teaches more.
practice-solution-yes = Show it
practice-solution-no = Not yet
practice-solution-title = Reference solution
practice-reset = Reset the node
practice-reset-title = A fresh broken node: what was typed is forgotten.
practice-progress-reset = Forget my progress
practice-result = { $passed } of { $total } items pass
practice-solved = Solved: every item passes.
practice-pass = passed
practice-fail = failed
practice-found = found: { $found }
practice-scenario = See the mechanism underneath: { $scenario }
practice-check-failed = The check could not run: { $why }
practice-quiz = Quiz on the container stack
practice-quiz-loading = Loading the quiz…
practice-quiz-failed = The engine module could not give the quiz: { $why }
practice-quiz-number = Question { $n } of { $total }
practice-quiz-choices = Choose one answer
practice-quiz-answer = Answer
practice-quiz-right = Right.
practice-quiz-wrong = Not quite: the answer is “{ $answer }”.
practice-quiz-hop = See it in the trace: { $scenario }, hop { $hop }
practice-quiz-next = Next question
practice-quiz-score = Score: { $right } of { $answered }
practice-quiz-restart = Start over
