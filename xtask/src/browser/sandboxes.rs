//! Sandboxed runtimes as a person sees them: a Kata pod's VM drawn as a
//! boundary around kata-agent and the guest kernel, and the host's process
//! list after `kubectl run` (the shim, virtiofsd and QEMU; no nginx), against
//! runc's (nginx a child of its shim).

use super::{atlas, check, Driver};
use anyhow::{bail, Result};
use serde_json::Value;
use std::time::Duration;

/// The position (1-based hop) of the first hop of the script's second command.
fn second_command(scenario: &str) -> Result<usize> {
    let text = atlas(&["sim", "--scenario", scenario, "--format", "json"])?;
    let (mut records, mut hops) = (0, 0);
    for line in text.lines() {
        let v: Value = serde_json::from_str(line)?;
        if v.get("command").is_some() && v.get("exit").is_some() {
            records += 1;
            if records == 2 {
                return Ok(hops + 1);
            }
        } else if v.get("seq").is_some() {
            hops += 1;
        }
    }
    bail!("{scenario} has one command only")
}

/// The programs of the host's process list, opened at the given hop.
fn host_programs(d: &Driver, base: &str, sc: &str, link: &str) -> Result<Vec<String>> {
    let hop = second_command(sc)?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc={sc};{link}p=state;hop={hop}"))?;
    d.ready()?;
    d.js("const e = document.querySelector('#host-procs'); e.open = true; e.dispatchEvent(new Event('toggle')); return true;")?;
    d.wait(
        "the host's process list",
        "return !!document.querySelector('#host-procs table');",
        Duration::from_secs(10),
    )?;
    let v = d.js(
        "return [...document.querySelectorAll('#host-procs td.prog')].map(e => e.textContent);",
    )?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(String::from))
        .collect())
}

pub(super) fn kata(d: &Driver, base: &str) -> Result<()> {
    println!("test: Kata's VM boundary and the host's processes, against runc's");
    let sc = "kubectl-run-kata";
    let progs = host_programs(d, base, sc, "rt=containerd-2;oci=kata;k=1.31;")?;
    let mut kinds = progs.clone();
    kinds.sort();
    kinds.dedup();
    check(
        "after kubectl run under Kata, the host runs",
        &kinds.join(" "),
        "containerd-shim-kata-v2 qemu virtiofsd",
    )?;
    let frame = d.js("return [...document.querySelectorAll('figure.topology .frame text')].map(e => e.textContent).join(',');")?;
    check("the VM's boundary", frame.as_str().unwrap_or(""), "Kata VM")?;
    let inside = d.js(
        "const f = document.querySelector('figure.topology .frame rect').getBBox();
         const ids = [];
         for (const n of document.querySelectorAll('figure.topology .node')) {
           const r = n.querySelector('rect').getBBox();
           if (r.x >= f.x && r.x + r.width <= f.x + f.width && r.y >= f.y && r.y + r.height <= f.y + f.height)
             ids.push(n.querySelector('text').textContent);
         }
         return ids.sort().join(' ');",
    )?;
    check(
        "inside the boundary",
        inside.as_str().unwrap_or(""),
        "guest-kernel kata-agent",
    )?;
    let runc = host_programs(d, base, "kubectl-run", "")?;
    let workloads = runc.iter().filter(|p| *p == "workload").count();
    check(
        "after kubectl run under runc, workloads on the host",
        &workloads.to_string(),
        "2",
    )?;
    d.no_errors()
}
