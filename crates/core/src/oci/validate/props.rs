//! Property tests: generated valid configs serialize, validate without errors
//! or warnings and read back equal; the real tools' spec builders produce
//! configs that pass; and random mutations of every sample never panic and
//! keep the report's promises.

use super::*;
use crate::oci::samples::{BROKEN, SAMPLES};
use crate::oci::spec::{self, ContainerParams, MountSpec, NsMode};
use oci_spec::runtime::{
    Hook, HookBuilder, Hooks, LinuxCpuBuilder, LinuxMemoryBuilder, LinuxPidsBuilder,
    LinuxResourcesBuilder, Mount, MountBuilder, PosixRlimitBuilder, PosixRlimitType,
};
use proptest::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

const RLIMITS: [PosixRlimitType; 6] = [
    PosixRlimitType::RlimitNofile,
    PosixRlimitType::RlimitNproc,
    PosixRlimitType::RlimitCore,
    PosixRlimitType::RlimitStack,
    PosixRlimitType::RlimitMemlock,
    PosixRlimitType::RlimitCpu,
];

#[derive(Debug, Clone)]
struct Knobs {
    args: Vec<String>,
    env: Vec<String>,
    cwd: String,
    hostname: Option<String>,
    memory: Option<(i64, Option<i64>, Option<i64>)>,
    cpu: Option<(u64, i64, u64)>,
    pids: Option<i64>,
    mounts: Vec<(String, Vec<&'static str>)>,
    rlimits: Vec<(usize, u64, u64)>,
    annotations: Vec<(String, String)>,
    hooks: Vec<(usize, String, Option<i64>)>,
    join_net: Option<u32>,
    readonly: bool,
}

fn knobs() -> impl Strategy<Value = Knobs> {
    let mib = 1i64 << 20;
    (
        (
            prop::collection::vec("[a-z/._-]{1,8}", 1..4),
            prop::collection::vec("[A-Z_]{1,6}=[a-z0-9 =]{0,6}", 0..4),
            "(/[a-z]{1,6}){0,3}",
            prop::option::of("[a-z][a-z0-9-]{0,10}"),
            prop::option::of((
                6 * mib..(1i64 << 34),
                prop::option::of(0..(1i64 << 30)),
                prop::option::of(0i64..(1 << 30)),
            )),
            prop::option::of((2u64..=262_144, 1000i64..2_000_000, 1000u64..=1_000_000)),
            prop::option::of(prop_oneof![Just(-1i64), 1i64..100_000]),
        ),
        (
            prop::collection::vec(
                (
                    "/[a-z]{1,6}",
                    prop::sample::subsequence(
                        vec!["nosuid", "nodev", "noexec", "ro", "mode=755"],
                        0..4,
                    ),
                ),
                0..4,
            ),
            prop::collection::vec((0usize..6, 0u64..100_000, 0u64..100_000), 0..4),
            prop::collection::vec(("[a-z]{1,6}\\.[a-z]{1,6}", "[ -~]{0,12}"), 0..4),
            prop::collection::vec(
                (0usize..5, "/[a-z]{1,8}", prop::option::of(1i64..120)),
                0..4,
            ),
            prop::option::of(1u32..100_000),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (args, env, cwd, hostname, memory, cpu, pids),
                (mounts, rlimits, annotations, hooks, join_net, readonly),
            )| Knobs {
                args,
                env,
                cwd: if cwd.is_empty() { "/".into() } else { cwd },
                hostname,
                memory: memory.map(|(l, r, s)| (l, r.map(|r| r.min(l)), s.map(|s| l + s))),
                cpu,
                pids,
                mounts,
                rlimits,
                annotations,
                hooks,
                join_net,
                readonly,
            },
        )
}

fn hook(path: &str, timeout: Option<i64>) -> Hook {
    let mut b = HookBuilder::default().path(PathBuf::from(path));
    if let Some(t) = timeout {
        b = b.timeout(t);
    }
    b.build().unwrap_or_default()
}

/// runc's default config with the knobs applied: valid by construction.
fn build(k: &Knobs) -> Spec {
    let mut s = spec::runc_default();
    if let Some(p) = s.process_mut() {
        p.set_args(Some(k.args.clone()));
        p.set_env(Some(k.env.clone()));
        p.set_cwd(PathBuf::from(&k.cwd));
        let mut seen = Vec::new();
        let mut rl = Vec::new();
        for (i, a, b) in &k.rlimits {
            let t = RLIMITS[*i];
            if seen.contains(&t) {
                continue;
            }
            seen.push(t);
            if let Ok(r) = PosixRlimitBuilder::default()
                .typ(t)
                .soft((*a).min(*b))
                .hard((*a).max(*b))
                .build()
            {
                rl.push(r);
            }
        }
        p.set_rlimits(Some(rl));
    }
    s.set_hostname(k.hostname.clone());
    if let Some(r) = s.root_mut() {
        r.set_readonly(Some(k.readonly));
    }
    let mut mounts: Vec<Mount> = s.mounts().clone().unwrap_or_default();
    for (dest, opts) in &k.mounts {
        if let Ok(m) = MountBuilder::default()
            .destination(PathBuf::from(dest))
            .typ("tmpfs")
            .source(PathBuf::from("tmpfs"))
            .options(opts.iter().map(|o| o.to_string()).collect::<Vec<_>>())
            .build()
        {
            mounts.push(m);
        }
    }
    s.set_mounts(Some(mounts));
    let annotations: HashMap<String, String> = k.annotations.iter().cloned().collect();
    s.set_annotations((!annotations.is_empty()).then_some(annotations));
    if !k.hooks.is_empty() {
        let mut h = Hooks::default();
        let mut lists: [Vec<Hook>; 5] = Default::default();
        for (i, path, timeout) in &k.hooks {
            lists[*i].push(hook(path, *timeout));
        }
        let [a, b, c, d, e] = lists;
        h.set_create_runtime(Some(a));
        h.set_create_container(Some(b));
        h.set_start_container(Some(c));
        h.set_poststart(Some(d));
        h.set_poststop(Some(e));
        s.set_hooks(Some(h));
    }
    if let Some(l) = s.linux_mut() {
        let mut res = LinuxResourcesBuilder::default();
        if let Some((limit, reservation, swap)) = k.memory {
            let mut m = LinuxMemoryBuilder::default().limit(limit);
            if let Some(r) = reservation {
                m = m.reservation(r);
            }
            if let Some(sw) = swap {
                m = m.swap(sw);
            }
            if let Ok(m) = m.build() {
                res = res.memory(m);
            }
        }
        if let Some((shares, quota, period)) = k.cpu {
            if let Ok(c) = LinuxCpuBuilder::default()
                .shares(shares)
                .quota(quota)
                .period(period)
                .build()
            {
                res = res.cpu(c);
            }
        }
        if let Some(p) = k.pids {
            if let Ok(p) = LinuxPidsBuilder::default().limit(p).build() {
                res = res.pids(p);
            }
        }
        if let Ok(r) = res.build() {
            l.set_resources(Some(r));
        }
        if let Some(pid) = k.join_net {
            if let Some(list) = l.namespaces_mut() {
                for ns in list.iter_mut() {
                    if ns.typ() == oci_spec::runtime::LinuxNamespaceType::Network {
                        ns.set_path(Some(PathBuf::from(format!("/proc/{pid}/ns/net"))));
                    }
                }
            }
        }
    }
    s
}

fn clean(r: &Report) -> bool {
    r.diagnostics.iter().all(|d| d.severity == Severity::Info)
}

/// The report's promises, for any text.
fn promises(text: &str, r: &Report) {
    let lines = 1 + text.matches('\n').count() as u32;
    for d in &r.diagnostics {
        assert!(d.line >= 1 && d.line <= lines && d.column >= 1, "{d:?}");
        assert!(d.pointer.is_empty() || d.pointer.starts_with('/'), "{d:?}");
        assert!(RULES.iter().any(|(c, _)| *c == d.code), "{d:?}");
    }
    if r.document.is_some() {
        assert!(
            !r.has_errors(),
            "{}",
            r.render("", &crate::message::Catalog::english())
        );
    }
    // In a document serde_json reads, every pointer names a value, or (for a
    // missing member) a member of one.
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        for d in r.diagnostics.iter().filter(|d| d.code != "duplicate-key") {
            let parent = d.pointer.rsplit_once('/').map_or("", |(p, _)| p);
            assert!(
                v.pointer(&d.pointer).is_some() || v.pointer(parent).is_some(),
                "{d:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_configs_round_trip(k in knobs(), pretty in any::<bool>()) {
        let spec = build(&k);
        let text = if pretty {
            serde_json::to_string_pretty(&spec).unwrap()
        } else {
            serde_json::to_string(&spec).unwrap()
        };
        let r = validate(&text);
        prop_assert!(clean(&r), "{}\n{}", r.render("", &crate::message::Catalog::english()), text);
        prop_assert_eq!(r.kind, Some(DocumentKind::RuntimeConfig));
        let Some(Document::RuntimeConfig(back)) = r.document else {
            panic!("no document: {}", r.render("", &crate::message::Catalog::english()));
        };
        prop_assert_eq!(&*back, &spec);
        prop_assert!(crate::oci::Plan::from_spec(&back).is_ok());
    }

    #[test]
    fn builders_write_valid_configs(
        args in prop::collection::vec("[a-z]{1,8}", 1..3),
        memory in prop::option::of((6i64 << 20)..(1i64 << 32)),
        pids in prop::option::of(1i64..4096),
        cgroup_ns in any::<bool>(),
        pause in 2u32..100_000,
    ) {
        let words: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut p = ContainerParams::new("c0ffee", &words);
        p.memory_limit = memory;
        p.pids_limit = pids;
        p.sandbox_id = Some("5a4d".repeat(16));
        p.cgroups_path = Some("/kubepods/besteffort/pod1/c0ffee".to_string());
        if cgroup_ns {
            p.namespaces.cgroup = NsMode::New;
        }
        p.mounts.push(MountSpec::bind("/var/lib/data", "/data", true));
        for (name, s) in [
            ("containerd", spec::containerd_default(&p)),
            ("cri sandbox", spec::cri_sandbox(&p)),
            ("cri container", spec::cri_container(&p, pause)),
            ("docker", spec::docker(&p)),
        ] {
            let text = serde_json::to_string_pretty(&s).unwrap();
            let r = validate(&text);
            prop_assert!(clean(&r), "{name}:\n{}", r.render(name, &crate::message::Catalog::english()));
            let Some(Document::RuntimeConfig(back)) = r.document else {
                panic!("{name}: no document");
            };
            prop_assert_eq!(&*back, &s, "{}", name);
        }
    }

    #[test]
    fn mutations_never_panic(
        pick in 0usize..(SAMPLES.len() + BROKEN.len()),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..6, any::<u8>(), 1usize..40), 1..6),
        kind in prop::option::of(prop::sample::select(DocumentKind::ALL.to_vec())),
    ) {
        let source = SAMPLES
            .get(pick)
            .map(|s| s.text())
            .or_else(|| BROKEN.get(pick - SAMPLES.len()).map(|b| b.text()))
            .unwrap_or("");
        let mut bytes = source.as_bytes().to_vec();
        for (at, op, byte, len) in edits {
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let i = at.index(bytes.len());
            match op {
                0 => { bytes.remove(i); }
                1 => bytes.insert(i, byte),
                2 => bytes[i] = byte,
                3 => bytes.truncate(i),
                4 => {
                    let end = (i + len).min(bytes.len());
                    let chunk = bytes[i..end].to_vec();
                    bytes.splice(i..i, chunk);
                }
                _ => {
                    let b = *b"{}[]\",:0-\\".get(usize::from(byte) % 11).unwrap_or(&b'{');
                    bytes.insert(i, b);
                }
            }
        }
        let r = validate_bytes(&bytes, kind);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            promises(text, &r);
        } else {
            prop_assert_eq!(r.diagnostics.len(), 1);
        }
    }
}

#[test]
fn every_sample_as_every_kind() {
    for text in SAMPLES
        .iter()
        .map(|s| s.text())
        .chain(BROKEN.iter().map(|b| b.text()))
    {
        for kind in DocumentKind::ALL {
            promises(text, &validate_as(text, kind));
        }
        promises(text, &validate(text));
    }
}
