//! The English catalog's split, checked on the built modules: the app's first
//! load carries only `atlas_core::message::EN_START_FTL`, and each on-demand
//! module hands the app its own part when it loads (`messages_en()`). A
//! message id named in a module's data (a `msg!` literal, the default run's
//! JSON) that is in neither the start part nor that module's own part would
//! show as a raw id: `cargo xtask dist` fails on it.

use anyhow::{bail, Context, Result};
use atlas_core::message::{
    ids_named_in, messages, EN_ENGINE_FTL, EN_FTL, EN_INSPECTOR_FTL, EN_START_FTL,
};
use atlas_core::Lang;
use std::collections::BTreeSet;
use std::path::Path;

/// Each module's wasm (its file in `dist/`), the English part it carries
/// besides the first load's, and what it is.
const MODULES: [(&str, &str, &str); 3] = [
    ("runtime-atlas_bg.wasm", "", "the first load"),
    ("atlas-engine_bg.wasm", EN_ENGINE_FTL, "the engine module"),
    (
        "atlas-inspector_bg.wasm",
        EN_INSPECTOR_FTL,
        "the inspector module",
    ),
];

/// Fails if a module's data names a message it cannot render in English.
pub fn check(dist: &Path) -> Result<()> {
    for (file, own, what) in MODULES {
        let path = dist.join(file);
        let wasm =
            std::fs::read(&path).with_context(|| format!("could not read {}", path.display()))?;
        let raw = String::from_utf8_lossy(&data_section(&wasm)?).into_owned();
        if own.is_empty() && raw.contains(EN_FTL) {
            bail!(
                "the first load ({file}) carries the whole English catalog: something it links calls \
                 Catalog::english() (the app's is i18n::english())"
            );
        }
        let stray = stray_ids(&data_text(raw), own)?;
        if !stray.is_empty() {
            bail!(
                "{what} ({file}) names {} message(s) whose English it does not carry, which would show as ids \
                 (carry them: ON_DEMAND or AT_START in crates/core/build.rs): {}",
                stray.len(),
                stray.join(", ")
            );
        }
        println!("{what}: every message id it names is in its English");
    }
    Ok(())
}

/// The ids a module's data names that are in a module's part but neither in
/// the first load's nor in its own.
fn stray_ids(data: &str, own: &str) -> Result<Vec<String>> {
    let mut carried: BTreeSet<String> = messages(Lang::En, EN_START_FTL)?.into_keys().collect();
    if !own.is_empty() {
        carried.extend(messages(Lang::En, own)?.into_keys());
    }
    let mut stray = BTreeSet::new();
    for part in [EN_ENGINE_FTL, EN_INSPECTOR_FTL] {
        stray.extend(
            ids_named_in(part, data)?
                .into_iter()
                .filter(|id| !carried.contains(id)),
        );
    }
    Ok(stray.into_iter().collect())
}

/// The text of a wasm file's data section (what its static strings are in),
/// without the catalogs built into it (a catalog names every id it holds).
fn data_text(mut text: String) -> String {
    for catalog in [EN_FTL, EN_START_FTL, EN_ENGINE_FTL, EN_INSPECTOR_FTL] {
        if !catalog.is_empty() {
            text = text.replace(catalog, "");
        }
    }
    text
}

/// The payload of the data section (id 11) of a wasm binary.
fn data_section(wasm: &[u8]) -> Result<Vec<u8>> {
    if wasm.get(..4) != Some(b"\0asm") {
        bail!("not a wasm binary");
    }
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let (size, n) = leb128(&wasm[at..]).context("a section's size is cut off")?;
        at += n;
        let body = wasm
            .get(at..at + size)
            .context("a section runs past the end of the file")?;
        if id == 11 {
            return Ok(body.to_vec());
        }
        at += size;
    }
    Ok(Vec::new())
}

/// An unsigned LEB128 number and the bytes it took.
fn leb128(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut value = 0usize;
    for (i, b) in bytes.iter().enumerate().take(5) {
        value |= usize::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_data_section_and_leaves_the_catalogs_out() {
        // magic, version, a type section (id 1) of 1 byte, a data section of 5.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 1, 0]);
        wasm.extend([11, 5]);
        wasm.extend(b"hello");
        assert_eq!(data_section(&wasm).unwrap(), b"hello");
        assert!(data_section(b"nope").is_err());
        assert_eq!(leb128(&[0xe5, 0x8e, 0x26]), Some((624_485, 3)));
    }

    #[test]
    fn finds_ids_named_outside_the_catalogs_only() {
        let id = "kata-vm-boot";
        assert!(
            EN_ENGINE_FTL.contains(&format!("\n{id} =")),
            "pick another id"
        );
        let wasm = |data: &str| {
            let mut w = b"\0asm\x01\0\0\0".to_vec();
            w.push(11);
            let mut n = data.len();
            loop {
                let b = (n & 0x7f) as u8;
                n >>= 7;
                if n == 0 {
                    w.push(b);
                    break;
                }
                w.push(b | 0x80);
            }
            w.extend(data.as_bytes());
            w
        };
        let data = |w: Vec<u8>| {
            data_text(String::from_utf8_lossy(&data_section(&w).unwrap()).into_owned())
        };
        let clean = data(wasm(&format!("abc{EN_ENGINE_FTL}def")));
        assert!(stray_ids(&clean, "").unwrap().is_empty());
        let named = data(wasm(&format!("x{id}y{EN_START_FTL}")));
        assert_eq!(stray_ids(&named, "").unwrap(), vec![id.to_string()]);
        assert!(stray_ids(&named, EN_ENGINE_FTL).unwrap().is_empty());
    }
}
