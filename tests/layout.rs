//! The diagram's geometry for every configuration the core accepts.
#![cfg(not(target_arch = "wasm32"))]

use atlas_core::config::K8S_MAX;
use atlas_core::{Config, K8sVersion, Oci, Runtime, Topology};
use runtime_atlas::layout::{layout, EdgeShape, GUTTER};

/// Every configuration that passes the core's checks, at a few Kubernetes versions.
fn configurations() -> Vec<Config> {
    let mut v = Vec::new();
    for k8s in [20, 22, 23, 24, 28, 31, K8S_MAX] {
        for runtime in Runtime::ALL {
            for oci in Oci::ALL {
                let c = Config {
                    k8s: K8sVersion(k8s),
                    runtime,
                    oci,
                };
                if c.check().is_ok() {
                    v.push(c);
                }
            }
        }
    }
    v
}

#[test]
fn there_are_configurations() {
    assert!(configurations().len() > 20);
}

#[test]
fn no_node_overlaps_and_all_fit() {
    for c in configurations() {
        let t = Topology::new(&c);
        let l = layout(&t);
        assert_eq!(l.nodes.len(), t.components().len(), "{c:?}");
        for (i, a) in l.nodes.iter().enumerate() {
            assert!(
                a.x >= GUTTER && a.x + a.w <= l.width,
                "{c:?}: {a:?} outside"
            );
            assert!(a.y >= 0 && a.y + a.h <= l.height, "{c:?}: {a:?} outside");
            for b in &l.nodes[i + 1..] {
                assert!(!a.overlaps(b), "{c:?}: {a:?} overlaps {b:?}");
            }
        }
    }
}

#[test]
fn every_edge_of_the_core_is_drawn() {
    for c in configurations() {
        let t = Topology::new(&c);
        let l = layout(&t);
        for (a, b, iface) in t.edge_list() {
            let drawn = l.edges.iter().any(|e| {
                (e.a == a && e.b == b && e.forward.contains(&iface))
                    || (e.a == b && e.b == a && e.backward.contains(&iface))
            });
            assert!(drawn, "{c:?}: {a} → {b} ({iface}) not drawn");
        }
        for e in &l.edges {
            assert_eq!(e.shape == EdgeShape::SelfLoop, e.a == e.b, "{c:?}: {e:?}");
            assert!(e.d.starts_with('M') && !e.d.contains("NaN"), "{e:?}");
        }
    }
}

#[test]
fn layout_is_deterministic() {
    for c in configurations() {
        let t = Topology::new(&c);
        assert_eq!(layout(&t), layout(&t), "{c:?}");
    }
}

/// The (x, y) points of an SVG path made of `M` and `C` commands.
fn points(d: &str) -> Vec<(i32, i32)> {
    let numbers: Vec<i32> = d
        .split(['M', 'C', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().expect("integer coordinate"))
        .collect();
    numbers.chunks(2).map(|p| (p[0], p[1])).collect()
}

#[test]
fn edges_stay_inside_the_drawing() {
    for c in configurations() {
        let l = layout(&Topology::new(&c));
        for e in &l.edges {
            let pts = points(&e.d);
            assert_eq!(pts.len(), 4, "{e:?}");
            for (x, y) in pts {
                assert!(
                    (0..=l.width).contains(&x),
                    "{c:?}: {e:?} leaves the drawing"
                );
                assert!(
                    (0..=l.height).contains(&y),
                    "{c:?}: {e:?} leaves the drawing"
                );
            }
        }
    }
}
