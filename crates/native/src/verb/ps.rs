//! `ps`: the container's processes (`-f json`: their pids).

use crate::cgroup::Cgroup;
use crate::ctx::Ctx;
use crate::error::{Error, Result, SysContext};
use crate::state::Container;

/// `ps`: the container's processes (`-f json`: their pids).
pub fn ps(ctx: &Ctx, id: &str, format: Option<&str>) -> Result<i32> {
    let c = Container::open(&ctx.root, id)?;
    let s = c.load()?.ok_or(Error::NotExist)?;
    let cg = Cgroup::from_dirs(&s.cgroups, s.freezer.is_none());
    let pids = cg.procs();
    match format.unwrap_or("table") {
        "json" => {
            println!("{}", serde_json::to_string(&pids).unwrap_or_default());
        }
        "table" => {
            let out = std::process::Command::new("ps")
                .arg("-ef")
                .output()
                .ctx(|| "run ps -ef".into())?;
            let text = String::from_utf8_lossy(&out.stdout);
            let mut lines = text.lines();
            if let Some(h) = lines.next() {
                println!("{h}");
            }
            for l in lines {
                let pid: Option<i32> = l.split_whitespace().nth(1).and_then(|p| p.parse().ok());
                if pid.is_some_and(|p| pids.contains(&p)) {
                    println!("{l}");
                }
            }
        }
        other => return Err(Error::Refused(format!("invalid format option: {other}"))),
    }
    Ok(0)
}
