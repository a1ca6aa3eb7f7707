//! The table of modules cplint knows: `child_process` itself, the helpers that
//! reach it (`util.promisify`, `pify`, `bluebird`, `path`), and third-party
//! libraries that run commands. Plain data: the semantic layer reads it, no code
//! here walks a program.
//!
//! Every entry is keyed by the string a program passes to `require`/`import`, so a
//! binding only ever reaches this table through a real import, never by its spelling.
//! The globals `exec` (after `require("shelljs/global")`) are the only names taken
//! from the global scope, and only while no local binding shadows them.
//!
//! # Where the arguments sit
//!
//! Each row maps an API onto the [`Api`] whose argument layout and shell semantics
//! it shares; rules then treat the call like that `child_process` function:
//!
//! | [`Api`] | arguments | shell |
//! |---|---|---|
//! | `Exec`, `ExecSync`, `ShellString` | `(command, options?, callback?)` | always (`/bin/sh -c`) |
//! | `ExecFile`, `ExecFileSync`, `Spawn`, `SpawnSync`, `Execa` | `(file, args?, options?, callback?)` | only with a truthy `shell` option |
//! | `Fork` | `(modulePath, args?, options?)` | never (runs `node`) |
//! | `ExecaCommand` | `(command, options?)`: split on spaces into file and args | only with a truthy `shell` option |
//!
//! # The rows
//!
//! | module | export | [`Api`] | promise |
//! |---|---|---|---|
//! | `child_process`, `node:child_process` | `exec`, `execSync`, `execFile`, `execFileSync`, `spawn`, `spawnSync`, `fork` | same name | no |
//! | `mz/child_process`, `child-process-promise`, `child-process-async`, `promisify-child-process` | the same names | same name | yes |
//! | any `child_process` module | `execAsync`, `execFileAsync`, ... (what `bluebird.promisifyAll` adds) | the name without `Async` | yes |
//! | `util.promisify(f)`, `pify(f)`, `thenify(f)`, `es6-promisify`'s `promisify(f)`, `bluebird.promisify(f)`, `promise`/`q`'s `denodeify(f)`, `util-promisify(f)`, `util.promisify-all(f)`, `@gar/promisify(f)`, `@google-cloud/promisify`'s `promisify(f)` | — | `f`'s | yes |
//! | `pify(cp)`, `thenify-all(cp)` and its `withCallback(cp)`, `bluebird.promisifyAll(cp)`, `util.promisify-all(cp)`, `@gar/promisify(cp)` | the module's names | same name | yes |
//!
//! The wrapper libraries are the rows of [`MEMBERS`]: shelljs, execa (1-9),
//! cross-spawn, cross-spawn-async, shell-exec and its kin, platform-command,
//! node-cmd, exec-limiter, node-pty, foreground-child, `@actions/exec`, ssh2's
//! `Client#exec`, ssh2-streams' `SSH2Stream#exec` and remote-exec (remote: messages say so),
//! the npm package `exec` (a string for `/bin/sh -c` or an argv array), and the
//! program options of `opener` (`command`) and `open` (`app`, `openApp`). Each row gives the module, the export
//! (or an instance method, with the constructors in [`CONSTRUCTORS`]), the [`Api`]
//! and whether the call returns a promise. The globals `Bun` and `Deno` and
//! `process.execve` are in [`GLOBALS`]. Compiled shapes of all of these —
//! tsc's `__importDefault`/`__importStar` (also from `tslib`), Babel's
//! `_interopRequireDefault`/`_interopRequireWildcard` and its lazy
//! `function _cp() { const data = require(..); _cp = function () { return data; }; return data; }`,
//! esbuild's `__toESM`, rollup's `_interopDefault`/`_interopNamespace`, swc's
//! `_interop_require_default` (also `@swc/helpers`' `._`), webpack's
//! `__webpack_require__("child_process")` with `__webpack_require__.n(..)` and
//! `Object(..)` call wrappers, and numbered module tables (webpack production, ncc's
//! `__nccwpck_require__(2081)`) — are followed by `crate::semantic::resolve`.

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
    /// `vm.runInNewContext(code)`, `runInContext`, `compileFunction`.
    VmRun,
    /// `vm.runInThisContext(code)`: no context of its own, so no claim of isolation
    /// (it is `eval` with the global scope).
    VmThisContext,
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
            Api::VmRun | Api::VmThisContext | Api::VmNew => "vm",
            Api::Vm2 => "vm2",
        }
    }

    /// Used with `new`.
    pub fn is_constructor(self) -> bool {
        matches!(self, Api::VmNew | Api::Vm2)
    }

    /// Starts a child process (everything but the `vm` entries).
    pub fn is_process(self) -> bool {
        !matches!(self, Api::VmRun | Api::VmThisContext | Api::VmNew | Api::Vm2)
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
    /// A promisifier (`pify(fn)`, `bluebird.promisify(fn)`, ...): what calling the
    /// module itself takes.
    Promisifier(Promisifier),
    /// `node:vm`.
    Vm,
    /// `vm2` (deprecated, with known sandbox escapes).
    Vm2,
    /// `http`/`https`/`http2` (`createServer` handlers).
    Http,
    /// A web framework whose route handlers receive the HTTP request
    /// ([`crate::semantic::sources`]).
    Web(Web),
    /// A command-line parser: what it returns holds command-line arguments.
    ArgvParser(ArgvParser),
    /// `@actions/core` (`getInput`: a GitHub Actions input).
    ActionsCore,
    /// `@actions/github` (`context.payload`: the event that started the workflow).
    ActionsGithub,
    /// `fs` (`readFileSync(0)` reads stdin).
    Fs,
    /// `readline` (`createInterface({ input: process.stdin })`).
    Readline,
    /// `url` (`url.parse(req.url, true).query`).
    Url,
    /// A multipart form parser (`formidable`, `multiparty`, `busboy`): the fields
    /// and files it reads from a request are the request's.
    FormParser,
    /// A module with wrappers declared in `cplint.toml`: the index of its first
    /// wrapper in [`super::user_wrappers::FileWrappers`].
    User(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapper {
    ShellJs,
    /// `shelljs/global`: loaded for its side effect, defines [`SHELLJS_GLOBALS`].
    ShellJsGlobal,
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
    /// `node-pty`: `spawn(file, args, options)`, a terminal of its own.
    NodePty,
    /// `foreground-child`: `foregroundChild(program, args, cb?)`.
    ForegroundChild,
    /// `@actions/exec`: `exec(commandLine, args?, options?)`, tokenised, no shell.
    ActionsExec,
    /// `ssh2`: `new Client()` ... `conn.exec(command, options?, callback)` runs the
    /// command in the remote user's shell.
    Ssh2,
    /// `remote-exec`: `remoteExec(hosts, command, options?, callback?)`, over ssh.
    RemoteExec,
    /// `ssh2-streams`: `new SSH2Stream()` ... `stream.exec(wantReply, command, ..)`,
    /// the protocol layer under old `ssh2`: the remote user's shell.
    Ssh2Streams,
    /// The npm package `exec`: `exec(command | [file, ...args], options?, callback)`;
    /// a string runs as `/bin/sh -c command`, an array without a shell.
    ExecPackage,
    /// `opener(target, { command }?, callback?)`: opens `target` with the platform's
    /// opener, or with the program `command` names (`execFile`, no shell).
    Opener,
    /// `open(target, { app }?)` (sindresorhus): `app` names the program (a string,
    /// `[name, ...args]` before v8, `{ name, arguments }` since); `openApp(name,
    /// { arguments }?)` (v9+) runs `name`. No shell.
    Open,
}

/// Web frameworks. How each passes the request to its handlers is in
/// [`crate::semantic::sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Web {
    /// `express()`, `express.Router()`, and the same `(req, res, next)` shape:
    /// `connect()`, `polka()`.
    Express,
    /// `new Koa()`, `new Router()` of `koa-router`/`@koa/router`: `(ctx, next)`.
    Koa,
    /// `fastify()`: `(request, reply)`, `.route({ handler })`, plugins.
    Fastify,
    /// `Hapi.server()`: `server.route({ handler(request, h) })`.
    Hapi,
    /// `http.createServer((req, res) => ..)`, `server.on("request", ..)`.
    Http,
}

impl Web {
    pub fn name(self) -> &'static str {
        match self {
            Web::Express => "express",
            Web::Koa => "koa",
            Web::Fastify => "fastify",
            Web::Hapi => "hapi",
            Web::Http => "http",
        }
    }
}

/// Command-line parsers: the module's name, for messages, and whether the module
/// is a function returning the parsed arguments (`minimist(argv)`) or a builder
/// (`yargs(..).option(..).argv`, `new Command().opts()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArgvParser {
    Yargs,
    YargsParser,
    Minimist,
    Commander,
    Meow,
    Optimist,
    Subarg,
    Args,
    GetThemArgs,
    Argparse,
}

impl ArgvParser {
    pub fn name(self) -> &'static str {
        match self {
            ArgvParser::Yargs => "yargs",
            ArgvParser::YargsParser => "yargs-parser",
            ArgvParser::Minimist => "minimist",
            ArgvParser::Commander => "commander",
            ArgvParser::Meow => "meow",
            ArgvParser::Optimist => "optimist",
            ArgvParser::Subarg => "subarg",
            ArgvParser::Args => "args",
            ArgvParser::GetThemArgs => "get-them-args",
            ArgvParser::Argparse => "argparse",
        }
    }

    /// Calling the module returns the parsed arguments (not a builder).
    pub fn is_function(self) -> bool {
        matches!(
            self,
            ArgvParser::YargsParser
                | ArgvParser::Minimist
                | ArgvParser::Meow
                | ArgvParser::Subarg
                | ArgvParser::GetThemArgs
        )
    }

    /// A builder method that returns the parsed arguments (`.parse()`,
    /// `.parseSync()`, `.opts()`, `parse_args()`); other methods return the builder.
    /// commander's `parse` returns the command itself.
    pub fn parses(self, method: &str) -> bool {
        match self {
            ArgvParser::Commander => matches!(method, "opts" | "optsWithGlobals"),
            _ => matches!(
                method,
                "parse"
                    | "parseSync"
                    | "parseAsync"
                    | "parse_args"
                    | "parseArgs"
                    | "parse_known_args"
                    | "parseKnownArgs"
            ),
        }
    }

    /// A builder property that holds parsed arguments: yargs' and optimist's `argv`,
    /// commander's `args`/`processedArgs`.
    pub fn parsed_property(self, prop: &str) -> bool {
        match self {
            ArgvParser::Commander => matches!(prop, "args" | "processedArgs"),
            ArgvParser::Yargs | ArgvParser::Optimist => prop == "argv",
            _ => false,
        }
    }
}

/// What a promisifier module's own value accepts when called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Promisifier {
    /// A function only: `util.promisify`, `thenify`, `es6-promisify`.
    Function,
    /// A function or a whole module (`pify(cp).exec`).
    FunctionOrObject,
    /// A whole module only, keeping its names: `thenify-all`.
    Object,
    /// Not callable itself: `bluebird` (`promisify`, `promisifyAll` members), `promise`
    /// and `q` (`denodeify`, `nfbind`).
    Members,
    /// Not callable itself, and only its `promisify` member promisifies:
    /// `@google-cloud/promisify` (its `promisifyAll(Class)` patches `Class.prototype`
    /// and returns nothing).
    PromisifyMember,
}

/// What promisifying a value gives: see [`promisifier_member`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Promisify {
    /// `promisify(fn)`: the promise version of `fn`.
    Function,
    /// `pify(fn)` or `pify(module)`.
    FunctionOrObject,
    /// `thenifyAll(module)`: the module with promise versions under the same names.
    Object,
    /// `bluebird.promisifyAll(module)`: the module, with promise versions added as
    /// `<name>Async`.
    ObjectAsync,
}

/// Whether `module` is a promisifier (`pify`, `bluebird`, ...).
pub fn is_promisifier(module: &str) -> bool {
    matches!(lookup(module), Some(ModKind::Promisifier(_)))
}

/// What calling a promisifier module's value does.
pub fn promisifier_call(p: Promisifier) -> Option<Promisify> {
    match p {
        Promisifier::Function => Some(Promisify::Function),
        Promisifier::FunctionOrObject => Some(Promisify::FunctionOrObject),
        Promisifier::Object => Some(Promisify::Object),
        Promisifier::Members | Promisifier::PromisifyMember => None,
    }
}

/// What a member of a promisifier module does.
pub fn promisifier_member(p: Promisifier, name: &str) -> Option<Promisify> {
    match (p, name) {
        (Promisifier::Members, "promisifyAll") => Some(Promisify::ObjectAsync),
        // `thenifyAll.withCallback(module, ..)`: promise or callback, same names.
        (Promisifier::Object, "withCallback") => Some(Promisify::Object),
        (_, "promisify" | "denodeify" | "nfbind" | "denodify") => Some(Promisify::Function),
        _ => None,
    }
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
    ("cross-spawn-async", ModKind::Wrapper(Wrapper::CrossSpawn)),
    ("shelljs/global", ModKind::Wrapper(Wrapper::ShellJsGlobal)),
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
    ("node-pty", ModKind::Wrapper(Wrapper::NodePty)),
    ("foreground-child", ModKind::Wrapper(Wrapper::ForegroundChild)),
    ("@actions/exec", ModKind::Wrapper(Wrapper::ActionsExec)),
    ("ssh2", ModKind::Wrapper(Wrapper::Ssh2)),
    ("remote-exec", ModKind::Wrapper(Wrapper::RemoteExec)),
    ("ssh2-streams", ModKind::Wrapper(Wrapper::Ssh2Streams)),
    ("exec", ModKind::Wrapper(Wrapper::ExecPackage)),
    ("opener", ModKind::Wrapper(Wrapper::Opener)),
    ("open", ModKind::Wrapper(Wrapper::Open)),
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
    ("express", ModKind::Web(Web::Express)),
    ("connect", ModKind::Web(Web::Express)),
    ("polka", ModKind::Web(Web::Express)),
    ("koa", ModKind::Web(Web::Koa)),
    ("koa-router", ModKind::Web(Web::Koa)),
    ("@koa/router", ModKind::Web(Web::Koa)),
    ("fastify", ModKind::Web(Web::Fastify)),
    ("@hapi/hapi", ModKind::Web(Web::Hapi)),
    ("hapi", ModKind::Web(Web::Hapi)),
    ("yargs", ModKind::ArgvParser(ArgvParser::Yargs)),
    ("yargs/yargs", ModKind::ArgvParser(ArgvParser::Yargs)),
    ("yargs-parser", ModKind::ArgvParser(ArgvParser::YargsParser)),
    ("minimist", ModKind::ArgvParser(ArgvParser::Minimist)),
    ("commander", ModKind::ArgvParser(ArgvParser::Commander)),
    ("meow", ModKind::ArgvParser(ArgvParser::Meow)),
    ("optimist", ModKind::ArgvParser(ArgvParser::Optimist)),
    ("subarg", ModKind::ArgvParser(ArgvParser::Subarg)),
    ("args", ModKind::ArgvParser(ArgvParser::Args)),
    ("get-them-args", ModKind::ArgvParser(ArgvParser::GetThemArgs)),
    ("argparse", ModKind::ArgvParser(ArgvParser::Argparse)),
    ("@actions/core", ModKind::ActionsCore),
    ("@actions/github", ModKind::ActionsGithub),
    ("fs", ModKind::Fs),
    ("node:fs", ModKind::Fs),
    ("formidable", ModKind::FormParser),
    ("multiparty", ModKind::FormParser),
    ("busboy", ModKind::FormParser),
    ("url", ModKind::Url),
    ("node:url", ModKind::Url),
    ("readline", ModKind::Readline),
    ("node:readline", ModKind::Readline),
    ("readline/promises", ModKind::Readline),
    ("node:readline/promises", ModKind::Readline),
    ("pify", ModKind::Promisifier(Promisifier::FunctionOrObject)),
    ("bluebird", ModKind::Promisifier(Promisifier::Members)),
    ("promise", ModKind::Promisifier(Promisifier::Members)),
    ("q", ModKind::Promisifier(Promisifier::Members)),
    ("es6-promisify", ModKind::Promisifier(Promisifier::Function)),
    ("thenify", ModKind::Promisifier(Promisifier::Function)),
    ("thenify-all", ModKind::Promisifier(Promisifier::Object)),
    ("util.promisify", ModKind::Promisifier(Promisifier::Function)),
    ("util-promisify", ModKind::Promisifier(Promisifier::Function)),
    // A function or a whole module (its functions promisified under the same names).
    ("util.promisify-all", ModKind::Promisifier(Promisifier::FunctionOrObject)),
    ("@gar/promisify", ModKind::Promisifier(Promisifier::FunctionOrObject)),
    ("@google-cloud/promisify", ModKind::Promisifier(Promisifier::PromisifyMember)),
];

/// Whether importing a module of this kind can, by itself, lead to a call site
/// (the kinds the pre-filter looks for; `util`, `path`, `http`, quoting helpers,
/// web frameworks, command-line parsers and the other modules of named sources
/// only matter next to one of these: a source without a sink is no finding).
pub fn is_call_capable(kind: ModKind) -> bool {
    matches!(kind, ModKind::ChildProcess { .. } | ModKind::Wrapper(_) | ModKind::Vm | ModKind::Vm2)
}

/// Call-capable modules named by a common word: the pre-filter and the semantic
/// layer take them only from `require(..)`, `import(..)` and `import`/`from`
/// ([`crate::prefilter::import_context`]).
pub fn needs_import_context(name: &str) -> bool {
    matches!(name, "open" | "exec" | "opener")
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
        // `vm` alone is too common a pair of bytes, and `open`/`exec` too common
        // words (`opened`, `re.exec(`): with their closing quote.
        .flat_map(|n| {
            if n.len() < 3 || needs_import_context(n) {
                ["'", "\"", "`"].map(|q| format!("{n}{q}")).to_vec()
            } else {
                vec![n.to_string()]
            }
        })
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

/// One way a wrapper module runs a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub wrapper: Wrapper,
    /// The export (`None`: the module value itself is called, `execa(..)`), or
    /// with `instance`, the method.
    pub export: Option<&'static str>,
    /// A method of an instance made by one of the module's [`CONSTRUCTORS`].
    pub instance: bool,
    /// The `child_process` function it behaves like: where the command, argv,
    /// options and callback sit, and whether a shell runs (module docs).
    pub api: Api,
    /// Returns a promise rather than a child or taking a callback. Libraries whose
    /// result is a child and a promise at once (execa, cross-spawn) say no: rules
    /// see their child.
    pub promise: bool,
    /// Where the arguments sit when not where `api` has them.
    pub layout: Layout,
}

const fn row(wrapper: Wrapper, export: Option<&'static str>, api: Api, promise: bool) -> Member {
    Member { wrapper, export, instance: false, api, promise, layout: Layout::Standard }
}

const fn method(wrapper: Wrapper, name: &'static str, api: Api, promise: bool) -> Member {
    Member { wrapper, export: Some(name), instance: true, api, promise, layout: Layout::Standard }
}

/// Constructors of the modules with instance methods in [`MEMBERS`]: the export
/// (`None`: the module value itself, `new ExecLimiter(n)`).
pub const CONSTRUCTORS: &[(Wrapper, Option<&str>)] = &[
    (Wrapper::ExecLimiter, None),
    (Wrapper::Ssh2, Some("Client")),
    (Wrapper::Ssh2, None),
    (Wrapper::Ssh2Streams, Some("SSH2Stream")),
];

/// Whether `new` of `export` of the module makes an instance with methods here.
pub fn constructs(w: Wrapper, export: Option<&str>) -> bool {
    CONSTRUCTORS.iter().any(|(cw, ce)| *cw == w && *ce == export)
}

/// A method of an instance of `w` (`conn.exec`).
pub fn method_api(w: Wrapper, name: &str) -> Option<&'static Member> {
    MEMBERS.iter().find(|m| m.instance && m.wrapper == w && m.export == Some(name))
}

/// Wrapper modules whose commands run on another machine (ssh), for messages.
pub fn runs_remotely(wrapper: &str) -> bool {
    matches!(wrapper, "ssh2" | "remote-exec" | "ssh2-streams")
}

/// The wrapper libraries, one row per command-running export.
pub const MEMBERS: &[Member] = &[
    // shelljs: `exec(command, options?, callback?)`, always `/bin/sh -c`.
    row(Wrapper::ShellJs, Some("exec"), Api::ShellString, false),
    // execa 5-9: `execa(file, args?, options?)` no shell unless `shell`;
    // `execaCommand(command, options?)` splits on spaces; before 2.0 `execa.shell`
    // ran a shell, and `execa.stdout`/`execa.stderr` resolved to one stream.
    row(Wrapper::Execa, None, Api::Execa, false),
    row(Wrapper::Execa, Some("execa"), Api::Execa, false),
    row(Wrapper::Execa, Some("sync"), Api::Execa, false),
    row(Wrapper::Execa, Some("execaSync"), Api::Execa, false),
    row(Wrapper::Execa, Some("node"), Api::Execa, false),
    row(Wrapper::Execa, Some("execaNode"), Api::Execa, false),
    row(Wrapper::Execa, Some("stdout"), Api::Execa, true),
    row(Wrapper::Execa, Some("stderr"), Api::Execa, true),
    row(Wrapper::Execa, Some("command"), Api::ExecaCommand, false),
    row(Wrapper::Execa, Some("commandSync"), Api::ExecaCommand, false),
    row(Wrapper::Execa, Some("execaCommand"), Api::ExecaCommand, false),
    row(Wrapper::Execa, Some("execaCommandSync"), Api::ExecaCommand, false),
    row(Wrapper::Execa, Some("shell"), Api::ShellString, false),
    // execa 7-9's `$` tag: `$({ shell: true })\`..\`` runs a shell.
    Member {
        wrapper: Wrapper::Execa,
        export: Some("$"),
        instance: false,
        api: Api::ExecaCommand,
        promise: false,
        layout: Layout::Template,
    },
    row(Wrapper::Execa, Some("shellSync"), Api::ShellString, false),
    // cross-spawn and cross-spawn-async: `spawn`'s arguments and options.
    row(Wrapper::CrossSpawn, None, Api::Spawn, false),
    row(Wrapper::CrossSpawn, Some("spawn"), Api::Spawn, false),
    row(Wrapper::CrossSpawn, Some("sync"), Api::SpawnSync, false),
    // shell-exec, exec-sh, ...: the module is `(command, options?, callback?)`.
    row(Wrapper::ShellFunction, None, Api::ShellString, false),
    row(Wrapper::ShellFunction, Some("sync"), Api::ShellString, false),
    row(Wrapper::ShellFunction, Some("promise"), Api::ShellString, true),
    row(Wrapper::ShellFunction, Some("exec"), Api::ShellString, false),
    row(Wrapper::ShellFunction, Some("execSync"), Api::ShellString, false),
    row(Wrapper::PlatformCommand, Some("exec"), Api::ShellString, false),
    row(Wrapper::PlatformCommand, Some("execSync"), Api::ShellString, false),
    row(Wrapper::NodeCmd, Some("run"), Api::ShellString, false),
    row(Wrapper::NodeCmd, Some("runSync"), Api::ShellString, false),
    row(Wrapper::NodeCmd, Some("get"), Api::ShellString, false),
    // exec-limiter: `new ExecLimiter(n).add(command, callback?)`; `add(file, args, ..)`
    // runs no shell (told apart by the call sites).
    method(Wrapper::ExecLimiter, "add", Api::ShellString, false),
    // node-pty: `spawn(file, args, options)`, no shell, options of its own.
    row(Wrapper::NodePty, Some("spawn"), Api::Spawn, false),
    row(Wrapper::NodePty, Some("fork"), Api::Spawn, false),
    row(Wrapper::NodePty, Some("createTerminal"), Api::Spawn, false),
    // foreground-child: `(program, args, cb?)`, `spawn`'s arguments.
    row(Wrapper::ForegroundChild, None, Api::Spawn, false),
    row(Wrapper::ForegroundChild, Some("foregroundChild"), Api::Spawn, false),
    // @actions/exec: `exec(commandLine, args?, options?)`; splits `commandLine` into
    // the tool and its first arguments itself and runs no shell.
    row(Wrapper::ActionsExec, Some("exec"), Api::Execa, true),
    row(Wrapper::ActionsExec, Some("getExecOutput"), Api::Execa, true),
    // ssh2: `conn.exec(command, options?, callback)`: the remote user's shell.
    method(Wrapper::Ssh2, "exec", Api::ShellString, false),
    // ssh2-streams: `stream.exec(wantReply, command, ..)`: the command after the flag.
    Member {
        wrapper: Wrapper::Ssh2Streams,
        export: Some("exec"),
        instance: true,
        api: Api::ShellString,
        promise: false,
        layout: Layout::HostsFirst,
    },
    // The npm package `exec`: a command string for `/bin/sh -c`, or an argv array.
    Member {
        wrapper: Wrapper::ExecPackage,
        export: None,
        instance: false,
        api: Api::ShellString,
        promise: false,
        layout: Layout::ShellOrArgv,
    },
    // opener and open: a program named in the options (what `untrusted-program`
    // reads; they take no `child_process` options, so lifecycle rules stay out).
    Member {
        wrapper: Wrapper::Opener,
        export: None,
        instance: false,
        api: Api::ExecFile,
        promise: false,
        layout: Layout::AppOption,
    },
    Member {
        wrapper: Wrapper::Open,
        export: None,
        instance: false,
        api: Api::Spawn,
        promise: true,
        layout: Layout::AppOption,
    },
    row(Wrapper::Open, Some("openApp"), Api::Spawn, true),
    // remote-exec: `remoteExec(hosts, command, options?, callback?)` over ssh.
    Member {
        wrapper: Wrapper::RemoteExec,
        export: None,
        instance: false,
        api: Api::ShellString,
        promise: false,
        layout: Layout::HostsFirst,
    },
];

/// Where the program and its arguments sit, when not where [`Api`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// As the [`Api`] says (module docs).
    #[default]
    Standard,
    /// `Bun.spawn([file, ...args], options?)` or `Bun.spawn({ cmd: [file, ...args], ... })`:
    /// the program is the argv array's first element.
    ArgvFirst,
    /// `new Deno.Command(file, { args: [...] })`: a constructor; the arguments are the
    /// `args` option.
    ArgsOption,
    /// `process.execve(file, [argv0, ...args], env?)`: the argv array starts with
    /// the program's own name.
    Argv0,
    /// `remoteExec(hosts, command, options?, callback?)`: the command after the hosts
    /// (also ssh2-streams' `stream.exec(wantReply, command, ..)`).
    HostsFirst,
    /// A project function whose parameter at this position is the command line
    /// (the cross-file pass: `function run(opts, cmd) { exec(cmd) }`); its other
    /// arguments are its own, not `child_process` options.
    CommandAt(u8),
    /// A template tag that quotes each interpolation for its shell except
    /// `${{ raw: value }}`: `Bun.$`. Each raw value is the command of a call site.
    RawTemplate,
    /// `exec(command | [file, ...args], options?, callback?)` (npm `exec`): a
    /// string is a shell command, an array an argv run without a shell.
    ShellOrArgv,
    /// `opener(target, { command })`, `open(target, { app })`: the program is an
    /// option (`command`; `app`, its first element or its `name`); the target and
    /// the options are the library's own.
    AppOption,
    /// execa's `$`: a template tag (also `$(options)`, `.sync`, `.s`) whose
    /// interpolations are one argument each; with a truthy `shell` option the words
    /// are joined into a shell command, and the template is a call site whose
    /// command is its first interpolation that is not constant.
    Template,
}

/// A command-running member of a global object of the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Global {
    /// The global (`Bun`, `Deno`, `process`); only while no binding shadows it.
    pub object: &'static str,
    pub member: &'static str,
    pub api: Api,
    pub layout: Layout,
}

/// The runtimes' own process APIs: Bun's `spawn`/`spawnSync` (no shell), `Bun.$`
/// (Bun's shell, which quotes each interpolation but `${{ raw: value }}`), Deno's `Command` and `run` (no shell), and
/// `process.execve` (no shell; replaces this process).
pub const GLOBALS: &[Global] = &[
    Global { object: "Bun", member: "spawn", api: Api::Spawn, layout: Layout::ArgvFirst },
    Global { object: "Bun", member: "spawnSync", api: Api::SpawnSync, layout: Layout::ArgvFirst },
    Global { object: "Deno", member: "Command", api: Api::Spawn, layout: Layout::ArgsOption },
    Global { object: "Deno", member: "run", api: Api::Spawn, layout: Layout::ArgvFirst },
    Global { object: "process", member: "execve", api: Api::ExecFileSync, layout: Layout::Argv0 },
    Global { object: "Bun", member: "$", api: Api::ShellString, layout: Layout::RawTemplate },
];

/// The global member `object.member`, if it runs commands.
pub fn global(object: &str, member: &str) -> Option<&'static Global> {
    GLOBALS.iter().find(|g| g.object == object && g.member == member)
}

/// The byte strings the pre-filter searches for besides module names: each
/// [`GLOBALS`] entry as written with a dot (`Bun.spawn`), which is the only way
/// the semantic layer takes it.
pub fn global_needles() -> Vec<String> {
    let mut v: Vec<String> = GLOBALS.iter().map(|g| format!("{}.{}", g.object, g.member)).collect();
    // `Bun.spawn` also finds `Bun.spawnSync`.
    let all = v.clone();
    v.retain(|n| !all.iter().any(|m| m.len() < n.len() && n.starts_with(m.as_str())));
    v.sort_unstable();
    v
}

/// Names `require("shelljs/global")` (and `import "shelljs/global"`) defines as
/// globals that run commands, with their API.
pub const SHELLJS_GLOBALS: &[(&str, Api)] = &[("exec", Api::ShellString)];

/// Modules that define [`SHELLJS_GLOBALS`] when loaded for their side effect.
pub const GLOBAL_DEFINING_MODULES: &[&str] = &["shelljs/global"];

/// The row of `export` of a wrapper (`None`: the module value called).
pub fn member(w: Wrapper, export: Option<&str>) -> Option<&'static Member> {
    MEMBERS.iter().find(|m| !m.instance && m.wrapper == w && m.export == export)
}

/// What calling the module value itself does (`execa(...)`, `crossSpawn(...)`).
pub fn callable_api(w: Wrapper) -> Option<Api> {
    member(w, None).map(|m| m.api)
}

/// What a member of a wrapper module does.
pub fn member_api(w: Wrapper, name: &str) -> Option<Api> {
    member(w, Some(name)).map(|m| m.api)
}

/// Wrapper modules that take `child_process`'s own options and return its child
/// (or, for a promisifier, a promise of its output).
pub fn passes_node_options(wrapper: &str) -> bool {
    is_promisifier(wrapper)
        || matches!(
            wrapper,
            "cross-spawn"
                | "cross-spawn-async"
                | "mz/child_process"
                | "child-process-promise"
                | "child-process-async"
                | "promisify-child-process"
        )
}

/// Wrapper modules that find `.cmd`/`.bat` shims on Windows themselves.
pub fn resolves_windows_shims(wrapper: &str) -> bool {
    matches!(wrapper, "cross-spawn" | "cross-spawn-async")
}

/// What a member of `node:vm` does.
pub fn vm_api(name: &str) -> Option<Api> {
    match name {
        "runInNewContext" | "runInContext" | "compileFunction" => Some(Api::VmRun),
        "runInThisContext" => Some(Api::VmThisContext),
        "Script" | "SourceTextModule" => Some(Api::VmNew),
        _ => None,
    }
}

/// Whether `module.name` (or the module itself when `name` is `None`) quotes for a shell.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every wrapper with rows is reachable: a call-capable module names it (so the
    /// pre-filter looks for it), and every constructor belongs to a wrapper with
    /// instance methods.
    #[test]
    fn every_row_is_reachable_through_a_module() {
        for m in MEMBERS {
            assert!(
                MODULES
                    .iter()
                    .any(|(name, k)| *k == ModKind::Wrapper(m.wrapper) && call_capable_names().any(|n| n == *name)),
                "{m:?}"
            );
        }
        for (w, _) in CONSTRUCTORS {
            assert!(MEMBERS.iter().any(|m| m.wrapper == *w && m.instance), "{w:?}");
        }
    }

    /// Each runtime global is found by a pre-filter needle.
    #[test]
    fn every_global_has_a_needle() {
        let needles = global_needles();
        for g in GLOBALS {
            let text = format!("{}.{}", g.object, g.member);
            assert!(needles.iter().any(|n| text.starts_with(n.as_str())), "{text}");
        }
    }

    #[test]
    fn promisifiers_take_what_their_libraries_take() {
        assert_eq!(
            lookup("pify").and_then(|k| match k {
                ModKind::Promisifier(p) => promisifier_call(p),
                _ => None,
            }),
            Some(Promisify::FunctionOrObject)
        );
        // `q(value)` and `bluebird(value)` make promises; they do not promisify.
        for name in ["q", "bluebird", "promise"] {
            let Some(ModKind::Promisifier(p)) = lookup(name) else { panic!("{name}") };
            assert_eq!(promisifier_call(p), None, "{name}");
        }
        assert_eq!(promisifier_member(Promisifier::Members, "promisifyAll"), Some(Promisify::ObjectAsync));
        assert_eq!(promisifier_member(Promisifier::Function, "promisifyAll"), None);
    }
}
