//! What a tool's own grammar offers next on a line, for completion
//! ([`crate::complete`]): its subcommands and its flags, read from the
//! tables its parser uses (each tool's `words`), never a second list.

use super::flags::FlagDef;

/// The subcommands and flags a tool takes after the words typed so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    /// The subcommands that may come next (empty: the next word is an
    /// argument).
    pub subcommands: &'static [&'static str],
    /// The flags that apply here.
    pub flags: Vec<FlagDef>,
}

impl Words {
    /// The tool's words at this point.
    pub(crate) fn new(subcommands: &'static [&'static str], flags: &[FlagDef]) -> Words {
        Words {
            subcommands,
            flags: flags.to_vec(),
        }
    }

    /// The flags as a person types them: `--name`, and `-n` for a one-letter
    /// shorthand or alias.
    pub(crate) fn flag_spellings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for f in &self.flags {
            out.push(dashed(f.name));
            if let Some(c) = f.short {
                out.push(format!("-{c}"));
            }
            for a in f.aliases {
                out.push(dashed(a));
            }
        }
        out
    }
}

fn dashed(name: &str) -> String {
    if name.chars().count() == 1 {
        format!("-{name}")
    } else {
        format!("--{name}")
    }
}

/// What `tool` (its program name) takes after `path`, the subcommand words
/// typed after it (flags left out); `None` for a program that is not a
/// container tool.
pub(crate) fn words(tool: &str, path: &[&str]) -> Option<Words> {
    Some(match tool {
        "crictl" => super::crictl::words(path),
        "docker" => super::docker::words(path),
        "nerdctl" => super::nerdctl::words(path),
        "kubectl" => super::kubectl::words(path),
        "ctr" => super::ctr::words(path),
        "podman" => super::podman::words(path),
        "runc" | "crun" => super::runc::words(tool, path),
        _ => return None,
    })
}
