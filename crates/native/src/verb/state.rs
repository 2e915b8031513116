//! `state ID` and `list`: what runc prints of one container or of all.

use super::saved_spec;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::state::{Container, Saved, StateJson, Status};
use std::collections::{BTreeMap, HashMap};

/// The saved spec's annotations (`None` when it has none or cannot be read).
fn annotations_of(s: &Saved) -> Option<HashMap<String, String>> {
    saved_spec(s)
        .ok()
        .and_then(|spec| spec.annotations().clone())
        .filter(|a| !a.is_empty())
}

fn sorted(a: &Option<HashMap<String, String>>) -> Option<BTreeMap<&str, &str>> {
    a.as_ref()
        .map(|a| a.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect())
}

/// `state`.
pub fn state(ctx: &Ctx, id: &str) -> Result<i32> {
    let c = Container::open(&ctx.root, id)?;
    let Some(s) = c.load()? else {
        return Err(Error::NotExist);
    };
    let status = c.status(&s);
    let annotations = annotations_of(&s);
    let out = StateJson {
        oci_version: "1.0.2-dev",
        id: &s.id,
        pid: if status == Status::Stopped {
            0
        } else {
            s.init_pid
        },
        status: status.as_str(),
        bundle: &s.bundle,
        rootfs: &s.rootfs,
        created: &s.created,
        annotations: sorted(&annotations),
        owner: "",
    };
    let text = serde_json::to_string_pretty(&out).map_err(|e| Error::Config(e.to_string()))?;
    println!("{text}");
    Ok(0)
}

/// `list` (`--format table|json`, `--quiet`).
pub fn list(ctx: &Ctx, format: Option<&str>, quiet: bool) -> Result<i32> {
    let mut rows = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&ctx.root) {
        let mut ids: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        ids.sort();
        for id in ids {
            let Ok(c) = Container::open(&ctx.root, &id) else {
                continue;
            };
            let Ok(Some(s)) = c.load() else { continue };
            let status = c.status(&s);
            let annotations = annotations_of(&s);
            rows.push((s, status, annotations));
        }
    }
    if quiet {
        for (s, _, _) in &rows {
            println!("{}", s.id);
        }
        return Ok(0);
    }
    match format.unwrap_or("table") {
        "json" => {
            // runc's `containerState`, in its key order.
            let list: Vec<StateJson<'_>> = rows
                .iter()
                .map(|(s, st, a)| StateJson {
                    oci_version: "1.0.2-dev",
                    id: &s.id,
                    pid: if *st == Status::Stopped {
                        0
                    } else {
                        s.init_pid
                    },
                    status: st.as_str(),
                    bundle: &s.bundle,
                    rootfs: &s.rootfs,
                    created: &s.created,
                    annotations: sorted(a),
                    owner: "root",
                })
                .collect();
            let text = serde_json::to_string(&list).map_err(|e| Error::Config(e.to_string()))?;
            println!("{text}");
        }
        "table" => {
            let mut t = vec![[
                "ID".to_string(),
                "PID".into(),
                "STATUS".into(),
                "BUNDLE".into(),
                "CREATED".into(),
                "OWNER".into(),
            ]];
            for (s, st, _) in &rows {
                let pid = if *st == Status::Stopped {
                    0
                } else {
                    s.init_pid
                };
                t.push([
                    s.id.clone(),
                    pid.to_string(),
                    st.as_str().into(),
                    s.bundle.clone(),
                    s.created.clone(),
                    "root".into(),
                ]);
            }
            // Go's tabwriter (minwidth 12, padding 1), as runc prints it.
            let mut widths = [0usize; 6];
            for r in &t {
                for (w, c) in widths.iter_mut().zip(r.iter()) {
                    *w = (*w).max(c.len() + 1).max(12);
                }
            }
            let mut out = String::new();
            for r in &t {
                for (i, c) in r.iter().enumerate() {
                    if i + 1 == r.len() {
                        out.push_str(c);
                    } else {
                        out.push_str(&format!("{c:<w$}", w = widths[i]));
                    }
                }
                out.push('\n');
            }
            print!("{out}");
        }
        other => {
            return Err(Error::Refused(format!("invalid format option: {other}")));
        }
    }
    Ok(0)
}
