//! Kubernetes versions: dockershim is built in until 1.23; on 1.24 the
//! configuration is refused with the core's reason, and cri-dockerd runs.

use super::Driver;
use anyhow::{bail, Result};
use serde_json::json;
use std::time::Duration;

/// Kubernetes 1.24 has no dockershim; cri-dockerd runs on it.
pub(super) fn dockershim(d: &Driver, base: &str) -> Result<()> {
    println!("test: Kubernetes 1.24 has no dockershim");
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run-dockershim"))?;
    d.ready()?;
    let has_shim = "return !!document.querySelector(\"svg [data-component='dockershim']\");";
    if d.js(has_shim)? != json!(true) {
        bail!("the dockershim scenario on 1.22 shows no dockershim");
    }
    if !d.text("#dockershim-status")?.contains("until 1.23") {
        bail!("1.22 does not say dockershim is built in");
    }
    d.js("const s = document.querySelector('#k8s'); s.value = '24'; \
          s.dispatchEvent(new InputEvent('input', {bubbles: true})); return true;")?;
    d.wait(
        "the switch to 1.24",
        "return document.querySelector('#k8s-value').textContent === '1.24';",
        Duration::from_secs(10),
    )?;
    if d.js(has_shim)? != json!(false) {
        bail!("Kubernetes 1.24 still shows dockershim");
    }
    let refusal = d.text(".refusal")?;
    if !refusal.contains("dockershim was removed") || !refusal.contains("1.24") {
        bail!("no refusal with the core's reason on 1.24: {refusal:?}");
    }
    if !d.text("#dockershim-status")?.contains("removed in 1.24") {
        bail!("1.24 does not say dockershim was removed");
    }
    println!("  ok: dockershim gone; refusal: {}", refusal.trim());
    d.js(
        "const s = document.querySelector('#runtime'); s.value = 'cri-dockerd'; \
          s.dispatchEvent(new Event('change', {bubbles: true})); return true;",
    )?;
    d.wait(
        "cri-dockerd on 1.24",
        "return !!document.querySelector(\"svg [data-component='cri-dockerd']\");",
        Duration::from_secs(10),
    )?;
    println!("  ok: cri-dockerd on 1.24 runs");
    Ok(())
}
