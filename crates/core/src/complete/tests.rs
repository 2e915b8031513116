use super::*;
use crate::sim::Sim;
use crate::Config;
use proptest::prelude::*;

fn at_end(s: &Sim, line: &str) -> Completion {
    s.complete(line, line.chars().count())
}

fn items(s: &Sim, line: &str) -> Vec<String> {
    at_end(s, line).items
}

fn node() -> Sim {
    Sim::new(Config::default(), 1).lean()
}

#[test]
fn programs_complete_at_the_start_of_a_command() {
    let s = node();
    assert_eq!(items(&s, "cric"), ["crictl"]);
    assert_eq!(at_end(&s, "cric").start, 0);
    assert_eq!(items(&s, "journ"), ["journalctl"]);
    assert!(items(&s, "k").contains(&"kubectl".to_string()));
    assert!(items(&s, "k").contains(&"k".to_string()), "the alias");
    assert!(
        items(&s, "ip").contains(&"ip".to_string()),
        "not modelled, still a program"
    );
    let c = at_end(&s, "crictl ps | gr");
    assert_eq!(
        (c.start, c.items.as_slice()),
        (12, &["grep".to_string()][..])
    );
    assert_eq!(items(&s, "ls && syste"), ["systemctl"]);
    assert_eq!(items(&s, "echo $(cric"), ["crictl"]);
    assert_eq!(items(&s, "sudo crict"), ["crictl"]);
    assert_eq!(items(&s, "ec"), ["echo"]);
}

#[test]
fn subcommands_and_flags_come_from_the_tools_grammar() {
    let s = node();
    assert_eq!(items(&s, "systemctl res"), ["reset-failed", "restart"]);
    assert_eq!(items(&s, "systemctl rest"), ["restart"]);
    assert_eq!(items(&s, "crictl ps --na"), ["--name", "--namespace"]);
    assert_eq!(
        items(&s, "crictl insp"),
        ["inspect", "inspecti", "inspectp"]
    );
    assert_eq!(items(&s, "crictl logs --fo"), ["--follow"]);
    assert_eq!(items(&s, "docker container lo"), ["logs"]);
    assert!(items(&s, "kubectl get pods -").contains(&"--watch".to_string()));
    assert_eq!(items(&s, "kubectl get po"), ["pods"]);
    assert_eq!(items(&s, "k get po"), ["pods"]);
    assert_eq!(items(&s, "nerdctl ru"), ["run"]);
    assert!(items(&s, "ctr ").contains(&"images".to_string()));
    assert_eq!(items(&s, "ctr images pu"), ["pull", "push"]);
    assert_eq!(items(&s, "runc --roo"), ["--root", "--rootless"]);
    assert_eq!(items(&s, "crun --roo"), ["--root", "--rootless"]);
    assert!(items(&s, "podman ").contains(&"run".to_string()));
}

#[test]
fn ids_names_and_images_complete_where_the_tool_takes_them() {
    let mut s = node();
    s.run_line("kubectl run web --image=nginx");
    s.run_line("kubectl run db --image=redis");
    let ids: Vec<String> = s
        .world()
        .ctrs
        .values()
        .filter(|c| c.origin == Origin::Cri)
        .map(|c| c.id.clone())
        .collect();
    assert_eq!(ids.len(), 2);
    // A container id's prefix completes to the full id.
    let one = &ids[0];
    let c = at_end(&s, &format!("crictl inspect {}", &one[..4]));
    assert_eq!(c.items, std::slice::from_ref(one), "{c:?}");
    assert_eq!(c.start, 15);
    // Both ids share the empty prefix.
    let mut both = ids.clone();
    crate::order::sort(&mut both);
    assert_eq!(items(&s, "crictl logs "), both);
    assert_eq!(items(&s, "crictl logs -f "), both);
    // Two sharing a prefix give both.
    let shared: String = {
        let (a, b) = (&ids[0], &ids[1]);
        a.chars()
            .zip(b.chars())
            .take_while(|(x, y)| x == y)
            .map(|p| p.0)
            .collect()
    };
    assert_eq!(items(&s, &format!("crictl stop {shared}")), both);
    assert_eq!(items(&s, "crictl ps --name w"), ["web"]);
    assert_eq!(items(&s, "kubectl logs w"), ["web"]);
    assert_eq!(items(&s, "kubectl get pods d"), ["db"]);
    assert_eq!(items(&s, "kubectl -n kube-s"), ["kube-system"]);
    assert!(items(&s, "crictl rmi ").iter().any(|i| i.contains("nginx")));
    assert!(
        items(&s, "docker rmi ").is_empty(),
        "dockerd's store is not the CRI's"
    );
    let pods = items(&s, "crictl inspectp ");
    assert_eq!(pods.len(), 2, "{pods:?}");
    assert_eq!(items(&s, "crictl inspect $(crictl ps -q --name w"), ["web"]);
}

#[test]
fn units_complete_for_systemctl_and_journalctl() {
    let s = node();
    assert_eq!(items(&s, "systemctl restart conta"), ["containerd.service"]);
    assert_eq!(items(&s, "journalctl -u kube"), ["kubelet.service"]);
    assert_eq!(
        items(&s, "journalctl --unit=kube"),
        ["--unit=kubelet.service"]
    );
    assert_eq!(items(&s, "journalctl --no-p"), ["--no-pager"]);
    assert_eq!(items(&s, "journalctl -u kubelet --fo"), ["--follow"]);
}

#[test]
fn paths_complete_from_the_working_directory() {
    let mut s = node();
    assert_eq!(items(&s, "cat /etc/cri"), ["/etc/crictl.yaml"]);
    assert_eq!(items(&s, "ls /etc/contain"), ["/etc/containerd/"]);
    assert_eq!(
        items(&s, "cat /etc/containerd/con"),
        ["/etc/containerd/config.toml"]
    );
    s.run_line("mkdir -p /root/work/sub && touch /root/work/sub/notes.txt /root/.hidden");
    assert_eq!(items(&s, "cat wo"), ["work/"]);
    assert_eq!(items(&s, "cat work/sub/n"), ["work/sub/notes.txt"]);
    assert_eq!(items(&s, "cat ~/work/s"), ["~/work/sub/"]);
    assert_eq!(items(&s, "cat .h"), [".hidden"]);
    assert!(items(&s, "cat .").contains(&".bashrc".to_string()));
    assert!(!items(&s, "cat ").contains(&".hidden".to_string()));
    s.run_line("cd /etc");
    assert_eq!(items(&s, "cat cri"), ["crictl.yaml"]);
    assert_eq!(items(&s, "cd cont"), ["containerd/"]);
    assert!(items(&s, "cd ").iter().all(|d| d.ends_with('/')));
    s.run_line("POD=abc");
    assert_eq!(items(&s, "echo $PO"), ["$POD"]);
    assert_eq!(at_end(&s, "echo $PO").start, 5);
    assert_eq!(items(&s, "echo x > cri"), ["crictl.yaml"]);
    assert_eq!(items(&s, "vi \"cri"), ["crictl.yaml"]);
    assert_eq!(at_end(&s, "vi \"cri").start, 4);
}

#[test]
fn offsets_are_characters_not_bytes() {
    let s = node();
    let line = "echo 한국어 | cric";
    let c = at_end(&s, line);
    assert_eq!(c.items, ["crictl"]);
    assert_eq!(c.start, line.chars().count() - 4);
    // A cursor in the middle completes the word before it.
    let c = s.complete("cric ps", 4);
    assert_eq!(
        (c.start, c.items.as_slice()),
        (0, &["crictl".to_string()][..])
    );
    let c = s.complete("x", 99);
    assert!(c.start <= 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_line_and_cursor_completes_without_panic(line in ".{0,60}", cursor in 0usize..80) {
        let s = node();
        let c = s.complete(&line, cursor);
        prop_assert!(c.start <= cursor.min(line.chars().count()));
        prop_assert!(c.items.len() <= MAX_ITEMS);
    }

    #[test]
    fn any_shell_like_line_completes(line in "[a-z -|;&$()'\"/~.]{0,40}", cursor in 0usize..45) {
        let s = node();
        let c = s.complete(&line, cursor);
        prop_assert!(c.start <= cursor.min(line.chars().count()));
    }
}
