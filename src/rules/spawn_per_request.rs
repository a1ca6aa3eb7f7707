use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_at};
use crate::semantic::{Api, CallSite};

/// Interpreters with a heavy start-up (SPEC §2; `interpreters` in cplint.toml adds more).
pub const INTERPRETERS: &[&str] =
    &["python", "python2", "python3", "node", "ruby", "php", "java", "rscript", "perl", "julia"];

declare_rule! {
    /// ## What it flags
    ///
    /// An interpreter with a heavy start-up — `python`, `python3`, `node`, `ruby`,
    /// `php`, `java`, `Rscript`, `perl`, `julia` (a version suffix such as
    /// `python3.12` counts) — started, or any `fork`, inside an HTTP request
    /// handler: a function passed to `app.get/post/put/patch/delete/all/use(...)`
    /// or `router.*` with a route, a `handler` of `server.route({...})`, an
    /// `http.createServer` callback, or a `server.on("request", ...)` listener.
    /// More interpreters: `interpreters = [...]` in `cplint.toml`.
    ///
    /// ## Why it matters
    ///
    /// Starting an interpreter costs tens of milliseconds before it imports
    /// anything, and seconds with heavy libraries. Paid on every request, it sets
    /// the floor of the service's latency and multiplies its memory under load.
    ///
    /// ## Example
    ///
    /// ```js
    /// const express = require("express");
    /// const { spawn } = require("node:child_process");
    ///
    /// const app = express();
    /// app.post("/score", (req, res) => {
    ///   const py = spawn("python3", ["score.py"], { timeout: 10_000 });
    ///   py.stdout.pipe(res);
    /// });
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const express = require("express");
    /// const { spawn } = require("node:child_process");
    ///
    /// // One long-lived worker, started once, reading requests line by line.
    /// const worker = spawn("python3", ["score_server.py"], { stdio: ["pipe", "pipe", "inherit"] });
    /// const app = express();
    /// app.post("/score", (req, res) => {
    ///   worker.stdin.write(JSON.stringify(req.body) + "\n");
    ///   worker.stdout.once("data", (line) => res.send(line));
    /// });
    /// ```
    ///
    /// ## Known limits
    ///
    /// - Only handlers written in the same file are recognised; a call in a helper
    ///   that a handler calls is not.
    pub struct SpawnPerRequest;
    code: "CP011",
    name: "spawn-per-request",
    severity: Warning,
    category: Reliability,
    cwe: [400],
    summary: "An interpreter is started on every HTTP request",
}

fn is_interpreter(program: &str) -> bool {
    let program = program.to_ascii_lowercase();
    let base = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    INTERPRETERS.contains(&program.as_str()) || INTERPRETERS.contains(&base)
}

impl Rule for SpawnPerRequest {
    fn check_call<'a>(&self, Context { sem, config }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if sem.facts.handlers.is_empty() {
            return;
        }
        if !site.api.is_process() {
            return;
        }
        let Some(handler) = sem.facts.handlers.iter().find(|h| h.lo <= site.span.lo && site.span.hi <= h.hi) else {
            return;
        };
        let what = if site.api == Api::Fork {
            "a new Node.js process".to_string()
        } else {
            match &site.facts.program {
                Some(p) if is_interpreter(p) || config.interpreters.contains(&p.to_ascii_lowercase()) => {
                    format!("`{p}`")
                }
                _ => return,
            }
        };
        let mut f = at_call(
            site,
            "started on every request",
            format!("{} starts {what} on every request this handler serves", site.display_name()),
            "start a pool of long-lived workers once, at startup, and send them each request over stdin or IPC"
                .into(),
            Some(
                "interpreter start-up (tens of milliseconds, seconds with heavy imports) is paid per request and bounds the service's latency",
            ),
        );
        f.labels.push(label_at(
            swc_common::Span::new(handler.lo, swc_common::BytePos(handler.lo.0 + 1)),
            "request handler",
        ));
        out.emit(f);
    }
}
