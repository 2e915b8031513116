# 프로세스 영역(node/ps, node/signal, node/pstree): ps, pstree, pgrep,
# pidof, kill, pkill, lsns. 도구 자체의 출력은 원래 말 그대로 둔다.

procs-kill-unmodelled = atlas: { $pid }({ $name })에 보내는 { $signal }은 시뮬레이션하지 않는다. 그 프로세스는 그대로 남는다
procs-kill-hop = kill(2): 셸이 pid { $pid }에 { $signal }을 보내고, 커널이 그 시그널을 컨테이너의 메인 프로세스에 전달한다
procs-lsns-namespace = atlas: `lsns { $ns }`(네임스페이스 하나의 프로세스 목록)는 시뮬레이션하지 않는다. `lsns -t TYPE`이나 `lsns -p PID`를 쓰자
