# 엔진의 런타임 쪽(crates/core/src/engine: cri/, containerd.rs, docker.rs, oci_runtime.rs,
# runc_cli/, procs.rs, output/): 시뮬레이터가 직접 쓰는 홉 설명.

## CRI server: image and sandbox RPCs (cri/mod.rs)

cri-containerd-down = containerd가 실행 중이 아니다. containerd.sock으로 연결(dial)하면 거부된다
cri-image-present = 노드에 이미지가 있다
cri-image-absent = 이미지가 없다. ImageStatus는 image = nil로 응답한다(오류가 아니다)
cri-pull = { $image }{ JOSA($image, "을/를") } 가져온다(pull)
dockerd-cri-shim-pull = CRI 심(shim)이 dockerd에 이미지 풀(pull)을 요청한다
cri-run-sandbox = 쿠버네티스 네임스페이스 { $namespace }에 있는 파드 { $pod }의 파드 샌드박스(sandbox)를 만들고 시작한다
cri-stop-sandbox = 파드의 모든 컨테이너를 멈춘 다음 샌드박스를 멈추고, 파드의 네트워크를 회수한다
crio-vm-stop-infra = 인프라 컨테이너도 다른 컨테이너처럼 심(shim)을 거쳐 멈춘다
cri-cni-del = { $ip }{ JOSA($ip, "을/를") } 반환하고 파드의 네트워크 인터페이스를 제거한다
crio-unpin-namespaces = 고정해 둔 파드의 리눅스 네임스페이스를 해제한다(unpin)

## CRI container RPCs (cri/container.rs)

cri-create-container = 파드 { $pod }에 컨테이너 { $container }{ JOSA($container, "을/를") } 만든다(아직 시작하지 않는다)
crio-storage-create-container = containers/storage가 컨테이너의 쓰기 가능한 overlay 레이어를 만들고 OCI 스펙을 생성한다. 컨테이너는 고정된 파드의 리눅스 네임스페이스에 경로로 합류한다
ctrd-cri-image-get = 이미지를 로컬에서 찾는다. 이미지의 구성이 기본 엔트리포인트, 환경 변수, 사용자를 정한다
cri-spec-kata = OCI 스펙은 샌드박스 태스크 pid의 /proc/{ $pid }/ns/{ "{" }net,ipc,uts{ "}" }를 가리키는데, Kata에서 이 pid는 QEMU의 것이다. Kata의 심(shim)은 네트워크 네임스페이스 항목을 빼고, 에이전트가 게스트 안에서 파드 자신의 IPC 네임스페이스와 UTS 네임스페이스에 합류한다
cri-spec-runsc = OCI 스펙은 샌드박스 태스크 pid(Sentry의 pid)의 /proc/{ $pid }/ns/{ "{" }net,ipc,uts{ "}" }를 가리킨다. runsc는 서브컨테이너에 대해 이 경로를 무시하고, 서브컨테이너는 자기 샌드박스에 합류한다
cri-spec-join = OCI 스펙에 따라 컨테이너가 pause 컨테이너의 리눅스 네임스페이스에 합류한다. /proc/{ $pid }/ns/{ "{" }net,ipc,uts{ "}" }
cri-spec-generated = OCI 스펙을 생성한다
cri-snapshot-prepare = 컨테이너의 쓰기 가능한 레이어다. 이미지의 최상위 체인 ID 위에 overlay 스냅숏을 만든다
cri-containers-create = 메타데이터뿐이다. 아직 프로세스는 없다
cri-container-running = 컨테이너가 RUNNING 상태다. stdout/stderr는 CRI 로그 파일로 복사된다
crio-start-itself = CRI-O가 conmon을 거치지 않고 직접 `start`를 실행했다
cri-stop-container = { $timeout }초의 유예 기간을 두고 멈춘다
cri-stop-force = { $timeout }초 뒤에도 프로세스가 실행 중이다. 강제로 멈춘다

## containerd's CRI plugin (cri/containerd_plugin.rs)

cri-reserve-name = 재시도가 샌드박스를 두 번 만들지 않도록 샌드박스 이름을 예약한다
cri-podsandbox-start = containerd 2.x에서는 podsandbox 컨트롤러가 pause 컨테이너와 그 태스크를 만든다
cri-pause-snapshot = pause 컨테이너의 rootfs로 쓸 활성(active) overlay 스냅숏을 만든다
cri-pause-record = containerd 네임스페이스 k8s.io에 컨테이너 레코드를 만든다. 메타데이터일 뿐 프로세스가 아니다
cri-sandbox-files = 파드의 hostname, hosts, resolv.conf, /dev/shm을 준비한다
cri-nri-run-sandbox = NRI 플러그인이 있으면 새 파드를 알린다
cri-sandbox-ready = 샌드박스가 READY 상태가 된다. 플러그인은 이벤트 기반 PLEG(evented PLEG)를 위해 CONTAINER_CREATED와 CONTAINER_STARTED 이벤트를 보낸다
cri-pause-present = pause 이미지가 있다(kubeadm이 미리 가져온다)
cri-pause-missing = pause 이미지가 없다. 런타임이 직접 가져온다
cri-netns-unshare = 새 네트워크 네임스페이스를 만들고, 어떤 프로세스보다 오래 남도록 바인드 마운트한다
cri-cni-add = CNI 플러그인이 네트워크 네임스페이스를 연결하고 파드 IP { $ip }{ JOSA($ip, "을/를") } 돌려준다
cri-cni-netlink = netlink로 veth 쌍을 만들어 한쪽 끝을 파드의 네트워크 네임스페이스로 옮기고, 주소와 라우트를 설정한다
cri-sandbox-exit-v17 = CRI 플러그인의 이벤트 모니터가 pause 프로세스의 종료를 본다(handleSandboxExit). 먼저 샌드박스의 태스크를 삭제한다
cri-sandbox-exit-v2 = 파드 샌드박스 컨트롤러가 pause 프로세스의 종료를 본다(handleSandboxTaskExit). 먼저 샌드박스의 태스크를 삭제한다
cri-container-exit = CRI 플러그인이 컨테이너가 상태 { $code }{ JOSA($code, "으로/로") } 종료한 것을 본다(handleContainerExit). 먼저 태스크를 삭제한다
cri-exit-task-delete = { $handler }: 종료 직후 WithProcessKill과 함께 task.Delete를 호출한다
cri-sandbox-notready = handleSandboxExit: 샌드박스는 더 이상 준비(ready) 상태가 아니다(pid 0, 종료 상태를 기록한다)
cri-container-exited = handleContainerExit: CRI 플러그인이 종료 코드 { $code }{ JOSA($code, "과/와") } 이유 { $reason }{ JOSA($reason, "을/를") } 기록한다

## containerd: tasks, shims, exits and restarts (containerd.rs)

ctrd-task-create = 태스크는 컨테이너의 실행 중인 프로세스다. 태스크를 만들면 심(shim)이 시작된다
ctrd-shim-start-reuse = `start`는 이미 대기 중인 파드의 심을 찾아(io.kubernetes.cri.sandbox-id로 묶인다) 그 주소를 출력한다. 새 심은 없다
ctrd-shim-start = containerd가 `start`로 심을 실행(exec)한다. 심은 오래 사는 ttRPC 서버로 자신을 다시 실행하고 주소를 출력하며, 처음 실행된 쪽은 종료한다
ctrd-shim-subreaper = 심이 자신을 child subreaper로 만든다. 그래서 고아가 된 컨테이너 프로세스는 심의 자식이 된다
ctrd-shim-create-runsc = 번들, rootfs 마운트, 런타임 옵션과 함께 ttRPC { $task_api }/Create를 호출한다. runsc.toml의 [runsc_config](이 systemd 노드에서는 systemd-cgroup = "true")는 모든 runsc 호출의 플래그가 된다
ctrd-shim-create-kata = 번들, rootfs 마운트, 런타임 옵션(Kata 구성 파일)과 함께 ttRPC { $task_api }/Create를 호출한다
ctrd-shim-create = 번들과 rootfs 마운트와 함께 ttRPC { $task_api }/Create를 호출한다
ctrd-event-task-create = 심이 containerd.sock.ttrpc를 거쳐 containerd에 /tasks/create를 게시한다
ctrd-task-wait = 열린 채로 기다린다. 태스크가 종료해야만 반환한다
ctrd-shutdown-kata-ignored = containerd는 Delete 때마다 심에 종료를 요청한다. 파드의 다른 컨테이너가 남아 있는 동안 Kata의 심은 이를 무시한다
ctrd-shutdown-runc-ignored = containerd는 Delete 때마다 심에 종료를 요청한다(shimTask.delete). runc 심은 아직 파드의 다른 컨테이너를 맡고 있으므로 곧바로 반환한다
ctrd-shutdown-kata = 남은 컨테이너가 없다. 심은 QEMU가 종료되었는지 확인하고 종료한다
ctrd-shutdown = 남은 태스크가 없다. 심이 종료한다
rt-oom-kill = cgroup의 메모리 사용량이 memory.max에 닿았다. 커널의 OOM Killer가 SIGKILL을 보낸다
rt-exit-group = 컨테이너의 PID 1이 상태 { $code }{ JOSA($code, "으로/로") } 종료한다
ctrd-shim-oom-event = 심이 memory.events를 감시하다가(inotify) oom_kill이 늘어난 것을 본다
ctrd-reap-runsc-wait = SIGCHLD: 심이 `runsc wait`를 거둔다(reap). 그 종료 상태가 곧 컨테이너의 종료 상태다
ctrd-reap-sentry = SIGCHLD: 심이 입양한 Sentry(runsc의 init.pid)를 거두고(reap) 종료 상태를 기록한다
ctrd-reap = SIGCHLD: 컨테이너의 부모인 심이 컨테이너를 거두고(reap) 종료 상태를 기록한다
ctrd-publisher-retry = containerd가 멈춘 상태다. 심은 /tasks/exit 이벤트를 간직한 채 containerd가 돌아올 때까지 재시도한다
ctrd-systemd-stop = systemd가 containerd에 SIGTERM을 보낸다(KillMode=process: 주 프로세스에만 보내고 심에는 보내지 않는다)
ctrd-shutdown-daemon = containerd와 CRI 플러그인이 종료한다. 모든 심과, 따라서 모든 컨테이너는 계속 실행된다
ctrd-systemd-start = systemd가 containerd를 다시 시작한다
ctrd-load-plugins = 플러그인을 다시 불러온다. content, snapshotter, metadata, tasks, CRI…
ctrd-reconnect-shim = containerd가 번들의 address 파일을 읽고 살아 있는 심에 다시 연결한다
ctrd-cri-recover = CRI 플러그인이 containerd의 메타데이터와 태스크 상태로 샌드박스 저장소와 컨테이너 저장소를 다시 만든다

## Docker Engine, dockershim and cri-dockerd (docker.rs)

dockerd-create = dockerd가 컨테이너를 기록하고 rootfs 레이어를 준비한다. 아직 실행되는 것은 없다
dockerd-netns-sandbox-runsc = libnetwork가 external-key 모드로 네트워크 샌드박스를 준비한다. 네트워크 네임스페이스는 런타임(runsc의 Sentry)이 만든다
dockerd-netns-sandbox = libnetwork가 external-key 모드로 네트워크 샌드박스를 준비한다. 네트워크 네임스페이스는 runc가 만든다
dockerd-spec-init = dockerd가 OCI 스펙을 만든다. args 앞에 /sbin/docker-init --를 붙이고, 호스트의 docker-init을 읽기 전용으로 바인드 마운트한다
dockerd-spec = dockerd가 이미지 구성과 플래그로 OCI 스펙을 만든다
dockerd-containers-create-runsc = containerd 네임스페이스 moby에 런타임 io.containerd.runc.v2로 만든다(경로로 지정한 런타임은 항상 runc v2 심을 쓴다). 옵션은 BinaryName=/usr/local/bin/runsc, Root=/var/run/docker/runtime-runc, SystemdCgroup(dockerd의 systemd cgroup 드라이버)이다
dockerd-containers-create = containerd 네임스페이스 moby에 런타임 io.containerd.runc.v2, runc 루트 /var/run/docker/runtime-runc로 만든다
dockerd-setkey-runsc = Docker 26+: Tasks.Create 다음에 dockerd가 Sentry의 네트워크 네임스페이스를 넘겨받는다(runsc start가 그 eth0을 Sentry의 netstack으로 복사한다)
dockerd-setkey = Docker 26+: Tasks.Create 다음에 dockerd가 runc가 만든 네트워크 네임스페이스를 넘겨받는다
dockerd-allocate-network = allocateNetwork: veth 쌍을 만들어 한쪽은 docker0에, 다른 쪽은 컨테이너 안의 eth0으로 두고 주소 { $ip }{ JOSA($ip, "을/를") } 준다
dockerd-iptables-dnat = iptables: 호스트 포트 { $host_port }{ JOSA($host_port, "을/를") } { $ip }:{ $container_port }{ JOSA($container_port, "으로/로") } DNAT한다(nat 테이블, DOCKER 체인)
dockerd-userland-proxy = 유저랜드 프록시(userland-proxy=true)도 포트를 전달한다. 예를 들어 localhost에서 오는 트래픽을 위해서다
dockerd-docker-init = docker-init(tini)이 PID 1이다. 실제 명령을 띄우고, 좀비 프로세스를 거두고, 시그널을 전달한다
dockerd-remove = dockerd가 자기 레코드, rootfs 레이어, 로그 파일을 제거한다
dockerd-event-exit = dockerd의 구독으로 /tasks/exit 이벤트가 전달된다
dockerd-exit-oom = dockerd가 먼저 태스크를 삭제하고(tsk.Delete), 이어서 Cleanup을 한 뒤, 컨테이너를 종료됨(exited), OOMKilled=true로 표시한다
dockerd-exit = dockerd가 먼저 태스크를 삭제하고(tsk.Delete), 이어서 Cleanup을 한 뒤, 컨테이너를 종료됨(exited, { $code })으로 표시한다
dockerd-exit-task-delete = handleContainerExit: 종료 직후 tsk.Delete를 호출한다
dockerd-cleanup = daemon.Cleanup: containerd의 컨테이너도 삭제된다. dockerd는 docker rm 전까지 자기 레코드를 유지한다
dockerd-auto-remove = --rm: 컨테이너가 종료하면 dockerd가 컨테이너를 제거한다
dockerd-shim-pause-present = pause 이미지가 있다
dockerd-shim-checkpoint = 심이 재시작해도 네트워크를 정리할 수 있도록 샌드박스 체크포인트를 쓴다
dockerd-shim-cni-add = 네트워크 플러그인(CNI)이 pause 컨테이너의 네트워크 네임스페이스를 연결한다(파드 IP { $ip })
dockerd-shim-log-symlink = CRI 로그 경로는 dockerd의 json-file 로그를 가리키는 심볼릭 링크다
dockerd-ping = API 버전을 협상한다
dockerd-no-such-image = 404 No such image: CLI가 이미지를 가져온 뒤 다시 시도한다
dockerd-pull-progress = 진행 상황을 JSON 스트림으로 받는다
dockerd-wait-detached = 시작 전에 보낸다. -d 모드에서는 CLI가 종료하면서 버려진다
dockerd-wait = CLI가 종료 상태를 기다린다

## CRI-O with pinns and conmon (cri/crio.rs)

crio-pinns = pinns가 파드의 리눅스 네임스페이스를 만들고 /var/run 아래에 바인드 마운트로 고정한다. 그래서 어떤 프로세스보다 오래 남는다
crio-pinns-bind = 리눅스 네임스페이스 파일마다 바인드 마운트한다
crio-cni-add = ocicni가 고정된 네트워크 네임스페이스에 CNI 플러그인을 실행한다(파드 IP { $ip })
crio-sandbox-cgroup = CreateSandboxCgroup: 생략된 인프라 컨테이너를 위한 cgroup을 파드의 슬라이스 안에 만든다(cAdvisor가 파드를 보도록). systemd 스코프가 아니라 직접 만든다
crio-drop-infra = drop_infra_ctr = true(CRI-O 1.22부터 기본값): 샌드박스에는 pause 프로세스도 conmon도 없고 레코드만 있다
crio-conmon = 컨테이너마다 conmon이 하나씩 있다. conmon은 두 번 fork하고, subreaper가 되어, 런타임의 create를 자식으로 실행한다
crio-conmon-scope = CRI-O가 D-Bus로 systemd에 파드의 슬라이스 { $slice } 안에 conmon용 스코프를 요청한다(StartTransientUnit). conmon의 cgroup은 컨테이너의 cgroup과 다르다
crio-conmon-reap = 컨테이너의 부모인 conmon이 컨테이너를 거둔다(reap)
crio-conmon-exit-oom = conmon이 종료 코드와 oom 파일을 쓴다
crio-conmon-exit = conmon이 종료 코드를 /var/run/crio/exits/<id>에 쓴다
crio-exit-watch = exits 디렉터리를 지켜보던 CRI-O의 fsnotify 감시가 반응한다

## CRI-O with a VM runtime (cri/crio_vm.rs)

crio-vm-infra = VM 런타임은 언제나 인프라 컨테이너를 둔다(podIsKernelSeparated가 drop_infra_ctr보다 우선한다). pause 컨테이너가 VM의 첫 컨테이너다
crio-vm-create = CRI-O가 심의 ttRPC 클라이언트다. 번들, CRI-O가 읽을 표준 입출력 FIFO, 런타임 구성 경로와 함께 containerd.task.v2.Task/Create를 호출한다
crio-vm-fifos = createContainerIO: conmon이 없으므로 CRI-O가 컨테이너의 표준 입출력 FIFO를 직접 만든다(NewFIFOSetInDir, 새 임시 디렉터리 안에)
crio-vm-log-file = …그리고 컨테이너의 CRI 로그 파일을 연다. CRI-O의 고루틴이 FIFO의 내용을 CRI 로그 형식(시각, 스트림, P|F, 텍스트)으로 이 파일에 복사한다. runc에서는 conmon이 하는 일이다
crio-storage-mount = containers/storage가 컨테이너의 overlay 루트 파일시스템을 마운트한다
crio-vm-wait = CRI-O의 고루틴이 Task/Wait를 열어 둔다. 프로세스가 종료하면 반환한다
crio-vm-shutdown = 파드의 마지막 컨테이너가 사라졌다. 심이 종료한다
crio-vm-shutdown-ignored = 무시된다. 파드의 다른 컨테이너가 아직 심에 남아 있다
crio-vm-exit = Task/Wait가 반환한다. CRI-O가 종료 코드를 exits 디렉터리에 직접 쓴다(conmon이 없다)
crio-vm-final-state = 그리고 태스크의 마지막 상태를 읽는다

## The OCI runtime as its callers drive it (oci_runtime.rs)

rt-create-by-shim = 심이 런타임의 create를 실행한다. runc는 컨테이너를 만들고 종료하며, init은 심(subreaper)의 자식으로 입양된다
rt-create-by-conmon = conmon이 런타임의 create를 자식으로 실행하고, sync 파이프로 CRI-O에 pid를 알린다
rt-create = 런타임이 컨테이너를 만든다. 컨테이너의 init은 exec.fifo에서 기다린다
rt-start = start가 exec.fifo를 연다. 기다리던 init이 이어서 사용자 프로그램을 execve한다
rt-kill = 컨테이너의 init에 { $signal }{ JOSA($signal, "을/를") } 보낸다
rt-delete = delete가 cgroup과 상태 디렉터리를 제거한 다음 poststop 훅을 실행한다
rt-config-refused = 런타임이 이 config.json을 거부한다. { $reason }
rt-nerdctl-cni-add = bridge nerdctl0(10.4.0.0/24), portmap, firewall, tuning 플러그인: IP { $ip }
rt-nerdctl-cni-del = { $ip }{ JOSA($ip, "과/와") } 포트 매핑을 반환한다
rt-program-not-found = init이 프로그램을 찾지 못했다. 런타임이 init을 죽이고 상태 디렉터리와 cgroup을 제거한다

## runc and crun typed at the shell (runc_cli/)

rt-cli-run = run은 한 프로세스에서 하는 create + start다. 포그라운드에서는 런타임이 컨테이너의 부모로 남는다
rt-cli-create = create는 컨테이너를 만들고, 컨테이너의 init을 exec.fifo에서 기다리게 둔다
rt-cli-typed-exit = 컨테이너의 셸에서 `exit`를 입력한다. `{ $command }`{ JOSA($command, "이/가") } 상태 0으로 종료하고, PID 1이 사라졌으므로 커널이 PID 네임스페이스를 해체한다
rt-cli-exit = `{ $command }`{ JOSA($command, "이/가") } 상태 { $code }{ JOSA($code, "으로/로") } 종료한다. PID 1이 사라졌으므로 커널이 PID 네임스페이스를 해체한다
rt-cli-reap = { $runtime }{ JOSA($runtime, "이/가") } 부모(subreaper)다. 자식을 거두고(reap) 종료 상태를 알게 된다
rt-cli-start = start가 exec.fifo를 연다. 기다리던 init이 이어서 프로그램을 execve한다
rt-cli-spec = 번들에 기본 config.json을 쓴다. rootfs "rootfs", args ["sh"], terminal true, 새 pid/net/ipc/uts/mount 리눅스 네임스페이스
rt-cli-spec-write = config.json을 번들 { $bundle }에 쓴다
rt-cli-state = state는 상태 디렉터리의 state.json을 읽고 init 프로세스가 살아 있는지 확인한다
rt-cli-list = list는 { $root } 아래의 모든 상태 디렉터리를 읽는다
rt-cli-kill = kill은 컨테이너의 init 프로세스에 시그널을 보낸다
rt-cli-kill-pid = pid { $pid }에 { $signal }{ JOSA($signal, "을/를") } 보낸다
rt-cli-sigkill = SIGKILL은 잡을 수 없다. 커널이 프로세스를 끝낸다
rt-cli-dies-of = 프로세스가 { $signal }{ JOSA($signal, "으로/로") } 죽는다
rt-cli-signal-dropped = `{ $command }`{ JOSA($command, "은/는") } 자기 PID 네임스페이스의 PID 1이고 { $signal } 핸들러가 없다. 커널이 시그널을 버린다
rt-cli-delete-kills = init 프로세스가 아직 살아 있다. delete가 먼저 init을 죽인다(SIGKILL)
rt-cli-exec = exec는 실행 중인 컨테이너의 리눅스 네임스페이스와 cgroup 안에서 프로세스를 하나 더 시작한다
rt-cli-ps = ps는 컨테이너 cgroup의 cgroup.procs를 읽고 그 pid들에 대해 ps -ef를 실행한다
rt-cli-ps-procs = 컨테이너 cgroup에 있는 pid들
rt-cli-pause = pause는 cgroup freezer로 컨테이너의 모든 프로세스를 얼린다
rt-cli-resume = resume은 컨테이너의 cgroup을 녹인다

## What the tools ask before they print (output/)

cri-crictl-containerd-down = containerd가 멈춘 상태다. 연결이 거부된다
cri-crictl-logs = crictl은 런타임에 로그 파일의 위치만 묻고, 파일은 직접 읽는다
cri-crictl-exec = Exec는 런타임 스트리밍 서버의 URL을 돌려준다. 그다음 crictl이 스트림으로 업그레이드한다
cri-crictl-exec-sync = ExecSync는 명령을 실행하고 그 출력을 응답에 담아 돌려준다
crio-exec = CRI-O가 런타임의 exec를 직접 실행한다(스트림은 conmon을 거친다)
ctrd-ctr-image-present = 이미지가 있다
ctrd-ctr-never-pulls = ctr run은 이미지를 가져오지 않는다. 이미지가 미리 있어야 한다
ctrd-ctr-id-taken = 이미 쓰이고 있는 id다
ctrd-ctr-snapshot = 이미지의 최상위 체인 ID 위에 컨테이너의 쓰기 가능한 레이어를 만든다
ctrd-nerdctl-create = CNI 네트워킹을 위해 nerdctl을 다시 호출하는 createRuntime/postStop OCI 훅과 함께 만든다
ctrd-ctr-create = containerd의 기본 스펙(oci.WithDefaultSpec): 새 pid, ipc, uts, mount, network 리눅스 네임스페이스. CNI는 없다
rt-kubectl-list-cache = ConsistentListFromCache(1.31에서 베타): API 서버는 etcd에 현재 리비전만 묻고, 워치 캐시가 그 리비전에 이를 때까지 기다린 다음 캐시에서 목록을 내준다
rt-kubectl-list-etcd = resourceVersion이 없는 목록 조회는 일관된 읽기(consistent read)다. API 서버가 etcd에서 읽는다(1.28에서 알파인 ConsistentListFromCache는 1.31 전에는 기본으로 꺼져 있다)
rt-kubectl-get-pods = 목록 조회다. API 서버는 etcd나 워치 캐시에서 답하고, 노드에 묻지 않는다
rt-kubectl-describe-events = describe는 kubelet이 이 파드에 대해 올린 이벤트도 보여 준다
rt-kubectl-get-nodes = kubelet이 등록하고 계속 갱신하는 노드 오브젝트(상태, 리스(Lease))
dockerd-exec-create = dockerd가 exec 인스턴스를 기록한다(아직 프로세스는 없다)
ctrd-tasks-exec = containerd가 프로세스 스펙을 컨테이너의 심에 넘긴다

## The simulator's own lines in a command's output (atlas: …)

cri-crictl-exec-docker = atlas: 도커 노드에서 crictl exec는 시뮬레이션하지 않는다. docker exec를 쓴다
dockerd-no-docker = (atlas: 이 노드는 { $runtime }{ JOSA($runtime, "을/를") } 실행한다. 도커 엔진을 쓰려면 --runtime docker를 선택한다)
rt-cli-no-crun = (atlas: 이 노드는 OCI 런타임으로 { $oci }{ JOSA($oci, "을/를") } 쓴다. crun을 쓰려면 --oci crun을 선택한다)
rt-cli-update = update는 create가 쓴 것처럼 컨테이너의 새 cgroup 제한을 쓴다. 장치 규칙은 바꾸지 않는다
rt-cli-not-modelled = atlas: `{ $command }`{ JOSA($command, "은/는") } 실제 명령이지만 이 시뮬레이터는 다루지 않는다. 다루는 명령: spec, create, start, run, state, list, kill, delete, exec, ps, pause, resume, update(플래그), --version
rt-cli-foreground = (atlas: `{ $command }`{ JOSA($command, "이/가") } 실행되는 동안 { $runtime }{ JOSA($runtime, "은/는") } 포그라운드에 머문다. 스크립트는 터미널을 하나 더 연 것처럼 계속 진행된다. `{ $runtime } kill { $id } KILL`로 멈춘다.)

## The container's cgroup resources beyond memory, cpu and pids (oci/hops/cgroups.rs)

oci-cgroup-memsw = { $runtime }{ JOSA($runtime, "이/가") } 메모리와 스왑을 합쳐 { $value }바이트로 제한한다(cgroup v1의 { $file }. 제한을 올릴 때 runc는 커널이 그보다 낮게 유지하는 memory.limit_in_bytes보다 이 파일을 먼저 쓴다).
oci-cgroup-swappiness = { $runtime }{ JOSA($runtime, "이/가") } 컨테이너의 swappiness를 { $value }{ JOSA($value, "으로/로") } 설정한다(0부터 100까지. runc는 그보다 큰 값을 거부한다).
oci-cgroup-oom-control = { $runtime }{ JOSA($runtime, "이/가") } 컨테이너의 OOM 킬러를 끈다. 제한을 넘은 프로세스는 죽지 않고 메모리를 기다린다.
oci-cgroup-cpuset-v1 = { $runtime }{ JOSA($runtime, "이/가") } 참여(join)하기 전에 컨테이너를 { $file } = { $value }{ JOSA($value, "으로/로") } 제한한다. CPU나 메모리 노드가 없는 cgroup v1 cpuset은 어떤 프로세스도 받지 않으므로 부모의 값을 먼저 아래로 복사한다(runc의 cpusetEnsureParent).
oci-cgroup-cpuset = { $runtime }{ JOSA($runtime, "이/가") } 컨테이너를 { $file } = { $value }{ JOSA($value, "으로/로") } 제한한다.
oci-cgroup-blkio-weight = { $runtime }{ JOSA($runtime, "이/가") } 블록 I/O 가중치 { $value }{ JOSA($value, "을/를") } 쓴다({ $file }. 이 파일이 없으면 커널은 BFQ의 blkio.bfq.weight만 제공하고, BFQ도 없으면 둘 다 없으므로 컨테이너가 거부된다).
oci-cgroup-net = { $runtime }{ JOSA($runtime, "이/가") } { $file }에 { $value }{ JOSA($value, "을/를") } 쓴다. 그 계층이 없는 호스트에서는 적용할 수 없어 컨테이너가 거부된다(cannot set … limit).
oci-cgroup-hugetlb = { $runtime }{ JOSA($runtime, "이/가") } 휴지 페이지(huge page)를 제한한다: { $file } = { $value }. v1 hugetlb 계층이 없으면 컨테이너가 거부된다(cannot set hugetlb limit).
