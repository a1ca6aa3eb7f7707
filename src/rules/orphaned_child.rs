use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call};
use crate::semantic::commands;
use crate::semantic::{CallSite, Opt, Tri};

declare_rule! {
    /// ## What it flags
    ///
    /// Off by default. A long-lived async child (`spawn`, `fork`) with neither a
    /// `signal` nor a `timeout` option, in a file that never registers `process.on("exit" | "SIGTERM" |
    /// "SIGINT" | "SIGHUP", ...)`: nothing stops the child when the parent goes
    /// away. Detached children, children that escape, children bound with `using`
    /// (killed when their scope ends: `ChildProcess[Symbol.dispose]`), and instant commands by the
    /// command model of the lifecycle rules (`ps`, `taskkill`, a `--version` query:
    /// they end within milliseconds) are not reported.
    ///
    /// ## Why it matters
    ///
    /// When the parent is killed, its children are not: they keep running as
    /// orphans, holding ports, files and CPU, and a restarted parent starts a
    /// second copy next to them.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const watcher = spawn("tsc", ["--watch"], { stdio: "inherit" });
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const watcher = spawn("tsc", ["--watch"], { stdio: "inherit" });
    /// for (const sig of ["SIGINT", "SIGTERM"]) {
    ///   process.on(sig, () => { watcher.kill(sig); process.exit(); });
    /// }
    /// ```
    ///
    /// ## Known limits
    ///
    /// - Any exit or signal handler in the file counts, whether or not it kills
    ///   this child.
    pub struct OrphanedChild;
    code: "CP012",
    name: "orphaned-child",
    severity: Off,
    category: Reliability,
    cwe: [404],
    summary: "A long-lived child is not stopped when its parent exits",
    precision: "low",
}

impl Rule for OrphanedChild {
    fn check_call<'a>(&self, Context { sem, config }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if sem.facts.parent_exit_handler || !site.is_local_child() {
            return;
        }
        // A `timeout` bounds the child's life too; only unbounded children outlive.
        let bounded = !matches!(sem.option(site, "signal"), Opt::Absent)
            || !matches!(sem.option_truthiness(site, "timeout"), Some(Tri::False));
        // `using child = spawn(..)`: killed when its scope ends.
        if bounded || site.child.disposed || sem.option_truthiness(site, "detached") != Some(Tri::False) {
            return;
        }
        if commands::classify(site, &config.command_lists()).kind == commands::Kind::Instant {
            return;
        }
        out.emit(at_call(
            site,
            "outlives this process",
            format!("nothing stops the child started by {} when this process exits", site.display_name()),
            "pass `signal` from an `AbortController` you abort on shutdown, or kill the child from `process.on(\"SIGTERM\", ...)` and `process.on(\"exit\", ...)`".into(),
            Some("children are not killed with their parent; they keep running as orphans"),
        ));
    }
}
