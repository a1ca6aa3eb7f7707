use swc_ecma_ast::Expr;

use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_at};
use crate::semantic::facts::Slot;
use crate::semantic::resolve::unparen;
use crate::semantic::values::PropValue;
use crate::semantic::{Api, CallSite, Opt};

/// Programs that write a lot over a long run (SPEC §2; `chatty-programs` in cplint.toml adds more).
pub const CHATTY_PROGRAMS: &[&str] = &[
    "ffmpeg", "avconv", "docker", "npm", "yarn", "pnpm", "make", "cmake", "cargo", "mvn", "gradle", "gcc", "g++",
    "clang", "rsync", "wget", "apt-get", "pip", "pip3", "webpack",
];

declare_rule! {
    /// ## What it flags
    ///
    /// A buffering API — `exec`, `execFile`, `execSync`, `execFileSync`, and
    /// `spawnSync` unless its output is `'inherit'`ed or `'ignore'`d — that runs a
    /// program known to write a lot over a long time: `ffmpeg`, `avconv`, `docker`,
    /// `npm`, `yarn`, `pnpm`, `make`, `cmake`, `cargo`, `mvn`, `gradle`, `gcc`,
    /// `g++`, `clang`, `rsync`, `wget`, `apt-get`, `pip`, `pip3`, `webpack`. Also
    /// any buffering call with `maxBuffer: Infinity`. More programs:
    /// `chatty-programs = [...]` in `cplint.toml`.
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
    /// - Only the program's name is known to cplint, not its flags: `ffmpeg
    ///   -version` is reported too.
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
    fn check_call<'a>(&self, cx: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        let sem = cx.sem;
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
        let Some(program) = &site.facts.program else {
            return;
        };
        let lower = program.to_ascii_lowercase();
        if !CHATTY_PROGRAMS.contains(&lower.as_str()) && !cx.config.chatty_programs.contains(&lower) {
            return;
        }
        out.emit(at_call(
            site,
            "buffers all output in memory",
            format!("{} buffers all output of `{program}`, which writes a lot over a long run", site.display_name()),
            format!("use `spawn(\"{program}\", args, {{ stdio: [\"ignore\", \"ignore\", \"pipe\"] }})` and stream the output, keeping only its tail for error messages"),
            Some("past `maxBuffer` (1 MB by default) Node kills the child mid-job with `ERR_CHILD_PROCESS_STDIO_MAXBUFFER`"),
        ));
    }
}
