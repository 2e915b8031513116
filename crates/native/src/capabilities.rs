//! A process's capabilities as the spec gives them: the bounding set
//! dropped to what it lists, then inheritable, effective and permitted set,
//! then the ambient ones raised, through the [`Syscall`] trait.

use crate::error::{Error, Result};
use crate::syscall::Syscall;
use atlas_core::oci::sys::capability_number;
use oci_spec::runtime::{Capability, LinuxCapabilities};
use std::collections::HashSet;

/// The spec's capability names as the `caps` crate's.
pub fn to_caps(set: Option<&HashSet<Capability>>) -> caps::CapsHashSet {
    let mut out = caps::CapsHashSet::new();
    for c in set.into_iter().flatten() {
        let n = capability_number(*c);
        if let Some(k) = caps::all().into_iter().find(|k| u32::from(k.index()) == n) {
            out.insert(k);
        }
    }
    out
}

/// Drops every capability outside `bounding` from the bounding set.
pub fn cap_bounding(sys: &dyn Syscall, c: &LinuxCapabilities) -> Result<()> {
    let keep = to_caps(c.bounding().as_ref());
    let mut all: Vec<caps::Capability> = caps::runtime::procfs_all_supported(None)
        .unwrap_or_else(|_| caps::all())
        .into_iter()
        .collect();
    all.sort_by_key(|c| c.index());
    for cap in all {
        if !keep.contains(&cap) {
            sys.cap_drop_bounding(cap)
                .map_err(|e| Error::Refused(format!("drop {cap} from the bounding set: {e}")))?;
        }
    }
    Ok(())
}

/// `capset`: inheritable, effective, permitted (each only lowers or keeps).
pub fn capset(sys: &dyn Syscall, c: &LinuxCapabilities) -> Result<()> {
    let sets = [
        (caps::CapSet::Inheritable, to_caps(c.inheritable().as_ref())),
        (caps::CapSet::Effective, to_caps(c.effective().as_ref())),
        (caps::CapSet::Permitted, to_caps(c.permitted().as_ref())),
    ];
    for (set, value) in sets {
        sys.cap_set(set, &value).map_err(|e| match os_error(&e) {
            // runc's words (`capabilities.ApplyCaps`): Docker and Podman show them.
            Some(errno) => Error::Refused(format!(
                "unable to apply caps: {}",
                errno.desc().to_lowercase()
            )),
            None => Error::Refused(format!("capset {set:?}: {e}")),
        })?;
    }
    Ok(())
}

/// The errno a `caps` error carries (`… (os error 1)`).
fn os_error(e: &caps::errors::CapsError) -> Option<nix::errno::Errno> {
    let text = e.to_string();
    let n = text.rsplit_once("(os error ")?.1.strip_suffix(')')?;
    n.parse().ok().map(nix::errno::Errno::from_raw)
}

/// Raises the ambient set; a capability the kernel will not raise (not
/// inheritable) is skipped, as runc skips it.
pub fn ambient(sys: &dyn Syscall, c: &LinuxCapabilities) {
    for cap in to_caps(c.ambient().as_ref()) {
        let _ = sys.cap_raise_ambient(cap);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_errno_of_a_caps_error() {
        let e =
            caps::errors::CapsError::from("capset failure: Operation not permitted (os error 1)");
        assert_eq!(os_error(&e), Some(nix::errno::Errno::EPERM));
        let e = caps::errors::CapsError::from("no errno here");
        assert_eq!(os_error(&e), None);
    }
}
