# 노드 준비: 강사가 넣는 장애, CLI의 준비 옵션.
node-fault-no-unit = 이 노드에는 { $unit } 유닛이 없다
node-fault-no-process = 이 노드에는 { $process } 데몬 프로세스가 없다
node-fault-file = { $path }{ JOSA($path, "을/를") } 쓸 수 없다: { $reason }
node-fault-no-kubelet = 이 노드는 kubelet을 실행하지 않는다
node-fault-percent = 디스크가 { $percent }% 찰 수는 없다. 0에서 100 사이로 준다
sim-cli-cannot-read-setup = 준비 스크립트 { $path }{ JOSA($path, "을/를") } 읽을 수 없다
sim-cli-bad-fault = 장애가 아니다: { $fault } (장애는 {"{"}"stop_unit":"containerd"{"}"} 같은 모양이다)
