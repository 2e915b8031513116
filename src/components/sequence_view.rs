//! The sequence diagram: one lifeline per component of the run, and a window of
//! steps around the current one (so long traces stay fast). Steps are the
//! top-level calls and the steps of open calls: a call with steps of its own
//! has a disclosure triangle, and an open call's span is a bar in the gutter
//! that covers its steps, like a distributed trace's waterfall.

use crate::run::Run;
use crate::state::calls::Steps;
use crate::state::Playback;
use std::rc::Rc;
use yew::prelude::*;

/// Hops shown before and after the current one.
pub const WINDOW: usize = 10;
/// Width of a lifeline's column.
pub const COL: i32 = 112;
/// Height of one hop's row.
pub const ROW: i32 = 24;
/// Height of the heads.
pub const HEAD: i32 = 34;
/// Width of the gutter (disclosure triangles and the spans of open calls).
pub const GUT: i32 = 64;
/// Horizontal distance between two depths' span bars.
const DEPTH_X: i32 = 7;

/// Props of [`SequenceView`].
#[derive(Properties)]
pub struct SequenceViewProps {
    /// The run.
    pub run: Rc<Run>,
    /// Current hop.
    pub pos: usize,
    /// The steps shown as rows (a trace without parents: every hop).
    pub steps: Steps,
    /// Where a click on a row or a triangle goes.
    pub on: Callback<Playback>,
}

/// The run compares by identity: a deep comparison walks every hop, at each step.
impl PartialEq for SequenceViewProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run)
            && self.pos == o.pos
            && self.steps == o.steps
            && self.on == o.on
    }
}

/// The first and one-past-last hop of the window around `pos`.
pub fn window(len: usize, pos: usize) -> (usize, usize) {
    let size = 2 * WINDOW + 1;
    let start = pos.saturating_sub(WINDOW).min(len.saturating_sub(size));
    (start, (start + size).min(len))
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The diagram.
#[function_component(SequenceView)]
pub fn sequence_view(props: &SequenceViewProps) -> Html {
    let tr = use_context::<crate::i18n::Tr>().unwrap_or_default();
    let run = &props.run;
    let ps = &run.participants;
    let x_of = |c| -> i32 {
        let i = ps.iter().position(|p| *p == c).unwrap_or(0) as i32;
        GUT + i * COL + COL / 2
    };
    let rows_of: &[usize] = &props.steps.visible;
    let k = match rows_of.binary_search(&props.pos) {
        Ok(k) => k,
        Err(k) => k.saturating_sub(1),
    };
    let (start, end) = window(rows_of.len(), k);
    let shown: &[usize] = rows_of.get(start..end).unwrap_or(&[]);
    let figure = use_node_ref();
    {
        // Keep the current hop's arrow in view when the diagram scrolls sideways.
        let figure = figure.clone();
        let (lo, hi) = run
            .hops
            .get(props.pos)
            .map(|h| {
                let (a, b) = (x_of(h.from), x_of(h.to));
                (a.min(b) - COL / 2, a.max(b) + COL / 2)
            })
            .unwrap_or((0, 0));
        let total = f64::from((GUT + ps.len() as i32 * COL).max(COL));
        // Again when the run changes at the same position (another configuration).
        let run_id = Rc::as_ptr(&props.run) as usize;
        use_effect_with((props.pos, run_id), move |_| {
            if let Some(el) = figure.cast::<web_sys::Element>() {
                crate::browser::reveal_x(&el, f64::from(lo) / total, f64::from(hi) / total);
            }
        });
    }
    let width = GUT + (ps.len() as i32 * COL).max(COL);
    let height = HEAD + shown.len() as i32 * ROW + 8;
    let y_of = |r: usize| HEAD + r as i32 * ROW + ROW / 2;
    // The spans of the open calls among the rows: from the call's row (or the
    // top, when it began above the window) to its last step shown.
    let open = |i: usize| props.steps.is_open(i);
    let mut spans: Vec<Html> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    for (r, &i) in shown.iter().enumerate() {
        for a in run.tree.path(i).into_iter().filter(|&a| a != i || open(i)) {
            if seen.contains(&a) || !open(a) {
                continue;
            }
            seen.push(a);
            let last = shown
                .iter()
                .rposition(|&j| j > a && j <= run.tree.end(a))
                .unwrap_or(r);
            let top = shown
                .iter()
                .position(|&j| j == a)
                .map_or(HEAD - 4, |ra| y_of(ra) + 6);
            let x = 6 + i32::from(run.tree.depth(a)) * DEPTH_X;
            spans.push(html! {
                <line class="span" x1={x.to_string()} x2={x.to_string()}
                    y1={top.to_string()} y2={(y_of(last) + 4).to_string()} />
            });
        }
    }
    let heads = ps.iter().map(|c| {
        let x = x_of(*c);
        html! {
            <g class="head">
                <line class="lifeline" x1={x.to_string()} y1={(HEAD - 6).to_string()}
                    x2={x.to_string()} y2={height.to_string()} />
                <text x={x.to_string()} y="14" text-anchor="middle">{ short(c.id(), 14) }<title>{ c.id() }</title></text>
            </g>
        }
    });
    let on = props.on.clone();
    let rows = shown.iter().enumerate().filter_map(|(r, &i)| {
        let h = run.hops.get(i)?;
        let y = y_of(r);
        let depth = i32::from(run.tree.depth(i));
        let inner = run.tree.children(i).len();
        let disclosure = (inner > 0).then(|| {
            let x = 2 + depth * DEPTH_X;
            let is_open = open(i);
            let on = on.clone();
            let click = Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                on.emit(Playback::Call(Some(i)));
            });
            let n = run.tree.end(i) - i;
            let title = if is_open {
                tr.t("calls-close-title")
            } else {
                tr.msg(&atlas_core::msg!("calls-open-title", n = n))
            };
            html! {
                <g class={classes!("disclosure", is_open.then_some("open"))} onclick={click}
                    data-call={h.seq.to_string()}>
                    <rect x={x.to_string()} y={(y - 9).to_string()} width="16" height="18" rx="3" />
                    <text x={(x + 8).to_string()} y={(y + 4).to_string()} text-anchor="middle">
                        { if is_open { "▾" } else { "▸" } }
                    </text>
                    <title>{ title }</title>
                </g>
            }
        });
        let seek = on.reform(move |_: MouseEvent| Playback::SeekHop(i));
        let (x1, x2) = (x_of(h.from), x_of(h.to));
        let current = i == props.pos;
        let class = classes!(
            "msg",
            format!("iface-{}", h.iface.id()),
            current.then_some("current"),
            (i > props.pos).then_some("future"),
            (depth > 0).then_some("inner")
        );
        let arrow = if x1 == x2 {
            format!("M{x1} {}h18v10h-18", y - 5)
        } else {
            format!("M{x1} {y}H{x2}")
        };
        let lx = if x1 == x2 { x1 + 22 } else { (x1 + x2) / 2 };
        let anchor = if x1 == x2 { "start" } else { "middle" };
        Some(html! {
            <g class={class} data-seq={h.seq.to_string()} onclick={seek}>
                if current {
                    <rect class="row" x="0" y={(y - ROW / 2).to_string()} width={width.to_string()}
                        height={ROW.to_string()} />
                }
                { for disclosure }
                <path d={arrow} marker-end="url(#seq-arrow)" />
                <text x={lx.to_string()} y={(y - 3).to_string()} text-anchor={anchor}>
                    { format!("{} {}", h.seq, short(&h.call, 26)) }
                </text>
            </g>
        })
    });
    html! {
        <figure class="sequence" aria-label={tr.t("app-sequence-label")} ref={figure}>
            <svg width={width.to_string()} height={height.to_string()}
                viewBox={format!("0 0 {width} {height}")} role="img"
                aria-label={tr.msg(&atlas_core::msg!("app-sequence-range", from = shown.first().map_or(0, |i| i + 1), to = shown.last().map_or(0, |i| i + 1), len = run.len()))}>
                <defs>
                    <marker id="seq-arrow" viewBox="0 0 10 10" refX="9" refY="5"
                        markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                        <path d="M0 0L10 5L0 10z" />
                    </marker>
                </defs>
                { for heads }
                { for spans }
                { for rows }
            </svg>
            <figcaption>{ tr.msg(&atlas_core::msg!("app-sequence-caption", from = shown.first().map_or(0, |i| i + 1), to = shown.last().map_or(0, |i| i + 1), len = run.len())) }</figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_stays_inside_the_trace() {
        assert_eq!(window(0, 0), (0, 0));
        assert_eq!(window(5, 2), (0, 5));
        assert_eq!(window(100, 0), (0, 21));
        assert_eq!(window(100, 50), (40, 61));
        assert_eq!(window(100, 99), (79, 100));
    }
}
