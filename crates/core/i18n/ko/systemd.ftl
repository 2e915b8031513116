# systemd, 저널, 서비스로서의 kubelet(node::systemd, node::journal,
# node::systemctl): 시뮬레이터가 덧붙이는 말과 kubelet 서비스가 만드는 홉의 설명.
# systemd와 데몬이 찍는 말은 코드에 그대로 남는다.

## 덧붙이는 말(atlas: …)

systemd-journal-follow = atlas: journalctl -f는 저널에 있는 줄을 찍고 Ctrl-C를 누를 때까지 새 줄을 계속 찍는다. 스크립트 실행은 여기서 멈춘다(브라우저 터미널은 계속 따라간다)
systemd-rebooted = atlas: 노드가 재부팅되었다. 다시 로그인한 상태다
systemd-not-modelled = atlas: `{ $verb }`{ JOSA($verb, "은/는") } 실제 명령이지만 시뮬레이터는 이 노드에서 모델링하지 않는다
systemd-status-overview = atlas: 유닛 없는 `systemctl status`(시스템 개요)는 모델링하지 않는다. 유닛을 지정하자: `systemctl status kubelet`
systemd-only-modelled-units = atlas: 모델이 실행하는 유닛만 나열한다(실제 노드는 훨씬 많이 나열한다)

## 홉 설명

systemd-sandbox-cgroup = kubelet(cgroupDriver: cgroupfs)이 cgroupfs 경로 아래에 샌드박스를 요청하지만 containerd는 runc를 systemd cgroup 드라이버(SystemdCgroup = true)로 실행한다. runc가 그 경로를 거부한다
