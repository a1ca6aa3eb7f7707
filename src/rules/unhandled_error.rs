use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_at};
use swc_ecma_ast::Expr;

use crate::semantic::children::Target;
use crate::semantic::facts::Shell;
use crate::semantic::resolve::unparen;
use crate::semantic::values::PropValue;
use crate::semantic::{Api, CallSite, Opt};

declare_rule! {
    /// ## What it flags
    ///
    /// - A `ChildProcess` from `spawn` or `fork` (or `cross-spawn`) that has no
    ///   `'error'` listener;
    /// - a child whose `stdin` is written to (`write`, `end`,
    ///   `source.pipe(child.stdin)`) without an `'error'` listener on `stdin`.
    ///   This holds for every child: `exec`/`execFile` children, the `.child` of a
    ///   promisified `exec`/`execFile` (`.childProcess` for `child-process-promise`),
    ///   `cross-spawn` and execa children. Passing `stdin` to `stream.pipeline`
    ///   counts as handling it.
    ///
    /// Not reported for their own `'error'`:
    ///
    /// - `exec`/`execFile` children, with or without a callback: Node always attaches
    ///   its own `'error'` listener to them (a missing program reaches the callback, or
    ///   nowhere, but does not crash the process);
    /// - promisified calls and execa: the error rejects the promise;
    /// - children whose program exists wherever the code runs — `process.execPath`,
    ///   a `fork` worker, `sh` or `cmd.exe`, or any command under `shell: true` (a
    ///   missing command is exit status 127, not `'error'`) — unless they are given a
    ///   `signal` (aborting emits `'error'`), a `cwd` other than `process.cwd()` or
    ///   `__dirname` (a missing folder emits `'error'`), or are sent messages or killed
    ///   (a failed `send` or `kill` emits `'error'`).
    ///
    /// Silent when the child escapes: returned, passed to a function, stored on an
    /// object or in an outer variable.
    ///
    /// ## Why it matters
    ///
    /// `'error'` is emitted when the program cannot be started (`ENOENT`,
    /// `EACCES`) or killed. An `EventEmitter` with no `'error'` listener throws, and
    /// the throw crashes the whole process. Writing to the `stdin` of a child that
    /// has exited raises `EPIPE` on the stream, with the same result.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const child = spawn("convert", ["in.png", "out.webp"], { timeout: 10_000, stdio: "ignore" });
    /// child.on("close", (code) => console.log("convert exited", code));
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const child = spawn("convert", ["in.png", "out.webp"], { timeout: 10_000, stdio: "ignore" });
    /// child.on("error", (err) => console.error("could not run convert:", err));
    /// child.on("close", (code) => console.log("convert exited", code));
    /// ```
    ///
    /// ## Known limits
    ///
    /// - Listeners are found on the variable holding the child (also when it holds
    ///   one of several children, `const p = win ? spawn(a) : spawn(b)`) and on chained
    ///   calls; a listener added through a helper function makes the child escape,
    ///   so nothing is reported.
    /// - execa 9 and later attach listeners to the child's streams themselves; earlier
    ///   versions, like `child_process`, do not. cplint does not read the installed
    ///   version and reports `stdin` writes on execa children as for the others.
    pub struct UnhandledError;
    code: "CP004",
    name: "unhandled-error",
    severity: Warning,
    category: Reliability,
    cwe: [755],
    summary: "A child process or its stdin has no 'error' listener",
}

/// The program of a `spawn`/`fork` call exists wherever the code runs, and nothing
/// else the code does can make the child emit `'error'`.
fn cannot_emit_error<'a>(sem: &crate::semantic::Semantic<'a>, site: &CallSite<'a>) -> bool {
    let always_there = site.api == Api::Fork
        || site.facts.command.program_always_exists()
        || matches!(site.facts.shell, Shell::Option(_));
    let cwd_ok = match sem.option(site, "cwd") {
        Opt::Absent => true,
        Opt::Present(e) => match e.value {
            Some(PropValue::Expr(v)) => match unparen(v) {
                Expr::Ident(i) => i.sym == *"__dirname" && sem.is_unresolved(i.ctxt),
                Expr::Call(c) => sem.snippet(c.span, 20) == "process.cwd()",
                _ => false,
            },
            _ => false,
        },
        Opt::Unknown => false,
    };
    let use_ = &site.child;
    always_there
        && cwd_ok
        && matches!(sem.option(site, "signal"), Opt::Absent)
        && use_.kills.is_empty()
        && !use_.props_read.iter().any(|p| p == "send" || p == "disconnect")
}

impl Rule for UnhandledError {
    fn check_call<'a>(&self, cx: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if !site.api.is_process() || site.spread || matches!(site.api, Api::ExecSync | Api::ExecFileSync | Api::SpawnSync) {
            return;
        }
        let execa = matches!(site.api, Api::Execa | Api::ExecaCommand) && site.wrapper == Some("execa");
        // Children whose streams are Node's own: `child_process`, the wrappers that
        // pass its options through, promisified calls (`.child`) and execa.
        if !(site.facts.node_options || execa) {
            return;
        }
        let use_ = &site.child;
        if use_.escapes {
            return;
        }
        let own_error = matches!(site.api, Api::Spawn | Api::Fork) && !site.promisified;
        if own_error && !use_.listens(Target::Child, &["error"]) && !cannot_emit_error(cx.sem, site) {
            let program =
                site.facts.program.as_ref().map(|p| format!("`{p}`")).unwrap_or_else(|| "the program".into());
            let message = format!("the child started by {} has no `'error'` listener", site.display_name());
            let help =
                "add `child.on(\"error\", (err) => ...)` to handle a program that cannot be started or killed"
                    .to_string();
            let note =
                format!("if {program} is missing (`ENOENT`), the unhandled `'error'` event crashes this process");
            out.emit(at_call(site, "no `'error'` listener on this child", message, help, Some(&note)));
            return;
        }
        if let Some(write) = use_.stdin_written
            && !use_.listens(Target::Stdin, &["error"])
            && !use_.stdin_handled
        {
            let message = format!(
                "`stdin` of the child started by {} is written to without an `'error'` listener",
                site.display_name()
            );
            let help = "add `child.stdin.on(\"error\", ...)`, or connect the streams with `stream.pipeline(source, child.stdin, callback)`".to_string();
            let mut f = at_call(
                site,
                "child started here",
                message,
                help,
                Some(
                    "writing to a child that has exited raises `EPIPE` on `stdin`; unhandled, it crashes this process",
                ),
            );
            f.labels.push(label_at(write, "written here"));
            out.emit(f);
        }
    }
}
