# 컴포넌트 카드(crates/core/src/endpoint.rs, 앱의 src/components/card.rs)와 토폴로지 자체의
# 컨트롤: 사실 항목의 이름과 설명, 카드의 제목들, 다이어그램 전환 버튼.

card-role-binary = 프로그램
card-role-part-of = 실행 위치
card-role-socket = 소켓
card-role-listens = 수신 주소
card-role-calls = 호출 대상
card-role-config = 구성 파일
card-role-state = 상태
card-role-remote = 주소

card-note-in-process = 별도 프로그램이 아니라 데몬 프로세스의 일부이다
card-note-runs-once = 없음: 명령 하나를 실행하고 종료한다
card-note-static-pod = 컨트롤 플레인 노드의 스태틱 파드이다(kubeadm)
card-note-cri-endpoint = 컨테이너 런타임 엔드포인트(CRI)
card-note-grpc = gRPC: containerd API와 CRI
card-note-events = ttRPC: 심(shim)의 이벤트
card-note-cri-namespace = containerd의 gRPC 소켓에서 CRI를 제공한다. containerd 네임스페이스는 k8s.io이다
card-note-namespace = containerd 네임스페이스 { $ns }
card-note-bundle = 태스크마다의 번들
card-note-no-daemon = 없음: 데몬이 없고, podman 명령이 직접 일한다
card-note-shim-socket = ttRPC: containerd가 이 심의 태스크 API를 호출하는 곳
card-note-conmon = 없음: 컨테이너의 표준 입출력을 쥐고 종료를 기다린다
card-note-exit-files = 컨테이너마다 종료 코드를 기록하는 곳
card-note-pinned = 파드의 리눅스 네임스페이스를 파일로 고정해 둔 곳
card-note-oci-root = --root: 컨테이너마다 디렉터리 하나
card-note-sealed-copy = runc 바이너리를 봉인한 메모리 속 사본이다(CVE-2019-5736)
card-note-init-pipe = 없음: init 파이프로 runc와 통신하고 exec.fifo에서 기다린다
card-note-argv0 = runsc 바이너리를 { $name }{ JOSA($name, "으로/로") } 실행한다
card-note-urpc = 샌드박스의 제어 소켓(urpc)
card-note-qmp = QMP: 심이 VM을 제어하는 곳
card-note-vhost-user = vhost-user: 게스트와 공유하는 파일시스템
card-note-in-guest = VM 안에 있다
card-note-vsock = 심의 ttRPC가 vsock으로 닿는다
card-note-kvm = VM의 하드웨어 가상화

card-close = 닫기
card-talks = 이번 실행에서 통신하는 상대
card-talks-none = 이번 실행에는 나오지 않는다.
card-objects = 지금 가진 오브젝트
card-objects-none = 아직 없다.
card-show-all = 모든 컴포넌트 보기
card-show-run = 이번 실행의 컴포넌트만 보기
