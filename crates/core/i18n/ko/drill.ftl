# 실습 문제와 퀴즈 (atlas_core::drill, atlas_core::quiz, `atlas drill`, `atlas quiz`).

## 쓸 수 없는 실습 문제 파일: 위치, 그리고 이유.
drill-error-syntax = { $file }:{ $line }:{ $col }: { $reason }
drill-error-at = { $file }:{ $line }:{ $col }: { $why }
drill-error-start = 실습 문제 { $id }: 노드를 준비할 수 없다: { $why }
drill-bad-id = id { $id }{ JOSA($id, "은/는") } A-Z, 0-9, - 로 된 2~16자가 아니다
drill-empty-text = { $field }에는 en과 ko가 모두 있어야 하고 비어 있으면 안 된다
drill-unknown-scenario = { $name } 시나리오가 없다
drill-settle-too-long = settle이 { $max }초보다 길다
drill-bad-file = 노드에 둘 파일에는 절대 경로와 text 또는 deb 중 정확히 하나가 있어야 한다: { $path }
drill-no-checks = 실습 문제에는 [[check]]가 하나 이상 있어야 한다
drill-no-solution = [solution]의 script가 비어 있다
drill-no-subject = 검사 항목에는 대상이 하나 있어야 한다 (unit, file, yaml, toml, kubelet, sysctl, module, socket, package, node, node_field, pod, deployment, process, image, unchanged, untouched, command 중 하나)
drill-two-subjects = 검사 항목의 대상은 하나다. 이 항목에는 { $first }{ JOSA($first, "과/와") } { $second }{ JOSA($second, "이/가") } 있다
drill-key-not-for-subject = { $key }{ JOSA($key, "은/는") } 대상 { $subject }에 쓸 수 없다
drill-no-expectation = 대상 { $subject }에는 기대값이 있어야 한다
drill-as-without-value = as = …에는 값 기대(equals, one_of, matches, contains, at_least, at_most, lines)가 있어야 한다
drill-bad-regex = matches가 정규 표현식이 아니다: { $reason }
drill-bad-number = { $key }{ JOSA($key, "이/가") } 숫자가 아니다
drill-bad-word = { $key }{ JOSA($key, "은/는") } { $word }일 수 없다
drill-container-and-state = container와 state는 함께 쓴다
drill-bad-object = { $object }{ JOSA($object, "은/는") } kind/namespace/name 모양이 아니다 (kind는 pod 또는 deployment)
drill-not-absolute = { $path }{ JOSA($path, "은/는") } 절대 경로가 아니다

## 검사 항목이 통과하지 못한 이유 (기대하는 답은 말하지 않는다).
drill-why-not-set = { $key }{ JOSA($key, "이/가") } 설정되어 있지 않다
drill-why-no-sysctl = 커널 파라미터 { $key }{ JOSA($key, "이/가") } 없다
drill-why-module-loaded = 모듈 { $module }{ JOSA($module, "이/가") } 로드되어 있다
drill-why-module-not-loaded = 모듈 { $module }{ JOSA($module, "이/가") } 로드되어 있지 않다
drill-why-socket = { $path }{ JOSA($path, "은/는") } 소켓이다
drill-why-no-socket = { $path }에 소켓이 없다
drill-why-package = { $package }{ JOSA($package, "이/가") } 설치되어 있다
drill-why-no-package = { $package }{ JOSA($package, "이/가") } 설치되어 있지 않다
drill-why-image = { $image }{ JOSA($image, "이/가") } { $store } 저장소에 있다
drill-why-no-image = { $image }{ JOSA($image, "이/가") } { $store } 저장소에 없다
drill-why-exit = 종료 코드가 { $code }이다
drill-why-is-dir = { $path }{ JOSA($path, "은/는") } 디렉터리다
drill-why-is-socket = { $path }{ JOSA($path, "은/는") } 파일이 아니라 소켓이다
drill-why-no-file = 그런 파일이 없다: { $path }
drill-why-bad-toml = 파일이 TOML이 아니다: { $reason }
drill-why-no-unit = { $unit } 유닛이 없다
drill-why-kubelet-down = kubelet이 실행 중이 아니다
drill-why-no-node = API 서버가 노드에 대해 응답하지 않는다
drill-why-no-condition = 노드에 { $condition } 컨디션이 없다
drill-why-no-pod = { $namespace } 네임스페이스에 파드 { $name }{ JOSA($name, "이/가") } 없다
drill-why-pod-ready = 파드가 Ready이다
drill-why-pod-not-ready = 파드가 Ready가 아니다 (단계 { $phase })
drill-why-restarts = 컨테이너가 { $count }번 재시작했다
drill-why-no-container = 파드에 { $container } 컨테이너가 없다
drill-why-no-process = 파드 { $pod }에 실행 중인 { $container } 컨테이너가 없다
drill-why-no-parent = 프로세스 { $pid }에 부모가 없다
drill-why-pid = PID가 { $before }였는데 지금은 { $now }이다
drill-why-gone = { $object }{ JOSA($object, "이/가") } 없다
drill-why-replaced = { $object }{ JOSA($object, "이/가") } 삭제된 뒤 다시 만들어졌다 (새 uid)
drill-why-spec-changed = { $object }의 spec이 바뀌었다
drill-why-no-baseline = 비교할 실습 문제의 시작 노드를 다시 만들 수 없다
drill-why-gone-count = 있던 것 { $count }개가 사라졌다
drill-why-after-reboot = 재부팅 후: { $why }
drill-why-after-reboot-found = 재부팅 후

## `atlas drill`, `atlas quiz`.
drill-cli-unknown = 실습 문제 { $id }{ JOSA($id, "이/가") } 없다. 실습 문제: { $ids }
drill-cli-need-id = 실습 문제를 지정하거나(atlas drill list) --file을 준다
drill-cli-need-script = --script FILE(표준 입력은 -) 또는 --solution을 준다
drill-cli-cannot-read = { $path }{ JOSA($path, "을/를") } 읽을 수 없다
drill-cli-config = 노드: 쿠버네티스 { $k8s }, { $runtime }, { $oci }
drill-cli-task = 과제
drill-cli-checks = 검사 항목
drill-cli-hints = 힌트
drill-cli-solution = 풀이
drill-cli-scenario = 동작 원리 보기: atlas sim --scenario { $name }
drill-cli-found = 발견: { $found }
drill-cli-score = { $total }개 중 { $passed }개
drill-cli-list-head = ID  영역  구성  제목
drill-quiz-unknown = 문제 { $id }{ JOSA($id, "이/가") } 없다. 문제: { $ids }
drill-quiz-answer = 정답: { $answer }
drill-quiz-explanation = 해설
drill-quiz-hop = 해당 홉: 시나리오 { $scenario }, 홉 { $hop }
drill-quiz-choices = 문제의 보기는 3~5개다. 이 문제에는 { $count }개가 있다
drill-quiz-answer-range = 정답 { $answer }{ JOSA($answer, "은/는") } 보기에 없다 (보기는 0부터 센다)
drill-session-not-drill = 이 터미널은 실습 문제의 노드가 아니다. 검사할 것이 없다

## The CKA curriculum's domains, as a drill names them.
drill-domain-troubleshooting = 트러블슈팅
drill-domain-architecture = 클러스터 아키텍처
drill-domain-workloads = 워크로드
