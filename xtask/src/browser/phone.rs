//! A phone in portrait: the page does not scroll sideways, the topology
//! scrolls to the hop's ends with the tier names pinned.

use super::{check, Driver};
use anyhow::Result;
use serde_json::{json, Value};
use std::time::Duration;

/// A phone in portrait: nothing overflows the page sideways; the topology
/// scrolls to the hop's ends, with the tier names pinned at its left edge.
pub(super) fn phone(d: &Driver, base: &str) -> Result<()> {
    println!(
        "test: a phone in portrait: no sideways page, the hop's ends in view, tier names pinned"
    );
    d.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}),
    )?;
    d.go("about:blank")?;
    d.go(&format!("{base}#v1;sc=kubectl-run;hop=200"))?;
    d.ready()?;
    let got = (|| -> Result<Value> {
        let got = d.js(
        "const s = document.querySelector('figure.topology .scroller'); const box = s.getBoundingClientRect(); \
         const ends = Array.from(document.querySelectorAll('figure.topology .node.lit')).map((n) => n.getBoundingClientRect()); \
         const label = document.querySelector('.tier-labels text').getBoundingClientRect(); \
         return { page: document.documentElement.scrollWidth, screen: innerWidth, ends: ends.length, \
           inView: ends.every((r) => r.left >= box.left - 1 && r.right <= box.right + 1), \
           scrolled: s.scrollLeft > 0, labelIn: label.left >= box.left - 1 && label.left < box.left + 40 };",
    )?;
        // Scrolled by the reader now, not by the app: the names follow.
        d.js("document.querySelector('figure.topology .scroller').scrollLeft = 0; return true;")?;
        d.wait(
            "the tier names to follow a scroll",
            "const s = document.querySelector('figure.topology .scroller'); const box = s.getBoundingClientRect(); \
             const label = document.querySelector('.tier-labels text').getBoundingClientRect(); \
             return s.scrollLeft === 0 && label.left >= box.left - 1 && label.left < box.left + 40;",
            Duration::from_secs(5),
        )?;
        Ok(got)
    })();
    d.cdp("Emulation.clearDeviceMetricsOverride", json!({}))?;
    let got = got?;
    let want = json!({"page": 390, "screen": 390, "ends": 2, "inView": true, "scrolled": true, "labelIn": true});
    check("phone layout", &got.to_string(), &want.to_string())?;
    d.no_errors()
}
