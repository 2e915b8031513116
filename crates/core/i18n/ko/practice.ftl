# 실습 문제와 퀴즈 패널: 앱이 직접 하는 말. 문제와 퀴즈의 글은 엔진 모듈이 주는 데이터다.
practice-panel-drill = 실습 문제
practice-panel-quiz = 퀴즈
practice-link-drill = d={ $value }{ JOSA($value, "은/는") } 실습 문제의 ID가 아니다. 실습 문제 목록을 보여 준다.
practice-drills = CKA 실습 문제
practice-drills-intro = 실습 문제마다 고장 난 노드가 하나 있다. 터미널에서 고친 뒤 검사를 누른다. 검사는 입력한 명령이 아니라 노드의 상태만 본다.
practice-list = 실습 문제와 진행 상황
practice-state-new = 아직 안 풂
practice-state-tried = 시도함: 최고 { $total }개 중 { $best }개
practice-state-solved = 해결
practice-loading = 실습 문제를 불러오는 중…
practice-failed = 엔진 모듈이 실습 문제를 주지 못했다: { $why }
practice-retry = 다시 시도
practice-back = 전체 실습 문제
practice-task = 과제
practice-checks = 검사 항목
practice-check = 검사
practice-checking = 검사하는 중…
practice-hint = 힌트 보기
practice-hints = 힌트
practice-hints-left = { $left ->
    [0] 남은 힌트 없음
   *[other] 남은 힌트 { $left }개
}
practice-solution = 풀이 보기
practice-solution-ask = 모범 풀이를 볼까? 먼저 직접 해 보면 더 많이 배운다.
practice-solution-yes = 보기
practice-solution-no = 아직
practice-solution-title = 모범 풀이
practice-reset = 노드 초기화
practice-reset-title = 고장 난 노드를 새로 만든다. 입력한 내용은 사라진다.
practice-progress-reset = 진행 상황 지우기
practice-result = { $total }개 항목 중 { $passed }개 통과
practice-solved = 해결: 모든 항목을 통과했다.
practice-pass = 통과
practice-fail = 실패
practice-found = 실제 값: { $found }
practice-scenario = 그 아래에서 일어나는 일 보기: { $scenario }
practice-check-failed = 검사를 실행하지 못했다: { $why }
practice-quiz = 컨테이너 스택 퀴즈
practice-quiz-loading = 퀴즈를 불러오는 중…
practice-quiz-failed = 엔진 모듈이 퀴즈를 주지 못했다: { $why }
practice-quiz-number = { $total }문제 중 { $n }번
practice-quiz-choices = 답을 하나 고른다
practice-quiz-answer = 답하기
practice-quiz-right = 정답이다.
practice-quiz-wrong = 아쉽다. 정답은 “{ $answer }”이다.
practice-quiz-hop = 트레이스에서 보기: { $scenario }, 홉 { $hop }
practice-quiz-next = 다음 문제
practice-quiz-score = 점수: { $answered }문제 중 { $right }개
practice-quiz-restart = 처음부터
