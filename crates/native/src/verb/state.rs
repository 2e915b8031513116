//! `state ID` and `list`: what runc prints of one container or of all.

use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::state::{Container, StateJson, Status};

/// `state`.
pub fn state(ctx: &Ctx, id: &str) -> Result<i32> {
    let c = Container::open(&ctx.root, id)?;
    let Some(s) = c.load()? else {
        return Err(Error::NotExist);
    };
    let status = c.status(&s);
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
            rows.push((s, status));
        }
    }
    if quiet {
        for (s, _) in &rows {
            println!("{}", s.id);
        }
        return Ok(0);
    }
    match format.unwrap_or("table") {
        "json" => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|(s, st)| {
                    serde_json::json!({
                        "ociVersion": "1.0.2-dev",
                        "id": s.id,
                        "pid": if *st == Status::Stopped { 0 } else { s.init_pid },
                        "status": st.as_str(),
                        "bundle": s.bundle,
                        "rootfs": s.rootfs,
                        "created": s.created,
                        "owner": "root",
                    })
                })
                .collect();
            println!("{}", serde_json::Value::Array(list));
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
            for (s, st) in &rows {
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
