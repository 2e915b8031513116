# 구성(cfg-…)과 실행(sim-…)에 관한 시뮬레이터 자신의 말.

# Runtime::label_msg, Config::label_msg.
cfg-runtime-containerd17 = containerd 1.7
cfg-runtime-containerd2 = containerd 2.1
cfg-runtime-crio = CRI-O
cfg-runtime-dockershim = dockershim을 거치는 도커 엔진
cfg-runtime-cri-dockerd = cri-dockerd를 거치는 도커 엔진
cfg-runtime-podman = Podman 5.8(쿠버네티스 없음)
cfg-label = 쿠버네티스 { $k8s } · { $runtime } · { $oci }
cfg-label-host = { $runtime } · { $oci }

# ConfigError::message.
cfg-bad-k8s-version = { $version }{ JOSA($version, "은/는") } 쿠버네티스 버전이 아니다(예: 1.28)
cfg-k8s-out-of-range = 쿠버네티스 1.{ $minor }{ JOSA($minor, "은/는") } 이 시뮬레이터가 모델링한 범위(1.{ $min }~1.{ $max }) 밖이다
cfg-unknown-runtime = 알 수 없는 런타임 { $name }. 지원하는 런타임: containerd (1.7), containerd-2, cri-o, docker, dockershim, cri-dockerd, podman
cfg-unknown-oci = 알 수 없는 OCI 런타임 { $name }. 지원하는 OCI 런타임: runc, crun, kata, gvisor
cfg-impossible = 불가능한 구성: { $reason }
cfg-dockershim-removed = 도커심(Dockershim)은 쿠버네티스 1.24(2022-05-03)에서 kubelet으로부터 제거되었으므로 쿠버네티스 1.{ $minor }에서는 쓸 수 없다. 도커 엔진을 계속 쓰려면 cri-dockerd(--runtime cri-dockerd)를, 그렇지 않으면 CRI 런타임(containerd, cri-o)을 사용한다
cfg-containerd2-needs-cri-v1 = 쿠버네티스 1.{ $minor }의 kubelet은 CRI runtime.v1alpha2만 사용하는데(v1은 1.23부터 우선 사용한다), containerd 2.0(2024-11-05)은 v1alpha2를 더 이상 제공하지 않는다. containerd 1.7이나 쿠버네티스 1.23 이상을 사용한다
cfg-podman-kata = Podman은 conmon의 커맨드라인(create, start, kill, delete)으로 OCI 런타임을 구동하는데, Kata Containers 2.0(2020-10)은 그 커맨드라인(`kata-runtime create`)을 제거했다. Kata 2.x와 3.x는 containerd-shim-kata-v2로만 존재하고, Podman은 이것을 쓸 수 없다. --oci crun 또는 runc를 선택한다
cfg-podman-gvisor = Podman은 conmon을 통해 runsc를 실행할 수 있지만(`podman --runtime runsc`), 이 시뮬레이터는 Podman 아래의 gVisor를 모델링하지 않는다. --oci crun 또는 runc를 선택한다
cfg-docker-refuses-handler = { $runtime }{ JOSA($runtime, "은/는") } 런타임 핸들러를 받지 않는다. RunPodSandbox가 "RuntimeHandler { $handler } not supported" 오류로 실패한다

# SimError::message.
sim-too-long = 스크립트가 { $max }줄을 넘는다
sim-unknown-scenario = 알 수 없는 시나리오 { $name }. 목록은 `atlas sim --list-scenarios`로 본다

# engine/apply의 홉 노트(cmd-…): 도구의 호출 옆에 붙는 시뮬레이터의 말.
cmd-docker-unknown-runtime = 400: dockerd는 런타임 { $runtime }{ JOSA($runtime, "을/를") } 모른다(daemon.json의 "runtimes"에도 없고 기본 runc도 아니다)
cmd-docker-logs-json-file = dockerd가 컨테이너의 stdio FIFO에서 복사해 둔 json-file 로그를 읽는다

# 커맨드라인(atlas sim) 자신의 말.
sim-cli-unknown-scenario = 알 수 없는 시나리오 { $name }. 지원하는 시나리오: { $names }
sim-cli-cannot-read-script = 스크립트 { $path } 파일을 읽을 수 없다
sim-cli-nothing-to-run = 실행할 것이 없다. `-- <커맨드라인>`, --script FILE 또는 --scenario NAME을 지정한다(--list-scenarios 참고)
sim-bad-request = 엔진에 보낸 요청이 잘못되었다: { $why }

## 트레이스 파일 읽기 (trace.rs TraceError)
trace-bad-hop = { $line }번째 줄: { $why }
trace-not-json = { $line }번째 줄 { $column }번째 열: JSON이 아니다: { $why }
trace-gap = { $line }번째 줄: seq가 { $found }{ JOSA($found, "이/가") } 아니라 { $expected }{ JOSA($expected, "이어야/여야") } 한다(빈 번호는 허용되지 않는다)
trace-bad-parent = { $line }번째 줄: parent { $parent }{ JOSA($parent, "은/는") } 앞선 홉이 아니다(이 홉은 seq { $seq })
trace-too-long = 트레이스가 { $max }줄보다 길다. 더 읽지 않는다
