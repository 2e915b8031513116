//! `help` (what the node models, by area) and `explain <command line>`
//! (each word and the part of the system that handles it): the
//! simulator's own words, as remarks in the reader's language.

use super::builtins::program_path;
use crate::message::Msg;
use crate::msg;
use crate::remark::Remark;
use crate::trace::Component;
use std::str::FromStr;

/// The areas `help` lists and their programs.
const AREAS: [(&str, &str); 7] = [
    ("shell", "cd pwd echo printf export unset test [ read alias unalias type which history exit true false help explain"),
    ("filters", "cat grep head tail wc sort uniq cut awk tr sed tee xargs jq"),
    ("files", "ls mkdir rm cp mv touch ln stat find chmod readlink realpath vi nano"),
    ("systemd", "systemctl journalctl service reboot"),
    ("kernel", "sysctl modprobe lsmod uname hostname dpkg apt apt-get"),
    ("processes", "ps pstree pgrep pidof kill pkill lsns /proc"),
    ("containers", "kubectl crictl ctr nerdctl docker podman runc crun sleep"),
];

/// `help [area]`.
pub(crate) fn help(args: &[String]) -> Vec<Remark> {
    let mut v = vec![Remark::line(msg!("shell-help-intro"))];
    for (area, progs) in AREAS {
        if args.is_empty()
            || args
                .iter()
                .any(|a| a == area || progs.split(' ').any(|p| p == a))
        {
            v.push(Remark::line(msg!(
                "shell-help-area",
                area = area_msg(area),
                programs = progs
            )));
        }
    }
    v.push(Remark::line(msg!("shell-help-explain")));
    v
}

fn area_msg(area: &str) -> Msg {
    match area {
        "shell" => msg!("shell-area-shell"),
        "filters" => msg!("shell-area-filters"),
        "files" => msg!("shell-area-files"),
        "systemd" => msg!("shell-area-systemd"),
        "kernel" => msg!("shell-area-kernel"),
        "processes" => msg!("shell-area-processes"),
        _ => msg!("shell-area-containers"),
    }
}

/// The CRI call a crictl verb makes.
fn cri_call(verb: &str) -> Option<&'static str> {
    Some(match verb {
        "ps" => "RuntimeService/ListContainers",
        "pods" => "RuntimeService/ListPodSandbox",
        "inspect" => "RuntimeService/ContainerStatus",
        "inspectp" => "RuntimeService/PodSandboxStatus",
        "runp" => "RuntimeService/RunPodSandbox",
        "create" => "RuntimeService/CreateContainer",
        "start" => "RuntimeService/StartContainer",
        "stop" => "RuntimeService/StopContainer",
        "rm" => "RuntimeService/RemoveContainer",
        "stopp" => "RuntimeService/StopPodSandbox",
        "rmp" => "RuntimeService/RemovePodSandbox",
        "exec" => "RuntimeService/ExecSync",
        "logs" => "RuntimeService/ContainerStatus",
        "info" => "RuntimeService/Status",
        "version" => "RuntimeService/Version",
        "stats" => "RuntimeService/ListContainerStats",
        "statsp" => "RuntimeService/ListPodSandboxStats",
        "pull" => "ImageService/PullImage",
        "images" | "img" => "ImageService/ListImages",
        "inspecti" => "ImageService/ImageStatus",
        "rmi" => "ImageService/RemoveImage",
        "imagefsinfo" => "ImageService/ImageFsInfo",
        _ => return None,
    })
}

/// The component a program is, where the topology has it.
fn component(prog: &str) -> Option<Component> {
    let id = match prog {
        "systemctl" | "journalctl" | "reboot" => return None,
        "k" => "kubectl",
        other => other,
    };
    Component::from_str(id).ok()
}

/// `explain WORDS…`: one remark per word; 2 when there is nothing to
/// explain.
pub(crate) fn explain(args: &[String]) -> (Vec<Remark>, i32) {
    if args.is_empty() {
        return (vec![Remark::line(msg!("shell-explain-usage"))], 2);
    }
    let words: Vec<String> = if args.len() == 1 {
        args[0].split_whitespace().map(str::to_string).collect()
    } else {
        args.to_vec()
    };
    let mut v = Vec::new();
    let mut prog: Option<String> = None;
    let mut verb_seen = false;
    for w in &words {
        let said = if matches!(
            w.as_str(),
            "|" | "&&" | "||" | ";" | ">" | ">>" | "<" | "2>&1"
        ) {
            prog = None;
            verb_seen = false;
            msg!("shell-explain-operator", word = w.as_str())
        } else if let Some(p) = prog.clone() {
            if w.starts_with('-') {
                msg!(
                    "shell-explain-flag",
                    word = w.as_str(),
                    program = p.as_str()
                )
            } else if !verb_seen && (p == "crictl") && cri_call(w).is_some() {
                verb_seen = true;
                msg!(
                    "shell-explain-cri",
                    word = w.as_str(),
                    call = cri_call(w).unwrap_or_default()
                )
            } else if !verb_seen && matches!(p.as_str(), "kubectl" | "k") {
                verb_seen = true;
                msg!("shell-explain-kubectl-verb", word = w.as_str())
            } else if !verb_seen
                && matches!(
                    p.as_str(),
                    "systemctl" | "ctr" | "docker" | "nerdctl" | "podman" | "runc" | "crun"
                )
            {
                verb_seen = true;
                msg!(
                    "shell-explain-verb",
                    word = w.as_str(),
                    program = p.as_str()
                )
            } else {
                msg!("shell-explain-arg", word = w.as_str(), program = p.as_str())
            }
        } else {
            prog = Some(w.clone());
            let base = crate::node::fs::base(w);
            match component(base) {
                Some(c) => msg!(
                    "shell-explain-component",
                    word = w.as_str(),
                    what = crate::topology::describe(c)
                ),
                None if AREAS[0].1.split(' ').any(|b| b == base) => {
                    msg!("shell-explain-builtin", word = w.as_str())
                }
                None if AREAS[1].1.split(' ').any(|b| b == base) => {
                    msg!("shell-explain-filter", word = w.as_str())
                }
                None if base == "systemctl" || base == "journalctl" => {
                    msg!("shell-explain-systemd", word = w.as_str())
                }
                None => match program_path(base) {
                    Some(p) => msg!("shell-explain-program", word = w.as_str(), path = p),
                    None => msg!("shell-explain-unknown", word = w.as_str()),
                },
            }
        };
        v.push(Remark::line(said));
    }
    (v, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_each_word() {
        let (r, s) = explain(&["crictl ps -a | grep web".to_string()]);
        assert_eq!(s, 0);
        let ids: Vec<&str> = r.iter().map(|r| r.said.id.as_ref()).collect();
        assert_eq!(
            ids,
            [
                "shell-explain-component",
                "shell-explain-cri",
                "shell-explain-flag",
                "shell-explain-operator",
                "shell-explain-filter",
                "shell-explain-arg"
            ]
        );
    }
}
