# 임베드 모드(src/app.rs, embed=1)와 임베드 대화상자(src/components/embed.rs).
embed-open = Runtime Atlas에서 열기 ↗
embed-button = 임베드
embed-button-title = 이 화면을 다른 페이지에 넣는 코드
embed-heading = 이 화면 임베드하기
embed-close = 닫기
embed-hint = 아래 코드 중 하나를 페이지에 붙여 넣는다. 요소는 독자가 클릭하기 전까지 아무것도 불러오지 않고, iframe은 스크립트가 필요 없다.
embed-chapter = 이 챕터만: { $chapter }
embed-chapter-none = 이 챕터만(이 화면에는 챕터가 없다)
embed-element = 요소(스크립트 포함)
embed-iframe = 일반 iframe(스크립트 없음)
embed-oembed = oEmbed 문서(페이지 옆에 둔다)
embed-link = 이 화면의 링크
embed-copy = 복사
embed-copied = 복사했다
embed-docs = 임베드의 모든 옵션을 실제로 보여 주는 페이지
# <runtime-atlas> 요소의 포스터(www/embed.js): `cargo xtask dist`가 embed-poster-X
# 메시지를 두 언어로 스크립트의 WORDS.ui.X에 쓴다.
embed-poster-load = 클릭하면 대화형 다이어그램을 불러온다
