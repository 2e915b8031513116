//! The English the on-demand modules bring: the first load carries only the
//! messages its own code and the default run can show, and each module hands
//! the app its part when it loads (`i18n::add_english`). After each module
//! has answered — another scenario's hops, the terminal's tools, a drill and
//! its Check, the quiz, the inspector's diagnostics — the page shows no
//! message as its raw id.

use super::{open_terminal, run_in_terminal, Driver, TERMINAL_READY};
use anyhow::{bail, Context, Result};
use atlas_core::message::{ids_shown_raw, messages, EN_ENGINE_FTL, EN_INSPECTOR_FTL};
use atlas_core::Lang;
use serde_json::json;
use std::time::Duration;

const ANSWER: Duration = Duration::from_secs(30);

/// Every word the page shows: its text, and its titles and labels.
const SHOWN: &str = "return document.body.innerText + '\\n' + \
  [...document.querySelectorAll('[title],[aria-label]')] \
    .map((e) => (e.getAttribute('title') || '') + ' ' + (e.getAttribute('aria-label') || '')).join('\\n');";

/// The message ids only an on-demand module's part holds.
fn module_ids() -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for part in [EN_ENGINE_FTL, EN_INSPECTOR_FTL] {
        ids.extend(messages(Lang::En, part)?.into_keys());
    }
    Ok(ids)
}

/// Fails if the page shows a message as its id.
fn none_raw(d: &Driver, ids: &[String], what: &str) -> Result<()> {
    let shown = d.js(SHOWN)?;
    let shown = shown.as_str().unwrap_or("");
    if shown.trim().is_empty() {
        bail!("{what}: the page shows nothing");
    }
    let raw = ids_shown_raw(shown, ids);
    if !raw.is_empty() {
        bail!("{what}: the page shows message ids {raw:?}");
    }
    println!("  ok: {what}: no raw message id");
    d.no_errors()
}

/// Opens `#v1;<fragment>` on a fresh page.
fn go(d: &Driver, base: &str, fragment: &str) -> Result<()> {
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;{fragment}"))
}

/// Every hop of a scenario's run from the engine module, the inspector's
/// diagnostics, the terminal's tools, a drill and its Check, and the quiz.
pub(super) fn no_raw_ids(d: &Driver, base: &str) -> Result<()> {
    println!("test: after each on-demand module loads, no message shows as its id");
    let ids = module_ids()?;

    // Other runs (the engine module): every hop's note of a sandboxed and a
    // Podman scenario.
    for sc in ["docker-run-gvisor", "podman-run", "kubectl-run-crio"] {
        go(d, base, &format!("sc={sc};hop=1"))?;
        d.ready()?;
        d.wait_for("#call", ANSWER)?;
        let counter = d.text("#hop-counter")?;
        let n: usize = counter
            .rsplit('/')
            .next()
            .and_then(|n| n.trim().parse().ok())
            .with_context(|| format!("no hop count in {counter:?}"))?;
        for hop in 1..=n {
            // Chromium lets one document change its history state at most
            // 200 times in 10 s (each hop is two: this hash, the app's
            // replaceState), then ignores the rest: a fresh document every
            // 64 hops.
            if hop % 64 == 0 {
                go(d, base, &format!("sc={sc};hop={hop}"))?;
                d.ready()?;
            } else {
                d.js(&format!(
                    "location.hash = '#v1;sc={sc};hop={hop}'; return true;"
                ))?;
            }
            let at = d.wait(
                &format!("{sc} at hop {hop}"),
                &format!(
                    "const c = document.querySelector('#hop-counter'); return !!c && c.textContent.startsWith('hop {hop} /');"
                ),
                ANSWER,
            );
            if let Err(e) = at {
                let seen = d.js("const c = document.querySelector('#hop-counter'); return (c ? c.textContent : 'no counter') + ' at ' + location.hash;")?;
                bail!("{e:#}; the page shows {seen}");
            }
            let note = d.text("#note")?;
            let raw = ids_shown_raw(&note, &ids);
            if !raw.is_empty() {
                bail!("{sc}, hop {hop}: the note shows {raw:?}: {note:?}");
            }
        }
        none_raw(d, &ids, &format!("{sc}, {n} hops"))?;
    }

    // The inspector module: a broken sample's diagnostics.
    go(d, base, "p=inspector;ins=broken/trailing-comma")?;
    d.ready()?;
    d.wait(
        "the broken sample's diagnostics",
        "return document.querySelectorAll('#oci-listing .diag').length > 0;",
        ANSWER,
    )?;
    none_raw(d, &ids, "the inspector's diagnostics")?;

    // The terminal: tools, the node's files and units, a remark, a refusal.
    open_terminal(d, base, "")?;
    for line in [
        "crictl ps -a",
        "kubectl run web --image=nginx",
        "kubectl get pods -o wide",
        "systemctl status containerd",
        "ls /nowhere",
        "ps aux",
        "docker ps",
        "frobnicate",
    ] {
        run_in_terminal(d, line)?;
    }
    none_raw(d, &ids, "the terminal")?;

    // A drill, its Check, the quiz.
    go(d, base, "p=drill;d=D03")?;
    d.wait_for("#drill-task", ANSWER)?;
    d.wait(
        "the drill's node",
        &format!(
            "return !!document.querySelector({});",
            json!(TERMINAL_READY)
        ),
        ANSWER,
    )?;
    d.js("document.querySelector('#drill-check').click(); return true;")?;
    d.wait(
        "the verdict",
        "const r = document.querySelector('#drill-result'); return !!r && r.dataset.total !== undefined;",
        ANSWER,
    )?;
    none_raw(d, &ids, "a drill and its Check")?;
    go(d, base, "p=drill")?;
    d.wait_for("#drill-list a.drill-item", ANSWER)?;
    none_raw(d, &ids, "the drills' list")?;
    go(d, base, "p=quiz")?;
    d.wait_for("#quiz-question input[type=radio][name=quiz]", ANSWER)?;
    // Two clicks, two tasks: the answer button is enabled by the choice's render.
    d.js("document.querySelector('#quiz-choice-0').click(); return true;")?;
    d.wait(
        "the answer button",
        "const b = document.querySelector('#quiz-answer'); return !!b && !b.disabled;",
        ANSWER,
    )?;
    d.js("document.querySelector('#quiz-answer').click(); return true;")?;
    d.wait_for("#quiz-feedback", ANSWER)?;
    none_raw(d, &ids, "the quiz")
}
