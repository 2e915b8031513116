# 시뮬레이터가 명령의 출력에 덧붙이는 말(said-…): 터미널이 도구의 stderr 뒤에
# 보여 주는 `atlas:` 줄(crate::remark). 실제 도구의 말은 코드에 도구가 찍는
# 그대로 남는다.

## 시뮬레이터가 실행하지 않는 실제 명령(command/…/parse)

said-real-command = atlas: `{ $command }`{ JOSA($command, "은/는") } 실제 { $tool } 명령이지만 시뮬레이터는 실행하지 않는다
said-podman-pod-other = atlas: `{ $command }`{ JOSA($command, "은/는") } 실제 podman 명령이지만 시뮬레이터는 `podman pod create`와 `podman pod ps`만 모델링한다
said-kubectl-mixed-types = atlas: 한 명령에 여러 리소스 타입을 섞는 것은 시뮬레이션하지 않는다
said-kubectl-create-file = atlas: `kubectl create -f`는 시뮬레이션하지 않는다(이 노드에는 매니페스트가 없다)
said-shell-unsupported = atlas: { $column }번째 열에 있는 `{ $token }` 같은 파이프, 리디렉션, 명령 목록, 명령 치환은 시뮬레이션하지 않는다
said-sleep-flag = atlas: `sleep { $flag }`{ JOSA($flag, "은/는") } 시뮬레이션하지 않는다
said-sleep-forever = atlas: 그 sleep은 끝나지 않는다. 시뮬레이터에는 끝이 있는 시간이 필요하다
said-systemctl-no-verb = atlas: 동사 없는 `systemctl`(list-units)은 시뮬레이션하지 않는다
said-systemctl-verb = atlas: `systemctl { $verb }`{ JOSA($verb, "은/는") } 시뮬레이션하지 않는다
said-systemctl-one-unit = atlas: systemctl 명령 하나에는 유닛을 하나만 지정하자

## 엔진이 모델링하지 않는 명령(engine/apply)

said-not-modelled =
    atlas: `{ $command }`{ JOSA($command, "은/는") } 실제 명령이지만 이 시뮬레이터는 아직 모델링하지 않는다.
    atlas: 여기서 모델링하는 것: { $modelled }
said-modelled-kubectl-run-detached = 분리된 `kubectl run`(-i/-t 없이). attach는 시뮬레이션하지 않으니 파드가 실행되면 `kubectl exec`를 쓰자
said-modelled-kubectl-get = kubectl get pods|nodes|namespaces(컨트롤러와 서비스는 시뮬레이션하지 않는다)
said-modelled-bare-pods = 단독 파드(kubectl run). 디플로이먼트(Deployment)와 레플리카셋(ReplicaSet) 컨트롤러는 시뮬레이션하지 않는다
said-modelled-without = { $flag } 없는 { $command }
said-modelled-foreground-run = { $tool } run -d, 또는 { $flag } 없이 포그라운드에서 실행하는 { $tool } run
said-modelled-docker-runtime = --runtime runc 또는 runsc를 쓰는 docker run(dockerd는 io.containerd.runsc.v1 같은 다른 containerd 런타임 이름을 그대로 containerd에 넘긴다)
said-modelled-docker-exec = -it 없는 docker exec(대화형 세션은 시뮬레이션하지 않는다)
said-modelled-ctr-pull = ctr images pull REF(플랫폼 하나: linux/amd64)
said-modelled-ctr-runtime = 기본 런타임 io.containerd.runc.v2를 쓰는 ctr run
said-modelled-nerdctl-run = nerdctl run -d(attach한 세션은 시뮬레이션하지 않는다)
said-modelled-podman-run = 오래 실행되는 컨테이너에는 podman run -d(attach하면 끝나지 않는다)

## 이 노드에 없는 도구(bash의 `command not found` 뒤)

said-no-docker = (atlas: 이 노드는 { $runtime }{ JOSA($runtime, "을/를") } 실행한다. 도커 엔진을 쓰려면 --runtime cri-dockerd를, 쿠버네티스 1.23 이하라면 dockershim을 선택한다)
said-no-podman = (atlas: 이 노드는 { $runtime }{ JOSA($runtime, "을/를") } 실행한다. --runtime podman을 선택하거나, 노드가 Podman과 containers/storage를 공유하는 cri-o를 선택한다)
said-no-containerd = (atlas: 이 노드는 containerd가 없는 { $runtime }{ JOSA($runtime, "을/를") } 실행한다. --runtime containerd를 선택한다)

## 도구의 오류 곁에서

said-kubectl-limits-removed = (atlas: kubectl 1.24에서 `kubectl run --limits`가 제거되었다. 리소스는 매니페스트에서 정하거나 --k8s 1.23을 선택한다)
said-kubectl-error = error: { $said }

# 도구의 도움말: 시뮬레이터가 실행하는 명령.
said-simulated = atlas: 여기서 시뮬레이션하는 명령: { $list }
