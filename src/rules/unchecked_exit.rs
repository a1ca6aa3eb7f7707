use swc_ecma_ast::{Expr, Pat};

use crate::declare_rule;
use crate::emit::RawFinding;
use crate::rule::{Context, Rule};
use crate::vocab::RuleMeta;
use crate::rules::util::{at_call, label_at, same_options_as_node};
use crate::semantic::children::{Holder, Target};
use crate::semantic::resolve::unparen;
use crate::semantic::{Api, Semantic};

declare_rule! {
    /// ## What it flags
    ///
    /// Exit statuses nobody looks at:
    ///
    /// - an `exec`/`execFile` callback without an error parameter, or one that
    ///   never reads it;
    /// - a `spawn`/`fork` child (or `exec` without callback) with no `'exit'` or
    ///   `'close'` listener, or whose listener never reads the exit code or signal;
    /// - a `spawnSync` result that is discarded, or whose `status`, `signal` and
    ///   `error` are never read.
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
    /// execFile("git", ["rev-parse", "HEAD"], { timeout: 5_000 }, (_err, stdout) => {
    ///   console.log(stdout.trim());
    /// });
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// execFile("git", ["rev-parse", "HEAD"], { timeout: 5_000 }, (err, stdout) => {
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

/// Whether parameter `index` of an inline function is read. `None` when `f` is not an
/// inline function (cplint cannot see its body).
fn param_read<'a>(sem: &Semantic<'a>, f: &'a Expr, index: usize) -> Option<bool> {
    let params: Vec<&Pat> = match unparen(f) {
        Expr::Fn(func) => func.function.params.iter().map(|p| &p.pat).collect(),
        Expr::Arrow(a) => a.params.iter().collect(),
        _ => return None,
    };
    match params.get(index) {
        None => Some(false),
        Some(Pat::Ident(b)) => Some(sem.bindings.get(&b.id).is_some_and(|x| x.escapes > 0)),
        Some(Pat::Assign(a)) => match &*a.left {
            Pat::Ident(b) => Some(sem.bindings.get(&b.id).is_some_and(|x| x.escapes > 0)),
            _ => Some(true),
        },
        Some(_) => Some(true),
    }
}

impl Rule for UncheckedExit {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<RawFinding>) {
        let sem = ctx.sem;
        for (i, site) in sem.calls.iter().enumerate() {
            if site.promisified || !same_options_as_node(site) || site.spread {
                continue;
            }
            let use_ = &sem.children[i];
            let name = site.display_name();
            match site.api {
                Api::Exec | Api::ExecFile if site.callback.is_some() => {
                    let Some(cb) = site.callback else { continue };
                    if param_read(sem, cb, 0) == Some(false) {
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
                        out.push(f);
                    }
                }
                Api::Spawn | Api::Fork | Api::Exec | Api::ExecFile => {
                    // A detached child is a daemon: nobody is meant to wait for it.
                    if sem.option_truthiness(site, "detached") != Some(crate::semantic::Tri::False) {
                        continue;
                    }
                    if use_.escapes || use_.props_read.iter().any(|p| p == "exitCode" || p == "signalCode") {
                        continue;
                    }
                    let exits: Vec<_> = use_
                        .listeners
                        .iter()
                        .filter(|l| l.target == Target::Child && matches!(l.event.as_str(), "exit" | "close"))
                        .collect();
                    if exits.is_empty() {
                        out.push(at_call(
                            site,
                            "no `'exit'` or `'close'` listener",
                            format!("nothing checks how the child started by {name} exits"),
                            "listen for `'close'` and check the code: `child.on(\"close\", (code, signal) => { if (code !== 0) ... })`".into(),
                            Some("a child that fails usually still prints output; only the exit code says it failed"),
                        ));
                        continue;
                    }
                    let reads = exits.iter().any(|l| match l.handler {
                        Some(h) => param_read(sem, h, 0) != Some(false) || param_read(sem, h, 1) != Some(false),
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
                        out.push(f);
                    }
                }
                Api::SpawnSync => {
                    if use_.escapes {
                        continue;
                    }
                    let checked = use_.props_read.iter().any(|p| matches!(p.as_str(), "status" | "signal" | "error"));
                    if checked {
                        continue;
                    }
                    let message = match use_.holder {
                        Holder::Inline if use_.props_read.is_empty() => {
                            format!("the result of {name} is discarded, so a failure goes unnoticed")
                        }
                        _ => format!("the result of {name} is used without checking `status` or `error`"),
                    };
                    out.push(at_call(
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
}
