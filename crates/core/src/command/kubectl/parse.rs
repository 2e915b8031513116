//! How kubectl reads the words after `kubectl`: cobra's command lookup, pflag
//! parsing with the global flags, each subcommand's `Complete`/`Validate`, and
//! the error framing (`error: …`, `See '… -h'`, `See '… --help'`).

use super::grammar::{
    COMMANDS, CREATE, CREATE_DEPLOYMENT, DELETE, DESCRIBE, EXEC, GET, GLOBAL, LOGS, RUN, SCALE,
    SIMULATED, VERSION,
};
use super::{
    KeyValue, Kubectl, KubectlCommand, KubectlCreateDeployment, KubectlDelete, KubectlDescribe,
    KubectlExec, KubectlGet, KubectlLogs, KubectlRun, KubectlScale, KubectlVersion, OutputFormat,
    ResourceKind, RestartPolicy, Target,
};
use crate::command::error::{cobra_suggestion_lines, CommandError, ErrorKind, Tool};
use crate::command::flags::{parse_pflag, FlagDef, FlagError, Kind, Parsed, PflagOpts};

/// `error: …` lines as `cmdutil.CheckErr` prints them.
pub(super) fn err(kind: ErrorKind, msg: &str) -> CommandError {
    let text = if msg.starts_with("error: ") {
        msg.to_string()
    } else {
        format!("error: {msg}")
    };
    CommandError::text(Tool::Kubectl, kind, 1, text.trim_end_matches('\n'))
}

/// `cmdutil.UsageErrorf`: the message plus `See '<path> -h' for help and examples`.
pub(super) fn usage_err(kind: ErrorKind, path: &str, msg: &str) -> CommandError {
    err(
        kind,
        &format!("{msg}\nSee '{path} -h' for help and examples"),
    )
}

/// `templates.FlagErrorFunc`: the pflag message plus `See '<path> --help' for usage.`
pub(super) fn flag_err(path: &str, e: FlagError) -> CommandError {
    err(
        e.kind,
        &format!("{}\nSee '{path} --help' for usage.", e.message),
    )
}

pub(super) fn required_flag(name: &str) -> CommandError {
    err(
        ErrorKind::MissingArgument,
        &format!("required flag(s) \"{name}\" not set"),
    )
}

pub(super) const RESOURCE_EXAMPLES: &str = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// Parses the words after `kubectl`.
pub fn parse(args: &[String]) -> Result<Kubectl, CommandError> {
    // cobra's Find: the first word that is not a (global) flag or its value.
    let mut cmd_idx = None;
    let mut k = 0usize;
    while let Some(a) = args.get(k) {
        if a == "--" {
            break;
        }
        if let Some(skip) = global_flag_width(a) {
            k += skip;
            continue;
        }
        cmd_idx = Some(k);
        break;
    }
    let Some(ci) = cmd_idx else {
        // Only flags (or nothing): the root command parses them.
        let parsed = parse_pflag(args, GLOBAL, opts(true)).map_err(|e| flag_err("kubectl", e))?;
        return Ok(with_globals(&parsed, KubectlCommand::Help { path: vec![] }));
    };
    let name = args.get(ci).map(String::as_str).unwrap_or("");
    if !COMMANDS.contains(&name) {
        let mut lines = vec![format!("error: unknown command \"{name}\" for \"kubectl\"")];
        lines.extend(cobra_suggestion_lines(name, COMMANDS));
        return Err(CommandError::new(
            Tool::Kubectl,
            ErrorKind::UnknownCommand,
            1,
            lines,
        ));
    }
    let rest: Vec<String> = args
        .iter()
        .enumerate()
        .filter(|(n, _)| *n != ci)
        .map(|(_, a)| a.clone())
        .collect();
    match name {
        "run" => parse_run(&rest),
        "get" => parse_get(&rest),
        "describe" => parse_describe(&rest),
        "delete" => parse_delete(&rest),
        "exec" => parse_exec(&rest),
        "logs" => parse_logs(&rest),
        "create" => parse_create(&rest),
        "scale" => parse_scale(&rest),
        "apply" => super::workload::parse_apply(&rest),
        "rollout" => super::workload::parse_rollout(&rest),
        "set" => super::workload::parse_set(&rest),
        "version" => parse_version(&rest),
        "help" => {
            // cobra's help command; an unknown topic prints "Unknown help topic"
            // and the root usage, still exit 0: the engine renders it.
            let parsed =
                parse_pflag(&rest, GLOBAL, opts(true)).map_err(|e| flag_err("kubectl help", e))?;
            let path = parsed.args.clone();
            Ok(with_globals(&parsed, KubectlCommand::Help { path }))
        }
        other => {
            // A real kubectl command outside the simulated subset. Its own flag
            // errors are not modelled; report what the simulator runs.
            if rest.iter().any(|a| a == "-h" || a == "--help") {
                return Ok(Kubectl {
                    namespace: None,
                    context: None,
                    kubeconfig: None,
                    command: KubectlCommand::Help {
                        path: vec![other.to_string()],
                    },
                });
            }
            Err(CommandError::said(
                Tool::Kubectl,
                ErrorKind::NotSimulated,
                1,
                crate::msg!(
                    "said-real-command",
                    command = format!("kubectl {other}"),
                    tool = "kubectl"
                ),
            )
            .with_hint(format!("kubectl commands simulated: {SIMULATED}")))
        }
    }
}

fn opts(interspersed: bool) -> PflagOpts {
    PflagOpts {
        interspersed,
        normalize_underscores: true,
    }
}

/// How many words a global flag at this position takes (1 or 2), if it is one.
fn global_flag_width(a: &str) -> Option<usize> {
    if let Some(body) = a.strip_prefix("--") {
        let name = body.split('=').next().unwrap_or("").replace('_', "-");
        if body.contains('=') {
            return Some(1);
        }
        return Some(match GLOBAL.iter().find(|d| d.name == name) {
            Some(d) if d.kind != Kind::Bool => 2,
            _ => 1,
        });
    }
    if a.len() > 1 && a.starts_with('-') {
        // `-n x`: a lone value-taking shorthand eats the next word.
        let mut chars = a.chars().skip(1);
        let first = chars.next();
        let alone = chars.next().is_none();
        let takes = GLOBAL
            .iter()
            .any(|d| d.short == first && d.kind != Kind::Bool);
        return Some(if alone && takes { 2 } else { 1 });
    }
    None
}

pub(super) fn with_globals(p: &Parsed, command: KubectlCommand) -> Kubectl {
    Kubectl {
        namespace: p.string("namespace"),
        context: p.string("context"),
        kubeconfig: p.string("kubeconfig"),
        command,
    }
}

pub(super) fn defs(local: &[FlagDef]) -> Vec<FlagDef> {
    let mut v = local.to_vec();
    v.extend(GLOBAL.iter().filter(|g| {
        !local
            .iter()
            .any(|l| l.name == g.name || (g.short.is_some() && l.short == g.short))
    }));
    v
}

pub(super) fn parse_flags(
    path: &str,
    args: &[String],
    local: &[FlagDef],
) -> Result<Parsed, CommandError> {
    parse_pflag(args, &defs(local), opts(true)).map_err(|e| flag_err(path, e))
}

pub(super) fn help(p: &Parsed, path: &[&str]) -> Option<Kubectl> {
    p.flag("help").then(|| {
        with_globals(
            p,
            KubectlCommand::Help {
                path: path.iter().map(|s| s.to_string()).collect(),
            },
        )
    })
}

/// `TYPE NAME…` or `TYPE/NAME…` from positional arguments.
pub(super) fn target(path: &str, args: &[String]) -> Result<Option<Target>, CommandError> {
    let Some(first) = args.first() else {
        return Ok(None);
    };
    if first.contains('/') {
        let mut kind = None;
        let mut names = Vec::new();
        for a in args {
            let Some((t, n)) = a.split_once('/') else {
                return Err(err(
                    ErrorKind::InvalidArgument,
                    &format!("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '{path} resource/<resource_name>' instead of '{path} resource resource/<resource_name>'"),
                ));
            };
            if t.is_empty() || n.is_empty() {
                return Err(err(
                    ErrorKind::InvalidArgument,
                    "arguments in resource/name form must have a single resource and name",
                ));
            }
            let k = ResourceKind::parse(t);
            if kind.as_ref().is_some_and(|prev| *prev != k) {
                // Mixed types are real kubectl syntax the simulator does not model.
                return Err(CommandError::said(
                    Tool::Kubectl,
                    ErrorKind::NotSimulated,
                    1,
                    crate::msg!("said-kubectl-mixed-types"),
                ));
            }
            kind = Some(k);
            names.push(n.to_string());
        }
        return Ok(kind.map(|kind| Target {
            kind,
            names,
            slash: true,
        }));
    }
    let names: Vec<String> = args.iter().skip(1).cloned().collect();
    if names.iter().any(|n| n.contains('/')) {
        return Err(err(
            ErrorKind::InvalidArgument,
            &format!("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '{path} resource/<resource_name>' instead of '{path} resource resource/<resource_name>'"),
        ));
    }
    Ok(Some(Target {
        kind: ResourceKind::parse(first),
        names,
        slash: false,
    }))
}

fn key_values(list: &[String]) -> Vec<KeyValue> {
    list.iter()
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            KeyValue {
                key: k.to_string(),
                value: v.to_string(),
            }
        })
        .collect()
}

/// `validation.IsEnvVarName`: `[-._a-zA-Z][-._a-zA-Z0-9]*`.
fn is_env_var_name(n: &str) -> bool {
    let mut chars = n.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '.' | '_'))
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

fn parse_run(args: &[String]) -> Result<Kubectl, CommandError> {
    let p = parse_flags("kubectl run", args, RUN)?;
    if let Some(h) = help(&p, &["run"]) {
        return Ok(h);
    }
    // cobra checks required flags before the command runs.
    let Some(image) = p.string("image") else {
        return Err(required_flag("image"));
    };
    // Complete(): labels, env, restart policy.
    let labels = match p.last("labels") {
        Some(spec) => Some(parse_labels(spec)?),
        None => None,
    };
    let mut env = Vec::new();
    for e in p.all("env") {
        match e.split_once('=') {
            Some((k, v)) if is_env_var_name(k) => env.push(KeyValue {
                key: k.to_string(),
                value: v.to_string(),
            }),
            _ => {
                return Err(err(
                    ErrorKind::InvalidArgument,
                    &format!("invalid env: {e}"),
                ));
            }
        }
    }
    let stdin = p.flag("stdin");
    let restart = match p.last("restart") {
        None | Some("") => None,
        Some("Always") => Some(RestartPolicy::Always),
        Some("OnFailure") => Some(RestartPolicy::OnFailure),
        Some("Never") => Some(RestartPolicy::Never),
        Some(other) => {
            return Err(err(
                ErrorKind::InvalidArgument,
                &format!("invalid restart policy: {other}"),
            ))
        }
    };
    // Validate().
    let (name, rest) = match (p.args.split_first(), p.dash_at) {
        (Some(_), Some(0)) | (None, _) => {
            return Err(err(ErrorKind::MissingArgument, "NAME is required for run"));
        }
        (Some((n, r)), _) => (n.clone(), r.to_vec()),
    };
    if image.is_empty() {
        return Err(err(ErrorKind::MissingArgument, "--image is required"));
    }
    if !crate::command::reference::is_valid(&image) {
        return Err(err(
            ErrorKind::InvalidArgument,
            &format!("invalid image name \"{image}\": invalid reference format"),
        ));
    }
    let tty = p.flag("tty");
    if tty && !stdin {
        return Err(err(
            ErrorKind::InvalidArgument,
            "-i/--stdin is required for containers with -t/--tty=true",
        ));
    }
    let port = match p.last("port") {
        None | Some("") => None,
        Some(v) => match v.parse::<i32>() {
            Ok(n) => Some(n),
            Err(_) => return Err(err(ErrorKind::InvalidArgument, "--port must be a number")),
        },
    };
    if p.flag("expose") && port.is_none() {
        return Err(err(
            ErrorKind::InvalidArgument,
            "--port must be set when exposing a service",
        ));
    }
    let attach = if p.is_set("attach") {
        p.flag("attach")
    } else {
        stdin
    };
    let rm = p.flag("rm");
    if !attach && rm {
        return Err(err(
            ErrorKind::InvalidArgument,
            "--rm should only be used for attached containers",
        ));
    }
    let dry_run = p.string("dry-run").filter(|d| d != "none");
    if attach && dry_run.is_some() {
        return Err(err(
            ErrorKind::InvalidArgument,
            "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
        ));
    }
    let run = KubectlRun {
        name,
        image,
        restart,
        port,
        env,
        labels,
        command: p.flag("command"),
        args: rest,
        stdin,
        tty,
        rm,
        dry_run,
        image_pull_policy: p.string("image-pull-policy"),
        limits: p.last("limits").map(|l| key_values(&split_list(l))),
        requests: p.last("requests").map(|l| key_values(&split_list(l))),
        overrides: p.string("overrides"),
        override_type: p.string("override-type"),
    };
    Ok(with_globals(&p, KubectlCommand::Run(run)))
}

pub(super) fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// kubectl run's `parseLabels`: `k=v[,k=v…]`.
fn parse_labels(spec: &str) -> Result<Vec<KeyValue>, CommandError> {
    let mut out = Vec::new();
    for part in spec.split(',') {
        let kv: Vec<&str> = part.split('=').collect();
        match kv.as_slice() {
            [k, v] if !k.is_empty() => out.push(KeyValue {
                key: k.to_string(),
                value: v.to_string(),
            }),
            _ => {
                return Err(err(
                    ErrorKind::InvalidArgument,
                    &format!("invalid label spec: {part}"),
                ))
            }
        }
    }
    Ok(out)
}

fn parse_get(args: &[String]) -> Result<Kubectl, CommandError> {
    let p = parse_flags("kubectl get", args, GET)?;
    if let Some(h) = help(&p, &["get"]) {
        return Ok(h);
    }
    let Some(target) = target("kubectl get", &p.args)? else {
        return Err(CommandError::new(
            Tool::Kubectl,
            ErrorKind::MissingArgument,
            1,
            vec![
                "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.".into(),
                String::new(),
                "error: Required resource not specified.".into(),
                "Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).".into(),
                "See 'kubectl get -h' for help and examples".into(),
            ],
        ));
    };
    let get = KubectlGet {
        target,
        output: p.last("output").map(OutputFormat::parse),
        all_namespaces: p.flag("all-namespaces"),
        watch: p.flag("watch"),
        selector: p.string("selector"),
        show_labels: p.flag("show-labels"),
        sort_by: p.string("sort-by"),
        no_headers: p.flag("no-headers"),
    };
    Ok(with_globals(&p, KubectlCommand::Get(get)))
}

fn parse_describe(args: &[String]) -> Result<Kubectl, CommandError> {
    let p = parse_flags("kubectl describe", args, DESCRIBE)?;
    if let Some(h) = help(&p, &["describe"]) {
        return Ok(h);
    }
    let Some(target) = target("kubectl describe", &p.args)? else {
        return Err(err(
            ErrorKind::MissingArgument,
            "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.",
        ));
    };
    let d = KubectlDescribe {
        target,
        all_namespaces: p.flag("all-namespaces"),
        selector: p.string("selector"),
    };
    Ok(with_globals(&p, KubectlCommand::Describe(d)))
}

fn parse_delete(args: &[String]) -> Result<Kubectl, CommandError> {
    let p = parse_flags("kubectl delete", args, DELETE)?;
    if let Some(h) = help(&p, &["delete"]) {
        return Ok(h);
    }
    let grace_period = p.int("grace-period").filter(|g| *g != -1);
    let now = p.flag("now");
    if now && grace_period.is_some() {
        return Err(err(
            ErrorKind::InvalidArgument,
            "--now and --grace-period cannot be specified together",
        ));
    }
    let Some(target) = target("kubectl delete", &p.args)? else {
        return Err(err(ErrorKind::MissingArgument, RESOURCE_EXAMPLES));
    };
    let all = p.flag("all");
    let selector = p.string("selector");
    if target.names.is_empty() && !all && selector.is_none() {
        return Err(err(
            ErrorKind::MissingArgument,
            "resource(s) were provided, but no name was specified",
        ));
    }
    let d = KubectlDelete {
        target,
        grace_period,
        force: p.flag("force"),
        now,
        all,
        selector,
        wait: p.is_set("wait").then(|| p.flag("wait")),
    };
    Ok(with_globals(&p, KubectlCommand::Delete(d)))
}

fn parse_exec(args: &[String]) -> Result<Kubectl, CommandError> {
    let p = parse_flags("kubectl exec", args, EXEC)?;
    if let Some(h) = help(&p, &["exec"]) {
        return Ok(h);
    }
    // Complete().
    let pod = if p.dash_at != Some(0) {
        p.args.first().cloned()
    } else {
        None
    };
    let command = match p.dash_at {
        Some(at) => p.args.iter().skip(at as usize).cloned().collect(),
        None => {
            if p.args.len() > 1 {
                return Err(usage_err(
                    ErrorKind::InvalidArgument,
                    "kubectl exec",
                    "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead",
                ));
            }
            Vec::new()
        }
    };
    // Validate().
    let Some(pod) = pod else {
        return Err(err(
            ErrorKind::MissingArgument,
            "pod, type/name or --filename must be specified",
        ));
    };
    if command.is_empty() {
        return Err(err(
            ErrorKind::MissingArgument,
            "you must specify at least one command for the container",
        ));
    }
    let e = KubectlExec {
        pod,
        container: p.string("container"),
        stdin: p.flag("stdin"),
        tty: p.flag("tty"),
        quiet: p.flag("quiet"),
        command,
    };
    Ok(with_globals(&p, KubectlCommand::Exec(e)))
}

const LOGS_USAGE: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

fn parse_logs(args: &[String]) -> Result<Kubectl, CommandError> {
    let p = parse_flags("kubectl logs", args, LOGS)?;
    if let Some(h) = help(&p, &["logs"]) {
        return Ok(h);
    }
    let (pod, container_arg) = match p.args.as_slice() {
        [pod] => (pod.clone(), None),
        [pod, c] => (pod.clone(), Some(c.clone())),
        _ => {
            return Err(usage_err(
                ErrorKind::MissingArgument,
                "kubectl logs",
                LOGS_USAGE,
            ));
        }
    };
    let l = KubectlLogs {
        pod,
        container: p.string("container").or(container_arg),
        follow: p.flag("follow"),
        previous: p.flag("previous"),
        tail: p.int("tail").filter(|t| *t >= 0),
        timestamps: p.flag("timestamps"),
        all_containers: p.flag("all-containers"),
        since: p.string("since"),
    };
    Ok(with_globals(&p, KubectlCommand::Logs(l)))
}

fn parse_create(args: &[String]) -> Result<Kubectl, CommandError> {
    // Subcommand: the first word that is not a flag (or a value of one).
    let mut sub_idx = None;
    let mut k = 0usize;
    let all = defs(CREATE);
    while let Some(a) = args.get(k) {
        if a == "--" {
            break;
        }
        if a.starts_with('-') && a.len() > 1 {
            let name = a.trim_start_matches('-').split('=').next().unwrap_or("");
            let takes = !a.contains('=')
                && all.iter().any(|d| {
                    (d.name == name
                        || (name.chars().count() == 1 && d.short == name.chars().next()))
                        && d.kind != Kind::Bool
                        && d.no_opt.is_none()
                });
            k += if takes { 2 } else { 1 };
            continue;
        }
        sub_idx = Some(k);
        break;
    }
    // The words without the subcommand's.
    let n = sub_idx.unwrap_or(0);
    let rest: Vec<String> = args
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != n)
        .map(|(_, a)| a.clone())
        .collect();
    match sub_idx.and_then(|n| args.get(n)).map(String::as_str) {
        Some("deployment" | "deploy") => parse_create_deployment(&rest),
        Some("namespace" | "ns") => {
            let p = parse_flags("kubectl create namespace", &rest, CREATE)?;
            if let Some(h) = help(&p, &["create", "namespace"]) {
                return Ok(h);
            }
            match p.args.as_slice() {
                [name] => Ok(with_globals(
                    &p,
                    KubectlCommand::CreateNamespace { name: name.clone() },
                )),
                other => Err(CommandError::new(
                    Tool::Kubectl,
                    ErrorKind::MissingArgument,
                    1,
                    vec![
                        format!("error: exactly one NAME is required, got {}", other.len()),
                        "See 'kubectl create namespace -h' for help and examples".to_string(),
                    ],
                )),
            }
        }
        Some(
            sub @ ("clusterrole"
            | "clusterrolebinding"
            | "configmap"
            | "cm"
            | "cronjob"
            | "cj"
            | "ingress"
            | "ing"
            | "job"
            | "poddisruptionbudget"
            | "pdb"
            | "priorityclass"
            | "pc"
            | "quota"
            | "resourcequota"
            | "role"
            | "rolebinding"
            | "secret"
            | "service"
            | "svc"
            | "serviceaccount"
            | "sa"
            | "token"),
        ) => Err(CommandError::said(
            Tool::Kubectl,
            ErrorKind::NotSimulated,
            1,
            crate::msg!(
                "said-real-command",
                command = format!("kubectl create {sub}"),
                tool = "kubectl"
            ),
        )
        .with_hint(format!("kubectl commands simulated: {SIMULATED}"))),
        _ => {
            let p = parse_flags("kubectl create", args, CREATE)?;
            if let Some(h) = help(&p, &["create"]) {
                return Ok(h);
            }
            if p.is_set("filename") || p.is_set("kustomize") {
                return Err(CommandError::said(
                    Tool::Kubectl,
                    ErrorKind::NotSimulated,
                    1,
                    crate::msg!("said-kubectl-create-file"),
                )
                .with_hint(format!("kubectl commands simulated: {SIMULATED}")));
            }
            let mut lines = vec![
                "Error: must specify one of -f and -k".to_string(),
                String::new(),
            ];
            if p.args.is_empty() {
                // DefaultSubCommandRun prints the help to stderr, then exits 1.
                return Err(
                    CommandError::new(Tool::Kubectl, ErrorKind::MissingArgument, 1, lines)
                        .with_help("kubectl create"),
                );
            }
            lines.push(format!("error: unknown command \"{}\"", p.args.join(" ")));
            lines.push("See 'kubectl create -h' for help and examples".into());
            Err(CommandError::new(
                Tool::Kubectl,
                ErrorKind::UnknownCommand,
                1,
                lines,
            ))
        }
    }
}

fn parse_create_deployment(args: &[String]) -> Result<Kubectl, CommandError> {
    let path = "kubectl create deployment";
    let p = parse_flags(path, args, CREATE_DEPLOYMENT)?;
    if let Some(h) = help(&p, &["create", "deployment"]) {
        return Ok(h);
    }
    if !p.is_set("image") {
        return Err(required_flag("image"));
    }
    let count = p.dash_at.map(|d| d as usize).unwrap_or(p.args.len());
    let name = match (count, p.args.first()) {
        (1, Some(n)) => n.clone(),
        _ => {
            return Err(usage_err(
                ErrorKind::MissingArgument,
                path,
                &format!("exactly one NAME is required, got {count}"),
            ))
        }
    };
    let images: Vec<String> = p.all("image").iter().flat_map(|v| split_list(v)).collect();
    let d = KubectlCreateDeployment {
        name,
        images,
        replicas: p
            .int("replicas")
            .and_then(|r| i32::try_from(r).ok())
            .unwrap_or(1),
        port: p.int("port").and_then(|r| i32::try_from(r).ok()),
    };
    Ok(with_globals(&p, KubectlCommand::CreateDeployment(d)))
}

fn parse_scale(args: &[String]) -> Result<Kubectl, CommandError> {
    let p = parse_flags("kubectl scale", args, SCALE)?;
    if let Some(h) = help(&p, &["scale"]) {
        return Ok(h);
    }
    let Some(replicas) = p.int("replicas") else {
        return Err(required_flag("replicas"));
    };
    if replicas < 0 {
        return Err(err(
            ErrorKind::InvalidArgument,
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        ));
    }
    let Some(target) = target("kubectl scale", &p.args)? else {
        return Err(err(ErrorKind::MissingArgument, RESOURCE_EXAMPLES));
    };
    if target.names.is_empty() && !p.flag("all") && !p.is_set("selector") {
        return Err(err(
            ErrorKind::MissingArgument,
            "resource(s) were provided, but no name was specified",
        ));
    }
    Ok(with_globals(
        &p,
        KubectlCommand::Scale(KubectlScale { target, replicas }),
    ))
}

fn parse_version(args: &[String]) -> Result<Kubectl, CommandError> {
    let p = parse_flags("kubectl version", args, VERSION)?;
    if let Some(h) = help(&p, &["version"]) {
        return Ok(h);
    }
    if let Some(o) = p.last("output") {
        if o != "yaml" && o != "json" {
            return Err(err(
                ErrorKind::InvalidArgument,
                "--output must be 'yaml' or 'json'",
            ));
        }
    }
    Ok(with_globals(
        &p,
        KubectlCommand::Version(KubectlVersion {
            client: p.flag("client"),
            output: p.string("output"),
        }),
    ))
}
