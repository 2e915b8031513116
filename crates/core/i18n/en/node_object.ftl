# The Node object and kubeadm (crates/core/src/node/node_object.rs, kubeadm.rs, runtime_switch.rs).
node-object-get = kubectl { $verb } reads the Node object from the API server first
node-object-patch = kubectl patches the Node's { $what }: the API server stores it in etcd
