use swc_ecma_ast::Expr;

use crate::declare_rule;
use crate::emit::RawFinding;
use crate::rule::{Context, Rule};
use crate::vocab::RuleMeta;
use crate::rules::util::{Slot, at_call, label_at, program_name, same_options_as_node, stdio};
use crate::semantic::resolve::unparen;
use crate::semantic::values::PropValue;
use crate::semantic::{Api, Opt};

/// Programs that write a lot over a long run (SPEC §2; extended by config later).
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
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context<'_, '_>, out: &mut Vec<RawFinding>) {
        let sem = ctx.sem;
        for site in &sem.calls {
            if !matches!(site.api, Api::Exec | Api::ExecSync | Api::ExecFile | Api::ExecFileSync | Api::SpawnSync) {
                continue;
            }
            if !same_options_as_node(site) || site.spread {
                continue;
            }
            // Output that is inherited or ignored is not buffered.
            match stdio(sem, site) {
                None => continue,
                Some([_, o, e]) if o != Slot::Pipe && e != Slot::Pipe => continue,
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
                out.push(f);
                continue;
            }
            let Some(program) = program_name(sem, site) else {
                continue;
            };
            let lower = program.to_ascii_lowercase();
            if !CHATTY_PROGRAMS.contains(&lower.as_str()) && !ctx.config.chatty_programs.contains(&lower) {
                continue;
            }
            out.push(at_call(
                site,
                "buffers all output in memory",
                format!("{} buffers all output of `{program}`, which writes a lot over a long run", site.display_name()),
                format!("use `spawn(\"{program}\", args, {{ stdio: [\"ignore\", \"ignore\", \"pipe\"] }})` and stream the output, keeping only its tail for error messages"),
                Some("past `maxBuffer` (1 MB by default) Node kills the child mid-job with `ERR_CHILD_PROCESS_STDIO_MAXBUFFER`"),
            ));
        }
    }
}
