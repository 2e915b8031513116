# 사람이 로그인하는 노드의 crictl, ctr, nerdctl, docker 커맨드
# (이슈 15): 각 호출에 붙는 설명.

crictl-status = crictl이 런타임에 상태를 묻는다. RuntimeReady와 NetworkReady 조건, 그리고 verbose일 때 런타임이 덧붙이는 정보(containerd의 CRI 플러그인은 구성 전체)를 받는다
crictl-runtime-config = crictl이 런타임에 어떤 cgroup 드라이버를 쓰는지 묻는다(RuntimeConfig, 쿠버네티스 1.28부터의 CRI). KubeletCgroupDriverFromCRI가 켜져 있으면 kubelet도 같은 것을 묻는다
crictl-imagefsinfo = crictl이 이미지를 담은 파일 시스템의 사용량을 바이트와 아이노드로 묻는다
crictl-image-status = crictl이 이미지 하나의 기록(ID, 태그, 다이제스트, 크기)을 묻는다
crictl-remove-image = 런타임이 이미지와 그 이미지를 가리키는 모든 태그를 지운다
crictl-remove-image-in-use = 런타임이 거절한다. 아직 이 이미지를 쓰는 컨테이너가 있다
crictl-stats = crictl이 컨테이너의 CPU, 메모리, 쓰기 가능한 레이어 사용량을 묻는다
crictl-statsp = crictl이 파드의 CPU와 메모리 사용량을 묻는다
ctr-plugins = ctr이 containerd에 불러온 플러그인을 묻는다. config.toml에서 끈 플러그인은 처음부터 불러오지 않았으므로 목록에 없다
ctr-namespaces = ctr이 containerd의 네임스페이스를 나열한다. CRI 플러그인은 k8s.io, 도커는 moby, ctr과 nerdctl은 default에서 일한다
ctr-snapshots = ctr이 네임스페이스의 overlayfs 스냅숏을 나열한다. 이미지마다 커밋된 레이어가 있고, 그 위에 컨테이너마다 활성 레이어가 있다
ctr-content = ctr이 네임스페이스의 이미지가 가리키는 콘텐츠 저장소의 블롭을 나열한다
ctr-images-delete = ctr이 이 네임스페이스에서만 이름으로 이미지 기록을 지운다
docker-info = docker가 dockerd에 시스템 정보를 묻는다
docker-inspect = docker가 dockerd에 오브젝트의 전체 기록을 묻는다
