# 링크(src/link/parse.rs): 링크의 잘못된 필드 때문에 바꾼 것과 대신 보여 주는 것;
# 내보낸 다이어그램 아래의 캡션(src/state/export.rs).
links-and = { $first } { $rest }
links-notice = 이 링크의 일부를 적힌 대로 복원하지 못했다. { $changes }
links-characters = 필드 { $key }에 링크가 쓰지 않는 문자가 있다. 무시한다.
links-not-key-value = { $value }{ JOSA($value, "은/는") } key=value 형식이 아니다. 무시한다.
links-unknown-key = 키 { $key }{ JOSA($key, "은/는") } 링크가 쓰는 키가 아니다. 무시한다.
links-twice = 키 { $key }{ JOSA($key, "이/가") } 두 번 나온다. 처음 것을 유지한다.
links-k8s = 쿠버네티스 { $value }{ JOSA($value, "은/는") } 지원하지 않는다({ $min }~{ $max }). { $kept }{ JOSA($kept, "을/를") } 유지한다.
links-k8s-compared = 쿠버네티스 { $value }{ JOSA($value, "은/는") } 지원하지 않는다({ $min }~{ $max }). 비교하는 노드는 { $kept }{ JOSA($kept, "을/를") } 유지한다.
links-runtime = 런타임 { $value }{ JOSA($value, "은/는") } 지원하지 않는다. { $kept }{ JOSA($kept, "을/를") } 유지한다.
links-runtime-compared = 런타임 { $value }{ JOSA($value, "은/는") } 지원하지 않는다. 비교하는 노드는 { $kept }{ JOSA($kept, "을/를") } 유지한다.
links-oci = OCI 런타임 { $value }{ JOSA($value, "은/는") } 지원하지 않는다. { $kept }{ JOSA($kept, "을/를") } 유지한다.
links-oci-compared = OCI 런타임 { $value }{ JOSA($value, "은/는") } 지원하지 않는다. 비교하는 노드는 { $kept }{ JOSA($kept, "을/를") } 유지한다.
links-scenario = 시나리오 { $value }{ JOSA($value, "은/는") } 없다. { $kept }{ JOSA($kept, "을/를") } 보여 준다.
links-hop = hop={ $value }{ JOSA($value, "은/는") } 홉 번호가 아니다(1부터 센다). { $kept }번째 홉을 보여 준다.
links-theme = 테마 { $value }{ JOSA($value, "은/는") } 없다. { $kept } 테마를 보여 준다.
links-panel = 패널 { $value }{ JOSA($value, "은/는") } 없다. { $kept } 패널을 보여 준다.
links-sample = OCI 샘플 { $value }{ JOSA($value, "은/는") } 앱에 없다. 아무 문서도 보여 주지 않는다.
links-object = { $value }{ JOSA($value, "은/는") } 객체 ID가 아니다. 객체를 선택하지 않는다.
links-speed = speed={ $value }{ JOSA($value, "은/는") } 지원하는 속도(0.25~4)가 아니다. { $kept }×를 유지한다.
links-caption-hop = 홉 { $at }/{ $len }: { $from } → { $to }, { $call }
links-hop-past = 홉 { $asked }{ JOSA($asked, "은/는") } 마지막 홉({ $last })을 넘는다. { $last }번째 홉을 보여 준다.
links-embed = embed={ $value }{ JOSA($value, "은/는") } 임베드 스위치(embed=1)가 아니다. 전체 페이지를 보여 준다.
links-from = from={ $value }{ JOSA($value, "은/는") } 홉 번호가 아니다(1부터 센다). 범위는 첫 홉에서 시작한다.
links-to = to={ $value }{ JOSA($value, "은/는") } 홉 번호가 아니다(1부터 센다). 범위는 마지막 홉에서 끝난다.
links-range-backwards = to={ $to }{ JOSA($to, "이/가") } from={ $from }보다 앞선다. 범위는 마지막 홉에서 끝난다.
links-play = play={ $value }{ JOSA($value, "은/는") } 자동 재생 스위치(play=1)가 아니다. 처음에 재생하지 않는다.
links-show = show={ $value }{ JOSA($value, "은/는") } 임베드가 보여 주는 항목(note, log, seq, bar를 점으로 이음)이 아니다. { $kept }{ JOSA($kept, "을/를") } 보여 준다.
links-mode = 모드 { $value }{ JOSA($value, "은/는") } 없다(mode=present). 페이지를 보여 준다.
links-talk = talk={ $value }{ JOSA($value, "은/는") } 발표 ID(소문자, 숫자, 대시)가 아니다. 발표를 보여 주지 않는다.
links-scene = scene={ $value }{ JOSA($value, "은/는") } 장면 번호(1~{ $max })가 아니다. 1번째 장면을 보여 준다.
