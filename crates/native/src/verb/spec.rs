//! `spec [--rootless]`: writes the `config.json` `runc spec` writes.

use crate::error::{Error, Result};
use std::path::Path;

/// `spec`: writes what `runc spec` writes.
pub fn spec(bundle: Option<&str>, rootless: bool) -> Result<i32> {
    let dir = Path::new(bundle.unwrap_or("."));
    let path = dir.join("config.json");
    if path.exists() {
        return Err(Error::Refused(
            "File config.json exists. Remove it first".into(),
        ));
    }
    let text = if rootless {
        let uid = nix::unistd::geteuid().as_raw();
        let gid = nix::unistd::getegid().as_raw();
        rootless_text(atlas_core::oci::spec::RUNC_ROOTLESS_JSON, uid, gid)
    } else {
        atlas_core::oci::spec::RUNC_DEFAULT_JSON.to_string()
    };
    std::fs::write(&path, text).map_err(|e| Error::io(format!("write {}", path.display()), e))?;
    Ok(0)
}

/// The rootless config with the caller's ids as the host side of the maps
/// (runc writes `os.Geteuid()`/`os.Getegid()` there).
fn rootless_text(template: &str, uid: u32, gid: u32) -> String {
    let mut v: serde_json::Value = match serde_json::from_str(template) {
        Ok(v) => v,
        Err(_) => return template.to_string(),
    };
    for (key, id) in [("uidMappings", uid), ("gidMappings", gid)] {
        if let Some(list) = v
            .pointer_mut(&format!("/linux/{key}"))
            .and_then(|l| l.as_array_mut())
        {
            for m in list {
                m["hostID"] = id.into();
            }
        }
    }
    if uid == 0 && gid == 0 {
        return template.to_string();
    }
    serde_json::to_string_pretty(&v).unwrap_or_else(|_| template.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rootless_spec_maps_the_caller() {
        let t = rootless_text(atlas_core::oci::spec::RUNC_ROOTLESS_JSON, 1000, 1001);
        let v: serde_json::Value = serde_json::from_str(&t).expect("json");
        assert_eq!(v["linux"]["uidMappings"][0]["hostID"], 1000);
        assert_eq!(v["linux"]["gidMappings"][0]["hostID"], 1001);
    }
}
