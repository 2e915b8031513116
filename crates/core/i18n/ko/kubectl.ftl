# kubectl의 워크로드 명령과 kube-controller-manager의 디플로이먼트·레플리카셋
# 컨트롤러 (engine/kube/{controllers,workloads,manifest}.rs,
# engine/output/kubectl_*.rs). kubectl이 직접 출력하는 문구는 여기 없다.

## 컨트롤러 (kube-controller-manager, 구성 요소로 그리지 않음)

kubectl-ctrl-rs-create = kube-controller-manager의 디플로이먼트 컨트롤러가 디플로이먼트 { $deployment }의 레플리카셋 { $replicaset }{ JOSA($replicaset, "을/를") } 만든다. 이름 끝은 파드 템플릿의 pod-template-hash { $hash }이다
kubectl-ctrl-rs-scale = 디플로이먼트 컨트롤러가 레플리카셋 { $replicaset }의 레플리카 수를 { $from }에서 { $to }{ JOSA($to, "으로/로") } 바꾼다(RollingUpdate: maxSurge 25%, maxUnavailable 25%)
kubectl-ctrl-pod-create = 레플리카셋 컨트롤러가 { $replicaset }의 템플릿으로 파드 { $pod }{ JOSA($pod, "을/를") } 만든다. 이후는 여느 파드처럼 스케줄러와 kubelet이 맡는다
kubectl-ctrl-pod-delete = 레플리카셋 컨트롤러가 파드 { $pod }{ JOSA($pod, "을/를") } 삭제한다. { $replicaset }에 원하는 수보다 파드가 많다
kubectl-deployment-persist = API 서버가 디플로이먼트 { $deployment }{ JOSA($deployment, "을/를") } etcd에 저장한다. 디플로이먼트 컨트롤러의 watch가 이를 본다

## kubectl의 요청

kubectl-create-deployment = kubectl create deployment가 디플로이먼트 { $deployment }{ JOSA($deployment, "을/를") } POST한다(레이블 app={ $deployment }). 레플리카셋과 파드는 컨트롤러가 만든다
kubectl-scale = kubectl scale이 scale 하위 리소스를 쓴다. 디플로이먼트 { $deployment }의 레플리카 수는 { $replicas }이다
kubectl-set-resources-get = kubectl set resources가 파드 템플릿을 패치하려고 디플로이먼트를 읽는다
kubectl-set-resources-patch = 디플로이먼트 { $deployment }의 파드 템플릿이 바뀐다. 새 레플리카셋이 롤아웃된다
kubectl-rollout-get = kubectl rollout status가 디플로이먼트를 읽고 status를 spec과 비교한다
kubectl-rollout-watch = kubectl rollout status가 디플로이먼트를 watch하며 롤아웃이 끝날 때까지 바뀐 상태를 출력한다
kubectl-apply-get = kubectl apply가 { $object }{ JOSA($object, "을/를") } 읽어 생성할지 패치할지 정한다
kubectl-apply-write = kubectl apply가 last-applied-configuration 어노테이션과 함께 { $object }{ JOSA($object, "을/를") } 쓴다
kubectl-apply-url = kubectl apply -f { $url } (atlas: 시뮬레이션 노드에는 네트워크가 없다. 노드의 파일이나 표준 입력을 apply한다)
kubectl-apply-pod-update = 바뀐 파드 { $pod } (atlas: apply로 파드 spec을 갱신하는 것은 모델링하지 않는다. 파드를 삭제하고 다시 apply한다)
kubectl-get-objects = kubectl이 API 서버에서 { $resource } 목록을 가져온다
kubectl-describe-node = kubectl describe node가 노드(kubelet이 보고한 상태: 컨디션, 용량, 노드 정보)와 노드에 바인딩된 파드를 읽는다
kubectl-one-container = --image 하나로 kubectl create deployment
kubectl-delete-deployment = kubectl이 백그라운드 전파로 디플로이먼트 { $deployment }{ JOSA($deployment, "을/를") } 삭제한다. API 서버가 즉시 지우고, 소유했던 오브젝트는 가비지 수집기가 삭제한다
kubectl-gc-delete = kube-controller-manager의 가비지 수집기가 { $object }{ JOSA($object, "을/를") } 삭제한다. 소유자 { $owner }{ JOSA($owner, "이/가") } 없다
