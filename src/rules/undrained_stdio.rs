use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_options};
use crate::semantic::CallSite;
use crate::semantic::commands::{self, Kind};
use crate::semantic::facts::Slot;

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
        out.emit(f);
    }
}
