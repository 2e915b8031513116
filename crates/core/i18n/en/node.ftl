# The node's set-up: faults a teacher injects, the CLI's set-up options.
node-fault-no-unit = no unit { $unit } on this node
node-fault-no-process = no daemon process { $process } on this node
node-fault-file = cannot write { $path }: { $reason }
node-fault-no-kubelet = this node runs no kubelet
node-fault-percent = a disk cannot be { $percent }% full: give 0 to 100
sim-cli-cannot-read-setup = cannot read the set-up script { $path }
sim-cli-bad-fault = not a fault: { $fault } (faults look like {"{"}"stop_unit":"containerd"{"}"})
