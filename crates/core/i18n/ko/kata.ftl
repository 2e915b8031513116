# Kata Containers(engine/kata): Kata 심, 가상 머신(VM), 게스트 안의 에이전트.

kata-agent-rootfs-mounts = containerd가 Create에서 넘긴 마운트로 만든, 컨테이너의 오버레이 rootfs
kata-agent-memory-online = 에이전트가 핫플러그된 메모리를 게스트에서 온라인으로 만든다
kata-agent-share-rootfs = rootfs를 파드의 공유 디렉터리에 바인드 마운트한다. virtiofsd가 이를 게스트에 /run/kata-containers/shared/containers/<id>/rootfs로 제공한다
kata-agent-create-pause = pause 컨테이너도 게스트 안에서 실행된다. 심(shim)은 네트워크 네임스페이스를 뺀 OCI 스펙을 보낸다(VM 전체가 파드의 네트워크이다)
kata-agent-create-container = OCI 스펙이 네트워크 네임스페이스 없이 에이전트로 간다. rootfs에는 스토리지가 필요 없다(virtio-fs)
kata-agent-rustjail-fifo = 에이전트의 runc 같은 라이브러리 rustjail: StartContainer까지 컨테이너의 init을 붙잡아 두는 exec.fifo
kata-agent-spawn-init = 에이전트가 동기화 파이프와 fifo의 디스크립터를 가지고 자신을 `init`으로 실행한다
kata-agent-init-pidns = init 자식 프로세스가 컨테이너 자신의 PID 네임스페이스를 만들고 fork한다. 손자 프로세스가 그 PID 1이 된다
kata-agent-init-cgroup = 부모 프로세스가 스펙의 cgroupsPath에 따라 자식을 게스트 안의 컨테이너 cgroup(cgroup v2)에 넣는다
kata-agent-join-ns = 자식 프로세스가 파드의 IPC·UTS 네임스페이스에 합류하고 마운트 네임스페이스를 unshare한다
kata-agent-mounts = /proc, /dev, /sys와 스펙의 마운트를 마운트하고, 공유된 rootfs를 루트로 삼는다
kata-agent-fifo-wait = init이 exec.fifo를 열고 읽기에서 멈춘다. 컨테이너는 생성되었지만 시작되지 않았다
kata-agent-fifo-write = 에이전트가 exec.fifo를 쓰기로 열고 1바이트를 쓴다. init이 그것을 읽고 계속 진행한다
kata-agent-exec-program = init이 게스트 안에서 프로그램이 된다. 호스트 커널은 이 프로세스를 전혀 보지 못한다
kata-agent-wait-process = 프로세스가 종료될 때까지 열려 있다. stdout과 stderr는 같은 연결로 돌아오고(ReadStdout, ReadStderr), 심이 이를 클라이언트의 FIFO에 쓴다
kata-agent-signal = 에이전트가 게스트 안에서 컨테이너의 init에 시그널을 보낸다
kata-agent-oom-kill = 게스트의 OOM 킬러: 게스트 안의 컨테이너 cgroup이 memory.max에 닿았다
kata-agent-oom-event = 심의 watchOOMEvents 루프가 에이전트를 롱 폴링하고, 에이전트가 그 컨테이너를 알린다
kata-agent-oom-file = CRI-O의 경우 심이 번들에 `oom` 파일을 쓴다(CRI-O에는 이벤트가 가지 않는다)
kata-agent-reap = 에이전트가 컨테이너의 프로세스를 거둔다(reap)
kata-agent-remove = StopContainer: 에이전트가 멈춘 컨테이너를 게스트에서 제거한다
kata-agent-unshare-rootfs = 컨테이너의 rootfs가 파드의 공유 디렉터리에서 빠진다
kata-agent-exec = 에이전트가 게스트 안에서 컨테이너의 리눅스 네임스페이스와 cgroup에 프로세스를 실행한다
kata-agent-exec-join = `kata-agent init` 자식 프로세스가 컨테이너의 리눅스 네임스페이스에 합류한다
kata-agent-drop-rootfs = 심이 컨테이너의 rootfs를 언마운트하고 버린다
kata-shim-start-crio = runtime_type = "vm": CRI-O가 심의 `start`를 직접 실행한다(conmon 없음). TTRPC_ADDRESS가 비어 있으므로 심은 이벤트를 로그로만 남긴다
kata-shim-start-containerd = containerd가 파드 샌드박스를 위해 Kata 심의 `start`를 실행한다
kata-shim-mntns = `start` 프로세스는 먼저 자기만의 마운트 네임스페이스를 만들고 /를 rslave, 이어서 rshared로 만든다(setupMntNs). 이 프로세스가 시작하는 데몬이 이를 물려받으므로, 데몬이 파드를 위해 만드는 마운트는 호스트에 보이지 않는다
kata-shim-reexec = `start`는 같은 바이너리를 `start` 없이 다시 실행해 오래 사는 ttRPC 서버로 만들고(GOMAXPROCS=2, 자체 프로세스 그룹, 수신 소켓은 fd 3), 그 주소를 출력한 뒤 종료한다
kata-vm-config = 심이 TOML 구성 파일을 읽고(기본값은 하이퍼바이저 QEMU, virtio-fs, vCPU 1개, 2048 MiB), 스펙의 어노테이션에서 이 컨테이너가 파드 샌드박스임을 알아낸다
kata-vm-pause-rootfs = containerd가 Create에서 넘긴 rootfs 마운트: <bundle>/rootfs에 있는 pause 이미지의 오버레이
kata-vm-tap = CNI가 이미 구성한 파드의 네트워크 네임스페이스 안에서: VM용 tap 장치, 그리고 eth0의 트래픽을 tap0_kata로 돌리고 되돌리는 tc 필터(internetworking_model = "tcfilter")
kata-vm-overhead-cgroup = sandbox_cgroup_only = false(기본값): 심은 자신을 /kata_overhead/<id>로 옮긴다. 파드의 cgroup으로는 VM의 vCPU 스레드만 간다
kata-vm-virtiofsd = virtiofsd가 파드의 공유 디렉터리(컨테이너들의 루트 파일시스템)를 vhost-user로 게스트에 제공한다
kata-vm-vsock-cid = 심이 게스트의 vsock 컨텍스트 ID를 고른다(FindContextID). /dev/vhost-vsock을 열고 빈 ID가 나올 때까지 임의의 ID로 VHOST_VSOCK_SET_GUEST_CID를 시도한 뒤, 그 디스크립터를 QEMU에 넘긴다
kata-vm-qemu = 심이 QEMU를 자기 자식으로 시작한다(데몬화하지 않음). 게스트 이미지는 NVDIMM(게스트 안의 /dev/pmem0p1)이고, vsock 장치는 컨텍스트 ID를 받으며, virtio-fs에는 kataShared 태그가 붙고, tap이 게스트의 NIC가 된다
kata-vm-kvm = KVM이 가상 머신(VM)과 그 vCPU를 만든다. vsock 장치는 심이 넘긴 디스크립터(vhostfd)를 쓴다
kata-vm-qmp = 심이 QEMU의 QMP 소켓에 연결한다. 나중에 이 소켓으로 CPU, 메모리, 장치를 핫플러그한다
kata-vm-boot = 게스트 커널이 이미지에서 부팅한다(cgroup v2 전용: cgroup_no_v1=all)
kata-vm-nic = 게스트의 NIC가 파드의 네트워크 네임스페이스에서 복사한 eth0의 주소와 MAC을 받는다
kata-vm-sandbox = 에이전트가 공유 virtio-fs를 마운트하고, 파드가 공유하는 IPC·UTS 네임스페이스를 만들고, 호스트 이름을 설정한다
kata-vm-pod-ns = 파드의 IPC·UTS 네임스페이스. 파드의 모든 컨테이너가 합류할 수 있도록 바인드 마운트된다
kata-vm-vcpu-cgroup = VM의 vCPU 스레드(QEMU 프로세스 전체가 아니다)가 파드의 cgroup, 즉 샌드박스의 cgroupsPath에 들어간다. 파드의 CPU 제한이 게스트에 적용된다
kata-vm-stop = Sandbox.Stop: 에이전트가 아직 가진 모든 컨테이너를 제거하고, pause 컨테이너를 마지막에 제거한다
kata-vm-teardown = 에이전트가 공유 스토리지를 언마운트하고 게스트 안에서 파드의 리눅스 네임스페이스를 정리한다
kata-vm-kill-qemu = QEMU를 pid로 죽인다(QMP quit을 쓰지 않는다). 게스트와 그 안의 모든 것이 사라진다
kata-vm-stop-virtiofsd = 이어서 virtiofsd가 멈춘다
kata-vm-remove-tap = tc 필터와 tap0_kata가 파드의 네트워크 네임스페이스에서 제거된다(eth0 인터페이스는 나중에 CNI가 제거한다)
kata-vm-delete = Sandbox.Delete: 공유 디렉터리, VM의 디렉터리, 샌드박스의 상태가 사라지고, 그 cgroup이 제거된다
kata-vm-routes = 그리고 그 경로(route)도 받는다
kata-agent-memory-hotplug = VM이 컨테이너의 메모리 상한만큼 커진다. QMP로 메모리 백엔드를 object-add하고 pc-dimm을 device_add한다({ $mib } MiB)
kata-agent-exit = 게스트 안에서 컨테이너의 PID 1이 상태 { $code }{ JOSA($code, "으로/로") } 종료된다
kata-agent-wait-returns = 심의 WaitProcess 호출이 상태 { $code }{ JOSA($code, "을/를") } 반환한다
kata-shim-start-again = 다시 `start`: Kata의 getAddress가 스펙에서 { $annotation }{ JOSA($annotation, "을/를") } 읽고 파드의 심 주소를 출력한다. 새 프로세스는 없다
kata-shim-start-again-bootstrap = 다시 `start`(containerd 2.0.6 이상과 2.1은 bootstrap 버전이 3 미만인 심에 대해 이를 실행한다. 2.0.0–2.0.5는 이 단계를 건너뛰고 bootstrap.json에서 샌드박스의 심을 재사용했다): Kata가 { $annotation }{ JOSA($annotation, "을/를") } 읽고 파드의 심 주소를 출력한다. 새 프로세스는 없다
kata-vm-agent-listens = 게스트의 systemd가 kata-containers.target에 이르러 kata-agent.service를 시작한다. 에이전트는 vsock 포트 { $port }에서 대기한다
kata-vm-agent-connect = 게스트의 컨텍스트 ID { $cid }, 포트 { $port }{ JOSA($port, "으로/로") } 가는 vsock 위의 ttRPC 연결: 심은 에이전트가 응답할 때까지 기다린다
