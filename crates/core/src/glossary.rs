//! The glossary: the words a hop's note uses that a newcomer may not know
//! (sandbox, shim, subreaper, ttRPC, …), each an entry with a definition in
//! the catalogs, and where they occur in a rendered note.
//!
//! An entry's words live in the catalogs (`glossary-<id>` is the term,
//! `glossary-<id>-def` its definition); this module holds what is not
//! words: the entries, how they relate, and the surface forms to look for
//! in each language. [`find`] matches them as whole words, longest first,
//! never inside code (a `` `span` ``), a path or an identifier
//! (`RunPodSandbox`, `SANDBOX_READY`, `/run/containerd/s/…`,
//! `containerd-shim-runc-v2`).

use crate::message::{Lang, Msg};
use std::ops::Range;

/// One entry of the glossary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum TermId {
    Sandbox,
    Shim,
    Subreaper,
    Ttrpc,
    Grpc,
    Oci,
    OciRuntime,
    Cri,
    Cgroup,
    LinuxNamespace,
    ContainerdNamespace,
    PauseContainer,
    Pod,
    ContainerRuntime,
    HighLevelRuntime,
    LowLevelRuntime,
    Kubelet,
    Pleg,
    RuntimeHandler,
    Snapshotter,
    Image,
    Layer,
    Manifest,
    Rootfs,
    PivotRoot,
    Seccomp,
    Capabilities,
    Conmon,
    Dockershim,
    Cni,
    ExecFifo,
    RuncInit,
    VirtualMachine,
    Hypervisor,
    Sentry,
    Gofer,
    Oom,
}

use TermId as T;

/// What the glossary knows of an entry besides its words.
struct Facts {
    id: &'static str,
    term: &'static str,
    def: &'static str,
    related: &'static [TermId],
    /// Forms in any language (names, acronyms, calls).
    any: &'static [&'static str],
    /// English forms.
    en: &'static [&'static str],
    /// Korean forms.
    ko: &'static [&'static str],
}

impl TermId {
    /// Every entry, in the glossary's order (the stack from the top down,
    /// then the sandboxed runtimes and the rest).
    pub const ALL: &'static [TermId] = &[
        T::Pod,
        T::Kubelet,
        T::Pleg,
        T::Cri,
        T::ContainerRuntime,
        T::HighLevelRuntime,
        T::LowLevelRuntime,
        T::Oci,
        T::OciRuntime,
        T::RuntimeHandler,
        T::Sandbox,
        T::PauseContainer,
        T::Shim,
        T::Subreaper,
        T::Conmon,
        T::Dockershim,
        T::Grpc,
        T::Ttrpc,
        T::ContainerdNamespace,
        T::Image,
        T::Manifest,
        T::Layer,
        T::Snapshotter,
        T::Rootfs,
        T::PivotRoot,
        T::LinuxNamespace,
        T::Cgroup,
        T::Capabilities,
        T::Seccomp,
        T::RuncInit,
        T::ExecFifo,
        T::Cni,
        T::Oom,
        T::VirtualMachine,
        T::Hypervisor,
        T::Sentry,
        T::Gofer,
    ];

    fn facts(self) -> Facts {
        macro_rules! f {
            ($id:literal, $term:literal, $def:literal, [$($r:ident),*], any [$($a:literal),*], en [$($e:literal),*], ko [$($k:literal),*]) => {
                Facts {
                    id: $id,
                    term: $term,
                    def: $def,
                    related: &[$(T::$r),*],
                    any: &[$($a),*],
                    en: &[$($e),*],
                    ko: &[$($k),*],
                }
            };
        }
        match self {
            T::Sandbox => f!("sandbox", "glossary-sandbox", "glossary-sandbox-def",
                [Pod, PauseContainer, LinuxNamespace, VirtualMachine],
                any [], en ["pod sandboxes", "pod sandbox", "sandboxes", "sandbox"],
                ko ["파드 샌드박스", "샌드박스"]),
            T::Shim => f!("shim", "glossary-shim", "glossary-shim-def",
                [Subreaper, Ttrpc, Conmon, HighLevelRuntime],
                any ["shims", "shim"], en [], ko ["심"]),
            T::Subreaper => f!("subreaper", "glossary-subreaper", "glossary-subreaper-def",
                [Shim, Conmon, RuncInit],
                any ["subreapers", "subreaper"], en [], ko ["서브리퍼"]),
            T::Ttrpc => f!("ttrpc", "glossary-ttrpc", "glossary-ttrpc-def",
                [Grpc, Shim],
                any ["ttRPC", "ttrpc"], en [], ko []),
            T::Grpc => f!("grpc", "glossary-grpc", "glossary-grpc-def",
                [Cri, Ttrpc],
                any ["gRPC"], en [], ko []),
            T::Oci => f!("oci", "glossary-oci", "glossary-oci-def",
                [OciRuntime, Image, Rootfs],
                any ["OCI"], en [], ko []),
            T::OciRuntime => f!("oci-runtime", "glossary-oci-runtime", "glossary-oci-runtime-def",
                [Oci, LowLevelRuntime, RuncInit],
                any ["OCI runtimes", "OCI runtime"], en [], ko ["OCI 런타임"]),
            T::Cri => f!(
                "cri",
                "glossary-cri",
                "glossary-cri-def",
                [Kubelet, ContainerRuntime, Grpc, Sandbox],
                any["CRI"],
                en["Container Runtime Interface"],
                ko["컨테이너 런타임 인터페이스"]
            ),
            T::Cgroup => f!("cgroup", "glossary-cgroup", "glossary-cgroup-def",
                [LinuxNamespace, Oom, Pod],
                any ["cgroups", "cgroup"], en [], ko []),
            T::LinuxNamespace => {
                f!("linux-namespace", "glossary-linux-namespace", "glossary-linux-namespace-def",
                [Cgroup, ContainerdNamespace, PivotRoot, Sandbox],
                any [],
                en ["Linux namespaces", "Linux namespace", "network namespaces", "network namespace",
                    "PID namespaces", "PID namespace", "mount namespaces", "mount namespace",
                    "IPC namespace", "UTS namespace", "user namespaces", "user namespace",
                    "cgroup namespace", "namespaces"],
                ko ["리눅스 네임스페이스", "커널 네임스페이스", "네트워크 네임스페이스", "PID 네임스페이스",
                    "마운트 네임스페이스", "IPC 네임스페이스", "UTS 네임스페이스", "사용자 네임스페이스",
                    "user 네임스페이스", "cgroup 네임스페이스"])
            }
            T::ContainerdNamespace => f!("containerd-namespace", "glossary-containerd-namespace",
                "glossary-containerd-namespace-def",
                [LinuxNamespace, HighLevelRuntime],
                any [], en ["containerd namespaces", "containerd namespace"], ko ["containerd 네임스페이스"]),
            T::PauseContainer => f!("pause", "glossary-pause", "glossary-pause-def",
                [Sandbox, Pod, LinuxNamespace],
                any [], en ["pause containers", "pause container"], ko ["pause 컨테이너"]),
            T::Pod => f!("pod", "glossary-pod", "glossary-pod-def",
                [Sandbox, PauseContainer, Kubelet],
                any [], en ["pods", "pod"], ko ["파드"]),
            T::ContainerRuntime => f!("container-runtime", "glossary-container-runtime",
                "glossary-container-runtime-def",
                [Cri, HighLevelRuntime, LowLevelRuntime],
                any [], en ["container runtimes", "container runtime"], ko ["컨테이너 런타임"]),
            T::HighLevelRuntime => f!("high-level-runtime", "glossary-high-level-runtime",
                "glossary-high-level-runtime-def",
                [LowLevelRuntime, ContainerRuntime, Shim],
                any [], en ["high-level runtimes", "high-level runtime"], ko ["고수준 런타임"]),
            T::LowLevelRuntime => f!("low-level-runtime", "glossary-low-level-runtime",
                "glossary-low-level-runtime-def",
                [HighLevelRuntime, OciRuntime],
                any [], en ["low-level runtimes", "low-level runtime"], ko ["저수준 런타임"]),
            T::Kubelet => f!("kubelet", "glossary-kubelet", "glossary-kubelet-def",
                [Cri, Pleg, Pod],
                any ["kubelet"], en [], ko []),
            T::Pleg => f!("pleg", "glossary-pleg", "glossary-pleg-def",
                [Kubelet, Cri],
                any ["PLEG"], en [], ko []),
            T::RuntimeHandler => f!("runtime-handler", "glossary-runtime-handler",
                "glossary-runtime-handler-def",
                [Cri, OciRuntime, VirtualMachine],
                any ["RuntimeClass"], en ["runtime handlers", "runtime handler"],
                ko ["런타임 핸들러", "런타임클래스"]),
            T::Snapshotter => f!("snapshotter", "glossary-snapshotter", "glossary-snapshotter-def",
                [Layer, Rootfs, Image],
                any ["snapshotters", "snapshotter"], en [], ko ["스냅샷터"]),
            T::Image => f!("image", "glossary-image", "glossary-image-def",
                [Manifest, Layer, Oci],
                any [], en ["images", "image"], ko ["이미지"]),
            T::Layer => f!("layer", "glossary-layer", "glossary-layer-def",
                [Image, Snapshotter, Rootfs],
                any [], en ["layers", "layer"], ko ["레이어"]),
            T::Manifest => f!("manifest", "glossary-manifest", "glossary-manifest-def",
                [Image, Layer],
                any [], en ["manifests", "manifest"], ko ["매니페스트"]),
            T::Rootfs => f!(
                "rootfs",
                "glossary-rootfs",
                "glossary-rootfs-def",
                [Snapshotter, PivotRoot, Layer],
                any["rootfs"],
                en["root filesystem"],
                ko["루트 파일시스템"]
            ),
            T::PivotRoot => f!("pivot-root", "glossary-pivot-root", "glossary-pivot-root-def",
                [Rootfs, LinuxNamespace, RuncInit],
                any ["pivot_root"], en [], ko []),
            T::Seccomp => f!("seccomp", "glossary-seccomp", "glossary-seccomp-def",
                [Capabilities, RuncInit],
                any ["seccomp"], en [], ko []),
            T::Capabilities => {
                f!("capabilities", "glossary-capabilities", "glossary-capabilities-def",
                [Seccomp, RuncInit],
                any [], en ["capabilities", "capability"], ko ["케이퍼빌리티"])
            }
            T::Conmon => f!("conmon", "glossary-conmon", "glossary-conmon-def",
                [Shim, Subreaper, OciRuntime],
                any ["conmon"], en [], ko []),
            T::Dockershim => f!("dockershim", "glossary-dockershim", "glossary-dockershim-def",
                [Cri, Kubelet, Shim],
                any ["dockershim"], en [], ko ["도커심"]),
            T::Cni => f!("cni", "glossary-cni", "glossary-cni-def",
                [Sandbox, LinuxNamespace],
                any ["CNI"], en [], ko ["컨테이너 네트워크 인터페이스"]),
            T::ExecFifo => f!("exec-fifo", "glossary-exec-fifo", "glossary-exec-fifo-def",
                [RuncInit, OciRuntime],
                any ["exec FIFO", "exec.fifo"], en [], ko []),
            T::RuncInit => f!("runc-init", "glossary-runc-init", "glossary-runc-init-def",
                [ExecFifo, PivotRoot, Seccomp],
                any ["runc init"], en [], ko []),
            T::VirtualMachine => f!("vm", "glossary-vm", "glossary-vm-def",
                [Hypervisor, Sandbox, RuntimeHandler],
                any ["VMs", "VM"], en ["virtual machines", "virtual machine"], ko ["가상 머신"]),
            T::Hypervisor => f!("hypervisor", "glossary-hypervisor", "glossary-hypervisor-def",
                [VirtualMachine, Sentry],
                any [], en ["hypervisors", "hypervisor"], ko ["하이퍼바이저"]),
            T::Sentry => f!("sentry", "glossary-sentry", "glossary-sentry-def",
                [Gofer, Sandbox, Seccomp],
                any ["Sentry"], en [], ko []),
            T::Gofer => f!("gofer", "glossary-gofer", "glossary-gofer-def",
                [Sentry, Rootfs],
                any ["gofers", "gofer", "Gofer"], en [], ko []),
            T::Oom => f!("oom", "glossary-oom", "glossary-oom-def",
                [Cgroup],
                any ["OOM killer", "OOM"], en ["out of memory"], ko ["메모리 부족"]),
        }
    }

    /// The entry's id in links and markup (`sandbox`, `oci-runtime`).
    pub fn id(self) -> &'static str {
        self.facts().id
    }

    /// The entry whose id this is.
    pub fn from_id(id: &str) -> Option<TermId> {
        TermId::ALL.iter().copied().find(|t| t.id() == id)
    }

    /// The term, as the glossary lists it.
    pub fn term(self) -> Msg {
        Msg::new(self.facts().term)
    }

    /// The entry's definition.
    pub fn definition(self) -> Msg {
        Msg::new(self.facts().def)
    }

    /// Entries to read next.
    pub fn related(self) -> &'static [TermId] {
        self.facts().related
    }

    /// The surface forms of the entry in a language's text.
    pub fn forms(self, lang: Lang) -> impl Iterator<Item = &'static str> {
        let f = self.facts();
        let own = match lang {
            Lang::En => f.en,
            Lang::Ko => f.ko,
        };
        f.any.iter().chain(own).copied()
    }
}

/// Whether `c` is a letter or digit of a word: ASCII or Hangul. (Not
/// Unicode's tables: the app's wasm carries none, and the notes' words are
/// English, Korean, names and paths.)
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || hangul(c)
}

/// Whether `c` continues a word, an identifier or a path on either side of
/// a match (so that the match is part of something else).
fn joins(c: char) -> bool {
    word_char(c) || matches!(c, '_' | '-' | '/' | '=' | '$' | '@' | '\\' | '#')
}

/// Whether `c` is a Hangul syllable or jamo.
fn hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// Particles (조사) and endings that may follow a Korean term ending in one
/// syllable (`심이`, `심을`): only these, so that `심` never matches the start
/// of another word.
const PARTICLES: &[&str] = &[
    "에서", "에게", "으로", "까지", "부터", "이다", "이며", "이고", "과", "와", "을", "를", "이",
    "가", "은", "는", "의", "에", "로", "도", "만",
];

/// Whether a match may end at byte `end` of `text`, for the form `form`.
fn ends_well(text: &str, end: usize, form: &str) -> bool {
    let rest = text.get(end..).unwrap_or_default();
    let mut next = rest.chars();
    let Some(c) = next.next() else {
        return true;
    };
    let last = form.chars().last().unwrap_or(' ');
    if hangul(last) {
        if !hangul(c) {
            return !word_char(c) && !matches!(c, '_' | '-' | '/');
        }
        // Several syllables: any ending (파드를, 샌드박스마다); one: a particle.
        return form.chars().filter(|c| hangul(*c)).count() > 1
            || PARTICLES.iter().any(|p| rest.starts_with(p));
    }
    if hangul(c) {
        // A Korean particle after a name (`kubelet이`, `CRI를`).
        return true;
    }
    if matches!(c, '.' | ':') {
        // The end of a sentence or a clause, not `io.containerd…` or `a:b`.
        return !next.next().is_some_and(|d| word_char(d) || d == '_');
    }
    !joins(c)
}

/// Whether a match may start at byte `start` of `text`, for the form `form`.
fn starts_well(text: &str, start: usize, form: &str) -> bool {
    let Some(c) = text.get(..start).and_then(|s| s.chars().last()) else {
        return true;
    };
    if form.chars().next().is_some_and(hangul) && hangul(c) {
        return false;
    }
    if c == '.' || c == ':' {
        // Inside a dotted name (`io.containerd.snapshotter.v1`).
        let before = text
            .get(..start - c.len_utf8())
            .and_then(|s| s.chars().last());
        return !before.is_some_and(|b| word_char(b) || b == '_');
    }
    !joins(c) || (hangul(c) && !form.chars().next().is_some_and(hangul))
}

/// Whether `text` at `at` starts with `form`, or with its first letter
/// capitalized (a sentence's first word; ASCII: the forms that start in
/// lower case are English words).
fn starts_with_form(text: &str, at: usize, form: &str) -> bool {
    let Some(rest) = text.get(at..) else {
        return false;
    };
    if rest.starts_with(form) {
        return true;
    }
    match (form.as_bytes().first(), rest.as_bytes().first()) {
        (Some(f), Some(r)) if f.is_ascii_lowercase() && *r == f.to_ascii_uppercase() => {
            matches!((rest.get(1..), form.get(1..)), (Some(r), Some(f)) if r.starts_with(f))
        }
        _ => false,
    }
}

/// Byte ranges of code spans (between backticks) in `text`.
fn code_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut open = None;
    for (i, c) in text.char_indices() {
        if c == '`' {
            match open.take() {
                Some(s) => spans.push(s..i + 1),
                None => open = Some(i),
            }
        }
    }
    if let Some(s) = open {
        spans.push(s..text.len());
    }
    spans
}

/// Every (form, entry) of a language.
fn forms(lang: Lang) -> Vec<(&'static str, TermId)> {
    TermId::ALL
        .iter()
        .flat_map(|&t| t.forms(lang).map(move |f| (f, t)))
        .collect()
}

/// Where glossary terms occur in `text` (a rendered note in `lang`): byte
/// ranges, sorted, never overlapping, each on char boundaries, with the
/// entry each names. Whole words only, the longest form first; nothing
/// inside code spans, paths, dotted names or identifiers.
pub fn find(text: &str, lang: Lang) -> Vec<(Range<usize>, TermId)> {
    let forms = forms(lang);
    let code = code_spans(text);
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        if let Some(span) = code.iter().find(|s| s.contains(&at)) {
            at = span.end;
            continue;
        }
        // The longest form that matches here.
        let hit = forms
            .iter()
            .filter(|(f, _)| {
                starts_with_form(text, at, f)
                    && starts_well(text, at, f)
                    && ends_well(text, at + f.len(), f)
            })
            .max_by_key(|(f, _)| f.len());
        match hit {
            Some((f, t)) => {
                out.push((at..at + f.len(), *t));
                at += f.len();
            }
            None => {
                at += text
                    .get(at..)
                    .and_then(|s| s.chars().next())
                    .map_or(1, char::len_utf8);
            }
        }
    }
    out
}

/// The first occurrence of each entry in `found` (what a note links: a
/// word once, not at every repetition).
pub fn first_of_each(found: Vec<(Range<usize>, TermId)>) -> Vec<(Range<usize>, TermId)> {
    let mut seen = Vec::new();
    found
        .into_iter()
        .filter(|(_, t)| {
            let new = !seen.contains(t);
            seen.push(*t);
            new
        })
        .collect()
}

#[cfg(test)]
mod tests;
