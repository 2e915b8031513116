//! `atlas drill` and `atlas quiz`: read a drill (embedded, or a file with
//! `--file`), hand it to atlas-core, print. The printing functions are pure
//! (a drill or a verdict in, text out) so they are tested without a
//! terminal.
//!
//! ```text
//! atlas drill list [--lang ko]
//! atlas drill show ID [--solution] [--file DRILL.toml] [--lang ko]
//! atlas drill check ID (--script FILE|- | --solution) [--file DRILL.toml] [--lang ko]
//! atlas quiz list [--lang ko]
//! atlas quiz show ID [--lang ko]
//! ```

use anyhow::{anyhow, Result};
use atlas_core::drill::{self, Drill, Verdict};
use atlas_core::quiz::{self, Question};
use atlas_core::{msg, Catalog, Lang};
use std::io::Read;
use std::path::PathBuf;

/// `atlas drill …`.
#[derive(Debug, clap::Subcommand)]
pub enum DrillCommand {
    /// List the drills: id, domain, configuration, title.
    List,
    /// Show a drill: its title, configuration, task, the items checked and hints.
    Show {
        /// The drill's id (D03).
        id: Option<String>,
        /// Also show the reference solution.
        #[arg(long)]
        solution: bool,
        /// A drill file that is not embedded (then ID may be left out).
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Set the drill's node up, run a script through its shell, then check every item (exit 0 only when all pass).
    Check {
        /// The drill's id (D03).
        id: Option<String>,
        /// The commands, one per line as typed at the node's prompt (- for standard input).
        #[arg(long, conflicts_with = "solution")]
        script: Option<PathBuf>,
        /// Run the drill's reference solution instead of a script.
        #[arg(long)]
        solution: bool,
        /// A drill file that is not embedded (then ID may be left out).
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

/// `atlas quiz …`.
#[derive(Debug, clap::Subcommand)]
pub enum QuizCommand {
    /// List the questions: id and question.
    List,
    /// Show a question: its choices, the answer, the explanation and the hop that shows it.
    Show {
        /// The question's id.
        id: String,
    },
}

/// Reads a file, or standard input for `-`.
fn read(path: &PathBuf, catalog: &Catalog) -> Result<String> {
    let what = || {
        catalog.render(&msg!(
            "drill-cli-cannot-read",
            path = path.display().to_string()
        ))
    };
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| anyhow!("{}: {e}", what()))?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).map_err(|e| anyhow!("{}: {e}", what()))
    }
}

/// The drill named by `--file` or by its id.
fn pick(id: Option<&str>, file: Option<&PathBuf>, catalog: &Catalog) -> Result<Drill> {
    if let Some(path) = file {
        let text = read(path, catalog)?;
        let name = path.display().to_string();
        let d = drill::parse(&text, &name).map_err(|e| anyhow!(catalog.render(&e.message())))?;
        return Ok(d);
    }
    let Some(id) = id else {
        return Err(anyhow!(catalog.render(&msg!("drill-cli-need-id"))));
    };
    drill::find(id).ok_or_else(|| {
        let ids: Vec<String> = drill::all().into_iter().map(|d| d.id).collect();
        anyhow!(catalog.render(&msg!("drill-cli-unknown", id = id, ids = ids.join(", "))))
    })
}

/// `atlas drill list`: one line per drill.
pub fn list(drills: &[Drill], lang: Lang) -> String {
    let mut s = String::new();
    for d in drills {
        s.push_str(&format!(
            "{:<6} {:<16} {:<30} {}\n",
            d.id,
            d.domain.id(),
            d.config_words(),
            d.title.get(lang)
        ));
    }
    s
}

/// `atlas drill show`.
pub fn show(d: &Drill, lang: Lang, solution: bool, catalog: &Catalog) -> String {
    let mut s = format!("{}  {}\n", d.id, d.title.get(lang));
    s.push_str(&catalog.render(&msg!(
        "drill-cli-config",
        k8s = d.node.k8s.as_str(),
        runtime = d.node.runtime.as_str(),
        oci = d.node.oci.as_str()
    )));
    s.push_str("\n\n");
    s.push_str(&format!(
        "{}\n{}\n\n",
        catalog.render(&msg!("drill-cli-task")),
        d.task.get(lang).trim()
    ));
    s.push_str(&catalog.render(&msg!("drill-cli-checks")));
    s.push('\n');
    for c in &d.checks {
        s.push_str(&format!("  - {}\n", c.name.get(lang)));
    }
    if !d.hints.is_empty() {
        s.push('\n');
        s.push_str(&catalog.render(&msg!("drill-cli-hints")));
        s.push('\n');
        for (i, h) in d.hints.iter().enumerate() {
            s.push_str(&format!("  {}. {}\n", i + 1, h.get(lang)));
        }
    }
    if let Some(name) = &d.scenario {
        s.push('\n');
        s.push_str(&catalog.render(&msg!("drill-cli-scenario", name = name.as_str())));
        s.push('\n');
    }
    if solution {
        s.push('\n');
        s.push_str(&catalog.render(&msg!("drill-cli-solution")));
        s.push('\n');
        for line in d.solution.script.trim().lines() {
            s.push_str(&format!("  {line}\n"));
        }
    }
    s
}

/// A verdict: one line per item (`✓`/`✗`, its name, what was found), then
/// `N of M`.
pub fn verdict(v: &Verdict, lang: Lang, catalog: &Catalog) -> String {
    let mut s = String::new();
    for i in &v.items {
        s.push_str(if i.pass { "✓ " } else { "✗ " });
        s.push_str(i.name.get(lang));
        let mut said = Vec::new();
        if let Some(w) = &i.why {
            said.push(catalog.render(w));
        }
        if let Some(f) = &i.found {
            said.push(catalog.render(&msg!("drill-cli-found", found = f.as_str())));
        }
        if !said.is_empty() {
            s.push_str(" — ");
            s.push_str(&said.join("; "));
        }
        s.push('\n');
    }
    s.push_str(&catalog.render(&msg!("drill-cli-score", passed = v.passed, total = v.total)));
    s.push('\n');
    s
}

/// Runs `atlas drill …`: (what to print, exit code).
pub fn run(cmd: DrillCommand, lang: Lang, catalog: &Catalog) -> Result<(String, u8)> {
    match cmd {
        DrillCommand::List => Ok((list(&drill::all(), lang), 0)),
        DrillCommand::Show { id, solution, file } => {
            let d = pick(id.as_deref(), file.as_ref(), catalog)?;
            Ok((show(&d, lang, solution, catalog), 0))
        }
        DrillCommand::Check {
            id,
            script,
            solution,
            file,
        } => {
            let d = pick(id.as_deref(), file.as_ref(), catalog)?;
            let text = match (script, solution) {
                (_, true) => d.solution.script.clone(),
                (Some(path), false) => read(&path, catalog)?,
                (None, false) => {
                    return Err(anyhow!(catalog.render(&msg!("drill-cli-need-script"))))
                }
            };
            let mut node = d
                .start()
                .map_err(|e| anyhow!(catalog.render(&e.message())))?;
            node.run_script(&text)
                .map_err(|e| anyhow!(catalog.render(&e.message())))?;
            let v = d.check(&node);
            let code = if v.solved() { 0 } else { 1 };
            Ok((verdict(&v, lang, catalog), code))
        }
    }
}

/// `atlas quiz list`: one line per question.
pub fn quiz_list(questions: &[Question], lang: Lang) -> String {
    let width = questions.iter().map(|q| q.id.len()).max().unwrap_or(0);
    questions
        .iter()
        .map(|q| format!("{:<width$}  {}\n", q.id, q.question.get(lang)))
        .collect()
}

/// `atlas quiz show`: the question, its choices, the answer, why, and the
/// hop that shows it (its number in the scenario's run, as a link says it).
pub fn quiz_show(q: &Question, lang: Lang, catalog: &Catalog) -> String {
    let mut s = format!("{}\n{}\n\n", q.id, q.question.get(lang));
    for (i, c) in q.choices.iter().enumerate() {
        s.push_str(&format!("  {}. {}\n", i + 1, c.get(lang)));
    }
    s.push('\n');
    let answer = format!("{}", q.answer + 1);
    s.push_str(&catalog.render(&msg!("drill-quiz-answer", answer = answer)));
    s.push('\n');
    s.push_str(&format!(
        "{}\n{}\n",
        catalog.render(&msg!("drill-quiz-explanation")),
        q.explanation.get(lang)
    ));
    if let Some(at) = q.at {
        s.push('\n');
        s.push_str(&catalog.render(&msg!(
            "drill-quiz-hop",
            scenario = q.scenario.as_str(),
            hop = at.index + 1
        )));
        s.push('\n');
    }
    s
}

/// Runs `atlas quiz …`.
pub fn run_quiz(cmd: QuizCommand, lang: Lang, catalog: &Catalog) -> Result<String> {
    let all = quiz::all();
    match cmd {
        QuizCommand::List => Ok(quiz_list(&all, lang)),
        QuizCommand::Show { id } => match all.iter().find(|q| q.id == id) {
            Some(q) => Ok(quiz_show(q, lang, catalog)),
            None => {
                let ids: Vec<&str> = all.iter().map(|q| q.id.as_str()).collect();
                Err(anyhow!(catalog.render(&msg!(
                    "drill-quiz-unknown",
                    id = id.as_str(),
                    ids = ids.join(", ")
                ))))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_prints_each_item_and_the_score() {
        let d = drill::find("D03").unwrap();
        let en = Catalog::english();
        let node = d.start().unwrap();
        let out = verdict(&d.check(&node), Lang::En, &en);
        assert!(out.contains("✗ crictl's runtime endpoint is containerd's socket — found: unix:///var/run/dockershim.sock\n"), "{out}");
        assert!(out.contains("✓ containerd is still running\n"), "{out}");
        assert!(out.ends_with("\n2 of 5\n"), "{out}");
        let ko = Catalog::builtin(Lang::Ko);
        let out = verdict(&d.check(&node), Lang::Ko, &ko);
        assert!(
            out.contains("발견: unix:///var/run/dockershim.sock"),
            "{out}"
        );
        assert!(out.ends_with("5개 중 2개\n"), "{out}");
    }

    #[test]
    fn show_keeps_the_solution_for_when_it_is_asked() {
        let d = drill::find("D04").unwrap();
        let en = Catalog::english();
        let out = show(&d, Lang::En, false, &en);
        assert!(
            out.starts_with("D04  kubelet cannot reach containerd"),
            "{out}"
        );
        assert!(
            out.contains("Node: Kubernetes 1.28, containerd-2, runc"),
            "{out}"
        );
        assert!(out.contains("  - node-1 is Ready\n"), "{out}");
        assert!(!out.contains("enable --now containerd\n"), "{out}");
        assert!(show(&d, Lang::En, true, &en).contains("  systemctl enable --now containerd\n"));
        let ko = show(&d, Lang::Ko, false, &Catalog::builtin(Lang::Ko));
        assert!(ko.contains("과제\n노드 node-1이 NotReady이다."), "{ko}");
    }

    #[test]
    fn a_question_shows_its_answer_and_its_hop() {
        let all = quiz::all();
        assert_eq!(quiz_list(&all, Lang::En).lines().count(), all.len());
        let q = all.first().unwrap();
        let out = quiz_show(q, Lang::En, &Catalog::english());
        assert!(
            out.starts_with(&format!("{}\n{}\n\n  1. ", q.id, q.question.en)),
            "{out}"
        );
        assert!(
            out.contains(&format!("Answer: {}\n", q.answer + 1)),
            "{out}"
        );
        assert!(
            out.contains(&format!("The hop: scenario {}, hop ", q.scenario)),
            "{out}"
        );
        let ko = quiz_show(q, Lang::Ko, &Catalog::builtin(Lang::Ko));
        assert!(
            ko.contains(&q.explanation.ko) && ko.contains("정답: "),
            "{ko}"
        );
    }

    #[test]
    fn list_has_a_line_per_drill() {
        let all = drill::all();
        let out = list(&all, Lang::En);
        assert_eq!(out.lines().count(), all.len());
        assert!(
            out.lines()
                .any(|l| l.starts_with("D03    troubleshooting  1.28 containerd-2 runc")),
            "{out}"
        );
    }
}
