//! Output formatting the way the real tools do it: Go's text/tabwriter with each
//! tool's settings, go-units' human durations and sizes, kubectl's ages.

/// Go `tabwriter.NewWriter(w, minwidth, tabwidth, padding, ' ', 0)` over rows of cells.
/// The last cell of a row is not padded (tabwriter only aligns terminated cells).
pub(crate) fn tabwriter(rows: &[Vec<String>], minwidth: usize, padding: usize) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i + 1 < r.len() {
                widths[i] = widths[i].max(c.chars().count() + padding);
            }
        }
    }
    for w in &mut widths {
        *w = (*w).max(minwidth);
    }
    let mut out = String::new();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            out.push_str(c);
            if i + 1 < r.len() {
                for _ in c.chars().count()..widths[i] {
                    out.push(' ');
                }
            }
        }
        out.push('\n');
    }
    out
}

/// go-units `HumanDuration`, as crictl and docker print "CREATED" and "Up …".
pub(crate) fn human_duration(ms: u64) -> String {
    let s = ms / 1000;
    if s < 1 {
        "Less than a second".to_string()
    } else if s == 1 {
        "1 second".to_string()
    } else if s < 60 {
        format!("{s} seconds")
    } else if s / 60 == 1 {
        "About a minute".to_string()
    } else if s < 3600 {
        format!("{} minutes", s / 60)
    } else if s / 3600 == 1 {
        "About an hour".to_string()
    } else if s < 48 * 3600 {
        format!("{} hours", s / 3600)
    } else {
        format!("{} days", s / 86_400)
    }
}

/// go-units `HumanSize` (decimal, 3 significant digits): `72.2MB`.
pub(crate) fn human_size(bytes: u64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"];
    let mut v = bytes as f64;
    let mut i = 0;
    while v >= 1000.0 && i + 1 < units.len() {
        v /= 1000.0;
        i += 1;
    }
    let s = format!("{v:.4}");
    let digits: String = {
        // %.4g
        let mag = if v >= 100.0 {
            0
        } else if v >= 10.0 {
            1
        } else {
            2
        };
        let t = format!("{v:.mag$}");
        let t = if t.contains('.') {
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            t
        };
        let _ = s;
        t
    };
    format!("{digits}{}", units[i])
}

/// kubectl's `duration.HumanDuration` for AGE columns.
pub(crate) fn kube_age(ms: u64) -> String {
    let s = ms / 1000;
    if s < 120 {
        format!("{s}s")
    } else if s < 600 {
        let m = s / 60;
        let r = s % 60;
        if r == 0 {
            format!("{m}m")
        } else {
            format!("{m}m{r}s")
        }
    } else if s < 3 * 3600 {
        format!("{}m", s / 60)
    } else {
        format!("{}h", s / 3600)
    }
}

/// Truncates an id the way crictl and docker do (13 and 12 characters).
pub(crate) fn trunc(id: &str, n: usize) -> String {
    id.trim_start_matches("sha256:").chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(human_duration(30_000), "30 seconds");
        assert_eq!(human_duration(90_000), "About a minute");
        assert_eq!(human_size(72_190_000), "72.2MB");
        assert_eq!(human_size(2_160_000), "2.16MB");
        assert_eq!(kube_age(5_000), "5s");
        assert_eq!(kube_age(130_000), "2m10s");
        let t = tabwriter(
            &[
                vec!["A".into(), "B".into()],
                vec!["long-cell".into(), "x".into()],
            ],
            6,
            3,
        );
        assert_eq!(t, "A           B\nlong-cell   x\n");
    }
}
