//! Geometry of the topology diagram, computed from the core's data alone.
//!
//! Rows are the core's [`Tier`]s (`Topology::tiers`), nodes are its components,
//! edges its `edge_list`. Nothing is placed by hand: a node's width follows its
//! label and the number of edges it carries, and the order inside a row comes
//! from a few deterministic barycenter sweeps that pull connected components
//! above one another, so lines cross less. Pure and integer-based: the same
//! topology gives the same picture on every machine.

use atlas_core::order;
use atlas_core::topology::{boundaries_among, tier, Boundary, Tier, Topology};
use atlas_core::{Component, Iface, Msg};
use litemap::LiteMap;

/// Height of a node box.
pub const NODE_H: i32 = 34;
/// Distance between the tops of two rows.
pub const ROW_PITCH: i32 = 96;
/// Horizontal space between two nodes of a row.
pub const COL_GAP: i32 = 16;
/// Space left of the boxes. The tier names are drawn above their row's
/// boxes (in the strip [`TIER_LABEL_H`] high), never beside them: on a
/// narrow screen a name pinned to the left edge covers no box.
pub const GUTTER: i32 = 16;
/// Height of the strip above a row's boxes that holds the tier's name.
pub const TIER_LABEL_H: i32 = 20;
/// Space between the tier name's strip and the row's boxes.
pub const TIER_LABEL_GAP: i32 = 6;
/// Space above the first row (room for its tier name, arcs and self-loops).
pub const TOP: i32 = 60;
/// How high an arc between two nodes of one row may rise above it.
pub const MAX_LIFT: i32 = 40;
/// Space right of the widest row and below the last one.
pub const MARGIN: i32 = 24;
/// Approximate width of a tier name in the diagram's 12px sans type: 8 px
/// per Latin character, 13 per Hangul or other wide character.
pub fn text_width(s: &str) -> i32 {
    s.chars().map(|c| if c.is_ascii() { 8 } else { 13 }).sum()
}

/// Approximate advance of one label character (monospace, 12px).
pub const CHAR_W: i32 = 8;

/// A box's label in one or two lines: a part of a daemon
/// (`containerd/snapshotter`) is written `containerd/` over `snapshotter`,
/// so that the row of containerd's parts stays narrow.
pub fn label_lines(c: Component) -> (Option<&'static str>, &'static str) {
    let id = c.id();
    match id.find('/') {
        Some(i) if i + 1 < id.len() => (id.get(..=i), id.get(i + 1..).unwrap_or(id)),
        _ => (None, id),
    }
}

/// The tier name's strip above a row whose boxes start at `y`: its top and
/// its height, from the left edge of the visible drawing.
pub fn tier_label_rect(y: i32) -> (i32, i32) {
    (y - TIER_LABEL_GAP - TIER_LABEL_H, TIER_LABEL_H)
}
/// Horizontal padding inside a node box.
pub const PAD: i32 = 20;

/// The sizes a drawing is laid out with: the page's (12 px labels at the
/// natural size) or the presenter's (20 px labels, drawn at least 1.2×:
/// 24 px at 1920×1080, read from the back of a room).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metrics {
    /// A node label's font size, in drawing units (the SVG's `--label`).
    pub font: i32,
    /// Approximate advance of one label character (monospace).
    pub char_w: i32,
    /// Height of a node box.
    pub node_h: i32,
    /// Horizontal padding inside a node box.
    pub pad: i32,
    /// Distance between the tops of two rows.
    pub row_pitch: i32,
    /// The widest a line of boxes may be before its row is cut.
    pub wrap_w: i32,
    /// Space between two lines of one row.
    pub line_gap: i32,
}

impl Metrics {
    /// The page's drawing.
    pub const PAGE: Metrics = Metrics {
        font: 12,
        char_w: CHAR_W,
        node_h: NODE_H,
        pad: PAD,
        row_pitch: ROW_PITCH,
        wrap_w: WRAP_W,
        line_gap: LINE_GAP,
    };
    /// The presenter's drawing: scaled by `min(1340/w, 1020/h)` into its
    /// area at 1920×1080, labels reach 24 px when `w ≤ 1116` and `h ≤ 850`
    /// (tests/present.rs checks every talk's scenes).
    pub const PRESENT: Metrics = Metrics {
        font: 20,
        char_w: 13,
        node_h: 52,
        pad: 28,
        row_pitch: 104,
        wrap_w: 1100,
        line_gap: 30,
    };
}
/// Space a node leaves per attached vertical edge, so wide hubs (the kernel) get room.
pub const PORT_W: i32 = 12;
/// Barycenter sweeps (each one down, then up).
const SWEEPS: usize = 4;

/// The whole diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Width of the drawing.
    pub width: i32,
    /// Height of the drawing.
    pub height: i32,
    /// One row per tier that has components, top to bottom.
    pub rows: Vec<Row>,
    /// Every component of the topology, once.
    pub nodes: Vec<NodeBox>,
    /// Edges, one per connected pair (both directions and all interfaces merged).
    pub edges: Vec<EdgePath>,
    /// Isolation boundaries (a Kata VM, a gVisor sandbox), each drawn around its members.
    pub frames: Vec<Frame>,
    /// The sizes it was laid out with.
    pub metrics: Metrics,
}

/// A line around the components of one isolation boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// What the boundary is.
    pub label: Msg,
    /// One sentence on it, for the hover.
    pub note: Msg,
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub w: i32,
    /// Height.
    pub h: i32,
}

/// Space between a frame and the boxes inside it.
pub const FRAME_PAD: i32 = 8;

/// A tier's row: one line of boxes, or more when it is wider than [`WRAP_W`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// The tier.
    pub tier: Tier,
    /// Top of the row's (first line's) node boxes.
    pub y: i32,
    /// Bottom of its last line's boxes.
    pub bottom: i32,
}

/// The widest a line of boxes may be before its row is cut in two or more.
pub const WRAP_W: i32 = 780;
/// Space between two lines of one row.
pub const LINE_GAP: i32 = 30;

/// Cuts a row into lines no wider than [`WRAP_W`] (a box wider than that
/// alone on its line), about equally wide, keeping the row's order.
fn wrap(row: &[NodeBox], wrap_w: i32) -> Vec<Vec<NodeBox>> {
    let total = row_width(row);
    if total <= wrap_w || row.len() < 2 {
        return vec![row.to_vec()];
    }
    let k = (total + wrap_w - 1) / wrap_w;
    let target = (total + k - 1) / k;
    let mut lines: Vec<Vec<NodeBox>> = vec![Vec::new()];
    for n in row {
        let full = lines
            .last()
            .is_some_and(|l| !l.is_empty() && row_width(l) + COL_GAP + n.w / 2 > target);
        if full {
            lines.push(Vec::new());
        }
        if let Some(l) = lines.last_mut() {
            l.push(*n);
        }
    }
    lines
}

/// A component's box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeBox {
    /// The component.
    pub component: Component,
    /// Its tier (row).
    pub tier: Tier,
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub w: i32,
    /// Height.
    pub h: i32,
}

impl NodeBox {
    /// Horizontal center.
    pub fn cx(&self) -> i32 {
        self.x + self.w / 2
    }

    /// Whether two boxes overlap.
    pub fn overlaps(&self, o: &NodeBox) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeShape {
    /// Between two rows: from the bottom of `a` to the top of `b`.
    Vertical,
    /// Inside one row: an arc above it.
    Arc,
    /// A component calling itself: a small loop on its top right corner.
    SelfLoop,
}

/// The drawing of every edge between two components.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgePath {
    /// Upper (or left) end; the path starts here.
    pub a: Component,
    /// Lower (or right) end; the path ends here.
    pub b: Component,
    /// Interfaces of the edges `a → b` (arrow at the end of the path).
    pub forward: Vec<Iface>,
    /// Interfaces of the edges `b → a` (arrow at the start of the path).
    pub backward: Vec<Iface>,
    /// Shape.
    pub shape: EdgeShape,
    /// SVG path data.
    pub d: String,
}

impl EdgePath {
    /// The interface that colours the edge: the first one, in vocabulary order.
    pub fn primary(&self) -> Iface {
        let mut all = self.forward.iter().chain(&self.backward).copied();
        let first = all.next().unwrap_or(Iface::InProcess);
        all.fold(first, Ord::min)
    }

    /// Whether the edge touches a component.
    pub fn touches(&self, c: Component) -> bool {
        self.a == c || self.b == c
    }

    /// A readable summary, e.g. `kubelet → containerd/cri: cri`.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if !self.forward.is_empty() {
            parts.push(format!("{} → {}: {}", self.a, self.b, join(&self.forward)));
        }
        if !self.backward.is_empty() {
            parts.push(format!("{} → {}: {}", self.b, self.a, join(&self.backward)));
        }
        parts.join("\n")
    }
}

fn join(ifaces: &[Iface]) -> String {
    ifaces.iter().map(|i| i.id()).collect::<Vec<_>>().join(", ")
}

/// Lays out a topology.
pub fn layout(topology: &Topology) -> Layout {
    layout_parts(
        &topology.tiers(),
        &topology.edge_list(),
        &topology.boundaries(),
        &Metrics::PAGE,
    )
}

/// Lays out only the components and edges a list of hops uses, each component
/// in its tier (the core's `tier`): the diagram of a replayed trace or of an
/// OCI plan, whose hops need not fit one configuration's topology.
pub fn layout_hops(hops: &[atlas_core::Hop]) -> Layout {
    layout_hops_with(hops, &Metrics::PAGE)
}

/// [`layout_hops`] with other sizes (the presenter's [`Metrics::PRESENT`]).
pub fn layout_hops_with(hops: &[atlas_core::Hop], m: &Metrics) -> Layout {
    let mut edges: Vec<(Component, Component, Iface)> =
        hops.iter().map(|h| (h.from, h.to, h.iface)).collect();
    order::sort(&mut edges);
    edges.dedup();
    let mut tiers: Vec<(Tier, Vec<Component>)> = Vec::new();
    for t in Tier::ALL {
        let mut cs: Vec<Component> = Vec::new();
        for h in hops {
            for c in [h.from, h.to] {
                if tier(c) == t && !cs.contains(&c) {
                    cs.push(c);
                }
            }
        }
        if !cs.is_empty() {
            tiers.push((t, cs));
        }
    }
    let boundaries = boundaries_among(|c| hops.iter().any(|h| h.from == c || h.to == c));
    layout_parts(&tiers, &edges, &boundaries, m)
}

fn layout_parts(
    tiers: &[(Tier, Vec<Component>)],
    edge_list: &[(Component, Component, Iface)],
    boundaries: &[Boundary],
    m: &Metrics,
) -> Layout {
    // Maps are filled with `insert`, not `collect` or `extend`: both sort
    // their input (one more copy of std's sort per element type).
    let mut row_of: LiteMap<Component, usize> = LiteMap::new();
    for (c, r) in tiers
        .iter()
        .enumerate()
        .flat_map(|(r, (_, cs))| cs.iter().map(move |c| (*c, r)))
    {
        row_of.insert(c, r);
    }

    // Neighbours in other rows (for ordering) and vertical degree (for width).
    let mut neighbours: LiteMap<Component, Vec<Component>> = LiteMap::new();
    let mut vertical_degree: LiteMap<Component, i32> = LiteMap::new();
    for (a, b, _) in edge_list {
        let (Some(ra), Some(rb)) = (row_of.get(a), row_of.get(b)) else {
            continue;
        };
        if ra != rb {
            neighbours.entry(*a).or_default().push(*b);
            neighbours.entry(*b).or_default().push(*a);
        }
    }
    for pair in pairs(edge_list) {
        if let (Some(ra), Some(rb)) = (row_of.get(&pair.0), row_of.get(&pair.1)) {
            if ra != rb {
                *vertical_degree.entry(pair.0).or_default() += 1;
                *vertical_degree.entry(pair.1).or_default() += 1;
            }
        }
    }

    let width_of = |c: Component| -> i32 {
        let (first, second) = label_lines(c);
        let chars = first.map_or(0, str::len).max(second.len()) as i32;
        let label = chars * m.char_w + m.pad;
        let ports = (vertical_degree.get(&c).copied().unwrap_or(0) + 1) * PORT_W;
        label.max(ports).max(64)
    };

    // Rows with their boxes, in the core's order to start with.
    let mut rows: Vec<Vec<NodeBox>> = tiers
        .iter()
        .enumerate()
        .map(|(r, (tier, cs))| {
            cs.iter()
                .map(|c| NodeBox {
                    component: *c,
                    tier: *tier,
                    x: 0,
                    y: TOP + r as i32 * m.row_pitch,
                    w: width_of(*c),
                    h: m.node_h,
                })
                .collect()
        })
        .collect();
    let content_w = rows.iter().map(|r| row_width(r)).max().unwrap_or(0);
    for row in &mut rows {
        place(row, content_w);
    }

    // Barycenter sweeps: order each row by the mean x of its neighbours.
    let order: Vec<usize> = (0..rows.len()).chain((0..rows.len()).rev()).collect();
    for _ in 0..SWEEPS {
        for &r in &order {
            let mut centers: LiteMap<Component, i32> = LiteMap::new();
            for n in rows.iter().flatten() {
                centers.insert(n.component, n.cx());
            }
            let key = |n: &NodeBox| -> i64 {
                match neighbours.get(&n.component) {
                    Some(ns) if !ns.is_empty() => {
                        let sum: i64 = ns
                            .iter()
                            .map(|m| i64::from(centers.get(m).copied().unwrap_or(n.cx())))
                            .sum();
                        sum * 16 / ns.len() as i64
                    }
                    _ => i64::from(n.cx()) * 16,
                }
            };
            let mut keyed: Vec<(i64, i32, NodeBox)> =
                rows[r].iter().map(|n| (key(n), n.cx(), *n)).collect();
            order::sort_by_key(&mut keyed, |(k, cx, _)| (*k, *cx));
            rows[r] = keyed.into_iter().map(|(_, _, n)| n).collect();
            place(&mut rows[r], content_w);
        }
    }

    // A row wider than WRAP_W is cut into lines of about equal width (in
    // its order), one under the other inside the tier's band, so that the
    // drawing stays narrow enough for legible labels.
    let mut lines: Vec<Vec<NodeBox>> = Vec::new();
    let mut row_list: Vec<Row> = Vec::new();
    let mut y = TOP;
    for (row, (tier, _)) in rows.iter().zip(tiers) {
        let top = y;
        let mut bottom = top + m.node_h;
        for (i, mut line) in wrap(row, m.wrap_w).into_iter().enumerate() {
            let at = top + i as i32 * (m.node_h + m.line_gap);
            for n in &mut line {
                n.y = at;
            }
            bottom = at + m.node_h;
            lines.push(line);
        }
        row_list.push(Row {
            tier: *tier,
            y: top,
            bottom,
        });
        y = bottom - m.node_h + m.row_pitch;
    }
    let content_w = lines.iter().map(|r| row_width(r)).max().unwrap_or(0);
    for line in &mut lines {
        place(line, content_w);
    }
    let mut rows = lines;

    let frames = frame(&mut rows, content_w, boundaries);

    let nodes: Vec<NodeBox> = rows.iter().flatten().copied().collect();
    let mut boxes: LiteMap<Component, NodeBox> = LiteMap::new();
    for n in &nodes {
        boxes.insert(n.component, *n);
    }
    let edges = route(edge_list, &boxes);
    let height = match row_list.last() {
        Some(last) => last.bottom + MARGIN,
        None => TOP + MARGIN,
    };
    let right = nodes
        .iter()
        .map(|n| n.x + n.w)
        .chain(frames.iter().map(|f| f.x + f.w))
        .max()
        .unwrap_or(GUTTER);
    Layout {
        width: (GUTTER + content_w).max(right) + MARGIN,
        height,
        rows: row_list,
        nodes,
        edges,
        frames,
        metrics: *m,
    }
}

/// Gathers each boundary's members at the right end of their rows, one above
/// the other with a common right edge, so that a rectangle around them holds
/// nothing else; returns the rectangles.
fn frame(rows: &mut [Vec<NodeBox>], content_w: i32, boundaries: &[Boundary]) -> Vec<Frame> {
    let mut frames = Vec::new();
    for b in boundaries {
        let inside = |n: &NodeBox| b.members.contains(&n.component);
        let held: Vec<usize> = (0..rows.len())
            .filter(|r| rows[*r].iter().any(inside))
            .collect();
        if held.is_empty() {
            continue;
        }
        for &r in &held {
            let (mut outside, members): (Vec<NodeBox>, Vec<NodeBox>) =
                rows[r].iter().partition(|n| !inside(n));
            outside.extend(members);
            rows[r] = outside;
            place(&mut rows[r], content_w);
        }
        let right = held
            .iter()
            .filter_map(|r| rows[*r].last().map(|n| n.x + n.w))
            .max()
            .unwrap_or(GUTTER);
        let mut left = i32::MAX;
        for &r in &held {
            let end = rows[r].last().map(|n| n.x + n.w).unwrap_or(right);
            let shift = right - end;
            let first = rows[r].iter().position(inside).unwrap_or(0);
            for n in rows[r][first..].iter_mut() {
                n.x += shift;
                left = left.min(n.x);
            }
        }
        // Whatever is left of the frame in a row must end before it: move
        // it left as far as the gutter allows, then the frame right.
        let mut push = 0;
        for &r in &held {
            let first = rows[r].iter().position(inside).unwrap_or(0);
            let Some(out_right) = rows[r][..first].last().map(|n| n.x + n.w) else {
                continue;
            };
            let deficit = out_right + COL_GAP + FRAME_PAD - left;
            if deficit > 0 {
                let room = rows[r].first().map(|n| n.x - GUTTER).unwrap_or(0).max(0);
                let by = deficit.min(room);
                for n in rows[r][..first].iter_mut() {
                    n.x -= by;
                }
                push = push.max(deficit - by);
            }
        }
        if push > 0 {
            for &r in &held {
                for n in rows[r].iter_mut().filter(|n| inside(n)) {
                    n.x += push;
                }
            }
            left += push;
        }
        let right = right + push;
        let top = held
            .first()
            .and_then(|r| rows[*r].first())
            .map_or(TOP, |n| n.y);
        let bottom = held
            .last()
            .and_then(|r| rows[*r].first())
            .map_or(TOP, |n| n.y + n.h);
        frames.push(Frame {
            label: b.label.clone(),
            note: b.note.clone(),
            x: left - FRAME_PAD,
            y: top - FRAME_PAD,
            w: right - left + 2 * FRAME_PAD,
            h: bottom - top + 2 * FRAME_PAD,
        });
    }
    frames
}

fn row_width(row: &[NodeBox]) -> i32 {
    row.iter().map(|n| n.w).sum::<i32>() + COL_GAP * (row.len() as i32 - 1).max(0)
}

/// Places a row's boxes left to right, centred in the content area.
fn place(row: &mut [NodeBox], content_w: i32) {
    let mut x = GUTTER + (content_w - row_width(row)) / 2;
    for n in row {
        n.x = x;
        x += n.w + COL_GAP;
    }
}

/// Connected pairs (unordered, self-pairs included), in stable order.
fn pairs(edge_list: &[(Component, Component, Iface)]) -> Vec<(Component, Component)> {
    let mut v: Vec<_> = edge_list
        .iter()
        .map(|(a, b, _)| if a <= b { (*a, *b) } else { (*b, *a) })
        .collect();
    order::sort(&mut v);
    v.dedup();
    v
}

/// Which side of a box an edge end attaches to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Top,
    Bottom,
}

fn route(
    edge_list: &[(Component, Component, Iface)],
    boxes: &LiteMap<Component, NodeBox>,
) -> Vec<EdgePath> {
    // Merge directions and interfaces per pair, oriented top-to-bottom / left-to-right.
    let mut merged: LiteMap<(Component, Component), (Vec<Iface>, Vec<Iface>)> = LiteMap::new();
    for (from, to, iface) in edge_list {
        let (Some(f), Some(t)) = (boxes.get(from), boxes.get(to)) else {
            continue;
        };
        let from_first = (f.y, f.x) <= (t.y, t.x);
        let key = if from_first {
            (*from, *to)
        } else {
            (*to, *from)
        };
        let entry = merged.entry(key).or_default();
        let list = if from_first {
            &mut entry.0
        } else {
            &mut entry.1
        };
        if !list.contains(iface) {
            list.push(*iface);
        }
    }

    // Ports: each side of a box spreads its attachments in the order of the far ends.
    let mut ports: LiteMap<(Component, Side), Vec<(i32, Component)>> = LiteMap::new();
    for (a, b) in merged.keys() {
        let (Some(na), Some(nb)) = (boxes.get(a), boxes.get(b)) else {
            continue;
        };
        if a == b {
            continue;
        }
        if na.y == nb.y {
            ports
                .entry((*a, Side::Top))
                .or_default()
                .push((nb.cx(), *b));
            ports
                .entry((*b, Side::Top))
                .or_default()
                .push((na.cx(), *a));
        } else {
            ports
                .entry((*a, Side::Bottom))
                .or_default()
                .push((nb.cx(), *b));
            ports
                .entry((*b, Side::Top))
                .or_default()
                .push((na.cx(), *a));
        }
    }
    for (_, list) in ports.iter_mut() {
        order::sort(list);
    }
    let port_x = |n: &NodeBox, side: Side, other: Component| -> i32 {
        match ports.get(&(n.component, side)) {
            Some(list) => {
                let i = list.iter().position(|(_, o)| *o == other).unwrap_or(0) as i32;
                let k = list.len() as i32;
                n.x + n.w * (i + 1) / (k + 1)
            }
            None => n.cx(),
        }
    };

    merged
        .into_iter()
        .filter_map(|((a, b), (forward, backward))| {
            let (na, nb) = (boxes.get(&a)?, boxes.get(&b)?);
            let (shape, d) = if a == b {
                let (r, y) = (na.x + na.w, na.y);
                (
                    EdgeShape::SelfLoop,
                    format!(
                        "M{} {y}C{} {} {} {} {} {y}",
                        r - 24,
                        r - 28,
                        y - 20,
                        r - 2,
                        y - 20,
                        r - 8
                    ),
                )
            } else if na.y == nb.y {
                let (x1, x2, y) = (port_x(na, Side::Top, b), port_x(nb, Side::Top, a), na.y);
                let lift = (14 + (x2 - x1).abs() / 10).min(MAX_LIFT);
                (
                    EdgeShape::Arc,
                    format!("M{x1} {y}C{x1} {} {x2} {} {x2} {y}", y - lift, y - lift),
                )
            } else {
                let (x1, y1) = (port_x(na, Side::Bottom, b), na.y + na.h);
                let (x2, y2) = (port_x(nb, Side::Top, a), nb.y);
                let mid = (y2 - y1) / 2;
                (
                    EdgeShape::Vertical,
                    format!("M{x1} {y1}C{x1} {} {x2} {} {x2} {y2}", y1 + mid, y2 - mid),
                )
            };
            Some(EdgePath {
                a,
                b,
                forward,
                backward,
                shape,
                d,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
