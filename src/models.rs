//! The table of modules cplint knows: `child_process` itself, the helpers that
//! reach it (`util.promisify`, `path`), and third-party wrappers that run commands.
//!
//! Every entry is keyed by the string a program passes to `require`/`import`, so a
//! binding only ever reaches this table through a real import, never by its spelling.

/// A command-running API, after resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Api {
    Exec,
    ExecSync,
    ExecFile,
    ExecFileSync,
    Spawn,
    SpawnSync,
    Fork,
    /// A wrapper function that runs a shell command string (`shelljs.exec`, ...).
    ShellString,
    /// `execa(file, args, options)`: no shell unless `shell` is set.
    Execa,
    /// `execaCommand(command, options)`: splits on spaces; a shell only with `shell`.
    ExecaCommand,
    /// `vm.runInNewContext(code)`, `runInContext`, `runInThisContext`, `compileFunction`.
    VmRun,
    /// `new vm.Script(code)`, `new vm.SourceTextModule(code)`.
    VmNew,
    /// Any constructor of `vm2` (`new VM()`, `new NodeVM()`, `new VMScript()`).
    Vm2,
}

impl Api {
    pub fn name(self) -> &'static str {
        match self {
            Api::Exec => "exec",
            Api::ExecSync => "execSync",
            Api::ExecFile => "execFile",
            Api::ExecFileSync => "execFileSync",
            Api::Spawn => "spawn",
            Api::SpawnSync => "spawnSync",
            Api::Fork => "fork",
            Api::ShellString => "exec",
            Api::Execa => "execa",
            Api::ExecaCommand => "execaCommand",
            Api::VmRun => "vm",
            Api::VmNew => "vm",
            Api::Vm2 => "vm2",
        }
    }

    /// Used with `new`.
    pub fn is_constructor(self) -> bool {
        matches!(self, Api::VmNew | Api::Vm2)
    }

    /// Starts a child process (everything but the `vm` entries).
    pub fn is_process(self) -> bool {
        !matches!(self, Api::VmRun | Api::VmNew | Api::Vm2)
    }

    /// Always hands its first argument to a shell.
    pub fn is_shell_string(self) -> bool {
        matches!(self, Api::Exec | Api::ExecSync | Api::ShellString)
    }

    /// Takes `(file, args?, options?)` and uses a shell only when `shell` is set.
    pub fn is_file_args(self) -> bool {
        matches!(self, Api::ExecFile | Api::ExecFileSync | Api::Spawn | Api::SpawnSync | Api::Execa)
    }
}

/// What a module (or a member of it) is, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModKind {
    /// `child_process` or a drop-in module with the same API. `promisified` marks
    /// modules whose functions return promises (`mz/child_process`, ...).
    ChildProcess { promisified: bool },
    /// `util` (for `promisify`).
    Util,
    /// `path` (`join`/`resolve` of constants fold to constants).
    Path,
    /// A module whose members are modelled one by one ([`member_api`]).
    Wrapper(Wrapper),
    /// A module whose exports quote a value for a shell ([`is_quoting_export`]).
    Quoting(Quoter),
    /// A promisifier: `pify(fn)` or `bluebird.promisify(fn)`.
    Promisifier,
    /// `node:vm`.
    Vm,
    /// `vm2` (deprecated, with known sandbox escapes).
    Vm2,
    /// `http`/`https`/`http2` (`createServer` handlers).
    Http,
    /// A module with wrappers declared in `cplint.toml`: the index of its first
    /// wrapper in [`super::user_wrappers::FileWrappers`].
    User(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapper {
    ShellJs,
    Execa,
    CrossSpawn,
    /// The module itself is a function taking a shell command string.
    ShellFunction,
    /// `platform-command`: `.exec`/`.execSync` take a shell command string.
    PlatformCommand,
    /// `node-cmd`: `.run`/`.runSync`/`.get` take a shell command string.
    NodeCmd,
    /// `exec-limiter`: `new ExecLimiter(n).add(cmd, ...)`.
    ExecLimiter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoter {
    /// `shell-quote`: `quote([..])`.
    ShellQuote,
    /// The module itself quotes (`shell-escape`, `any-shell-escape`, ...).
    Function,
    /// `shescape`: `quote`, `quoteAll`, `escape`, `escapeAll`.
    Shescape,
}

/// Modules recognised by their import specifier.
pub const MODULES: &[(&str, ModKind)] = &[
    ("child_process", ModKind::ChildProcess { promisified: false }),
    ("node:child_process", ModKind::ChildProcess { promisified: false }),
    ("mz/child_process", ModKind::ChildProcess { promisified: true }),
    ("child-process-promise", ModKind::ChildProcess { promisified: true }),
    ("child-process-async", ModKind::ChildProcess { promisified: true }),
    ("promisify-child-process", ModKind::ChildProcess { promisified: true }),
    ("util", ModKind::Util),
    ("node:util", ModKind::Util),
    ("path", ModKind::Path),
    ("node:path", ModKind::Path),
    ("path/posix", ModKind::Path),
    ("node:path/posix", ModKind::Path),
    ("shelljs", ModKind::Wrapper(Wrapper::ShellJs)),
    ("execa", ModKind::Wrapper(Wrapper::Execa)),
    ("cross-spawn", ModKind::Wrapper(Wrapper::CrossSpawn)),
    ("shell-exec", ModKind::Wrapper(Wrapper::ShellFunction)),
    ("exec-sh", ModKind::Wrapper(Wrapper::ShellFunction)),
    ("exec-queue", ModKind::Wrapper(Wrapper::ShellFunction)),
    ("sync-exec", ModKind::Wrapper(Wrapper::ShellFunction)),
    ("exec-async", ModKind::Wrapper(Wrapper::ShellFunction)),
    ("await-exec", ModKind::Wrapper(Wrapper::ShellFunction)),
    ("async-execute", ModKind::Wrapper(Wrapper::ShellFunction)),
    ("aexec", ModKind::Wrapper(Wrapper::ShellFunction)),
    ("platform-command", ModKind::Wrapper(Wrapper::PlatformCommand)),
    ("node-cmd", ModKind::Wrapper(Wrapper::NodeCmd)),
    ("exec-limiter", ModKind::Wrapper(Wrapper::ExecLimiter)),
    ("shell-quote", ModKind::Quoting(Quoter::ShellQuote)),
    ("shell-escape", ModKind::Quoting(Quoter::Function)),
    ("any-shell-escape", ModKind::Quoting(Quoter::Function)),
    ("shell-escape-tag", ModKind::Quoting(Quoter::Function)),
    ("shell-args", ModKind::Quoting(Quoter::Function)),
    ("shescape", ModKind::Quoting(Quoter::Shescape)),
    ("vm", ModKind::Vm),
    ("node:vm", ModKind::Vm),
    ("vm2", ModKind::Vm2),
    ("http", ModKind::Http),
    ("node:http", ModKind::Http),
    ("https", ModKind::Http),
    ("node:https", ModKind::Http),
    ("http2", ModKind::Http),
    ("node:http2", ModKind::Http),
    ("pify", ModKind::Promisifier),
    ("bluebird", ModKind::Promisifier),
    ("promise", ModKind::Promisifier),
    ("q", ModKind::Promisifier),
    ("es6-promisify", ModKind::Promisifier),
    ("thenify", ModKind::Promisifier),
    ("util.promisify", ModKind::Promisifier),
];

/// Whether importing a module of this kind can, by itself, lead to a call site
/// (the kinds the pre-filter looks for; `util`, `path`, `http` and quoting helpers
/// only matter next to one of these).
pub fn is_call_capable(kind: ModKind) -> bool {
    matches!(kind, ModKind::ChildProcess { .. } | ModKind::Wrapper(_) | ModKind::Vm | ModKind::Vm2)
}

/// Names of the modules of [`is_call_capable`] kinds.
pub fn call_capable_names() -> impl Iterator<Item = &'static str> {
    MODULES.iter().filter(|(_, k)| is_call_capable(*k)).map(|(name, _)| *name)
}

/// The byte strings the pre-filter searches for: every call-capable module name that
/// does not end with another one (`node:child_process` and `mz/child_process` end
/// with `child_process`, so one needle finds all three). Each hit is then checked
/// by [`crate::prefilter`] for the quotes and the context around it.
pub fn prefilter_needles() -> Vec<String> {
    let names: Vec<&str> = call_capable_names().collect();
    let mut v: Vec<String> = names
        .iter()
        .filter(|n| !names.iter().any(|m| m.len() < n.len() && n.ends_with(*m)))
        // `vm` alone is too common a pair of bytes: with its closing quote.
        .flat_map(
            |n| if n.len() < 3 { ["'", "\"", "`"].map(|q| format!("{n}{q}")).to_vec() } else { vec![n.to_string()] },
        )
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

pub fn lookup(specifier: &str) -> Option<ModKind> {
    MODULES.iter().find(|(name, _)| *name == specifier).map(|(_, k)| *k)
}

/// The API a named export of `child_process` stands for.
pub fn child_process_api(name: &str) -> Option<Api> {
    Some(match name {
        "exec" => Api::Exec,
        "execSync" => Api::ExecSync,
        "execFile" => Api::ExecFile,
        "execFileSync" => Api::ExecFileSync,
        "spawn" => Api::Spawn,
        "spawnSync" => Api::SpawnSync,
        "fork" => Api::Fork,
        _ => return None,
    })
}

/// What calling the module value itself does (`execa(...)`, `crossSpawn(...)`).
pub fn callable_api(w: Wrapper) -> Option<Api> {
    match w {
        Wrapper::Execa => Some(Api::Execa),
        Wrapper::CrossSpawn => Some(Api::Spawn),
        Wrapper::ShellFunction => Some(Api::ShellString),
        _ => None,
    }
}

/// What a member of a wrapper module does.
pub fn member_api(w: Wrapper, name: &str) -> Option<Api> {
    match (w, name) {
        (Wrapper::ShellJs, "exec") => Some(Api::ShellString),
        (Wrapper::Execa, "execa" | "sync" | "execaSync" | "node" | "execaNode") => Some(Api::Execa),
        (Wrapper::Execa, "command" | "commandSync" | "execaCommand" | "execaCommandSync") => Some(Api::ExecaCommand),
        (Wrapper::Execa, "shell" | "shellSync") => Some(Api::ShellString),
        (Wrapper::CrossSpawn, "spawn") => Some(Api::Spawn),
        (Wrapper::CrossSpawn, "sync") => Some(Api::SpawnSync),
        (Wrapper::ShellFunction, "sync" | "promise" | "exec" | "execSync") => Some(Api::ShellString),
        (Wrapper::PlatformCommand, "exec" | "execSync") => Some(Api::ShellString),
        (Wrapper::NodeCmd, "run" | "runSync" | "get") => Some(Api::ShellString),
        _ => None,
    }
}

/// Whether `module.name` (or the module itself when `name` is `None`) quotes for a shell.
/// What a member of `node:vm` does.
pub fn vm_api(name: &str) -> Option<Api> {
    match name {
        "runInNewContext" | "runInContext" | "runInThisContext" | "compileFunction" => Some(Api::VmRun),
        "Script" | "SourceTextModule" => Some(Api::VmNew),
        _ => None,
    }
}

pub fn is_quoting_export(q: Quoter, name: Option<&str>) -> bool {
    matches!(
        (q, name),
        (Quoter::ShellQuote, Some("quote"))
            | (Quoter::Function, None | Some("default"))
            | (Quoter::Shescape, Some("quote" | "quoteAll" | "escape" | "escapeAll"))
    )
}

/// Names of same-file helper functions that conventionally quote for a shell. A call
/// to one of these marks its result as quoted; listed in the `shell-injection` docs.
pub const QUOTING_HELPER_NAMES: &[&str] = &[
    "quote",
    "shellescape",
    "shellquote",
    "escapeshellarg",
    "escapeshell",
    "shellescapearg",
    "quoteshellarg",
    "quoteshell",
    "shellarg",
    "quotearg",
];

pub fn is_quoting_helper_name(name: &str) -> bool {
    let folded: String = name.chars().filter(|c| *c != '_' && *c != '-').flat_map(|c| c.to_lowercase()).collect();
    if QUOTING_HELPER_NAMES.contains(&folded.as_str()) {
        return true;
    }
    // `sanitizeShellString`, `escapeCmdArg`, `quoteForShell`, ...: a verb of quoting
    // together with a shell noun.
    // Any `sanitize...` helper applied inside a command line is taken as the
    // author's shell sanitiser (`sanitizeString`, `sanitizeInput`).
    if folded.starts_with("sanitize") || folded.starts_with("sanitise") {
        return true;
    }
    let verb = ["escape", "quote", "sanitize", "sanitise"].iter().any(|v| folded.contains(v));
    let noun = ["shell", "cmd", "command", "arg"].iter().any(|n| folded.contains(n));
    verb && noun
}
