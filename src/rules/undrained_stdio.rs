use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_options};
use swc_common::Spanned;
use swc_ecma_ast::{Expr, Lit};

use crate::emit::{Edit, Fix, Safety};
use crate::rules::rewrite::{file_quote, options, quote};
use crate::semantic::commands::{self, Kind};
use crate::semantic::facts::Slot;
use crate::semantic::resolve::unparen;
use crate::semantic::site::Target;
use crate::semantic::values::PropValue;
use crate::semantic::{Api, CallSite, Opt, Semantic, range};

declare_rule! {
    /// ## What it flags
    ///
    /// A `spawn` child (or a `fork` child with `silent: true`) whose `stdout` or
    /// `stderr` is a pipe — the default for `spawn` — that is never read, piped,
    /// passed on, or even referenced, when the child can write more than a pipe holds:
    /// by the command model of the lifecycle rules (`src/semantic/commands.rs`), a
    /// long-running or chatty command (`ffmpeg`, `make`, `journalctl -f`, a server),
    /// or one the model does not know (a script, a program it has no entry for).
    ///
    /// Silent — not reported at any level — for instant commands, whose output is a
    /// few lines (`ps`, `git rev-parse`, `taskkill`, a `--version` query), for
    /// interactive ones, when the child escapes, and when `stdio` cannot be read.
    ///
    /// ## Why it matters
    ///
    /// A pipe holds about 64 KB. Once it is full, the child blocks on its next
    /// write and waits forever for a reader that never comes: the job hangs with no
    /// error, usually only on large inputs.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const child = spawn("tar", ["czvf", "backup.tgz", "data/"], { timeout: 600_000 });
    /// child.on("error", (err) => console.error(err));
    /// child.on("close", (code) => console.log("tar exited", code));
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const child = spawn("tar", ["czvf", "backup.tgz", "data/"], {
    ///   timeout: 600_000,
    ///   stdio: ["ignore", "ignore", "inherit"],
    /// });
    /// child.on("error", (err) => console.error(err));
    /// child.on("close", (code) => console.log("tar exited", code));
    /// ```
    ///
    /// ## Fix
    ///
    /// When nothing can reach the unread pipes, cplint sets their slots to
    /// `'ignore'`: in the `stdio` array or string written in the call, or in a new
    /// `stdio: ['pipe', 'ignore', 'ignore']` (stdin is left as it was). Nothing can
    /// reach them when the child is not returned, passed on or stored, its
    /// listeners are on the child itself (`exit`, `close`, `error`) with handlers
    /// that are not `function` expressions (which would see the child as `this`),
    /// and it reads only properties that do not lead to the pipes (`pid`,
    /// `exitCode`, `kill()`, `unref()`, ...; not `child.stdio`). The fix is *safe*:
    /// the output was never read, so it is now discarded by the system instead of
    /// filling a pipe; what changes is that the child no longer blocks once the
    /// pipe is full, and `close` no longer waits for a grandchild that kept the
    /// pipe open. Otherwise, and for `fork`, there is no fix.
    ///
    /// ## Known limits
    ///
    /// - Any reference to `child.stdout` counts as draining it, even one that does
    ///   not read.
    pub struct UndrainedStdio;
    code: "CP006",
    name: "undrained-stdio",
    severity: Warning,
    category: Reliability,
    cwe: [400],
    summary: "A child's stdout or stderr pipe is never read",
}

impl Rule for UndrainedStdio {
    fn check_call<'a>(&self, cx: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if !site.is_local_child() {
            return;
        }
        let use_ = &site.child;
        let Some([stdin, stdout, stderr]) = site.facts.stdio else {
            return;
        };
        // A command that prints a few lines and ends cannot fill a pipe.
        let class = commands::classify(site, &cx.config.command_lists());
        if !class.chatty && matches!(class.kind, Kind::Instant | Kind::Interactive) {
            return;
        }
        let mut unread = Vec::new();
        if stdout == Slot::Pipe && !use_.stdout_used {
            unread.push("stdout");
        }
        if stderr == Slot::Pipe && !use_.stderr_used {
            unread.push("stderr");
        }
        if unread.is_empty() {
            return;
        }
        let slot = |s: Slot, unread_here: bool| match (s, unread_here) {
            (_, true) => "'ignore'",
            (Slot::Pipe, false) => "'pipe'",
            _ => "'inherit'",
        };
        let suggestion = format!(
            "[{}, {}, {}]",
            if stdin == Slot::Pipe && use_.stdin_written.is_none() && !use_.stdin_handled {
                "'ignore'"
            } else if stdin == Slot::Pipe {
                "'pipe'"
            } else {
                "'inherit'"
            },
            slot(stdout, unread.contains(&"stdout")),
            slot(stderr, unread.contains(&"stderr")),
        );
        let what = unread.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" and ");
        let message = format!(
            "{what} of the child started by {} {} never read",
            site.display_name(),
            if unread.len() == 1 { "is a pipe that is" } else { "are pipes that are" }
        );
        let help = format!(
            "read it (`child.{0}.on(\"data\", ...)`, `.pipe(...)`), or do not pipe it: `stdio: {suggestion}` (`'inherit'` to show it)",
            unread[0]
        );
        let mut f = at_call(
            site,
            "output piped here but never read",
            message,
            help,
            Some("once a pipe's buffer (about 64 KB) fills, the child blocks on write and never finishes"),
        );
        label_options(&mut f, site, "`stdio` leaves the pipe open");
        if cx.config.fixes {
            f.fix = fix(cx.sem, site, [false, unread.contains(&"stdout"), unread.contains(&"stderr")]);
        }
        out.emit(f);
    }
}

/// What may be read from a child whose pipes become `'ignore'`: none of these
/// reaches `stdout`/`stderr` (`child.stdio` does, and so does anything unknown).
const HARMLESS_PROPS: &[&str] = &[
    "pid",
    "exitCode",
    "signalCode",
    "killed",
    "connected",
    "spawnfile",
    "spawnargs",
    "kill",
    "ref",
    "unref",
    "disconnect",
    "send",
    "removeAllListeners",
    "setMaxListeners",
    // Listening methods: the listeners themselves are checked.
    "on",
    "once",
    "addListener",
    "prependListener",
    "prependOnceListener",
    "off",
    "removeListener",
];

/// `'ignore'` in the unread slots, when nothing can reach those pipes: the child
/// does not escape (checked by the rule), only listens on the child itself with
/// handlers that cannot see it as `this` (no `function` expressions), and reads
/// nothing but [`HARMLESS_PROPS`].
fn fix<'a>(sem: &Semantic<'a>, site: &CallSite<'a>, ignore: [bool; 3]) -> Option<Fix> {
    if site.api != Api::Spawn || site.promisified || site.child.awaited {
        return None;
    }
    let c = &site.child;
    if c.listeners.iter().any(|l| l.target != Target::Child && l.target != Target::Stdin)
        || c.listeners.iter().any(|l| l.handler.is_some_and(|h| matches!(unparen(h), Expr::Fn(_))))
        || c.props_read.iter().any(|p| !HARMLESS_PROPS.contains(&p.as_str()))
    {
        return None;
    }
    let q = file_quote(sem);
    let ignored = quote("ignore", q);
    let title = "set the unread pipes to `'ignore'` (their output is discarded instead of blocking the child)";
    let fix = |edits| Some(Fix { safety: Safety::Safe, title: title.into(), edits });
    let entry = match sem.option(site, "stdio") {
        Opt::Unknown => return None,
        Opt::Absent => {
            let slot = |i: usize| if ignore[i] { ignored.clone() } else { quote("pipe", q) };
            let value = format!("[{}, {}, {}]", slot(0), slot(1), slot(2));
            return options::set_option(sem, site, "stdio", &value).ok().and_then(fix);
        }
        Opt::Present(e) => e,
    };
    // `stdio` written in the options literal of the call.
    let o = options::literal(site)?;
    let kv = options::key_value(o, "stdio")?;
    match entry.value {
        Some(PropValue::Expr(e)) if std::ptr::eq(e, &*kv.value) => {}
        _ => return None,
    }
    match unparen(&kv.value) {
        Expr::Lit(Lit::Str(_)) => {
            let text = sem.text(kv.value.span());
            let slot = |i: usize| if ignore[i] { ignored.clone() } else { text.to_string() };
            let (s, e) = range(kv.value.span());
            fix(vec![Edit::new(s, e, format!("[{}, {}, {}]", slot(0), slot(1), slot(2)))])
        }
        Expr::Array(a) => {
            if a.elems.iter().any(|el| el.as_ref().is_none_or(|el| el.spread.is_some())) {
                return None;
            }
            let n = a.elems.len();
            let mut edits = Vec::new();
            for (el, _) in a.elems.iter().flatten().zip(ignore).filter(|(_, ig)| *ig) {
                let (s, e) = range(el.expr.span());
                edits.push(Edit::new(s, e, ignored.clone()));
            }
            // A short array: the missing slots were pipes.
            if let Some(last) = (n..3).rfind(|&i| ignore[i]) {
                let missing: Vec<String> =
                    (n..=last).map(|j| if ignore[j] { ignored.clone() } else { quote("pipe", q) }).collect();
                let edit = match a.elems.last().and_then(|el| el.as_ref()) {
                    Some(el) => {
                        let end = range(el.expr.span()).1;
                        Edit::new(end, end, format!(", {}", missing.join(", ")))
                    }
                    None => {
                        let (s, e) = range(a.span);
                        Edit::new(s, e, format!("[{}]", missing.join(", ")))
                    }
                };
                edits.push(edit);
            }
            fix(edits)
        }
        _ => None,
    }
}
