//! The two flag grammars the real tools use, reproduced with their error texts:
//!
//! * **pflag** (cobra: kubectl, docker, nerdctl): `--name`, `--name=v`,
//!   `--name v`, `-n v`, `-nv`, `-n=v`, grouped booleans `-it`; flags may follow
//!   arguments unless interspersing is off (`docker run`); `--` ends flags.
//!   Errors: `unknown flag: --x`, `unknown shorthand flag: 'x' in -xy`,
//!   `flag needs an argument: --x`, `flag needs an argument: 'x' in -x`,
//!   `invalid argument "v" for "-x, --xx" flag: …`, `bad flag syntax: ---x`
//!   (spf13/pflag `flag.go`, `errors.go`).
//! * **Go `flag`** (urfave/cli: crictl, ctr, runc): one or two dashes alike, no
//!   grouping, parsing stops at the first argument. urfave/cli v1 moves flags
//!   that follow arguments to the front (`reorderArgs`) unless the command sets
//!   `SkipArgReorder`; v2 splits `-it` into `-i -t` when the command sets
//!   `UseShortOptionHandling`. Errors: `flag provided but not defined: -x`,
//!   `flag needs an argument: -x`, `invalid value "v" for flag -x: parse error`,
//!   `invalid boolean value "v" for -x: parse error`, `bad flag syntax: ---x`
//!   (Go `flag/flag.go`).

use super::error::{go_quote, go_quote_char, ErrorKind};

/// The type of a flag's value, which decides how it is validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// No value (`true` when present); `--x=false` allowed.
    Bool,
    /// Any string (repeatable flags keep every occurrence).
    Str,
    /// A signed 64-bit integer (Go `ParseInt(s, 0, 64)`).
    Int,
    /// A signed 32-bit integer.
    Int32,
    /// An unsigned 64-bit integer.
    Uint,
    /// A float.
    Float,
    /// A Go duration (`1m30s`).
    Duration,
    /// A docker byte size (`64m`, go-units `RAMInBytes`), docker's `opts.MemBytes`.
    MemBytes,
}

/// One flag a command accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FlagDef {
    /// Canonical (long) name, without dashes.
    pub name: &'static str,
    /// pflag shorthand.
    pub short: Option<char>,
    /// Other names (urfave `"detach, d"` style, or hidden pflag aliases).
    pub aliases: &'static [&'static str],
    /// Value type.
    pub kind: Kind,
    /// pflag `NoOptDefVal`: the value used when the flag is given without `=`.
    pub no_opt: Option<&'static str>,
}

impl FlagDef {
    /// Whether the flag takes no value.
    pub(crate) fn is_bool(&self) -> bool {
        matches!(self.kind, Kind::Bool)
    }

    pub(crate) const fn new(name: &'static str, kind: Kind) -> Self {
        FlagDef {
            name,
            short: None,
            aliases: &[],
            kind,
            no_opt: None,
        }
    }
    pub(crate) const fn short(mut self, c: char) -> Self {
        self.short = Some(c);
        self
    }
    pub(crate) const fn aliases(mut self, a: &'static [&'static str]) -> Self {
        self.aliases = a;
        self
    }
    pub(crate) const fn no_opt(mut self, v: &'static str) -> Self {
        self.no_opt = Some(v);
        self
    }
    fn takes_value(&self) -> bool {
        self.kind != Kind::Bool && self.no_opt.is_none()
    }
    /// pflag's name in `invalid argument` errors: `-d, --detach` or `--name`.
    fn pflag_display(&self) -> String {
        match self.short {
            Some(c) => format!("-{c}, --{}", self.name),
            None => format!("--{}", self.name),
        }
    }
}

/// Shorthand constructors used by the command tables.
pub(crate) const fn b(name: &'static str) -> FlagDef {
    FlagDef::new(name, Kind::Bool)
}
pub(crate) const fn s(name: &'static str) -> FlagDef {
    FlagDef::new(name, Kind::Str)
}
pub(crate) const fn i(name: &'static str) -> FlagDef {
    FlagDef::new(name, Kind::Int)
}

/// A flag-level parse failure: the library's exact message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FlagError {
    pub kind: ErrorKind,
    pub message: String,
}

impl FlagError {
    fn new(kind: ErrorKind, message: String) -> Self {
        FlagError { kind, message }
    }
}

/// The result of parsing one command's arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// Every flag occurrence, in order: canonical name and value (`"true"` for booleans).
    pub set: Vec<(&'static str, String)>,
    /// Positional arguments.
    pub args: Vec<String>,
    /// pflag `ArgsLenAtDash`: how many positional arguments preceded `--`.
    pub dash_at: Option<u32>,
}

impl Parsed {
    /// Whether a boolean flag ended up true.
    pub fn flag(&self, name: &str) -> bool {
        self.last(name)
            .map(|v| parse_bool(v) == Some(true))
            .unwrap_or(false)
    }
    /// Whether a flag was given at all.
    pub fn is_set(&self, name: &str) -> bool {
        self.set.iter().any(|(n, _)| *n == name)
    }
    /// The last value of a flag.
    pub fn last(&self, name: &str) -> Option<&str> {
        self.set
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
    /// The last value as an owned string.
    pub fn string(&self, name: &str) -> Option<String> {
        self.last(name).map(str::to_string)
    }
    /// Every value of a repeatable flag.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.set
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
    /// The last value of an integer flag (already validated while parsing).
    pub fn int(&self, name: &str) -> Option<i64> {
        self.last(name).and_then(|v| parse_go_int(v, 64).ok())
    }
    /// The last value of an unsigned flag.
    pub fn uint(&self, name: &str) -> Option<u64> {
        self.last(name).and_then(|v| parse_go_uint(v).ok())
    }
}

/// `strconv.ParseBool`.
pub(crate) fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumError {
    Syntax,
    Range,
}

/// `strconv.ParseInt(s, 0, bits)`: optional sign, `0x`/`0o`/`0b`/`0` prefixes, `_` separators.
pub(crate) fn parse_go_int(v: &str, bits: u32) -> Result<i64, NumError> {
    let (neg, body) = match v.as_bytes().first() {
        Some(b'-') => (true, v.get(1..).unwrap_or("")),
        Some(b'+') => (false, v.get(1..).unwrap_or("")),
        _ => (false, v),
    };
    let mag = parse_go_uint(body)?;
    let limit: u64 = 1u64 << (bits.clamp(1, 64) - 1);
    if neg {
        if mag > limit {
            return Err(NumError::Range);
        }
        Ok(0i64.wrapping_sub_unsigned(mag))
    } else {
        if mag >= limit {
            return Err(NumError::Range);
        }
        i64::try_from(mag).map_err(|_| NumError::Range)
    }
}

/// `strconv.ParseUint(s, 0, 64)`.
pub(crate) fn parse_go_uint(v: &str) -> Result<u64, NumError> {
    let lower = v.to_ascii_lowercase();
    let (radix, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_string(), true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower.get(1..).unwrap_or("").to_string(), true)
    } else {
        (10, lower.clone(), false)
    };
    // Underscores only between digits, and only with base 0 (always here).
    if digits.is_empty()
        || (!prefixed && digits.starts_with('_'))
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return Err(NumError::Syntax);
    }
    let mut acc: u64 = 0;
    for ch in digits.chars() {
        if ch == '_' {
            continue;
        }
        let d = ch.to_digit(radix).ok_or(NumError::Syntax)?;
        acc = acc
            .checked_mul(u64::from(radix))
            .and_then(|a| a.checked_add(u64::from(d)))
            .ok_or(NumError::Range)?;
    }
    Ok(acc)
}

/// Go `time.ParseDuration` acceptance (value not needed by the parsers).
pub(crate) fn valid_go_duration(v: &str) -> bool {
    let body = v.strip_prefix(['-', '+']).unwrap_or(v);
    if body == "0" {
        return true;
    }
    if body.is_empty() {
        return false;
    }
    let mut rest = body;
    while !rest.is_empty() {
        let num_len = rest
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0);
        let num = rest.get(..num_len).unwrap_or("");
        if num.is_empty() || num == "." || num.matches('.').count() > 1 {
            return false;
        }
        rest = rest.get(num_len..).unwrap_or("");
        let unit_len = rest
            .char_indices()
            .take_while(|(_, c)| !c.is_ascii_digit() && *c != '.')
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0);
        let unit = rest.get(..unit_len).unwrap_or("");
        if !matches!(unit, "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h") {
            return false;
        }
        rest = rest.get(unit_len..).unwrap_or("");
    }
    true
}

/// `strconv.ParseFloat` acceptance (decimal and exponent forms, inf, nan).
pub(crate) fn valid_go_float(v: &str) -> bool {
    let t = v.strip_prefix(['-', '+']).unwrap_or(v);
    let l = t.to_ascii_lowercase();
    if matches!(l.as_str(), "inf" | "infinity" | "nan") {
        return true;
    }
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_'))
        && crate::command::units::decimal(t).is_some()
}

/// go-units `RAMInBytes`: `^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$`, binary multiples.
pub(crate) fn ram_in_bytes(v: &str) -> Option<i64> {
    let num_len = v
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    let num = v.get(..num_len)?;
    if num.is_empty() || num.starts_with('.') || num.ends_with('.') || num.contains("..") {
        return None;
    }
    let mut rest = v.get(num_len..)?;
    rest = rest.strip_prefix(' ').unwrap_or(rest);
    let mut chars = rest.chars().peekable();
    let mut mult: f64 = 1.0;
    if let Some(&c) = chars.peek() {
        let m = match c.to_ascii_lowercase() {
            'k' => Some(1024f64),
            'm' => Some(1024f64.powi(2)),
            'g' => Some(1024f64.powi(3)),
            't' => Some(1024f64.powi(4)),
            'p' => Some(1024f64.powi(5)),
            _ => None,
        };
        if let Some(m) = m {
            mult = m;
            chars.next();
        }
    }
    if matches!(chars.peek(), Some('i' | 'I')) {
        chars.next();
    }
    if matches!(chars.peek(), Some('b' | 'B')) {
        chars.next();
    }
    if chars.next().is_some() {
        return None;
    }
    // Go parses "1.2.3" with ParseFloat after the regexp: it fails there too.
    let n = crate::command::units::decimal(num)?;
    let bytes = n * mult;
    if !bytes.is_finite() || bytes >= 9.223_372_036_854_776e18 {
        return None;
    }
    // go-units truncates: int64(size * unit).
    Some(bytes as i64)
}

/// How a flag value failed, as the library words the cause.
fn value_cause(kind: Kind, v: &str) -> Option<&'static str> {
    match kind {
        Kind::Bool => parse_bool(v).is_none().then_some("syntax"),
        Kind::Str => None,
        Kind::Int => parse_go_int(v, 64).err().map(num_word),
        Kind::Int32 => parse_go_int(v, 32).err().map(num_word),
        Kind::Uint => parse_go_uint(v).err().map(num_word),
        Kind::Float => (!valid_go_float(v)).then_some("syntax"),
        Kind::Duration => (!valid_go_duration(v)).then_some("duration"),
        Kind::MemBytes => ram_in_bytes(v).is_none().then_some("size"),
    }
}

fn num_word(e: NumError) -> &'static str {
    match e {
        NumError::Syntax => "syntax",
        NumError::Range => "range",
    }
}

/// pflag's cause text for an invalid value.
fn pflag_cause(kind: Kind, v: &str, why: &str) -> String {
    let q = go_quote(v);
    match (kind, why) {
        (Kind::Bool, _) => format!("strconv.ParseBool: parsing {q}: invalid syntax"),
        (Kind::Int | Kind::Int32, "range") => {
            format!("strconv.ParseInt: parsing {q}: value out of range")
        }
        (Kind::Int | Kind::Int32, _) => format!("strconv.ParseInt: parsing {q}: invalid syntax"),
        (Kind::Uint, "range") => format!("strconv.ParseUint: parsing {q}: value out of range"),
        (Kind::Uint, _) => format!("strconv.ParseUint: parsing {q}: invalid syntax"),
        (Kind::Float, _) => format!("strconv.ParseFloat: parsing {q}: invalid syntax"),
        (Kind::Duration, _) => format!("time: invalid duration {q}"),
        (Kind::MemBytes, _) => format!("invalid size: '{v}'"),
        (Kind::Str, _) => String::new(),
    }
}

/// Options of a pflag (cobra) parse.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PflagOpts {
    /// Flags may follow positional arguments (cobra's default).
    pub interspersed: bool,
    /// kubectl's `WordSepNormalizeFunc`: `_` in flag names reads as `-`.
    pub normalize_underscores: bool,
}

/// Parses cobra/pflag style arguments.
pub(crate) fn parse_pflag(
    args: &[String],
    defs: &[FlagDef],
    opts: PflagOpts,
) -> Result<Parsed, FlagError> {
    let mut out = Parsed::default();
    let mut idx = 0usize;
    let mut only_args = false;
    while let Some(a) = args.get(idx) {
        idx += 1;
        if only_args {
            out.args.push(a.clone());
            continue;
        }
        if a == "--" {
            out.dash_at = Some(u32::try_from(out.args.len()).unwrap_or(u32::MAX));
            only_args = true;
            continue;
        }
        if let Some(body) = a.strip_prefix("--") {
            if body.is_empty() || body.starts_with('-') || body.starts_with('=') {
                return Err(FlagError::new(
                    ErrorKind::BadFlagSyntax,
                    format!("bad flag syntax: {a}"),
                ));
            }
            let (raw_name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let name = if opts.normalize_underscores {
                raw_name.replace('_', "-")
            } else {
                raw_name.to_string()
            };
            let Some(def) = defs
                .iter()
                .find(|d| d.name == name || d.aliases.contains(&name.as_str()))
            else {
                return Err(FlagError::new(
                    ErrorKind::UnknownFlag,
                    format!("unknown flag: --{raw_name}"),
                ));
            };
            let value = if let Some(v) = inline {
                v
            } else if let Some(d) = def.no_opt {
                d.to_string()
            } else if def.kind == Kind::Bool {
                "true".to_string()
            } else if let Some(next) = args.get(idx) {
                idx += 1;
                next.clone()
            } else {
                return Err(FlagError::new(
                    ErrorKind::FlagNeedsArgument,
                    format!("flag needs an argument: {a}"),
                ));
            };
            pflag_set(&mut out, def, value)?;
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            let mut shorts: String = a.get(1..).unwrap_or("").to_string();
            while let Some(c) = shorts.chars().next() {
                let rest: String = shorts.chars().skip(1).collect();
                let Some(def) = defs.iter().find(|d| d.short == Some(c)) else {
                    return Err(FlagError::new(
                        ErrorKind::UnknownFlag,
                        format!("unknown shorthand flag: {} in -{shorts}", go_quote_char(c)),
                    ));
                };
                let value;
                if rest.len() > 1 && rest.starts_with('=') {
                    value = rest.get(1..).unwrap_or("").to_string();
                    shorts.clear();
                } else if !def.takes_value() {
                    value = def.no_opt.unwrap_or("true").to_string();
                    shorts = rest;
                } else if !rest.is_empty() {
                    value = rest;
                    shorts = String::new();
                } else if let Some(next) = args.get(idx) {
                    idx += 1;
                    value = next.clone();
                    shorts.clear();
                } else {
                    return Err(FlagError::new(
                        ErrorKind::FlagNeedsArgument,
                        format!("flag needs an argument: {} in -{shorts}", go_quote_char(c)),
                    ));
                }
                pflag_set(&mut out, def, value)?;
            }
            continue;
        }
        out.args.push(a.clone());
        if !opts.interspersed {
            only_args = true;
        }
    }
    Ok(out)
}

fn pflag_set(out: &mut Parsed, def: &FlagDef, value: String) -> Result<(), FlagError> {
    if let Some(why) = value_cause(def.kind, &value) {
        return Err(FlagError::new(
            ErrorKind::InvalidFlagValue,
            format!(
                "invalid argument {} for {} flag: {}",
                go_quote(&value),
                go_quote(&def.pflag_display()),
                pflag_cause(def.kind, &value, why)
            ),
        ));
    }
    out.set.push((def.name, value));
    Ok(())
}

/// Which urfave/cli generation, and the command's parse settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GoFlagOpts {
    /// urfave/cli v1 `reorderArgs` (v1 commands without `SkipArgReorder`).
    pub reorder: bool,
    /// urfave/cli v2 `UseShortOptionHandling`: `-it` → `-i -t`.
    pub short_handling: bool,
}

fn go_lookup<'a>(defs: &'a [FlagDef], name: &str) -> Option<&'a FlagDef> {
    defs.iter().find(|d| {
        d.name == name
            || d.aliases.contains(&name)
            || d.short.is_some_and(|c| name == c.to_string())
    })
}

/// urfave/cli v1.22 `reorderArgs`: known flags (and the value that may follow
/// them) move before the other arguments; nothing after `--` moves.
fn reorder(args: &[String], defs: &[FlagDef]) -> Vec<String> {
    let mut flags = Vec::new();
    let mut rest = Vec::new();
    let mut may_be_value = false;
    for (n, a) in args.iter().enumerate() {
        if a == "--" {
            rest.extend(args.iter().skip(n).cloned());
            break;
        } else if may_be_value && !a.starts_with('-') {
            may_be_value = false;
            flags.push(a.clone());
        } else if arg_is_flag(defs, a) {
            flags.push(a.clone());
            may_be_value = !a.contains('=');
        } else {
            // urfave 1.22.1: a value follows its flag directly (`-r - ID`:
            // `-` is the value's place, `ID` stays an argument).
            may_be_value = false;
            rest.push(a.clone());
        }
    }
    flags.extend(rest);
    flags
}

fn arg_is_flag(defs: &[FlagDef], a: &str) -> bool {
    if a == "-" || a == "--" || !a.starts_with('-') {
        return false;
    }
    let stripped = a
        .strip_prefix("--")
        .or_else(|| a.strip_prefix('-'))
        .unwrap_or(a);
    let name = stripped.split('=').next().unwrap_or("");
    name == "help" || name == "h" || go_lookup(defs, name).is_some()
}

/// Parses Go `flag` style arguments (urfave/cli). The help flag (`-h`,
/// `--help`) is always defined, as urfave adds it to every command.
pub(crate) fn parse_goflag(
    args: &[String],
    defs: &[FlagDef],
    opts: GoFlagOpts,
) -> Result<Parsed, FlagError> {
    let owned;
    let args = if opts.reorder {
        owned = reorder(args, defs);
        owned.as_slice()
    } else {
        args
    };
    let mut queue: std::collections::VecDeque<String> = args.iter().cloned().collect();
    let mut out = Parsed::default();
    while let Some(a) = queue.pop_front() {
        if a.len() < 2 || !a.starts_with('-') {
            out.args.push(a);
            out.args.extend(queue.drain(..));
            break;
        }
        let dashes = if a.starts_with("--") { 2 } else { 1 };
        if a == "--" {
            out.dash_at = Some(u32::try_from(out.args.len()).unwrap_or(u32::MAX));
            out.args.extend(queue.drain(..));
            break;
        }
        let body = a.get(dashes..).unwrap_or("");
        if body.is_empty() || body.starts_with('-') || body.starts_with('=') {
            return Err(FlagError::new(
                ErrorKind::BadFlagSyntax,
                format!("bad flag syntax: {a}"),
            ));
        }
        let (name, inline) = match body.get(1..).and_then(|t| t.find('=')) {
            Some(p) => (
                body.get(..p + 1).unwrap_or(body).to_string(),
                Some(body.get(p + 2..).unwrap_or("").to_string()),
            ),
            None => (body.to_string(), None),
        };
        let def = if name == "help" || name == "h" {
            Some(&HELP)
        } else {
            go_lookup(defs, &name)
        };
        let Some(def) = def else {
            if opts.short_handling && dashes == 1 && inline.is_none() && name.chars().count() > 1 {
                let all_known = name
                    .chars()
                    .all(|c| go_lookup(defs, &c.to_string()).is_some() || c == 'h');
                if all_known {
                    for c in name.chars().rev() {
                        queue.push_front(format!("-{c}"));
                    }
                    continue;
                }
            }
            return Err(FlagError::new(
                ErrorKind::UnknownFlag,
                format!("flag provided but not defined: -{name}"),
            ));
        };
        if def.kind == Kind::Bool {
            let v = inline.unwrap_or_else(|| "true".to_string());
            if parse_bool(&v).is_none() {
                return Err(FlagError::new(
                    ErrorKind::InvalidFlagValue,
                    format!(
                        "invalid boolean value {} for -{name}: parse error",
                        go_quote(&v)
                    ),
                ));
            }
            out.set.push((def.name, v));
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None => match queue.pop_front() {
                Some(v) => v,
                None => {
                    return Err(FlagError::new(
                        ErrorKind::FlagNeedsArgument,
                        format!("flag needs an argument: -{name}"),
                    ))
                }
            },
        };
        if let Some(why) = value_cause(def.kind, &value) {
            let cause = if why == "range" {
                "value out of range"
            } else {
                "parse error"
            };
            return Err(FlagError::new(
                ErrorKind::InvalidFlagValue,
                format!(
                    "invalid value {} for flag -{name}: {cause}",
                    go_quote(&value)
                ),
            ));
        }
        out.set.push((def.name, value));
    }
    Ok(out)
}

/// urfave's help flag (`--help, -h`).
pub(crate) const HELP: FlagDef = b("help").aliases(&["h"]);

/// Parses GNU `getopt_long` style arguments (crun's argp): options anywhere
/// (argp permutes), `--` ends them, grouped shorts, `-bVALUE`, unambiguous
/// prefixes of long options. Messages are glibc's, without the `prog: ` prefix.
pub(crate) fn parse_getopt(args: &[String], defs: &[FlagDef]) -> Result<Parsed, FlagError> {
    let mut out = Parsed::default();
    let mut idx = 0usize;
    let mut only_args = false;
    while let Some(a) = args.get(idx) {
        idx += 1;
        if only_args || a == "-" || !a.starts_with('-') {
            out.args.push(a.clone());
            continue;
        }
        if a == "--" {
            out.dash_at = Some(u32::try_from(out.args.len()).unwrap_or(u32::MAX));
            only_args = true;
            continue;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let exact = defs.iter().find(|d| d.name == name);
            let def = match exact {
                Some(d) => d,
                None => {
                    let matches: Vec<&FlagDef> =
                        defs.iter().filter(|d| d.name.starts_with(name)).collect();
                    match matches.as_slice() {
                        [one] => *one,
                        [] => {
                            return Err(FlagError::new(
                                ErrorKind::UnknownFlag,
                                format!("unrecognized option '--{name}'"),
                            ))
                        }
                        many => {
                            let list: Vec<String> =
                                many.iter().map(|d| format!("'--{}'", d.name)).collect();
                            return Err(FlagError::new(
                                ErrorKind::UnknownFlag,
                                format!(
                                    "option '--{name}' is ambiguous; possibilities: {}",
                                    list.join(" ")
                                ),
                            ));
                        }
                    }
                }
            };
            if def.kind == Kind::Bool {
                if inline.is_some() {
                    return Err(FlagError::new(
                        ErrorKind::InvalidFlagValue,
                        format!("option '--{}' doesn't allow an argument", def.name),
                    ));
                }
                out.set.push((def.name, "true".into()));
                continue;
            }
            let value = match inline {
                Some(v) => v,
                None => match args.get(idx) {
                    Some(v) => {
                        idx += 1;
                        v.clone()
                    }
                    None => {
                        return Err(FlagError::new(
                            ErrorKind::FlagNeedsArgument,
                            format!("option '--{}' requires an argument", def.name),
                        ))
                    }
                },
            };
            out.set.push((def.name, value));
            continue;
        }
        let mut rest: Vec<char> = a.chars().skip(1).collect();
        while !rest.is_empty() {
            let c = rest.remove(0);
            let Some(def) = defs.iter().find(|d| d.short == Some(c)) else {
                return Err(FlagError::new(
                    ErrorKind::UnknownFlag,
                    format!("invalid option -- {}", go_quote_char(c)),
                ));
            };
            if def.kind == Kind::Bool {
                out.set.push((def.name, "true".into()));
                continue;
            }
            let value = if !rest.is_empty() {
                rest.drain(..).collect()
            } else if let Some(v) = args.get(idx) {
                idx += 1;
                v.clone()
            } else {
                return Err(FlagError::new(
                    ErrorKind::FlagNeedsArgument,
                    format!("option requires an argument -- {}", go_quote_char(c)),
                ));
            };
            out.set.push((def.name, value));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
