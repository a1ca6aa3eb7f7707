use swc_ecma_ast::Expr;

use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_at};
use crate::semantic::facts::Slot;
use crate::semantic::resolve::unparen;
use crate::semantic::values::PropValue;
use crate::semantic::commands;
use crate::semantic::{Api, CallSite, Opt};

declare_rule! {
    /// ## What it flags
    ///
    /// A buffering API — `exec`, `execFile`, `execSync`, `execFileSync`, and
    /// `spawnSync` unless its output is `'inherit'`ed or `'ignore'`d — that runs a
    /// command known to write a lot over a long time, by the command model of the
    /// lifecycle rules (`src/semantic/commands.rs`): encoders (`ffmpeg`, `avconv`),
    /// builds (`make`, `cmake`, `cargo`, `mvn`, `gradle`, `gcc`, `g++`, `clang`,
    /// `webpack`), package installs and scripts (`npm`, `yarn`, `pnpm`, `pip`,
    /// `pip3`, `apt-get upgrade`), `docker` (`build`, `pull`, `logs`, `run` in the
    /// foreground), `rsync`, `wget`. Also any buffering call with `maxBuffer: Infinity`.
    /// More commands: `chatty-programs = [...]` in `cplint.toml` (a program, or a
    /// program and subcommand: `"terraform"`, `"mytool build"`).
    ///
    /// The subcommand and flags count: `npm --version`, `npm view x version`,
    /// `npm config get prefix`, `docker ps`, `docker version`, `docker run -d` (it
    /// prints an id) and `apt-get install` of named packages print a few lines and are
    /// not reported.
    ///
    /// ## Why it matters
    ///
    /// These APIs keep all of the child's output in memory until it exits. Past
    /// `maxBuffer` (1 MB by default) Node kills the child mid-job with
    /// `ERR_CHILD_PROCESS_STDIO_MAXBUFFER`; with `maxBuffer: Infinity` a long job
    /// grows the parent's memory without limit instead.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// execFile("ffmpeg", ["-i", "talk.mov", "talk.mp4"], { timeout: 3_600_000 }, (err) => {
    ///   if (err) console.error(err);
    /// });
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const ffmpeg = spawn("ffmpeg", ["-i", "talk.mov", "talk.mp4"], {
    ///   timeout: 3_600_000,
    ///   stdio: ["ignore", "ignore", "pipe"],
    /// });
    /// let tail = "";
    /// ffmpeg.stderr.on("data", (chunk) => { tail = (tail + chunk).slice(-8192); });
    /// ffmpeg.on("error", (err) => console.error(err));
    /// ffmpeg.on("close", (code) => { if (code !== 0) console.error(tail); });
    /// ```
    ///
    /// ## Known limits
    ///
    /// - The model reads the program, its subcommand and its flags, not how much the
    ///   job will print: a `make` of one small target is reported too.
    pub struct BufferedOutput;
    code: "CP007",
    name: "buffered-output",
    severity: Warning,
    category: Reliability,
    cwe: [400],
    summary: "A buffering API runs a program that writes a lot over a long time",
}

fn is_infinity(e: &Expr) -> bool {
    match unparen(e) {
        Expr::Ident(i) => i.sym == *"Infinity",
        Expr::Member(m) => crate::semantic::resolve::member_name(&m.prop).as_deref() == Some("POSITIVE_INFINITY"),
        _ => false,
    }
}

impl Rule for BufferedOutput {
    fn check_call<'a>(&self, Context { sem, config }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if !matches!(site.api, Api::Exec | Api::ExecSync | Api::ExecFile | Api::ExecFileSync | Api::SpawnSync) {
            return;
        }
        if !site.facts.node_options || site.spread {
            return;
        }
        // Output that is inherited or ignored is not buffered.
        match site.facts.stdio {
            None => return,
            Some([_, o, e]) if o != Slot::Pipe && e != Slot::Pipe => return,
            _ => {}
        }
        if let Opt::Present(entry) = sem.option(site, "maxBuffer")
            && let Some(PropValue::Expr(v)) = entry.value
            && is_infinity(v)
        {
            let mut f = at_call(
                site,
                "buffers all output",
                format!("{} buffers the child's whole output with `maxBuffer: Infinity`", site.display_name()),
                "use `spawn` and stream the output, keeping only what you need".into(),
                Some("an unbounded buffer grows this process's memory for as long as the child writes"),
            );
            f.labels.push(label_at(entry.span, "no limit"));
            out.emit(f);
            return;
        }
        if !commands::classify(site, &config.command_lists()).chatty {
            return;
        }
        let program = site.facts.program.clone().or_else(|| site.facts.command.first_program());
        let (shown, in_help) = match &program {
            Some(p) => (format!("`{p}`"), p.clone()),
            None => ("the command".to_string(), "program".to_string()),
        };
        out.emit(at_call(
            site,
            "buffers all output in memory",
            format!("{} buffers all output of {shown}, which writes a lot over a long run", site.display_name()),
            format!("use `spawn(\"{in_help}\", args, {{ stdio: [\"ignore\", \"ignore\", \"pipe\"] }})` and stream the output, keeping only its tail for error messages"),
            Some("past `maxBuffer` (1 MB by default) Node kills the child mid-job with `ERR_CHILD_PROCESS_STDIO_MAXBUFFER`"),
        ));
    }
}
