# 노드의 셸(crate::shell): bash의 말 곁에 붙는 시뮬레이터 자신의 말.
# bash와 프로그램의 말은 그들이 찍는 그대로 코드에 남는다.

## 한도와 셸이 실행하지 않는 것

shell-loop-limit = atlas: 한 줄에서 반복을 { $max }번 돌고 멈췄다(줄이 언제나 끝나도록 시뮬레이터는 반복 횟수를 제한한다)
shell-command-limit = atlas: 한 줄에서 명령을 { $max }개 실행하고 멈췄다
shell-output-limit = atlas: 한 줄에서 출력이 { $max }바이트에 이르러 멈췄다
shell-too-deep = atlas: 이 줄은 { $max }단계보다 깊게 중첩되어 시뮬레이터가 실행하지 않는다
shell-exit = atlas: `exit`는 이 로그인 세션을 끝내지만 시뮬레이터는 세션을 열어 둔다
shell-background = atlas: `&`는 명령을 백그라운드에서 실행하지만 시뮬레이터는 명령이 끝날 때까지 먼저 실행했다
shell-builtin-not-modelled = atlas: `{ $command }`{ JOSA($command, "은/는") } 시뮬레이터가 모델링하지 않는 bash 내장 명령이다

## help

shell-help-intro = atlas: 이 노드가 모델링하는 프로그램은 다음과 같다(나머지는 "not modelled here"라고 답한다).
shell-help-area = atlas:   { $area }: { $programs }
shell-help-explain = atlas: `explain <명령줄>`은 각 단어를 시스템의 어느 부분이 처리하는지 알려 준다.
shell-area-shell = 셸(bash 내장 명령)
shell-area-filters = 텍스트 필터
shell-area-files = 파일
shell-area-systemd = systemd와 저널
shell-area-kernel = 커널과 패키지
shell-area-processes = 프로세스
shell-area-containers = 컨테이너와 쿠버네티스

## explain <명령줄>

shell-explain-usage = atlas: 사용법: explain <명령줄>, 예: explain 'crictl ps -a | grep web'
shell-explain-component = atlas: { $word }: { $what }
shell-explain-cri = atlas: { $word }: crictl의 동사다. crictl은 런타임 엔드포인트(/etc/crictl.yaml)의 CRI 서버에 { $call }{ JOSA($call, "을/를") } 보낸다
shell-explain-kubectl-verb = atlas: { $word }: kubectl의 동사다. kubectl은 이것을 API 서버(kube-apiserver)에 보내는 요청으로 바꾸며, 노드의 런타임에는 보내지 않는다
shell-explain-verb = atlas: { $word }: { $program }의 명령이다
shell-explain-flag = atlas: { $word }: { $program }{ JOSA($program, "이/가") } 읽는 플래그다
shell-explain-arg = atlas: { $word }: { $program }의 인자다
shell-explain-operator = atlas: { $word }: bash의 연산자다. bash가 명령을 잇고, 어떤 프로그램도 이것을 보지 않는다
shell-explain-builtin = atlas: { $word }: 셸이 직접 실행하는 bash 내장 명령이다
shell-explain-filter = atlas: { $word }: 텍스트 필터다. 런타임이 아니라 앞 명령의 출력을 읽는다
shell-explain-systemd = atlas: { $word }: systemd 도구다. D-Bus로 systemd(PID 1)와 노드의 유닛에 대해 이야기한다
shell-explain-program = atlas: { $word }: 프로그램 { $path }
shell-explain-unknown = atlas: { $word }: 이 노드에 없는 프로그램이다(bash라면 command not found라고 한다)
shell-program-limit = atlas: 한 줄에서 프로그램을 { $max }개 실행하고 멈췄다 (프로그램마다 노드를 바꾸고 그림으로 그려진다)
shell-brace-limit = atlas: 중괄호 확장이 단어 { $max }개를 넘게 만들어서 줄을 거기서 멈췄다(줄이 언제나 끝나도록 시뮬레이터가 제한한다)
