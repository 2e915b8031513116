# 타임라인(crates/core/src/history.rs): 스택에서 무엇이, 언제, 왜 바뀌었는가.

hist-docker-title = 도커(Docker)
hist-docker-body = 도커가 공개된다(2013년 3월). 데몬 하나, 이미지 형식 하나, 커맨드라인 하나로 리눅스의 격리 기능(리눅스 네임스페이스와 cgroup)을 `docker run` 한 번으로 쓸 수 있게 되고, 레지스트리로 공유하는 이미지가 소프트웨어를 배포하는 방식이 된다. 앱은 오늘의 도커 엔진을 보여 준다. dockerd → containerd → containerd-shim-runc-v2 → runc.

hist-kubernetes-title = 쿠버네티스
hist-kubernetes-body = 구글이 쿠버네티스를 발표한다(2014년 6월). 컨트롤 플레인이 파드를 노드에 스케줄하고, 노드의 kubelet이 그 컨테이너를 시작한다. 처음에 kubelet은 도커만을 위해 작성된 코드로 도커를 직접 호출한다. 앱이 다루는 가장 오래된 노드는 쿠버네티스 1.20이며, 그 kubelet은 아직 도커심(Dockershim)을 거쳐 도커에 닿는다.

hist-rkt-title = rkt
hist-rkt-body = CoreOS가 rkt를 만든다(2014년 12월). 중앙 데몬 없이 파드를 중심으로 설계한 컨테이너 런타임이다. 쿠버네티스 1.3에 kubelet 안의 "rktnetes"로 들어왔고, 이후 컨테이너 런타임 인터페이스(CRI) 런타임인 rktlet이 되었다. 앱은 rkt를 다루지 않는다. 오늘날 실행되는 rkt는 없다.

hist-oci-title = 오픈 컨테이너 이니셔티브(OCI)와 runc
hist-oci-body = 2015-06-22 DockerCon에서 도커와 여러 회사가 리눅스 재단 아래 Open Container Project를 발표하고, 그해 여름 이름을 OCI로 바꾼다. 도커는 컨테이너 형식과 runc를 기증한다. runc는 번들(config.json과 루트 파일시스템)을 격리된 프로세스로 실행하는 작은 프로그램이다. 앱의 모든 런타임은 지금도 OCI 런타임(runc, crun, runsc, Kata의 에이전트)에서 끝난다.

hist-cri-title = 쿠버네티스 1.5: 컨테이너 런타임 인터페이스(CRI)
hist-cri-body = 쿠버네티스 1.5(2016-12-13)가 CRI를 알파로 도입한다. kubelet은 런타임마다 따로 작성된 코드 대신, CRI를 제공하는 어떤 런타임과도 gRPC(RunPodSandbox, CreateContainer, StartContainer, …)로 대화한다. 도커 엔진은 CRI를 말하지 않으므로 kubelet은 도커용 어댑터인 도커심을 품는다. 도커심은 kubelet 안에서 dockerd를 호출하는 CRI 서버이다.

hist-containerd-title = containerd가 도커 엔진에서 분리된다
hist-containerd-body = 도커가 containerd를 도커 엔진에서 떼어 내 독립 데몬으로 만든다(2016년 12월). containerd는 이미지, 스냅숏, 컨테이너의 태스크를 관리하고, 컨테이너마다 심(shim)을 두어 데몬이 재시작해도 컨테이너가 살아남게 한다. containerd 1.0은 2017-12-05에 나온다. 이후 dockerd는 컨테이너를 직접 실행하지 않고 containerd 네임스페이스 moby에서 containerd에 요청한다.

hist-cncf-title = containerd와 rkt가 CNCF에 합류한다
hist-cncf-body = 2017-03-29 클라우드 네이티브 컴퓨팅 재단(CNCF)이 containerd와 rkt를 쿠버네티스 곁의 인큐베이팅 프로젝트로 받아들인다. containerd의 디버그 클라이언트인 ctr로 쿠버네티스 없이 containerd만 볼 수 있다.

hist-oci-v1-title = OCI 런타임 사양과 이미지 사양 1.0
hist-oci-v1-body = OCI runtime-spec과 image-spec이 v1.0.0에 이른다(2017년 7월). 번들의 config.json이 무엇을 말하는지, 이미지가 어떻게 인덱스, 매니페스트, 구성, 레이어로 이루어지는지를 정한다. `runc spec`은 지금도 그 config.json을 쓴다.

hist-crio-title = CRI-O 1.0
hist-crio-body = CRI-O 1.0(2017년 10월)은 쿠버네티스의 CRI만을 위해 만든 컨테이너 런타임으로, CRI 밖에 자기 API가 없다. 심 대신 conmon이 각 컨테이너의 표준 입출력과 종료 코드를 지키고, pinns가 파드의 리눅스 네임스페이스를 고정하며, 이미지는 Podman과 같은 라이브러리인 containers/storage에 저장한다.

hist-cri-plugin-title = containerd 1.1: CRI 내장
hist-cri-plugin-body = containerd 1.1(2018-04-23)은 CRI를 containerd 안의 플러그인으로 만들고 기본으로 켠다. 그 전의 containerd 1.0은 kubelet과 containerd 사이에 별도 데몬 cri-containerd가 필요했고, gRPC 홉이 하나 더 있었다. 쿠버네티스 블로그는 2018-05-24에 이 통합의 정식 출시(GA)를 알린다.

hist-graduated-title = containerd 졸업
hist-graduated-body = 2019-02-28 containerd가 CNCF를 졸업한다. 쿠버네티스, 프로메테우스, Envoy, CoreDNS에 이은 다섯 번째 졸업 프로젝트이다.

hist-rkt-archived-title = rkt 보관
hist-rkt-archived-body = CNCF가 2019-08-16 rkt를 보관(archive)하고, 저장소는 2020년 2월에 보관된다. 쿠버네티스에 남은 런타임은 CRI 런타임인 containerd와 CRI-O, 그리고 도커심을 거치는 도커 엔진이다.

hist-deprecated-title = 쿠버네티스 1.20: 도커심 사용 중단(deprecated)
hist-deprecated-body = 쿠버네티스 1.20(2020-12-08)이 도커심을 사용 중단한다. kubelet이 한 런타임만을 위한 어댑터를 더는 품지 않겠다는 뜻이다. 도커로 빌드한 이미지는 OCI 이미지이므로 어디서나 계속 동작한다. 2020-12-04 Mirantis와 도커는 도커심을 쿠버네티스 밖에서 cri-dockerd로 이어 가겠다고 발표한다.

hist-last-dockershim-title = 쿠버네티스 1.22와 1.23: 도커심이 있는 마지막 릴리스
hist-last-dockershim-body = 쿠버네티스 1.22(2021-08-04)와 1.23(2021-12-07)은 사용 중단된 도커심을 아직 포함한다. 1.23부터 kubelet은 CRI v1을 우선 쓰고 v1alpha2로 대체한다. 1.22 노드를 열어 kubelet의 도커심이 dockerd를 움직이는 모습을 보자.

hist-removed-title = 쿠버네티스 1.24: 도커심(Dockershim) 제거
hist-removed-body = 쿠버네티스 1.24(2022-05-03)에서 도커심이 kubelet에서 제거되었다. 도커 엔진을 유지하는 노드는 cri-dockerd를 실행한다. cri-dockerd는 unix:///var/run/cri-dockerd.sock에서 CRI를 제공하고 도커심처럼 dockerd를 호출한다. 대부분의 노드는 containerd나 CRI-O로 옮겨 간다.

hist-cri-v1-title = 쿠버네티스 1.26: CRI v1만 사용
hist-cri-v1-body = 쿠버네티스 1.26(2022년 12월)부터 kubelet은 CRI v1만 말한다. v1alpha2만 제공하는 런타임으로는 파드를 실행할 수 없다. containerd 1.6.15 이후와 containerd 1.7은 둘 다 제공한다.

hist-cgroup-driver-title = 쿠버네티스 1.28: 런타임이 알려 주는 cgroup 드라이버
hist-cgroup-driver-body = 쿠버네티스 1.28(2023-08-15)은 알파 기능 게이트 KubeletCgroupDriverFromCRI 뒤에 RuntimeConfig 호출을 추가한다. kubelet은 cgroup 드라이버(systemd 또는 cgroupfs)를 두 번 구성하는 대신 런타임에 물어볼 수 있다. containerd 1.7(2023-03-10)은 앱의 기준 노드의 런타임이다.

hist-crun-default-title = CRI-O 1.31: 기본 crun
hist-crun-default-body = CRI-O 1.31(2024년 8월)은 runc 대신 C로 작성된 OCI 런타임 crun을 기본으로 쓴다(상태는 /run/crun 아래).

hist-containerd-2-title = containerd 2.0
hist-containerd-2-body = containerd 2.0(2024-11-05)은 CRI v1alpha2와 사용 중단된 다른 API를 없앤다. runc 심은 태스크 API v3를 말한다. 쿠버네티스 1.22 이하의 kubelet은 이를 쓸 수 없다.
