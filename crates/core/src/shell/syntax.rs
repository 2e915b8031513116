//! What the parser makes of a command line: bash's grammar as people type it
//! (lists, pipelines, simple commands with assignments and redirections,
//! `for`, `while`/`until`, `if`, `{ … }`, `( … )`), and words made of parts
//! that expand differently (literal, quoted, parameters, substitutions).

/// A list: and-or lists run one after the other (`;`, `&`, newline).
pub type List = Vec<AndOr>;

/// `a && b || c`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AndOr {
    /// The first pipeline.
    pub first: Pipeline,
    /// Each following pipeline and whether it runs on success (`&&`) or
    /// failure (`||`) of what came before.
    pub rest: Vec<(Connector, Pipeline)>,
    /// Ended by `&` (run in the background by bash).
    pub background: bool,
}

/// `&&` or `||`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    /// `&&`
    And,
    /// `||`
    Or,
}

/// `! a | b | c`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    /// Negated with `!`.
    pub bang: bool,
    /// The stages.
    pub cmds: Vec<Command>,
}

/// One command with its redirections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// What it is.
    pub kind: Kind,
    /// Redirections, in order.
    pub redirs: Vec<Redir>,
}

/// The kinds of command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `X=1 prog args`.
    Simple {
        /// Assignments before the program.
        assigns: Vec<(String, Word)>,
        /// The program and its arguments.
        words: Vec<Word>,
    },
    /// `for x in a b; do …; done` (`items` is `None` without `in`).
    For {
        /// The variable.
        var: String,
        /// The words after `in`.
        items: Option<Vec<Word>>,
        /// The body.
        body: List,
    },
    /// `while cond; do …; done` (`until` negates the condition).
    While {
        /// `until` rather than `while`.
        until: bool,
        /// The condition.
        cond: List,
        /// The body.
        body: List,
    },
    /// `if c; then …; elif c; then …; else …; fi`.
    If {
        /// Conditions and their branches.
        branches: Vec<(List, List)>,
        /// The `else` branch.
        otherwise: Option<List>,
    },
    /// `{ …; }`.
    Group(List),
    /// `( … )`.
    Subshell(List),
}

/// A redirection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redir {
    /// The file descriptor redirected (0, 1, 2).
    pub fd: u32,
    /// What is done.
    pub op: RedirOp,
}

/// What a redirection does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirOp {
    /// `> file` (and `>|`).
    Out(Word),
    /// `>> file`.
    Append(Word),
    /// `< file`.
    In(Word),
    /// `N>&M` (`2>&1`), `N<&M`.
    Dup(u32),
    /// `N>&-`.
    Close,
    /// `&> file`, `&>> file` (append when true).
    Both(Word, bool),
    /// A here-document's body (`<<EOF`, `<<-EOF`), expanded unless the
    /// delimiter was quoted, or a here-string (`<<< word`, newline added).
    Here {
        /// The body as parts.
        body: Word,
    },
}

/// A word: parts joined.
pub type Word = Vec<Part>;

/// A piece of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Unquoted text: split-free, but globbing and tilde apply.
    Lit(String),
    /// Quoted text (`'…'`, `\x`): taken as is.
    Quoted(String),
    /// `"…"`: its parts expand but are not split or globbed.
    Double(Vec<Part>),
    /// `$NAME`, `${NAME…}`, `$?`.
    Param(Param),
    /// `$(…)` or `` `…` ``.
    Subst(Box<List>),
    /// `$((…))`: the expression's text.
    Arith(String),
}

/// A parameter expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The name (`HOME`, `?`, `1`, `#`).
    pub name: String,
    /// What is done with the value.
    pub op: ParamOp,
}

/// `${NAME op word}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamOp {
    /// `$NAME`.
    Plain,
    /// `${#NAME}`.
    Length,
    /// `${NAME:-w}` (colon: also when empty) / `${NAME-w}`.
    Default(bool, Word),
    /// `${NAME:=w}` / `${NAME=w}`.
    Assign(bool, Word),
    /// `${NAME:+w}` / `${NAME+w}`.
    Alt(bool, Word),
    /// `${NAME#p}` (`##`: longest).
    TrimFront(bool, Word),
    /// `${NAME%p}` (`%%`: longest).
    TrimBack(bool, Word),
    /// `${NAME/p/r}` (`//`: all).
    Replace(bool, Word, Word),
}

/// A word that is one unquoted literal (a reserved word, an alias, a name).
pub fn literal(w: &Word) -> Option<&str> {
    match w.as_slice() {
        [Part::Lit(s)] => Some(s),
        _ => None,
    }
}
