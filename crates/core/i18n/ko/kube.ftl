# 엔진의 쿠버네티스 쪽: kubectl, API 서버와 etcd, 스케줄러, 어드미션, kubelet(파드
# 워커, 볼륨, PLEG, 컨테이너 GC, exec와 로그), 레지스트리에서 이미지 가져오기(reg-…).
# 쿠버네티스가 직접 출력하는 문구(이벤트 메시지, kubectl 오류)는 여기 없다.

## kubectl run, API 서버, 스케줄러 (engine/kube/mod.rs)

kube-run-post = kubectl이 컨트롤러 없는 단독 파드 { $pod }{ JOSA($pod, "을/를") } 만든다(레이블 run={ $pod }). kubectl은 노드와 직접 통신하지 않는다
kube-runtimeclass-found = RuntimeClass 어드미션 플러그인이 런타임클래스(RuntimeClass) { $runtime_class }{ JOSA($runtime_class, "을/를") } 찾는다(런타임 핸들러 { $handler }). 파드에 복사할 overhead나 scheduling 설정은 없다
kube-runtimeclass-missing = RuntimeClass 어드미션 플러그인이 클러스터에서 런타임클래스 { $runtime_class }{ JOSA($runtime_class, "을/를") } 찾지 못한다. 파드는 저장되기 전에 거부된다
kube-etcd-persist = API 서버가 파드를 etcd에 저장한다
kube-bind = 스케줄러가 watch로 아직 노드가 정해지지 않은 파드를 보고, 그 파드를 { $node }에 바인딩한다
kube-watch-pod = 시작할 때 열어 둔 kubelet의 watch가 파드를 전달하고, 파드 워커(pod worker)가 그 파드를 맡는다
kube-syncpod = Kubelet.SyncPod: 파드 cgroup, 볼륨(서비스 어카운트 토큰), 그다음 런타임 매니저 순서로 처리한다
# merge가 아닌 kubectl run --override-type: 시뮬레이터의 거절.
kube-override-type = --override-type={ $override_type } (atlas: kubectl의 기본값인 merge 패치만 모델링한다)
# $reason과 $message는 이벤트 자체의 문구다(쿠버네티스의 말).
kube-event = 이벤트 { $reason }: { $message }
kube-delete = 정상 삭제(graceful deletion): API 서버가 deletionTimestamp를 설정하고 유예 기간을 { $grace }초로 둔다
kube-watch-update = kubelet의 watch가 변경 사항을 전달한다

## kubelet의 파드 워커 (engine/kube/kubelet.rs, gc.rs)

kube-sandbox-not-ready = 샌드박스가 준비되지 않았다. 파드의 컨테이너를 종료하고 새 샌드박스를 만든다(attempt +1)
# $message는 kubelet 자체의 백오프 메시지다.
kube-backoff = { $message } (CrashLoopBackOff)
kube-status = 상태 매니저(status manager)가 파드 단계 { $phase }, 컨테이너 상태 { $state }{ JOSA($state, "을/를") } 보고한다
kube-kill-pod = 파드에 deletionTimestamp가 있다. 유예 기간 { $grace }초로 컨테이너를 멈추고, 그다음 샌드박스를 멈춘다
kube-delete-confirm = 모두 멈췄다. kubelet이 gracePeriodSeconds=0으로 삭제를 확정하고, API 서버가 파드를 제거한다
kube-container-gc = 컨테이너 GC(1분마다): 컨테이너마다 종료된 컨테이너를 하나만 남기고 나머지를 제거하며, 어느 파드도 필요로 하지 않는 샌드박스를 제거한다

## kubectl exec와 logs (engine/kube/exec.rs)

kube-exec-upgrade = kubectl이 API 서버와의 연결을 업그레이드한다(1.30부터 WebSocket, 그 전에는 SPDY)
kube-exec-proxy = API 서버가 10250 포트의 kubelet 서버로 프록시한다
kube-exec-url = 런타임이 스트리밍 엔드포인트를 준비하고 그 URL을 돌려준다
kube-exec-stream = kubelet이 스트림을 런타임의 스트리밍 서버로 프록시한다(1.20부터 항상)
kube-exec-crio-shim = CRI-O가 심(shim)에 exec 프로세스를 요청한다
kube-exec-crio-runtime = 스트리밍 exec를 위해 CRI-O가 런타임의 exec를 직접 실행한다
kube-exec-shim-runtime = 심이 프로세스 명세(process spec)를 주어 런타임의 exec를 실행한다. runc는 컨테이너의 모든 리눅스 네임스페이스에 들어간다
kube-exec-runc-init = runc init이 다시 실행된다. 이번에는 기존 컨테이너에 합류하기 위해서다
kube-exec-setns = 컨테이너 PID 1(pid { $pid })의 모든 리눅스 네임스페이스에 합류한다
kube-exec-execve = exec로 실행한 프로세스는 PID 1 옆에서, 같은 cgroup 안에서 실행된다
kube-logs-proxy = API 서버가 kubelet으로 프록시하고, kubelet이 컨테이너의 CRI 로그 파일을 직접 읽는다
kube-logs-status = kubelet이 런타임에 컨테이너 상태를 묻는다. 필요한 것은 로그 경로다
kube-logs-format = CRI 로그 형식: <RFC3339Nano> <stdout|stderr> <P|F> <message>

## 파드의 볼륨과 파일 (engine/kube/volumes.rs)

kube-sa-admit-secret = 어드미션: ServiceAccount 플러그인이 serviceAccountName을 default로 설정하고, 서비스 어카운트의 토큰 시크릿(Secret) { $volume }의 볼륨을 추가한다. 이 볼륨은 모든 컨테이너의 { $path }에 읽기 전용으로 마운트된다
kube-sa-admit-projected = 어드미션: ServiceAccount 플러그인이 serviceAccountName을 default로 설정하고 { $volume } 프로젝티드 볼륨(projected volume)을 추가한다(바운드 토큰, kube-root-ca.crt 컨피그맵, 쿠버네티스 네임스페이스). 이 볼륨은 모든 컨테이너의 { $path }에 읽기 전용으로 마운트된다
kube-sa-watch-secret = podManager.AddPod가 파드를 Secret 매니저에 등록한다. 리플렉터(reflector)가 서비스 어카운트의 토큰이 든 { $secret } 시크릿을 watch 캐시에서 나열(list)한 다음 감시(watch)한다
kube-sa-watch-configmap = podManager.AddPod가 파드를 ConfigMap 매니저에 등록한다. 리플렉터(reflector)가 프로젝티드 볼륨이 읽는 유일한 컨피그맵(kube-root-ca.crt)을 watch 캐시에서 나열(list)한 다음 감시(watch)한다
# $kind는 볼륨 유형이다: secret 또는 projected.
kube-vol-tmpfs = 볼륨 매니저가 { $volume } 볼륨을 설정한다. { $kind } 볼륨은 메모리 기반 emptyDir이므로 mount-utils가 tmpfs를 마운트하려고 mount(8)을 실행한다. 크기는 파드의 메모리 상한이고, 상한이 없으면 노드의 할당 가능(allocatable) 메모리다
kube-vol-unmount = 파드에 남은 컨테이너가 없다. 볼륨 매니저가 서비스 어카운트 볼륨의 tmpfs를 언마운트한다
kube-vol-remove = …그리고 그 디렉터리를 지운다(os.RemoveAll). 파드의 리소스가 회수된다
kube-token-request = 볼륨 매니저가 { $volume } 볼륨을 설정한다. 토큰 소스를 위해 kubelet의 토큰 매니저가 파드에 바인딩된 토큰을 요청한다(TokenRequest)
kube-token-read-sa = TokenREST.Create가 서비스 어카운트를 읽고, 이어서 토큰(JWT)에 서명한다
kube-token-read-pod = TokenREST.Create가 토큰이 바인딩될 파드를 읽고, 이어서 토큰(JWT)에 서명한다
kube-atomic-mkdir = atomic writer가 시각을 이름으로 한 새 디렉터리를 만든다
kube-atomic-write-secret = 그 디렉터리에 시크릿의 데이터를 쓴다. 토큰, 클러스터의 CA 인증서, 쿠버네티스 네임스페이스다
kube-atomic-write-projected = 그 디렉터리에 페이로드를 쓴다. 토큰, kube-root-ca.crt에서 온 클러스터의 CA 인증서, 쿠버네티스 네임스페이스다
kube-atomic-tmp = ..data_tmp가 새 디렉터리를 가리키고…
kube-atomic-rename = …한 번의 rename으로 ..data를 대체한다. 읽는 쪽은 예전 파일이나 새 파일 중 하나만 보고, 둘이 섞인 상태는 보지 않는다
kube-atomic-links = 컨테이너가 읽는 이름은 ..data를 거치는 링크다
kube-hosts = makeHostsMount: kubelet이 파드의 /etc/hosts를 쓴다(localhost 항목과 파드 자신의 IP와 이름). 컨테이너는 런타임의 파일이 아니라 이 파일을 받는다
kube-termination-dir = 컨테이너의 종료 메시지(termination message)를 담을 디렉터리
kube-termination-file = 컨테이너 인스턴스마다 새 파일(임의의 이름)을 모드 0666으로 만들고, /dev/termination-log에 마운트한다

## PLEG (engine/pleg.rs)

kube-pleg-relist = PLEG relist(1초마다): 모든 샌드박스와 컨테이너를 나열하고 직전 relist와 비교한다
# $event는 PLEG 이벤트의 이름이다(ContainerStarted, ContainerDied).
kube-pleg-event = 파드 { $namespace }/{ $pod }: { $event }. 파드 워커가 이 파드를 동기화한다

## 이미지 가져오기 (engine/registry.rs)

reg-transfer = containerd 2.x는 Transfer 서비스를 통해 서버 쪽에서 이미지를 가져온다
reg-not-found = { $host }{ JOSA($host, "이/가") } 404로 답한다. 그런 리포지터리나 태그가 없다
reg-lease = 리스(lease)가 쓰는 중인 블롭을 가비지 컬렉션에서 보호한다
reg-challenge = Docker Hub가 Bearer 챌린지와 함께 401로 답한다
reg-token = auth.docker.io에서 익명 pull 토큰을 받는다
reg-resolve = 태그를 다이제스트로 해석한다(Docker-Content-Digest)
reg-present = 인덱스, 매니페스트, 구성(config), 모든 레이어가 이미 다이제스트 이름으로 저장소에 있다. 내려받을 것도, 풀어낼 것도 없다
reg-index = 태그가 인덱스를 가리킨다. linux/amd64 항목을 고르고, 증명(attestation) 매니페스트(unknown/unknown)는 건너뛴다
reg-manifest = 이미지 매니페스트: 구성(config) 하나와 레이어 목록
reg-config = 이미지 구성(config). 그 다이제스트가 이미지 ID다
reg-layer = 레이어 { $n }/{ $total }(gzip tar). 내려받는 동안 다이제스트를 검증한다
reg-content-write = 블롭이 다이제스트 이름으로 콘텐츠 저장소(content store)에 들어간다
reg-docker-layer = 레이어 { $n }{ JOSA($n, "을/를") } /var/lib/docker/overlay2에 푼다
reg-docker-tag = dockerd 자체 이미지 저장소(graphdriver)에서 이미지에 태그를 붙인다
reg-crio-layer = 레이어 { $n }{ JOSA($n, "을/를") } containers/storage에 적용한다(overlay, /var/lib/containers/storage)
reg-crio-image = 이미지를 containers/storage에 기록한다. 이 저장소는 Podman, Buildah와 함께 쓴다
reg-cri-names = CRI 플러그인이 이미지 이름 세 개를 기록한다. ID(config 다이제스트), repo:tag, repo@digest다
reg-ctr-name = 이름 → 대상 디스크립터(멀티 아키텍처 이미지라면 인덱스 다이제스트)
reg-unpack = 레이어 { $n } 풀기: 부모 위에 활성(active) 스냅샷을 만든다
reg-diff = walking differ가 레이어의 tar를 스냅샷의 마운트에 푼다
reg-commit = chain ID로 커밋한다. 이제 변경할 수 없는 레이어다
