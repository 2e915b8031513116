//! bash-like completion over the world: what Tab offers at a cursor.
//!
//! The word before the cursor is completed by where it stands:
//! - the first word of a simple command (also after `|`, `&&`, `||`, `;`,
//!   `$(`, a backquote, `sudo`): the shell's builtins and aliases, the node's
//!   programs and the container tools, the programs the node has but the
//!   model does not run (they answer "not modelled");
//! - after a container tool: its subcommands and flags from the tool's own
//!   grammar tables ([`crate::command::words`]), then what its arguments
//!   name: container and sandbox ids, container names, pod names, image
//!   names, namespaces;
//! - `systemctl`'s verbs, then unit names; `journalctl -u` unit names;
//! - anything else: file paths, relative to the working directory or `~`
//!   (a directory ends with `/`).
//!
//! Offsets are in characters, never bytes. The candidates are whole words,
//! sorted, without doubles.

use crate::command::words::{self, Words};
use crate::command::PROGRAMS;
use crate::engine::{Origin, World};
use crate::node::fs::{base, normalize};
use crate::node::Machine;
use crate::shell::Shell;
use serde::{Deserialize, Serialize};

/// What Tab offers: the words that may replace the line's characters from
/// `start` to the cursor (character offsets), sorted and without doubles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    /// Where the word being completed starts (a character offset).
    pub start: usize,
    /// The candidates, whole words; a directory ends with `/`.
    pub items: Vec<String>,
}

/// The most candidates offered (bash asks before listing more; the face
/// lists these).
pub const MAX_ITEMS: usize = 500;

/// One word of the line before the cursor.
#[derive(Debug, Clone)]
struct Word {
    /// The word as bash reads it (quotes removed).
    text: String,
    /// Where it starts (a character offset; after an opening quote).
    start: usize,
}

/// The simple command the cursor is in: its words before the cursor's
/// word, and the cursor's word.
#[derive(Debug, Default)]
struct Context {
    before: Vec<Word>,
    current: Option<Word>,
    /// The word before the cursor's is a redirection (`>`, `<`): a path.
    redirect: bool,
}

/// Splits the line up to the cursor into the words of its last simple
/// command, as bash would for completion: quotes grouped, operators start
/// a new command.
fn context(chars: &[char]) -> Context {
    let mut ctx = Context::default();
    let mut cur: Option<Word> = None;
    let mut quote: Option<char> = None;
    let mut redirect_next = false;
    let mut i = 0;
    let end_word = |ctx: &mut Context, cur: &mut Option<Word>, redirect_next: &mut bool| {
        if let Some(w) = cur.take() {
            if *redirect_next {
                *redirect_next = false;
            } else {
                ctx.before.push(w);
            }
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if c == '\\' && q == '"' && i + 1 < chars.len() {
                i += 1;
                cur.get_or_insert_with(|| Word {
                    text: String::new(),
                    start: i,
                })
                .text
                .push(chars[i]);
            } else {
                cur.get_or_insert_with(|| Word {
                    text: String::new(),
                    start: i,
                })
                .text
                .push(c);
            }
            i += 1;
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                cur.get_or_insert_with(|| Word {
                    text: String::new(),
                    start: i + 1,
                });
            }
            '\\' if i + 1 < chars.len() => {
                i += 1;
                cur.get_or_insert_with(|| Word {
                    text: String::new(),
                    start: i - 1,
                })
                .text
                .push(chars[i]);
            }
            ' ' | '\t' => end_word(&mut ctx, &mut cur, &mut redirect_next),
            '|' | '&' | ';' | '\n' | '(' | ')' | '`' => {
                end_word(&mut ctx, &mut cur, &mut redirect_next);
                ctx.before.clear();
                redirect_next = false;
            }
            '$' if chars.get(i + 1) == Some(&'(') => {
                end_word(&mut ctx, &mut cur, &mut redirect_next);
                ctx.before.clear();
                redirect_next = false;
                i += 1;
            }
            '>' | '<' => {
                end_word(&mut ctx, &mut cur, &mut redirect_next);
                redirect_next = true;
            }
            c => cur
                .get_or_insert_with(|| Word {
                    text: String::new(),
                    start: i,
                })
                .text
                .push(c),
        }
        i += 1;
    }
    ctx.redirect = redirect_next;
    ctx.current = cur;
    ctx
}

/// The candidates for the word before `cursor` (a character offset) in
/// `line`, on this world, with this shell's working directory and aliases.
pub fn complete(world: &World, shell: &Shell, line: &str, cursor: usize) -> Completion {
    let chars: Vec<char> = line.chars().take(cursor).collect();
    let cursor = chars.len();
    let ctx = context(&chars);
    let (word, start) = match &ctx.current {
        Some(w) => (w.text.as_str(), w.start.min(cursor)),
        None => ("", cursor),
    };
    let mut items = if let Some(name) = word.strip_prefix('$') {
        // bash completes a variable's name after `$`.
        shell
            .var_names()
            .filter(|v| v.starts_with(name))
            .map(|v| format!("${v}"))
            .collect()
    } else if ctx.redirect {
        paths(world, shell, word)
    } else {
        candidates(world, shell, &ctx.before, word)
    };
    items.retain(|i| i.starts_with(word));
    crate::order::sort(&mut items);
    items.dedup();
    items.truncate(MAX_ITEMS);
    Completion { start, items }
}

/// Leading `VAR=value` words and `sudo [-u USER]` come before the program.
fn program_index(before: &[Word]) -> usize {
    let mut i = 0;
    while let Some(w) = before.get(i) {
        let t = w.text.as_str();
        if t.contains('=') && !t.starts_with('=') && !t.starts_with('-') {
            i += 1;
        } else if t == "sudo" || t == "xargs" || t == "watch" || t == "time" {
            i += 1;
            while let Some(f) = before.get(i).filter(|f| f.text.starts_with('-')) {
                i += 1;
                if f.text == "-u" {
                    i += 1;
                }
            }
        } else {
            break;
        }
    }
    i
}

fn candidates(world: &World, shell: &Shell, before: &[Word], word: &str) -> Vec<String> {
    let at = program_index(before);
    let Some(program) = before.get(at) else {
        if word.contains('/') {
            return paths(world, shell, word);
        }
        return programs(shell);
    };
    let mut prog = base(&program.text).to_string();
    if let Some(a) = shell.aliases().get(prog.as_str()) {
        prog = a
            .split_whitespace()
            .next()
            .map(base)
            .unwrap_or("")
            .to_string();
    }
    let args: Vec<&str> = before[at + 1..].iter().map(|w| w.text.as_str()).collect();
    match prog.as_str() {
        "systemctl" => systemctl(world, &args, word),
        "journalctl" => journalctl(world, &args, word),
        "sudo" => programs(shell),
        // bash completes only directories after `cd` (`complete -d`).
        "cd" | "pushd" => {
            let mut dirs = paths(world, shell, word);
            dirs.retain(|d| d.ends_with('/'));
            dirs
        }
        tool => match tool_words(tool, &args) {
            Some(point) => tool_candidates(world, shell, tool, &point, word),
            None => paths(world, shell, word),
        },
    }
}

/// The shell's builtins and aliases and every program on the node.
fn programs(shell: &Shell) -> Vec<String> {
    let mut v: Vec<String> = crate::shell::BUILTINS
        .iter()
        .chain(crate::shell::BIN.iter())
        .chain(PROGRAMS.iter())
        .chain(crate::node::UNMODELLED.iter())
        .map(|s| s.to_string())
        .collect();
    v.extend(crate::node::node_programs().map(str::to_string));
    v.extend(crate::shell::OTHER_BIN.iter().map(|s| s.to_string()));
    v.extend(shell.aliases().iter().map(|(k, _)| k.clone()));
    v
}

/// A container tool's words after its arguments so far: the subcommand
/// path (flags and their values left out), the words there, and the flag
/// the cursor's word is the value of, if any.
fn tool_words<'a>(tool: &str, args: &[&'a str]) -> Option<ToolPoint<'a>> {
    let mut path: Vec<&str> = Vec::new();
    let mut w = words::words(tool, &path)?;
    let mut at_sub = !w.subcommands.is_empty();
    let mut value_of: Option<String> = None;
    for a in args {
        if value_of.take().is_some() {
            continue;
        }
        if a.starts_with('-') && a.len() > 1 {
            if !a.contains('=') && takes_value(&w, a) {
                value_of = Some(a.to_string());
            }
            continue;
        }
        path.push(a);
        // A subcommand moves the grammar on; an argument does not.
        if at_sub {
            w = words::words(tool, &path)?;
            at_sub = !w.subcommands.is_empty();
        }
    }
    Some(ToolPoint {
        words: w,
        path,
        value_of,
        at_sub,
    })
}

/// Where the cursor's word stands in a container tool's grammar.
struct ToolPoint<'a> {
    /// The subcommands and flags there.
    words: Words,
    /// The words typed after the tool, flags and their values left out.
    path: Vec<&'a str>,
    /// The flag the cursor's word is the value of.
    value_of: Option<String>,
    /// The next word is a subcommand.
    at_sub: bool,
}

/// Whether a flag as typed takes a value (its table says it is not a
/// boolean).
fn takes_value(w: &Words, typed: &str) -> bool {
    let name = typed.trim_start_matches('-');
    w.flags.iter().any(|f| {
        (f.name == name
            || f.aliases.contains(&name)
            || f.short
                .is_some_and(|c| name.len() == c.len_utf8() && name.starts_with(c)))
            && !f.is_bool()
    })
}

fn tool_candidates(
    world: &World,
    shell: &Shell,
    tool: &str,
    point: &ToolPoint<'_>,
    word: &str,
) -> Vec<String> {
    if let Some(flag) = &point.value_of {
        return flag_value(world, shell, tool, flag, word);
    }
    if word.starts_with('-') {
        return point.words.flag_spellings();
    }
    if point.at_sub {
        return point
            .words
            .subcommands
            .iter()
            .map(|s| s.to_string())
            .collect();
    }
    arguments(world, shell, tool, &point.path, word)
}

/// What a flag's value names.
fn flag_value(world: &World, shell: &Shell, tool: &str, flag: &str, word: &str) -> Vec<String> {
    match (tool, flag.trim_start_matches('-')) {
        (_, "namespace" | "n") if tool == "kubectl" => namespaces(world),
        (_, "name") => container_names(world, tool),
        (_, "image") => images(world, tool),
        (_, "pod" | "p") if tool == "crictl" => sandboxes(world),
        _ => paths(world, shell, word),
    }
}

/// What a tool's positional arguments name.
fn arguments(world: &World, shell: &Shell, tool: &str, path: &[&str], word: &str) -> Vec<String> {
    let sub = path.first().copied().unwrap_or("");
    match tool {
        "crictl" => match sub {
            "inspect" | "logs" | "stop" | "rm" | "exec" | "start" | "attach" | "stats"
            | "update" => containers(world, &[Origin::Cri], false),
            "inspectp" | "stopp" | "rmp" | "port-forward" | "statsp" => sandboxes(world),
            "rmi" | "inspecti" | "pull" | "images" | "image" | "img" => images(world, tool),
            "create" | "run" | "runp" => paths(world, shell, word),
            _ => Vec::new(),
        },
        "docker" | "nerdctl" | "podman" => {
            let origins: &[Origin] = match tool {
                "docker" => &[Origin::Docker],
                "podman" => &[Origin::Podman],
                _ => &[Origin::Nerdctl],
            };
            let (group, sub) = match path {
                [g @ ("container" | "image" | "network" | "pod"), s, ..] => (*g, *s),
                [s, ..] => ("", *s),
                [] => ("", ""),
            };
            match (group, sub) {
                (_, "run" | "create" | "pull" | "rmi" | "push" | "tag" | "history") => {
                    images(world, tool)
                }
                ("image", _) => images(world, tool),
                (
                    _,
                    "logs" | "stop" | "rm" | "remove" | "inspect" | "exec" | "start" | "kill"
                    | "restart" | "pause" | "unpause" | "top" | "port" | "wait" | "attach"
                    | "stats",
                ) => containers(world, origins, true),
                _ => Vec::new(),
            }
        }
        "ctr" => {
            let group = path.first().copied().unwrap_or("");
            match group {
                "images" | "image" | "i" => images(world, tool),
                "run" if path.len() == 1 => images(world, tool),
                "containers" | "container" | "c" | "tasks" | "task" | "t" => containers(
                    world,
                    &[
                        Origin::Ctr,
                        Origin::Cri,
                        Origin::Sandbox,
                        Origin::Nerdctl,
                        Origin::Docker,
                    ],
                    false,
                ),
                _ => Vec::new(),
            }
        }
        "kubectl" => match sub {
            "get" | "describe" | "delete" => match path.get(1) {
                None => crate::command::kubectl::ResourceKind::KNOWN
                    .iter()
                    .map(|k| k.name().to_string())
                    .collect(),
                Some(kind) => kube_names(world, kind),
            },
            "logs" | "exec" | "attach" | "port-forward" => pods(world),
            _ => Vec::new(),
        },
        "runc" | "crun" => match sub {
            "state" | "kill" | "delete" | "start" | "exec" | "ps" | "pause" | "resume"
            | "events" | "update" => world.oci_cli.keys().map(|(_, id)| id.clone()).collect(),
            _ => paths(world, shell, word),
        },
        _ => paths(world, shell, word),
    }
}

fn systemctl(world: &World, args: &[&str], word: &str) -> Vec<String> {
    if word.starts_with('-') {
        return Vec::new();
    }
    let verb = args.iter().find(|a| !a.starts_with('-'));
    match verb {
        None => crate::node::SYSTEMCTL_VERBS
            .iter()
            .map(|s| s.to_string())
            .collect(),
        Some(_) => units(world),
    }
}

fn journalctl(world: &World, args: &[&str], word: &str) -> Vec<String> {
    if word.starts_with('-') && !word.starts_with("--unit=") {
        return crate::node::JOURNALCTL_OPTIONS
            .iter()
            .map(|o| format!("--{o}"))
            .collect();
    }
    match args.last() {
        Some(&"-u" | &"--unit") => units(world),
        _ if word.starts_with("--unit=") => units(world)
            .into_iter()
            .map(|u| format!("--unit={u}"))
            .collect(),
        _ => Vec::new(),
    }
}

fn units(world: &World) -> Vec<String> {
    world.units().iter().map(|u| u.name.clone()).collect()
}

/// Containers of these clients: full ids (the tools take any unique
/// prefix), and names where the tool takes names.
fn containers(world: &World, origins: &[Origin], names: bool) -> Vec<String> {
    let mut v = Vec::new();
    for c in world.ctrs.values() {
        if origins.contains(&c.origin) {
            v.push(c.id.clone());
            if names && !c.name.is_empty() {
                v.push(c.name.clone());
            }
        }
    }
    v
}

fn container_names(world: &World, tool: &str) -> Vec<String> {
    let origins: &[Origin] = match tool {
        "crictl" => &[Origin::Cri],
        "docker" => &[Origin::Docker],
        "podman" => &[Origin::Podman],
        _ => &[Origin::Nerdctl, Origin::Ctr],
    };
    world
        .ctrs
        .values()
        .filter(|c| origins.contains(&c.origin))
        .map(|c| c.name.clone())
        .collect()
}

fn sandboxes(world: &World) -> Vec<String> {
    world.sandboxes.values().map(|s| s.id.clone()).collect()
}

/// The images in the store the tool lists: the CRI's for crictl, dockerd's
/// for docker, containers/storage for podman, containerd's namespaces for
/// ctr and nerdctl.
fn images(world: &World, tool: &str) -> Vec<String> {
    let cri = world.cri_store();
    world
        .images
        .iter()
        .filter(|((store, _), _)| match tool {
            "crictl" | "kubectl" => *store == cri,
            "docker" => matches!(*store, "docker" | "moby"),
            "podman" => *store == "crio",
            _ => !matches!(*store, "docker" | "crio"),
        })
        .map(|(_, i)| i.name.clone())
        .collect()
}

fn pods(world: &World) -> Vec<String> {
    world.pods.keys().map(|(_, name)| name.clone()).collect()
}

fn namespaces(world: &World) -> Vec<String> {
    let mut v: Vec<String> = crate::engine::K8S_NAMESPACES
        .iter()
        .map(|s| s.to_string())
        .collect();
    v.extend(world.pods.keys().map(|(ns, _)| ns.clone()));
    v
}

/// The names of a kubectl resource type.
fn kube_names(world: &World, kind: &str) -> Vec<String> {
    use crate::command::kubectl::ResourceKind;
    match ResourceKind::parse(kind) {
        ResourceKind::Pods => pods(world),
        ResourceKind::Nodes => vec![crate::engine::NODE.to_string()],
        ResourceKind::Namespaces => namespaces(world),
        ResourceKind::Deployments => world.kobj.deployments.keys().map(|k| k.1.clone()).collect(),
        _ => Vec::new(),
    }
}

/// File paths for `word`: relative to the working directory, absolute, or
/// under `~`; directories end with `/`; dot files only for a word whose last
/// part starts with `.`.
fn paths(world: &World, shell: &Shell, word: &str) -> Vec<String> {
    let (dir_typed, prefix) = match word.rfind('/') {
        Some(k) => (&word[..=k], &word[k + 1..]),
        None => ("", word),
    };
    let home = shell.var("HOME").unwrap_or("/root");
    let dir = if dir_typed == "~/" || dir_typed.starts_with("~/") {
        normalize(home, &format!(".{}", &dir_typed[1..]))
    } else if dir_typed.is_empty() {
        shell.cwd().to_string()
    } else {
        normalize(shell.cwd(), dir_typed)
    };
    if word == "~" {
        return vec!["~/".to_string()];
    }
    let mut v = Vec::new();
    for name in world.list(&dir) {
        if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
            continue;
        }
        let full = if dir.ends_with('/') {
            format!("{dir}{name}")
        } else {
            format!("{dir}/{name}")
        };
        let slash = if world.is_dir(&full) { "/" } else { "" };
        v.push(format!("{dir_typed}{name}{slash}"));
    }
    v
}

#[cfg(test)]
mod tests;
