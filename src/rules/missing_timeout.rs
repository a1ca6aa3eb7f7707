use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_options};
use crate::semantic::{Api, CallSite, Opt, Tri};

declare_rule! {
    /// ## What it flags
    ///
    /// A `child_process` call with no time bound: no `timeout` option (or
    /// `timeout: 0`, which means none), no `signal` option, and — for `spawn`,
    /// `fork` and `exec` children — no `child.kill(..)` inside a timer callback.
    /// Sync calls (`execSync`, `spawnSync`, ...) are included: a hung child blocks
    /// the whole event loop.
    ///
    /// Not flagged: commands that finish at once whatever happens (`echo`,
    /// `printf`, `cat`, `uname`, `which`, `whoami`, `hostname`, `pwd`, `date`,
    /// `ls`, `wc`, `head`, `sysctl`, ... — the list is in `src/rules/missing_timeout.rs`),
    /// `detached: true` children (daemons by design), calls whose
    /// options cannot be read (a parameter, a spread of an unknown object), and
    /// children that are returned or passed on (the caller may bound them).
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
    /// ## Known limits
    ///
    /// - A kill from a timer is recognised anywhere in the file, not only in the
    ///   function that starts the child.
    /// - Wrapper libraries other than `cross-spawn` and the promise versions of
    ///   `child_process` are not checked.
    pub struct MissingTimeout;
    code: "CP003",
    name: "missing-timeout",
    severity: Warning,
    category: Reliability,
    cwe: [400],
    summary: "A child process runs with no timeout, signal or kill timer",
}

/// Commands that finish at once whatever their input (they print, or read a small
/// file): a time limit on them is noise. `missing-timeout` skips them.
pub const QUICK_COMMANDS: &[&str] = &[
    "echo", "printf", "cat", "uname", "which", "where", "whoami", "id", "hostname", "pwd", "date", "true", "false",
    "basename", "dirname", "nproc", "getconf", "arch", "sw_vers", "ver", "type", "command", "test", "tput", "stty",
    "sysctl", "wc", "head", "ls", "cd", "umask", "ulimit", "whereis",
];

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
    fn check_call<'a>(&self, cx: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        let sem = cx.sem;
        if !site.api.is_process() || matches!(site.api, Api::ShellString | Api::Execa | Api::ExecaCommand) {
            return;
        }
        if !site.facts.node_options || site.spread {
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
        // `signal: undefined` / `signal: null` is no signal.
        match sem.option(site, "signal") {
            Opt::Absent => {}
            Opt::Present(e) if e.value.map(|v| sem.prop_truthiness(v)) == Some(Tri::False) => {}
            _ => return,
        }
        if sem.option_truthiness(site, "detached") != Some(Tri::False) {
            return;
        }
        let child = &site.child;
        let returns_child = matches!(site.api, Api::Spawn | Api::Fork)
            || (matches!(site.api, Api::Exec | Api::ExecFile) && !site.promisified);
        if returns_child && (child.escapes || child.kills.iter().any(|(_, in_timer)| *in_timer)) {
            return;
        }
        let name = site.facts.program.clone();
        if name.as_deref().is_some_and(|p| QUICK_COMMANDS.contains(&p.to_ascii_lowercase().as_str())) {
            return;
        }
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
        out.emit(f);
    }
}
