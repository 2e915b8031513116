//! Size report of `dist/`: raw, gzip (level 9) and brotli (quality 11), per file and in all.

use anyhow::{Context, Result};
use std::fmt;
use std::io::Write;
use std::path::Path;

use crate::util::human;

/// The app's budget: what the page loads before its first view (wasm + js +
/// css + html), brotli-compressed.
pub const BROTLI_BUDGET: u64 = 400_000;

/// The modules loaded only on first use, by the prefix of their files (the
/// JS glue and its wasm) and what they are.
pub const ON_DEMAND: [(&str, &str); 10] = [
    // When the reader opens the OCI inspector.
    ("atlas-inspector", "inspector"),
    // When a run other than the default view's (played at build time) is
    // first needed: another scenario or configuration, the host's process
    // list, the compare view.
    ("atlas-engine", "engine"),
    // When a reader first asks for Korean (the English catalog is built in).
    ("i18n/ko", "Korean catalog"),
    // When the drills or the quiz first open (their panels link the sheet).
    ("practice.css", "drills and quiz styles"),
    // The embed kit: `embed.js` and its documentation page `embed.html`
    // (`embed.ko.html`) are loaded by other sites' pages, never by the app;
    // the oEmbed template is read by authors.
    ("embed", "embed kit"),
    ("oembed", "embed kit"),
    // The presenter's notes window (a page of its own, opened by the presenter).
    ("notes", "notes window"),
    // Presenter mode's sheet (`present.css`), linked when presenter mode starts.
    ("present", "presenter"),
    // The offline worker: registered after the page's `load` event.
    ("sw.js", "offline worker"),
    // The build's file list (`build.json`), read by no page: tests and people.
    ("build.json", "build list"),
];

/// One file's sizes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to dist/.
    pub name: String,
    /// Bytes on disk.
    pub raw: u64,
    /// gzip -9.
    pub gzip: u64,
    /// brotli -q 11.
    pub brotli: u64,
}

/// Every file of dist/, sorted by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The files.
    pub entries: Vec<Entry>,
}

impl Entry {
    /// The on-demand module it belongs to (see [`ON_DEMAND`]), if any.
    pub fn module(&self) -> Option<&'static str> {
        ON_DEMAND
            .iter()
            .find(|(prefix, _)| self.name.starts_with(prefix))
            .map(|(_, what)| *what)
    }

    /// Whether the page loads it only on first use of an on-demand module.
    pub fn on_demand(&self) -> bool {
        self.module().is_some()
    }
}

impl Report {
    /// Sums of the three columns, over every file.
    pub fn total(&self) -> Entry {
        sum("all files", self.entries.iter())
    }

    /// Sums over what the page loads before its first view: the budget's measure.
    pub fn at_start(&self) -> Entry {
        sum(
            "loaded at start",
            self.entries.iter().filter(|e| !e.on_demand()),
        )
    }

    /// Sums over what one on-demand module loads (`inspector`, `engine`).
    pub fn on_demand(&self, what: &str) -> Entry {
        sum(
            &format!("on demand ({what})"),
            self.entries.iter().filter(|e| e.module() == Some(what)),
        )
    }
}

fn sum<'a>(name: &str, entries: impl Iterator<Item = &'a Entry> + Clone) -> Entry {
    Entry {
        name: name.into(),
        raw: entries.clone().map(|e| e.raw).sum(),
        gzip: entries.clone().map(|e| e.gzip).sum(),
        brotli: entries.map(|e| e.brotli).sum(),
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self
            .entries
            .iter()
            .map(|e| e.name.len())
            .max()
            .unwrap_or(5)
            .max(21);
        writeln!(
            f,
            "{:<w$}  {:>10}  {:>10}  {:>10}",
            "file", "raw", "gzip", "brotli"
        )?;
        let start = self.at_start();
        // One line per module, however many prefixes it has (the embed kit has two).
        let mut modules: Vec<&str> = Vec::new();
        for (_, what) in ON_DEMAND {
            if !modules.contains(&what) {
                modules.push(what);
            }
        }
        let later: Vec<Entry> = modules.iter().map(|what| self.on_demand(what)).collect();
        let total = self.total();
        for e in self
            .entries
            .iter()
            .chain([&start])
            .chain(&later)
            .chain([&total])
        {
            writeln!(
                f,
                "{:<w$}  {:>10}  {:>10}  {:>10}",
                e.name,
                human(e.raw),
                human(e.gzip),
                human(e.brotli)
            )?;
        }
        let inspector = self.on_demand("inspector");
        let engine = self.on_demand("engine");
        let korean = self.on_demand("Korean catalog");
        let presenter = self.on_demand("presenter");
        let embed = self.on_demand("embed kit");
        let worker = self.on_demand("offline worker");
        writeln!(
            f,
            "budget: {} brotli loaded at start; used {} ({}%); on demand: the inspector module adds {} when the inspector opens, the engine module {} when a run other than the default view's is first needed, the Korean catalog {} when Korean is first asked for, the presenter's sheet {} in presenter mode; the offline worker ({}) registers after a presenter page's load and then caches every file; the embed kit ({}) is loaded by other sites' pages, never by the app",
            human(BROTLI_BUDGET),
            human(start.brotli),
            start.brotli * 100 / BROTLI_BUDGET,
            human(inspector.brotli),
            human(engine.brotli),
            human(korean.brotli),
            human(presenter.brotli),
            human(worker.brotli),
            human(embed.brotli)
        )
    }
}

/// gzip -9 size.
pub fn gzip_len(data: &[u8]) -> Result<u64> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data)?;
    Ok(enc.finish()?.len() as u64)
}

/// brotli -q 11 (window 22) size.
pub fn brotli_len(data: &[u8]) -> Result<u64> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(data)?;
        w.flush()?;
    }
    Ok(out.len() as u64)
}

/// Measures every file under `dir`.
pub fn measure(dir: &Path) -> Result<Report> {
    let mut entries = Vec::new();
    walk(dir, dir, &mut entries)?;
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Report { entries })
}

fn walk(base: &Path, dir: &Path, out: &mut Vec<Entry>) -> Result<()> {
    for e in std::fs::read_dir(dir).with_context(|| format!("could not read {}", dir.display()))? {
        let e = e?;
        let path = e.path();
        if e.file_type()?.is_dir() {
            walk(base, &path, out)?;
            continue;
        }
        let data =
            std::fs::read(&path).with_context(|| format!("could not read {}", path.display()))?;
        out.push(Entry {
            name: path
                .strip_prefix(base)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned(),
            raw: data.len() as u64,
            gzip: gzip_len(&data)?,
            brotli: brotli_len(&data)?,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_shrinks_repetitive_data() {
        let data = "kubelet → containerd/cri → runc\n".repeat(200);
        let raw = data.len() as u64;
        let (g, b) = (
            gzip_len(data.as_bytes()).unwrap(),
            brotli_len(data.as_bytes()).unwrap(),
        );
        assert!(g < raw / 10 && b < raw / 10, "{raw} {g} {b}");
        assert!(b > 0 && g > 0);
    }

    fn entry(name: &str, brotli: u64) -> Entry {
        Entry {
            name: name.into(),
            raw: brotli * 3,
            gzip: brotli * 2,
            brotli,
        }
    }

    #[test]
    fn issue_18_files_load_on_demand() {
        let r = Report {
            entries: vec![
                entry("index.html", 1),
                entry("runtime-atlas.js", 2),
                entry("runtime-atlas_bg.wasm", 4),
                entry("style.css", 8),
                entry("favicon.svg", 16),
                entry("embed.js", 100),
                entry("embed.html", 200),
                entry("embed.ko.html", 300),
                entry("oembed.json", 400),
                entry("notes.html", 1000),
                entry("present.css", 2000),
                entry("sw.js", 3000),
                entry("build.json", 4000),
            ],
        };
        assert_eq!(r.at_start().brotli, 31);
        assert_eq!(r.on_demand("embed kit").brotli, 1000);
        assert_eq!(r.on_demand("notes window").brotli, 1000);
        assert_eq!(r.on_demand("presenter").brotli, 2000);
        assert_eq!(r.on_demand("offline worker").brotli, 3000);
        assert_eq!(r.on_demand("build list").brotli, 4000);
        for e in &r.entries[5..] {
            assert!(e.on_demand(), "{} counts at start", e.name);
        }
        let text = r.to_string();
        for what in [
            "embed kit",
            "notes window",
            "presenter",
            "offline worker",
            "build list",
        ] {
            assert!(text.contains(&format!("on demand ({what})")), "{text}");
            assert_eq!(
                text.matches(&format!("on demand ({what})")).count(),
                1,
                "{text}"
            );
        }
        assert!(text.contains("the offline worker (3.0 KB)"), "{text}");
        assert!(text.contains("the embed kit (1.0 KB)"), "{text}");
    }

    #[test]
    fn report_totals() {
        let r = Report {
            entries: vec![
                Entry {
                    name: "a".into(),
                    raw: 10,
                    gzip: 5,
                    brotli: 4,
                },
                Entry {
                    name: "b".into(),
                    raw: 20,
                    gzip: 7,
                    brotli: 6,
                },
                Entry {
                    name: "atlas-inspector_bg.wasm".into(),
                    raw: 100,
                    gzip: 50,
                    brotli: 40,
                },
                Entry {
                    name: "atlas-engine_bg.wasm".into(),
                    raw: 200,
                    gzip: 100,
                    brotli: 80,
                },
            ],
        };
        let t = r.total();
        assert_eq!((t.raw, t.gzip, t.brotli), (330, 162, 130));
        let s = r.at_start();
        assert_eq!((s.raw, s.gzip, s.brotli), (30, 12, 10));
        assert_eq!(r.on_demand("inspector").brotli, 40);
        assert_eq!(r.on_demand("engine").brotli, 80);
        let text = r.to_string();
        assert!(
            text.contains("loaded at start")
                && text.contains("on demand (engine)")
                && text.contains("all files"),
            "{text}"
        );
    }
}
