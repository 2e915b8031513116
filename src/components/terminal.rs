//! The terminal: a scrollback (`#term-out`, a polite log of one block per
//! command, the tools' colours as classes) over a native, labelled text
//! field (`#term-in`) that edits the line as readline does, or the editor
//! (`#term-edit`) while `vi`/`nano` is open. The browser does typing,
//! selection, copy, paste and input methods; the keys a shell user expects
//! are handled here, with the logic in [`crate::state::term`]. What to ask
//! the engine module is the state's; this component sends it and hands the
//! answer back.

use crate::browser;
use crate::i18n::Tr;
use crate::link::MAX_LINK_CHARS;
use crate::state::term::{
    complete, delete_word, entries_json, quoted_lines, search, vi_command, Block, Recall, Status,
    Term, TermAction, MAX_LINES,
};
use atlas_core::{msg, remark};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

/// Props of [`Terminal`].
#[derive(Properties, Clone)]
pub struct TerminalProps {
    /// The terminal's state.
    pub term: Rc<Term>,
    /// The node's clock to show (moving while a command's hops play), logical ms.
    pub clock: u64,
    /// What the reader does.
    pub on: Callback<TermAction>,
}

/// Compared by identity: a deep comparison would walk the scrollback.
impl PartialEq for TerminalProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.term, &o.term) && self.clock == o.clock && self.on == o.on
    }
}

/// A logical clock as `HH:MM:SS`.
pub fn clock_text(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Ctrl-R's state: what is searched, and the entry found.
#[derive(Clone, PartialEq, Default)]
struct Searching {
    query: String,
    found: Option<(usize, String)>,
    /// The line before the search began (Ctrl-G gives it back).
    draft: String,
}

/// UTF-16 offset (what the text field counts) to characters (what the engine counts).
fn chars_at(value: &str, utf16: u32) -> usize {
    let mut n = 0u32;
    let mut chars = 0;
    for c in value.chars() {
        if n >= utf16 {
            break;
        }
        n += c.len_utf16() as u32;
        chars += 1;
    }
    chars
}

/// Characters to UTF-16.
fn utf16_at(value: &str, chars: usize) -> u32 {
    value
        .chars()
        .take(chars)
        .map(|c| c.len_utf16() as u32)
        .sum()
}

/// Sets the text field's line and cursor (in characters; `None`: the end).
fn set_line(input: &HtmlInputElement, line: &str, cursor: Option<usize>) {
    input.set_value(line);
    let at = cursor.map_or_else(|| utf16_at(line, usize::MAX), |c| utf16_at(line, c));
    let _ = input.set_selection_range(at, at);
}

/// The text field's cursor, in characters.
fn cursor_of(input: &HtmlInputElement) -> usize {
    let v = input.value();
    let at = input
        .selection_start()
        .ok()
        .flatten()
        .unwrap_or_else(|| utf16_at(&v, usize::MAX));
    chars_at(&v, at)
}

/// The terminal panel.
#[function_component(Terminal)]
pub fn terminal(props: &TerminalProps) -> Html {
    let tr = use_context::<Tr>().unwrap_or_default();
    let t = &props.term;
    let input = use_node_ref();
    let area = use_node_ref();
    let recall = use_mut_ref(Recall::default);
    let tabbed = use_mut_ref(|| false);
    let searching = use_state(|| None::<Searching>);
    let choices = use_state(Vec::<String>::new);

    // What the state asks the engine module: sent once per ask. A long
    // paste's batches go after a paint, so the page stays responsive.
    {
        let on = props.on.clone();
        let term = Rc::clone(t);
        let serial = t.asking.as_ref().map(|a| a.0);
        use_effect_with((t.gen, serial), move |_| {
            let guard = term.asking.clone().and_then(|(serial, ask)| {
                let (op, args) = term.op(&ask);
                let gen = term.gen;
                let send = move || {
                    browser::term(op, &args, move |r| {
                        on.emit(TermAction::Answer(gen, serial, r))
                    })
                };
                if term.queue.is_empty() {
                    send();
                    None
                } else {
                    browser::after_paint(send)
                }
            });
            move || drop(guard)
        });
    }
    // A command's hops join the run once its output is painted: the
    // diagrams redraw for the new run in the next frame, never before the
    // output.
    {
        let on = props.on.clone();
        let waiting = t.unplayed.len();
        use_effect_with((t.gen, waiting), move |&(_, waiting)| {
            let guard = (waiting > 0)
                .then(|| browser::after_paint(move || on.emit(TermAction::Play)))
                .flatten();
            move || drop(guard)
        });
    }
    // The session in the link, encoded by the engine module once the frame
    // showing the command's output is painted (not in that frame), once per
    // burst of pasted lines.
    {
        let on = props.on.clone();
        let term = Rc::clone(t);
        use_effect_with((t.gen, t.entries_gen), move |&(gen, version)| {
            let guard = (version > 0)
                .then(|| {
                    browser::after_paint(move || {
                        let args =
                            json!({ "entries": entries_json(&term.entries), "max": MAX_LINK_CHARS });
                        browser::term("encode", &args.to_string(), move |r| {
                            on.emit(TermAction::Encoded(gen, version, r))
                        });
                    })
                })
                .flatten();
            move || drop(guard)
        });
    }
    // Following: one logical second per real second.
    {
        let on = props.on.clone();
        let free = t.asking.is_none();
        let key = (t.gen, t.following && free, t.out_gen, t.entries_gen);
        use_effect_with(key, move |&(_, tick, _, _)| {
            let guard = if tick {
                browser::after(1000, move || on.emit(TermAction::Tick))
            } else {
                None
            };
            move || drop(guard)
        });
    }
    // The editor's text is the page's, not the state's: set once when it
    // opens, so no redraw (a language switch, an answer) undoes typing.
    {
        let area = area.clone();
        let text = t.editor.as_ref().map(|e| e.text.clone());
        let opened = t.editor.as_ref().map(|e| e.path.clone());
        use_effect_with((t.gen, opened), move |_| {
            if let (Some(text), Some(a)) = (text, area.cast::<HtmlTextAreaElement>()) {
                a.set_value(&text);
            }
        });
    }
    // The focus (without scrolling the page): the editor when it opens, the
    // line when the node is ready or the editor closes.
    {
        let ready = t.status == Status::Ready;
        let editing = t.editor.is_some();
        use_effect_with((t.gen, ready, editing), move |&(_, ready, editing)| {
            if editing {
                browser::focus("#term-edit");
            } else if ready {
                browser::focus("#term-in");
            }
        });
    }

    let ready = t.status == Status::Ready;
    let onkeydown = {
        let on = props.on.clone();
        let input = input.clone();
        let recall = Rc::clone(&recall);
        let tabbed = Rc::clone(&tabbed);
        let searching = searching.clone();
        let choices = choices.clone();
        let term = Rc::clone(t);
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            keydown(&e, &el, &term, &on, &recall, &tabbed, &searching, &choices);
        })
    };
    let oninput = {
        let searching = searching.clone();
        let term = Rc::clone(t);
        Callback::from(move |e: InputEvent| {
            if let Some(s) = &*searching {
                let query = e.target_unchecked_into::<HtmlInputElement>().value();
                let found = search(&term.history, &query, None);
                searching.set(Some(Searching {
                    query,
                    found,
                    draft: s.draft.clone(),
                }));
            }
        })
    };
    let onpaste = {
        let on = props.on.clone();
        let input = input.clone();
        Callback::from(move |e: Event| {
            let text = js_sys::Reflect::get(&e, &"clipboardData".into())
                .ok()
                .and_then(|d| {
                    let get = js_sys::Reflect::get(&d, &"getData".into()).ok()?;
                    let get: js_sys::Function = wasm_bindgen::JsCast::dyn_into(get).ok()?;
                    get.call1(&d, &"text".into()).ok()?.as_string()
                })
                .unwrap_or_default();
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let long = el.value().len() + text.len() > crate::state::term::MAX_LINE_BYTES;
            if !text.contains('\n') && !long {
                return;
            }
            e.prevent_default();
            let v = el.value();
            let at = cursor_of(&el);
            let before: String = v.chars().take(at).collect();
            let after: String = v.chars().skip(at).collect();
            let whole = format!("{before}{text}{after}");
            let mut lines: Vec<&str> = whole.split('\n').collect();
            let last = if whole.ends_with('\n') || long {
                ""
            } else {
                lines.pop().unwrap_or("")
            };
            set_line(&el, last, None);
            on.emit(TermAction::Paste(lines.join("\n")));
        })
    };

    // Ctrl-R: bash's line, `(reverse-i-search)`query': found`, shown
    // above the field; the field's label keeps the first part.
    let search_line = searching.as_ref().map(|s| {
        let found = s.found.as_ref().map_or("", |f| f.1.as_str());
        let word = if s.found.is_some() || s.query.is_empty() {
            tr.t("term-search")
        } else {
            tr.t("term-search-failed")
        };
        (
            format!("({word})`"),
            format!("({word})`{}': {found}", s.query),
        )
    });
    let prompt = if let Some((label, _)) = &search_line {
        label.clone()
    } else if !t.pending.is_empty() {
        "> ".to_string()
    } else {
        t.prompt.clone()
    };
    let status = match &t.status {
        Status::Loading => {
            html! { <p id="term-loading" class="term-loading">{ tr.t("term-loading") }</p> }
        }
        Status::Failed(why) => {
            let on = props.on.reform(|_: MouseEvent| TermAction::Retry);
            html! {
                <p class="term-failed" role="alert">
                    { tr.msg(&msg!("term-failed", why = why.clone())) }{ " " }
                    <button type="button" id="term-retry" onclick={on}>{ tr.t("term-retry") }</button>
                </p>
            }
        }
        Status::Ready => html! {},
    };
    let state_line = if t.following {
        tr.t("term-following")
    } else if t.busy() {
        tr.t("term-busy")
    } else {
        String::new()
    };
    let bottom = match &t.editor {
        Some(ed) => editor(ed, &area, &props.on, &tr),
        None => html! {
            <div class="term-line">
                <label for="term-in" class="term-prompt">{ prompt.clone() }</label>
                <input id="term-in" ref={input} type="text" autocomplete="off" spellcheck="false"
                    autocapitalize="off" autocorrect="off" enterkeyhint="send"
                    aria-label={tr.t("term-input")} disabled={!ready && t.status != Status::Loading}
                    {onkeydown} {oninput} {onpaste} />
            </div>
        },
    };
    html! {
        <section id="terminal" class="term" aria-label={tr.t("term-label")}
            data-ready={ready.to_string()} data-busy={t.busy().to_string()}
            data-following={t.following.to_string()}>
            <div class="term-bar">
                <span class="term-clock-label">{ tr.t("term-clock") }</span>
                <output id="term-clock" key={t.clock.1.to_string()} class="term-clock">{ clock_text(props.clock) }</output>
                <span class="term-state">{ state_line }</span>
            </div>
            <Scrollback term={Rc::clone(t)} />
            { status }
            if !choices.is_empty() {
                <ul id="term-complete" class="term-complete" aria-label={tr.t("term-complete")}>
                    { for choices.iter().map(|c| html! { <li>{ c.clone() }</li> }) }
                </ul>
            }
            if let Some((_, line)) = search_line {
                <div id="term-search" class="term-search" aria-live="polite">{ line }</div>
            }
            { bottom }
        </section>
    }
}

/// The keys of the line, as readline has them.
#[allow(clippy::too_many_arguments)]
fn keydown(
    e: &KeyboardEvent,
    el: &HtmlInputElement,
    term: &Term,
    on: &Callback<TermAction>,
    recall: &Rc<RefCell<Recall>>,
    tabbed: &Rc<RefCell<bool>>,
    searching: &UseStateHandle<Option<Searching>>,
    choices: &UseStateHandle<Vec<String>>,
) {
    let key = e.key();
    let ctrl = e.ctrl_key() && !e.alt_key() && !e.meta_key();
    let was_tab = std::mem::replace(&mut *tabbed.borrow_mut(), key == "Tab" && !ctrl);
    let value = el.value();
    // Ctrl-R's search: the found line is taken by Enter or a move.
    if let Some(s) = &**searching {
        let found = s.found.as_ref().map(|f| f.1.clone());
        match (ctrl, key.as_str()) {
            (true, "r") => {
                e.prevent_default();
                let before = s.found.as_ref().map(|f| f.0);
                let next = search(&term.history, &s.query, before).or(s.found.clone());
                searching.set(Some(Searching {
                    found: next,
                    ..s.clone()
                }));
                return;
            }
            (true, "g") | (false, "Escape") => {
                e.prevent_default();
                e.stop_propagation();
                set_line(el, &s.draft, None);
                searching.set(None);
                return;
            }
            (false, "Enter") => {
                e.prevent_default();
                set_line(el, "", None);
                searching.set(None);
                recall.borrow_mut().reset();
                on.emit(TermAction::Submit(found.unwrap_or_default()));
                return;
            }
            (false, "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Tab")
            | (true, "a" | "e") => {
                e.prevent_default();
                set_line(el, &found.unwrap_or_default(), None);
                searching.set(None);
                return;
            }
            _ => return,
        }
    }
    let cursor = cursor_of(el);
    match (ctrl, e.alt_key(), key.as_str()) {
        (false, false, "Enter") => {
            e.prevent_default();
            set_line(el, "", None);
            recall.borrow_mut().reset();
            choices.set(Vec::new());
            on.emit(TermAction::Submit(value));
        }
        (false, false, "ArrowUp") => {
            e.prevent_default();
            if let Some(l) = recall.borrow_mut().up(&term.history, &value) {
                set_line(el, &l, None);
            }
        }
        (false, false, "ArrowDown") => {
            e.prevent_default();
            if let Some(l) = recall.borrow_mut().down(&term.history) {
                set_line(el, &l, None);
            }
        }
        (false, false, "Tab") => {
            if e.shift_key() {
                return;
            }
            e.prevent_default();
            if term.status != Status::Ready {
                return;
            }
            let args = json!({ "line": value, "cursor": cursor }).to_string();
            let (el, choices) = (el.clone(), choices.clone());
            browser::term("complete", &args, move |r| {
                let v: Value = r
                    .ok()
                    .and_then(|t| serde_json::from_str(&t).ok())
                    .unwrap_or_default();
                let start = v.get("start").and_then(Value::as_u64).unwrap_or(0) as usize;
                let items: Vec<String> = v
                    .get("items")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect();
                // The line may have changed since: complete what is there now.
                if el.value() != value {
                    return;
                }
                let (line, at, one) = complete(&value, cursor, start, &items);
                set_line(&el, &line, Some(at));
                if !one && items.len() > 1 && (was_tab || line == value) {
                    choices.set(items);
                } else {
                    choices.set(Vec::new());
                }
            });
        }
        (true, _, "r") => {
            e.prevent_default();
            searching.set(Some(Searching {
                draft: value.clone(),
                ..Searching::default()
            }));
            set_line(el, "", None);
        }
        (true, _, "c") => {
            // With text selected, Ctrl-C copies it, as a terminal does.
            let start = el.selection_start().ok().flatten();
            if browser::selected()
                || (start.is_some() && start != el.selection_end().ok().flatten())
            {
                return;
            }
            e.prevent_default();
            choices.set(Vec::new());
            recall.borrow_mut().reset();
            if term.following {
                on.emit(TermAction::Interrupt);
            } else {
                set_line(el, "", None);
                on.emit(TermAction::Cancel(value));
            }
        }
        (true, _, "l") => {
            e.prevent_default();
            choices.set(Vec::new());
            on.emit(TermAction::Clear);
        }
        (true, _, "a") => {
            e.prevent_default();
            set_line(el, &value, Some(0));
        }
        (true, _, "e") => {
            e.prevent_default();
            set_line(el, &value, None);
        }
        (true, _, "u") => {
            e.prevent_default();
            let rest: String = value.chars().skip(cursor).collect();
            set_line(el, &rest, Some(0));
        }
        (false, true, "Backspace") => {
            e.prevent_default();
            let (line, at) = delete_word(&value, cursor);
            set_line(el, &line, Some(at));
        }
        _ => {}
    }
}

/// The editor: the file's text, Save and Close, vi's `:wq` and nano's keys.
fn editor(
    ed: &crate::state::term::Editor,
    area: &NodeRef,
    on: &Callback<TermAction>,
    tr: &Tr,
) -> Html {
    let title = tr.msg(&msg!("term-editor", path = ed.path.clone()));
    let text_of = {
        let area = area.clone();
        move || {
            area.cast::<HtmlTextAreaElement>()
                .map(|a| a.value())
                .unwrap_or_default()
        }
    };
    let save = {
        let (on, text_of) = (on.clone(), text_of.clone());
        Callback::from(move |_: MouseEvent| on.emit(TermAction::Save(text_of(), false)))
    };
    let close = on.reform(|_: MouseEvent| TermAction::CloseEditor);
    let onkeydown = {
        let on = on.clone();
        Callback::from(move |e: KeyboardEvent| {
            let ctrl = e.ctrl_key() && !e.alt_key();
            match (ctrl, e.key().as_str()) {
                (true, "s" | "o") => {
                    e.prevent_default();
                    on.emit(TermAction::Save(text_of(), false));
                }
                (true, "x") => {
                    e.prevent_default();
                    on.emit(TermAction::CloseEditor);
                }
                (false, "Enter") => {
                    let text = text_of();
                    let body = text.trim_end_matches('\n');
                    let (rest, last) = body.rsplit_once('\n').unwrap_or(("", body));
                    if let Some(save) = vi_command(last) {
                        e.prevent_default();
                        let mut rest = rest.to_string();
                        if !rest.is_empty() {
                            rest.push('\n');
                        }
                        on.emit(if save {
                            TermAction::Save(rest, true)
                        } else {
                            TermAction::CloseEditor
                        });
                    }
                }
                _ => {}
            }
        })
    };
    html! {
        <div class="term-editor">
            <label for="term-edit" class="term-editor-title">
                { title.clone() }{ if ed.new { format!(" {}", tr.t("term-editor-new")) } else { String::new() } }
            </label>
            <textarea id="term-edit" ref={area.clone()} aria-label={title}
                spellcheck="false" autocapitalize="off" autocomplete="off" rows="14" {onkeydown} />
            <div class="term-editor-buttons">
                <button type="button" id="term-save" onclick={save}>{ tr.t("term-save") }</button>
                <button type="button" id="term-close" onclick={close}>{ tr.t("term-close") }</button>
                <small>{ tr.t("term-editor-keys") }</small>
            </div>
        </div>
    }
}

/// Props of [`Scrollback`].
#[derive(Properties, Clone)]
struct OutProps {
    term: Rc<Term>,
}

/// Redrawn only when the scrollback changed.
impl PartialEq for OutProps {
    fn eq(&self, o: &Self) -> bool {
        self.term.gen == o.term.gen && self.term.out_gen == o.term.out_gen
    }
}

/// The scrollback: a polite log, kept scrolled to its end.
#[function_component(Scrollback)]
fn scrollback(props: &OutProps) -> Html {
    let tr = use_context::<Tr>().unwrap_or_default();
    let t = &props.term;
    let out = use_node_ref();
    {
        let out = out.clone();
        use_effect_with((t.gen, t.out_gen), move |_| {
            if let Some(el) = out.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let blocks = t.blocks.iter().map(|b| {
        html! { <BlockView key={b.id} block={Rc::clone(b)} /> }
    });
    html! {
        <pre id="term-out" class="term-out" role="log" aria-live="polite" tabindex="0"
            aria-label={tr.t("term-output")} ref={out}>
            if t.cut > 0 {
                <div class="term-note">{ tr.msg(&msg!("term-cut", lines = t.cut, max = MAX_LINES)) }</div>
            }
            { for blocks }
        </pre>
    }
}

/// Props of [`BlockView`].
#[derive(Properties, Clone)]
struct BlockProps {
    block: Rc<Block>,
}

/// A block is redrawn only when it changed (a follow appends to the last).
impl PartialEq for BlockProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.block, &o.block)
    }
}

/// One command of the scrollback: its prompt and line, what it printed
/// (styled), the simulator's remarks and the terminal's note.
#[function_component(BlockView)]
fn block_view(props: &BlockProps) -> Html {
    let tr = use_context::<Tr>().unwrap_or_default();
    let b = &props.block;
    let head = (!b.prompt.is_empty()).then(|| {
        html! {
            <>
                <span class="term-prompt">{ b.prompt.clone() }</span>
                <span class="term-cmd">{ quoted_lines(&b.command) }</span>{ "\n" }
            </>
        }
    });
    let remarks = remark::render_all(&b.remarks, tr.catalog());
    html! {
        <div class="term-block">
            { for head }
            { for b.out.iter().map(|s| {
                let class = s.class();
                if class.is_empty() {
                    html! { { s.text.clone() } }
                } else {
                    html! { <span class={class}>{ s.text.clone() }</span> }
                }
            }) }
            if !remarks.is_empty() {
                <span class="term-remark">{ remarks }</span>
            }
            if let Some(n) = &b.note {
                <span class="term-note">{ tr.msg(n) }{ "\n" }</span>
            }
        </div>
    }
}
