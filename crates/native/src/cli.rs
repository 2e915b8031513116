//! The command line: runc's, parsed by the core's runc grammar
//! (`atlas_core::command::runc`), plus `--trace FILE`: it parses the
//! arguments into a [`Ctx`] and the command, and dispatches to the verb's
//! module ([`crate::verb`]) or to the hidden `init` and `init-exec`.

use crate::ctx::{Ctx, DEFAULT_ROOT};
use crate::error::{Error, Result};
use crate::log::Logger;
use crate::verb;
use atlas_core::command::runc::{self, RuntimeBinary, RuntimeCli, RuntimeCommand};
use std::io::Write;
use std::path::PathBuf;

/// Runs `atlas-runtime ARGS…` and returns the exit code.
pub fn main_with_args(args: &[String]) -> i32 {
    if args.get(1).map(String::as_str) == Some(crate::channel::INIT_COMMAND) {
        return crate::init::main();
    }
    if args.get(1).map(String::as_str) == Some(crate::setns_init::INIT_EXEC_COMMAND) {
        return crate::setns_init::init_exec_main();
    }
    let argv0 = args.first().map(String::as_str).unwrap_or("atlas-runtime");
    let (trace, rest) = take_trace(args.get(1..).unwrap_or(&[]));
    let cli = match runc::parse(RuntimeBinary::Runc, argv0, &rest) {
        Ok(c) => c,
        Err(e) => {
            let _ = std::io::stdout().write_all(e.render_stdout().as_bytes());
            let _ =
                std::io::stderr().write_all(e.render_stderr(&crate::log::now_rfc3339()).as_bytes());
            return e.exit_code;
        }
    };
    let ctx = Ctx {
        root: PathBuf::from(cli.root.as_deref().unwrap_or(DEFAULT_ROOT)),
        log: Logger {
            path: cli.log.clone(),
            json: cli.log_format.as_deref() == Some("json"),
            debug: cli.debug,
        },
        trace,
        argv: args.to_vec(),
    };
    match run(&ctx, &cli) {
        Ok(code) => code,
        Err(e) => {
            let msg = match &cli.command {
                RuntimeCommand::Create(_) => format!("runc create failed: {e}"),
                RuntimeCommand::Run(_) => format!("runc run failed: {e}"),
                _ => e.to_string(),
            };
            ctx.log.fatal(&msg);
            // runc 1.1's exec: `fatalWithCode(fmt.Errorf("exec failed: %w",
            // err), 255)`; Docker and Podman pass 255 on as the exec's status.
            if matches!(cli.command, RuntimeCommand::Exec(_)) {
                255
            } else {
                1
            }
        }
    }
}

/// Removes `--trace FILE` / `--trace=FILE` from the global flags (before the
/// subcommand), which runc's grammar does not know.
fn take_trace(args: &[String]) -> (Option<PathBuf>, Vec<String>) {
    let mut out = Vec::with_capacity(args.len());
    let mut trace = None;
    let mut i = 0;
    let mut in_globals = true;
    while i < args.len() {
        let a = &args[i];
        if in_globals {
            if a == "--trace" || a == "-trace" {
                trace = args.get(i + 1).map(PathBuf::from);
                i += 2;
                continue;
            }
            if let Some(v) = a
                .strip_prefix("--trace=")
                .or_else(|| a.strip_prefix("-trace="))
            {
                trace = Some(PathBuf::from(v));
                i += 1;
                continue;
            }
            if !a.starts_with('-') {
                in_globals = false;
            } else if matches!(
                a.as_str(),
                "--root"
                    | "-root"
                    | "--log"
                    | "-log"
                    | "--log-format"
                    | "-log-format"
                    | "--criu"
                    | "--rootless"
            ) {
                out.push(a.clone());
                if let Some(v) = args.get(i + 1) {
                    out.push(v.clone());
                }
                i += 2;
                continue;
            }
        }
        out.push(a.clone());
        i += 1;
    }
    (trace, out)
}

/// runc's `--systemd-cgroup` checks, where runc makes them: the
/// `cgroupsPath` must be `slice:prefix:name` (`specconv`, once the config
/// is read), then, after the config's validation and the id's, systemd must
/// run (`manager.New`: `/run/systemd/system` is a directory). Any earlier
/// fault is left to `create`, which reports it as runc does. atlas-runtime
/// has no systemd driver: where systemd runs, the flag is refused too.
fn check_systemd_cgroup(ctx: &Ctx, id: &str, bundle: Option<&str>, no_pivot: bool) -> Result<()> {
    use atlas_core::oci::{parse_config, OciRuntime, Plan};
    let bundle = PathBuf::from(bundle.unwrap_or("."));
    let Ok(text) = std::fs::read_to_string(bundle.join("config.json")) else {
        return Ok(());
    };
    let Ok(spec) = parse_config(&text, OciRuntime::Runc) else {
        return Ok(());
    };
    let path = spec
        .linux()
        .as_ref()
        .and_then(|l| l.cgroups_path().as_ref())
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if !path.is_empty() && path.split(':').count() != 3 {
        return Err(Error::Refused(format!(
            "expected cgroupsPath to be of format \"slice:prefix:name\" for systemd cgroups, got {} instead",
            atlas_core::command::error::go_quote(&path)
        )));
    }
    let v1 = crate::cgroup::Layout::detect().version() == atlas_core::oci::CgroupVersion::V1;
    if Plan::with_options(&spec, crate::channel::plan_options(v1, no_pivot)).is_err()
        || crate::state::validate_id(id).is_err()
        || ctx.root.join(id).exists()
    {
        return Ok(());
    }
    if !std::path::Path::new("/run/systemd/system").is_dir() {
        return Err(Error::Refused(
            "systemd not running on this host, cannot use systemd cgroups manager".into(),
        ));
    }
    Err(Error::Refused(
        "atlas-runtime has no systemd cgroup driver: run it without --systemd-cgroup".into(),
    ))
}

fn run(ctx: &Ctx, cli: &RuntimeCli) -> Result<i32> {
    if cli.systemd_cgroup {
        match &cli.command {
            RuntimeCommand::Create(o) => {
                check_systemd_cgroup(ctx, &o.id, o.bundle.as_deref(), o.no_pivot)?
            }
            RuntimeCommand::Run(r) => {
                let o = &r.create;
                check_systemd_cgroup(ctx, &o.id, o.bundle.as_deref(), o.no_pivot)?
            }
            _ => {}
        }
    }
    match &cli.command {
        RuntimeCommand::Spec { bundle, rootless } => verb::spec::spec(bundle.as_deref(), *rootless),
        RuntimeCommand::Create(o) => verb::create::create(ctx, o, None).map(|_| 0),
        RuntimeCommand::Run(o) => verb::run::run(ctx, o),
        RuntimeCommand::Start { id } => verb::start::start(ctx, id).map(|_| 0),
        RuntimeCommand::State { id } => verb::state::state(ctx, id),
        RuntimeCommand::List { format, quiet } => verb::state::list(ctx, format.as_deref(), *quiet),
        RuntimeCommand::Kill {
            id, all, signal, ..
        } => {
            verb::kill::kill_parsed(ctx, id, cli.kill_signal(), signal.as_deref(), *all).map(|_| 0)
        }
        RuntimeCommand::Delete { id, force } => verb::delete::delete(ctx, id, *force).map(|_| 0),
        RuntimeCommand::Exec(o) => verb::exec::exec(ctx, o),
        RuntimeCommand::Ps { id, format, .. } => verb::ps::ps(ctx, id, format.as_deref()),
        RuntimeCommand::Pause { id } => verb::pause::pause(ctx, id, true).map(|_| 0),
        RuntimeCommand::Resume { id } => verb::pause::pause(ctx, id, false).map(|_| 0),
        RuntimeCommand::Features => {
            println!("{}", verb::features::features());
            Ok(0)
        }
        RuntimeCommand::Version => {
            println!(
                "atlas-runtime version {}\nspec: 1.0.2-dev",
                env!("CARGO_PKG_VERSION")
            );
            Ok(0)
        }
        RuntimeCommand::Help { .. } => {
            println!("atlas-runtime: runc's command line (create, start, run, state, list, kill, delete, exec, ps, pause, resume, update, events, spec, features); --trace FILE records the Trace");
            Ok(0)
        }
        RuntimeCommand::Update { id, resources, set } => {
            verb::update::update(ctx, id, resources.as_deref(), set)
        }
        RuntimeCommand::Events {
            id,
            stats,
            interval,
        } => verb::events::events(ctx, id, *stats, interval.as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_flag_is_taken_from_the_globals_only() {
        let a: Vec<String> = [
            "--root", "/r", "--trace", "/t.jsonl", "run", "--trace", "x", "id",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (t, rest) = take_trace(&a);
        assert_eq!(t, Some(PathBuf::from("/t.jsonl")));
        assert_eq!(rest, ["--root", "/r", "run", "--trace", "x", "id"]);
    }
}
