# 시나리오: 각 시나리오의 제목(scn-<name>-title)과, 어떤 노드에서 실행할 수 없는 이유.

scn-kubectl-run-title = 쿠버네티스 1.28, containerd 1.7, runc에서 실행하는 kubectl run(참조 S1)
scn-kubectl-run-crio-title = CRI-O에서 같은 파드를 실행한다: pinns를 쓰고, pause 프로세스가 없으며, 컨테이너마다 conmon이 붙는다
scn-kubectl-run-dockershim-title = 쿠버네티스 1.22: kubelet에 내장된 도커심(Dockershim)이 도커 엔진을 구동한다
scn-kubectl-run-cri-dockerd-title = 쿠버네티스 1.24 이상: 도커심은 제거되었고, cri-dockerd가 도커 엔진을 계속 쓸 수 있게 한다
scn-docker-run-port-title = docker run -d -p 8080:80 nginx: dockerd, containerd, runc, docker-proxy(참조 S3)
scn-docker-run-init-title = docker run --init: PID 1인 docker-init(tini)가 SIGTERM을 전달하므로 docker stop이 금방 끝난다
scn-nerdctl-run-title = nerdctl: 자체 데몬이 없는 도커 스타일 CLI로, containerd에 바로 요청한다
scn-ctr-run-title = ctr: containerd의 디버그 클라이언트. containerd 네임스페이스 default를 쓰고, CRI도 CNI도 거치지 않는다
scn-runc-run-title = runc를 직접 실행한다: runc spec 다음에 runc run(참조 S9)
scn-crictl-lifecycle-title = crictl로 직접 다룬다: runp, create, start, stop, rm, stopp, rmp
scn-crictl-stopp-title = kubelet이 관리하는 샌드박스를 kubelet 몰래 중지하면, kubelet이 새 샌드박스를 만든다
scn-image-pull-multiarch-title = 멀티 아키텍처 이미지 가져오기: 인덱스, 플랫폼별 매니페스트, config, 레이어, 압축 해제
scn-crash-backoff-title = 종료 코드 1로 끝나는 컨테이너: 0초, 10초, 20초, 40초 … 최대 5분 간격으로 재시작한다
scn-oom-kill-title = 메모리 한도(limit)를 넘게 쓰는 프로세스: 커널의 OOM killer, OOMKilled, 재시작
scn-kubectl-exec-title = kubectl exec: API 서버 → kubelet → CRI Exec → 스트리밍 → 심(shim) → runc exec
scn-kubectl-logs-title = kubectl logs: kubelet이 CRI 로그 파일을 직접 읽는다
scn-pod-delete-grace-title = 정상 삭제(graceful deletion): SIGTERM, 30초 유예 기간, SIGKILL, 그다음 GC
scn-containerd-restart-title = containerd가 재시작한다. 심(shim)이 컨테이너를 살려 두고, containerd가 다시 연결한다
scn-kubectl-run-kata-title = containerd 2.1 아래의 Kata Containers: 파드마다 심 하나가 virtiofsd와 QEMU를 시작하고, kata-agent가 VM 안에서 컨테이너를 만든다
scn-kubectl-run-kata-crio-title = CRI-O 아래의 Kata(runtime_type "vm"): conmon이 없다. CRI-O가 Kata 심을 exec하고, 그 심의 ttRPC 클라이언트가 된다
scn-kubectl-run-gvisor-title = gVisor에서 도는 파드(런타임클래스(RuntimeClass) gvisor, 핸들러 runsc): 컨테이너마다 심이 runsc를 exec하고, 호스트 커널이 아니라 Sentry가 nginx에 응답한다
scn-docker-run-gvisor-title = docker run --runtime=runsc: containerd-shim-runc-v2가 runsc를 exec한다(BinaryName). 컨테이너 하나가 곧 gVisor 샌드박스 하나이다
scn-hundred-pods-title = 한 노드에 파드 100개(kubelet의 기본 maxPods 110 이내): 같은 경로를 백 번 지난다
scn-podman-run-title = podman run -d nginx: 데몬이 없다. conmon이 crun create를 실행하고, podman은 crun start를 실행한 뒤 끝난다. 중지하면 conmon의 exit command가 뒷정리를 한다(참조 §4.1)
scn-podman-run-rootless-title = rootless Podman: newuidmap/newgidmap으로 만든 리눅스 사용자 네임스페이스, pause 프로세스, 네트워크는 pasta(참조 §4.2)
scn-podman-pod-title = podman pod create: /catatonit -P를 실행하는 infra 컨테이너가 파드의 리눅스 네임스페이스를 붙잡아 둔다. 컨테이너마다 자기 conmon이 있다(참조 §4.3)

# Scenario::runs_on_msg: 시나리오를 고른 노드에서 실행할 수 없는 이유.
scn-needs-runtime-class = { $scenario } 시나리오는 런타임클래스(RuntimeClass) { $class }{ JOSA($class, "을/를") } 요구하는데, 이 클래스는 { $oci }{ JOSA($oci, "을/를") } 쓰는 노드만 제공한다. OCI 런타임으로 { $oci }{ JOSA($oci, "을/를") } 선택한다
scn-needs-docker = { $scenario } 시나리오는 docker를 실행하는데, { $runtime } 노드에는 도커 엔진이 없다. 런타임으로 도커 엔진(dockershim 또는 cri-dockerd 경유)을 선택한다
scn-needs-kubernetes = { $scenario } 시나리오는 { $tool } 명령을 실행하는데, { $runtime } 호스트에는 쿠버네티스도 CRI 런타임도 없다. 런타임으로 containerd, CRI-O 또는 도커 엔진을 선택한다
scn-needs-podman = { $scenario } 시나리오는 podman을 실행하는데, { $runtime } 노드에는 podman이 없다. 런타임으로 Podman(쿠버네티스가 없는 호스트) 또는 CRI-O를 선택한다
scn-needs-containerd = { $scenario } 시나리오는 containerd 클라이언트인 { $tool } 명령을 실행하는데, { $runtime } 노드에는 containerd가 없다. 런타임으로 containerd 또는 도커 엔진을 선택한다
