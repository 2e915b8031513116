# 노드(Node) 오브젝트와 kubeadm (crates/core/src/node/node_object.rs, kubeadm.rs, runtime_switch.rs).
node-object-get = kubectl { $verb }{ JOSA($verb, "은/는") } 먼저 API 서버에서 노드 오브젝트를 읽는다
node-object-patch = kubectl이 노드의 { $what }{ JOSA($what, "을/를") } 패치한다. API 서버는 이를 etcd에 저장한다
