//! `kubectl run --overrides`: JSON merged into the pod kubectl generates.
//! With the default `--override-type=merge` it is a JSON merge patch
//! (RFC 7386): an array in the patch replaces the pod's, so a `containers`
//! list given there is the pod's whole container list. The model runs one
//! container: the first of that list.

use crate::command::units::parse_memory_bytes;
use crate::message::Msg;
use crate::msg;
use serde_json::Value;

/// The container the overrides leave in the pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Overridden {
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub memory_limit: Option<u64>,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// What `--overrides TEXT` changes in the pod the model runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Overrides {
    /// The pod's container, when the patch gives a `containers` list.
    pub container: Option<Overridden>,
    /// `spec.runtimeClassName`.
    pub runtime_class: Option<String>,
}

/// Why `--overrides` was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OverridesError {
    /// In kubectl's words (after its `error: `).
    Kubectl(String),
    /// What the simulator does not model, in its own words.
    NotModelled(Msg),
}

/// The pod after `--overrides TEXT`. Refusals in kubectl's words: a patch
/// that is not JSON is "Invalid JSON Patch" (evanphx/json-patch's
/// `MergePatch`); a container without an image is the API server's
/// validation error.
pub(crate) fn overrides(
    text: &str,
    override_type: Option<&str>,
) -> Result<Overrides, OverridesError> {
    let patch = parse(text, override_type)?;
    let runtime_class = patch
        .get("spec")
        .and_then(|s| s.get("runtimeClassName"))
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(Overrides {
        container: container(&patch).map_err(OverridesError::Kubectl)?,
        runtime_class,
    })
}

fn parse(text: &str, override_type: Option<&str>) -> Result<Value, OverridesError> {
    if let Some(t) = override_type.filter(|t| *t != "merge") {
        // The simulator's words (kubectl has json and strategic patches too).
        return Err(OverridesError::NotModelled(msg!(
            "kube-override-type",
            override_type = t
        )));
    }
    serde_json::from_str(text)
        .map_err(|_| OverridesError::Kubectl("Invalid JSON Patch".to_string()))
}

/// The pod's container: `Ok(None)` when the patch leaves the container list alone.
fn container(patch: &Value) -> Result<Option<Overridden>, String> {
    let Some(list) = patch
        .get("spec")
        .and_then(|s| s.get("containers"))
        .and_then(Value::as_array)
    else {
        return Ok(None);
    };
    let Some(c) = list.first() else {
        return Err("The Pod is invalid: spec.containers: Required value".to_string());
    };
    let Some(image) = c
        .get("image")
        .and_then(Value::as_str)
        .filter(|i| !i.is_empty())
    else {
        return Err("The Pod is invalid: spec.containers[0].image: Required value".to_string());
    };
    let memory_limit = match c
        .pointer("/resources/limits/memory")
        .and_then(Value::as_str)
    {
        Some(q) => Some(parse_memory_bytes(q).map_err(|e| e.to_string())?),
        None => None,
    };
    Ok(Some(Overridden {
        image: image.to_string(),
        command: strings(c.get("command")),
        args: strings(c.get("args")),
        memory_limit,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overridden_container(text: &str, t: Option<&str>) -> Result<Option<Overridden>, String> {
        overrides(text, t)
            .map(|o| o.container)
            .map_err(|e| match e {
                OverridesError::Kubectl(s) => s,
                OverridesError::NotModelled(m) => crate::message::Catalog::english().render(&m),
            })
    }

    #[test]
    fn only_merge_patches_are_modelled() {
        assert_eq!(
            overridden_container("{}", Some("json")),
            Err(
                "--override-type=json (atlas: only merge patches, kubectl's default, are modelled)"
                    .to_string()
            )
        );
        assert!(overrides("{}", Some("merge")).is_ok());
    }

    #[test]
    fn the_runtime_class_is_read() {
        let o = overrides(r#"{"spec":{"runtimeClassName":"kata"}}"#, None).expect("valid");
        assert_eq!(o.runtime_class.as_deref(), Some("kata"));
        assert_eq!(o.container, None);
    }

    #[test]
    fn a_containers_list_replaces_the_generated_one() {
        let c = overridden_container(
            r#"{"spec":{"containers":[{"name":"hog","image":"polinux/stress","args":["stress","--vm","1"],"resources":{"limits":{"memory":"100Mi"}}}]}}"#,
            None,
        )
        .expect("valid")
        .expect("a container");
        assert_eq!(c.image, "polinux/stress");
        assert_eq!(c.args, ["stress", "--vm", "1"]);
        assert_eq!(c.memory_limit, Some(100 * 1024 * 1024));
        assert_eq!(
            overridden_container(r#"{"metadata":{"labels":{"a":"b"}}}"#, None),
            Ok(None)
        );
        assert_eq!(
            overridden_container("{not json", None),
            Err("Invalid JSON Patch".to_string())
        );
        assert!(
            overridden_container(r#"{"spec":{"containers":[{"name":"x"}]}}"#, None)
                .is_err_and(|e| e.contains("image: Required value"))
        );
    }
}
