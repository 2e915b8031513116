# 브라우저 앱의 문구: 페이지 틀, 컨트롤, 패널, 알림.

app-config-label = 구성
app-lang-label = 언어
app-lang-failed = 한국어 카탈로그를 불러오지 못해({ $why }) 영어로 보여 준다. (The Korean catalog could not be loaded; showing English.)
app-dismiss = 닫기

## 패널(탭)
app-panel-scenario = 시나리오
app-panel-inspector = OCI 검사기
app-panel-state = 상태 머신
app-panel-compare = 비교
app-panel-replay = 트레이스 재생
app-panel-history = 역사

## 링크
app-link-refused = 이 링크의 화면을 복원하지 못했다({ $reason }). 기본 화면을 보여 준다.
app-link-too-long = 링크의 화면 정보가 { $max }자보다 길다
app-link-version = 링크의 화면 정보 버전 { $value }{ JOSA($value, "을/를") } 알 수 없다
app-link-no-version = 링크의 화면 정보에 버전(v1)이 없다
app-link-unknown-lang = 링크가 Runtime Atlas에 없는 언어 { $value }{ JOSA($value, "을/를") } 요청한다. 영어로 보여 준다.

## 파일과 패널
app-file-unreadable = { $name }{ JOSA($name, "을/를") } 읽지 못했다: { $why }
app-replay-too-large = { $name }{ JOSA($name, "은/는") } { $size }바이트이다. 트레이스 재생은 { $max }바이트까지 읽는다
app-compare-none = 두 번째 구성이 없다
app-plan-of = { $oci }의 실행 계획
app-replayed-trace = 재생 중인 트레이스

## 역사
app-history-title = 여기까지 온 길: 2013년부터 오늘까지의 컨테이너 스택
app-history-lead = 각 사건은 무엇이 왜 바뀌었는지 설명한다. 그 시절의 노드를 열어 동작을 지켜보자.
app-history-open = 이 노드 열기:
app-history-not-modelled = 앱은 이 런타임을 다루지 않는다.

## 재생
app-playback = 재생
app-play = 재생
app-pause = 일시 정지
app-play-title = 재생 (Space 또는 .)
app-pause-title = 일시 정지 (Space 또는 .)
app-first-title = 첫 단계 (Home)
app-back-title = 이전 단계 (←)
app-forward-title = 다음 단계 (→)
app-last-title = 마지막 단계 (End)
app-timeline-label = 타임라인: 단계
app-hop-of = 홉 { $at }/{ $len }
app-hop-counter = 홉 { $at } / { $len }
app-speed = 속도
app-slower-title = 느리게 (-)
app-faster-title = 빠르게 (+)

## 컨트롤
app-controls-label = 시나리오와 구성
app-kubernetes = 쿠버네티스
app-runtime = 런타임
app-oci-runtime = OCI 런타임
app-theme = 테마
app-theme-auto = 자동
app-theme-light = 밝게
app-theme-dark = 어둡게
app-shim-no-kubernetes = 이 호스트에는 쿠버네티스가 없으므로 버전은 해당하지 않는다
app-shim-built-in = 도커심(Dockershim): kubelet에 내장(1.23까지)
app-shim-removed = 도커심(Dockershim): 1.24에서 제거(cri-dockerd 사용)
app-panels = 패널

## 내보내기
app-export-label = 내보내기
app-export = 내보내기
app-export-svg = 토폴로지 다이어그램을 SVG로
app-export-png = 토폴로지 다이어그램을 PNG로
app-export-trace = 트레이스
app-export-trace-title = 트레이스를 JSON Lines로(atlas sim --format json이 출력하는 형식)

## 해설
app-narration = 해설
app-terminal = 터미널
app-state-changes = 상태 변화
app-announce = 홉 { $at }/{ $len }: { $from } → { $to }, { $call }. { $note }
app-no-hops = 홉이 없다.

## 시퀀스 다이어그램
app-sequence-label = 시퀀스 다이어그램
app-sequence-range = 전체 { $len }개 중 홉 { $from }~{ $to }
app-sequence-caption = 시퀀스: 전체 { $len }개 중 홉 { $from }–{ $to }

## 상태 머신
app-state-change = 홉 { $at }: { $from }{ $to }
app-verb-accepted = { $verb }: 받아들였다. { $state } → { $next }
app-verb-refused = { $verb }: { $who }{ JOSA($who, "이/가") } 거부했다:
app-try-label = { $layer } { $kind } 상태에 동사 시도하기
app-try-on = 시도할 대상:
app-not-seen = 아직 나타나지 않았다
app-states = 상태
app-changes = 변화 { $n }개
app-no-state-changes = 이 실행은 어떤 객체의 상태도 바꾸지 않는다.
app-object = 객체
app-refused-so-far = 지금까지 거부된 것

## 거부
app-cannot-play = 이 시나리오는 이 노드에서 재생할 수 없다
app-cannot-exist = 이 구성은 존재할 수 없다

## 비교
app-second-config = 두 번째 구성
app-compare-note = 왼쪽은 위에서 고른 구성이고, 오른쪽은 다른 구성을 고른다. 둘은 같은 시나리오를 실행하며 함께 한 단계씩 나아간다.
app-left = 왼쪽
app-right = 오른쪽
app-side-hop = { $side }: 홉 { $at }/{ $len }, { $from } → { $to }, { $call }.
app-side-finished = { $side }: 홉 { $len }개를 마쳤다.
app-side-no-hops = { $side }: 홉이 없다.
app-side-cannot-run = { $side }: 실행할 수 없다: { $why }
app-finished-hops = 완료: 홉 { $len }개

## 호스트 프로세스
app-procs-title = 호스트의 프로세스(ps -ef)
app-procs-no-host = 시나리오를 실행할 때만 살펴볼 호스트가 있다.
app-procs-before = 첫 명령 전: 런타임이 실행한 것이 아직 없다.
app-procs-workload = 워크로드
app-procs-container = 컨테이너 { $id }
app-procs-after = 다음 명령 이후:
app-procs-none = 실행 중인 심, 모니터, 가상 머신(VM), 컨테이너 프로세스가 없다.
app-procs-what = 종류
app-procs-cmdline = 커맨드라인

## 토폴로지
app-topology-title = 노드의 컴포넌트와 그 사이의 통신: { $label }

## 트레이스 재생
app-replay-none = 열린 트레이스가 없다. 트레이스 파일은 한 줄에 홉 하나씩 쓴 JSON Lines이다(TRACE.md 참고). `atlas sim --format json`과 위의 트레이스 내보내기가 이 파일을 쓴다.
app-replay-hops = { $name }: 홉 { $len }개.
app-replay-made-by = `{ $command }`{ JOSA($command, "으로/로") } { $config } 구성에서 만들었다.
app-replay-open = 트레이스 JSON Lines 파일 열기(또는 여기에 끌어다 놓기)
app-topology-caption = 상자 하나는 프로세스 하나 또는 그 일부이고, 선 하나는 인터페이스 하나이다. 상자 위에 마우스를 올리거나 Tab으로 초점을 옮기면 그것이 무엇이고 누구와 대화하는지 보인다.

## 오류 패널
app-panic-title = Runtime Atlas가 멈췄다
app-panic-body = 앱 안에서 문제가 생겼다. 다시 불러와서 계속하자. 아래 메시지가 무슨 일이 있었는지 알려 준다.
app-panic-last = 마지막 화면 다시 불러오기
app-panic-default = 기본 화면 다시 불러오기

## 엔진 모듈
app-engine-loading = 엔진을 불러오는 중… (시뮬레이션은 처음 쓸 때 내려받는 별도 모듈에서 실행된다)
app-engine-failed = 엔진이 이 실행을 재생하지 못했다
app-try-again = 다시 시도
app-side-loading = { $side }: 엔진을 불러오는 중…
app-side-engine-failed = { $side }: 엔진이 재생하지 못했다: { $why }
app-procs-engine-failed = 엔진이 호스트의 프로세스를 나열하지 못했다: { $why }
app-engine-loading-short = 엔진을 불러오는 중…

## 검사기의 실행 계획
app-plan-runc-crun-only = 실행 계획은 runc와 crun에 대해서만 그린다. 지금 OCI 런타임으로 { $oci }{ JOSA($oci, "이/가") } 선택되어 있다
app-plan-refused = { $why }
app-plan-none = 검사기에는 { $oci }의 실행 계획이 없다

## OCI 검사기
app-inspect-valid-plan = 유효하다. 아래는 { $oci }{ JOSA($oci, "이/가") } 이 문서로 거치는 홉 { $hops }개이다: create, start, delete(위에서 OCI 런타임을 바꾸면 비교할 수 있다).
app-inspect-no-plan = 실행 계획 없음: { $why }
app-inspect-valid-image = 유효하다. 이미지 문서에는 실행 계획이 없다. 런타임의 config.json만 실행된다.
app-inspect-failed = 검사기가 이 문서를 확인하지 못했다: { $why }.
app-inspect-sample = 샘플
app-inspect-own = — 직접 입력한 문서 —
app-inspect-valid-group = 유효한 문서
app-inspect-broken-group = 깨진 문서
app-inspect-open = 파일 열기(또는 여기에 끌어다 놓기)
app-inspect-text = 텍스트(붙여 넣거나 입력하면 입력하는 대로 검사한다)
app-inspect-in-place = 제자리에 표시한 진단
app-inspect-listing = 진단이 붙은 텍스트
app-inspect-rest = { $n }번째 줄 이후는 그리지 않는다. 그 줄들의 진단:
app-inspect-hint = config.json이나 이미지 매니페스트를 붙여 넣거나, 파일을 여기에 끌어다 놓거나, 샘플을 고르자.
app-inspect-checking = { $name }: 검사하는 중…
app-inspect-not-checked = { $name }: 검사하지 못함
app-inspect-kind = { $kind }
app-inspect-unknown-kind = 종류를 알 수 없는 문서
app-inspect-summary = { $name }: { $kind }. 오류 { $errors }개, 경고 { $warnings }개, 참고 { $notes }개
# 브라우저나 모듈 로더가 준 기술적인 세부 내용(받은 그대로).
app-detail = { $detail }
app-engine-unreadable = 엔진의 응답을 읽지 못했다: { $why }
app-sev-error = 오류
app-sev-warning = 경고
app-sev-info = 참고
app-replay-no-hop = 파일에 홉이 없다("seq"가 있는 줄이 없다)
app-replay-refused = { $name }{ JOSA($name, "을/를") } 열지 않았다: { $why }. 이미 열려 있는 트레이스는 계속 재생된다.
