use swc_common::Spanned;
use swc_ecma_ast::{Expr, PropOrSpread};

use crate::declare_rule;
use crate::emit::{Edit, Fix, Safety};
use crate::rule::{Context, Emitter, Rule, at_call, label_at};
use crate::semantic::env::EnvPath;
use crate::semantic::facts::Shell;
use crate::semantic::resolve::unparen;
use crate::semantic::values::PropValue;
use crate::semantic::{Api, CallSite, Opt, Part, range};

declare_rule! {
    /// ## What it flags
    ///
    /// An `env` option that replaces the environment without a `PATH` — an object
    /// that neither spreads `process.env` (`{ ...process.env, … }`,
    /// `Object.assign({}, process.env, …)`) nor sets `PATH` itself — for a child whose
    /// program is a bare name that the system looks up on `PATH`: `spawn`,
    /// `spawnSync`, `execFile`, `execFileSync`, `exec` and `execSync` (the first word
    /// of the command).
    ///
    /// Not flagged: programs given as a path (`/usr/bin/git`, `./bin/tool`,
    /// `process.execPath`) — a minimal environment with an absolute program is
    /// deliberate; `fork` (it runs `process.execPath`); `cross-spawn` (it resolves the
    /// program with the parent's `PATH`) and `execa` (it extends `process.env` unless
    /// told not to); an `env` cplint cannot read (a parameter, a call, a spread of an
    /// unknown object).
    ///
    /// ## Why it matters
    ///
    /// `env` replaces the child's environment; it does not add to it. Without `PATH`,
    /// Node looks the program up in `/usr/bin:/bin` only on Unix (a shell uses its
    /// own short default), so `npx`, `node`, `yarn` or anything installed by nvm,
    /// Homebrew or a package manager's `bin` folder fails with `ENOENT`, and the
    /// child also loses `HOME`, `LANG` and the proxy settings. It works on the
    /// developer's machine where the program sits in `/usr/bin`, and breaks elsewhere.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const server = spawn("npx", ["serve", "dist"], { env: { PORT: "8080" }, stdio: "inherit" });
    /// server.on("error", (err) => console.error(err));
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const server = spawn("npx", ["serve", "dist"], { env: { ...process.env, PORT: "8080" }, stdio: "inherit" });
    /// server.on("error", (err) => console.error(err));
    /// ```
    ///
    /// Spread `process.env` first and override what the child needs; or pass `PATH`
    /// on purpose (`{ PATH: process.env.PATH, PORT: "8080" }`); or name the program
    /// by its absolute path when the child must run with a minimal environment.
    ///
    /// ## Fix
    ///
    /// When the `env` object is written in the call, cplint adds `...process.env`
    /// as its first entry, so the variables written there still win. The fix is
    /// *unsafe*: the child now inherits every variable of the parent (secrets
    /// included), which the original code may have kept out on purpose.
    ///
    /// ## Known limits
    ///
    /// - The program name must be known in the file (a literal or a constant); the
    ///   first word of a shell command is read from the command's constant start.
    /// - An `env` object held in a variable is followed only when the call is its
    ///   one use besides `env.NAME = …` writes (another use could be
    ///   `Object.assign(env, process.env)`).
    pub struct EnvWithoutPath;
    code: "CP017",
    name: "env-without-path",
    severity: Warning,
    category: Reliability,
    cwe: [426],
    summary: "An `env` option without `PATH` for a program looked up on `PATH`",
}

impl Rule for EnvWithoutPath {
    fn check_call<'a>(&self, Context { sem, config }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if !matches!(
            site.api,
            Api::Spawn | Api::SpawnSync | Api::ExecFile | Api::ExecFileSync | Api::Exec | Api::ExecSync
        ) || site.wrapper.is_some()
        {
            return;
        }
        let Opt::Present(entry) = sem.option(site, "env") else { return };
        let Some(value) = entry.value else { return };
        if sem.env_path_of(value) != EnvPath::NoPath {
            return;
        }
        let Some(cmd) = site.command else { return };
        // The program as written: a bare name (no directory) is looked up on PATH.
        let shell = !matches!(site.facts.shell, Shell::None);
        let shape = sem.shape(cmd);
        let Some(Part::Lit(first)) = shape.parts.first() else { return };
        let word = if site.api.is_shell_string() || (shell && site.args.is_none()) {
            // The first word of the command line (`facts.program` is unset for
            // shell syntax such as `FOO=1 cmd` or `(cd x && …)`).
            let Some(w) = first.split_whitespace().next() else { return };
            w.to_string()
        } else {
            if shape.parts.len() > 1 {
                return;
            }
            first.trim().to_string()
        };
        if word.is_empty() || word.contains(['/', '\\', '=', '$', '(', '`', '{', '~']) || site.facts.program.is_none() {
            return;
        }
        let mut f = at_call(
            site,
            "looks the program up on PATH",
            format!(
                "{} runs `{word}` with an `env` that has no `PATH`: {}",
                site.display_name(),
                if shell {
                    "the shell looks it up in its built-in default path only"
                } else {
                    "the child looks it up in `/usr/bin:/bin` only"
                }
            ),
            "start the environment from the parent's: `env: { ...process.env, … }`, or set `PATH`, or name the program by its absolute path".into(),
            Some("`env` replaces the environment instead of adding to it; programs installed outside /usr/bin and /bin fail with ENOENT"),
        );
        let env = match value {
            PropValue::Expr(e) => Some(e),
            PropValue::Ident(_) => None,
        };
        let l = label_at(env.map_or(entry.span, |e| e.span()), "no `PATH` and no `...process.env`");
        if l.start >= f.start && l.end <= f.end {
            f.labels.push(l);
        }
        if config.fixes {
            f.fix = Some(fix(site, env));
        }
        out.emit(f);
    }
}

fn fix(site: &CallSite<'_>, env: Option<&Expr>) -> Fix {
    let (cs, ce) = range(site.span);
    let Some(Expr::Object(o)) = env.map(unparen) else {
        return Fix {
            safety: Safety::DisplayOnly,
            title: "start the object from the parent's environment: `{ ...process.env, … }`".into(),
            edits: Vec::new(),
        };
    };
    let (os, oe) = range(o.span);
    if os < cs || oe > ce {
        return Fix {
            safety: Safety::DisplayOnly,
            title: "start the `env` object from the parent's environment: `{ ...process.env, … }`".into(),
            edits: Vec::new(),
        };
    }
    let edit = match o.props.first() {
        Some(p) => {
            let start = match p {
                PropOrSpread::Spread(s) => range(s.dot3_token).0,
                PropOrSpread::Prop(p) => range(p.span()).0,
            };
            Edit::new(start, start, "...process.env, ")
        }
        None => Edit::new(os + 1, os + 1, "...process.env"),
    };
    Fix { safety: Safety::Unsafe, title: "add `...process.env` to the start of `env`".into(), edits: vec![edit] }
}
