//! Rules for `mounts`: destinations, types, sources and options, and the id
//! mappings of idmapped mounts, as the spec requires and runc accepts.

use super::*;
use crate::msg;

pub(super) fn mount(c: &mut Checker<'_, '_>, m: NodeId) {
    let t = c.tree;
    if t.kind(m) != Kind::Object {
        return;
    }
    // One pass over the members (a config has a dozen mounts).
    let (mut destination, mut options, mut source, mut typ, mut idmapped) =
        (None, None, None, None, false);
    for f in t.children(m) {
        match t.raw_key(f) {
            b"destination" => destination = Some(f),
            b"options" => options = Some(f),
            b"source" => source = Some(f),
            b"type" => typ = Some(f),
            b"uidMappings" | b"gidMappings" => idmapped = true,
            _ => {}
        }
    }
    if let Some(d) = destination {
        if let Some(dest) = t.str(d) {
            if !dest.starts_with('/') {
                let shown = relative_shown(&dest);
                c.error(
                    At::Value(d),
                    "relative-path",
                    msg!(
                        "val-relative-mount-destination",
                        shown = shown,
                        example = dest.trim_start_matches("./").to_string()
                    ),
                );
            }
        }
    }
    let bind = elements(t, options)
        .filter_map(|o| t.str(o))
        .any(|o| o == "bind" || o == "rbind");
    let has_source = s(t, source).is_some_and(|s| !s.is_empty());
    let has_type = s(t, typ).is_some_and(|s| !s.is_empty());
    if bind && !has_source {
        c.error(
            At::Value(m),
            "bind-without-source",
            msg!("val-bind-without-source"),
        );
    }
    if !bind && !has_type {
        c.warn(
            At::Value(m),
            "mount-without-type",
            msg!("val-mount-without-type"),
        );
    }
    if idmapped && !bind {
        c.error(
            At::Value(m),
            "idmap-without-bind",
            msg!("val-idmap-without-bind"),
        );
    }
}
