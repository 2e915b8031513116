//! `kubectl` (cobra + pflag), the subset the simulator runs.
//!
//! Error texts follow kubectl's conventions: `cmdutil.CheckErr` prefixes
//! `error: `; flag errors get `See 'kubectl <cmd> --help' for usage.`
//! (`templates.FlagErrorFunc`); usage errors get
//! `See 'kubectl <cmd> -h' for help and examples` (`cmdutil.UsageErrorf`);
//! every failure exits 1.
//!
//! Files: this one holds what was asked (the parsed command and its parts);
//! `grammar` the commands and flags kubectl knows, `parse` how it reads and
//! refuses a command line, `line` the canonical line a parsed command prints as.

mod grammar;
mod line;
mod parse;
mod workload;

pub(crate) use grammar::words;
pub use parse::parse;

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
    /// `kubectl create namespace NAME`.
    CreateNamespace {
        /// The namespace's name.
        name: String,
    },
    /// `kubectl scale`.
    Scale(KubectlScale),
    /// `kubectl apply -f FILE|-`.
    Apply(KubectlApply),
    /// `kubectl rollout status TYPE/NAME`.
    RolloutStatus(KubectlRolloutStatus),
    /// `kubectl set resources TYPE NAME --limits=… --requests=…`.
    SetResources(KubectlSetResources),
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
    /// The types kubectl resolves by name here (completion offers their
    /// plural names).
    pub(crate) const KNOWN: [ResourceKind; 8] = [
        ResourceKind::Pods,
        ResourceKind::Nodes,
        ResourceKind::Deployments,
        ResourceKind::ReplicaSets,
        ResourceKind::Services,
        ResourceKind::Namespaces,
        ResourceKind::Events,
        ResourceKind::All,
    ];

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
    /// `--overrides`: JSON merged into the generated pod (`--override-type`,
    /// default `merge`: a JSON merge patch).
    pub overrides: Option<String>,
    /// `--override-type` as given.
    pub override_type: Option<String>,
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
    /// `--sort-by` (a JSONPath expression).
    pub sort_by: Option<String>,
    /// `--no-headers`.
    pub no_headers: bool,
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

/// `kubectl apply -f FILE…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlApply {
    /// `-f/--filename`, in order (`-`: standard input).
    pub files: Vec<String>,
    /// `--dry-run` as given.
    pub dry_run: Option<String>,
}

/// `kubectl rollout status TYPE/NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlRolloutStatus {
    /// What to watch.
    pub target: Target,
    /// `--timeout` in seconds (`None`: kubectl's 0, wait forever).
    pub timeout_s: Option<u64>,
    /// `-w/--watch` (default true).
    pub watch: bool,
}

/// `kubectl set resources TYPE NAME --limits=… --requests=…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlSetResources {
    /// What to change.
    pub target: Target,
    /// `-c/--containers` (default `*`).
    pub containers: Option<String>,
    /// `--limits`.
    pub limits: Vec<KeyValue>,
    /// `--requests`.
    pub requests: Vec<KeyValue>,
}
