//! Per-call facts, computed once for every [`CallSite`] after the call sites and
//! their children are known: the argv as far as it can be read, the shell in
//! effect, the program and subcommand, the stdio slots, whether the options are
//! Node's own, and how a callback uses its parameters. Rules read these; none of
//! them resolves an argv, a `shell` option or a program name on its own.

use swc_common::Span;
use swc_ecma_ast::{AssignOp, Expr, ExprOrSpread, Lit, Pat};

use super::resolve::{member_name, unparen};
use super::values::PropValue;
use super::{Api, CallSite, Decl, Opt, Part, Semantic, Shape, Tri};

/// The argument array of a call.
#[derive(Debug, Clone, Default)]
pub enum Argv<'a> {
    /// No argv argument (a shell string API, or `spawn(cmd)` alone).
    #[default]
    Absent,
    /// An array literal, written in the call or held in a `const`-like binding
    /// that is never changed afterwards (no `push`, no member writes, no mutation).
    Elements(Vec<&'a ExprOrSpread>),
    /// Something cplint cannot list element by element (a parameter, a call, a
    /// binding that is changed after it is made).
    Opaque(&'a Expr),
}

impl<'a> Argv<'a> {
    /// The listed elements, when they could be listed.
    pub fn elements(&self) -> Option<&[&'a ExprOrSpread]> {
        match self {
            Argv::Elements(e) => Some(e),
            _ => None,
        }
    }
}

/// The `shell` option of a call, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellOpt {
    /// No options, or options without `shell`.
    Absent,
    /// `shell` is falsy.
    Off,
    /// `shell` is truthy, or present with a value cplint cannot fold.
    On(Span),
    /// The options object itself is unknown.
    Unknown,
}

/// A family of shells, by how it reads its script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellFamily {
    /// `sh`, `bash`, `zsh`, `dash`, ...: one script after `-c`; later words are `$0`, `$1`.
    Posix,
    /// `cmd.exe`: everything after `/c` or `/k` is the script.
    Cmd,
    /// `powershell`/`pwsh`: everything after `-Command` is the script.
    PowerShell,
}

/// A shell named as the program, with the flag that makes its next argument a
/// script: `spawn("sh", ["-c", script])`, `execFile("cmd.exe", ["/c", ...])`.
#[derive(Debug, Clone)]
pub struct ExplicitShell<'a> {
    pub family: ShellFamily,
    /// The program as written (`/bin/bash`).
    pub program: String,
    /// The script flag as written (`-c`, `-lc`, `/c`, `-Command`).
    pub flag: String,
    /// Index of the flag in the argv.
    pub flag_at: usize,
    /// The argv elements that make up the script (POSIX: the one after the flag;
    /// cmd and PowerShell: every one after it).
    pub script: Vec<&'a ExprOrSpread>,
    /// Number of argv elements.
    pub argc: usize,
}

/// The shell a call's command reaches, and where that comes from.
#[derive(Debug, Clone)]
pub enum Shell<'a> {
    /// No shell runs (`spawn`/`execFile` without `shell`, `shell: false`).
    None,
    /// The API always runs `/bin/sh -c` (or `cmd.exe /d /s /c`): `exec`, `execSync`,
    /// `shelljs.exec`.
    Api,
    /// A `shell` option that is truthy or cannot be folded (its span).
    Option(Span),
    /// A shell program with a script flag in the argv.
    Program(ExplicitShell<'a>),
    /// The options cannot be read, so whether a shell runs is unknown.
    Unknown,
}

/// How one stdio slot is set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Pipe,
    /// This process's own stream: `'inherit'`, `0`/`1`/`2`, `process.stdin`, ...
    Inherit,
    /// `'ignore'`, a file descriptor or stream of some other kind.
    Other,
    Unknown,
}

/// Everything rules ask about one call beyond its raw arguments.
#[derive(Debug, Clone)]
pub struct CallFacts<'a> {
    pub argv: Argv<'a>,
    /// The `shell` option as written (for `spawn`-style and execa calls).
    pub shell_option: ShellOpt,
    pub shell: Shell<'a>,
    /// The program, when its text is known: the first word of a shell command or the
    /// file of `execFile`/`spawn`, without directory and `.exe`/`.cmd` (as written:
    /// compare with `to_ascii_lowercase`). `process.execPath` is `node`.
    pub program: Option<String>,
    /// The first argument after the program that is not an option (`git status` →
    /// `status`), when constant.
    pub subcommand: Option<String>,
    /// `[stdin, stdout, stderr]`, or `None` when the options cannot be read.
    pub stdio: Option<[Slot; 3]>,
    /// The call takes `child_process`'s own options (Node's API, or a wrapper
    /// module that passes them through unchanged).
    pub node_options: bool,
    /// Whether the callback reads its first (error) parameter: `None` when there is
    /// no callback or it is not a function written here.
    pub callback_reads_error: Option<bool>,
    /// The command line as the command model reads it ([`super::commands`]).
    pub command: super::commands::CommandText,
}

impl Default for CallFacts<'_> {
    fn default() -> Self {
        CallFacts {
            argv: Argv::Absent,
            shell_option: ShellOpt::Absent,
            shell: Shell::None,
            program: None,
            subcommand: None,
            stdio: None,
            node_options: true,
            callback_reads_error: None,
            command: Default::default(),
        }
    }
}

/// Works out the facts of `site`.
pub fn of<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> CallFacts<'a> {
    let argv = match site.args {
        None => Argv::Absent,
        Some(a) => match array_elements(sem, a) {
            Some(elems) => Argv::Elements(elems),
            None => Argv::Opaque(a),
        },
    };
    let shell_option = shell_option(sem, site);
    let shell = if site.api.is_shell_string() {
        Shell::Api
    } else {
        match shell_option {
            ShellOpt::On(span) => Shell::Option(span),
            ShellOpt::Unknown => Shell::Unknown,
            ShellOpt::Absent | ShellOpt::Off => match explicit_shell(sem, site, &argv) {
                Some(e) => Shell::Program(e),
                None => Shell::None,
            },
        }
    };
    let program = program_name(sem, site);
    let subcommand = subcommand(sem, site, &argv);
    let command = super::commands::of(sem, site, &argv, shell_option);
    CallFacts {
        command,
        stdio: stdio(sem, site),
        node_options: same_options_as_node(site),
        callback_reads_error: site.callback.and_then(|cb| sem.param_read(cb, 0)),
        argv,
        shell_option,
        shell,
        program,
        subcommand,
    }
}

/// Elements of an array literal, directly or through a binding whose value is that
/// literal and that is never changed afterwards.
fn array_elements<'a>(sem: &Semantic<'a>, e: &'a Expr) -> Option<Vec<&'a ExprOrSpread>> {
    match unparen(e) {
        Expr::Array(a) => Some(a.elems.iter().flatten().collect()),
        Expr::Ident(i) => match sem.binding_value(i) {
            Some((v, []))
                if sem
                    .bindings
                    .get(i)
                    .is_some_and(|b| b.member_assigns.is_empty() && b.pushes.is_empty() && !b.mutated) =>
            {
                array_elements(sem, v)
            }
            _ => None,
        },
        _ => None,
    }
}

fn shell_option<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> ShellOpt {
    let Some(opts) = site.options else {
        return if site.spread { ShellOpt::Unknown } else { ShellOpt::Absent };
    };
    let props = sem.props_of(opts);
    if matches!(props, super::Props::Unknown) {
        return ShellOpt::Unknown;
    }
    let Some(entry) = props.get("shell") else {
        return ShellOpt::Absent;
    };
    match entry.value.map(|v| sem.prop_truthiness(v)) {
        Some(Tri::False) => ShellOpt::Off,
        _ => ShellOpt::On(entry.span),
    }
}

/// The family of a shell program (`/bin/bash`, `cmd.exe`, `pwsh`).
pub fn shell_family(program: &str) -> Option<ShellFamily> {
    let base = program.rsplit(['/', '\\']).next().unwrap_or(program).to_ascii_lowercase();
    let base = base.strip_suffix(".exe").unwrap_or(&base);
    match base {
        "sh" | "bash" | "zsh" | "dash" | "ksh" | "ash" | "mksh" | "busybox" => Some(ShellFamily::Posix),
        "cmd" => Some(ShellFamily::Cmd),
        "powershell" | "pwsh" => Some(ShellFamily::PowerShell),
        _ => None,
    }
}

fn is_script_flag(family: ShellFamily, flag: &str) -> bool {
    match family {
        ShellFamily::Posix => {
            flag.len() >= 2
                && flag.starts_with('-')
                && !flag.starts_with("--")
                && flag[1..].chars().all(|c| c.is_ascii_alphabetic())
                && flag.contains('c')
        }
        ShellFamily::Cmd => matches!(flag.to_ascii_lowercase().as_str(), "/c" | "/k"),
        ShellFamily::PowerShell => matches!(flag.to_ascii_lowercase().as_str(), "-command" | "-c" | "/command" | "/c"),
    }
}

fn explicit_shell<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, argv: &Argv<'a>) -> Option<ExplicitShell<'a>> {
    if !site.api.is_file_args() {
        return None;
    }
    let program = sem.shape(site.command?).as_literal()?;
    let family = shell_family(program.trim())?;
    let elems = argv.elements()?;
    let mut flag_at = None;
    for (i, el) in elems.iter().enumerate() {
        if el.spread.is_some() {
            return None;
        }
        let Some(text) = sem.shape(&el.expr).as_literal() else {
            continue;
        };
        if is_script_flag(family, &text) {
            flag_at = Some((i, text));
            break;
        }
    }
    let (at, flag) = flag_at?;
    let script: Vec<&'a ExprOrSpread> = match family {
        ShellFamily::Posix => elems.get(at + 1).copied().into_iter().collect(),
        _ => elems[at + 1..].to_vec(),
    };
    Some(ExplicitShell { family, program: program.to_string(), flag, flag_at: at, script, argc: elems.len() })
}

/// Wrapper modules whose options are `child_process`'s own.
fn same_options_as_node(site: &CallSite<'_>) -> bool {
    match site.wrapper {
        None => true,
        Some(w) => matches!(
            w,
            "cross-spawn"
                | "mz/child_process"
                | "child-process-promise"
                | "child-process-async"
                | "promisify-child-process"
        ),
    }
}

/// The program a call runs, when its text is known.
fn program_name<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> Option<String> {
    let cmd = site.command?;
    if let Expr::Member(m) = unparen(cmd)
        && let (Expr::Ident(o), Some(p)) = (unparen(&m.obj), member_name(&m.prop))
        && o.sym == *"process"
        && sem.is_unresolved(o.ctxt)
        && p == "execPath"
    {
        return Some("node".into());
    }
    // A variable assigned several commands (`cmd = a` in one branch, `cmd = b` in
    // another): a name only when every assignment agrees on it.
    if let Expr::Ident(i) = unparen(cmd)
        && let Some(b) = sem.bindings.get(i)
        && let Decl::Var { init, .. } = &b.decl
    {
        let plain: Vec<&Expr> = b.assigns.iter().filter(|(op, _)| *op == AssignOp::Assign).map(|(_, e)| *e).collect();
        if !plain.is_empty() {
            let mut names = Vec::new();
            let candidates = init.iter().copied().filter(|e| sem.shape(e).as_literal().as_deref() != Some(""));
            for e in candidates.chain(plain) {
                names.push(first_program(site, &sem.shape(e)));
            }
            let first = names.first().cloned().flatten();
            return if names.iter().all(|n| *n == first) { first } else { None };
        }
    }
    first_program(site, &sem.shape(cmd))
}

fn first_program(site: &CallSite<'_>, shape: &Shape) -> Option<String> {
    let Some(Part::Lit(first)) = shape.parts.first() else {
        return None;
    };
    let word = if site.api.is_shell_string() || site.api == Api::ExecaCommand {
        first.split_whitespace().next()?.to_string()
    } else {
        if shape.parts.len() > 1 {
            return None;
        }
        first.trim().to_string()
    };
    // Shell syntax rather than a program (`for f in ...`, `VAR=1 cmd`, `(cd x && ...)`).
    if SHELL_WORDS.contains(&word.as_str())
        || word.contains(['=', '(', '$', '`', '{'])
        || word.starts_with([';', '|', '&'])
    {
        return None;
    }
    let base = word.rsplit(['/', '\\']).next().unwrap_or(&word);
    let lower = base.to_ascii_lowercase();
    let cut = if lower.ends_with(".exe") || lower.ends_with(".cmd") { base.len() - 4 } else { base.len() };
    let base = base[..cut].to_string();
    (!base.is_empty()).then_some(base)
}

const SHELL_WORDS: &[&str] =
    &["for", "if", "while", "until", "case", "do", "then", "export", "set", "exec", "eval", "!", "[", "[["];

/// The first constant word after the program that does not start with `-`: the
/// second word of a constant shell command's leading text, or the first such argv
/// element.
fn subcommand<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, argv: &Argv<'a>) -> Option<String> {
    let plain = |w: &str| !w.is_empty() && !w.starts_with('-') && !w.contains(['$', '`', '|', '&', ';', '>', '<']);
    if site.api.is_shell_string() || site.api == Api::ExecaCommand {
        let Some(Part::Lit(first)) = sem.shape(site.command?).parts.first().cloned() else {
            return None;
        };
        let mut words = first.split_whitespace();
        words.next()?;
        // Only when the word is complete (followed by more text, or the whole command).
        let word = words.next()?;
        return plain(word).then(|| word.to_string());
    }
    for el in argv.elements()? {
        if el.spread.is_some() {
            return None;
        }
        let text = sem.shape(&el.expr).as_literal()?;
        if text.starts_with('-') {
            continue;
        }
        return plain(&text).then(|| text.to_string());
    }
    None
}

fn slot_of<'a>(sem: &Semantic<'a>, e: Option<&'a Expr>) -> Slot {
    let Some(e) = e else { return Slot::Pipe };
    match unparen(e) {
        Expr::Lit(Lit::Null(_)) => Slot::Pipe,
        Expr::Ident(i) if sem.is_unresolved(i.ctxt) && i.sym == *"undefined" => Slot::Pipe,
        other => match sem.shape(other).as_literal().as_deref() {
            Some("pipe" | "overlapped") => Slot::Pipe,
            Some("inherit" | "0" | "1" | "2") => Slot::Inherit,
            Some(_) => Slot::Other,
            None => match other {
                Expr::Member(m)
                    if matches!(unparen(&m.obj), Expr::Ident(o) if o.sym == *"process" && sem.is_unresolved(o.ctxt))
                        && matches!(member_name(&m.prop).as_deref(), Some("stdin" | "stdout" | "stderr")) =>
                {
                    Slot::Inherit
                }
                Expr::Lit(Lit::Num(_)) | Expr::Member(_) => Slot::Other,
                _ => Slot::Unknown,
            },
        },
    }
}

/// The stdin/stdout/stderr setup of a call, or `None` when the options cannot be read.
fn stdio<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> Option<[Slot; 3]> {
    let default = if site.api == Api::Fork {
        // fork inherits the parent's stdio unless `silent` is set.
        match sem.option_truthiness(site, "silent")? {
            Tri::True => [Slot::Pipe; 3],
            Tri::False => [Slot::Inherit; 3],
            Tri::Unknown => [Slot::Unknown; 3],
        }
    } else {
        [Slot::Pipe; 3]
    };
    let entry = match sem.option(site, "stdio") {
        Opt::Unknown => return None,
        Opt::Absent => return Some(default),
        Opt::Present(e) => e,
    };
    let Some(PropValue::Expr(v)) = entry.value else {
        return Some([Slot::Unknown; 3]);
    };
    match unparen(v) {
        Expr::Array(a) => {
            let mut out = [Slot::Pipe; 3];
            for (i, slot) in out.iter_mut().enumerate() {
                *slot = match a.elems.get(i) {
                    Some(Some(el)) if el.spread.is_some() => Slot::Unknown,
                    Some(Some(el)) => slot_of(sem, Some(&el.expr)),
                    _ => Slot::Pipe,
                };
            }
            Some(out)
        }
        other => {
            let s = slot_of(sem, Some(other));
            Some([s; 3])
        }
    }
}

impl<'a> Semantic<'a> {
    /// Whether the function `f` (written here) reads its parameter `index`: `None`
    /// when `f` is not a function expression, `Some(false)` when the parameter is
    /// missing or never used.
    pub fn param_read(&self, f: &'a Expr, index: usize) -> Option<bool> {
        let params: Vec<&Pat> = match unparen(f) {
            Expr::Fn(func) => func.function.params.iter().map(|p| &p.pat).collect(),
            Expr::Arrow(a) => a.params.iter().collect(),
            _ => return None,
        };
        match params.get(index) {
            None => Some(false),
            Some(Pat::Ident(b)) => Some(self.bindings.get(&b.id).is_some_and(|x| x.escapes > 0)),
            Some(Pat::Assign(a)) => match &*a.left {
                Pat::Ident(b) => Some(self.bindings.get(&b.id).is_some_and(|x| x.escapes > 0)),
                _ => Some(true),
            },
            Some(_) => Some(true),
        }
    }
}
