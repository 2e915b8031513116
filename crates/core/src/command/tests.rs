//! Table tests for every grammar, every error text, and properties: the
//! parsers never panic, and the canonical line of any parsed command parses
//! back to the same command.

use super::runc::{validate_container_id, RuntimeCommand};
use super::*;
use proptest::prelude::*;

/// What a line should give.
enum Expect {
    /// Parses; the canonical line is this (it spells out every parsed field).
    Line(&'static str),
    /// Fails with this exit code and these stderr lines (logrus: the `msg`s).
    Err(i32, &'static [&'static str]),
}
use Expect::{Err as E, Line as L};

fn check(input: &str, expected: &Expect) {
    match (parse(input), expected) {
        (Ok(cmd), L(line)) => {
            assert_eq!(cmd.to_line(), *line, "canonical line of {input:?}");
            assert_eq!(
                parse(&cmd.to_line()).as_ref(),
                Ok(&cmd),
                "round trip of {input:?}"
            );
            assert_eq!(cmd.to_string(), *line);
        }
        (Err(e), E(code, lines)) => {
            assert_eq!(printed(&e), *lines, "stderr of {input:?}");
            assert_eq!(e.exit_code, *code, "exit code of {input:?}");
        }
        (Ok(cmd), E(..)) => panic!("{input:?} parsed as {cmd:?}, expected an error"),
        (Err(e), L(_)) => panic!("{input:?} failed: {e:?}"),
    }
}

/// The stderr lines and then the simulator's remarks, in English: what a
/// terminal shows of the error (before logrus framing).
fn printed(e: &CommandError) -> Vec<String> {
    let english = crate::message::Catalog::english();
    e.stderr
        .iter()
        .cloned()
        .chain(e.remarks.iter().map(|m| english.render(m)))
        .collect()
}

fn run_table(table: &[(&str, Expect)]) {
    for (input, expected) in table {
        check(input, expected);
    }
}

fn err(input: &str) -> CommandError {
    match parse(input) {
        Err(e) => e,
        Ok(c) => panic!("{input:?} parsed as {c:?}"),
    }
}

/// A podman name that looks like a flag keeps its `--` in the canonical
/// line (found by `canonical_lines_round_trip`: `podman stop -- -1`).
#[test]
fn podman_names_that_look_like_flags_keep_their_dash_dash() {
    for words in [
        &["podman", "stop", "--", "-1"][..],
        &["podman", "rm", "--force", "--", "-x"],
        &["podman", "inspect", "--", "-a", "b"],
        &["podman", "logs", "--", "-l"],
    ] {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let cmd = parse_words(&words).expect("parses");
        let line = cmd.to_line();
        assert!(line.contains(" -- "), "{line}");
        assert_eq!(parse(&line).as_ref(), Ok(&cmd), "{line}");
    }
}

#[test]
fn kubectl_commands() {
    run_table(&[
        ("kubectl run nginx --image=nginx", L("kubectl run nginx --image=nginx")),
        (
            "kubectl run nginx --image nginx:1.25 --restart=Never --port=80 --env=A=1 --env B=2 -l app=web,tier=fe -n demo",
            L("kubectl run nginx --image=nginx:1.25 --restart=Never --port=80 --env=A=1 --env=B=2 --labels=app=web,tier=fe --namespace=demo"),
        ),
        (
            "kubectl run -it busybox --image=busybox --restart=Never --rm -- sh -c 'echo hi'",
            L("kubectl run busybox --image=busybox --restart=Never --stdin --tty --rm -- sh -c 'echo hi'"),
        ),
        (
            "kubectl run app --image=app --command -- /bin/app --flag",
            L("kubectl run app --image=app --command -- /bin/app --flag"),
        ),
        ("kubectl run app --image=app arg1 arg2", L("kubectl run app --image=app -- arg1 arg2")),
        (
            "kubectl run m --image=nginx --limits=memory=64Mi,cpu=100m --requests memory=32Mi",
            L("kubectl run m --image=nginx --limits=memory=64Mi,cpu=100m --requests=memory=32Mi"),
        ),
        ("kubectl run x --image=nginx --dry-run", L("kubectl run x --image=nginx --dry-run=unchanged")),
        ("kubectl run x --image=nginx --dry-run=client", L("kubectl run x --image=nginx --dry-run=client")),
        ("kubectl run x --image=registry.k8s.io/pause:3.9 --image-pull-policy=Never", L("kubectl run x --image=registry.k8s.io/pause:3.9 --image-pull-policy=Never")),
        ("kubectl get pods", L("kubectl get pods")),
        ("kubectl get po -o wide -n kube-system", L("kubectl get pods --output=wide --namespace=kube-system")),
        ("kubectl get pod nginx -o yaml", L("kubectl get pods nginx --output=yaml")),
        ("kubectl get pods -A -w", L("kubectl get pods --all-namespaces --watch")),
        ("kubectl get pods/nginx -o json", L("kubectl get pods/nginx --output=json")),
        ("kubectl get pods -l app=web --show-labels", L("kubectl get pods --selector=app=web --show-labels")),
        ("kubectl get pods -o jsonpath='{.items[*].metadata.name}'", L("kubectl get pods '--output=jsonpath={.items[*].metadata.name}'")),
        ("kubectl get nodes", L("kubectl get nodes")),
        ("kubectl get no -o name", L("kubectl get nodes --output=name")),
        ("kubectl -n kube-system get pods", L("kubectl get pods --namespace=kube-system")),
        ("kubectl --namespace kube-system get pods", L("kubectl get pods --namespace=kube-system")),
        ("kubectl --context=kind get pods", L("kubectl get pods --context=kind")),
        ("kubectl get deploy", L("kubectl get deployments")),
        ("kubectl get deployments.apps web", L("kubectl get deployments web")),
        ("kubectl get rs", L("kubectl get replicasets")),
        ("kubectl get svc", L("kubectl get services")),
        ("kubectl get ns", L("kubectl get namespaces")),
        ("kubectl get ev", L("kubectl get events")),
        ("kubectl get all", L("kubectl get all")),
        ("kubectl get foo", L("kubectl get foo")),
        ("kubectl describe pod nginx", L("kubectl describe pods nginx")),
        ("kubectl describe po/nginx", L("kubectl describe pods/nginx")),
        ("kubectl describe nodes", L("kubectl describe nodes")),
        ("kubectl delete pod nginx --grace-period=0 --force", L("kubectl delete pods nginx --grace-period=0 --force")),
        ("kubectl delete pod nginx --now", L("kubectl delete pods nginx --now")),
        ("kubectl delete pods --all", L("kubectl delete pods --all")),
        ("kubectl delete pod a b --wait=false", L("kubectl delete pods a b --wait=false")),
        ("kubectl delete po -l run=nginx", L("kubectl delete pods --selector=run=nginx")),
        ("kubectl delete deploy/web", L("kubectl delete deployments/web")),
        ("kubectl exec -it nginx -- sh", L("kubectl exec nginx --stdin --tty -- sh")),
        ("kubectl exec nginx -c web -- ls -l /", L("kubectl exec nginx --container=web -- ls -l /")),
        ("kubectl exec deploy/web -- env", L("kubectl exec deploy/web -- env")),
        ("kubectl logs nginx", L("kubectl logs nginx")),
        ("kubectl logs nginx -c web -p -f --tail=10", L("kubectl logs nginx --container=web --follow --previous --tail=10")),
        ("kubectl logs nginx web --previous", L("kubectl logs nginx --container=web --previous")),
        ("kubectl logs nginx --tail=-1 --timestamps", L("kubectl logs nginx --timestamps")),
        ("kubectl create deployment web --image=nginx --replicas=3", L("kubectl create deployment web --image=nginx --replicas=3")),
        ("kubectl create deploy web --image=nginx", L("kubectl create deployment web --image=nginx --replicas=1")),
        ("kubectl create deployment web --image=nginx --image=redis --port=80", L("kubectl create deployment web --image=nginx --image=redis --replicas=1 --port=80")),
        ("kubectl -n demo create deployment web --image=nginx -r 2", L("kubectl create deployment web --image=nginx --replicas=2 --namespace=demo")),
        ("kubectl scale deployment web --replicas=5", L("kubectl scale deployments web --replicas=5")),
        ("kubectl scale deploy/web --replicas 0", L("kubectl scale deployments/web --replicas=0")),
        ("kubectl version --client", L("kubectl version --client")),
        ("kubectl version -o json", L("kubectl version --output=json")),
        ("kubectl version", L("kubectl version")),
        ("kubectl", L("kubectl")),
        ("kubectl help get", L("kubectl help get")),
        ("kubectl get -h", L("kubectl help get")),
        ("kubectl run --help", L("kubectl help run")),
        ("kubectl --help", L("kubectl")),
        ("sudo kubectl get pods", L("kubectl get pods")),
        ("sudo -E kubectl get pods", L("kubectl get pods")),
        ("sudo -u root -- kubectl get pods", L("kubectl get pods")),
        ("/usr/local/bin/kubectl get pods", L("kubectl get pods")),
        ("kubectl get pods --grace_period=1 -A", E(1, &["error: unknown flag: --grace_period", "See 'kubectl get --help' for usage."])),
        ("kubectl delete pod x --grace_period=1", L("kubectl delete pods x --grace-period=1")),
    ]);
}

#[test]
fn kubectl_errors() {
    run_table(&[
        ("kubectl frobnicate", E(1, &["error: unknown command \"frobnicate\" for \"kubectl\""])),
        ("kubectl foo", E(1, &["error: unknown command \"foo\" for \"kubectl\"", "", "Did you mean this?", "\ttop"])),
        (
            "kubectl gett",
            E(1, &["error: unknown command \"gett\" for \"kubectl\"", "", "Did you mean this?", "\tset", "\tget"]),
        ),
        ("kubectl run nginx", E(1, &["error: required flag(s) \"image\" not set"])),
        ("kubectl run", E(1, &["error: required flag(s) \"image\" not set"])),
        ("kubectl run --image=nginx", E(1, &["error: NAME is required for run"])),
        ("kubectl run --image=nginx -- sh", E(1, &["error: NAME is required for run"])),
        ("kubectl run x --image=", E(1, &["error: --image is required"])),
        ("kubectl run nginx --image=nginx --restart=Sometimes", E(1, &["error: invalid restart policy: Sometimes"])),
        ("kubectl run nginx --image=Nginx", E(1, &["error: invalid image name \"Nginx\": invalid reference format"])),
        ("kubectl run nginx --image=nginx -t", E(1, &["error: -i/--stdin is required for containers with -t/--tty=true"])),
        ("kubectl run nginx --image=nginx --rm", E(1, &["error: --rm should only be used for attached containers"])),
        ("kubectl run nginx --image=nginx -i --dry-run=client", E(1, &["error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)"])),
        ("kubectl run nginx --image=nginx --port=http", E(1, &["error: --port must be a number"])),
        ("kubectl run nginx --image=nginx --expose", E(1, &["error: --port must be set when exposing a service"])),
        ("kubectl run nginx --image=nginx --env=1BAD=x", E(1, &["error: invalid env: 1BAD=x"])),
        ("kubectl run nginx --image=nginx --env=NOVALUE", E(1, &["error: invalid env: NOVALUE"])),
        ("kubectl run nginx --image=nginx -l app", E(1, &["error: invalid label spec: app"])),
        ("kubectl run nginx --image=nginx --foo", E(1, &["error: unknown flag: --foo", "See 'kubectl run --help' for usage."])),
        ("kubectl run nginx --image", E(1, &["error: flag needs an argument: --image", "See 'kubectl run --help' for usage."])),
        ("kubectl get pods -x", E(1, &["error: unknown shorthand flag: 'x' in -x", "See 'kubectl get --help' for usage."])),
        ("kubectl get pods -n", E(1, &["error: flag needs an argument: 'n' in -n", "See 'kubectl get --help' for usage."])),
        ("kubectl get pods ---o", E(1, &["error: bad flag syntax: ---o", "See 'kubectl get --help' for usage."])),
        (
            "kubectl get",
            E(1, &[
                "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.",
                "",
                "error: Required resource not specified.",
                "Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).",
                "See 'kubectl get -h' for help and examples",
            ]),
        ),
        ("kubectl get pods pod/nginx", E(1, &["error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'"])),
        ("kubectl describe", E(1, &["error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources."])),
        (
            "kubectl delete",
            E(1, &[
                "error: You must provide one or more resources by argument or filename.",
                "Example resource specifications include:",
                "   '-f rsrc.yaml'",
                "   '--filename=rsrc.json'",
                "   '<resource> <name>'",
                "   '<resource>'",
            ]),
        ),
        ("kubectl delete pod", E(1, &["error: resource(s) were provided, but no name was specified"])),
        ("kubectl delete pod x --now --grace-period=5", E(1, &["error: --now and --grace-period cannot be specified together"])),
        (
            "kubectl delete pod x --grace-period=abc",
            E(1, &[
                "error: invalid argument \"abc\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax",
                "See 'kubectl delete --help' for usage.",
            ]),
        ),
        (
            "kubectl exec nginx ls",
            E(1, &[
                "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
                "See 'kubectl exec -h' for help and examples",
            ]),
        ),
        ("kubectl exec", E(1, &["error: pod, type/name or --filename must be specified"])),
        ("kubectl exec -- ls", E(1, &["error: pod, type/name or --filename must be specified"])),
        ("kubectl exec nginx", E(1, &["error: you must specify at least one command for the container"])),
        ("kubectl exec nginx --", E(1, &["error: you must specify at least one command for the container"])),
        (
            "kubectl logs",
            E(1, &[
                "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.",
                "POD or TYPE/NAME is a required argument for the logs command",
                "See 'kubectl logs -h' for help and examples",
            ]),
        ),
        (
            "kubectl logs a b c",
            E(1, &[
                "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.",
                "POD or TYPE/NAME is a required argument for the logs command",
                "See 'kubectl logs -h' for help and examples",
            ]),
        ),
        (
            "kubectl logs x --tail=ten",
            E(1, &[
                "error: invalid argument \"ten\" for \"--tail\" flag: strconv.ParseInt: parsing \"ten\": invalid syntax",
                "See 'kubectl logs --help' for usage.",
            ]),
        ),
        ("kubectl create deployment web", E(1, &["error: required flag(s) \"image\" not set"])),
        (
            "kubectl create deployment --image=nginx",
            E(1, &["error: exactly one NAME is required, got 0", "See 'kubectl create deployment -h' for help and examples"]),
        ),
        (
            "kubectl create deployment a b --image=nginx",
            E(1, &["error: exactly one NAME is required, got 2", "See 'kubectl create deployment -h' for help and examples"]),
        ),
        (
            "kubectl create deployment web --image=nginx --replicas=x",
            E(1, &[
                "error: invalid argument \"x\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"x\": invalid syntax",
                "See 'kubectl create deployment --help' for usage.",
            ]),
        ),
        ("kubectl create", E(1, &["Error: must specify one of -f and -k", ""])),
        (
            "kubectl create foo",
            E(1, &["Error: must specify one of -f and -k", "", "error: unknown command \"foo\"", "See 'kubectl create -h' for help and examples"]),
        ),
        ("kubectl scale deployment web", E(1, &["error: required flag(s) \"replicas\" not set"])),
        (
            "kubectl scale --replicas=3",
            E(1, &[
                "error: You must provide one or more resources by argument or filename.",
                "Example resource specifications include:",
                "   '-f rsrc.yaml'",
                "   '--filename=rsrc.json'",
                "   '<resource> <name>'",
                "   '<resource>'",
            ]),
        ),
        ("kubectl scale deployment --replicas=3", E(1, &["error: resource(s) were provided, but no name was specified"])),
        ("kubectl scale deployment web --replicas=-1", E(1, &["error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"])),
        ("kubectl --foo", E(1, &["error: unknown flag: --foo", "See 'kubectl --help' for usage."])),
        ("kubectl version -o xml", E(1, &["error: --output must be 'yaml' or 'json'"])),
    ]);
    assert_eq!(
        err("kubectl create").help.as_deref(),
        Some("kubectl create")
    );
    let e = err("kubectl patch pod web -p {}");
    assert_eq!(e.kind, ErrorKind::NotSimulated);
    assert_eq!(e.tool, Tool::Kubectl);
    assert!(e
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("create deployment")));
    assert_eq!(
        err("kubectl create configmap x").kind,
        ErrorKind::NotSimulated
    );
    assert_eq!(
        err("kubectl run x --image=nginx --foo").kind,
        ErrorKind::UnknownFlag
    );
    assert_eq!(err("kubectl run x").kind, ErrorKind::MissingArgument);
    assert!(matches!(
        parse("kubectl apply --help"),
        Ok(Command::Kubectl(_))
    ));
}

#[test]
fn kubectl_values() {
    let Ok(Command::Kubectl(k)) =
        parse("kubectl run m --image=nginx -i --limits=cpu=1,memory=64Mi --requests=memory=0.5Gi")
    else {
        panic!()
    };
    let kubectl::KubectlCommand::Run(r) = &k.command else {
        panic!()
    };
    assert_eq!(r.memory_limit_bytes(), Some(Ok(64 << 20)));
    assert_eq!(r.memory_request_bytes(), Some(Ok(1 << 29)));
    assert_eq!(r.restart_policy(), kubectl::RestartPolicy::OnFailure);
    let Ok(Command::Kubectl(k)) = parse("kubectl run m --image=nginx --limits=memory=lots") else {
        panic!()
    };
    let kubectl::KubectlCommand::Run(r) = &k.command else {
        panic!()
    };
    assert_eq!(
        r.memory_limit_bytes(),
        Some(Err(units::QuantityError::Format))
    );
    assert_eq!(r.restart_policy(), kubectl::RestartPolicy::Always);
    let Ok(Command::Kubectl(k)) = parse("kubectl get po x") else {
        panic!()
    };
    let kubectl::KubectlCommand::Get(g) = &k.command else {
        panic!()
    };
    assert_eq!(g.target.kind, kubectl::ResourceKind::Pods);
    assert_eq!(g.target.names, ["x"]);
    assert_eq!(k.namespace, None);
}

#[test]
fn crictl_commands() {
    run_table(&[
        ("crictl ps", L("crictl ps")),
        ("crictl ps -a", L("crictl ps --all")),
        ("crictl ps -aq", L("crictl ps --quiet --all")),
        (
            "crictl ps --name nginx --pod abc --state running --no-trunc -o json",
            L("crictl ps --name=nginx --state=running --no-trunc --output=json --pod=abc"),
        ),
        ("crictl ps --label app=web --label tier=fe -v", L("crictl ps --label=app=web --label=tier=fe --verbose")),
        ("crictl pods", L("crictl pods")),
        (
            "crictl pods --name nginx --namespace default --state ready -q --label app=web",
            L("crictl pods --name=nginx --namespace=default --state=ready --label=app=web --quiet"),
        ),
        ("crictl pods --no-trunc -o yaml", L("crictl pods --no-trunc --output=yaml")),
        ("crictl images", L("crictl images")),
        ("crictl img -q", L("crictl images --quiet")),
        ("crictl image --digests --no-trunc nginx", L("crictl images --digests --no-trunc nginx")),
        ("crictl pull nginx:1.25", L("crictl pull nginx:1.25")),
        ("crictl pull --pod-config pod.json busybox", L("crictl pull --pod-config=pod.json busybox")),
        ("crictl runp pod.json", L("crictl runp pod.json")),
        ("crictl runp --runtime kata pod.json", L("crictl runp --runtime=kata pod.json")),
        ("crictl runp -r runsc pod.json", L("crictl runp --runtime=runsc pod.json")),
        ("crictl create abc ctr.json pod.json", L("crictl create abc ctr.json pod.json")),
        ("crictl create --no-pull abc ctr.json pod.json", L("crictl create --no-pull abc ctr.json pod.json")),
        ("crictl start abc def", L("crictl start abc def")),
        ("crictl stop -t 5 abc", L("crictl stop --timeout=5 abc")),
        ("crictl stop -a", L("crictl stop --all")),
        ("crictl stopp abc", L("crictl stopp abc")),
        ("crictl rm -f abc", L("crictl rm --force abc")),
        ("crictl rm -a", L("crictl rm --all")),
        ("crictl rm -fa", L("crictl rm --force --all")),
        ("crictl rmp -f abc", L("crictl rmp --force abc")),
        ("crictl rmp -a", L("crictl rmp --all")),
        ("crictl rmi nginx", L("crictl rmi nginx")),
        ("crictl rmi -a", L("crictl rmi --all")),
        ("crictl rmi --prune", L("crictl rmi --prune")),
        ("crictl inspect abc", L("crictl inspect abc")),
        ("crictl inspect -o yaml abc", L("crictl inspect --output=yaml abc")),
        ("crictl inspect", L("crictl inspect")),
        ("crictl inspectp abc", L("crictl inspectp abc")),
        ("crictl inspectp -o go-template abc", L("crictl inspectp --output=go-template abc")),
        ("crictl inspecti nginx", L("crictl inspecti nginx")),
        ("crictl logs abc", L("crictl logs abc")),
        ("crictl logs --tail 20 -p abc", L("crictl logs --tail=20 --previous abc")),
        ("crictl logs -f abc", L("crictl logs --follow abc")),
        ("crictl exec -it abc sh", L("crictl exec --interactive --tty abc sh")),
        ("crictl exec -s abc ls -l", L("crictl exec --sync abc ls -l")),
        ("crictl exec -i -t abc sh -c 'echo hi'", L("crictl exec --interactive --tty abc sh -c 'echo hi'")),
        ("crictl exec --sync --timeout 3 abc true", L("crictl exec --sync --timeout=3 abc true")),
        ("crictl run ctr.json pod.json", L("crictl run ctr.json pod.json")),
        ("crictl run --runtime kata ctr.json pod.json", L("crictl run --runtime=kata ctr.json pod.json")),
        ("crictl stats", L("crictl stats")),
        ("crictl stats -a -o json", L("crictl stats --all --output=json")),
        ("crictl statsp", L("crictl statsp")),
        ("crictl imagefsinfo", L("crictl imagefsinfo")),
        ("crictl runtime-config", L("crictl runtime-config")),
        ("crictl events", L("crictl events")),
        ("crictl version", L("crictl version")),
        ("crictl info", L("crictl info")),
        ("crictl info -o yaml", L("crictl info --output=yaml")),
        (
            "crictl -r unix:///run/containerd/containerd.sock ps",
            L("crictl --runtime-endpoint=unix:///run/containerd/containerd.sock ps"),
        ),
        (
            "crictl --runtime-endpoint unix:///var/run/crio/crio.sock -i unix:///var/run/crio/crio.sock --timeout 10s -D ps",
            L("crictl --runtime-endpoint=unix:///var/run/crio/crio.sock --image-endpoint=unix:///var/run/crio/crio.sock --timeout=10s --debug ps"),
        ),
        ("crictl", L("crictl")),
        ("crictl help ps", L("crictl help ps")),
        ("crictl ps --help", L("crictl help ps")),
        ("crictl --version", L("crictl --version")),
        ("crictl exec abc", L("crictl help exec")),
        ("crictl create abc ctr.json", L("crictl help create")),
        ("crictl runp", L("crictl help runp")),
        ("crictl stopp", L("crictl help stopp")),
        ("crictl rm", L("crictl help rm")),
        ("crictl rmi", L("crictl help rmi")),
        ("crictl inspecti", L("crictl help inspecti")),
        ("crictl ps extra", L("crictl help ps")),
    ]);
}

#[test]
fn crictl_errors() {
    run_table(&[
        ("crictl foo", E(3, &["No help topic for 'foo'"])),
        ("crictl help foo", E(3, &["No help topic for 'foo'"])),
        (
            "crictl ps --foo",
            E(1, &["flag provided but not defined: -foo"]),
        ),
        (
            "crictl ps -it",
            E(1, &["flag provided but not defined: -it"]),
        ),
        ("crictl pull", E(1, &["Image name cannot be empty"])),
        ("crictl start", E(1, &["ID cannot be empty"])),
        (
            "crictl stop",
            E(
                1,
                &["you must specify at least one CONTAINER-ID or use --all"],
            ),
        ),
        (
            "crictl stop -a abc",
            E(1, &["cannot specify CONTAINER-ID(s) when using --all"]),
        ),
        ("crictl logs", E(1, &["ID cannot be empty"])),
        (
            "crictl create --no-pull --with-pull a b c",
            E(1, &["conflict: no-pull and with-pull are both set"]),
        ),
        (
            "crictl stop -t x abc",
            E(1, &["invalid value \"x\" for flag -t: parse error"]),
        ),
        (
            "crictl --timeout soon ps",
            E(
                1,
                &["invalid value \"soon\" for flag -timeout: parse error"],
            ),
        ),
        (
            "crictl --foo ps",
            E(1, &["flag provided but not defined: -foo"]),
        ),
        (
            "crictl logs --tail",
            E(1, &["flag needs an argument: -tail"]),
        ),
    ]);
    let e = err("crictl ps --foo");
    assert_eq!(e.style, StderrStyle::Logrus(LogLevel::Fatal));
    assert_eq!(
        e.stdout,
        ["Incorrect Usage: flag provided but not defined: -foo", ""]
    );
    assert_eq!(e.help.as_deref(), Some("crictl ps"));
    assert_eq!(
        e.render_stderr("2026-01-02T03:04:05Z"),
        "time=\"2026-01-02T03:04:05Z\" level=fatal msg=\"flag provided but not defined: -foo\"\n"
    );
    assert_eq!(err("crictl --foo ps").help.as_deref(), Some("crictl"));
    assert_eq!(err("crictl stop").style, StderrStyle::Plain);
    assert_eq!(err("crictl foo").style, StderrStyle::Plain);
    assert_eq!(err("crictl attach abc").kind, ErrorKind::NotSimulated);
}

#[test]
fn ctr_commands() {
    run_table(&[
        ("ctr version", L("ctr version")),
        ("ctr plugins ls", L("ctr plugins ls")),
        ("ctr plugin list -d", L("ctr plugins ls --detailed")),
        ("ctr ns ls", L("ctr namespaces ls")),
        ("ctr namespaces list -q", L("ctr namespaces ls --quiet")),
        ("ctr images pull docker.io/library/nginx:latest", L("ctr images pull docker.io/library/nginx:latest")),
        (
            "ctr i pull --platform linux/amd64 --all-platforms docker.io/library/redis:7",
            L("ctr images pull --platform=linux/amd64 --all-platforms docker.io/library/redis:7"),
        ),
        ("ctr image pull --local docker.io/library/nginx:latest", L("ctr images pull --local docker.io/library/nginx:latest")),
        ("ctr -n k8s.io images ls -q", L("ctr --namespace=k8s.io images ls --quiet")),
        ("ctr --namespace=k8s.io i ls", L("ctr --namespace=k8s.io images ls")),
        ("ctr image rm docker.io/library/nginx:latest", L("ctr images rm docker.io/library/nginx:latest")),
        ("ctr images delete a b", L("ctr images rm a b")),
        ("ctr images import img.tar", L("ctr images import img.tar")),
        ("ctr run -d docker.io/library/nginx:latest web", L("ctr run --detach docker.io/library/nginx:latest web")),
        (
            "ctr run --rm -t --runc-binary /usr/bin/crun --memory-limit 67108864 --env A=1 docker.io/library/alpine:3 demo sh -c 'echo hi'",
            L("ctr run --rm --tty --runc-binary=/usr/bin/crun --memory-limit=67108864 --env=A=1 docker.io/library/alpine:3 demo sh -c 'echo hi'"),
        ),
        (
            "ctr run --net-host --cni --runtime io.containerd.runc.v2 img id",
            L("ctr run --runtime=io.containerd.runc.v2 --net-host --cni img id"),
        ),
        ("ctr run img id --rm", L("ctr run img id --rm")),
        ("ctr c ls", L("ctr containers ls")),
        ("ctr container list -q", L("ctr containers ls --quiet")),
        ("ctr containers rm web db", L("ctr containers rm web db")),
        ("ctr t ls", L("ctr tasks ls")),
        ("ctr task start -d web", L("ctr tasks start --detach web")),
        ("ctr tasks kill -s SIGKILL web", L("ctr tasks kill --signal=SIGKILL web")),
        ("ctr tasks kill web -a", L("ctr tasks kill --all web")),
        ("ctr tasks kill --signal 9 web", L("ctr tasks kill --signal=9 web")),
        ("ctr tasks rm -f web", L("ctr tasks rm --force web")),
        ("ctr tasks delete web", L("ctr tasks rm web")),
        ("ctr tasks exec --exec-id e1 -t web sh", L("ctr tasks exec --exec-id=e1 --tty web sh")),
        ("ctr tasks exec --exec-id e1 web ls -l", L("ctr tasks exec --exec-id=e1 web ls -l")),
        ("ctr tasks ps web", L("ctr tasks ps web")),
        ("ctr tasks pause web", L("ctr tasks pause web")),
        ("ctr tasks resume web", L("ctr tasks resume web")),
        ("ctr snapshots ls", L("ctr snapshots ls")),
        ("ctr snapshot --snapshotter native ls", L("ctr snapshots --snapshotter=native ls")),
        ("ctr content ls", L("ctr content ls")),
        ("ctr events", L("ctr events")),
        ("ctr leases ls", L("ctr leases ls")),
        ("ctr -a /run/containerd/containerd.sock --debug version", L("ctr --address=/run/containerd/containerd.sock --debug version")),
        ("ctr", L("ctr")),
        ("ctr help images", L("ctr help images")),
        ("ctr i", L("ctr help images")),
        ("ctr run --help", L("ctr help run")),
        ("ctr help info", L("ctr help info")),
        ("ctr tasks kill --help", L("ctr tasks kill --help")),
        ("ctr --version", L("ctr --version")),
    ]);
    let Ok(Command::Ctr(c)) = parse("ctr tasks ls") else {
        panic!()
    };
    assert_eq!(c.namespace(), "default");
}

#[test]
fn ctr_errors() {
    run_table(&[
        ("ctr foo", E(3, &["No help topic for 'foo'"])),
        ("ctr images foo", E(3, &["No help topic for 'foo'"])),
        (
            "ctr images pull",
            E(1, &["ctr: please provide an image reference to pull"]),
        ),
        ("ctr run", E(1, &["ctr: image ref must be provided"])),
        (
            "ctr run docker.io/library/nginx:latest",
            E(1, &["ctr: container id must be provided"]),
        ),
        (
            "ctr run --rm -d img id",
            E(
                1,
                &["ctr: flags --detach and --rm cannot be specified together"],
            ),
        ),
        (
            "ctr tasks kill -s NOPE web",
            E(1, &["ctr: unknown signal \"NOPE\""]),
        ),
        (
            "ctr tasks start",
            E(1, &["ctr: container id must be provided"]),
        ),
        (
            "ctr tasks kill",
            E(1, &["ctr: container id must be provided"]),
        ),
        (
            "ctr tasks exec web sh",
            E(1, &["ctr: Required flag \"exec-id\" not set"]),
        ),
        (
            "ctr containers rm",
            E(
                1,
                &["ctr: must specify at least one container to delete: invalid argument"],
            ),
        ),
        (
            "ctr run --foo img id",
            E(1, &["ctr: flag provided but not defined: -foo"]),
        ),
        (
            "ctr --memory-limit 5 x",
            E(1, &["ctr: flag provided but not defined: -memory-limit"]),
        ),
        (
            "ctr run --memory-limit lots img id",
            E(
                1,
                &["ctr: invalid value \"lots\" for flag -memory-limit: parse error"],
            ),
        ),
        (
            "ctr tasks start -s web",
            E(1, &["ctr: flag provided but not defined: -s"]),
        ),
    ]);
    assert_eq!(
        err("ctr run --foo img id").stdout,
        ["Incorrect Usage: flag provided but not defined: -foo", ""]
    );
    assert_eq!(
        err("ctr --memory-limit 5 x").stdout,
        [
            "Incorrect Usage. flag provided but not defined: -memory-limit",
            ""
        ]
    );
    assert_eq!(err("ctr install").kind, ErrorKind::NotSimulated);
    assert_eq!(err("ctr images push x").kind, ErrorKind::NotSimulated);
}

#[test]
fn nerdctl_commands() {
    run_table(&[
        (
            "nerdctl run -d --name web -p 8080:80 nginx",
            L("nerdctl run --detach --name=web --publish=8080:80 nginx"),
        ),
        (
            "nerdctl run --rm -it -e A=1 -m 64m --init alpine sh",
            L("nerdctl run --rm --env=A=1 --init --memory=64m --interactive --tty alpine sh"),
        ),
        ("nerdctl run nginx -d", L("nerdctl run nginx -d")),
        (
            "nerdctl -n k8s.io ps -a",
            L("nerdctl --namespace=k8s.io ps --all"),
        ),
        ("nerdctl ps -q", L("nerdctl ps --quiet")),
        (
            "nerdctl ps --namespace k8s.io",
            L("nerdctl --namespace=k8s.io ps"),
        ),
        ("nerdctl container ls", L("nerdctl ps")),
        ("nerdctl pull nginx", L("nerdctl pull nginx")),
        ("nerdctl images", L("nerdctl images")),
        ("nerdctl image ls -q", L("nerdctl images --quiet")),
        ("nerdctl stop -t 3 web", L("nerdctl stop --time=3 web")),
        ("nerdctl start web", L("nerdctl start web")),
        ("nerdctl rm -f web", L("nerdctl rm --force web")),
        ("nerdctl rmi nginx", L("nerdctl rmi nginx")),
        (
            "nerdctl exec -it web sh",
            L("nerdctl exec --interactive --tty web sh"),
        ),
        ("nerdctl logs -f web", L("nerdctl logs --follow web")),
        ("nerdctl inspect web", L("nerdctl inspect web")),
        ("nerdctl version", L("nerdctl version")),
        ("nerdctl info", L("nerdctl info")),
        (
            "nerdctl kill -s SIGTERM web",
            L("nerdctl kill --signal=SIGTERM web"),
        ),
        (
            "nerdctl create --name web nginx",
            L("nerdctl create --name=web nginx"),
        ),
        ("nerdctl", L("nerdctl")),
        ("nerdctl run --help", L("nerdctl help run")),
        ("nerdctl --version", L("nerdctl --version")),
    ]);
}

#[test]
fn nerdctl_errors() {
    run_table(&[
        (
            "nerdctl frobnicate",
            E(1, &["unknown subcommand \"frobnicate\" for \"nerdctl\""]),
        ),
        (
            "nerdctl foo",
            E(
                1,
                &["unknown subcommand \"foo\" for \"nerdctl\"\n\nDid you mean this?\n\ttop\n"],
            ),
        ),
        (
            "nerdctl run",
            E(1, &["requires at least 1 arg(s), only received 0"]),
        ),
        ("nerdctl run --foo nginx", E(1, &["unknown flag: --foo"])),
        ("nerdctl logs", E(1, &["accepts 1 arg(s), received 0"])),
        (
            "nerdctl exec web",
            E(1, &["requires at least 2 arg(s), only received 1"]),
        ),
        (
            "nerdctl run -p abc nginx",
            E(1, &["invalid containerPort: abc"]),
        ),
        (
            "nerdctl ps x",
            E(1, &["unknown command \"x\" for \"nerdctl ps\""]),
        ),
        (
            "nerdctl images a b",
            E(1, &["accepts at most 1 arg(s), received 2"]),
        ),
        (
            "nerdctl container frob",
            E(1, &["unknown subcommand \"frob\" for \"container\""]),
        ),
    ]);
    let e = err("nerdctl psx");
    assert_eq!(
        e.stderr,
        ["unknown subcommand \"psx\" for \"nerdctl\"\n\nDid you mean this?\n\tps\n\tpush\n"]
    );
    assert_eq!(e.style, StderrStyle::Logrus(LogLevel::Fatal));
    assert_eq!(err("nerdctl compose up").kind, ErrorKind::NotSimulated);
    let Ok(Command::Nerdctl(n)) = parse("nerdctl run -m 64m nginx") else {
        panic!()
    };
    let nerdctl::NerdctlCommand::Run(r) = &n.command else {
        panic!()
    };
    assert_eq!(r.memory_bytes(), Some(64 << 20));
    assert_eq!(n.namespace(), "default");
}

#[test]
fn docker_commands() {
    run_table(&[
        ("docker run -d --name web -p 8080:80 nginx", L("docker run --detach --name=web --publish=8080:80 nginx")),
        (
            "docker run --rm -it --init -m 64m -e A=1 -P --entrypoint sh --network host --runtime runc alpine -c 'echo hi'",
            L("docker run --rm --publish-all --env=A=1 --init --memory=64m --interactive --tty --entrypoint=sh --network=host --runtime=runc alpine -c 'echo hi'"),
        ),
        ("docker run nginx -d", L("docker run nginx -d")),
        ("docker run -p 127.0.0.1:8080:80/tcp nginx", L("docker run --publish=127.0.0.1:8080:80/tcp nginx")),
        ("docker run -p 80 -p 53:53/udp nginx", L("docker run --publish=80 --publish=53:53/udp nginx")),
        ("docker run -p [::1]:8080:80 nginx", L("docker run '--publish=[::1]:8080:80' nginx")),
        ("docker run -p 127.0.0.1::80 nginx", L("docker run --publish=127.0.0.1::80 nginx")),
        ("docker run -h box --net=bridge busybox", L("docker run --network=bridge busybox")),
        ("docker run --restart=always -v /data:/data -l a=b -u 1000 -w /app --privileged app", L("docker run --restart=always --user=1000 --workdir=/app --label=a=b --volume=/data:/data --privileged app")),
        ("docker container run -d nginx", L("docker run --detach nginx")),
        ("docker create --name web nginx", L("docker create --name=web nginx")),
        ("docker container create nginx", L("docker create nginx")),
        ("docker start web", L("docker start web")),
        ("docker start -a web db", L("docker start --attach web db")),
        ("docker ps -a -q --no-trunc", L("docker ps --all --quiet --no-trunc")),
        ("docker ps --format '{{.Names}}' -f status=running", L("docker ps '--format={{.Names}}' --filter=status=running")),
        ("docker container ls -a", L("docker ps --all")),
        ("docker container ps", L("docker ps")),
        ("docker pull nginx:1.25", L("docker pull nginx:1.25")),
        ("docker image pull -q nginx", L("docker pull --quiet nginx")),
        ("docker images", L("docker images")),
        ("docker images nginx", L("docker images nginx")),
        ("docker image ls -q", L("docker images --quiet")),
        ("docker stop -t 5 web", L("docker stop --time=5 web")),
        ("docker container stop web db", L("docker stop web db")),
        ("docker kill -s HUP web", L("docker kill --signal=HUP web")),
        ("docker rm -f web db", L("docker rm --force web db")),
        ("docker container rm -v web", L("docker rm --volumes web")),
        ("docker rmi nginx", L("docker rmi nginx")),
        ("docker image rm -f nginx", L("docker rmi --force nginx")),
        ("docker exec -it web sh", L("docker exec --interactive --tty web sh")),
        ("docker exec -d web touch /x", L("docker exec --detach web touch /x")),
        ("docker exec web ls -la", L("docker exec web ls -la")),
        ("docker exec -e A=1 -u root -w /tmp web env", L("docker exec --env=A=1 --user=root --workdir=/tmp web env")),
        ("docker logs -f --tail 10 web", L("docker logs --follow --tail=10 web")),
        ("docker logs -n 5 -t web", L("docker logs --tail=5 --timestamps web")),
        ("docker inspect web", L("docker inspect web")),
        ("docker inspect -f '{{.State.Pid}}' web", L("docker inspect '--format={{.State.Pid}}' web")),
        ("docker container inspect web", L("docker inspect --type=container web")),
        ("docker image inspect nginx", L("docker inspect --type=image nginx")),
        ("docker version", L("docker version")),
        ("docker info", L("docker info")),
        ("docker", L("docker")),
        ("docker --version", L("docker --version")),
        ("docker run --help", L("docker help run")),
        ("docker container", L("docker help container")),
        ("docker -H unix:///var/run/docker.sock ps", L("docker --host=unix:///var/run/docker.sock ps")),
        ("docker --context default -D info", L("docker --context=default --debug info")),
    ]);
    let Ok(Command::Docker(d)) = parse("docker run -m 1.5g alpine") else {
        panic!()
    };
    let docker::DockerCommand::Run(r) = &d.command else {
        panic!()
    };
    assert_eq!(r.memory_bytes(), Some(3 << 29));
    assert_eq!(
        docker::PortSpec::parse("0.0.0.0:8080-8081:80-81/udp"),
        Ok(docker::PortSpec {
            host_ip: Some("0.0.0.0".into()),
            host_port: Some("8080-8081".into()),
            container_port: "80-81".into(),
            protocol: Some("udp".into()),
        })
    );
}

#[test]
fn docker_errors() {
    run_table(&[
        ("docker foo", E(1, &["docker: 'foo' is not a docker command.", "See 'docker --help'"])),
        (
            "docker run",
            E(1, &[
                "docker: 'docker run' requires at least 1 argument",
                "",
                "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
                "",
                "See 'docker run --help' for more information",
            ]),
        ),
        (
            "docker run --foo nginx",
            E(125, &[
                "unknown flag: --foo",
                "",
                "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
                "",
                "Run 'docker run --help' for more information",
            ]),
        ),
        (
            "docker run -m lots nginx",
            E(125, &[
                "invalid argument \"lots\" for \"-m, --memory\" flag: invalid size: 'lots'",
                "",
                "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
                "",
                "Run 'docker run --help' for more information",
            ]),
        ),
        (
            "docker ps foo",
            E(1, &[
                "docker: 'docker ps' accepts no arguments",
                "",
                "Usage:  docker ps [OPTIONS]",
                "",
                "Run 'docker ps --help' for more information",
            ]),
        ),
        (
            "docker logs",
            E(1, &[
                "docker: 'docker logs' requires 1 argument",
                "",
                "Usage:  docker logs [OPTIONS] CONTAINER",
                "",
                "Run 'docker logs --help' for more information",
            ]),
        ),
        (
            "docker images a b",
            E(1, &[
                "docker: 'docker images' requires at most 1 argument",
                "",
                "Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]",
                "",
                "Run 'docker images --help' for more information",
            ]),
        ),
        (
            "docker exec web",
            E(1, &[
                "docker: 'docker exec' requires at least 2 arguments",
                "",
                "Usage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]",
                "",
                "See 'docker exec --help' for more information",
            ]),
        ),
        (
            "docker container foo",
            E(1, &[
                "docker: unknown command: docker container foo",
                "",
                "Usage:  docker container COMMAND",
                "",
                "Run 'docker container --help' for more information",
            ]),
        ),
        (
            "docker container run",
            E(1, &[
                "docker: 'docker container run' requires at least 1 argument",
                "",
                "Usage:  docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]",
                "",
                "See 'docker container run --help' for more information",
            ]),
        ),
        (
            "docker image ls -x",
            E(125, &[
                "unknown shorthand flag: 'x' in -x",
                "",
                "Usage:  docker image ls [OPTIONS] [REPOSITORY[:TAG]]",
                "",
                "Run 'docker image ls --help' for more information",
            ]),
        ),
        (
            "docker run -p abc nginx",
            E(125, &["docker: invalid containerPort: abc", "", "Run 'docker run --help' for more information"]),
        ),
        (
            "docker run -p 80:x nginx",
            E(125, &["docker: invalid containerPort: x", "", "Run 'docker run --help' for more information"]),
        ),
        (
            "docker run -p 80/ftp nginx",
            E(125, &["docker: invalid proto: ftp", "", "Run 'docker run --help' for more information"]),
        ),
        (
            "docker run Nginx",
            E(125, &[
                "docker: invalid reference format: repository name (library/Nginx) must be lowercase",
                "",
                "Run 'docker run --help' for more information",
            ]),
        ),
        (
            "docker run nginx:",
            E(125, &["docker: invalid reference format", "", "Run 'docker run --help' for more information"]),
        ),
        (
            "docker --foo ps",
            E(125, &[
                "unknown flag: --foo",
                "",
                "Usage:  docker [OPTIONS] COMMAND [ARG...]",
                "",
                "Run 'docker --help' for more information",
            ]),
        ),
        (
            "docker stop -t x web",
            E(125, &[
                "invalid argument \"x\" for \"-t, --time\" flag: strconv.ParseInt: parsing \"x\": invalid syntax",
                "",
                "Usage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]",
                "",
                "Run 'docker stop --help' for more information",
            ]),
        ),
    ]);
    assert_eq!(err("docker build .").kind, ErrorKind::NotSimulated);
    assert_eq!(err("docker container prune").kind, ErrorKind::NotSimulated);
}

#[test]
fn runtime_commands() {
    run_table(&[
        ("runc spec", L("runc spec")),
        (
            "runc spec --rootless -b /b",
            L("runc spec --bundle=/b --rootless"),
        ),
        (
            "runc create -b /bundle demo",
            L("runc create --bundle=/bundle demo"),
        ),
        (
            "runc create --bundle /b --pid-file /p --console-socket /s --no-pivot demo",
            L("runc create --bundle=/b --pid-file=/p --console-socket=/s --no-pivot demo"),
        ),
        ("runc start demo", L("runc start demo")),
        (
            "runc create --preserve-fds 2 demo",
            L("runc create --preserve-fds=2 demo"),
        ),
        (
            "runc exec --preserve-fds=1 demo ls",
            L("runc exec --preserve-fds=1 demo ls"),
        ),
        (
            "runc run -d --keep -b /b demo",
            L("runc run --bundle=/b --detach --keep demo"),
        ),
        ("runc run demo -d", L("runc run --detach demo")),
        ("runc state demo", L("runc state demo")),
        ("runc list", L("runc list")),
        ("runc list -f json -q", L("runc list --format=json --quiet")),
        ("runc kill demo", L("runc kill demo")),
        ("runc kill demo KILL", L("runc kill demo KILL")),
        ("runc kill --all demo 9", L("runc kill --all demo 9")),
        ("runc kill demo -a", L("runc kill --all demo")),
        ("runc delete -f demo", L("runc delete --force demo")),
        ("runc delete demo --force", L("runc delete --force demo")),
        ("runc exec -t demo sh", L("runc exec --tty demo sh")),
        ("runc exec demo ps -ef", L("runc exec demo ps -ef")),
        (
            "runc exec -d --process p.json demo",
            L("runc exec --detach --process=p.json demo"),
        ),
        (
            "runc exec -e A=1 --cwd /tmp -u 0 demo env",
            L("runc exec --env=A=1 --cwd=/tmp --user=0 demo env"),
        ),
        ("runc ps demo", L("runc ps demo")),
        (
            "runc ps -f json demo -ef",
            L("runc ps --format=json demo -ef"),
        ),
        ("runc pause demo", L("runc pause demo")),
        ("runc resume demo", L("runc resume demo")),
        ("runc events --stats demo", L("runc events --stats demo")),
        (
            "runc update --memory 1000000 demo",
            L("runc update --memory=1000000 demo"),
        ),
        ("runc features", L("runc features")),
        (
            "runc --root /run/r --log-format json --systemd-cgroup list",
            L("runc --root=/run/r --log-format=json --systemd-cgroup list"),
        ),
        (
            "runc --debug --log /tmp/l --rootless false state x",
            L("runc --log=/tmp/l --debug --rootless=false state x"),
        ),
        ("runc", L("runc")),
        ("runc --version", L("runc --version")),
        ("runc -v", L("runc --version")),
        ("runc help kill", L("runc help kill")),
        ("runc kill --help", L("runc help kill")),
        ("/usr/bin/runc list", L("runc list")),
        (
            "crun run -d --bundle /b demo",
            L("crun run --bundle=/b --detach demo"),
        ),
        ("crun create -b /b demo", L("crun create --bundle=/b demo")),
        (
            "crun --root /run/crun kill demo NOTASIG",
            L("crun --root=/run/crun kill demo NOTASIG"),
        ),
        ("crun delete -f demo", L("crun delete --force demo")),
        ("crun list -q", L("crun list --quiet")),
        (
            "crun exec -t demo sh -c id",
            L("crun exec --tty demo sh -c id"),
        ),
        ("crun state demo", L("crun state demo")),
        ("crun --version", L("crun --version")),
        ("crun start --help", L("crun start --help")),
    ]);
}

#[test]
fn runtime_errors() {
    run_table(&[
        ("runc foo", E(3, &["No help topic for 'foo'\n"])),
        ("runc help foo", E(3, &["No help topic for 'foo'\n"])),
        (
            "runc start",
            E(1, &["runc: \"start\" requires exactly 1 argument(s)"]),
        ),
        (
            "runc start a b",
            E(1, &["runc: \"start\" requires exactly 1 argument(s)"]),
        ),
        (
            "/usr/local/sbin/runc start",
            E(
                1,
                &["/usr/local/sbin/runc: \"start\" requires exactly 1 argument(s)"],
            ),
        ),
        (
            "runc kill",
            E(1, &["runc: \"kill\" requires a minimum of 1 argument(s)"]),
        ),
        (
            "runc kill a b c",
            E(1, &["runc: \"kill\" requires a maximum of 2 argument(s)"]),
        ),
        (
            "runc create",
            E(1, &["runc: \"create\" requires exactly 1 argument(s)"]),
        ),
        (
            "runc run",
            E(1, &["runc: \"run\" requires exactly 1 argument(s)"]),
        ),
        (
            "runc exec",
            E(1, &["runc: \"exec\" requires a minimum of 1 argument(s)"]),
        ),
        (
            "runc list x",
            E(1, &["runc: \"list\" requires exactly 0 argument(s)"]),
        ),
        (
            "runc delete --foo x",
            E(1, &["flag provided but not defined: -foo"]),
        ),
        (
            "runc --foo list",
            E(1, &["flag provided but not defined: -foo"]),
        ),
        (
            "runc create ''",
            E(1, &["runc create failed: container id cannot be empty"]),
        ),
        (
            "runc run ''",
            E(1, &["runc run failed: container id cannot be empty"]),
        ),
        ("runc state ''", E(1, &["container id cannot be empty"])),
        ("runc kill ''", E(1, &["container id cannot be empty"])),
        (
            "runc create --bundle",
            E(1, &["flag needs an argument: -bundle"]),
        ),
        ("crun foo", E(1, &["unknown command foo"])),
        ("crun", E(1, &["please specify a command"])),
        (
            "crun start",
            E(1, &["crun: `start` requires a minimum of 1 arguments"]),
        ),
        (
            "crun start a b",
            E(1, &["crun: `start` requires a maximum of 1 arguments"]),
        ),
        (
            "crun delete --foo x",
            E(
                64,
                &[
                    "crun: unrecognized option '--foo'",
                    "Try `crun --help' or `crun --usage' for more information.",
                ],
            ),
        ),
        (
            "crun --bogus list",
            E(
                64,
                &[
                    "crun: unrecognized option '--bogus'",
                    "Try `crun --help' or `crun --usage' for more information.",
                ],
            ),
        ),
        (
            "crun run -x demo",
            E(
                64,
                &[
                    "crun: invalid option -- 'x'",
                    "Try `crun --help' or `crun --usage' for more information.",
                ],
            ),
        ),
        (
            "crun create --bundle",
            E(
                64,
                &[
                    "crun: option '--bundle' requires an argument",
                    "Try `crun --help' or `crun --usage' for more information.",
                ],
            ),
        ),
    ]);
    let e = err("runc start");
    assert_eq!(e.stdout, ["Incorrect Usage.", ""]);
    assert_eq!(e.help.as_deref(), Some("runc start"));
    assert_eq!(e.style, StderrStyle::Logrus(LogLevel::Error));
    assert_eq!(
        e.render_stderr("2026-11-23T15:16:18Z"),
        "time=\"2026-11-23T15:16:18Z\" level=error msg=\"runc: \\\"start\\\" requires exactly 1 argument(s)\"\n"
    );
    let e = err("runc delete --foo x");
    assert_eq!(
        e.stdout,
        ["Incorrect Usage: flag provided but not defined: -foo", ""]
    );
    assert_eq!(e.help.as_deref(), Some("runc delete"));
    assert_eq!(
        err("runc --foo list").stdout,
        ["Incorrect Usage. flag provided but not defined: -foo", ""]
    );
    assert_eq!(
        err("runc foo").render_stderr("T"),
        "time=T level=error msg=\"No help topic for 'foo'\\n\"\n"
    );
    let e = err("runc --log-format json foo");
    assert_eq!(
        e.render_stderr("T"),
        "{\"level\":\"error\",\"msg\":\"No help topic for 'foo'\\n\",\"time\":\"T\"}\n"
    );
    assert_eq!(err("runc checkpoint x").kind, ErrorKind::NotSimulated);
}

/// The errors in shared/reference/runtime-outputs/errors-runc.txt that the
/// parser (or the helpers it exposes) produce.
#[test]
fn runc_reference_outputs() {
    const TIME: &str = "2026-11-23T15:16:18Z";
    let Ok(Command::Runtime(kill)) = parse("runc --root $LAB/R/runc kill e-runc-a NOTASIG") else {
        panic!()
    };
    let sig = kill.kill_signal();
    let Some(Err(e)) = sig else { panic!("{sig:?}") };
    assert_eq!(
        e.render_stderr(TIME),
        "time=\"2026-11-23T15:16:18Z\" level=error msg=\"unknown signal \\\"NOTASIG\\\"\"\n"
    );
    assert_eq!(e.exit_code, 1);
    for (line, n) in [
        ("runc kill x", 15),
        ("runc kill x KILL", 9),
        ("runc kill x sigkill", 9),
        ("runc kill x SIGUSR1", 10),
        ("runc kill x 12", 12),
        ("runc kill x -1", -1),
        ("crun kill x NOTASIG", 0),
        ("crun kill x TERM", 15),
    ] {
        let Ok(Command::Runtime(k)) = parse(line) else {
            panic!("{line}")
        };
        assert_eq!(k.kill_signal().and_then(Result::ok), Some(n), "{line}");
    }
    let Ok(Command::Runtime(create)) =
        parse("runc --root $LAB/R/runc create --bundle b-sleep ../x")
    else {
        panic!()
    };
    let RuntimeCommand::Create(c) = &create.command else {
        panic!()
    };
    assert_eq!(validate_container_id(&c.id), Err(runc::InvalidContainerId));
    let e = create.error(
        ErrorKind::InvalidArgument,
        format!("runc create failed: {}", runc::InvalidContainerId),
    );
    assert_eq!(
        e.render_stderr(TIME),
        "time=\"2026-11-23T15:16:18Z\" level=error msg=\"runc create failed: invalid container ID format\"\n"
    );
    assert_eq!(create.container_id(), Some("../x"));
    for bad in ["a/b", "../x", ".", "..", "", "a b", "a,b", "é"] {
        assert!(validate_container_id(bad).is_err(), "{bad:?}");
    }
    for good in ["e-runc-a", "a.b_c+d-1", "...", "X"] {
        assert!(validate_container_id(good).is_ok(), "{good:?}");
    }
    let Ok(Command::Runtime(crun)) = parse("crun state x") else {
        panic!()
    };
    let e = crun.error(
        ErrorKind::InvalidArgument,
        "container `e-crun-a` already exists",
    );
    assert_eq!(
        e.render_stderr("ignored"),
        "container `e-crun-a` already exists\n"
    );
    assert!(crun.kill_signal().is_none());
}

#[test]
fn sleep_and_systemctl() {
    run_table(&[
        ("sleep 5", L("sleep 5")),
        ("sleep 2.5", L("sleep 3")),
        ("sleep 1m", L("sleep 60")),
        ("sleep 1 2", L("sleep 3")),
        ("sleep 0.001", L("sleep 1")),
        ("sleep 0", L("sleep 0")),
        ("sleep 1h 30s", L("sleep 3630")),
        ("sleep 1d", L("sleep 86400")),
        ("sleep -- 4", L("sleep 4")),
        (
            "sleep",
            E(
                1,
                &[
                    "sleep: missing operand",
                    "Try 'sleep --help' for more information.",
                ],
            ),
        ),
        (
            "sleep abc",
            E(
                1,
                &[
                    "sleep: invalid time interval \u{2018}abc\u{2019}",
                    "Try 'sleep --help' for more information.",
                ],
            ),
        ),
        (
            "sleep 5x",
            E(
                1,
                &[
                    "sleep: invalid time interval \u{2018}5x\u{2019}",
                    "Try 'sleep --help' for more information.",
                ],
            ),
        ),
        (
            "sleep .",
            E(
                1,
                &[
                    "sleep: invalid time interval \u{2018}.\u{2019}",
                    "Try 'sleep --help' for more information.",
                ],
            ),
        ),
        (
            "sleep -1",
            E(
                1,
                &[
                    "sleep: invalid option -- '1'",
                    "Try 'sleep --help' for more information.",
                ],
            ),
        ),
        (
            "sleep --bogus",
            E(
                1,
                &[
                    "sleep: unrecognized option '--bogus'",
                    "Try 'sleep --help' for more information.",
                ],
            ),
        ),
        (
            "sleep infinity",
            E(
                1,
                &["atlas: that sleep never ends; the simulator needs a finite time"],
            ),
        ),
        (
            "systemctl restart containerd",
            L("systemctl restart containerd"),
        ),
        (
            "systemctl stop kubelet.service",
            L("systemctl stop kubelet"),
        ),
        ("sudo systemctl start docker", L("systemctl start docker")),
        ("systemctl restart crio", L("systemctl restart crio")),
        (
            "systemctl --no-pager restart cri-docker",
            L("systemctl restart cri-docker"),
        ),
        ("systemctl restart", E(1, &["Too few arguments."])),
        (
            "systemctl frob containerd",
            E(1, &["Unknown command verb 'frob'."]),
        ),
        (
            "systemctl restart .service",
            E(1, &["Failed to restart: Unit name .service is not valid."]),
        ),
    ]);
    assert_eq!(
        err("systemctl status kubelet").kind,
        ErrorKind::NotSimulated
    );
    assert_eq!(err("systemctl restart a b").kind, ErrorKind::NotSimulated);
    assert_eq!(parse("sleep 7").map(|c| c.tool()), Ok(Tool::Sleep));
}

#[test]
fn shell_level() {
    run_table(&[
        ("foo bar", E(127, &["bash: foo: command not found"])),
        ("k get pods", E(127, &["bash: k: command not found"])),
        ("./foo", E(127, &["bash: ./foo: No such file or directory"])),
        (
            "kubectl get pods 'x",
            E(2, &["bash: unexpected EOF while looking for matching `''", "bash: syntax error: unexpected end of file"]),
        ),
        (
            "docker run \"nginx",
            E(2, &["bash: unexpected EOF while looking for matching `\"'", "bash: syntax error: unexpected end of file"]),
        ),
        (
            "crictl ps | grep x",
            E(2, &["atlas: `|` at column 11: pipes, redirections, command lists and substitutions are not simulated"]),
        ),
        ("", E(0, &[])),
        ("   # just a comment", E(0, &[])),
        ("sudo", E(0, &[])),
    ]);
    let e = err("foo");
    assert_eq!(e.tool, Tool::Shell);
    assert_eq!(e.kind, ErrorKind::CommandNotFound);
    let hint = e.hint.unwrap_or_default();
    for p in PROGRAMS {
        assert!(hint.contains(p), "{hint}");
    }
    assert_eq!(
        err("kubectl get pods 'x").hint.as_deref(),
        Some("unterminated single quote opened at column 18")
    );
    assert_eq!(err("").kind, ErrorKind::Empty);
    assert_eq!(err("a && b").kind, ErrorKind::Unsupported);
}

#[test]
fn scripts_parse_line_by_line() {
    let script = "# demo\nkubectl run web --image=nginx\n\nsleep 10\ncrictl ps \\\n  -a\nbogus\n";
    let results: Vec<(u32, Result<Command, CommandError>)> = split_script(script)
        .into_iter()
        .map(|l| (l.line, parse(&l.text)))
        .collect();
    assert_eq!(results.len(), 4);
    assert_eq!(results[0].0, 2);
    assert_eq!(results[1].1, Ok(Command::Sleep { seconds: 10 }));
    assert_eq!(results[2].0, 5);
    assert_eq!(
        results[2].1.as_ref().map(|c| c.to_line()),
        Ok("crictl ps --all".to_string())
    );
    assert_eq!(results[3].0, 7);
    assert_eq!(
        results[3].1.as_ref().map_err(|e| e.exit_code).err(),
        Some(127)
    );
}

/// Words that exercise the grammars: programs, subcommands, flags, values.
const VOCAB: &[&str] = &[
    "kubectl",
    "crictl",
    "ctr",
    "nerdctl",
    "docker",
    "runc",
    "crun",
    "sleep",
    "systemctl",
    "sudo",
    "run",
    "get",
    "describe",
    "delete",
    "exec",
    "logs",
    "create",
    "deployment",
    "scale",
    "version",
    "help",
    "pods",
    "po",
    "nodes",
    "pod/x",
    "ps",
    "images",
    "img",
    "pull",
    "runp",
    "start",
    "stop",
    "stopp",
    "rm",
    "rmp",
    "rmi",
    "inspect",
    "inspectp",
    "inspecti",
    "stats",
    "statsp",
    "info",
    "events",
    "imagefsinfo",
    "runtime-config",
    "i",
    "image",
    "ls",
    "list",
    "tasks",
    "t",
    "kill",
    "containers",
    "c",
    "container",
    "namespaces",
    "ns",
    "plugins",
    "snapshots",
    "content",
    "leases",
    "spec",
    "state",
    "pause",
    "resume",
    "features",
    "update",
    "restart",
    "containerd",
    "kubelet",
    "nginx",
    "nginx:1.25",
    "busybox",
    "web",
    "abc",
    "pod.json",
    "ctr.json",
    "demo",
    "KILL",
    "9",
    "NOTASIG",
    "5",
    "2.5",
    "1m",
    "-1",
    "64Mi",
    "64m",
    "--",
    "-",
    "-a",
    "-q",
    "-f",
    "-d",
    "-t",
    "-it",
    "-i",
    "-n",
    "-p",
    "-s",
    "-o",
    "-e",
    "-m",
    "-c",
    "-l",
    "-v",
    "-h",
    "-b",
    "-r",
    "-A",
    "-P",
    "-x",
    "--help",
    "--image=nginx",
    "--image",
    "--restart=Never",
    "--port=80",
    "--env=A=1",
    "--rm",
    "--all",
    "--force",
    "--now",
    "--grace-period=0",
    "--tail=5",
    "--replicas=3",
    "--replicas",
    "--client",
    "--namespace",
    "--namespace=k8s.io",
    "--bundle",
    "--detach",
    "--keep",
    "--name",
    "--publish",
    "8080:80",
    "--memory",
    "--init",
    "--exec-id",
    "e1",
    "--signal",
    "--no-pull",
    "--with-pull",
    "--runtime",
    "kata",
    "--root",
    "/run/runc",
    "--log-format",
    "json",
    "--foo",
    "---x",
    "--=",
    "-o=json",
    "--output=wide",
    "-ojson",
    "json",
    "yaml",
    "wide",
    "''",
    "\u{e9}",
    "a b",
    "$X",
    "#c",
];

fn arb_words() -> impl Strategy<Value = Vec<String>> {
    let word = prop_oneof![
        4 => proptest::sample::select(VOCAB).prop_map(str::to_string),
        1 => any::<String>(),
    ];
    (
        proptest::sample::select(&PROGRAMS[..]),
        proptest::collection::vec(word, 0..10),
    )
        .prop_map(|(program, mut rest)| {
            rest.insert(0, program.to_string());
            rest
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn parse_never_panics_on_strings(s in "\\PC*") {
        let _ = parse(&s);
    }

    #[test]
    fn parse_never_panics_on_shellish_strings(s in "[a-z0-9 '\"\\\\=./:#|-]{0,60}") {
        let _ = parse(&s);
    }

    #[test]
    fn parse_never_panics_on_words(words in proptest::collection::vec(any::<String>(), 0..12)) {
        let _ = parse_words(&words);
    }

    #[test]
    fn parse_never_panics_on_grammar_words(words in arb_words()) {
        let _ = parse_words(&words);
    }

    /// Whatever parses, its canonical line parses back to the same command,
    /// and that line is a fixed point.
    #[test]
    fn canonical_lines_round_trip(words in arb_words()) {
        if let Ok(cmd) = parse_words(&words) {
            let line = cmd.to_line();
            let again = parse(&line);
            prop_assert_eq!(again.as_ref(), Ok(&cmd), "line: {}", line);
            if let Ok(again) = again {
                prop_assert_eq!(again.to_line(), line);
            }
        }
    }

    /// Every error carries something to print or is an empty line.
    #[test]
    fn errors_are_printable(words in arb_words()) {
        if let Err(e) = parse_words(&words) {
            prop_assert!(!printed(&e).is_empty() || e.kind == ErrorKind::Empty);
            prop_assert!(e.exit_code >= 0 && e.exit_code < 256);
            let _ = e.render_stderr("2026-01-01T00:00:00Z");
            let _ = e.render_stdout();
            let _ = e.to_string();
        }
    }
}
