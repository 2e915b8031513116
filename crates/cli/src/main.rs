//! `atlas`: the command-line face of Runtime Atlas. A thin shell: it reads files
//! and arguments, calls atlas-core, and prints. No model logic lives here.

use anyhow::{anyhow, bail, Result};
use atlas_core::node::fault::Fault;
use atlas_core::scenario::{self, SCENARIOS};
use atlas_core::sim::Sim;
use atlas_core::{msg, Catalog, Config, Lang};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::process::ExitCode;

mod drill;
mod oci;

#[derive(Parser)]
#[command(
    name = "atlas",
    version,
    about = "Runtime Atlas: see how containers really run"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
    /// Language of the narration and messages: en or ko (한국어). The real
    /// tools' output stays as they print it.
    #[arg(long, global = true, default_value = "en")]
    lang: Lang,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// JSON Lines: the Trace.
    Json,
    /// Each command, its output and its hops.
    Text,
    /// What a terminal on the node shows: the prompt, the command, its output.
    Terminal,
}

#[derive(Subcommand)]
enum Cmd {
    /// Parse, validate and plan OCI documents (config.json, image index, manifest, config).
    Oci {
        #[command(subcommand)]
        cmd: oci::OciCommand,
    },
    /// CKA drills: a broken node to fix, checked by its final state.
    Drill {
        #[command(subcommand)]
        cmd: drill::DrillCommand,
    },
    /// Quiz questions on the stack, each linked to the hop that shows the answer.
    Quiz {
        #[command(subcommand)]
        cmd: drill::QuizCommand,
    },
    /// Run commands through the simulated node and print what happens, hop by hop.
    Sim {
        /// Kubernetes version (1.20 to 1.34).
        #[arg(long)]
        k8s: Option<String>,
        /// High-level runtime: containerd (1.7), containerd-2, cri-o, docker, dockershim, cri-dockerd, or podman (a Podman 5 host without Kubernetes).
        #[arg(long)]
        runtime: Option<String>,
        /// OCI runtime: runc, crun, kata, gvisor.
        #[arg(long)]
        oci: Option<String>,
        /// Seed of the id generator: the same seed gives the same output, byte for byte.
        #[arg(long, default_value_t = atlas_core::sim::DEFAULT_SEED)]
        seed: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// A file with one command per line, run over one world in order.
        #[arg(long, conflicts_with_all = ["scenario", "command"])]
        script: Option<std::path::PathBuf>,
        /// A named, curated scenario.
        #[arg(long, conflicts_with = "command")]
        scenario: Option<String>,
        /// Commands that set the node up first (a drill's broken node); not shown.
        #[arg(long)]
        setup: Option<std::path::PathBuf>,
        /// A fault injected after the set-up, as JSON (e.g. '{"stop_unit":"containerd"}'); repeatable.
        #[arg(long)]
        fault: Vec<String>,
        /// List the scenarios and exit.
        #[arg(long)]
        list_scenarios: bool,
        /// The command line to run (after `--`).
        #[arg(last = true)]
        command: Vec<String>,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("atlas: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    let catalog = Catalog::builtin(cli.lang);
    match cli.cmd {
        Cmd::Oci { cmd } => {
            let code = oci::run(cmd, &catalog)?;
            Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
        }
        Cmd::Drill { cmd } => {
            let (out, code) = drill::run(cmd, cli.lang, &catalog)?;
            std::io::stdout().lock().write_all(out.as_bytes())?;
            Ok(ExitCode::from(code))
        }
        Cmd::Quiz { cmd } => {
            let out = drill::run_quiz(cmd, cli.lang, &catalog)?;
            std::io::stdout().lock().write_all(out.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Sim {
            k8s,
            runtime,
            oci,
            seed,
            format,
            script,
            scenario,
            setup,
            fault,
            list_scenarios,
            command,
        } => {
            if list_scenarios {
                let mut out = std::io::stdout().lock();
                for s in SCENARIOS {
                    writeln!(out, "{:<26} {}", s.name, catalog.render(&s.title()))?;
                }
                return Ok(ExitCode::SUCCESS);
            }
            let (config, text, label) = if let Some(name) = scenario {
                let Some(s) = scenario::find(&name) else {
                    let names: Vec<_> = SCENARIOS.iter().map(|s| s.name).collect();
                    bail!(catalog.render(&msg!(
                        "sim-cli-unknown-scenario",
                        name = format!("{name:?}"),
                        names = names.join(", ")
                    )));
                };
                let base = s.config();
                let config = Config::from_words(
                    Some(&k8s.unwrap_or_else(|| base.k8s.to_string())),
                    Some(runtime.as_deref().unwrap_or(base.runtime.id())),
                    Some(oci.as_deref().unwrap_or(base.oci.id())),
                )
                .map_err(|e| anyhow!(catalog.render(&e.message())))?;
                (config, s.script.to_string(), s.trace_command())
            } else {
                let config = Config::from_words(k8s.as_deref(), runtime.as_deref(), oci.as_deref())
                    .map_err(|e| anyhow!(catalog.render(&e.message())))?;
                if let Some(path) = script {
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        let what = msg!(
                            "sim-cli-cannot-read-script",
                            path = path.display().to_string()
                        );
                        anyhow!("{}: {e}", catalog.render(&what))
                    })?;
                    (config, text, format!("script {}", path.display()))
                } else if command.is_empty() {
                    bail!(catalog.render(&msg!("sim-cli-nothing-to-run")));
                } else {
                    // One word is a line for the node's shell, as `bash -c`
                    // takes it (pipes, `$(…)`); several are words, quoted.
                    let line = match command.as_slice() {
                        [one] => one.clone(),
                        words => words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" "),
                    };
                    (config, line.clone(), line)
                }
            };
            let mut sim = Sim::new(config, seed);
            if matches!(format, Format::Terminal) {
                sim = sim.with_history();
            }
            if let Some(path) = setup {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    let what = msg!(
                        "sim-cli-cannot-read-setup",
                        path = path.display().to_string()
                    );
                    anyhow!("{}: {e}", catalog.render(&what))
                })?;
                sim.setup(&text)
                    .map_err(|e| anyhow!(catalog.render(&e.message())))?;
            }
            for f in &fault {
                let parsed: Fault = serde_json::from_str(f).map_err(|e| {
                    anyhow!(
                        "{}: {e}",
                        catalog.render(&msg!("sim-cli-bad-fault", fault = f.as_str()))
                    )
                })?;
                sim.inject(&parsed)
                    .map_err(|e| anyhow!(catalog.render(&e.message())))?;
            }
            sim.run_script(&text)
                .map_err(|e| anyhow!(catalog.render(&e.message())))?;
            let out = match format {
                Format::Json => sim.to_jsonl_in(&label, &catalog),
                Format::Text => sim.to_text_in(&catalog),
                Format::Terminal => sim.to_terminal_in(&catalog),
            };
            std::io::stdout().lock().write_all(out.as_bytes())?;
            let last = sim.steps().last().map(|s| s.record.exit).unwrap_or(0);
            Ok(ExitCode::from(
                u8::try_from(last.clamp(0, 255)).unwrap_or(1),
            ))
        }
    }
}

/// Quotes a word for a shell line when it needs it.
fn quote(w: &str) -> String {
    if !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c))
    {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}
