use super::*;
use crate::message::Catalog;
use crate::scenario;
use crate::sim::Sim;
use proptest::prelude::*;

/// The matched words of `text`, with their entries' ids.
fn words(text: &str, lang: Lang) -> Vec<(&str, &'static str)> {
    find(text, lang)
        .into_iter()
        .map(|(r, t)| (&text[r], t.id()))
        .collect()
}

#[test]
fn english_terms_are_whole_words_longest_first() {
    assert_eq!(
        words(
            "RunPodSandbox: the kubelet asks for the pod sandbox; Sandboxes share namespaces.",
            Lang::En
        ),
        [
            ("kubelet", "kubelet"),
            ("pod sandbox", "sandbox"),
            ("Sandboxes", "sandbox"),
            ("namespaces", "linux-namespace"),
        ]
    );
    assert_eq!(
        words("containerd talks to the shim over ttRPC.", Lang::En),
        [("shim", "shim"), ("ttRPC", "ttrpc")]
    );
    assert_eq!(
        words("an OCI runtime, then OCI and CRI-O over CRI", Lang::En),
        [
            ("OCI runtime", "oci-runtime"),
            ("OCI", "oci"),
            ("CRI", "cri")
        ]
    );
}

#[test]
fn identifiers_paths_and_code_are_not_terms() {
    for text in [
        "RunPodSandbox",
        "SANDBOX_READY",
        "PodSandboxStatus",
        "/run/containerd/s/0123abcd",
        "containerd-shim-runc-v2",
        "--network=sandbox",
        "io.containerd.snapshotter.v1.overlayfs",
        "/sys/fs/cgroup/kubepods/pod1234",
        "OOMKilled",
        "cgroupfs",
        "the `runc init` child and `shim`",
        "kubelet.service",
        "sandbox_id",
    ] {
        assert_eq!(words(text, Lang::En), [], "{text}");
    }
}

#[test]
fn korean_terms_take_particles_but_not_other_words() {
    assert_eq!(
        words(
            "kubelet이 파드 샌드박스를 만들고, 심이 runc를 부른다. 중심으로 심지어",
            Lang::Ko
        ),
        [
            ("kubelet", "kubelet"),
            ("파드 샌드박스", "sandbox"),
            ("심", "shim")
        ]
    );
    assert_eq!(
        words(
            "도커심은 containerd 네임스페이스 k8s.io와 네트워크 네임스페이스를 쓴다",
            Lang::Ko
        ),
        [
            ("도커심", "dockershim"),
            ("containerd 네임스페이스", "containerd-namespace"),
            ("네트워크 네임스페이스", "linux-namespace"),
        ]
    );
    // English words are not Korean forms (the Korean note says 샌드박스).
    assert_eq!(words("sandbox", Lang::Ko), []);
}

#[test]
fn each_entry_is_linked_once() {
    let found = first_of_each(find("the shim, the shim's pod and the pod", Lang::En));
    let ids: Vec<_> = found.iter().map(|(_, t)| t.id()).collect();
    assert_eq!(ids, ["shim", "pod"]);
}

#[test]
fn a_kubectl_run_note_links_its_sandbox_in_both_languages() {
    let s = scenario::find("kubectl-run").expect("scenario");
    let mut sim = Sim::new(s.config(), 1);
    sim.run_script(s.script).expect("kubectl-run plays");
    let hops: Vec<_> = sim.steps().iter().flat_map(|s| s.hops.iter()).collect();
    for lang in Lang::ALL {
        let catalog = Catalog::builtin(*lang);
        let sandbox = hops
            .iter()
            .filter(|h| h.call == "RunPodSandbox")
            .filter_map(|h| h.note_in(&catalog))
            .find(|n| find(n, *lang).iter().any(|(_, t)| *t == TermId::Sandbox));
        assert!(
            sandbox.is_some(),
            "{lang}: no RunPodSandbox note links sandbox"
        );
        // Every note's links are terms of the glossary, never a call's name.
        for h in &hops {
            let Some(note) = h.note_in(&catalog) else {
                continue;
            };
            for (r, _) in find(&note, *lang) {
                assert!(!note[r].contains("RunPodSandbox"), "{note}");
            }
        }
    }
}

#[test]
fn every_entry_has_words_in_both_catalogs_and_related_entries() {
    for lang in Lang::ALL {
        let c = Catalog::builtin(*lang);
        for t in TermId::ALL {
            for m in [t.term(), t.definition()] {
                let text = c.render(&m);
                assert!(!text.is_empty() && text != m.id, "{lang}: {}", m.id);
            }
            assert!(t.forms(*lang).next().is_some(), "{lang}: {t:?} has no form");
            assert!(!t.related().is_empty() && !t.related().contains(t));
            assert_eq!(TermId::from_id(t.id()), Some(*t));
        }
    }
    let mut all = TermId::ALL.to_vec();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), TermId::ALL.len(), "an entry listed twice");
}

#[test]
fn korean_definitions_read_as_written() {
    let c = Catalog::builtin(Lang::Ko);
    assert_eq!(c.render(&TermId::Shim.term()), "심(shim)");
    assert!(c
        .render(&TermId::Sandbox.definition())
        .ends_with("유지한다."));
}

fn check(text: &str, lang: Lang) -> Result<(), TestCaseError> {
    let found = find(text, lang);
    let mut last = 0;
    for (r, _) in &found {
        prop_assert!(r.start < r.end && r.end <= text.len());
        prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        prop_assert!(r.start >= last, "sorted and not overlapping");
        last = r.end;
    }
    Ok(())
}

proptest! {
    #[test]
    fn ranges_are_sorted_in_bounds_and_on_char_boundaries(text in any::<String>()) {
        check(&text, Lang::En)?;
        check(&text, Lang::Ko)?;
    }

    #[test]
    fn notes_made_of_terms_and_noise_stay_well_formed(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("sandbox"), Just("파드 샌드박스를"), Just("심이"), Just(" "), Just("`"),
                Just("/"), Just("."), Just("Run"), Just("OCI"), Just("_"), Just("é"), Just("중"),
            ],
            0..24,
        )
    ) {
        let text: String = parts.concat();
        check(&text, Lang::En)?;
        check(&text, Lang::Ko)?;
    }
}
