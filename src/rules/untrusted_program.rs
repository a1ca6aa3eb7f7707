use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, describe_origin, label_at};
use crate::semantic::{Api, CallSite, Origin, Part};

declare_rule! {
    /// ## What it flags
    ///
    /// A call whose *program* — the file `spawn`, `spawnSync`, `execFile`,
    /// `execFileSync`, `cross-spawn` or `execa` runs, the first word of an
    /// `execaCommand` string or of an execa `$` template (`` $`${tool} ${file}` ``),
    /// the program option of `opener` (`{ command }`) and `open` (`{ app }`, `app[0]`,
    /// `app.name`, `openApp(name)`), or the module `fork` starts —
    /// is built from HTTP request data: what the request parameter of a handler
    /// holds (`req.query.tool`, `req.body.cmd`, `ctx.request.body.bin`,
    /// `request.nextUrl.searchParams.get("bin")`, `(await request.json()).tool`),
    /// directly or through local variables. Handlers are the functions registered
    /// on an app that resolves to express, koa, fastify or hapi, `http(s).createServer`
    /// handlers, Next.js API routes (by path: `pages/api/**`, `app/**/route.js`) and
    /// parameters typed as a framework's request, whatever they are called (see
    /// `shell-injection` for the list). The event payload of a GitHub Actions run
    /// (`@actions/github`'s `context.payload`) counts too: issue titles, comments
    /// and pull-request branch names are written by whoever opens them, exactly
    /// like a request's body.
    ///
    /// Not flagged: programs from command-line arguments (`process.argv`, yargs,
    /// commander, ...), the environment (`process.env.EDITOR`), a workflow's own
    /// inputs (`core.getInput`: set by the workflow's author), stdin, configuration,
    /// constants, or `process.execPath` — command-line tools and editors run
    /// programs their user named, by design. Shell command strings (`exec`) are
    /// `shell-injection`'s.
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
    /// - A handler registered in another file (a controller module, a router
    ///   handed in as a parameter) is only recognised by its shape: an exported
    ///   function or a class method with parameters `(req|request, res|response|reply|h, ..)`,
    ///   `(err, req, res, next)` or `(ctx, next)`, an exported `(event, context)`
    ///   (AWS Lambda), or a function passed to `x.get("/path", ..)` (a route method
    ///   with a literal path) whose first parameter is `req`, `request` or `ctx`.
    ///   A request object under another name in such a file, or handed on to a
    ///   function of another file, is not followed; a parameter merely named `req`
    ///   or `ctx` elsewhere is not request data.
    /// - A fastify plugin declared before it is registered
    ///   (`async function routes(f) { f.get(..) }` … `app.register(routes)`) is
    ///   found by the route-shaped rule above only.
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
        // `execaCommand("tool --flag")` and execa's `$\`${tool} ..\`` run the first word.
        let runs_program = matches!(
            site.api,
            Api::Spawn | Api::SpawnSync | Api::ExecFile | Api::ExecFileSync | Api::Execa | Api::ExecaCommand | Api::Fork
        );
        let Some(program) = site.command.filter(|_| runs_program) else {
            return;
        };
        let shape = cx.sem.shape(program);
        // Only what comes before the first blank names the program: in
        // `execa("ls " + req.query.d, { shell: true })` the program is `ls` and the
        // request's text is the shell's (`shell-injection` reports it).
        let mut blank = false;
        let Some(hole) = shape.parts.iter().find_map(|p| match p {
            Part::Lit(l) => {
                blank |= l.contains([' ', '\t', '\n']);
                None
            }
            Part::Hole(h) if !blank && h.origin.is_untrusted() => Some(h),
            _ => None,
        }) else {
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
