//! The drills and the quiz (issue 17, `p=drill`, `p=quiz`): D03 solved
//! through the terminal (its reference solution, read from the page's
//! solution view, typed line by line) turns every item green and links the
//! scenario underneath; D04 left unsolved stays red with partial credit;
//! the typed session and the progress survive a reload, the progress
//! resets; the Korean task in Korean; a quiz question answered right and
//! wrong, with the explanation and the hop's link; screenshots for a person
//! to look at. The DOM is the contract's (/work/notes/common17.md).

use super::driver::clip;
use super::{check, open_terminal, run_in_terminal, Driver, TERMINAL_READY};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::time::Duration;

/// How long the engine module may take to answer (never a speed check).
const ANSWER: Duration = Duration::from_secs(60);

/// Clicks the first element `selector` matches.
fn click(d: &Driver, selector: &str) -> Result<()> {
    let ok = d.js(&format!(
        "const e = document.querySelector({}); if (!e || e.disabled) return false; e.click(); return true;",
        json!(selector)
    ))?;
    if ok != json!(true) {
        bail!("no enabled {selector} to click");
    }
    Ok(())
}

/// Opens `#v1;<fragment>` on a fresh page.
fn go(d: &Driver, base: &str, fragment: &str) -> Result<()> {
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;{fragment}"))
}

/// Opens a drill and waits for its task and its node.
fn open_drill(d: &Driver, base: &str, id: &str, extra: &str) -> Result<()> {
    go(d, base, &format!("p=drill;d={id}{extra}"))?;
    d.wait_for("#drill-task", ANSWER).with_context(|| {
        format!(
            "the panel says {:?}",
            clip(&d.text("main").unwrap_or_default(), 400)
        )
    })?;
    d.wait(
        "the drill's node to answer",
        &format!(
            "return !!document.querySelector({});",
            json!(TERMINAL_READY)
        ),
        ANSWER,
    )?;
    d.no_errors()
}

/// Presses Check and waits for the verdict: (passed, total, solved, items).
fn check_now(d: &Driver) -> Result<(u64, u64, bool, Vec<Value>)> {
    d.wait(
        "Check to be enabled",
        "const b = document.querySelector('#drill-check'); return !!b && !b.disabled;",
        ANSWER,
    )?;
    d.js("const r = document.querySelector('#drill-result'); if (r) r.remove(); return true;")?;
    click(d, "#drill-check")?;
    d.wait(
        "the verdict",
        "const r = document.querySelector('#drill-result'); return !!r && r.dataset.total !== undefined;",
        ANSWER,
    )?;
    d.no_errors()?;
    let v = d.js(
        "const r = document.querySelector('#drill-result'); \
         return {passed: +r.dataset.passed, total: +r.dataset.total, solved: r.dataset.solved === 'true', \
           items: [...r.querySelectorAll('li.drill-check')].map((l) => ({pass: l.dataset.pass, \
             name: (l.querySelector('.drill-name') || {}).textContent, \
             found: (l.querySelector('.drill-found') || {}).textContent || null})), \
           text: r.textContent};",
    )?;
    let items = v["items"].as_array().cloned().unwrap_or_default();
    let (passed, total) = (
        v["passed"].as_u64().unwrap_or(0),
        v["total"].as_u64().unwrap_or(0),
    );
    if total == 0 || items.len() as u64 != total {
        bail!(
            "the verdict has {} items for a total of {total}: {}",
            items.len(),
            v["text"]
        );
    }
    let green = items.iter().filter(|i| i["pass"] == json!("true")).count() as u64;
    if green != passed {
        bail!("{green} items are green for data-passed={passed}");
    }
    if !v["text"]
        .as_str()
        .unwrap_or("")
        .contains(&format!("{passed}"))
    {
        bail!("the verdict does not say its score: {}", v["text"]);
    }
    Ok((passed, total, v["solved"] == json!(true), items))
}

/// The drills' states in the list: id → `data-state`.
fn list_states(d: &Driver, base: &str) -> Result<Value> {
    go(d, base, "p=drill")?;
    d.wait_for("#drill-list a.drill-item[data-drill='D03']", ANSWER)
        .with_context(|| {
            format!(
                "the panel says {:?}",
                clip(&d.text("main").unwrap_or_default(), 400)
            )
        })?;
    d.js("const o = {}; document.querySelectorAll('#drill-list a.drill-item').forEach((a) => { o[a.dataset.drill] = a.dataset.state; }); return o;")
}

/// D03 solved through the terminal: the reference solution (shown after a
/// confirmation) typed line by line, Check → every item green, solved, the
/// scenario's link; the link restores the drill and what was typed; the
/// list remembers it.
pub(super) fn solve_d03(d: &Driver, base: &str) -> Result<()> {
    println!("test: D03 solved through the terminal turns every item green");
    go(d, base, "")?;
    d.js("localStorage.removeItem('atlas-drills'); return true;")?;
    let states = list_states(d, base)?;
    check(
        "D03 before any Check",
        states["D03"].as_str().unwrap_or(""),
        "new",
    )?;
    click(d, "#drill-list a.drill-item[data-drill='D03']")?;
    d.wait_for("#drill-task", ANSWER)?;
    d.wait_for(TERMINAL_READY, ANSWER)?;
    let task = d.text("#drill-task")?;
    if !task.contains("D03") || !task.contains("crictl") {
        bail!("the task is not D03's: {task:?}");
    }
    println!("  ok: the task: {:?}", clip(&task, 120));
    // The view takes the drill's configuration (the topology draws that stack).
    let hash = d.js("return location.hash;")?;
    println!("  ok: the link: {}", clip(hash.as_str().unwrap_or(""), 120));
    // Hints one at a time.
    click(d, "#drill-hint")?;
    d.wait_for("#drill-hints li", Duration::from_secs(5))?;
    check(
        "hints shown after one click",
        &d.count("#drill-hints li")?.to_string(),
        "1",
    )?;
    // The solution only after a confirmation.
    if d.count("#drill-solution-text")? != 0 {
        bail!("the solution shows before it was asked for");
    }
    click(d, "#drill-solution")?;
    d.wait_for("#drill-solution-yes", Duration::from_secs(5))?;
    if d.count("#drill-solution-text")? != 0 {
        bail!("the solution shows before the confirmation");
    }
    click(d, "#drill-solution-yes")?;
    d.wait_for("#drill-solution-text", Duration::from_secs(5))?;
    let solution = d.text("#drill-solution-text")?;
    let lines: Vec<&str> = solution
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if lines.is_empty() {
        bail!("the solution view shows no command: {solution:?}");
    }
    for l in &lines {
        let out = run_in_terminal(d, l)?;
        println!("  ok: typed {:?} → {:?}", clip(l, 70), clip(&out, 70));
    }
    let (passed, total, solved, items) = check_now(d)?;
    if !solved || passed != total {
        bail!("D03 solved by its reference solution: {passed} of {total}: {items:?}");
    }
    println!("  ok: D03: {passed} of {total}, every item green");
    let href = d
        .attr("a#drill-scenario", "href")?
        .context("no a#drill-scenario after solving")?;
    if !href.starts_with("#v1;") || !href.contains(";sc=") {
        bail!("the scenario's link is not a link to a scenario: {href}");
    }
    println!("  ok: the scenario underneath: {href}");
    // The link restores the drill and what was typed: a reload checks green again.
    d.wait(
        "the typed session in the link",
        "return location.hash.includes(';d=D03') && location.hash.includes(';s=');",
        Duration::from_secs(10),
    )?;
    let link = d.js("return location.href;")?;
    let link = link.as_str().unwrap_or("").to_string();
    d.go("about:blank")?;
    d.go(&link)?;
    d.wait_for("#drill-task", ANSWER)?;
    d.wait_for(TERMINAL_READY, ANSWER)?;
    let typed = d.count("#term-out .term-block")?;
    if typed < lines.len() {
        bail!("the link restored {typed} commands of {}", lines.len());
    }
    let (passed, total, solved, _) = check_now(d)?;
    if !solved {
        bail!("after a reload of the link, D03 checks {passed} of {total}");
    }
    println!("  ok: the link restored the drill and its {typed} commands: still solved");
    // The scenario's link opens the scenario.
    click(d, "a#drill-scenario")?;
    d.ready()?;
    let states = list_states(d, base)?;
    check(
        "D03 in the list after solving",
        states["D03"].as_str().unwrap_or(""),
        "solved",
    )?;
    d.no_errors()
}

/// D04 left unsolved: Check shows red items with what was found and a
/// partial score; the list says tried; the progress survives a reload and
/// its reset forgets it.
pub(super) fn unsolved_d04(d: &Driver, base: &str) -> Result<()> {
    println!("test: D04 left unsolved stays red, with partial credit; progress and its reset");
    open_drill(d, base, "D04", "")?;
    let (passed, total, solved, items) = check_now(d)?;
    if solved || passed >= total {
        bail!("D04 untouched checks {passed} of {total}");
    }
    let red: Vec<&Value> = items
        .iter()
        .filter(|i| i["pass"] == json!("false"))
        .collect();
    if red.is_empty() {
        bail!("no red item: {items:?}");
    }
    if d.count("a#drill-scenario")? != 0 {
        bail!("the scenario's link shows before the drill is solved");
    }
    let colour = d.js(
        "const n = document.querySelector(\"li.drill-check[data-pass='false'] .drill-name\"); \
         return getComputedStyle(n).color;",
    )?;
    println!(
        "  ok: D04 untouched: {passed} of {total}; red ({colour}): {}",
        red.iter()
            .map(|i| format!(
                "{} ({})",
                i["name"].as_str().unwrap_or(""),
                i["found"].as_str().unwrap_or("-")
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    // Progress survives a reload.
    let states = list_states(d, base)?;
    check(
        "D04 in the list after a failed Check",
        states["D04"].as_str().unwrap_or(""),
        "tried",
    )?;
    let stored = d.js("return localStorage.getItem('atlas-drills');")?;
    let stored: Value = serde_json::from_str(stored.as_str().unwrap_or("{}")).unwrap_or_default();
    if stored["D04"]["total"].as_u64() != Some(total) || stored["D04"]["solved"] != json!(false) {
        bail!("localStorage[atlas-drills] keeps {stored}");
    }
    println!("  ok: localStorage keeps {stored}");
    // Its reset forgets it, across a reload too.
    click(d, "#drill-progress-reset")?;
    d.wait(
        "every drill to be new",
        "return [...document.querySelectorAll('#drill-list a.drill-item')].every((a) => a.dataset.state === 'new');",
        Duration::from_secs(5),
    )?;
    let states = list_states(d, base)?;
    if states
        .as_object()
        .is_some_and(|o| o.values().any(|s| s != "new"))
    {
        bail!("after the reset and a reload: {states}");
    }
    println!("  ok: the progress reset: {states}");
    d.no_errors()
}

/// Hangul in a text.
fn hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// `lang=ko`: the task, the buttons and the tab in Korean; the terminal's
/// output stays as the tools print it.
pub(super) fn korean(d: &Driver, base: &str) -> Result<()> {
    println!("test: a drill in Korean");
    open_drill(d, base, "D03", "")?;
    let en = d.text("#drill-task .drill-text")?;
    open_drill(d, base, "D03", ";lang=ko")?;
    d.wait(
        "the Korean catalog",
        "const t = document.querySelector('#tab-drill'); return !!t && /[\\uAC00-\\uD7A3]/.test(t.textContent);",
        Duration::from_secs(20),
    )?;
    let ko = d.text("#drill-task .drill-text")?;
    if !hangul(&ko) || ko == en {
        bail!("the Korean task is not Korean: {ko:?} (English: {en:?})");
    }
    for b in [
        "#drill-check",
        "#drill-hint",
        "#drill-solution",
        "#drill-reset",
        "#tab-drill",
    ] {
        let t = d.text(b)?;
        if !hangul(&t) {
            bail!("{b} is not in Korean: {t:?}");
        }
    }
    println!("  ok: ko: {:?}", clip(&ko, 80));
    let out = run_in_terminal(d, "crictl ps")?;
    println!("  ok: crictl's own words: {:?}", clip(&out, 80));
    let (passed, total, _, _) = check_now(d)?;
    let text = d.text("#drill-result .drill-score")?;
    if !hangul(&text) {
        bail!("the verdict is not in Korean: {text:?}");
    }
    println!("  ok: ko verdict: {passed} of {total}: {text:?}");
    d.no_errors()
}

/// The quiz: a question answered (right or wrong), the feedback with the
/// explanation and the hop's link; Start over, the same question answered
/// the other way; the score kept across a reload; the hop's link opens the
/// scenario at that hop.
pub(super) fn quiz(d: &Driver, base: &str) -> Result<()> {
    println!("test: the quiz: answered right and wrong, the explanation, the hop");
    go(d, base, "")?;
    d.js("localStorage.removeItem('atlas-quiz'); return true;")?;
    go(d, base, "p=quiz")?;
    d.wait_for("#quiz-question input[type=radio][name=quiz]", ANSWER)
        .with_context(|| {
            format!(
                "the panel says {:?}",
                clip(&d.text("main").unwrap_or_default(), 400)
            )
        })?;
    let first = d
        .attr("#quiz-question", "data-question")?
        .unwrap_or_default();
    let n = d.count("input[type=radio][name=quiz]")?;
    if !(2..=5).contains(&n) {
        bail!("question {first} has {n} choices");
    }
    let answer = |i: usize| -> Result<(bool, String)> {
        click(d, &format!("#quiz-choice-{i}"))?;
        click(d, "#quiz-answer")?;
        d.wait_for("#quiz-feedback", Duration::from_secs(5))?;
        let right = d.attr("#quiz-feedback", "data-correct")? == Some("true".into());
        Ok((right, d.text("#quiz-feedback")?))
    };
    let (right0, said0) = answer(0)?;
    let right_index = d
        .js("const i = document.querySelector('.quiz-choice.right input'); return i ? +i.value : null;")?
        .as_u64()
        .context("the feedback marks no right choice")? as usize;
    println!(
        "  ok: {first}, choice 0: right={right0}: {:?}",
        clip(&said0, 100)
    );
    let hop = d
        .attr("a#quiz-hop", "href")?
        .context("no a#quiz-hop in the feedback")?;
    if !hop.contains(";sc=") || !hop.contains(";hop=") {
        bail!("the hop's link is not a link to a hop: {hop}");
    }
    check(
        "the score",
        &d.attr("#quiz-score", "data-answered")?.unwrap_or_default(),
        "1",
    )?;
    click(d, "#quiz-restart")?;
    d.wait_for("#quiz-answer", Duration::from_secs(5))?;
    check(
        "the question after Start over",
        &d.attr("#quiz-question", "data-question")?
            .unwrap_or_default(),
        &first,
    )?;
    let other = if right0 {
        (right_index + 1) % n
    } else {
        right_index
    };
    let (right1, said1) = answer(other)?;
    if right1 == right0 {
        bail!("choice {other} was judged like choice 0 ({right0}); the right one is {right_index}");
    }
    println!(
        "  ok: choice {other}: right={right1}: {:?}",
        clip(&said1, 100)
    );
    let explanation = d.text("#quiz-feedback .quiz-explanation")?;
    if explanation.trim().is_empty() {
        bail!("no explanation in the feedback");
    }
    // The score survives a reload; Next moves on.
    click(d, "#quiz-next")?;
    d.wait(
        "the next question",
        &format!("const q = document.querySelector('#quiz-question'); return !!q && q.dataset.question !== {};", json!(first)),
        Duration::from_secs(5),
    )?;
    go(d, base, "p=quiz")?;
    d.wait_for("#quiz-question", ANSWER)?;
    check(
        "the score after a reload",
        &d.attr("#quiz-score", "data-right")?.unwrap_or_default(),
        &u8::from(right1).to_string(),
    )?;
    check(
        "answered after a reload",
        &d.attr("#quiz-score", "data-answered")?.unwrap_or_default(),
        "1",
    )?;
    // The hop's link opens the scenario at that hop.
    let at: usize = hop
        .split(';')
        .find_map(|p| p.strip_prefix("hop="))
        .and_then(|h| h.parse().ok())
        .context("no hop= in the link")?;
    d.go(&format!("{base}{hop}"))?;
    d.ready()?;
    d.wait(
        "the scenario at the hop",
        &format!("const c = document.querySelector('#hop-counter'); return !!c && c.textContent.startsWith('hop {at} /');"),
        Duration::from_secs(30),
    )?;
    println!(
        "  ok: {hop} opens the scenario at {:?}",
        d.text("#hop-counter")?
    );
    d.no_errors()
}

/// PNGs of a drill after Check (D04, red and green items) and of the quiz
/// after an answer, in English and Korean, at 1366×768, 1920×1080 and
/// 390×844, into `target/screens/`, for a person to look at.
pub(super) fn screens(d: &Driver, base: &str) -> Result<()> {
    println!("test: screenshots of the drills and the quiz");
    let dir = crate::dist::target_dir().join("screens");
    for lang in ["en", "ko"] {
        for (w, h, phone) in [(1366, 768, false), (1920, 1080, false), (390, 844, true)] {
            d.window(w, h, phone)?;
            open_drill(d, base, "D04", &format!(";lang={lang}"))?;
            run_in_terminal(d, "systemctl status containerd | head -3")?;
            check_now(d)?;
            click(d, "#drill-hint")?;
            std::thread::sleep(Duration::from_millis(500));
            d.js("window.scrollTo(0, 0); return true;")?;
            let path = dir.join(format!("drill-{w}x{h}-{lang}.png"));
            d.screenshot(&path)?;
            println!("  saved {}", path.display());
            d.js("document.querySelector('#drill-result').scrollIntoView(); return true;")?;
            let path = dir.join(format!("drill-result-{w}x{h}-{lang}.png"));
            d.screenshot(&path)?;
            println!("  saved {}", path.display());
            let wide = d.js("return document.documentElement.scrollWidth <= innerWidth + 1;")?;
            if wide != json!(true) {
                bail!("{w}×{h} {lang}: the drill panel is wider than the window");
            }
            go(d, base, &format!("p=quiz;lang={lang}"))?;
            d.wait_for("#quiz-question input[type=radio]", ANSWER)?;
            click(d, "#quiz-choice-0")?;
            click(d, "#quiz-answer")?;
            d.wait_for("#quiz-feedback", Duration::from_secs(5))?;
            std::thread::sleep(Duration::from_millis(400));
            let path = dir.join(format!("quiz-{w}x{h}-{lang}.png"));
            d.screenshot(&path)?;
            println!("  saved {}", path.display());
            click(d, "#quiz-next")?;
        }
    }
    d.window_reset()?;
    d.no_errors()
}

/// The terminal panel keeps its own node beside a drill (opening one after
/// the other never mixes the sessions).
pub(super) fn terminal_apart(d: &Driver, base: &str) -> Result<()> {
    println!("test: the terminal panel and a drill's node stay apart");
    open_terminal(d, base, "")?;
    let out = run_in_terminal(d, "cat /etc/crictl.yaml")?;
    open_drill(d, base, "D03", "")?;
    let broken = run_in_terminal(d, "cat /etc/crictl.yaml")?;
    if out == broken {
        bail!("the drill's node has the plain node's crictl.yaml: {broken:?}");
    }
    println!(
        "  ok: plain {:?}, drill {:?}",
        clip(&out, 60),
        clip(&broken, 60)
    );
    d.no_errors()
}
