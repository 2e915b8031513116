# 챕터: 실행을 나누는 단계(crates/core/src/chapter.rs).
chapter-control-plane = API 서버와 스케줄러
chapter-kubelet = kubelet이 파드를 맡는다
chapter-sandbox = 파드 샌드박스
chapter-image = 이미지
chapter-container = 컨테이너 생성
chapter-start = 컨테이너 시작
chapter-exec = 컨테이너 안의 프로세스
chapter-stop = 중지
chapter-remove = 제거
chapter-exit = 프로세스 종료
