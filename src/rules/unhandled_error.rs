use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_at};
use crate::semantic::{Api, CallSite};
use crate::semantic::children::Target;

declare_rule! {
    /// ## What it flags
    ///
    /// A `ChildProcess` — from `spawn`, `fork`, or `exec`/`execFile` called without
    /// a callback — that has no `'error'` listener; or whose `stdin` is written to
    /// (`write`, `end`, `source.pipe(child.stdin)`) without an `'error'` listener on
    /// `stdin`. Passing `stdin` to `stream.pipeline` counts as handling it.
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
    /// - Listeners are found on the variable holding the child and on chained
    ///   calls; a listener added through a helper function makes the child escape,
    ///   so nothing is reported.
    pub struct UnhandledError;
    code: "CP004",
    name: "unhandled-error",
    severity: Warning,
    category: Reliability,
    cwe: [755],
    summary: "A child process or its stdin has no 'error' listener",
}

impl Rule for UnhandledError {
    fn check_call<'a>(&self, _cx: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        let emits = match site.api {
            Api::Spawn | Api::Fork => true,
            Api::Exec | Api::ExecFile => site.callback.is_none() && !site.promisified,
            _ => false,
        };
        if !emits || !site.facts.node_options || site.promisified || site.spread {
            return;
        }
        let use_ = &site.child;
        if use_.escapes {
            return;
        }
        let program = site.facts.program.as_ref().map(|p| format!("`{p}`")).unwrap_or_else(|| "the program".into());
        if !use_.listens(Target::Child, &["error"]) {
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
