use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, describe_origin, label_at};
use crate::semantic::{Api, CallSite, Origin};

declare_rule! {
    /// ## What it flags
    ///
    /// A call whose *program* — the file `spawn`, `spawnSync`, `execFile`,
    /// `execFileSync`, `cross-spawn` or `execa` runs, or the module `fork` starts —
    /// is built from HTTP request data: a property of the request parameter of a
    /// handler (`req.query.tool`, `req.body.cmd`, `ctx.request.body.bin`), directly
    /// or through local variables.
    ///
    /// Not flagged: programs from command-line arguments (`process.argv`), the
    /// environment (`process.env.EDITOR`), configuration, constants, or
    /// `process.execPath` — command-line tools and editors run programs their user
    /// named, by design. Shell command strings (`exec`) are `shell-injection`'s.
    ///
    /// ## Why it matters
    ///
    /// Whoever sends the request chooses what runs on the server (CWE-78). An argv
    /// array and no shell do not help when the attacker names the program itself:
    /// `/bin/sh` with `-c` in the arguments runs anything.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// function convert(req, res) {
    ///   execFile(req.query.tool, ["--input", "upload.dat"], { timeout: 10_000 }, (err, out) => {
    ///     res.send(err ? "failed" : out);
    ///   });
    /// }
    /// module.exports = convert;
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// const TOOLS = { png: "/usr/bin/optipng", jpeg: "/usr/bin/jpegoptim" };
    ///
    /// function convert(req, res) {
    ///   const tool = TOOLS[req.query.kind];
    ///   if (!Object.hasOwn(TOOLS, req.query.kind)) return res.status(400).send("unknown kind");
    ///   execFile(tool, ["--input", "upload.dat"], { timeout: 10_000 }, (err, out) => {
    ///     res.send(err ? "failed" : out);
    ///   });
    /// }
    /// module.exports = convert;
    /// ```
    ///
    /// Map the request's choice to a fixed list of programs you wrote yourself.
    ///
    /// ## Known limits
    ///
    /// - Request data is recognised as a property of a parameter named `req`,
    ///   `request`, `ctx` or `event`; a request object under another name, or one
    ///   passed through a function of another file, is not followed.
    /// - Wrapper libraries other than `cross-spawn` and `execa` are not checked yet.
    pub struct UntrustedProgram;
    code: "CP014",
    name: "untrusted-program",
    severity: Error,
    category: Security,
    cwe: [78],
    summary: "The program a child process runs comes from HTTP request data",
    precision: "high",
    security_severity: "9.8",
}

impl Rule for UntrustedProgram {
    fn check_call<'a>(&self, cx: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        let runs_program =
            matches!(site.api, Api::Spawn | Api::SpawnSync | Api::ExecFile | Api::ExecFileSync | Api::Execa | Api::Fork);
        let Some(program) = site.command.filter(|_| runs_program) else {
            return;
        };
        let shape = cx.sem.shape(program);
        let Some(hole) = shape.holes().find(|h| h.origin.is_untrusted()) else {
            return;
        };
        let what = if site.api == Api::Fork { "module" } else { "program" };
        let mut f = at_call(
            site,
            "runs a program the request names",
            format!("{} runs a {what} named by {}", site.display_name(), describe_origin(&hole.origin)),
            "map the request's choice to a fixed list of programs (`const TOOLS = { png: \"/usr/bin/optipng\" }`) and reject anything else".into(),
            Some("whoever sends the request chooses what runs on this server, arguments and all"),
        );
        let from = match hole.origin {
            Origin::ActionsPayload(_) => "from the GitHub event payload",
            _ => "from the HTTP request",
        };
        f.labels.push(label_at(hole.span, from));
        out.emit(f);
    }
}
