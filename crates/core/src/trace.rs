//! The Trace: the ordered hops one user action causes (see shared/TRACE.md).
//!
//! Component and interface ids are closed vocabularies: an unknown id in a
//! trace file is an error, never a silent new node.

use crate::message::{Catalog, Lang, Text};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident, $err:literal, { $($(#[$vm:meta])* $variant:ident => $id:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vm])* #[doc = concat!("`", $id, "`")] $variant),+ }

        impl $name {
            /// Every member, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The kebab-case id used in Trace JSON.
            pub const fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.id()) }
        }

        impl FromStr for $name {
            type Err = UnknownId;
            fn from_str(s: &str) -> Result<Self, UnknownId> {
                match s {
                    $($id => Ok($name::$variant),)+
                    _ => Err(UnknownId { kind: $err, id: s.to_string() }),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// An id that is not in the Trace vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} id {id:?}")]
pub struct UnknownId {
    /// "component", "interface" or "layer".
    pub kind: &'static str,
    /// The id as written.
    pub id: String,
}

vocabulary!(
    /// A process, or a part inside a process, that takes part in a trace.
    Component, "component", {
    Kubectl => "kubectl",
    KubeApiserver => "kube-apiserver",
    Etcd => "etcd",
    KubeScheduler => "kube-scheduler",
    Kubelet => "kubelet",
    Dockershim => "dockershim",
    CriDockerd => "cri-dockerd",
    Containerd => "containerd",
    ContainerdCri => "containerd/cri",
    ContainerdContent => "containerd/content",
    ContainerdImages => "containerd/images",
    ContainerdSnapshotter => "containerd/snapshotter",
    ContainerdTasks => "containerd/tasks",
    ContainerdEvents => "containerd/events",
    CriO => "cri-o",
    Dockerd => "dockerd",
    Podman => "podman",
    ShimRuncV2 => "containerd-shim-runc-v2",
    ShimKataV2 => "containerd-shim-kata-v2",
    ShimRunscV1 => "containerd-shim-runsc-v1",
    Conmon => "conmon",
    Pinns => "pinns",
    Runc => "runc",
    RuncInit => "runc-init",
    Crun => "crun",
    Youki => "youki",
    Runsc => "runsc",
    Qemu => "qemu",
    CloudHypervisor => "cloud-hypervisor",
    Virtiofsd => "virtiofsd",
    KataAgent => "kata-agent",
    GuestKernel => "guest-kernel",
    RunscSandbox => "runsc-sandbox",
    RunscGofer => "runsc-gofer",
    Netavark => "netavark",
    AardvarkDns => "aardvark-dns",
    Pasta => "pasta",
    Slirp4netns => "slirp4netns",
    Catatonit => "catatonit",
    DockerProxy => "docker-proxy",
    DockerInit => "docker-init",
    Cni => "cni",
    Registry => "registry",
    AuthServer => "auth-server",
    Docker => "docker",
    Nerdctl => "nerdctl",
    Ctr => "ctr",
    Crictl => "crictl",
    User => "user",
    Kernel => "kernel",
    Container => "container",
});

vocabulary!(
    /// How one component reaches another.
    Iface, "interface", {
    /// Kubernetes API: HTTP method and path.
    K8sApi => "k8s-api",
    /// kube-apiserver's storage: etcd gRPC (`KV/Txn`, `Watch/Watch`). An addition to
    /// the published vocabulary, documented in the project's ARCHITECTURE.md.
    Etcd => "etcd",
    /// CRI gRPC RPC name.
    Cri => "cri",
    /// containerd gRPC `Service.Method`.
    ContainerdApi => "containerd-api",
    /// shim Task ttRPC method, or `Events.Forward`.
    Ttrpc => "ttrpc",
    /// Docker Engine REST: HTTP method and path.
    DockerApi => "docker-api",
    /// A program started: argv in `detail`.
    Exec => "exec",
    /// OCI runtime subcommand.
    OciCli => "oci-cli",
    /// A syscall.
    Syscall => "syscall",
    /// A cgroup file written.
    Cgroupfs => "cgroupfs",
    /// Registry HTTP: method and path.
    Registry => "registry",
    /// CNI command.
    Cni => "cni",
    /// A VMM's control API: QMP command or REST path.
    VmmApi => "vmm-api",
    /// gVisor's control RPC (`containerManager.StartRoot`).
    Urpc => "urpc",
    /// A step inside one daemon.
    InProcess => "in-process",
});

vocabulary!(
    /// The layer whose state machine an effect changes.
    Layer, "layer", {
    Kubelet => "kubelet",
    Cri => "cri",
    Containerd => "containerd",
    Oci => "oci",
    Kernel => "kernel",
});

/// A state change caused by a hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effect {
    /// `pod/…`, `sandbox/…`, `container/…`, `task/…`, `image/…`, `process/…`.
    pub object: String,
    /// Whose state machine changes.
    pub layer: Layer,
    /// The state before, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The state after.
    pub to: String,
}

/// One hop of a trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hop {
    /// Position in the trace, from 1, without gaps.
    pub seq: u32,
    /// Caller.
    pub from: Component,
    /// Callee.
    pub to: Component,
    /// Interface.
    pub iface: Iface,
    /// Exact name of what is called.
    pub call: String,
    /// One human sentence for the narration: a message the reader's catalog
    /// renders, or text read back from a trace file. A trace written for
    /// people (JSON Lines) always carries it rendered, see [`Hop::rendered`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// The request's key fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Map<String, serde_json::Value>>,
    /// The `seq` of the call this hop is part of (see [`crate::calls`]);
    /// none at the top level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<u32>,
    /// State changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<Effect>,
}

/// The optional first line of a trace file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Format version: 1.
    pub trace: u32,
    /// The configuration the trace was made under.
    pub config: serde_json::Value,
    /// The command, as typed.
    #[serde(default)]
    pub command: String,
    /// The language of the notes (`en`, `ko`); English when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// What a trace was made under: the `config` object of its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MadeUnder<'a> {
    /// A simulated node (`atlas sim`, the app's scenarios and terminal).
    Node(&'a crate::config::Config),
    /// An OCI runtime carrying out one plan by itself (`atlas oci plan`, the
    /// OCI inspector, `atlas-runtime --trace`).
    Plan {
        /// The OCI runtime whose steps the plan follows (`runc`, `crun`).
        oci: &'a str,
        /// The program that really ran it, when it is not `oci` itself.
        runtime: Option<&'a str>,
        /// The host's cgroup hierarchy: `v1` or `v2`.
        cgroup: &'a str,
    },
}

impl Header {
    /// The header line every face writes: `atlas sim`, the app's export,
    /// `atlas oci plan` and `atlas-runtime --trace` all call this, so the same
    /// run gives the same header wherever it was made.
    pub fn new(made: MadeUnder<'_>, command: impl Into<String>) -> Header {
        let config = match made {
            MadeUnder::Node(c) => serde_json::json!({
                "kubernetes": c.k8s.to_string(),
                "runtime": c.runtime.id(),
                "oci": c.oci.id(),
            }),
            MadeUnder::Plan {
                oci,
                runtime,
                cgroup,
            } => {
                let mut m = serde_json::Map::new();
                m.insert("oci".into(), oci.into());
                if let Some(r) = runtime {
                    m.insert("runtime".into(), r.into());
                }
                m.insert("cgroup".into(), cgroup.into());
                serde_json::Value::Object(m)
            }
        };
        Header {
            trace: 1,
            config,
            command: command.into(),
            lang: None,
        }
    }

    /// The header of a trace whose notes are in `lang`.
    #[must_use]
    pub fn in_lang(mut self, lang: Lang) -> Header {
        self.lang = Some(lang.id().to_string());
        self
    }
}

impl Hop {
    /// A hop with no note, detail, parent or effects, numbered `seq` (0
    /// until a world or a plan numbers it).
    pub fn new(
        seq: u32,
        from: Component,
        to: Component,
        iface: Iface,
        call: impl Into<String>,
    ) -> Hop {
        Hop {
            seq,
            from,
            to,
            iface,
            call: call.into(),
            note: None,
            detail: None,
            parent: None,
            effects: Vec::new(),
        }
    }

    /// The hop with its note rendered in the catalog's language (what a
    /// trace file carries).
    #[must_use]
    pub fn rendered(&self, catalog: &Catalog) -> Hop {
        let mut h = self.clone();
        h.note = h.note.map(|n| Text::Raw(catalog.text(&n)));
        h
    }

    /// The note in the catalog's language, or nothing.
    pub fn note_in(&self, catalog: &Catalog) -> Option<String> {
        self.note.as_ref().map(|n| catalog.text(n))
    }
}

/// A trace read from JSON Lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TraceFile {
    /// The header, if the file has one.
    pub header: Option<Header>,
    /// The hops, in order.
    pub hops: Vec<Hop>,
}

/// Why a trace file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TraceError {
    /// A line that looks like a hop but is not a valid one.
    #[error("line {line}: {message}")]
    BadHop {
        /// 1-based line number.
        line: u32,
        /// What was wrong.
        message: String,
    },
    /// A line that is not JSON at all.
    #[error("line {line}, column {column}: not JSON: {message}")]
    NotJson {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// serde_json's reason.
        message: String,
    },
    /// `seq` does not follow the previous hop.
    #[error("line {line}: seq {found} should be {expected} (no gaps allowed)")]
    Gap {
        /// 1-based line.
        line: u32,
        /// What the line says.
        found: u32,
        /// What it should say.
        expected: u32,
    },
    /// `parent` names no earlier hop.
    #[error("line {line}: parent {parent} is not an earlier hop (seq {seq})")]
    BadParent {
        /// 1-based line.
        line: u32,
        /// The parent named.
        parent: u32,
        /// The hop's own seq.
        seq: u32,
    },
    /// More than [`MAX_TRACE_LINES`] lines.
    #[error("trace has more than {0} lines; refusing to read further")]
    TooLong(u32),
}

impl TraceError {
    /// Why, as a message in the reader's language (the JSON reader's own
    /// reason stays as serde words it, without its position: the line is
    /// said once).
    pub fn message(&self) -> crate::message::Msg {
        match self {
            TraceError::BadHop { line, message } => {
                crate::msg!("trace-bad-hop", line = *line, why = message.as_str())
            }
            TraceError::NotJson {
                line,
                column,
                message,
            } => crate::msg!(
                "trace-not-json",
                line = *line,
                column = *column,
                why = message.as_str()
            ),
            TraceError::Gap {
                line,
                found,
                expected,
            } => crate::msg!(
                "trace-gap",
                line = *line,
                found = *found,
                expected = *expected
            ),
            TraceError::BadParent { line, parent, seq } => crate::msg!(
                "trace-bad-parent",
                line = *line,
                parent = *parent,
                seq = *seq
            ),
            TraceError::TooLong(max) => crate::msg!("trace-too-long", max = *max),
        }
    }
}

/// serde_json's reason without the position it appends (" at line 1 column
/// 5"): a reader's error names its line once.
fn reason(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rsplit_once(" at line ") {
        Some((why, _)) if e.line() > 0 => why.to_string(),
        _ => s,
    }
}

/// The longest trace file read, in lines.
pub const MAX_TRACE_LINES: u32 = 1_000_000;

impl TraceFile {
    /// Reads JSON Lines. Lines that are not hops (such as `atlas sim` command records
    /// and other objects without `seq`) are skipped; a line that has `seq` but is not
    /// a valid hop is an error with its line number. Hop `seq`s must run 1, 2, 3….
    pub fn parse(text: &str) -> Result<TraceFile, TraceError> {
        let mut out = TraceFile::default();
        let mut expected = 1u32;
        for (i, raw) in text.lines().enumerate() {
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if line > MAX_TRACE_LINES {
                return Err(TraceError::TooLong(MAX_TRACE_LINES));
            }
            let raw = raw.trim();
            if raw.is_empty() {
                continue;
            }
            let value: serde_json::Value =
                serde_json::from_str(raw).map_err(|e| TraceError::NotJson {
                    line,
                    column: u32::try_from(e.column()).unwrap_or(u32::MAX),
                    message: reason(&e),
                })?;
            let Some(obj) = value.as_object() else {
                continue;
            };
            if obj.contains_key("trace") && out.header.is_none() && out.hops.is_empty() {
                let h: Header = serde_json::from_value(value).map_err(|e| TraceError::BadHop {
                    line,
                    message: format!("bad header: {e}"),
                })?;
                out.header = Some(h);
                continue;
            }
            if !obj.contains_key("seq") {
                continue;
            }
            let hop: Hop = serde_json::from_value(value).map_err(|e| TraceError::BadHop {
                line,
                message: e.to_string(),
            })?;
            if hop.seq != expected {
                return Err(TraceError::Gap {
                    line,
                    found: hop.seq,
                    expected,
                });
            }
            if let Some(parent) = hop.parent {
                let first = out.hops.first().map_or(hop.seq, |h| h.seq);
                if parent >= hop.seq || parent < first {
                    return Err(TraceError::BadParent {
                        line,
                        parent,
                        seq: hop.seq,
                    });
                }
            }
            expected = expected.saturating_add(1);
            out.hops.push(hop);
        }
        Ok(out)
    }

    /// Writes JSON Lines: the header (if any) then one hop per line, notes
    /// rendered with the catalog (and the header naming its language).
    pub fn to_jsonl(&self, catalog: &Catalog) -> String {
        let mut s = String::new();
        if let Some(h) = &self.header {
            // Notes read from a file keep their language; messages take the
            // catalog's.
            let ours = self
                .hops
                .iter()
                .any(|h| matches!(h.note, Some(Text::Msg(_))));
            if ours || h.lang.is_none() {
                push_json_line(&mut s, &h.clone().in_lang(catalog.lang()));
            } else {
                push_json_line(&mut s, h);
            }
        }
        for hop in &self.hops {
            push_json_line(&mut s, &hop.rendered(catalog));
        }
        s
    }
}

/// Appends one value as a JSON line. Serialising these plain types cannot fail.
pub fn push_json_line<T: Serialize>(out: &mut String, value: &T) {
    match serde_json::to_string(value) {
        Ok(line) => out.push_str(&line),
        Err(e) => out.push_str(&serde_json::json!({ "error": e.to_string() }).to_string()),
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for c in Component::ALL {
            assert_eq!(c.id().parse::<Component>(), Ok(*c));
        }
        for i in Iface::ALL {
            assert_eq!(i.id().parse::<Iface>(), Ok(*i));
        }
        assert!("kubelet2".parse::<Component>().is_err());
    }

    #[test]
    fn parses_the_contract_example() {
        let line = r#"{"seq":1,"from":"kubelet","to":"containerd/cri","iface":"cri","call":"RunPodSandbox","note":"pod nginx in default","effects":[{"object":"sandbox/3f2a","layer":"cri","to":"SANDBOX_READY"}]}"#;
        let t = TraceFile::parse(line).unwrap();
        assert_eq!(t.hops.len(), 1);
        assert_eq!(t.hops[0].to, Component::ContainerdCri);
        assert_eq!(t.hops[0].effects[0].to, "SANDBOX_READY");
        assert_eq!(t.to_jsonl(&Catalog::english()).trim(), line);
    }

    #[test]
    fn rejects_unknown_component_with_line() {
        let text = "{\"trace\":1,\"config\":{},\"command\":\"x\"}\n{\"seq\":1,\"from\":\"kubelet\",\"to\":\"nope\",\"iface\":\"cri\",\"call\":\"X\"}";
        let err = TraceFile::parse(text).unwrap_err();
        assert!(matches!(err, TraceError::BadHop { line: 2, .. }), "{err}");
        assert!(
            err.to_string().contains("unknown component id \"nope\""),
            "{err}"
        );
    }

    #[test]
    fn rejects_gaps_and_garbage() {
        let gap = "{\"seq\":2,\"from\":\"kubelet\",\"to\":\"kubelet\",\"iface\":\"in-process\",\"call\":\"X\"}";
        assert!(matches!(
            TraceFile::parse(gap),
            Err(TraceError::Gap {
                line: 1,
                found: 2,
                expected: 1
            })
        ));
        let orphan = "{\"seq\":1,\"from\":\"runc\",\"to\":\"kernel\",\"iface\":\"syscall\",\"call\":\"clone\",\"parent\":1}";
        assert!(matches!(
            TraceFile::parse(orphan),
            Err(TraceError::BadParent {
                line: 1,
                parent: 1,
                seq: 1
            })
        ));
        assert!(matches!(
            TraceFile::parse("{\"seq\":"),
            Err(TraceError::NotJson { line: 1, .. })
        ));
    }

    #[test]
    fn skips_command_records() {
        let text = "{\"command\":\"crictl ps\",\"exit\":0,\"stdout\":\"\",\"stderr\":\"\"}\n";
        assert_eq!(TraceFile::parse(text).unwrap().hops.len(), 0);
    }
}
