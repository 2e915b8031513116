//! The commands and flags kubectl registers: the top-level command list
//! (in cobra's suggestion order), the global flags and each simulated
//! subcommand's own flags.

use crate::command::flags::{b, i, s, FlagDef, Kind};

/// Top-level commands in kubectl's registration order (cobra suggests in
/// this order).
pub(super) const COMMANDS: &[&str] = &[
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

pub(super) const SIMULATED: &str =
    "run, get, describe, delete, exec, logs, create deployment, scale, apply -f, rollout status, set resources, version";

pub(super) const GLOBAL: &[FlagDef] = &[
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

pub(super) const RUN: &[FlagDef] = &[
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

pub(super) const GET: &[FlagDef] = &[
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

pub(super) const DESCRIBE: &[FlagDef] = &[
    b("all-namespaces").short('A'),
    s("selector").short('l'),
    b("show-events"),
    i("chunk-size"),
    s("filename").short('f'),
    s("kustomize").short('k'),
    b("recursive").short('R'),
];

pub(super) const DELETE: &[FlagDef] = &[
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

pub(super) const EXEC: &[FlagDef] = &[
    s("container").short('c'),
    b("stdin").short('i'),
    b("tty").short('t'),
    b("quiet").short('q'),
    s("filename").short('f'),
    s("pod-running-timeout"),
];

pub(super) const LOGS: &[FlagDef] = &[
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

pub(super) const CREATE: &[FlagDef] = &[
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

pub(super) const CREATE_DEPLOYMENT: &[FlagDef] = &[
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

pub(super) const SCALE: &[FlagDef] = &[
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

pub(super) const VERSION: &[FlagDef] = &[b("client"), s("output").short('o')];

/// What kubectl takes after `path` (completion): the commands, then a
/// command's own flags; the global flags everywhere (they are persistent).
pub(crate) fn words(path: &[&str]) -> crate::command::words::Words {
    use crate::command::words::Words;
    let own: &[FlagDef] = match path.first() {
        None => return Words::new(COMMANDS, GLOBAL),
        Some(&"run") => RUN,
        Some(&"get") => GET,
        Some(&"describe") => DESCRIBE,
        Some(&"delete") => DELETE,
        Some(&"exec") => EXEC,
        Some(&"logs") => LOGS,
        Some(&"create") => match path.get(1) {
            Some(&"deployment" | &"deploy") => CREATE_DEPLOYMENT,
            _ => CREATE,
        },
        Some(&"scale") => SCALE,
        Some(&"version") => VERSION,
        Some(_) => &[],
    };
    let mut w = Words::new(&[], own);
    w.flags.extend_from_slice(GLOBAL);
    w
}
