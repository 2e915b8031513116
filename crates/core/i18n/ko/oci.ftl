# OCI 런타임(runc, crun)의 단계: 시스템 콜 하나하나와 런타임 안의 작업이 하는 일,
# 그리고 네이티브 런타임이 트레이스에 덧붙이는 말.

## 노트가 행동하는 프로세스를 부르는 이름

oci-who-runc = runc
oci-who-runc-init = runc init
oci-who-crun = crun
oci-who-container-process = 컨테이너 프로세스
oci-who-container-process-mid = 컨테이너 프로세스
oci-who-stage = 스테이지 { $n }
oci-who-stage-mid = 스테이지 { $n }

## 라이프사이클: config.json, 상태 디렉터리, exec.fifo, 훅, start, delete

oci-enter-rootfs = { $who }{ JOSA($who, "이/가") } 루트 파일시스템을 준비한다. 아래의 마운트는 모두 자기만의 마운트 네임스페이스에서 일어나므로 호스트에서는 보이지 않는다.
oci-enter-finalize = { $who }{ JOSA($who, "이/가") } 컨테이너의 사용자와 컨테이너의 케이퍼빌리티(capability)를 갖게 된다. 지금 버리는 것은 다시 얻을 수 없다.
oci-enter-next = init 프로세스가 설정의 다음 단계로 들어간다.
oci-load-config = { $who }{ JOSA($who, "이/가") } 번들에서 config.json을 읽어 자신의 컨테이너 구성으로 바꾼다.
oci-state-dir = { $who }{ JOSA($who, "이/가") } 컨테이너에 대해 아는 것을 보관할 상태 디렉터리 { $path }{ JOSA($path, "을/를") } 만든다.
oci-exec-fifo = { $who }{ JOSA($who, "이/가") } FIFO exec.fifo를 만든다. 컨테이너는 `{ $runtime } start`까지 이 FIFO에서 기다린다.
oci-copy-config = crun이 config.json을 상태 디렉터리로 복사한다. 이후 명령은 번들에 의존하지 않는다.
oci-sealed-copy = runc가 자기 바이너리를 봉인된 메모리 파일로 복사한다. 이렇게 하면 컨테이너가 호스트의 runc 바이너리를 덮어쓸 수 없다(CVE-2019-5736).
oci-exec-init = runc가 봉인된 복사본을 `runc init`으로 실행한다. 이 프로세스가 컨테이너가 된다. 넘겨주는 파이프는 _LIBCONTAINER_* 변수에 적힌다.
oci-sync-runc-hooks = runc init이 마운트가 준비되었다고 runc에 알리고 기다린다. 그동안 runc는 cgroup 제한을 적용하고 prestart와 createRuntime 훅을 실행한다.
oci-sync-runc-ready = runc init이 exec할 준비가 되었다고 runc에 알린다. runc는 rlimit을 설정하고(밖에서는 아직 올릴 수 있다) 상태를 저장한다.
oci-sync-crun-hooks = 컨테이너 프로세스가 마운트가 준비되었다고 crun에 알리고, crun이 prestart와 createRuntime 훅을 실행하는 동안 기다린다.
oci-sync-crun-ready = 컨테이너 프로세스가 설정을 마쳤다고 crun에 알린다. crun은 컨테이너를 created로 기록한다.
oci-hook = { $who }{ JOSA($who, "이/가") } { $kind } 훅 { $path }{ JOSA($path, "을/를") } { $place ->
        [container-before-pivot] 컨테이너의 리눅스 네임스페이스에서 pivot_root 전에(그래서 호스트의 파일에 아직 닿을 수 있다)
        [container] 컨테이너의 리눅스 네임스페이스에서 프로그램이 시작하기 직전에
       *[runtime] 런타임(호스트)의 리눅스 네임스페이스에서
    } 실행하고, 컨테이너의 상태를 표준 입력으로 넘긴다.
oci-hook-poststart = { $who }{ JOSA($who, "이/가") } 프로그램이 실행된 뒤 런타임(호스트)의 리눅스 네임스페이스에서 poststart 훅 { $path }{ JOSA($path, "을/를") } 실행하고, 컨테이너의 상태를 표준 입력으로 넘긴다. atlas-runtime은 프로그램이 처음 멈추거나(블록) 끝날 때까지(최대 100ms) 기다리므로, 짧은 프로그램이 남긴 결과가 훅보다 먼저 나온다. 실패한 poststart 훅은 경고일 뿐이다. 나머지 훅이 실행되고 `start`는 성공한다. runtime-spec 1.0.2가 그렇게 정한다(runc 1.1은 이 훅을 `runc create`가 반환하기 전에 실행하고 하나라도 실패하면 컨테이너를 멈춘다. 현재 runtime-spec은 실패하면 컨테이너를 반드시(MUST) 멈추라고 한다).
oci-save-state = { $who }{ JOSA($who, "이/가") } 컨테이너의 pid, 번들, cgroup을 { $file }에 기록한다. `state`, `list`, `start`가 나중에 이것을 읽는다.
oci-fifo-wait-runc = runc init이 exec.fifo를 쓰기용으로 연다. 누군가 읽기용으로 열 때까지 이 호출은 멈춰 있다. 이제 컨테이너는 `created` 상태이고 `runc create`가 반환한다.
oci-fifo-wait-crun = 컨테이너 프로세스가 exec.fifo를 읽으며 기다린다. 이제 컨테이너는 `created` 상태이고 `crun create`가 반환한다.
oci-load-state = { $who }{ JOSA($who, "이/가") } { $path }에서 컨테이너의 상태를 읽는다.
oci-fifo-open-runc = runc start가 exec.fifo를 읽기용으로 연다. 반대편에서 기다리던 runc init의 open이 반환한다.
oci-fifo-open-crun = crun start가 exec.fifo를 쓰기용으로 연다.
oci-fifo-write-runc = runc init이 exec.fifo에 1바이트 "0"을 쓴다.
oci-fifo-write-crun = crun start가 exec.fifo에 1바이트를 쓰고, 이것이 컨테이너 프로세스를 깨운다.
oci-fifo-read = runc start가 그 바이트를 읽는다. 컨테이너가 실행된다.
oci-fifo-unlink = { $who }{ JOSA($who, "이/가") } exec.fifo를 지운다. 이 파일이 없으면 `state`는 컨테이너를 created가 아닌 running으로 보고한다.
oci-execve = { $who }{ JOSA($who, "이/가") } 자신을 { $program }{ JOSA($program, "으로/로") } 바꾼다. 같은 프로세스, 즉 컨테이너의 PID 1이 이제 컨테이너의 프로그램을 실행한다.
oci-kill-all = 컨테이너에 자기만의 PID 네임스페이스가 없으므로 init만 죽여서는 부족하다. { $who }{ JOSA($who, "이/가") } cgroup 안의 모든 프로세스를 죽인다.
oci-kill-init = init 프로세스가 아직 있으므로 { $who }{ JOSA($who, "이/가") } 먼저 그것을 죽인다.
oci-state-remove = { $who }{ JOSA($who, "이/가") } 상태 디렉터리 { $path }{ JOSA($path, "을/를") } 지운다. 이제 컨테이너는 존재하지 않는다.

## 컨테이너의 cgroup

oci-cgroup-create = { $who }{ JOSA($who, "이/가") } 컨테이너의 cgroup { $cgroup }{ JOSA($cgroup, "을/를") } 만든다.
oci-cgroup-join-runc = runc가 `runc init`(pid { $pid })이 fork하기 전에 cgroup에 넣는다. 그래서 컨테이너의 모든 프로세스가 그 안에서 시작한다. cgroup v1에서는 호스트가 마운트한 모든 계층이며, 컨트롤러가 없는 name=systemd 계층도 포함된다.
oci-cgroup-join-crun = crun이 컨테이너 프로세스(pid { $pid })를 그 cgroup으로 옮긴다.
oci-cgroup-memory-max = { $runtime }{ JOSA($runtime, "이/가") } 컨테이너의 메모리를 { $value }바이트로 제한한다. 이를 넘으면 커널이 메모리를 회수하거나 컨테이너의 프로세스 하나를 OOM으로 죽인다.
oci-cgroup-swap-max = { $runtime }{ JOSA($runtime, "이/가") } 컨테이너의 스왑을 { $value }{ JOSA($value, "으로/로") } 제한한다.
oci-cgroup-memory-low = { $runtime }{ JOSA($runtime, "이/가") } 컨테이너를 위해 메모리 { $value }바이트를 확보해 둔다.
oci-cgroup-pids-max = { $runtime }{ JOSA($runtime, "이/가") } 컨테이너의 프로세스와 스레드를 { $value }개로 제한한다(포크 폭탄도 여기서 멈춘다).
oci-cgroup-cpu-weight = { $runtime }{ JOSA($runtime, "이/가") } 컨테이너의 CPU 가중치를 { $value }{ JOSA($value, "으로/로") } 설정한다(cgroup v2에서 cpu shares에 해당한다). CPU를 두고 경쟁할 때만 의미가 있다.
oci-cgroup-cpu-shares = { $runtime }{ JOSA($runtime, "이/가") } 컨테이너의 CPU shares를 { $value }{ JOSA($value, "으로/로") } 설정한다. CPU를 두고 경쟁할 때만 의미가 있다.
oci-cgroup-cpu-max = { $runtime }{ JOSA($runtime, "이/가") } 컨테이너의 CPU 시간을 제한한다. "{ $value }"{ JOSA($value, "은/는") } 할당량과 주기를 마이크로초로 나타낸다.
oci-cgroup-cfs = { $runtime }{ JOSA($runtime, "이/가") } CFS 대역폭 제한 { $file } = { $value }{ JOSA($value, "을/를") } 쓴다.
oci-cgroup-write = { $runtime }{ JOSA($runtime, "이/가") } cgroup 파일 { $file }에 { $value }{ JOSA($value, "을/를") } 쓴다.
oci-device-filter-v2 = cgroup v2에는 devices.allow 파일이 없다. { $runtime }{ JOSA($runtime, "은/는") } 장치 규칙(스펙의 규칙 { $rules }개와 /dev/null, /dev/zero, /dev/tty 등에 대한 기본 규칙)을 eBPF 프로그램으로 컴파일해 cgroup에 붙인다.
oci-device-filter-v1 = { $runtime }{ JOSA($runtime, "이/가") } 모든 장치를 거부한 다음, 허용할 장치마다 devices.allow를 쓴다(스펙의 규칙 { $rules }개와 기본 규칙).
oci-cgroup-remove = { $who }{ JOSA($who, "이/가") } 컨테이너의 cgroup을 지운다.

## 리눅스 네임스페이스: nsexec의 스테이지, clone, setns, unshare, ID 매핑

# 런타임 스펙이 부르는 리눅스 네임스페이스 종류.
oci-ns = { $ns ->
        [mount] 마운트
        [network] 네트워크
        [user] 사용자
        [pid] PID
        [uts] UTS
        [ipc] IPC
        [time] 시간
       *[other] { $ns }
    }
oci-ns-none = 없음
oci-ns-and = { $first }, { $last }
oci-ns-comma = { $first }, { $rest }
oci-nsexec-parent = Go가 시작되기도 전에 C 생성자 nsexec가 `runc init` 안에서 실행된다. 스테이지 0은 runc가 init 파이프로 보낸 리눅스 네임스페이스 플래그와 경로를 읽는다.
oci-nsexec-child = 스테이지 1이 리눅스 네임스페이스를 설정한다. 경로로 주어진 것에 먼저 들어간 다음, 새 것을 만든다.
oci-nsexec-init = 스테이지 2가 컨테이너가 될 프로세스이다. runc가 그 pid를 알게 되면 스테이지 0과 1은 종료한다.
oci-clone-stage1 = 스테이지 0이 CLONE_PARENT로 스테이지 1을 fork한다. 그래서 스테이지 0이 아니라 runc가 그 부모가 된다.
oci-clone-stage2 = 스테이지 1이 스테이지 2를 fork한다. 프로세스는 자신을 새 PID 네임스페이스로 옮길 수 없고 자식만 그 안에서 시작하므로, 스테이지 2가 컨테이너의 PID 1이다.
oci-clone-crun-fork = 컨테이너 프로세스가 한 번 더 fork한다. 새 PID 네임스페이스에는 자식만 PID 1로 들어간다.
oci-clone-crun-pid = crun이 컨테이너 프로세스를 새 { $namespaces } 리눅스 네임스페이스로 곧바로 clone한다. 다시 exec하지 않으며, 자식은 자기 PID 네임스페이스의 PID 1이다.
oci-clone-crun = crun이 컨테이너 프로세스를 새 { $namespaces } 리눅스 네임스페이스로 곧바로 clone한다.
oci-setns = { $who }{ JOSA($who, "이/가") } 새로 만드는 대신 기존 { $namespace } 네임스페이스 { $path }에 들어간다.
oci-unshare-user = { $who }{ JOSA($who, "이/가") } 사용자 네임스페이스를 먼저 따로 만든다. 그래야 다음에 만드는 리눅스 네임스페이스가 그것에 속한다.
oci-unshare-cgroup = 이제 cgroup 안에 들어왔으므로 { $who }{ JOSA($who, "이/가") } cgroup 네임스페이스를 만든다. 컨테이너는 자신의 cgroup을 루트로 본다.
oci-unshare = { $who }{ JOSA($who, "이/가") } 새 { $namespaces } 리눅스 네임스페이스를 만든다.
oci-idmap-runc = 아직 새 사용자 네임스페이스 밖에 있는 스테이지 0이 { $map ->
        [uid] 사용자
       *[gid] 그룹
    } ID 매핑을 쓴다. 안의 ID { $inside }{ JOSA($inside, "은/는") } 호스트의 { $host }이다.
oci-idmap-crun = 새 사용자 네임스페이스 밖의 crun이 { $map ->
        [uid] 사용자
       *[gid] 그룹
    } ID 매핑을 쓴다. 안의 ID { $inside }{ JOSA($inside, "은/는") } 호스트의 { $host }이다.
oci-idmap = 새 사용자 네임스페이스의 { $map ->
        [uid] 사용자
       *[gid] 그룹
    } ID 매핑을 쓴다.
oci-setsid = { $who }{ JOSA($who, "이/가") } 호출한 쪽의 터미널에서 떨어진 새 세션을 시작한다.
oci-go-init = nsexec가 반환하고 `runc init`의 Go 런타임이 컨테이너의 리눅스 네임스페이스 안에서 시작한다. 구성은 init 파이프에서 읽는다.
oci-session-keyring = runc init이 새 세션 키링에 들어간다. 그래서 컨테이너는 호스트의 키를 볼 수 없다.
oci-loopback-up = 새 네트워크 네임스페이스에는 루프백 인터페이스 하나만 있고 그마저 내려가 있다. 이것을 올린다(실제 인터페이스는 런타임이 아니라 CNI나 도커가 추가한다).

## 컨테이너의 파일시스템: 마운트, 장치 노드, pivot_root, 콘솔

oci-mknod = { $who }{ JOSA($who, "이/가") } 컨테이너의 /dev에 장치 노드 { $path }({ $device }){ JOSA($device, "을/를") } 만든다.
oci-ptmx-symlink = { $who }{ JOSA($who, "이/가") } /dev/ptmx가 컨테이너 자신의 devpts 인스턴스를 가리키게 한다. 그래서 안에서 연 pty는 안에 머문다.
oci-dev-symlinks = { $who }{ JOSA($who, "이/가") } 흔히 쓰는 /dev/fd, /dev/stdin, /dev/stdout, /dev/stderr 심볼릭 링크를 추가한다.
oci-pivot-root = { $who }{ JOSA($who, "이/가") } pivot_root(".", ".")로 rootfs를 새 /로 만든다. 이전 루트는 그 위에 겹쳐 남아 있다가 떼어진다.
oci-unmount-old-root = { $who }{ JOSA($who, "이/가") } 이전 루트를 떼어 낸다. 이제 컨테이너에서 호스트의 파일시스템에 닿을 수 없다.
oci-chroot = { $who }{ JOSA($who, "이/가") } chroot로 루트를 rootfs로 바꾼다(pivot_root보다 약하다. 이전 루트가 아직 마운트되어 있다).
oci-console-open = process.terminal이 true이다. { $who }{ JOSA($who, "이/가") } 컨테이너의 devpts에서 새 의사 터미널을 연다.
oci-console-send = { $who }{ JOSA($who, "이/가") } 터미널의 마스터 쪽을 호출한 쪽에 보낸다. 호출한 쪽이 키 입력을 전달한다.
oci-setctty = { $who }{ JOSA($who, "이/가") } 그 터미널을 자신의 제어 터미널로 만든다.
# 마운트가 가는 곳: 경로, 또는 컨테이너의 루트 파일시스템.
oci-mount-target = { $path }
oci-mount-target-rootfs = rootfs
oci-mount-root-propagation = { $who }{ JOSA($who, "이/가") } 새 마운트 네임스페이스의 모든 마운트를 { $propagation ->
        [private] private
        [shared] shared
       *[slave] slave
    }({ $flags })로 만든다. 그래서 다음에 마운트하는 것이 호스트로 새어 나가지 않는다.
oci-mount-rootfs-parent-private = { $runtime ->
        [crun] { $who }{ JOSA($who, "이/가") } rootfs를 담은 마운트를 원래 무엇이었든 private(MS_PRIVATE)으로 만든다. rootfs 자신의 경로부터 시작해 마운트 지점인 디렉터리가 나올 때까지 상위 디렉터리를 차례로 시도한다
       *[runc] { $who }{ JOSA($who, "이/가") } rootfs를 담은 마운트를 (/proc/self/mountinfo에서) 찾아 그것이 shared이면 private(MS_PRIVATE)으로 만든다
    }. 새 루트의 부모 마운트가 shared이면 pivot_root가 거부하는데, rootfsPropagation이 shared나 rshared이거나 호스트가 마운트를 공유하면 그렇게 된다.
oci-mount-rootfs-bind = { $who }{ JOSA($who, "이/가") } rootfs를 자기 자신에 바인드 마운트한다. 그래야 { $runtime }{ JOSA($runtime, "이/가") } pivot할 수 있는 마운트 지점이 된다.
oci-mount-spec-bind = { $who }{ JOSA($who, "이/가") } 호스트의 { $source }{ JOSA($source, "을/를") } { $target }에 바인드 마운트한다.
oci-mount-spec = { $who }{ JOSA($who, "이/가") } { $target }에 { $fstype } 파일시스템을 마운트한다.
oci-mount-propagation = { $who }{ JOSA($who, "이/가") } { $target }의 전파 방식을 { $flags }{ JOSA($flags, "으로/로") } 바꾼다.
oci-mount-bind-remount = 바인드 마운트는 다른 플래그를 무시하므로 { $who }{ JOSA($who, "이/가") } { $target }{ JOSA($target, "을/를") } 다시 마운트해 { $flags }{ JOSA($flags, "을/를") } 적용한다.
oci-mount-cgroup-v1-tmpfs = cgroup v1에서는 { $who }{ JOSA($who, "이/가") } 먼저 { $target }에 tmpfs를 마운트하고…
oci-mount-cgroup-v1-binds = …그다음 cgroup v1 계층마다 컨테이너 자신의 디렉터리를 { $target } 아래에 바인드한다. name=systemd 계층도 포함된다({ $target }/systemd).
oci-mount-cgroup-v1-remount = { $who }{ JOSA($who, "이/가") } { $target }{ JOSA($target, "을/를") } 읽기 전용으로 다시 마운트한다.
oci-mount-device-bind = 사용자 네임스페이스에서는 mknod를 할 수 없으므로 { $who }{ JOSA($who, "이/가") } 호스트의 { $target }{ JOSA($target, "을/를") } 바인드 마운트한다.
oci-mount-console = { $who }{ JOSA($who, "이/가") } 터미널을 /dev/console 위에 바인드 마운트한다.
oci-mount-old-root-slave = { $who }{ JOSA($who, "이/가") } 이전 루트를 slave로 만든다. 그래서 그것을 떼어 내도 호스트로 전파되지 않는다.
oci-mount-move-root = --no-pivot: { $who }{ JOSA($who, "이/가") } MS_MOVE로 rootfs를 / 위로 옮긴다.
oci-mount-finalize-readonly = { $who }{ JOSA($who, "이/가") } { $target }에 쓰기를 마쳤으므로 이제 읽기 전용으로 다시 마운트한다.
oci-mount-readonly-root = root.readonly가 true이다. { $who }{ JOSA($who, "이/가") } /를 읽기 전용으로 다시 마운트한다.
oci-mount-readonly-path-bind = { $target }{ JOSA($target, "이/가") } readonlyPaths에 있다. { $who }{ JOSA($who, "이/가") } 그것을 자기 자신에 바인드 마운트하고…
oci-mount-readonly-path-remount = …그 바인드를 읽기 전용으로 다시 마운트한다. 그래서 컨테이너는 { $target }{ JOSA($target, "을/를") } 읽을 수는 있어도 그것을 통해 호스트를 바꿀 수는 없다.
oci-mount-mask-file = { $target }{ JOSA($target, "이/가") } maskedPaths에 있다. { $who }{ JOSA($who, "이/가") } 그 위에 /dev/null을 바인드 마운트하므로 빈 파일로 읽힌다. 그것이 디렉터리로 밝혀지면(커널이 ENOTDIR로 답하면) 대신 비어 있는 읽기 전용 tmpfs로 덮는다(runc의 maskPath).
oci-mount-mask-dir = { $target }{ JOSA($target, "은/는") } 가려진 디렉터리이다. { $who }{ JOSA($who, "이/가") } 그 위에 비어 있는 읽기 전용 tmpfs를 마운트한다.

## 프로세스 자신의 설정: OOM 점수, 이름, sysctl, rlimit, seccomp, 사용자, 케이퍼빌리티

oci-oom-score-adj = { $who }{ JOSA($who, "이/가") } 자신의 OOM 점수 조정값을 { $adj }{ JOSA($adj, "으로/로") } 설정한다. 컨테이너가 이 값을 물려받는다.
oci-sethostname = { $who }{ JOSA($who, "이/가") } 컨테이너의 UTS 네임스페이스에서 호스트 이름을 { $name }{ JOSA($name, "으로/로") } 설정한다.
oci-setdomainname = { $who }{ JOSA($who, "이/가") } NIS 도메인 이름을 { $name }{ JOSA($name, "으로/로") } 설정한다.
oci-apparmor = { $who }{ JOSA($who, "이/가") } 다음 execve부터 프로파일 { $profile }{ JOSA($profile, "으로/로") } 프로그램을 가두도록 AppArmor에 요청한다.
oci-sysctl = { $who }{ JOSA($who, "이/가") } 컨테이너의 리눅스 네임스페이스에서 sysctl { $key } = { $value }{ JOSA($value, "을/를") } 설정한다.
oci-no-new-privs = { $who }{ JOSA($who, "이/가") } no_new_privs를 설정한다. 이제 어떤 setuid 바이너리나 파일 케이퍼빌리티도 컨테이너의 권한을 올릴 수 없다.
oci-rlimit-runc = runc가 컨테이너 init의 { $resource }{ JOSA($resource, "을/를") } 밖에서 prlimit으로 설정한다.
oci-rlimit-crun = crun이 clone하기 전에 자신에게 { $resource }{ JOSA($resource, "을/를") } 설정한다. 컨테이너가 이것을 물려받는다.
oci-seccomp-late = { $who }{ JOSA($who, "이/가") } seccomp 필터를 되도록 늦게 적재한다. 그래야 설정 과정의 시스템 콜을 허용하지 않아도 된다.
oci-seccomp-early = no_new_privs 없이 seccomp 필터를 적재하려면 권한이 필요하므로 { $who }{ JOSA($who, "은/는") } 케이퍼빌리티를 버리기 전에 적재한다.
oci-chdir = { $who }{ JOSA($who, "이/가") } 작업 디렉터리 { $path }{ JOSA($path, "으로/로") } 이동한다.
oci-cap-bounding = { $who }{ JOSA($who, "이/가") } 목록에 없는 모든 케이퍼빌리티를 바운딩 집합에서 버린다. 컨테이너는 그것을 다시 얻을 수 없다.
oci-keep-caps-on = { $who }{ JOSA($who, "이/가") } 곧 있을 uid 변경 뒤에도 케이퍼빌리티를 유지한다.
oci-keep-caps-off = { $who }{ JOSA($who, "이/가") } uid가 바뀔 때 케이퍼빌리티를 더는 유지하지 않는다.
oci-setgroups = { $who }{ JOSA($who, "이/가") } 보조 그룹을 설정한다(호스트의 그룹은 버린다).
oci-setgid = { $who }{ JOSA($who, "이/가") } 그룹 { $gid }{ JOSA($gid, "으로/로") } 바꾼다.
oci-setuid = { $who }{ JOSA($who, "이/가") } 사용자 { $uid }{ JOSA($uid, "으로/로") } 바꾼다.
oci-capset = { $who }{ JOSA($who, "이/가") } 프로그램이 가질 effective, permitted, inheritable 케이퍼빌리티를 설정한다.
oci-ambient-caps = { $who }{ JOSA($who, "이/가") } ambient 케이퍼빌리티를 올린다. 이것은 root가 아닌 프로그램에서도 execve 뒤에 남는다.

## 네이티브 런타임(atlas-runtime): 트레이스에 덧붙이는 말

oci-native-verb = atlas-runtime { $verb }: 계획의 { $verb } 단계를 실제로 실행한 것
# 단계의 노트, 그리고 atlas-runtime이 runc와 다르게 한 일.
oci-native-step = { $note } { $what }
oci-native-cgroup-v1-join = atlas-runtime: init 프로세스(pid { $pid })가 스스로 옮겨 갔다. runc처럼 런타임이 `cgroup.procs`에 그 pid를 쓰는 대신, init이 v1 계층({ $hierarchies })마다 `tasks`에 0을 썼다. 결과는 같다(스레드가 하나뿐이고 스테이지 1과 2는 그 뒤에 clone된다). 다만 쓰기 잠금이 RCU 유예 기간을 기다리는 커널 전역 cgroup_threadgroup_rwsem을 거치지 않는다.

## 검사기 모듈의 응답

oci-wire-error = 검사기의 응답이 검사 결과가 아니다: { $reason }
