//! Play, pause, step, the timeline over hops, and the speed.

use crate::i18n::Tr;
use crate::link::SPEED_LABELS;
use crate::state::Playback;
use atlas_core::msg;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What [`playback_bar`] draws and hears.
pub struct PlaybackBarProps {
    /// Current hop (0-based).
    pub pos: usize,
    /// Number of hops.
    pub len: usize,
    /// Playing.
    pub playing: bool,
    /// Index into [`crate::link::SPEEDS`].
    pub speed: usize,
    /// The current step and how many there are, when playback goes call
    /// by call: the timeline then runs over the steps.
    pub step: Option<(usize, usize)>,
    /// The current chapter's name: always in view, as the bar stays at the
    /// top of the window.
    pub chapter: Option<String>,
    /// The open calls around the current step, as spans of the timeline:
    /// (first step, last step, depth); a waterfall under the slider.
    pub spans: Vec<(usize, usize, u16)>,
    /// Where playback goes.
    pub on: Callback<Playback>,
    /// An embed's bar (class `compact`): ◀, play, ▶, the slider and the hop
    /// counter only (the rest is hidden by CSS).
    pub compact: bool,
}

/// The 1-based hop shown (0 when there is none).
fn shown_of(props: &PlaybackBarProps) -> usize {
    if props.len == 0 {
        0
    } else {
        props.pos + 1
    }
}

/// Speed as shown, e.g. `0.25×`.
pub fn speed_label(i: usize) -> String {
    format!("{}×", SPEED_LABELS.get(i).copied().unwrap_or("1"))
}

/// The playback bar.
///
/// A view function, not a component: what it draws changes with every hop,
/// so yew's props comparison would not spare a redraw (see [`super::header`]).
pub fn playback_bar(props: &PlaybackBarProps, tr: &Tr) -> Html {
    let button = |label: String, title: String, id: &'static str, a: Playback| {
        let on = props.on.clone();
        html! {
            <button type="button" id={id} title={title.clone()} aria-label={title}
                disabled={props.len == 0} onclick={move |_| on.emit(a)}>{ label }</button>
        }
    };
    let on_seek = {
        let on = props.on.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(p) = v.parse::<usize>() {
                on.emit(Playback::Seek(p));
            }
        })
    };
    let (play_label, play_title) = if props.playing {
        (tr.t("app-pause"), tr.t("app-pause-title"))
    } else {
        (tr.t("app-play"), tr.t("app-play-title"))
    };
    let (len, at) = (props.len, shown_of(props));
    let (value, max) = match props.step {
        Some((k, n)) => (k, n.saturating_sub(1)),
        None => (props.pos, props.len.saturating_sub(1)),
    };
    html! {
        <div class={classes!("playback", props.compact.then_some("compact"))} role="group"
            aria-label={tr.t("app-playback")}>
            { button("|◀".into(), tr.t("app-first-title"), "first", Playback::Home) }
            { button("◀".into(), tr.t("app-back-title"), "back", Playback::Step(-1)) }
            { button(play_label, play_title, "play", Playback::Toggle) }
            { button("▶".into(), tr.t("app-forward-title"), "forward", Playback::Step(1)) }
            { button("▶|".into(), tr.t("app-last-title"), "last", Playback::End) }
            <div class="timeline-wrap">
            <input id="timeline" class="timeline" type="range" min="0" max={max.to_string()}
                value={value.to_string()} oninput={on_seek} disabled={props.len == 0}
                aria-label={tr.t("app-timeline-label")}
                aria-valuetext={tr.msg(&msg!("app-hop-of", at = at, len = len))} />
                <div class="spans" aria-hidden="true">
                    { for props.spans.iter().map(|&(a, b, depth)| {
                        let pct = |k: usize| k as f64 * 100.0 / max.max(1) as f64;
                        html! {
                            <span class="span" style={format!("left:{:.2}%;width:{:.2}%;top:{}px",
                                pct(a), (pct(b) - pct(a)).max(0.5), u32::from(depth.min(3)) * 4)} />
                        }
                    }) }
                </div>
            </div>
            if let Some((k, n)) = props.step {
                <span id="step-counter" class="counter steps">{ tr.msg(&msg!("calls-step-counter", at = k + 1, len = n)) }</span>
            }
            if let Some(c) = &props.chapter {
                <span id="chapter-badge" class="chapter-badge">{ c.clone() }</span>
            }
            <span id="hop-counter" class="counter">{ tr.msg(&msg!("app-hop-counter", at = at, len = len)) }</span>
            <span class="speed" role="group" aria-label={tr.t("app-speed")}>
                { button("−".into(), tr.t("app-slower-title"), "slower", Playback::Slower) }
                <output id="speed">{ speed_label(props.speed) }</output>
                { button("+".into(), tr.t("app-faster-title"), "faster", Playback::Faster) }
            </span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::SPEEDS;

    #[test]
    fn speed_labels_print_the_speeds() {
        for (i, s) in SPEEDS.iter().enumerate() {
            assert_eq!(speed_label(i), format!("{s}×"));
        }
        assert_eq!(speed_label(SPEEDS.len()), "1×");
    }
}
