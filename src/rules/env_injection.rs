use crate::declare_rule;
use crate::emit::{Label, RawFinding};
use crate::rule::{Context, Emitter, Rule, at_call, describe_origin, label_at};
use swc_ecma_ast::Expr;

use crate::semantic::resolve::unparen;
use crate::semantic::values::PropValue;
use crate::semantic::{Api, CallSite, Opt, range};

declare_rule! {
    /// ## What it flags
    ///
    /// Environment variable *names* chosen by HTTP request data (a property of the
    /// request parameter of a handler: `req.query`, `req.body`, `ctx.request.body`),
    /// reaching a child process:
    ///
    /// - the `env` option of `spawn`, `spawnSync`, `execFile`, `execFileSync`,
    ///   `exec`, `execSync`, `fork`, `cross-spawn` or `execa` holds request data as a
    ///   whole (`env: req.body.env`), spreads it (`{ ...process.env, ...req.query }`),
    ///   uses it as a computed key (`{ [req.query.name]: value }`), or is an object
    ///   that `Object.assign(env, req.body)`, `env[req.query.k] = v` or a loop over
    ///   the request's keys (`for (const k in req.body) env[k] = req.body[k]`) filled;
    /// - `process.env` itself is written the same way (`Object.assign(process.env,
    ///   req.body)`, `process.env[req.params.key] = value`): every child started
    ///   afterwards inherits it.
    ///
    /// Not flagged: a request value under a name the code fixes (`{ ...process.env,
    /// LANG: req.query.lang }`): the client picks a value, not which variable.
    ///
    /// ## Why it matters
    ///
    /// Some variables make programs run code: `NODE_OPTIONS=--require=/tmp/x.js`
    /// (node), `LD_PRELOAD` (any dynamically linked program), `GIT_SSH_COMMAND`,
    /// `GIT_EXTERNAL_DIFF` (git), `BASH_ENV` (bash), `PERL5OPT`, `PYTHONSTARTUP`.
    /// Whoever sends the request runs commands on the server without touching the
    /// command line (CWE-78).
    ///
    /// ## Example
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// function build(req, res) {
    ///   execFile("npm", ["run", "build"], { env: { ...process.env, ...req.body.env }, timeout: 300_000 }, (err) => {
    ///     res.sendStatus(err ? 500 : 200);
    ///   });
    /// }
    /// module.exports = build;
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// function build(req, res) {
    ///   const mode = req.body.mode === "production" ? "production" : "development";
    ///   execFile("npm", ["run", "build"], { env: { ...process.env, NODE_ENV: mode }, timeout: 300_000 }, (err) => {
    ///     res.sendStatus(err ? 500 : 200);
    ///   });
    /// }
    /// module.exports = build;
    /// ```
    ///
    /// Name the variables the child needs yourself and take only their values from
    /// the request, checked against what you expect.
    ///
    /// ## Known limits
    ///
    /// - Request data is recognised as a property of a parameter named `req`,
    ///   `request`, `ctx` or `event` (as in `untrusted-program`).
    /// - Keys copied in a loop are followed for `for (k in data)`,
    ///   `for (k of Object.keys(data))` / `Object.entries(data)` and
    ///   `Object.keys(data).forEach((k) => …)` (`map`, `filter`, `reduce`); keys passed
    ///   through a helper function are not.
    /// - An allow-list check of the keys is not recognised; suppress such a line with
    ///   a reason.
    pub struct EnvInjection;
    code: "CP018",
    name: "env-injection",
    severity: Error,
    category: Security,
    cwe: [78],
    summary: "HTTP request data chooses the names of a child process's environment variables",
    precision: "high",
    security_severity: "8.8",
}

const HELP: &str = "name the variables yourself and take only values from the request (`env: { ...process.env, MODE: mode }`), checked against what you expect";
const NOTE: &str = "variables such as NODE_OPTIONS, LD_PRELOAD, GIT_SSH_COMMAND or BASH_ENV make the child run the sender's code";

impl Rule for EnvInjection {
    fn check_call<'a>(&self, Context { sem, .. }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if !matches!(
            site.api,
            Api::Spawn
                | Api::SpawnSync
                | Api::ExecFile
                | Api::ExecFileSync
                | Api::Exec
                | Api::ExecSync
                | Api::Fork
                | Api::Execa
                | Api::ExecaCommand
        ) {
            return;
        }
        let Opt::Present(entry) = sem.option(site, "env") else { return };
        let Some(value) = entry.value else { return };
        // A local object as the environment: the writes that filled it (one walk
        // of the file, only for such calls).
        let local = match value {
            PropValue::Ident(_) => true,
            PropValue::Expr(e) => matches!(unparen(e), Expr::Ident(_)),
        };
        let writes = if local { sem.env_writes() } else { Vec::new() };
        let Some(hole) = sem.env_request_keys(value, &writes) else { return };
        let mut f = at_call(
            site,
            "starts a child with this environment",
            format!(
                "{} gets environment variables whose names come from {}",
                site.display_name(),
                describe_origin(&hole.origin)
            ),
            HELP.into(),
            Some(NOTE),
        );
        let l = label_at(hole.span, "names chosen by the request");
        if l.start >= f.start && l.end <= f.end {
            f.labels.push(l);
        } else {
            let l = label_at(entry.span, "filled with names from the request");
            if l.start >= f.start && l.end <= f.end {
                f.labels.push(l);
            }
        }
        out.emit(f);
    }

    fn check_file(&self, cx: &Context<'_, '_>, out: &mut Emitter) {
        for w in cx.sem.process_env_writes() {
            let (start, end) = range(w.span);
            let (hs, he) = range(w.hole.span);
            let mut labels = Vec::new();
            if hs >= start && he <= end {
                labels.push(Label { start: hs, end: he, text: "names chosen by the request".into() });
            }
            out.emit(RawFinding {
                start,
                end,
                primary: Label { start, end, text: "every later child inherits `process.env`".into() },
                message: format!(
                    "`process.env` gets variables whose names come from {}; every child process started afterwards inherits them",
                    describe_origin(&w.hole.origin)
                ),
                help: Some(HELP.into()),
                note: Some(NOTE.into()),
                labels,
                fix: None,
            });
        }
    }
}
