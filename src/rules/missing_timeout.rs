use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_options};
use crate::semantic::commands::{self, Kind};
use crate::emit::{Fix, Safety};
use crate::rules::rewrite::options;
use crate::rules::shell_timeout::compound_shell_command;
use crate::semantic::{Api, CallSite, Opt, Semantic, Tri};

declare_rule! {
    /// ## What it flags
    ///
    /// A child process with no time bound — no `timeout` option (or `timeout: 0`,
    /// which means none), no `signal` option, and for `spawn`, `fork` and `exec`
    /// children no `child.kill(..)` inside a timer callback — whose command can run
    /// long or hang, by the command model shared by the lifecycle rules
    /// (`src/semantic/commands.rs`):
    ///
    /// - **long-running** commands, whatever their stdio: the network (`git fetch`,
    ///   `npm install`, `curl`, `wget`), a daemon (`docker ...`), devices and slow
    ///   system queries (`smartctl`, `system_profiler`, `df`, `lsof`, `wmic`), builds
    ///   and encoders (`make`, `ffmpeg`);
    /// - **unknown** commands (a program cplint has no entry for, or cannot read) whose
    ///   stdin is not this process's terminal.
    ///
    /// Sync calls (`execSync`, `spawnSync`, ...) are included: a hung child blocks the
    /// whole event loop. `cross-spawn` calls are checked like `spawn`, and execa calls
    /// (`execa`, `execaSync`, `execaCommand`), which have no time limit by
    /// default either, are checked for their `timeout`, `signal` and `cancelSignal`
    /// options.
    ///
    /// Not flagged:
    ///
    /// - **instant** commands: queries that end at once (`ps`, `git rev-parse`,
    ///   `git status`, `npm config get`, `lsblk`, `ioreg`, `wslpath`, `cmd /c echo`),
    ///   `--version`/`-v`/`version`/`help` as the only argument, kill helpers
    ///   (`taskkill`, `kill`), local file operations (`cp`, `tar`, `unzip`), and any
    ///   command run under `timeout N`; a shell line is instant when every command in
    ///   it is (`export LC_ALL=C; lscpu; unset LC_ALL`);
    /// - **interactive** commands (an editor, a pager, `git commit` without a message,
    ///   `docker run -it`) and unknown commands in the foreground (stdin is this
    ///   process's terminal: `stdio: "inherit"`, `[0, ...]`, `[process.stdin, ...]`):
    ///   a user watches them and can press Ctrl-C, and a time limit would be wrong;
    /// - `detached: true` children (daemons by design), calls whose options cannot be
    ///   read (a parameter, a spread of an unknown object), and children that are
    ///   returned or passed on (the caller may bound them).
    ///
    /// The tables are in `src/semantic/commands.rs`; `instant-commands`,
    /// `long-running-commands` and `interactive-commands` in `cplint.toml` add entries
    /// (`"mytool sync"`, `"lsfoo"`).
    ///
    /// ## Why it matters
    ///
    /// A child that never exits — a network call that hangs, a prompt waiting for
    /// input, a wedged encoder — holds its slot, its pipes and its memory forever.
    /// Without a bound, nothing ever reaps it.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// execFile("git", ["fetch", "origin"], (err) => {
    ///   if (err) console.error(err);
    /// });
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { execFile } = require("node:child_process");
    ///
    /// execFile("git", ["fetch", "origin"], { timeout: 60_000 }, (err) => {
    ///   if (err) console.error(err);
    /// });
    /// ```
    ///
    /// Or pass `signal: AbortSignal.timeout(60_000)`, or kill a `spawn`ed child
    /// from a `setTimeout` callback.
    ///
    /// ## Fix
    ///
    /// cplint adds `timeout: 30_000` to an options object written in the call
    /// (after its last property, in the object's layout), replaces the value of a
    /// `timeout: 0` written there, or passes `{ timeout: 30_000 }` where the call has
    /// no options — after the argument array, before the callback
    /// (`exec(cmd, cb)` → `exec(cmd, { timeout: 30_000 }, cb)`). The fix is
    /// *unsafe*: a child that legitimately runs longer than 30 seconds is now killed
    /// (`SIGTERM`; the callback gets an error with `killed: true`, a sync call
    /// throws `ETIMEDOUT`), so pick the bound the command needs. Options held in a
    /// variable, a parameter or a call, an argument list with a spread, and an
    /// argument that may be the argument array or the options (`execFile(f, x, cb)`)
    /// get the advice only; so does a shell running a pipeline or a list
    /// (`exec("a | b")`, `execSync("x && y")`), where a `timeout` would stop only
    /// the shell (`shell-timeout`).
    ///
    /// ## Known limits
    ///
    /// - A kill from a timer is recognised anywhere in the file, not only in the
    ///   function that starts the child.
    /// - The command model reads the program, its subcommand and its flags, not what
    ///   a script does: `node build.js` and `python3 tool.py` are unknown.
    /// - A command held in a variable assigned in several places takes every value
    ///   assigned before the call (in the text), and is long-running if any of them is.
    /// - Wrapper libraries other than `cross-spawn`, execa and the promise versions of
    ///   `child_process` are not checked.
    pub struct MissingTimeout;
    code: "CP003",
    name: "missing-timeout",
    severity: Warning,
    category: Reliability,
    cwe: [400],
    summary: "A child process runs with no timeout, signal or kill timer",
}

/// Whether an option value is a number literal (`timeout: 0`), not `null`/`undefined`/`false`.
fn is_number<'a>(sem: &crate::semantic::Semantic<'a>, v: crate::semantic::values::PropValue<'a>) -> bool {
    use crate::semantic::resolve::unparen;
    use crate::semantic::values::PropValue;
    use swc_ecma_ast::{Expr, Lit};
    let e = match v {
        PropValue::Expr(e) => e,
        PropValue::Ident(i) => match sem.binding_value(i) {
            Some((e, [])) => e,
            _ => return false,
        },
    };
    matches!(unparen(e), Expr::Lit(Lit::Num(_)))
}

impl Rule for MissingTimeout {
    fn check_call<'a>(&self, Context { sem, config }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        let execa = matches!(site.api, Api::Execa | Api::ExecaCommand) && site.wrapper == Some("execa");
        if !site.api.is_process() || (matches!(site.api, Api::ShellString | Api::Execa | Api::ExecaCommand) && !execa) {
            return;
        }
        if !(site.facts.node_options || execa) || site.spread {
            return;
        }
        let timeout = sem.option(site, "timeout");
        let zero_timeout = match &timeout {
            Opt::Unknown => return,
            Opt::Present(e) => match e.value.map(|v| sem.prop_truthiness(v)) {
                Some(Tri::False) => Some(e.value.is_some_and(|v| is_number(sem, v))),
                _ => return,
            },
            Opt::Absent => None,
        };
        // `signal: undefined` / `signal: null` is no signal; execa 9 calls it `cancelSignal`.
        for key in ["signal", "cancelSignal"] {
            match sem.option(site, key) {
                Opt::Absent => {}
                Opt::Present(e) if e.value.map(|v| sem.prop_truthiness(v)) == Some(Tri::False) => {}
                _ => return,
            }
        }
        if sem.option_truthiness(site, "detached") != Some(Tri::False) {
            return;
        }
        let child = &site.child;
        let returns_child = matches!(site.api, Api::Spawn | Api::Fork)
            || execa
            || (matches!(site.api, Api::Exec | Api::ExecFile) && !site.promisified);
        if returns_child && (child.escapes || child.disposed || child.kills.iter().any(|(_, in_timer)| *in_timer)) {
            return;
        }
        let lists = config.command_lists();
        let kind = commands::classify(site, &lists).kind;
        match kind {
            Kind::Instant | Kind::Interactive => return,
            Kind::Unknown if commands::is_foreground(site) => return,
            Kind::Unknown | Kind::LongRunning => {}
        }
        // Name the command that can hang (`smartctl` in `printf x; smartctl -H ...`).
        let name = match kind {
            Kind::LongRunning => commands::program_of_kind(&site.facts.command, &lists, kind).or(site.facts.program.clone()),
            _ => site.facts.program.clone(),
        };
        let program = name.map(|p| format!("`{p}`")).unwrap_or_else(|| "the child".into());
        let sync = matches!(site.api, Api::ExecSync | Api::ExecFileSync | Api::SpawnSync);
        let message = if zero_timeout == Some(true) {
            format!("{} sets `timeout: 0`, which means no time limit for {program}", site.display_name())
        } else if zero_timeout == Some(false) {
            format!("{} sets `timeout` to a value that means no time limit for {program}", site.display_name())
        } else if sync {
            format!("{} has no time limit: if {program} hangs, this process blocks forever", site.display_name())
        } else {
            format!("{} has no time limit: if {program} hangs, it is never stopped", site.display_name())
        };
        let help = match site.api {
            _ if execa => {
                "add `timeout: 30_000` (milliseconds) or `cancelSignal: AbortSignal.timeout(30_000)` to the options"
            }
            Api::Spawn | Api::Fork => {
                "add `timeout: 30_000` (milliseconds) or `signal: AbortSignal.timeout(30_000)` to the options, or call `child.kill()` from a `setTimeout`"
            }
            _ => "add `timeout: 30_000` (milliseconds) or `signal: AbortSignal.timeout(30_000)` to the options",
        };
        let mut f = at_call(
            site,
            "no `timeout` or `signal`",
            message,
            help.to_string(),
            Some(
                "a child without a time bound holds its slot, pipes and memory until it exits, which may be never",
            ),
        );
        label_options(&mut f, site, "options without a time limit");
        if config.fixes {
            f.fix = Some(fix(sem, site));
        }
        out.emit(f);
    }
}

/// `timeout: 30_000` in the options written in the call, or a new options object;
/// advice when the options are held elsewhere.
fn fix<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> Fix {
    // A pipeline or list in a shell: `timeout` would kill the shell and leave its
    // commands running (what shell-timeout reports).
    if let Some(op) = compound_shell_command(sem, site) {
        return Fix {
            safety: Safety::DisplayOnly,
            title: format!(
                "a `timeout` would stop only the shell of this command list (`{op}`): run each program without a shell and bound each, or start the shell with `detached: true` and kill its process group (`process.kill(-child.pid)`) from a timer"
            ),
            edits: Vec::new(),
        };
    }
    match options::set_option(sem, site, "timeout", "30_000") {
        Ok(edits) => Fix {
            safety: Safety::Unsafe,
            title: "add `timeout: 30_000` (a child still running after 30 s is killed)".into(),
            edits,
        },
        Err(why) => Fix {
            safety: Safety::DisplayOnly,
            title: format!("add `timeout: 30_000` (milliseconds) to the options: {why}"),
            edits: Vec::new(),
        },
    }
}
