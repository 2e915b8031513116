//! Layout tests: every component once, no overlaps, rows by tiers.

use super::*;
use atlas_core::Config;

#[test]
fn default_layout_has_every_component_once_without_overlap() {
    let t = Topology::new(&Config::default());
    let l = layout(&t);
    let mut seen: Vec<Component> = l.nodes.iter().map(|n| n.component).collect();
    seen.sort();
    assert_eq!(seen, t.components());
    for (i, a) in l.nodes.iter().enumerate() {
        for b in &l.nodes[i + 1..] {
            assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
        }
        assert!(a.x >= GUTTER && a.x + a.w <= l.width, "{a:?} outside");
    }
}

#[test]
fn every_edge_is_drawn_once() {
    let t = Topology::new(&Config::default());
    let l = layout(&t);
    let drawn: usize = l
        .edges
        .iter()
        .map(|e| e.forward.len() + e.backward.len())
        .sum();
    assert_eq!(drawn, t.edge_list().len());
    assert!(l.edges.iter().any(|e| e.shape == EdgeShape::SelfLoop));
}

#[test]
fn a_kata_vm_is_framed_around_the_agent_and_the_guest_kernel_only() {
    use atlas_core::config::{K8sVersion, Oci, Runtime};
    let cfg = Config {
        k8s: K8sVersion(31),
        runtime: Runtime::Containerd2,
        oci: Oci::Kata,
    };
    let l = layout(&Topology::new(&cfg));
    assert_eq!(l.frames.len(), 1);
    let f = &l.frames[0];
    assert_eq!(crate::i18n::english().render(&f.label), "Kata VM");
    for n in &l.nodes {
        let within = n.x >= f.x && n.x + n.w <= f.x + f.w && n.y >= f.y && n.y + n.h <= f.y + f.h;
        let member = matches!(n.component, Component::KataAgent | Component::GuestKernel);
        let touches = n.x < f.x + f.w && f.x < n.x + n.w && n.y < f.y + f.h && f.y < n.y + n.h;
        assert_eq!(
            within, member,
            "{:?} inside the frame: {within}",
            n.component
        );
        assert!(member || !touches, "{:?} crosses the frame", n.component);
        assert!(n.x + n.w <= l.width, "{n:?} outside");
    }
    for (i, a) in l.nodes.iter().enumerate() {
        for b in &l.nodes[i + 1..] {
            assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
        }
    }
    assert!(layout(&Topology::new(&Config::default())).frames.is_empty());
}

#[test]
fn tier_names_sit_above_their_row_and_cover_no_box() {
    // The name strip is 20 px plus 8 px a character (topology_view),
    // pinned at the visible left edge: wherever it is, it stays in the
    // strip above its row's boxes, below the row above.
    let korean = atlas_core::Catalog::builtin(atlas_core::Lang::Ko);
    for cfg in [
        Config::default(),
        Config::from_words(None, Some("cri-o"), Some("kata")).expect("cfg"),
    ] {
        let l = layout(&Topology::new(&cfg));
        for (i, r) in l.rows.iter().enumerate() {
            let (top, h) = tier_label_rect(r.y);
            assert!(top >= 0, "{:?}", r.tier);
            let w = 20 + text_width(&korean.render(&r.tier.label()));
            for n in &l.nodes {
                assert!(
                    n.y >= top + h || n.y + n.h <= top,
                    "{:?}'s name ({w} px) covers {:?}",
                    r.tier,
                    n.component
                );
            }
            if let Some(prev) = i.checked_sub(1).and_then(|p| l.rows.get(p)) {
                assert!(prev.y + NODE_H < top, "{:?}", r.tier);
            }
        }
    }
}

#[test]
fn every_node_is_drawn_in_lines_no_wider_than_the_wrap_without_overlap() {
    use atlas_core::config::{K8sVersion, Oci, Runtime};
    for runtime in Runtime::ALL {
        for oci in Oci::ALL {
            let k8s = K8sVersion(if runtime == Runtime::Dockershim {
                23
            } else {
                30
            });
            let cfg = Config { k8s, runtime, oci };
            if cfg.check().is_err() {
                continue;
            }
            let l = layout(&Topology::new(&cfg));
            for (i, a) in l.nodes.iter().enumerate() {
                for b in &l.nodes[i + 1..] {
                    assert!(!a.overlaps(b), "{cfg:?}: {a:?} overlaps {b:?}");
                }
                assert!(a.x >= 0 && a.x + a.w <= l.width, "{cfg:?}: {a:?} outside");
            }
            let widest = l.frames.iter().map(|f| f.w).max().unwrap_or(0);
            assert!(
                l.width <= GUTTER + WRAP_W.max(widest) + 2 * MARGIN + 2 * FRAME_PAD + COL_GAP,
                "{cfg:?}: {} wide",
                l.width
            );
        }
    }
}

#[test]
fn a_part_of_a_daemon_is_written_in_two_lines() {
    assert_eq!(
        label_lines(Component::ContainerdSnapshotter),
        (Some("containerd/"), "snapshotter")
    );
    assert_eq!(label_lines(Component::Kubelet), (None, "kubelet"));
}

#[test]
fn a_run_draws_only_what_it_uses() {
    let run =
        crate::run::Run::new(Config::default(), &atlas_core::scenario::SCENARIOS[0]).expect("runs");
    let l = layout_hops(&run.hops);
    let all = layout(&Topology::new(&Config::default()));
    let has = |l: &Layout, c| l.nodes.iter().any(|n| n.component == c);
    assert!(has(&l, Component::Kubelet) && has(&l, Component::Runc));
    assert!(!has(&l, Component::Nerdctl) && !has(&l, Component::Ctr));
    assert!(has(&all, Component::Nerdctl));
    assert!(l.nodes.len() < all.nodes.len());
    eprintln!(
        "used {}x{}, all {}x{}",
        l.width, l.height, all.width, all.height
    );
    // Short enough for 16 px labels in a 1080 px high window (see topology_view).
    assert!(l.height <= 700, "{}", l.height);
    // Narrow enough for 12 px labels in the 1366 px window's diagram area.
    assert!(l.width <= 880, "{}", l.width);
    for (i, a) in l.nodes.iter().enumerate() {
        for b in &l.nodes[i + 1..] {
            assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn rows_follow_the_tiers() {
    let t = Topology::new(&Config::default());
    let l = layout(&t);
    let tiers: Vec<Tier> = t.tiers().into_iter().map(|(tier, _)| tier).collect();
    assert_eq!(l.rows.iter().map(|r| r.tier).collect::<Vec<_>>(), tiers);
    for n in &l.nodes {
        let row = l.rows.iter().find(|r| r.tier == n.tier).expect("row");
        assert!(n.y >= row.y && n.y + n.h <= row.bottom, "{:?}", n.component);
    }
}
