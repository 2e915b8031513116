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
///
/// In integers: the value in its unit, rounded half up to 3 significant
/// digits, without trailing zeros. The same text as formatting the `f64`
/// (a test checks it), without the float formatter (about 11 KB of wasm).
pub(crate) fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let (mut div, mut i) = (1u64, 0);
    while bytes / div >= 1000 && i + 1 < UNITS.len() {
        div *= 1000;
        i += 1;
    }
    let (whole, rest) = (bytes / div, bytes % div);
    let decimals = if whole >= 100 {
        0
    } else if whole >= 10 {
        1
    } else {
        2
    };
    let scale = 10u64.pow(decimals);
    // `rest * scale * 2` stays far below u64::MAX: rest < div <= 10^12.
    let n = whole * scale + (rest * scale * 2 + div) / (2 * div);
    let mut s = (n / scale).to_string();
    let frac = n % scale;
    if frac != 0 {
        let digits = format!("{frac:0width$}", width = decimals as usize);
        s.push('.');
        s.push_str(digits.trim_end_matches('0'));
    }
    s.push_str(UNITS[i]);
    s
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
        assert_eq!(human_size(999_999), "1000kB");
        assert_eq!(human_size(10_100), "10.1kB");
        assert_eq!(human_size(321_000), "321kB");
        assert_eq!(human_size(0), "0B");
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

    /// The float formatting `human_size` replaced: go-units' `%.4g`, by way
    /// of Rust's `{:.N}`.
    fn human_size_f64(bytes: u64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"];
        let mut v = bytes as f64;
        let mut i = 0;
        while v >= 1000.0 && i + 1 < units.len() {
            v /= 1000.0;
            i += 1;
        }
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
        format!("{t}{}", units[i])
    }

    #[test]
    fn human_size_in_integers_prints_what_the_float_did() {
        // Every size the registries hold, and a sweep of others. Exact ties
        // (a 5 right after the last digit kept, then only zeros) may round
        // the other way in binary floating point; the model has none.
        let mut sizes = vec![
            72_190_000, 2_160_000, 3_640_000, 10_100, 45_000_000, 4_120_000, 321_000, 1_320_000,
        ];
        let mut x: u64 = 1;
        while x < 50_000_000_000_000 {
            sizes.push(x);
            x = x * 3 / 2 + 7;
        }
        for b in sizes {
            let tie = |d: u64| b % d == d / 2 && d > 1;
            let div = [1u64, 1_000, 1_000_000, 1_000_000_000, 1_000_000_000_000]
                .into_iter()
                .rev()
                .find(|d| b >= *d * 1000 || *d == 1)
                .unwrap_or(1);
            let whole = b / div;
            let step = div
                / if whole >= 100 {
                    1
                } else if whole >= 10 {
                    10
                } else {
                    100
                };
            if step > 1 && tie(step) {
                continue;
            }
            assert_eq!(human_size(b), human_size_f64(b), "{b}");
        }
    }
}
