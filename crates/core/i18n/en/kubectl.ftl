# kubectl's workload commands and kube-controller-manager's Deployment and
# ReplicaSet controllers (engine/kube/{controllers,workloads,manifest}.rs,
# engine/output/kubectl_*.rs). What kubectl itself prints is not here.

## The controllers (kube-controller-manager, not drawn as a component)

kubectl-ctrl-rs-create = kube-controller-manager's deployment controller creates ReplicaSet { $replicaset } for Deployment { $deployment }: its name ends in the pod-template-hash { $hash } of the Pod template
kubectl-ctrl-rs-scale = the deployment controller sets ReplicaSet { $replicaset } from { $from } to { $to } replicas (RollingUpdate: maxSurge 25%, maxUnavailable 25%)
kubectl-ctrl-pod-create = the ReplicaSet controller creates Pod { $pod } from { $replicaset }'s template; the scheduler and the kubelet take it from here as any Pod
kubectl-ctrl-pod-delete = the ReplicaSet controller deletes Pod { $pod }: { $replicaset } has more Pods than it wants
kubectl-deployment-persist = the API server stores Deployment { $deployment } in etcd; the deployment controller's watch sees it

## kubectl's requests

kubectl-create-deployment = kubectl create deployment POSTs a Deployment { $deployment } (label app={ $deployment }); the controllers make its ReplicaSet and Pods
kubectl-scale = kubectl scale writes the scale subresource: Deployment { $deployment } wants { $replicas } replicas
kubectl-set-resources-get = kubectl set resources reads the Deployment to patch its Pod template
kubectl-set-resources-patch = a new Pod template for Deployment { $deployment }: a new ReplicaSet rolls out
kubectl-rollout-get = kubectl rollout status reads the Deployment and compares its status with its spec
kubectl-rollout-watch = kubectl rollout status watches the Deployment and prints each new status until the rollout completes
kubectl-apply-get = kubectl apply reads { $object } to decide between creating it and patching it
kubectl-apply-write = kubectl apply writes { $object } with its last-applied-configuration annotation
kubectl-apply-url = kubectl apply -f { $url } (atlas: the simulated node has no network; apply a file on the node or standard input)
kubectl-apply-pod-update = a changed Pod { $pod } (atlas: updating a Pod's spec with apply is not modelled; delete the Pod and apply again)
kubectl-get-objects = kubectl lists { $resource } from the API server
kubectl-describe-node = kubectl describe node reads the Node (the kubelet's status: conditions, capacity, node info) and the Pods bound to it
kubectl-one-container = kubectl create deployment with one --image
kubectl-delete-deployment = kubectl deletes Deployment { $deployment } with background propagation: the API server removes it at once and the garbage collector deletes what it owned
kubectl-gc-delete = kube-controller-manager's garbage collector deletes { $object }: its owner { $owner } is gone
