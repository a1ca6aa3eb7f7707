
use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_at};
use crate::semantic::children::{Holder, Target};
use crate::semantic::commands;
use crate::semantic::{Api, CallSite};

declare_rule! {
    /// ## What it flags
    ///
    /// Exit statuses nobody looks at:
    ///
    /// - an `exec`/`execFile` callback without an error parameter, or one that
    ///   never reads it — unless the command is a query by the command model of the
    ///   lifecycle rules (`src/semantic/commands.rs`: `ps`, `git rev-parse`, `lsblk`,
    ///   `system_profiler`, `df`, a shell line of queries such as
    ///   `export LC_ALL=C; dmidecode -t 4; unset LC_ALL`) and the callback reads its
    ///   output: a failed query leaves the output empty or partial, and that output is
    ///   what the callback looks at; and unless the callback reads its `stderr`
    ///   parameter, where a failing command reports the failure;
    /// - a `spawn`/`fork` child (or `exec` without callback) with no `'exit'` or
    ///   `'close'` listener, or whose listener never reads the exit code or signal;
    /// - a `spawnSync` result that is discarded, or whose `status`, `signal` and
    ///   `error` are never read (also for queries: when the program cannot start,
    ///   `stdout` is `null`, not empty).
    ///
    /// Not flagged: `execSync`/`execFileSync` (they throw on failure), promisified
    /// calls (they reject), `detached` children (daemons nobody waits for), children
    /// whose options cannot be read, and children or results that escape.
    ///
    /// ## Why it matters
    ///
    /// A child that fails usually still prints something. Without checking the
    /// exit status the parent carries on with half-written files or with an error
    /// message parsed as data.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// execFile("git", ["pull", "--ff-only"], { timeout: 60_000 }, (_err, stdout) => {
    ///   console.log(stdout.trim());
    /// });
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// execFile("git", ["pull", "--ff-only"], { timeout: 60_000 }, (err, stdout) => {
    ///   if (err) throw err;
    ///   console.log(stdout.trim());
    /// });
    /// ```
    ///
    /// ## Known limits
    ///
    /// - A callback or listener that is not written inline (a named function) is
    ///   assumed to check the status.
    /// - Reading the parameter counts as checking it, whatever is done with it.
    pub struct UncheckedExit;
    code: "CP005",
    name: "unchecked-exit",
    severity: Warning,
    category: Reliability,
    cwe: [252],
    summary: "The exit status of a child process is never checked",
}

impl Rule for UncheckedExit {
    fn check_call<'a>(&self, Context { sem, config }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if site.promisified || !site.facts.node_options || site.spread {
            return;
        }
        let use_ = &site.child;
        let name = site.display_name();
        match site.api {
            Api::Exec | Api::ExecFile if site.callback.is_some() => {
                let Some(cb) = site.callback else { return };
                // A query whose output the callback reads: its failure is empty output.
                // Or one that looks at `stderr`, where a failing command says so.
                let reads_output = sem.param_read(cb, 1) == Some(true);
                let reads_stderr = sem.param_read(cb, 2) == Some(true);
                if site.facts.callback_reads_error == Some(false)
                    && !reads_stderr
                    && !(reads_output && commands::classify(site, &config.command_lists()).query)
                {
                    let mut f = at_call(
                        site,
                        "exit status ignored",
                        format!(
                            "the callback of {name} ignores its error parameter, so a failed command goes unnoticed"
                        ),
                        "name the first parameter and check it: `(err, stdout) => { if (err) ...; }`".into(),
                        Some("`err` is set when the command exits non-zero, is killed, or cannot start"),
                    );
                    f.labels.push(label_at(swc_common::Spanned::span(cb), "never reads `err`"));
                    out.emit(f);
                }
            }
            Api::Spawn | Api::Fork | Api::Exec | Api::ExecFile => {
                // A detached child is a daemon: nobody is meant to wait for it.
                if sem.option_truthiness(site, "detached") != Some(crate::semantic::Tri::False) {
                    return;
                }
                if use_.escapes || use_.props_read.iter().any(|p| p == "exitCode" || p == "signalCode") {
                    return;
                }
                let exits: Vec<_> = use_
                    .listeners
                    .iter()
                    .filter(|l| l.target == Target::Child && matches!(l.event.as_str(), "exit" | "close"))
                    .collect();
                if exits.is_empty() {
                    out.emit(at_call(
                        site,
                        "no `'exit'` or `'close'` listener",
                        format!("nothing checks how the child started by {name} exits"),
                        "listen for `'close'` and check the code: `child.on(\"close\", (code, signal) => { if (code !== 0) ... })`".into(),
                        Some("a child that fails usually still prints output; only the exit code says it failed"),
                    ));
                    return;
                }
                let reads = exits.iter().any(|l| match l.handler {
                    Some(h) => sem.param_read(h, 0) != Some(false) || sem.param_read(h, 1) != Some(false),
                    None => true,
                });
                if !reads {
                    let mut f = at_call(
                        site,
                        "exit code never read",
                        format!("the `'exit'`/`'close'` listener of the child started by {name} never reads the exit code"),
                        "take the code (and signal) as parameters and check them: `(code, signal) => { if (code !== 0) ... }`".into(),
                        None,
                    );
                    for l in exits {
                        f.labels.push(label_at(l.span, "ignores the exit code"));
                    }
                    out.emit(f);
                }
            }
            Api::SpawnSync => {
                if use_.escapes {
                    return;
                }
                let checked = use_.props_read.iter().any(|p| matches!(p.as_str(), "status" | "signal" | "error"));
                if checked {
                    return;
                }
                let message = match use_.holder {
                    Holder::Inline if use_.props_read.is_empty() => {
                        format!("the result of {name} is discarded, so a failure goes unnoticed")
                    }
                    _ => format!("the result of {name} is used without checking `status` or `error`"),
                };
                out.emit(at_call(
                    site,
                    "status never checked",
                    message,
                    "check the result: `if (result.error) throw result.error; if (result.status !== 0) ...`".into(),
                    Some("`spawnSync` does not throw when the program fails or cannot start; it reports it in `status`, `signal` and `error`"),
                ));
            }
            _ => {}
        }
    }
}
