//! `systemctl` (systemd 255, as on Ubuntu 24.04): the verbs a person
//! troubleshooting a node types, with systemd's output and exit codes.

use super::daemons::Starter;
use super::journal::{ago, render, systemd_time};
use super::systemd::{dropins, fragment_path, unit_name, Unit, UnitState};
use super::unit_files::{docs, setting};
use crate::engine::{Outcome, World};
use crate::msg;

/// What was asked.
#[derive(Debug, Default)]
struct Args {
    verb: String,
    units: Vec<String>,
    now: bool,
    quiet: bool,
    all: bool,
    kind: Option<String>,
    props: Vec<String>,
    value: bool,
    lines: Option<usize>,
}

fn parse(argv: &[String]) -> Result<Args, String> {
    let mut a = Args::default();
    let mut i = 1;
    while i < argv.len() {
        let Some(w) = argv.get(i).map(String::as_str) else {
            break;
        };
        i += 1;
        let mut next = |name: &str| -> Result<String, String> {
            i += 1;
            argv.get(i - 1)
                .cloned()
                .ok_or_else(|| format!("systemctl: option '{name}' requires an argument"))
        };
        match w {
            "--no-pager" | "--no-legend" | "--full" | "-l" | "--no-block" | "--system"
            | "--no-ask-password" | "--plain" => {}
            "--now" => a.now = true,
            "-q" | "--quiet" => a.quiet = true,
            "-a" | "--all" => a.all = true,
            "--value" => a.value = true,
            "-t" => a.kind = Some(next("-t")?),
            "-p" | "--property" => a.props.push(next(w)?),
            "-n" | "--lines" => {
                let n = next(w)?;
                a.lines = Some(
                    n.parse()
                        .map_err(|_| format!("Failed to parse lines '{n}'"))?,
                );
            }
            _ if w.starts_with("--type=") => a.kind = w.get(7..).map(str::to_string),
            _ if w.starts_with("--property=") => a.props.push(w[11..].to_string()),
            _ if w.starts_with("-p") && w.len() > 2 => a.props.push(w[2..].to_string()),
            _ if w.starts_with("--lines=") => {
                a.lines = w[8..].parse().ok();
            }
            _ if w.starts_with("-n") && w.len() > 2 => a.lines = w[2..].parse().ok(),
            _ if w.starts_with("--state=") => {}
            _ if w.starts_with("--") => {
                return Err(format!("systemctl: unrecognized option '{w}'"));
            }
            _ if w.starts_with('-') && w.len() > 1 => {
                let c = w.chars().nth(1).unwrap_or('?');
                return Err(format!("systemctl: invalid option -- '{c}'"));
            }
            _ if a.verb.is_empty() => a.verb = w.to_string(),
            _ => a.units.push(w.to_string()),
        }
    }
    if a.verb.is_empty() {
        a.verb = "list-units".into();
    }
    Ok(a)
}

/// The verbs systemctl knows here (the others are `Unknown command verb`).
pub(crate) const VERBS: [&str; 36] = [
    "start",
    "stop",
    "restart",
    "try-restart",
    "reload-or-restart",
    "reload",
    "enable",
    "disable",
    "is-active",
    "is-failed",
    "is-enabled",
    "status",
    "daemon-reload",
    "list-units",
    "list-unit-files",
    "cat",
    "show",
    "reboot",
    "poweroff",
    "halt",
    "kexec",
    "suspend",
    "hibernate",
    "daemon-reexec",
    "reset-failed",
    "mask",
    "unmask",
    "edit",
    "set-property",
    "kill",
    "list-timers",
    "list-sockets",
    "list-dependencies",
    "isolate",
    "revert",
    "preset",
];

/// Runs `systemctl …`.
pub(crate) fn run(w: &mut World, argv: &[String]) -> Outcome {
    let a = match parse(argv) {
        Ok(a) => a,
        Err(e) => return Outcome::err(1, e),
    };
    let needs_unit = matches!(
        a.verb.as_str(),
        "start"
            | "stop"
            | "restart"
            | "reload"
            | "try-restart"
            | "reload-or-restart"
            | "enable"
            | "disable"
            | "is-active"
            | "is-enabled"
            | "is-failed"
            | "cat"
    );
    if needs_unit && a.units.is_empty() {
        return Outcome::err(1, "Too few arguments.");
    }
    if !VERBS.contains(&a.verb.as_str()) {
        return Outcome::err(1, format!("Unknown command verb '{}'.", a.verb));
    }
    match a.verb.as_str() {
        "start" | "stop" | "restart" | "try-restart" | "reload-or-restart" | "reload" => {
            jobs(w, &a)
        }
        "enable" | "disable" => enable(w, &a),
        "is-active" | "is-failed" => is_active(w, &a),
        "is-enabled" => is_enabled(w, &a),
        "status" => status(w, &a),
        "daemon-reload" => {
            let pid = w.pid();
            let now = w.now_ms();
            w.node.units.log(
                now,
                "",
                "systemd",
                1,
                format!("Reloading requested from client PID {pid} ('systemctl') (unit session-1.scope)..."),
            );
            w.node.units.log(now, "", "systemd", 1, "Reloading...");
            w.node
                .units
                .log(now, "", "systemd", 1, "Reloading finished in 212 ms.");
            w.node.units.load(&w.node.fs);
            Outcome::ok("")
        }
        "list-units" => super::unit_list::list_units(w, &a.kind, a.all, &a.units),
        "list-unit-files" => super::unit_list::list_unit_files(w, &a.kind, &a.units),
        "cat" => cat(w, &a),
        "show" => show(w, &a),
        "reboot" => {
            w.reboot();
            Outcome::ok("").remark(msg!("systemd-rebooted"))
        }
        "poweroff" | "halt" | "kexec" | "suspend" | "hibernate" => {
            Outcome::said(1, msg!("systemd-not-modelled", verb = a.verb.as_str()))
        }
        "daemon-reexec" | "reset-failed" => {
            if a.verb == "reset-failed" {
                for u in &a.units {
                    let name = unit_name(u);
                    if let Some(m) = w.node.units.get_mut(&name) {
                        if m.state == UnitState::Failed {
                            m.state = UnitState::Inactive;
                        }
                        m.restarts = 0;
                    }
                }
            }
            Outcome::ok("")
        }
        "mask" | "unmask" | "edit" | "set-property" | "kill" | "list-timers" | "list-sockets"
        | "list-dependencies" | "isolate" | "revert" | "preset" => {
            Outcome::said(1, msg!("systemd-not-modelled", verb = a.verb.as_str()))
        }
        v => Outcome::err(1, format!("Unknown command verb '{v}'.")),
    }
}

/// The warning systemd gives when a unit's files changed since it loaded them.
fn changed_warning(w: &World, name: &str) -> String {
    if w.node.units.changed_on_disk(&w.node.fs, name) {
        format!("Warning: The unit file, source configuration file or drop-ins of {name} changed on disk. Run 'systemctl daemon-reload' to reload units.\n")
    } else {
        String::new()
    }
}

/// `start`, `stop`, `restart`, `reload` of each unit named.
fn jobs(w: &mut World, a: &Args) -> Outcome {
    let mut o = Outcome::ok("");
    let verb = a.verb.as_str();
    for u in &a.units {
        let name = unit_name(u);
        let Some(unit) = w.node.units.get(&name).cloned() else {
            o.exit = 5;
            let v = if verb == "reload-or-restart" {
                "restart"
            } else {
                verb
            };
            o.stderr
                .push_str(&format!("Failed to {v} {name}: Unit {name} not found.\n"));
            continue;
        };
        o.stderr.push_str(&changed_warning(w, &name));
        match verb {
            "start" => w.unit_start(&name, Starter::User),
            "stop" => {
                w.unit_stop(&name, true);
                o.stderr.push_str(&still_triggered(w, &name));
            }
            "restart" | "reload-or-restart" => {
                w.unit_stop(&name, true);
                w.unit_start(&name, Starter::User);
            }
            "try-restart" => {
                if unit.state == UnitState::Active {
                    w.unit_stop(&name, true);
                    w.unit_start(&name, Starter::User);
                }
            }
            _ => {
                // reload: only units with ExecReload=.
                if setting(&unit.loaded, "ExecReload").is_none() {
                    o.exit = 1;
                    o.stderr.push_str(&format!(
                        "Failed to reload {name}: Job type reload is not applicable for unit {name}.\n"
                    ));
                    continue;
                }
                if unit.state != UnitState::Active {
                    o.exit = 1;
                    o.stderr.push_str(&format!(
                        "Failed to reload {name}: Unit {name} is not active, cannot reload.\n"
                    ));
                    continue;
                }
                let now = w.now_ms();
                w.node.units.log(
                    now,
                    &name,
                    "systemd",
                    1,
                    format!("Reloading {name} - {}...", unit.description),
                );
                w.node.units.log(
                    now,
                    &name,
                    "systemd",
                    1,
                    format!("Reloaded {name} - {}.", unit.description),
                );
            }
        }
    }
    o
}

/// systemd's warning after stopping a service whose socket still listens.
fn still_triggered(w: &World, name: &str) -> String {
    let Some(u) = w.node.units.get(name) else {
        return String::new();
    };
    match triggered_by(w, u).filter(|t| w.node.units.is_active(t)) {
        Some(t) => format!("Warning: Stopping {name}, but it can still be activated by:\n  {t}\n"),
        None => String::new(),
    }
}

/// The socket unit that can start a service (`docker.socket` for `docker.service`).
fn triggered_by(w: &World, u: &Unit) -> Option<String> {
    let stem = u.name.strip_suffix(".service")?;
    let s = format!("{stem}.socket");
    w.node.units.get(&s).map(|_| s)
}

/// Where `enable` links a unit (its `WantedBy=` target's `.wants`).
fn wants_link(u: &Unit) -> String {
    let target = setting(&u.loaded, "WantedBy").unwrap_or(if u.is_socket() {
        "sockets.target"
    } else {
        "multi-user.target"
    });
    format!("/etc/systemd/system/{target}.wants/{}", u.name)
}

/// `enable` / `disable` [`--now`].
fn enable(w: &mut World, a: &Args) -> Outcome {
    let on = a.verb == "enable";
    let mut o = Outcome::ok("");
    let mut named = Vec::new();
    for u in &a.units {
        let name = unit_name(u);
        let Some(unit) = w.node.units.get(&name).cloned() else {
            o.exit = 1;
            o.stderr.push_str(&if on {
                format!("Failed to enable unit: Unit file {name} does not exist.\n")
            } else {
                format!("Failed to disable unit: Unit file {name} does not exist.\n")
            });
            return o;
        };
        named.push(name.clone());
        let link = wants_link(&unit);
        let target = fragment_path(&w.node.fs, &unit);
        let sysv = matches!(name.as_str(), "docker.service" | "ssh.service");
        if sysv {
            let stem = name.trim_end_matches(".service");
            o.stderr.push_str(&format!("Synchronizing state of {name} with SysV service script with /usr/lib/systemd/systemd-sysv-install.\nExecuting: /usr/lib/systemd/systemd-sysv-install {} {stem}\n", a.verb));
        }
        if on && !unit.enabled {
            w.node.fs.put(
                &link,
                super::fs::Entry::Symlink {
                    target: target.clone(),
                },
            );
            o.stderr
                .push_str(&format!("Created symlink {link} \u{2192} {target}.\n"));
        } else if !on && unit.enabled {
            let _ = w.node.fs.remove(&link);
            o.stderr.push_str(&format!("Removed \"{link}\".\n"));
        }
        if let Some(m) = w.node.units.get_mut(&name) {
            m.enabled = on;
        }
    }
    if a.now {
        for name in named {
            if on {
                w.unit_start(&name, Starter::User);
            } else {
                w.unit_stop(&name, true);
                o.stderr.push_str(&still_triggered(w, &name));
            }
        }
    }
    o
}

fn is_active(w: &World, a: &Args) -> Outcome {
    let failed = a.verb == "is-failed";
    let mut out = String::new();
    let mut hit = false;
    for u in &a.units {
        let state = w.node.units.get(u).map_or("inactive", |u| u.state.as_str());
        if (failed && state == "failed") || (!failed && state == "active") {
            hit = true;
        }
        out.push_str(state);
        out.push('\n');
    }
    let mut o = Outcome::ok(if a.quiet { String::new() } else { out });
    o.exit = match (hit, failed) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 3,
    };
    o
}

fn is_enabled(w: &World, a: &Args) -> Outcome {
    let mut o = Outcome::ok("");
    let mut any = false;
    for u in &a.units {
        let name = unit_name(u);
        match w.node.units.get(&name) {
            None => {
                o.stderr.push_str(&format!(
                    "Failed to get unit file state for {name}: No such file or directory\n"
                ));
                o.exit = 1;
                return o;
            }
            Some(unit) => {
                any |= unit.enabled;
                if !a.quiet {
                    o.stdout.push_str(if unit.enabled {
                        "enabled\n"
                    } else {
                        "disabled\n"
                    });
                }
            }
        }
    }
    o.exit = if any { 0 } else { 1 };
    o
}

/// The circle before a unit's name: `●` active, `○` inactive, `×` failed.
fn dot(s: UnitState) -> &'static str {
    match s {
        UnitState::Active | UnitState::Activating => "\u{25cf}",
        UnitState::Inactive => "\u{25cb}",
        UnitState::Failed => "\u{d7}",
    }
}

/// `systemctl status UNIT…`.
fn status(w: &World, a: &Args) -> Outcome {
    if a.units.is_empty() {
        return Outcome::said(1, msg!("systemd-status-overview"));
    }
    let mut o = Outcome::ok("");
    let mut exit = 0;
    let mut first = true;
    for u in &a.units {
        let name = unit_name(u);
        let Some(unit) = w.node.units.get(&name) else {
            o.stderr
                .push_str(&format!("Unit {name} could not be found.\n"));
            exit = 4;
            continue;
        };
        if !first {
            o.stdout.push('\n');
        }
        first = false;
        o.stdout
            .push_str(&status_of(w, unit, a.lines.unwrap_or(10)));
        if unit.state != UnitState::Active && exit == 0 {
            exit = 3;
        }
        o.stderr.push_str(&changed_warning(w, &name));
    }
    o.exit = exit;
    o
}

fn status_of(w: &World, u: &Unit, lines: usize) -> String {
    let fs = &w.node.fs;
    let now = w.now_ms();
    let mut s = format!("{} {} - {}\n", dot(u.state), u.name, u.description);
    let enabled = if u.enabled { "enabled" } else { "disabled" };
    s.push_str(&format!(
        "     Loaded: loaded ({}; {enabled}; preset: enabled)\n",
        fragment_path(fs, u)
    ));
    let ds = dropins(fs, &u.name);
    let mut last_dir = String::new();
    for (i, (path, _)) in ds.iter().enumerate() {
        let dir = super::fs::parent(path);
        let label = if i == 0 {
            "    Drop-In: "
        } else {
            "             "
        };
        if dir != last_dir {
            s.push_str(&format!("{label}{dir}\n"));
            last_dir = dir.to_string();
        }
        s.push_str(&format!(
            "             \u{2514}\u{2500}{}\n",
            super::fs::base(path)
        ));
    }
    let since = format!(
        "since {}; {}",
        systemd_time(u.since_ms),
        ago(now.saturating_sub(u.since_ms))
    );
    let service_active = u.is_socket()
        && w.node
            .units
            .get(&u.name.replace(".socket", ".service"))
            .is_some_and(|s| s.state == UnitState::Active);
    let active = match u.state {
        UnitState::Active if u.is_socket() && service_active => format!("active (running) {since}"),
        UnitState::Active => format!("active ({}) {since}", u.sub_state()),
        UnitState::Inactive if u.gen == 0 => "inactive (dead)".to_string(),
        UnitState::Inactive => format!("inactive (dead) {since}"),
        UnitState::Failed => format!("failed (Result: {}) {since}", u.result),
        UnitState::Activating => {
            format!("activating (auto-restart) (Result: {}) {since}", u.result)
        }
    };
    s.push_str(&format!("     Active: {active}\n"));
    if let Some(t) = triggered_by(w, u) {
        let st = w
            .node
            .units
            .get(&t)
            .map_or(UnitState::Inactive, |x| x.state);
        s.push_str(&format!("TriggeredBy: {} {t}\n", dot(st)));
    }
    if u.is_socket() {
        let svc = u.name.replace(".socket", ".service");
        let st = w
            .node
            .units
            .get(&svc)
            .map_or(UnitState::Inactive, |x| x.state);
        s.push_str(&format!("   Triggers: {} {svc}\n", dot(st)));
        if let Some(listen) = setting(&u.loaded, "ListenStream") {
            s.push_str(&format!(
                "     Listen: {} (Stream)\n",
                listen.replace("%t", "/run")
            ));
        }
    }
    if let Some(d) = docs(&u.loaded) {
        s.push_str(&format!("       Docs: {d}\n"));
    }
    let exec = setting(&u.loaded, "ExecStart").unwrap_or("");
    if !u.is_socket() {
        match u.state {
            UnitState::Active => {
                if let Some(pre) = setting(&u.loaded, "ExecStartPre") {
                    s.push_str(&format!(
                        "    Process: {} ExecStartPre={} (code=exited, status=0/SUCCESS)\n",
                        u.main_pid.saturating_sub(1),
                        pre.trim_start_matches('-')
                    ));
                }
                s.push_str(&format!("   Main PID: {} ({})\n", u.main_pid, u.comm()));
            }
            _ if u.last_pid != 0 => {
                s.push_str(&format!(
                    "    Process: {} ExecStart={exec} ({})\n",
                    u.last_pid, u.exit
                ));
                s.push_str(&format!("   Main PID: {} ({})\n", u.last_pid, u.exit));
            }
            _ => {}
        }
    }
    let mut procs: Vec<(u32, String)> = Vec::new();
    if u.state == UnitState::Active && u.main_pid != 0 {
        procs.push((u.main_pid, u.exec.join(" ")));
    }
    procs.extend(w.cgroup_leftovers(&u.name));
    if u.state == UnitState::Active || !procs.is_empty() {
        s.push_str(&format!("     CGroup: /system.slice/{}\n", u.name));
        let width = procs
            .iter()
            .map(|p| p.0.to_string().len())
            .max()
            .unwrap_or(0);
        for (i, (pid, cmd)) in procs.iter().enumerate() {
            let glyph = if i + 1 == procs.len() {
                "\u{2514}\u{2500}"
            } else {
                "\u{251c}\u{2500}"
            };
            s.push_str(&format!("             {glyph}{pid:>width$} {cmd}\n"));
        }
    }
    let boot = w.node.units.boot;
    let mine: Vec<&super::systemd::JournalEntry> = w
        .node
        .units
        .journal()
        .filter(|e| e.unit == u.name && e.boot == boot)
        .collect();
    if lines > 0 && !mine.is_empty() {
        s.push('\n');
        let skip = mine.len().saturating_sub(lines);
        for e in &mine[skip..] {
            s.push_str(&render(e));
            s.push('\n');
        }
    }
    s
}

/// `cat UNIT…`: the unit file and its drop-ins, each under `# path`.
fn cat(w: &World, a: &Args) -> Outcome {
    let mut o = Outcome::ok("");
    for u in &a.units {
        let name = unit_name(u);
        let Some(unit) = w.node.units.get(&name) else {
            o.stderr.push_str(&format!("No files found for {name}.\n"));
            o.exit = 1;
            continue;
        };
        let fs = &w.node.fs;
        let path = fragment_path(fs, unit);
        let mut files = vec![(path.clone(), fs.read(&path).unwrap_or("").to_string())];
        files.extend(dropins(fs, &name));
        for (path, text) in files {
            if !o.stdout.is_empty() {
                o.stdout.push('\n');
            }
            o.stdout.push_str(&format!("# {path}\n{text}"));
            if !text.ends_with('\n') && !text.is_empty() {
                o.stdout.push('\n');
            }
        }
    }
    o
}

/// `show [-p PROP…] [--value] UNIT`.
fn show(w: &World, a: &Args) -> Outcome {
    let Some(u) = a.units.first() else {
        return Outcome::said(1, msg!("systemd-not-modelled", verb = "show"));
    };
    let name = unit_name(u);
    let unit = w.node.units.get(&name);
    let fs = &w.node.fs;
    let get = |p: &str| -> String {
        let Some(u) = unit else {
            return match p {
                "Id" | "Names" => name.clone(),
                "LoadState" => "not-found".into(),
                "ActiveState" => "inactive".into(),
                "SubState" => "dead".into(),
                "MainPID" | "ExecMainPID" | "NRestarts" => "0".into(),
                _ => String::new(),
            };
        };
        match p {
            "Id" | "Names" => u.name.clone(),
            "Description" => u.description.clone(),
            "LoadState" => "loaded".into(),
            "ActiveState" => u.state.as_str().into(),
            "SubState" => u.sub_state().into(),
            "UnitFileState" => if u.enabled { "enabled" } else { "disabled" }.into(),
            "UnitFilePreset" => "enabled".into(),
            "MainPID" => u.main_pid.to_string(),
            "ExecMainPID" => u.last_pid.to_string(),
            "NRestarts" => u.restarts.to_string(),
            "Result" => u.result.into(),
            "FragmentPath" => fragment_path(fs, u),
            "DropInPaths" => dropins(fs, &u.name)
                .into_iter()
                .map(|(p, _)| p)
                .collect::<Vec<_>>()
                .join(" "),
            "Restart" => setting(&u.loaded, "Restart").unwrap_or("no").into(),
            "RestartUSec" => {
                let ms = super::unit_files::restart_ms(&u.loaded);
                if ms.is_multiple_of(1000) {
                    format!("{}s", ms / 1000)
                } else {
                    format!("{ms}ms")
                }
            }
            "NeedDaemonReload" => if w.node.units.changed_on_disk(fs, &u.name) {
                "yes"
            } else {
                "no"
            }
            .into(),
            "Type" => setting(&u.loaded, "Type").unwrap_or("simple").into(),
            "KillMode" => setting(&u.loaded, "KillMode")
                .unwrap_or("control-group")
                .into(),
            "ActiveEnterTimestamp" | "StateChangeTimestamp" => systemd_time(u.since_ms),
            _ => String::new(),
        }
    };
    let props: Vec<String> = if a.props.is_empty() {
        [
            "Type",
            "Restart",
            "RestartUSec",
            "MainPID",
            "NRestarts",
            "Result",
            "Id",
            "Names",
            "Description",
            "LoadState",
            "ActiveState",
            "SubState",
            "FragmentPath",
            "DropInPaths",
            "UnitFileState",
            "UnitFilePreset",
            "NeedDaemonReload",
            "KillMode",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    } else {
        a.props
            .iter()
            .flat_map(|p| p.split(',').map(str::to_string).collect::<Vec<_>>())
            .collect()
    };
    let mut s = String::new();
    for p in &props {
        let v = get(p);
        if a.value {
            s.push_str(&format!("{v}\n"));
        } else {
            s.push_str(&format!("{p}={v}\n"));
        }
    }
    Outcome::ok(s)
}
