# 터미널 세션(sim::follow, session, engine::follow): 계속 출력하는 명령에 대해
# 시뮬레이터가 덧붙이는 말, kubectl 감시(watch)의 홉 설명, 링크의 세션을
# 읽지 못하는 이유.

## 덧붙이는 말(atlas: …)

session-follow-script = atlas: { $command }{ JOSA($command, "은/는") } Ctrl-C를 누를 때까지 새 줄을 계속 찍는다. 스크립트 실행은 여기서 멈춘다(브라우저 터미널은 계속 따라간다)

## 홉 설명

session-watch-pods = kubectl이 목록의 resourceVersion부터 감시(watch)를 연다. API 서버는 파드의 변경(ADDED, MODIFIED, DELETED)을 감시 캐시에서 하나씩 흘려보내고, kubectl은 바뀐 파드마다 행 하나를 따로 찍는다

## 링크의 세션(session::SessionError)

session-bad-characters = 링크의 세션에 base64url이 쓰지 않는 문자가 있다(A–Z, a–z, 0–9, -, _만 쓴다)
session-bad-deflate = 링크의 세션이 터미널이 쓴 압축 데이터가 아니다(잘렸거나 바뀌었다)
session-too-big = 링크의 세션을 풀면 { $max }바이트를 넘는다. 받아들이지 않는다
session-too-many = 링크의 세션에 항목이 { $max }개를 넘는다. 받아들이지 않는다
session-bad-entry = 링크의 세션에 터미널이 읽을 수 없는 항목이 있다({ $line }번째 줄)
session-too-long = 링크의 세션이 { $max }자보다 길다. 받아들이지 않는다
