//! `kubectl` (cobra + pflag), the subset the simulator runs.
//!
//! Error texts follow kubectl's conventions: `cmdutil.CheckErr` prefixes
//! `error: `; flag errors get `See 'kubectl <cmd> --help' for usage.`
//! (`templates.FlagErrorFunc`); usage errors get
//! `See 'kubectl <cmd> -h' for help and examples` (`cmdutil.UsageErrorf`);
//! every failure exits 1.

use super::error::{cobra_suggestion_lines, CommandError, ErrorKind, Tool};
use super::flags::{b, i, parse_pflag, s, FlagDef, FlagError, Kind, Parsed, PflagOpts};
use super::shell::{self, Dash};
use super::units::{parse_memory_bytes, QuantityError};

/// A parsed `kubectl` invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kubectl {
    /// `-n/--namespace` (none: the context's namespace, `default`).
    pub namespace: Option<String>,
    /// `--context`.
    pub context: Option<String>,
    /// `--kubeconfig`.
    pub kubeconfig: Option<String>,
    /// The subcommand.
    pub command: KubectlCommand,
}

/// The kubectl subcommands the simulator runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KubectlCommand {
    /// `kubectl run`.
    Run(KubectlRun),
    /// `kubectl get`.
    Get(KubectlGet),
    /// `kubectl describe`.
    Describe(KubectlDescribe),
    /// `kubectl delete`.
    Delete(KubectlDelete),
    /// `kubectl exec`.
    Exec(KubectlExec),
    /// `kubectl logs`.
    Logs(KubectlLogs),
    /// `kubectl create deployment`.
    CreateDeployment(KubectlCreateDeployment),
    /// `kubectl scale`.
    Scale(KubectlScale),
    /// `kubectl version`.
    Version(KubectlVersion),
    /// Print help (`kubectl`, `kubectl help get`, `kubectl get -h`); exit 0.
    Help {
        /// The command path below `kubectl` (empty: the root help).
        path: Vec<String>,
    },
}

/// A resource type as kubectl resolves it from its short names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceKind {
    /// `pods`, `pod`, `po`.
    Pods,
    /// `nodes`, `node`, `no`.
    Nodes,
    /// `deployments`, `deployment`, `deploy` (and `.apps` forms).
    Deployments,
    /// `replicasets`, `replicaset`, `rs`.
    ReplicaSets,
    /// `services`, `service`, `svc`.
    Services,
    /// `namespaces`, `namespace`, `ns`.
    Namespaces,
    /// `events`, `event`, `ev`.
    Events,
    /// `all`.
    All,
    /// Anything else, as typed; the API server decides
    /// (`error: the server doesn't have a resource type "…"`).
    Other(String),
}

impl ResourceKind {
    /// Resolves a type word (case-insensitive, as kubectl's RESTMapper does).
    pub fn parse(word: &str) -> ResourceKind {
        let w = word.to_ascii_lowercase();
        let w = w
            .strip_suffix(".apps")
            .or_else(|| w.strip_suffix(".v1.apps"))
            .unwrap_or(&w)
            .to_string();
        match w.as_str() {
            "pods" | "pod" | "po" => ResourceKind::Pods,
            "nodes" | "node" | "no" => ResourceKind::Nodes,
            "deployments" | "deployment" | "deploy" => ResourceKind::Deployments,
            "replicasets" | "replicaset" | "rs" => ResourceKind::ReplicaSets,
            "services" | "service" | "svc" => ResourceKind::Services,
            "namespaces" | "namespace" | "ns" => ResourceKind::Namespaces,
            "events" | "event" | "ev" => ResourceKind::Events,
            "all" => ResourceKind::All,
            _ => ResourceKind::Other(word.to_string()),
        }
    }

    /// The canonical plural name (what [`crate::command::Command::to_line`] prints).
    pub fn name(&self) -> &str {
        match self {
            ResourceKind::Pods => "pods",
            ResourceKind::Nodes => "nodes",
            ResourceKind::Deployments => "deployments",
            ResourceKind::ReplicaSets => "replicasets",
            ResourceKind::Services => "services",
            ResourceKind::Namespaces => "namespaces",
            ResourceKind::Events => "events",
            ResourceKind::All => "all",
            ResourceKind::Other(s) => s,
        }
    }
}

/// Which objects a command names: `TYPE [NAME…]` or `TYPE/NAME…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The resource type.
    pub kind: ResourceKind,
    /// Object names (empty: all of that type).
    pub names: Vec<String>,
    /// Whether they were written `TYPE/NAME` (kept for the canonical line).
    pub slash: bool,
}

impl Target {
    fn words(&self) -> Vec<String> {
        if self.slash {
            self.names
                .iter()
                .map(|n| format!("{}/{n}", self.kind.name()))
                .collect()
        } else {
            let mut w = vec![self.kind.name().to_string()];
            w.extend(self.names.iter().cloned());
            w
        }
    }
}

/// `-o` output format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFormat {
    /// `-o wide`.
    Wide,
    /// `-o yaml`.
    Yaml,
    /// `-o json`.
    Json,
    /// `-o name`.
    Name,
    /// Anything else (`jsonpath=…`, `custom-columns=…`, or invalid), as typed.
    Other(String),
}

impl OutputFormat {
    fn parse(s: &str) -> OutputFormat {
        match s {
            "wide" => OutputFormat::Wide,
            "yaml" => OutputFormat::Yaml,
            "json" => OutputFormat::Json,
            "name" => OutputFormat::Name,
            other => OutputFormat::Other(other.to_string()),
        }
    }
    /// As typed after `-o`.
    pub fn as_str(&self) -> &str {
        match self {
            OutputFormat::Wide => "wide",
            OutputFormat::Yaml => "yaml",
            OutputFormat::Json => "json",
            OutputFormat::Name => "name",
            OutputFormat::Other(s) => s,
        }
    }
}

/// A pod's restart policy as `kubectl run --restart` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestartPolicy {
    /// `Always` (the default without `-i`).
    Always,
    /// `OnFailure` (the default with `-i`).
    OnFailure,
    /// `Never`.
    Never,
}

impl RestartPolicy {
    /// As kubectl spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            RestartPolicy::Always => "Always",
            RestartPolicy::OnFailure => "OnFailure",
            RestartPolicy::Never => "Never",
        }
    }
}

/// One `NAME=VALUE` pair (`--env`, `--labels`, `--limits`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    /// The name.
    pub key: String,
    /// The value.
    pub value: String,
}

/// `kubectl run NAME --image=IMG …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlRun {
    /// Pod name.
    pub name: String,
    /// `--image`.
    pub image: String,
    /// `--restart`; `None` when not given (kubectl then uses `Always`, or
    /// `OnFailure` with `-i`): see [`KubectlRun::restart_policy`].
    pub restart: Option<RestartPolicy>,
    /// `--port` (a number).
    pub port: Option<i32>,
    /// `--env=K=V`, in order.
    pub env: Vec<KeyValue>,
    /// `--labels` / `-l` (`None`: kubectl labels the pod `run=NAME`).
    pub labels: Option<Vec<KeyValue>>,
    /// `--command`: the trailing words replace the image's entrypoint.
    pub command: bool,
    /// Words after the name (after `--`, or after the name).
    pub args: Vec<String>,
    /// `-i/--stdin`.
    pub stdin: bool,
    /// `-t/--tty`.
    pub tty: bool,
    /// `--rm`.
    pub rm: bool,
    /// `--dry-run[=client|server|none]`.
    pub dry_run: Option<String>,
    /// `--image-pull-policy`.
    pub image_pull_policy: Option<String>,
    /// `--limits` (kubectl up to 1.23; later versions reject the flag — the
    /// engine decides by version).
    pub limits: Option<Vec<KeyValue>>,
    /// `--requests` (same history as `--limits`).
    pub requests: Option<Vec<KeyValue>>,
}

impl KubectlRun {
    /// The restart policy kubectl applies: as given, else `OnFailure` with
    /// `-i`, else `Always` (`getRestartPolicy`).
    pub fn restart_policy(&self) -> RestartPolicy {
        self.restart.unwrap_or(if self.stdin {
            RestartPolicy::OnFailure
        } else {
            RestartPolicy::Always
        })
    }

    /// The memory limit from `--limits memory=…`, in bytes.
    pub fn memory_limit_bytes(&self) -> Option<Result<u64, QuantityError>> {
        resource_bytes(self.limits.as_ref(), "memory")
    }

    /// The memory request from `--requests memory=…`, in bytes.
    pub fn memory_request_bytes(&self) -> Option<Result<u64, QuantityError>> {
        resource_bytes(self.requests.as_ref(), "memory")
    }
}

fn resource_bytes(list: Option<&Vec<KeyValue>>, key: &str) -> Option<Result<u64, QuantityError>> {
    list?
        .iter()
        .rev()
        .find(|kv| kv.key == key)
        .map(|kv| parse_memory_bytes(&kv.value))
}

/// `kubectl get`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlGet {
    /// What to list.
    pub target: Target,
    /// `-o`.
    pub output: Option<OutputFormat>,
    /// `-A/--all-namespaces`.
    pub all_namespaces: bool,
    /// `-w/--watch`.
    pub watch: bool,
    /// `-l/--selector`.
    pub selector: Option<String>,
    /// `--show-labels`.
    pub show_labels: bool,
}

/// `kubectl describe`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlDescribe {
    /// What to describe.
    pub target: Target,
    /// `-A/--all-namespaces`.
    pub all_namespaces: bool,
    /// `-l/--selector`.
    pub selector: Option<String>,
}

/// `kubectl delete`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlDelete {
    /// What to delete.
    pub target: Target,
    /// `--grace-period` (`None`: the object's own; kubectl's default -1).
    pub grace_period: Option<i64>,
    /// `--force`.
    pub force: bool,
    /// `--now` (grace period 1).
    pub now: bool,
    /// `--all`.
    pub all: bool,
    /// `-l/--selector`.
    pub selector: Option<String>,
    /// `--wait` (`None`: default true).
    pub wait: Option<bool>,
}

/// `kubectl exec POD [-c C] -- CMD…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlExec {
    /// The pod (`NAME` or `TYPE/NAME`).
    pub pod: String,
    /// `-c/--container`.
    pub container: Option<String>,
    /// `-i/--stdin`.
    pub stdin: bool,
    /// `-t/--tty`.
    pub tty: bool,
    /// `-q/--quiet`.
    pub quiet: bool,
    /// The command after `--`.
    pub command: Vec<String>,
}

/// `kubectl logs POD [CONTAINER]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlLogs {
    /// The pod (`NAME` or `TYPE/NAME`).
    pub pod: String,
    /// `-c/--container`, or the second argument.
    pub container: Option<String>,
    /// `-f/--follow`.
    pub follow: bool,
    /// `-p/--previous`.
    pub previous: bool,
    /// `--tail` (`None`: all lines; kubectl's -1).
    pub tail: Option<i64>,
    /// `--timestamps`.
    pub timestamps: bool,
    /// `--all-containers`.
    pub all_containers: bool,
    /// `--since`.
    pub since: Option<String>,
}

/// `kubectl create deployment NAME --image=IMG [--replicas=N]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlCreateDeployment {
    /// Deployment name.
    pub name: String,
    /// `--image` (repeatable: one container each).
    pub images: Vec<String>,
    /// `--replicas` (default 1).
    pub replicas: i32,
    /// `--port`.
    pub port: Option<i32>,
}

/// `kubectl scale TYPE NAME --replicas=N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlScale {
    /// What to scale.
    pub target: Target,
    /// `--replicas`.
    pub replicas: i64,
}

/// `kubectl version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlVersion {
    /// `--client`.
    pub client: bool,
    /// `-o yaml|json`.
    pub output: Option<String>,
}

/// Top-level commands in kubectl's registration order (cobra suggests in
/// this order).
const COMMANDS: &[&str] = &[
    "create",
    "expose",
    "run",
    "set",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "scale",
    "autoscale",
    "certificate",
    "cluster-info",
    "top",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "debug",
    "events",
    "diff",
    "apply",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "config",
    "plugin",
    "version",
    "api-versions",
    "api-resources",
    "options",
    "help",
];

const SIMULATED: &str = "run, get, describe, delete, exec, logs, create deployment, scale, version";

const GLOBAL: &[FlagDef] = &[
    s("namespace").short('n'),
    s("context"),
    s("kubeconfig"),
    s("cluster"),
    s("user"),
    s("server").short('s'),
    s("token"),
    s("request-timeout"),
    b("insecure-skip-tls-verify"),
    s("v").short('v'),
    s("vmodule"),
    b("match-server-version"),
    b("warnings-as-errors"),
    s("as"),
    s("as-group"),
    s("as-uid"),
    s("cache-dir"),
    s("certificate-authority"),
    s("client-certificate"),
    s("client-key"),
    s("tls-server-name"),
    s("username"),
    s("password"),
    s("profile"),
    s("profile-output"),
    b("disable-compression"),
    s("log-flush-frequency"),
    b("help").short('h'),
];

const RUN: &[FlagDef] = &[
    s("image"),
    s("restart"),
    s("port"),
    s("env"),
    s("labels").short('l'),
    b("command"),
    b("stdin").short('i'),
    b("tty").short('t'),
    b("attach"),
    b("rm"),
    s("dry-run").no_opt("unchanged"),
    s("image-pull-policy"),
    s("annotations"),
    b("expose"),
    b("quiet").short('q'),
    b("privileged"),
    b("leave-stdin-open"),
    s("overrides"),
    s("override-type"),
    b("save-config"),
    s("field-manager"),
    s("output").short('o'),
    s("template"),
    b("show-managed-fields"),
    b("allow-missing-template-keys"),
    s("pod-running-timeout"),
    s("timeout"),
    i("grace-period"),
    b("force"),
    b("wait"),
    s("cascade").no_opt("background"),
    s("filename").short('f'),
    b("record"),
    s("limits"),
    s("requests"),
    s("serviceaccount"),
    s("detach-keys"),
];

const GET: &[FlagDef] = &[
    s("output").short('o'),
    b("all-namespaces").short('A'),
    b("watch").short('w'),
    b("watch-only"),
    s("selector").short('l'),
    s("field-selector"),
    b("show-labels"),
    s("label-columns").short('L'),
    b("no-headers"),
    s("sort-by"),
    i("chunk-size"),
    b("ignore-not-found"),
    b("output-watch-events"),
    s("raw"),
    s("subresource"),
    s("template"),
    b("show-kind"),
    s("filename").short('f'),
    s("kustomize").short('k'),
    b("recursive").short('R'),
    b("server-print"),
    b("allow-missing-template-keys"),
    b("show-managed-fields"),
];

const DESCRIBE: &[FlagDef] = &[
    b("all-namespaces").short('A'),
    s("selector").short('l'),
    b("show-events"),
    i("chunk-size"),
    s("filename").short('f'),
    s("kustomize").short('k'),
    b("recursive").short('R'),
];

const DELETE: &[FlagDef] = &[
    i("grace-period"),
    b("force"),
    b("now"),
    b("all"),
    b("all-namespaces").short('A'),
    s("selector").short('l'),
    s("field-selector"),
    b("wait"),
    s("cascade").no_opt("background"),
    b("ignore-not-found"),
    FlagDef::new("timeout", Kind::Duration),
    s("filename").short('f'),
    s("kustomize").short('k'),
    b("recursive").short('R'),
    s("output").short('o'),
    s("dry-run").no_opt("unchanged"),
    s("raw"),
    b("interactive").short('i'),
];

const EXEC: &[FlagDef] = &[
    s("container").short('c'),
    b("stdin").short('i'),
    b("tty").short('t'),
    b("quiet").short('q'),
    s("filename").short('f'),
    s("pod-running-timeout"),
];

const LOGS: &[FlagDef] = &[
    s("container").short('c'),
    b("follow").short('f'),
    b("previous").short('p'),
    i("tail"),
    b("timestamps"),
    s("since"),
    s("since-time"),
    i("limit-bytes"),
    b("all-containers"),
    b("all-pods"),
    b("prefix"),
    s("selector").short('l'),
    i("max-log-requests"),
    b("ignore-errors"),
    b("insecure-skip-tls-verify-backend"),
    s("pod-running-timeout"),
];

const CREATE: &[FlagDef] = &[
    s("filename").short('f'),
    s("kustomize").short('k'),
    b("recursive").short('R'),
    b("edit"),
    s("output").short('o'),
    s("dry-run").no_opt("unchanged"),
    b("save-config"),
    s("validate").no_opt("strict"),
    s("selector").short('l'),
    s("raw"),
    b("windows-line-endings"),
    s("field-manager"),
    s("template"),
    b("show-managed-fields"),
    b("allow-missing-template-keys"),
];

const CREATE_DEPLOYMENT: &[FlagDef] = &[
    s("image"),
    FlagDef::new("replicas", Kind::Int32).short('r'),
    FlagDef::new("port", Kind::Int32),
    s("output").short('o'),
    s("dry-run").no_opt("unchanged"),
    b("save-config"),
    s("validate").no_opt("strict"),
    s("field-manager"),
    s("template"),
    b("show-managed-fields"),
    b("allow-missing-template-keys"),
];

const SCALE: &[FlagDef] = &[
    i("replicas"),
    i("current-replicas"),
    s("resource-version"),
    FlagDef::new("timeout", Kind::Duration),
    s("selector").short('l'),
    b("all"),
    s("filename").short('f'),
    s("kustomize").short('k'),
    b("recursive").short('R'),
    s("output").short('o'),
    s("dry-run").no_opt("unchanged"),
    s("template"),
    b("show-managed-fields"),
    b("allow-missing-template-keys"),
];

const VERSION: &[FlagDef] = &[b("client"), s("output").short('o')];

/// `error: …` lines as `cmdutil.CheckErr` prints them.
fn err(kind: ErrorKind, msg: &str) -> CommandError {
    let text = if msg.starts_with("error: ") {
        msg.to_string()
    } else {
        format!("error: {msg}")
    };
    CommandError::text(Tool::Kubectl, kind, 1, text.trim_end_matches('\n'))
}

/// `cmdutil.UsageErrorf`: the message plus `See '<path> -h' for help and examples`.
fn usage_err(kind: ErrorKind, path: &str, msg: &str) -> CommandError {
    err(
        kind,
        &format!("{msg}\nSee '{path} -h' for help and examples"),
    )
}

/// `templates.FlagErrorFunc`: the pflag message plus `See '<path> --help' for usage.`
fn flag_err(path: &str, e: FlagError) -> CommandError {
    err(
        e.kind,
        &format!("{}\nSee '{path} --help' for usage.", e.message),
    )
}

fn required_flag(name: &str) -> CommandError {
    err(
        ErrorKind::MissingArgument,
        &format!("required flag(s) \"{name}\" not set"),
    )
}

const RESOURCE_EXAMPLES: &str = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

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
            Err(CommandError::new(
                Tool::Kubectl,
                ErrorKind::NotSimulated,
                1,
                vec![format!(
                    "atlas: `kubectl {other}` is a real kubectl command, but the simulator does not run it"
                )],
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

fn with_globals(p: &Parsed, command: KubectlCommand) -> Kubectl {
    Kubectl {
        namespace: p.string("namespace"),
        context: p.string("context"),
        kubeconfig: p.string("kubeconfig"),
        command,
    }
}

fn defs(local: &[FlagDef]) -> Vec<FlagDef> {
    let mut v = local.to_vec();
    v.extend(GLOBAL.iter().filter(|g| {
        !local
            .iter()
            .any(|l| l.name == g.name || (g.short.is_some() && l.short == g.short))
    }));
    v
}

fn parse_flags(path: &str, args: &[String], local: &[FlagDef]) -> Result<Parsed, CommandError> {
    parse_pflag(args, &defs(local), opts(true)).map_err(|e| flag_err(path, e))
}

fn help(p: &Parsed, path: &[&str]) -> Option<Kubectl> {
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
fn target(path: &str, args: &[String]) -> Result<Option<Target>, CommandError> {
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
                return Err(CommandError::new(
                    Tool::Kubectl,
                    ErrorKind::NotSimulated,
                    1,
                    vec!["atlas: mixing resource types in one command is not simulated".into()],
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
    if !super::reference::is_valid(&image) {
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
    };
    Ok(with_globals(&p, KubectlCommand::Run(run)))
}

fn split_list(s: &str) -> Vec<String> {
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
    match sub_idx.and_then(|n| args.get(n)).map(String::as_str) {
        Some("deployment" | "deploy") => {
            let n = sub_idx.unwrap_or(0);
            let rest: Vec<String> = args
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != n)
                .map(|(_, a)| a.clone())
                .collect();
            parse_create_deployment(&rest)
        }
        Some(
            sub @ ("clusterrole" | "clusterrolebinding" | "configmap" | "cm" | "cronjob" | "cj"
            | "ingress" | "ing" | "job" | "namespace" | "ns" | "poddisruptionbudget" | "pdb"
            | "priorityclass" | "pc" | "quota" | "resourcequota" | "role" | "rolebinding"
            | "secret" | "service" | "svc" | "serviceaccount" | "sa" | "token"),
        ) => Err(CommandError::new(
            Tool::Kubectl,
            ErrorKind::NotSimulated,
            1,
            vec![format!(
                "atlas: `kubectl create {sub}` is a real kubectl command, but the simulator does not run it"
            )],
        )
        .with_hint(format!("kubectl commands simulated: {SIMULATED}"))),
        _ => {
            let p = parse_flags("kubectl create", args, CREATE)?;
            if let Some(h) = help(&p, &["create"]) {
                return Ok(h);
            }
            if p.is_set("filename") || p.is_set("kustomize") {
                return Err(CommandError::new(
                    Tool::Kubectl,
                    ErrorKind::NotSimulated,
                    1,
                    vec!["atlas: `kubectl create -f` is not simulated (no manifests on this node)".into()],
                )
                .with_hint(format!("kubectl commands simulated: {SIMULATED}")));
            }
            let mut lines = vec!["Error: must specify one of -f and -k".to_string(), String::new()];
            if p.args.is_empty() {
                // DefaultSubCommandRun prints the help to stderr, then exits 1.
                return Err(CommandError::new(Tool::Kubectl, ErrorKind::MissingArgument, 1, lines)
                    .with_help("kubectl create"));
            }
            lines.push(format!("error: unknown command \"{}\"", p.args.join(" ")));
            lines.push("See 'kubectl create -h' for help and examples".into());
            Err(CommandError::new(Tool::Kubectl, ErrorKind::UnknownCommand, 1, lines))
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

impl Kubectl {
    /// The canonical words after `kubectl` (flags in a fixed order, `--flag=value` form).
    pub fn words(&self) -> Vec<String> {
        let mut w = Vec::new();
        let mut flags = Vec::new();
        match &self.command {
            KubectlCommand::Run(r) => {
                w.push("run".into());
                w.push(r.name.clone());
                flags.push(format!("--image={}", r.image));
                if let Some(rp) = r.restart {
                    flags.push(format!("--restart={}", rp.as_str()));
                }
                if let Some(port) = r.port {
                    flags.push(format!("--port={port}"));
                }
                for e in &r.env {
                    flags.push(format!("--env={}={}", e.key, e.value));
                }
                if let Some(l) = &r.labels {
                    flags.push(format!("--labels={}", kv_list(l)));
                }
                if let Some(l) = &r.limits {
                    flags.push(format!("--limits={}", kv_list(l)));
                }
                if let Some(l) = &r.requests {
                    flags.push(format!("--requests={}", kv_list(l)));
                }
                push_bool(&mut flags, "--stdin", r.stdin);
                push_bool(&mut flags, "--tty", r.tty);
                push_bool(&mut flags, "--rm", r.rm);
                if let Some(d) = &r.dry_run {
                    flags.push(format!("--dry-run={d}"));
                }
                if let Some(ip) = &r.image_pull_policy {
                    flags.push(format!("--image-pull-policy={ip}"));
                }
                push_bool(&mut flags, "--command", r.command);
                self.push_globals(&mut flags);
                w.append(&mut flags);
                if !r.args.is_empty() {
                    w.push("--".into());
                    w.extend(r.args.iter().cloned());
                }
            }
            KubectlCommand::Get(g) => {
                w.push("get".into());
                if let Some(o) = &g.output {
                    flags.push(format!("--output={}", o.as_str()));
                }
                push_bool(&mut flags, "--all-namespaces", g.all_namespaces);
                push_bool(&mut flags, "--watch", g.watch);
                if let Some(s) = &g.selector {
                    flags.push(format!("--selector={s}"));
                }
                push_bool(&mut flags, "--show-labels", g.show_labels);
                self.push_globals(&mut flags);
                w.extend(shell::assemble(flags, g.target.words(), Dash::Any, true));
            }
            KubectlCommand::Describe(d) => {
                w.push("describe".into());
                push_bool(&mut flags, "--all-namespaces", d.all_namespaces);
                if let Some(s) = &d.selector {
                    flags.push(format!("--selector={s}"));
                }
                self.push_globals(&mut flags);
                w.extend(shell::assemble(flags, d.target.words(), Dash::Any, true));
            }
            KubectlCommand::Delete(d) => {
                w.push("delete".into());
                if let Some(g) = d.grace_period {
                    flags.push(format!("--grace-period={g}"));
                }
                push_bool(&mut flags, "--force", d.force);
                push_bool(&mut flags, "--now", d.now);
                push_bool(&mut flags, "--all", d.all);
                if let Some(s) = &d.selector {
                    flags.push(format!("--selector={s}"));
                }
                if let Some(wait) = d.wait {
                    flags.push(format!("--wait={wait}"));
                }
                self.push_globals(&mut flags);
                w.extend(shell::assemble(flags, d.target.words(), Dash::Any, true));
            }
            KubectlCommand::Exec(e) => {
                w.push("exec".into());
                w.push(e.pod.clone());
                if let Some(c) = &e.container {
                    flags.push(format!("--container={c}"));
                }
                push_bool(&mut flags, "--stdin", e.stdin);
                push_bool(&mut flags, "--tty", e.tty);
                push_bool(&mut flags, "--quiet", e.quiet);
                self.push_globals(&mut flags);
                w.extend(flags);
                w.push("--".into());
                w.extend(e.command.iter().cloned());
            }
            KubectlCommand::Logs(l) => {
                w.push("logs".into());
                if let Some(c) = &l.container {
                    flags.push(format!("--container={c}"));
                }
                push_bool(&mut flags, "--follow", l.follow);
                push_bool(&mut flags, "--previous", l.previous);
                if let Some(t) = l.tail {
                    flags.push(format!("--tail={t}"));
                }
                push_bool(&mut flags, "--timestamps", l.timestamps);
                push_bool(&mut flags, "--all-containers", l.all_containers);
                if let Some(s) = &l.since {
                    flags.push(format!("--since={s}"));
                }
                self.push_globals(&mut flags);
                w.extend(shell::assemble(flags, vec![l.pod.clone()], Dash::Any, true));
            }
            KubectlCommand::CreateDeployment(d) => {
                w.push("create".into());
                w.push("deployment".into());
                w.push(d.name.clone());
                for i in &d.images {
                    flags.push(format!("--image={i}"));
                }
                flags.push(format!("--replicas={}", d.replicas));
                if let Some(p) = d.port {
                    flags.push(format!("--port={p}"));
                }
                self.push_globals(&mut flags);
                w.extend(flags);
            }
            KubectlCommand::Scale(s) => {
                w.push("scale".into());
                flags.push(format!("--replicas={}", s.replicas));
                self.push_globals(&mut flags);
                w.extend(shell::assemble(flags, s.target.words(), Dash::Any, true));
            }
            KubectlCommand::Version(v) => {
                w.push("version".into());
                push_bool(&mut flags, "--client", v.client);
                if let Some(o) = &v.output {
                    flags.push(format!("--output={o}"));
                }
                self.push_globals(&mut flags);
                w.extend(flags);
            }
            KubectlCommand::Help { path } => {
                self.push_globals(&mut flags);
                w.extend(flags);
                if !path.is_empty() {
                    w.push("help".into());
                    w.extend(shell::assemble(vec![], path.clone(), Dash::Any, true));
                }
            }
        }
        w
    }

    fn push_globals(&self, flags: &mut Vec<String>) {
        if let Some(n) = &self.namespace {
            flags.push(format!("--namespace={n}"));
        }
        if let Some(c) = &self.context {
            flags.push(format!("--context={c}"));
        }
        if let Some(k) = &self.kubeconfig {
            flags.push(format!("--kubeconfig={k}"));
        }
    }

    /// The canonical command line, starting with `kubectl`.
    pub fn to_line(&self) -> String {
        let mut w = vec!["kubectl".to_string()];
        w.extend(self.words());
        shell::join(&w)
    }
}

fn kv_list(l: &[KeyValue]) -> String {
    l.iter()
        .map(|kv| format!("{}={}", kv.key, kv.value))
        .collect::<Vec<_>>()
        .join(",")
}

fn push_bool(flags: &mut Vec<String>, name: &str, on: bool) {
    if on {
        flags.push(name.to_string());
    }
}
