//! `systemctl list-units` and `list-unit-files`: the tables of the units
//! the model runs.

use super::systemd::{unit_name, Unit, UnitState};
use crate::engine::{Outcome, World};
use crate::msg;

/// `list-units [--type=service] [--all]`.
pub(crate) fn list_units(w: &World, kind: &Option<String>, all: bool, names: &[String]) -> Outcome {
    let rows: Vec<&Unit> = w
        .node
        .units
        .iter()
        .filter(|u| {
            kind.as_deref()
                .is_none_or(|k| u.name.ends_with(&format!(".{k}")))
                && (all || u.state != UnitState::Inactive)
                && (names.is_empty() || names.iter().any(|p| glob(p, &u.name)))
        })
        .collect();
    let cols: Vec<[String; 5]> = rows
        .iter()
        .map(|u| {
            [
                u.name.clone(),
                "loaded".into(),
                u.state.as_str().into(),
                u.sub_state().into(),
                u.description.clone(),
            ]
        })
        .collect();
    let head = ["UNIT", "LOAD", "ACTIVE", "SUB", "DESCRIPTION"];
    let width = |i: usize| {
        cols.iter()
            .map(|c| c.get(i).map_or(0, |x| x.chars().count()))
            .chain([head.get(i).map_or(0, |h| h.len())])
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2, w3) = (width(0), width(1), width(2), width(3));
    let mut s = format!(
        "  {:<w0$} {:<w1$} {:<w2$} {:<w3$} {}\n",
        head[0], head[1], head[2], head[3], head[4]
    );
    for (u, c) in rows.iter().zip(&cols) {
        let mark = if u.state == UnitState::Failed {
            "\u{25cf}"
        } else {
            " "
        };
        s.push_str(&format!(
            "{mark} {:<w0$} {:<w1$} {:<w2$} {:<w3$} {}\n",
            c[0], c[1], c[2], c[3], c[4]
        ));
    }
    s.push_str("\nLOAD   = Reflects whether the unit definition was properly loaded.\nACTIVE = The high-level unit activation state, i.e. generalization of SUB.\nSUB    = The low-level unit activation state, values depend on unit type.\n");
    if all {
        s.push_str(&format!("\n{} loaded units listed.\n", rows.len()));
    } else {
        s.push_str(&format!(
            "\n{} loaded units listed. Pass --all to see loaded but inactive units, too.\n",
            rows.len()
        ));
    }
    s.push_str("To show all installed unit files use 'systemctl list-unit-files'.\n");
    Outcome::ok(s).remark(msg!("systemd-only-modelled-units"))
}

/// `list-unit-files [PATTERN]`.
pub(crate) fn list_unit_files(w: &World, kind: &Option<String>, names: &[String]) -> Outcome {
    let rows: Vec<&Unit> = w
        .node
        .units
        .iter()
        .filter(|u| {
            kind.as_deref()
                .is_none_or(|k| u.name.ends_with(&format!(".{k}")))
                && (names.is_empty() || names.iter().any(|p| glob(p, &u.name)))
        })
        .collect();
    let w0 = rows
        .iter()
        .map(|u| u.name.len())
        .chain([9])
        .max()
        .unwrap_or(9);
    let w1 = rows
        .iter()
        .map(|u| if u.enabled { 7 } else { 8 })
        .chain([5])
        .max()
        .unwrap_or(5);
    let mut s = format!("{:<w0$} {:<w1$} PRESET\n", "UNIT FILE", "STATE");
    for u in &rows {
        let st = if u.enabled { "enabled" } else { "disabled" };
        s.push_str(&format!("{:<w0$} {st:<w1$} enabled\n", u.name));
    }
    s.push_str(&format!("\n{} unit files listed.\n", rows.len()));
    Outcome::ok(s).remark(msg!("systemd-only-modelled-units"))
}

/// A shell-style pattern (`*`, `?`) against a unit name.
fn glob(p: &str, name: &str) -> bool {
    fn m(p: &[u8], n: &[u8]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some(b'*'), _) => m(&p[1..], n) || (!n.is_empty() && m(p, &n[1..])),
            (Some(b'?'), Some(_)) => m(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => m(&p[1..], &n[1..]),
            _ => false,
        }
    }
    m(p.as_bytes(), name.as_bytes()) || unit_name(p) == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_unit_names() {
        assert!(glob("cri-docker*", "cri-docker.socket"));
        assert!(glob("kubelet", "kubelet.service"));
        assert!(!glob("docker*", "cri-docker.service"));
    }
}
