//! The sequence diagram: one lifeline per component of the run, and a window of
//! hops around the current one (so long traces stay fast).

use crate::run::Run;
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

/// Props of [`SequenceView`].
#[derive(Properties)]
pub struct SequenceViewProps {
    /// The run.
    pub run: Rc<Run>,
    /// Current hop.
    pub pos: usize,
}

/// The run compares by identity: a deep comparison walks every hop, at each step.
impl PartialEq for SequenceViewProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run) && self.pos == o.pos
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
        i * COL + COL / 2
    };
    let (start, end) = window(run.len(), props.pos);
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
        let total = f64::from((ps.len() as i32 * COL).max(COL));
        // Again when the run changes at the same position (another configuration).
        let run_id = Rc::as_ptr(&props.run) as usize;
        use_effect_with((props.pos, run_id), move |_| {
            if let Some(el) = figure.cast::<web_sys::Element>() {
                crate::browser::reveal_x(&el, f64::from(lo) / total, f64::from(hi) / total);
            }
        });
    }
    let width = (ps.len() as i32 * COL).max(COL);
    let height = HEAD + (end - start) as i32 * ROW + 8;
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
    let rows = (start..end).filter_map(|i| {
        let h = run.hops.get(i)?;
        let y = HEAD + (i - start) as i32 * ROW + ROW / 2;
        let (x1, x2) = (x_of(h.from), x_of(h.to));
        let current = i == props.pos;
        let class = classes!(
            "msg",
            format!("iface-{}", h.iface.id()),
            current.then_some("current"),
            (i > props.pos).then_some("future")
        );
        let arrow = if x1 == x2 {
            format!("M{x1} {}h18v10h-18", y - 5)
        } else {
            format!("M{x1} {y}H{x2}")
        };
        let lx = if x1 == x2 { x1 + 22 } else { (x1 + x2) / 2 };
        let anchor = if x1 == x2 { "start" } else { "middle" };
        Some(html! {
            <g class={class} data-seq={h.seq.to_string()}>
                if current {
                    <rect class="row" x="0" y={(y - ROW / 2).to_string()} width={width.to_string()}
                        height={ROW.to_string()} />
                }
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
                aria-label={tr.msg(&atlas_core::msg!("app-sequence-range", from = start + 1, to = end, len = run.len()))}>
                <defs>
                    <marker id="seq-arrow" viewBox="0 0 10 10" refX="9" refY="5"
                        markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                        <path d="M0 0L10 5L0 10z" />
                    </marker>
                </defs>
                { for heads }
                { for rows }
            </svg>
            <figcaption>{ tr.msg(&atlas_core::msg!("app-sequence-caption", from = start + 1, to = end, len = run.len())) }</figcaption>
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
