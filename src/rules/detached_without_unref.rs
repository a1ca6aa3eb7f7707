use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_options};
use crate::semantic::children::Target;
use crate::semantic::{CallSite, Tri};

declare_rule! {
    /// ## What it flags
    ///
    /// `spawn` or `fork` with `detached: true` whose child is never `unref()`'d.
    /// Silent when the child escapes (the caller may unref it), when it is bound
    /// with `using` (killed when its scope ends: `ChildProcess[Symbol.dispose]`),
    /// and when an `'exit'`
    /// or `'close'` listener of the child ends this process (`process.exit(..)`): the
    /// parent waits for the child on purpose.
    ///
    /// ## Why it matters
    ///
    /// `detached` only puts the child in its own process group. As long as the
    /// parent holds a reference, the parent's event loop waits for the child: the
    /// "background" job keeps the parent alive, and a parent that is killed leaves
    /// a child nobody owns.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const daemon = spawn("node", ["worker.js"], { detached: true, stdio: "ignore" });
    /// daemon.on("error", (err) => console.error(err));
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const daemon = spawn("node", ["worker.js"], { detached: true, stdio: "ignore" });
    /// daemon.on("error", (err) => console.error(err));
    /// daemon.unref();
    /// ```
    ///
    /// ## Known limits
    ///
    /// - `detached` must be readable as a constant; a computed value is not
    ///   followed.
    pub struct DetachedWithoutUnref;
    code: "CP009",
    name: "detached-without-unref",
    severity: Warning,
    category: Reliability,
    cwe: [404],
    summary: "A detached child is never unref()'d",
    precision: "high",
}

impl Rule for DetachedWithoutUnref {
    fn check_call<'a>(&self, cx: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        // A child bound with `using` is killed when its scope ends: nothing waits on it.
        if !site.is_local_child()
            || site.child.unref
            || site.child.disposed
            || cx.sem.option_truthiness(site, "detached") != Some(Tri::True)
        {
            return;
        }
        let waits_to_exit = site.child.listeners.iter().any(|l| {
            l.target == Target::Child
                && matches!(l.event.as_str(), "exit" | "close")
                && l.handler.is_some_and(|h| cx.sem.calls_process_exit(h))
        });
        if waits_to_exit {
            return;
        }
        let mut f = at_call(
            site,
            "detached child never unref()'d",
            format!("the detached child started by {} is never `unref()`'d", site.display_name()),
            "call `child.unref()` so this process can exit without waiting for it (and give it `stdio: \"ignore\"`)".into(),
            Some("`detached` alone only starts a new process group; the parent's event loop still waits for the child"),
        );
        label_options(&mut f, site, "`detached: true`");
        out.emit(f);
    }
}
