//! The node's shell through `atlas sim`'s `Sim`: bash's grammar, exit
//! statuses and words over the real tools' output; refused lines change
//! nothing.

use atlas_core::config::Config;
use atlas_core::sim::Sim;
use proptest::prelude::*;

fn sim() -> Sim {
    Sim::new(Config::default(), 1)
}

/// (stdout, stderr, exit) of one line.
fn run(s: &mut Sim, line: &str) -> (String, String, i32) {
    let r = &s.run_line(line).record;
    (r.stdout.clone(), r.stderr.clone(), r.exit)
}

fn out(s: &mut Sim, line: &str) -> String {
    run(s, line).0
}

#[test]
fn command_not_found_is_bashs() {
    let mut s = sim();
    assert_eq!(
        run(&mut s, "foo"),
        (String::new(), "bash: foo: command not found\n".into(), 127)
    );
    assert_eq!(out(&mut s, "echo $?"), "127\n");
    assert_eq!(
        run(&mut s, "./foo").1,
        "bash: ./foo: No such file or directory\n"
    );
}

#[test]
fn lists_and_statuses() {
    let mut s = sim();
    assert_eq!(out(&mut s, "false && echo no || echo yes"), "yes\n");
    assert_eq!(out(&mut s, "true && echo a; echo b"), "a\nb\n");
    assert_eq!(run(&mut s, "! true").2, 1);
    assert_eq!(run(&mut s, "echo x | false").2, 1);
    assert_eq!(run(&mut s, "false | true").2, 0);
}

#[test]
fn syntax_errors_are_bashs_and_run_nothing() {
    let mut s = sim();
    let before = format!("{:?}", s.world());
    let (o, e, x) = run(&mut s, "kubectl run web --image=nginx; | grep x");
    assert_eq!((o.as_str(), x), ("", 2));
    assert_eq!(e, "bash: syntax error near unexpected token `|'\n");
    assert_eq!(format!("{:?}", s.world()), before);
    assert_eq!(
        run(&mut s, "echo 'abc").1,
        "bash: unexpected EOF while looking for matching `''\n"
    );
    assert_eq!(
        run(&mut s, "echo >").1,
        "bash: syntax error near unexpected token `newline'\n"
    );
    assert_eq!(
        run(&mut s, "done").1,
        "bash: syntax error near unexpected token `done'\n"
    );
    assert_eq!(
        run(&mut s, "for x in a; do echo").1,
        "bash: syntax error: unexpected end of file\n"
    );
    assert_eq!(out(&mut s, "echo $?"), "2\n");
}

#[test]
fn files_redirections_and_here_documents() {
    let mut s = sim();
    assert_eq!(out(&mut s, "echo hi > /tmp/x; cat /tmp/x"), "hi\n");
    assert_eq!(
        out(&mut s, "echo there >> /tmp/x; cat -n /tmp/x"),
        "     1\thi\n     2\tthere\n"
    );
    assert_eq!(
        run(&mut s, "cat /nope"),
        (
            String::new(),
            "cat: /nope: No such file or directory\n".into(),
            1
        )
    );
    assert_eq!(run(&mut s, "cat /nope 2>/dev/null").1, "");
    assert_eq!(out(&mut s, "cat /nope 2>&1 | wc -l"), "1\n");
    assert_eq!(
        run(&mut s, "echo x > /no/dir/f").1,
        "bash: /no/dir/f: No such file or directory\n"
    );
    let script = "cat <<EOF > /etc/99-k8s.conf\nnet.bridge.bridge-nf-call-iptables  = 1\nnet.ipv4.ip_forward                 = $((0+1))\nEOF\n";
    let mut t = sim();
    let _ = t.run_line("cd /etc");
    assert_eq!(t.run_script(script), Ok(()));
    assert_eq!(
        out(&mut t, "cat 99-k8s.conf"),
        "net.bridge.bridge-nf-call-iptables  = 1\nnet.ipv4.ip_forward                 = 1\n"
    );
    assert_eq!(out(&mut t, "cat <<'EOF'\n$HOME\nEOF"), "$HOME\n");
    assert_eq!(out(&mut t, "cat <<-EOF\n\tindented\n\tEOF"), "indented\n");
    assert_eq!(
        out(&mut t, "echo /etc/*.conf; echo ~/*.deb"),
        "/etc/99-k8s.conf /etc/sysctl.conf\n/root/*.deb\n"
    );
    assert_eq!(out(&mut t, "tr a-z A-Z <<< hello"), "HELLO\n");
}

#[test]
fn variables_quoting_and_substitution() {
    let mut s = sim();
    assert_eq!(out(&mut s, "X='a  b'; echo $X; echo \"$X\""), "a b\na  b\n");
    assert_eq!(
        out(&mut s, "echo ${HOME} ~ ~/x \\$HOME"),
        "/root /root /root/x $HOME\n"
    );
    assert_eq!(
        out(&mut s, "echo $(echo $(echo nested)) `echo tick`"),
        "nested tick\n"
    );
    assert_eq!(out(&mut s, "Y=1 ; Y=2 env | grep ^Y= ; echo $Y"), "1\n");
    assert_eq!(out(&mut s, "export Z=3; env | grep ^Z="), "Z=3\n");
    assert_eq!(out(&mut s, "unset Z; echo \"[$Z]\""), "[]\n");
    assert_eq!(out(&mut s, "echo ${U:-default} ${#HOME}"), "default 5\n");
    assert_eq!(
        out(&mut s, "F=a.tar.gz; echo ${F%%.*} ${F#*.}"),
        "a tar.gz\n"
    );
    assert_eq!(out(&mut s, "cd /tmp && pwd; cd; pwd"), "/tmp\n/root\n");
    assert_eq!(
        run(&mut s, "cd /nope").1,
        "bash: cd: /nope: No such file or directory\n"
    );
    assert_eq!(
        out(
            &mut s,
            "echo -e 'a\\tb' ; echo -n x; printf '%s=%d\\n' a 1 b 2"
        ),
        "a\tb\nxa=1\nb=2\n"
    );
    assert_eq!(out(&mut s, "printf '%-5s|%05d\\n' ab 42"), "ab   |00042\n");
}

#[test]
fn loops_and_conditions() {
    let mut s = sim();
    assert_eq!(
        out(&mut s, "for x in 1 2 3; do echo $x; done | tail -n 1"),
        "3\n"
    );
    assert_eq!(
        out(
            &mut s,
            "i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i"
        ),
        "3\n"
    );
    assert_eq!(
        out(&mut s, "if [ -d /etc ]; then echo dir; else echo no; fi"),
        "dir\n"
    );
    assert_eq!(
        out(
            &mut s,
            "if test -f /etc; then echo f; elif [ x = x ]; then echo s; fi"
        ),
        "s\n"
    );
    assert_eq!(
        out(
            &mut s,
            "printf 'a b\\nc d\\n' | while read x y; do echo $y; done"
        ),
        "b\nd\n"
    );
    let st = s.run_line("while true; do :; done");
    assert_eq!(st.record.exit, 1);
    assert!(st
        .record
        .remarks
        .iter()
        .any(|r| r.said.id == "shell-loop-limit"));
}

#[test]
fn builtins_of_the_exam_terminal() {
    let mut s = sim();
    assert_eq!(out(&mut s, "alias k"), "alias k='kubectl'\n");
    assert_eq!(
        out(&mut s, "type k crictl cd"),
        "k is aliased to `kubectl'\ncrictl is /usr/bin/crictl\ncd is a shell builtin\n"
    );
    assert_eq!(out(&mut s, "which crictl"), "/usr/bin/crictl\n");
    assert_eq!(out(&mut s, "k run web --image=nginx"), "pod/web created\n");
    assert!(out(&mut s, "history").contains("    4  k run web --image=nginx\n"));
    let help = s.run_line("help").record.remarks.len();
    assert!(help > 5);
    let ex = &s.run_line("explain 'crictl ps -a | grep web'").record;
    assert_eq!(ex.remarks.len(), 6);
}

#[test]
fn filters_over_the_tools_output() {
    let mut s = sim();
    s.run_line("kubectl run web --image=nginx");
    s.run_line("kubectl run db --image=nginx");
    let ps = out(&mut s, "crictl ps -a");
    let web: Vec<&str> = ps.lines().filter(|l| l.contains("web")).collect();
    assert_eq!(web.len(), 1);
    let grepped = out(&mut s, "crictl ps -a | grep web");
    assert_eq!(grepped.lines().count(), 1);
    assert!(grepped.starts_with(&web[0][..13]));
    assert_eq!(run(&mut s, "crictl ps -a | grep nothing").2, 1);
    assert_eq!(out(&mut s, "crictl ps -a | grep -c Running"), "2\n");
    assert_eq!(out(&mut s, "crictl ps -q | wc -l"), "2\n");
    let id = out(&mut s, "crictl ps -q --name web");
    assert_eq!(id.trim().len(), 13);
    let first_col = out(&mut s, "crictl ps | awk 'NR>1 {print $1}' | sort | head -1");
    let sorted = {
        let mut v: Vec<String> = ps
            .lines()
            .skip(1)
            .filter_map(|l| l.split_whitespace().next().map(str::to_string))
            .collect();
        v.sort();
        v.first().cloned().unwrap_or_default()
    };
    assert_eq!(first_col.trim(), sorted);
    // crictl inspect's JSON through a substitution, grep and jq.
    let (o, _, x) = run(
        &mut s,
        "crictl inspect $(crictl ps -q --name web) | grep -i pid",
    );
    assert!(x == 0 || x == 1, "grep's status: {x}");
    if x == 0 {
        assert!(o.to_lowercase().contains("pid"));
    }
    let j = run(
        &mut s,
        "crictl inspect $(crictl ps -q --name web) | jq -r .status.metadata.name",
    );
    assert_eq!(j.0, "web\n", "{j:?}");
    let n = s.steps().len();
    let hops = &s.steps()[n - 1].hops;
    assert!(
        !hops.is_empty(),
        "the substitution's and the inspect's hops belong to the line"
    );
}

#[test]
fn text_filters() {
    let mut s = sim();
    s.run_line("printf 'b 2\\na 10\\nc 1\\na 10\\n' > /tmp/t");
    assert_eq!(
        out(&mut s, "sort /tmp/t | uniq -c"),
        "      2 a 10\n      1 b 2\n      1 c 1\n"
    );
    assert_eq!(out(&mut s, "sort -k2 -n /tmp/t | head -n 2"), "c 1\nb 2\n");
    assert_eq!(out(&mut s, "sort -rn -k2 -u /tmp/t"), "a 10\nb 2\nc 1\n");
    assert_eq!(
        out(&mut s, "cut -d' ' -f2 /tmp/t | tr '\\n' ,"),
        "2,10,1,10,"
    );
    assert_eq!(out(&mut s, "grep -E '^(a|c)' /tmp/t | wc -l"), "3\n");
    assert_eq!(out(&mut s, "grep -v a /tmp/t"), "b 2\nc 1\n");
    assert_eq!(out(&mut s, "grep -n -w 1 /tmp/t"), "3:c 1\n");
    assert_eq!(out(&mut s, "grep -o '[0-9]*' /tmp/t | tail -2"), "1\n10\n");
    assert_eq!(run(&mut s, "grep -q b /tmp/t").2, 0);
    assert_eq!(run(&mut s, "grep x /nope").2, 2);
    assert_eq!(out(&mut s, "wc -l /tmp/t"), "4 /tmp/t\n");
    assert_eq!(out(&mut s, "awk '{s+=$2} END {print s}' /tmp/t"), "23\n");
    assert_eq!(
        out(&mut s, "awk -F' ' '$1 == \"a\" {print NR}' /tmp/t"),
        "2\n4\n"
    );
    assert_eq!(out(&mut s, "sed -n '/b/p' /tmp/t"), "b 2\n");
    s.run_line("sed -i 's/a 10/A 10/g' /tmp/t");
    assert_eq!(out(&mut s, "head -2 /tmp/t"), "b 2\nA 10\n");
    assert_eq!(
        out(&mut s, "echo a b c | xargs -n1 echo x"),
        "x a\nx b\nx c\n"
    );
    assert_eq!(
        out(&mut s, "echo hi | tee /tmp/u | tr a-z A-Z; cat /tmp/u"),
        "HI\nhi\n"
    );
    assert_eq!(
        out(
            &mut s,
            "echo '{\"a\":{\"b\":[1,2]}}' | jq -c '.a.b | length'"
        ),
        "2\n"
    );
    assert_eq!(out(&mut s, "echo 'a::b' | tr -s ':'"), "a:b\n");
    assert_eq!(out(&mut s, "echo hello | tr -d l"), "heo\n");
}

#[test]
fn sleep_advances_the_clock_and_sudo_runs_as_root() {
    let mut s = sim();
    let t0 = s.world().now_ms();
    s.run_line("sleep 2");
    assert_eq!(s.world().now_ms(), t0 + 2000);
    assert_eq!(out(&mut s, "sudo echo hi"), "hi\n");
}

#[test]
fn variables_carry_ids_between_lines() {
    let mut s = sim();
    s.put_file(
        "pod-config.json",
        "{\"metadata\":{\"name\":\"p\",\"namespace\":\"default\",\"uid\":\"u1\"}}",
    );
    let st = s.run_line("POD=$(crictl runp pod-config.json)");
    assert_eq!(st.record.stdout, "");
    assert_eq!(st.record.exit, 0, "{:?}", st.record);
    let pod = s.shell().var("POD").unwrap_or_default().to_string();
    assert_eq!(pod.len(), 64);
    let st = s.run_line("crictl stopp $POD");
    assert_eq!(st.record.stdout, format!("Stopped sandbox {pod}\n"));
    assert_eq!(st.record.command, "crictl stopp $POD");
}

#[test]
fn scripts_continue_lines_as_bash_reads_them() {
    let mut s = sim();
    let script = "echo one \\\n  two\nenv X=1 Y=2 env | grep '^[XY]='\nsudo -i\n";
    assert_eq!(s.run_script(script), Ok(()));
    let st = s.steps();
    assert_eq!(st.len(), 3);
    assert_eq!(st[0].record.stdout, "one two\n");
    assert_eq!(st[1].record.stdout, "X=1\nY=2\n");
    assert_eq!(st[2].record.exit, 0);
}

#[test]
fn step_back_keeps_the_shell_with_the_world() {
    let mut s = sim().with_history();
    s.run_line("cd /tmp; X=1");
    s.run_line("cd /etc; X=2");
    assert_eq!(s.shell_snapshot(1).map(|sh| sh.cwd()), Some("/tmp"));
    assert_eq!(s.shell_snapshot(2).and_then(|sh| sh.var("X")), Some("2"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// No line panics; a line bash refuses leaves the world unchanged.
    #[test]
    fn random_lines_never_panic(parts in proptest::collection::vec(
        prop_oneof![
            Just("echo".to_string()), Just("crictl".to_string()), Just("ps".to_string()),
            Just("kubectl run x --image=nginx".to_string()), Just("|".to_string()), Just("||".to_string()),
            Just("&&".to_string()), Just(";".to_string()), Just("$(".to_string()), Just(")".to_string()),
            Just("`".to_string()), Just("'".to_string()), Just("\"".to_string()), Just(">".to_string()),
            Just(">>".to_string()), Just("<".to_string()), Just("2>&1".to_string()), Just("<<EOF".to_string()),
            Just("${".to_string()), Just("}".to_string()), Just("$((1+".to_string()), Just("for".to_string()),
            Just("do".to_string()), Just("done".to_string()), Just("if".to_string()), Just("then".to_string()),
            Just("fi".to_string()), Just("*".to_string()), Just("grep".to_string()), Just("-c".to_string()),
            Just("\\".to_string()), Just("/tmp/f".to_string()), Just("\n".to_string()), "[a-z$]{0,4}",
            any::<char>().prop_map(|c| c.to_string()),
        ], 0..12))
    {
        let line = parts.join(" ");
        let mut s = sim();
        let before = format!("{:?}", s.world());
        let st = s.run_line(&line).record.clone();
        if st.exit == 2 && st.stderr.starts_with("bash: syntax error")
            || st.stderr.starts_with("bash: unexpected EOF")
        {
            prop_assert_eq!(format!("{:?}", s.world()), before);
        }
    }
}

/// Every single character after a word ends in an answer: none is looped
/// over (a character no parser rule took once made `simple` spin forever).
#[test]
fn every_character_is_taken_or_refused() {
    let mut s = sim();
    for c in (0u32..=0x7f)
        .chain([0x85, 0xa0, 0x2028, 0xfeff])
        .filter_map(char::from_u32)
    {
        let st = s.run_line(&format!("echo a {c} b")).record.clone();
        assert!(
            st.exit == 0 || st.exit == 2 || st.exit == 1 || st.exit == 127,
            "{c:?}: {st:?}"
        );
    }
}

#[test]
fn brace_expansion_comes_first() {
    let mut s = sim();
    assert_eq!(
        out(&mut s, "echo {1..3} a{b,c} '{x,y}'"),
        "1 2 3 ab ac {x,y}\n"
    );
    assert_eq!(
        out(&mut s, "for i in {01..03}; do echo -n $i.; done"),
        "01.02.03."
    );
    assert_eq!(
        out(&mut s, "X={a,b}; echo $X"),
        "{a,b}\n",
        "not in assignments"
    );
    out(&mut s, "kubectl run web-{1..2} --image=nginx");
    let pods = out(&mut s, "kubectl get pods --no-headers -o name");
    // kubectl run NAME ARGS…: the second word is the container's argument.
    assert_eq!(pods, "pod/web-1\n", "{pods}");
    let step = s.run_line("echo {1..200000}");
    let err = step.record.stderr_in(&atlas_core::Catalog::english());
    assert_eq!((step.record.exit, step.record.stdout.as_str()), (1, ""));
    assert!(err.contains("100000 words"), "{err}");
}

#[test]
fn the_api_server_refuses_a_pod_name_that_is_no_dns_subdomain() {
    let mut s = sim();
    let (_, err, code) = run(&mut s, "kubectl run Web_X --image=nginx");
    assert_eq!(code, 1);
    assert!(
        err.starts_with("The Pod \"Web_X\" is invalid: metadata.name: Invalid value: \"Web_X\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters"),
        "{err}"
    );
    assert!(err.contains(r"regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"), "{err}");
    assert_eq!(out(&mut s, "kubectl get pods"), "");
}

/// A loop's `read` keeps its lines when the body runs programs that do not
/// read their input (a pipeline's first stage takes only what it reads):
/// drill D06 walks `ctr … ls -q` this way.
#[test]
fn a_while_read_loop_keeps_its_input_across_pipelines_and_programs() {
    let mut s = sim();
    assert_eq!(
        out(
            &mut s,
            "printf 'a\\nb\\nc\\n' | while read id; do echo \"q$id\" | grep -q q && echo $id; done"
        ),
        "a\nb\nc\n"
    );
    assert_eq!(
        out(
            &mut s,
            "printf 'a\\nb\\n' | while read id; do crictl version > /dev/null; echo $id; done"
        ),
        "a\nb\n"
    );
    // A reader in the body still takes the rest, as in bash.
    assert_eq!(
        out(
            &mut s,
            "printf 'a\\nb\\nc\\n' | while read id; do cat; echo $id; done"
        ),
        "b\nc\na\n"
    );
    // `kubectl apply -f -` in a pipeline still gets its input.
    let (o, e, code) = run(
        &mut s,
        "printf 'apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: shop\\n' | kubectl apply -f -",
    );
    assert_eq!(
        (o.as_str(), e.as_str(), code),
        ("namespace/shop created\n", "", 0)
    );
}
