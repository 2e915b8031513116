# The node's files, file commands, kernel parameters, modules and packages
# (crate::node::{files, fs_cmd, kernel, sysctl, modules, packages}): the
# simulator's own words where a real tool would do more than the model.

# $flag: an option as typed.
files-modprobe-flag = atlas: `modprobe { $flag }` is not simulated (modelled: modprobe [-r] [-a] [-v] NAME)
files-hostname-flags = atlas: `hostname` with options is not simulated (modelled: hostname, hostname NAME)
# $action: the dpkg action as typed.
files-dpkg-action = atlas: `dpkg { $action }` is not simulated (modelled: dpkg -i FILE.deb, dpkg -s NAME, dpkg -l [NAME])
# $command: the command line.
files-apt-no-network = atlas: `{ $command }` would download from the network, which this node does not have; only local packages install here (apt install ./FILE.deb)
files-apt-not-modelled = atlas: `{ $command }` is not simulated (modelled: apt install ./FILE.deb)

# $editor: vi, vim or nano.
files-editor-needs-file = atlas: `{ $editor }` without a file is not simulated; name the file to edit ({ $editor } FILE)
files-ln-hard = atlas: hard links are not simulated; `ln -s TARGET LINK` makes a symbolic link
files-ln-many = atlas: `ln -s` with more than one target is not simulated (modelled: ln -s TARGET [LINK])
