//! Size report of `dist/`: raw, gzip (level 9) and brotli (quality 11), per file and in all.

use anyhow::{Context, Result};
use std::fmt;
use std::io::Write;
use std::path::Path;

use crate::util::human;

/// The app's budget: everything in dist/, brotli-compressed.
pub const BROTLI_BUDGET: u64 = 400_000;

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

impl Report {
    /// Sums of the three columns.
    pub fn total(&self) -> Entry {
        Entry {
            name: "total".into(),
            raw: self.entries.iter().map(|e| e.raw).sum(),
            gzip: self.entries.iter().map(|e| e.gzip).sum(),
            brotli: self.entries.iter().map(|e| e.brotli).sum(),
        }
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
            .max(5);
        writeln!(
            f,
            "{:<w$}  {:>10}  {:>10}  {:>10}",
            "file", "raw", "gzip", "brotli"
        )?;
        let total = self.total();
        for e in self.entries.iter().chain(std::iter::once(&total)) {
            writeln!(
                f,
                "{:<w$}  {:>10}  {:>10}  {:>10}",
                e.name,
                human(e.raw),
                human(e.gzip),
                human(e.brotli)
            )?;
        }
        writeln!(
            f,
            "budget: {} brotli in all; used {} ({}%)",
            human(BROTLI_BUDGET),
            human(total.brotli),
            total.brotli * 100 / BROTLI_BUDGET
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
            ],
        };
        let t = r.total();
        assert_eq!((t.raw, t.gzip, t.brotli), (30, 12, 10));
        assert!(r.to_string().contains("total"));
    }
}
