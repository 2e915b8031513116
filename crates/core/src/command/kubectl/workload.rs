//! The kubectl commands that change workloads: `apply -f`, `rollout status`,
//! `set resources` (their flag tables and how kubectl reads them).

use super::parse::{
    err, help, parse_flags, split_list, target, usage_err, with_globals, RESOURCE_EXAMPLES,
};
use super::{
    KeyValue, Kubectl, KubectlApply, KubectlCommand, KubectlRolloutStatus, KubectlSetResources,
};
use crate::command::error::{CommandError, ErrorKind, Tool};
use crate::command::flags::{b, i, s, valid_go_duration, FlagDef, Kind};

const APPLY: &[FlagDef] = &[
    s("filename").short('f'),
    s("kustomize").short('k'),
    b("recursive").short('R'),
    s("output").short('o'),
    s("dry-run").no_opt("unchanged"),
    b("server-side"),
    b("force-conflicts"),
    b("prune"),
    s("selector").short('l'),
    b("all"),
    b("overwrite"),
    b("force"),
    i("grace-period"),
    FlagDef::new("timeout", Kind::Duration),
    b("wait"),
    s("validate").no_opt("strict"),
    s("field-manager"),
    b("save-config"),
    s("template"),
    b("show-managed-fields"),
    b("allow-missing-template-keys"),
];

const ROLLOUT_STATUS: &[FlagDef] = &[
    s("watch").short('w').no_opt("true"),
    i("revision"),
    FlagDef::new("timeout", Kind::Duration),
    s("selector").short('l'),
    s("filename").short('f'),
    s("kustomize").short('k'),
    b("recursive").short('R'),
];

const SET_RESOURCES: &[FlagDef] = &[
    s("containers").short('c'),
    s("limits"),
    s("requests"),
    b("all"),
    b("local"),
    s("selector").short('l'),
    s("filename").short('f'),
    s("kustomize").short('k'),
    b("recursive").short('R'),
    s("output").short('o'),
    s("dry-run").no_opt("unchanged"),
    s("field-manager"),
    s("template"),
    b("show-managed-fields"),
    b("allow-missing-template-keys"),
];

/// `kubectl apply`.
pub(super) fn parse_apply(args: &[String]) -> Result<Kubectl, CommandError> {
    let path = "kubectl apply";
    let p = parse_flags(path, args, APPLY)?;
    if let Some(h) = help(&p, &["apply"]) {
        return Ok(h);
    }
    let files = p.all("filename");
    if files.is_empty() {
        if p.is_set("kustomize") {
            return Err(not_simulated("kubectl apply -k"));
        }
        return Err(err(
            ErrorKind::MissingArgument,
            "must specify one of -f and -k",
        ));
    }
    if !p.args.is_empty() {
        return Err(usage_err(
            ErrorKind::InvalidArgument,
            path,
            &format!("Unexpected args: {:?}", p.args)
                .replace("[\"", "[")
                .replace("\"]", "]")
                .replace("\", \"", " "),
        ));
    }
    Ok(with_globals(
        &p,
        KubectlCommand::Apply(KubectlApply {
            files,
            dry_run: p.string("dry-run"),
        }),
    ))
}

/// `kubectl rollout SUBCOMMAND`: only `status`.
pub(super) fn parse_rollout(args: &[String]) -> Result<Kubectl, CommandError> {
    let Some(sub_at) = args.iter().position(|a| !a.starts_with('-')) else {
        let p = parse_flags("kubectl rollout", args, &[])?;
        return Ok(help(&p, &["rollout"]).unwrap_or_else(|| {
            with_globals(
                &p,
                KubectlCommand::Help {
                    path: vec!["rollout".into()],
                },
            )
        }));
    };
    let sub = args.get(sub_at).map(String::as_str).unwrap_or("");
    let rest: Vec<String> = args
        .iter()
        .enumerate()
        .filter(|(n, _)| *n != sub_at)
        .map(|(_, a)| a.clone())
        .collect();
    match sub {
        "status" => {
            let path = "kubectl rollout status";
            let p = parse_flags(path, &rest, ROLLOUT_STATUS)?;
            if let Some(h) = help(&p, &["rollout", "status"]) {
                return Ok(h);
            }
            let Some(target) = target(path, &p.args)? else {
                return Err(err(ErrorKind::MissingArgument, RESOURCE_EXAMPLES));
            };
            if target.names.is_empty() {
                return Err(err(
                    ErrorKind::MissingArgument,
                    "resource(s) were provided, but no name was specified",
                ));
            }
            let timeout_s = match p.last("timeout") {
                Some(t) => Some(duration_seconds(t).ok_or_else(|| {
                    err(
                        ErrorKind::InvalidArgument,
                        &format!("invalid argument \"{t}\" for \"--timeout\" flag: time: invalid duration \"{t}\""),
                    )
                })?),
                None => None,
            };
            let watch = p.last("watch").map(|w| w != "false").unwrap_or(true);
            Ok(with_globals(
                &p,
                KubectlCommand::RolloutStatus(KubectlRolloutStatus {
                    target,
                    timeout_s: timeout_s.filter(|t| *t > 0),
                    watch,
                }),
            ))
        }
        "history" | "pause" | "restart" | "resume" | "undo" => {
            Err(not_simulated(&format!("kubectl rollout {sub}")))
        }
        other => Err(CommandError::text(
            Tool::Kubectl,
            ErrorKind::UnknownCommand,
            1,
            &format!("error: unknown command \"{other}\" for \"kubectl rollout\""),
        )),
    }
}

/// `kubectl set SUBCOMMAND`: only `resources`.
pub(super) fn parse_set(args: &[String]) -> Result<Kubectl, CommandError> {
    let Some(sub_at) = args.iter().position(|a| !a.starts_with('-')) else {
        let p = parse_flags("kubectl set", args, &[])?;
        return Ok(with_globals(
            &p,
            KubectlCommand::Help {
                path: vec!["set".into()],
            },
        ));
    };
    let sub = args.get(sub_at).map(String::as_str).unwrap_or("");
    let rest: Vec<String> = args
        .iter()
        .enumerate()
        .filter(|(n, _)| *n != sub_at)
        .map(|(_, a)| a.clone())
        .collect();
    match sub {
        "resources" => {
            let path = "kubectl set resources";
            let p = parse_flags(path, &rest, SET_RESOURCES)?;
            if let Some(h) = help(&p, &["set", "resources"]) {
                return Ok(h);
            }
            let limits = p
                .all("limits")
                .iter()
                .flat_map(|v| split_list(v))
                .collect::<Vec<_>>();
            let requests = p
                .all("requests")
                .iter()
                .flat_map(|v| split_list(v))
                .collect::<Vec<_>>();
            if limits.is_empty() && requests.is_empty() {
                return Err(err(
                    ErrorKind::MissingArgument,
                    "you must specify an update to requests or limits (in the form of --requests/--limits)",
                ));
            }
            let Some(target) = target(path, &p.args)? else {
                return Err(err(ErrorKind::MissingArgument, RESOURCE_EXAMPLES));
            };
            Ok(with_globals(
                &p,
                KubectlCommand::SetResources(KubectlSetResources {
                    target,
                    containers: p.string("containers"),
                    limits: pairs(&limits),
                    requests: pairs(&requests),
                }),
            ))
        }
        "env" | "image" | "selector" | "serviceaccount" | "subject" => {
            Err(not_simulated(&format!("kubectl set {sub}")))
        }
        other => Err(CommandError::text(
            Tool::Kubectl,
            ErrorKind::UnknownCommand,
            1,
            &format!("error: unknown command \"{other}\" for \"kubectl set\""),
        )),
    }
}

fn pairs(list: &[String]) -> Vec<KeyValue> {
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

fn not_simulated(command: &str) -> CommandError {
    CommandError::said(
        Tool::Kubectl,
        ErrorKind::NotSimulated,
        1,
        crate::msg!("said-real-command", command = command, tool = "kubectl"),
    )
    .with_hint(format!(
        "kubectl commands simulated: {}",
        super::grammar::SIMULATED
    ))
}

/// A Go duration (`90s`, `5m`, `1m30s`, or a bare `0`) in whole seconds.
fn duration_seconds(v: &str) -> Option<u64> {
    if v == "0" {
        return Some(0);
    }
    if !valid_go_duration(v) {
        return None;
    }
    let mut total_ms: u64 = 0;
    let mut num = String::new();
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            continue;
        }
        let mut unit = c.to_string();
        if c == 'm' && chars.peek() == Some(&'s') {
            unit.push('s');
            chars.next();
        }
        let n: u64 = num.split('.').next().unwrap_or("0").parse().unwrap_or(0);
        num.clear();
        total_ms = total_ms.saturating_add(match unit.as_str() {
            "h" => n * 3_600_000,
            "m" => n * 60_000,
            "s" => n * 1000,
            "ms" => n,
            _ => 0,
        });
    }
    Some(total_ms.div_ceil(1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn durations_in_seconds() {
        assert_eq!(duration_seconds("90s"), Some(90));
        assert_eq!(duration_seconds("1m30s"), Some(90));
        assert_eq!(duration_seconds("2m"), Some(120));
        assert_eq!(duration_seconds("x"), None);
    }

    #[test]
    fn the_workload_commands_parse() {
        let k = super::super::parse(&words("apply -f web.yaml -n shop")).expect("apply");
        assert!(matches!(&k.command, KubectlCommand::Apply(a) if a.files == ["web.yaml"]));
        assert_eq!(k.namespace.as_deref(), Some("shop"));
        let k = super::super::parse(&words("rollout status deployment/web --timeout=60s"))
            .expect("rollout");
        assert!(
            matches!(&k.command, KubectlCommand::RolloutStatus(r) if r.timeout_s == Some(60) && r.target.names == ["web"])
        );
        let k = super::super::parse(&words(
            "set resources deploy report-gen -n batch --limits=memory=200Mi,cpu=500m",
        ))
        .expect("set");
        let KubectlCommand::SetResources(r) = &k.command else {
            panic!("{k:?}")
        };
        assert_eq!(r.limits.len(), 2);
        assert_eq!(r.limits[0].value, "200Mi");
        let e = super::super::parse(&words("apply")).expect_err("no -f");
        assert!(e
            .render_stderr("")
            .contains("must specify one of -f and -k"));
    }
}
