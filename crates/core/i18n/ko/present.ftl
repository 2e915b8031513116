# 발표자 모드(src/present, src/state/present.rs), 발표(crates/core/src/talk.rs, assets/talks), 노트 창(www/notes.html:
# 모든 문구는 발표자 화면이 이 메시지로 보낸다).

talk-bad-id = 발표 id는 a-z, 0-9, - 로 이루어진 1~32자여야 한다. { $id }는 쓸 수 없다
talk-id-not-stem = 발표 id { $id }가 파일 이름({ $stem }.toml)과 다르다
talk-scene-count = 발표에는 장면이 1~{ $max }개 있어야 하는데, 이 발표에는 { $count }개가 있다
talk-commands-need-config = 명령 장면에는 config(k8s, runtime, oci)가 필요하다
talk-one-source = 장면은 시나리오와 명령 중 하나만 실행한다
talk-no-hop = 장면의 실행에 { $hop }에 맞는 홉이 없다
talk-unknown = { $id }라는 발표는 없다

present-loading = 발표를 불러오는 중…
present-start = 시작
present-scene = 장면 { $n }/{ $total }
present-scene-count = { $n } / { $total }
present-prev = 이전
present-next = 다음
present-notes = 노트 창
present-fullscreen = 전체 화면
present-help-button = 키
present-exit = 발표자 모드 나가기
present-end = 발표 끝
present-help-title = 발표자 모드 키
present-key-next = PageDown 또는 →: 다음 호출, 그다음 장면
present-key-prev = PageUp 또는 ←: 이전 호출, 그다음 이전 장면
present-key-ends = Home / End: 장면의 첫 단계 / 마지막 단계
present-key-black = . 또는 b: 검은 화면(한 번 더 누르면 해제)
present-key-notes = n: 노트 창(노트, 다음 장면, 시계)
present-key-full = f 또는 F5: 전체 화면
present-key-help = ?: 이 키 목록. Escape로 닫는다
present-notes-label = 노트
present-next-label = 다음
present-elapsed-label = 경과 시간
present-clock-label = 시계
present-reset = 타이머 초기화
present-failed = 발표를 불러올 수 없다. { $why }
present-no-scene = 이 발표에는 장면이 { $scenes }개 있고 { $scene }번 장면은 없다. 마지막 장면을 보여 준다
