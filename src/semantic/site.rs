//! What a call site is: the resolved call with its arguments sorted into roles, the
//! facts worked out for it ([`super::facts`]) and what happens to its child
//! ([`super::children`]). Plain data; the modules that compute it depend on this one.

use swc_common::Span;
use swc_ecma_ast::{Expr, ExprOrSpread, Id};

use crate::models::{Api, Layout};

/// One resolved call to a command-running API, with its arguments sorted into
/// their roles. Positions that could not be told apart (a spread) are `None`, and
/// `spread` is set so rules can stay silent.
#[derive(Debug, Clone)]
pub struct CallSite<'a> {
    pub api: Api,
    pub promisified: bool,
    /// Third-party module the API came from (`shelljs`, `execa`, ...).
    pub wrapper: Option<&'static str>,
    /// The name the module calls the API by, when not the [`Api`]'s (for messages).
    pub name: Option<&'static str>,
    /// Where the program and its arguments sit (`Bun.spawn([file, ...args])`).
    pub layout: crate::models::Layout,
    /// The argument list as written.
    pub arg_list: &'a [ExprOrSpread],
    /// `new X(...)` rather than a call (the `vm` constructors).
    pub is_new: bool,
    pub span: Span,
    pub callee_span: Span,
    /// The callee expression (`None` for `new` expressions).
    pub callee: Option<&'a Expr>,
    pub command: Option<&'a Expr>,
    /// The argv array expression (`spawn(cmd, args)`), when present.
    pub args: Option<&'a Expr>,
    pub options: Option<&'a Expr>,
    pub callback: Option<&'a Expr>,
    /// An argument list with a spread: positions are unknown.
    pub spread: bool,
    /// What the call does, worked out once ([`super::facts`]).
    pub facts: CallFacts<'a>,
    /// What happens to the child (or result) the call returns.
    pub child: ChildUse<'a>,
}

impl CallSite<'_> {
    /// A `spawn`/`fork` child that stays in this file: Node's options, a readable
    /// argument list, and a child that does not escape (returned, passed on, stored).
    pub fn is_local_child(&self) -> bool {
        matches!(self.api, Api::Spawn | Api::Fork) && self.facts.node_options && !self.spread && !self.child.escapes
    }

    /// How the call reads in messages: `exec`, `shelljs.exec`, promisified `exec`.
    pub fn display_name(&self) -> String {
        let name = self.name.unwrap_or(self.api.name());
        let base = match (self.wrapper, self.api) {
            // A function of another file of the project (the cross-file pass): its
            // label says it all (`` `run` from lib/run.js ``).
            (Some(w), _) if w.starts_with('`') || w.starts_with("the default export of ") => {
                return w.to_string();
            }
            (Some(w), _)
                if matches!(
                    self.layout,
                    Layout::ArgvFirst | Layout::ArgsOption | Layout::Argv0 | Layout::RawTemplate
                ) =>
            {
                format!("`{w}.{name}`")
            }
            // The module is the function: `opener(..)`, `open(..)`, npm `exec(..)`.
            (Some(w), _) if self.layout == Layout::AppOption => format!("`{w}`"),
            (Some(w), _) if self.layout == Layout::ShellOrArgv => format!("the `{w}` package"),
            (Some(w), _) if crate::models::runs_remotely(w) => format!("{w}'s `{name}` on the remote host"),
            (Some(w), Api::ShellString | Api::Execa | Api::ExecaCommand) => format!("{w}'s `{name}`"),
            (Some(w), _) if self.promisified && crate::models::is_promisifier(w) => {
                format!("`{name}` promisified by {w}")
            }
            (Some(w), _) => format!("`{name}` from {w}"),
            (None, _) => format!("`{name}`"),
        };
        if self.promisified && self.wrapper.is_none() { format!("promisified {base}") } else { base }
    }
}

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
    /// `powershell`/`pwsh`: everything after `-Command` (or `-EncodedCommand`) is the script.
    PowerShell,
    /// An interpreter with an eval flag (`node -e`/`-p`, `python -c`, `perl -e`,
    /// `ruby -e`, `php -r`, `osascript -e`): the argument after the flag is a program.
    Interpreter,
}

/// The family of a shell program (`/bin/bash`, `cmd.exe`, `pwsh`).
pub fn shell_family(program: &str) -> Option<ShellFamily> {
    let base = program.rsplit(['/', '\\']).next().unwrap_or(program).to_ascii_lowercase();
    let base = base.strip_suffix(".exe").unwrap_or(&base);
    match base {
        "sh" | "bash" | "zsh" | "dash" | "ksh" | "ash" | "mksh" | "busybox" => Some(ShellFamily::Posix),
        "cmd" => Some(ShellFamily::Cmd),
        "powershell" | "pwsh" => Some(ShellFamily::PowerShell),
        "node" | "nodejs" | "perl" | "ruby" | "php" | "osascript" | "py" => Some(ShellFamily::Interpreter),
        b if b.strip_prefix("python").is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.')) => {
            Some(ShellFamily::Interpreter)
        }
        _ => None,
    }
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
    /// cmd and PowerShell: every one after it; an interpreter: the one after each
    /// eval flag).
    pub script: Vec<&'a ExprOrSpread>,
    /// Number of argv elements.
    pub argc: usize,
    /// The program is one of several shells picked at run time; `program` is one
    /// of them (the POSIX one when there is one).
    pub chosen: bool,
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
    pub command: super::command_text::CommandText,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Child,
    Stdin,
    Stdout,
    Stderr,
}

#[derive(Debug, Clone)]
pub struct Listener<'a> {
    pub target: Target,
    pub event: String,
    pub handler: Option<&'a Expr>,
    pub span: Span,
}

/// How the value a call returns is held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Holder {
    /// Used only where it is created: an expression statement, a chain of `.on(..)`,
    /// a property read (`spawnSync(..).status`).
    #[default]
    Inline,
    /// Bound to a local variable.
    Held(Id),
}

#[derive(Debug, Clone, Default)]
pub struct ChildUse<'a> {
    pub holder: Holder,
    /// Returned, passed to a function, stored on an object or in an outer variable.
    pub escapes: bool,
    pub listeners: Vec<Listener<'a>>,
    /// `stdout`/`stderr` read, piped, passed on or referenced at all.
    pub stdout_used: bool,
    pub stderr_used: bool,
    /// First `stdin.write`/`stdin.end`/`x.pipe(child.stdin)`.
    pub stdin_written: Option<Span>,
    /// `stdin` handed to `pipeline(..)` (errors handled there) or passed on.
    pub stdin_handled: bool,
    /// `child.kill(..)` calls: (span, inside a timer callback).
    pub kills: Vec<(Span, bool)>,
    pub unref: bool,
    /// Properties read from the value (`status`, `error`, `exitCode`, ...).
    pub props_read: Vec<String>,
    /// The call's own value is awaited (`await execAsync(..)`).
    pub awaited: bool,
    /// Bound with `using` / `await using` (`using child = spawn(..)`): the child is
    /// killed when the scope ends (`ChildProcess[Symbol.dispose]`, Node 20.5+).
    /// Only for calls that return a `ChildProcess`.
    pub disposed: bool,
}

impl ChildUse<'_> {
    pub fn listens(&self, target: Target, events: &[&str]) -> bool {
        self.listeners.iter().any(|l| l.target == target && events.contains(&l.event.as_str()))
    }
}

/// Per-file facts the lifecycle rules need besides the per-call summaries.
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    /// Spans of functions that handle HTTP requests (express/koa/fastify/hapi-style
    /// route handlers, `http.createServer` callbacks).
    pub handlers: Vec<Span>,
    /// The file registers `process.on("exit" | "SIGTERM" | "SIGINT" | ..)`.
    pub parent_exit_handler: bool,
}
