# 노드의 파일, 파일 명령, 커널 파라미터, 모듈, 패키지
# (crate::node::{files, fs_cmd, kernel, sysctl, modules, packages}): 실제
# 도구가 모델보다 더 많은 일을 하는 곳에서 시뮬레이터가 하는 말.

# $flag: 입력한 옵션.
files-modprobe-flag = atlas: `modprobe { $flag }`는 시뮬레이션하지 않는다 (모델링한 것: modprobe [-r] [-a] [-v] NAME)
files-hostname-flags = atlas: 옵션을 붙인 `hostname`은 시뮬레이션하지 않는다 (모델링한 것: hostname, hostname NAME)
# $action: 입력한 dpkg 동작.
files-dpkg-action = atlas: `dpkg { $action }`는 시뮬레이션하지 않는다 (모델링한 것: dpkg -i FILE.deb, dpkg -s NAME, dpkg -l [NAME])
# $command: 명령줄.
files-apt-no-network = atlas: `{ $command }`는 네트워크에서 내려받아야 하는데 이 노드에는 네트워크가 없다. 여기서는 로컬 패키지만 설치된다 (apt install ./FILE.deb)
files-apt-not-modelled = atlas: `{ $command }`는 시뮬레이션하지 않는다 (모델링한 것: apt install ./FILE.deb)

# $editor: vi, vim, nano 중 하나.
files-editor-needs-file = atlas: 파일 없이 `{ $editor }`를 여는 것은 시뮬레이션하지 않는다. 편집할 파일을 지정한다 ({ $editor } FILE)
files-ln-hard = atlas: 하드 링크는 시뮬레이션하지 않는다. `ln -s TARGET LINK`는 심볼릭 링크를 만든다
files-ln-many = atlas: 대상이 여럿인 `ln -s`는 시뮬레이션하지 않는다 (모델링한 것: ln -s TARGET [LINK])
