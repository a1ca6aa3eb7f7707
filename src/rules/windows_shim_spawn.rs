use swc_common::Spanned;

use crate::declare_rule;
use crate::emit::{Fix, Safety};
use crate::rule::{Context, Emitter, Rule, at_call, label_at};
use crate::semantic::facts::ShellOpt;
use crate::semantic::{Api, CallSite};

declare_rule! {
    /// ## What it flags
    ///
    /// `spawn`, `spawnSync`, `execFile` or `execFileSync` (from `node:child_process`
    /// or a drop-in module with the same options) of a program whose name ends in
    /// `.cmd` or `.bat` — written as a literal, held in a constant, or one branch of
    /// a conditional such as `process.platform === "win32" ? "npm.cmd" : "npm"` —
    /// without a shell (no `shell` option, or `shell: false`).
    ///
    /// Not flagged: calls with a truthy or unknown `shell` option, `exec`/`execSync`
    /// (which always use a shell), `cross-spawn` and `execa` (they run `.cmd` files
    /// through `cmd.exe` themselves), and `cmd.exe` named as the program.
    ///
    /// ## Why it matters
    ///
    /// Since the April 2024 security releases (CVE-2024-27980; Node.js 18.20.2,
    /// 20.12.2, 21.7.3 and every later line), Node refuses to start a batch file
    /// without a shell: the call throws (`spawnSync` returns) `spawn EINVAL` on
    /// Windows. The usual quick repair, `shell: true` with an argument array, is
    /// deprecated (DEP0190, a run-time warning in Node 24) and reopens the command
    /// injection the releases closed, because the arguments are joined unquoted.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    /// const child = spawn(npm, ["install"], { stdio: "inherit", timeout: 600_000 });
    /// child.on("error", (err) => console.error(err));
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const spawn = require("cross-spawn");
    ///
    /// const child = spawn("npm", ["install"], { stdio: "inherit", timeout: 600_000 });
    /// child.on("error", (err) => console.error(err));
    /// ```
    ///
    /// `cross-spawn` finds `npm.cmd` on Windows and runs it through `cmd.exe` with
    /// every argument quoted. Without a dependency, run `cmd.exe` yourself —
    /// `spawn(process.env.ComSpec || "cmd.exe", ["/d", "/s", "/c", line], {
    /// windowsVerbatimArguments: true })` with each argument of `line` quoted for
    /// cmd — or, for npm, run its JavaScript entry with `process.execPath`
    /// (`process.env.npm_execpath` inside npm scripts). The finding carries this
    /// advice; cplint does not edit the call.
    ///
    /// ## Known limits
    ///
    /// - The program name is read from literals, constants, variables and their
    ///   assignments, concatenations and conditionals in the file; a name computed by
    ///   a function (`which("npm")`) or read from configuration is not.
    /// - Wrappers of other libraries that spawn without a shell are not checked.
    pub struct WindowsShimSpawn;
    code: "CP016",
    name: "windows-shim-spawn",
    severity: Warning,
    category: Reliability,
    cwe: [],
    summary: "A `.cmd` or `.bat` program is spawned without a shell, which Node refuses on Windows (EINVAL)",
    precision: "high",
}

fn is_batch(name: &str) -> bool {
    let lower = name.trim().to_ascii_lowercase();
    lower.ends_with(".cmd") || lower.ends_with(".bat")
}

impl Rule for WindowsShimSpawn {
    fn check_call<'a>(&self, cx: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if !matches!(site.api, Api::Spawn | Api::SpawnSync | Api::ExecFile | Api::ExecFileSync)
            || !site.facts.node_options
            || site.wrapper.is_some_and(crate::models::resolves_windows_shims)
            || !matches!(site.facts.shell_option, ShellOpt::Absent | ShellOpt::Off)
        {
            return;
        }
        let Some(cmd) = site.command else { return };
        let mut found = Vec::new();
        cx.sem.possible_texts(cmd, &mut found);
        let Some((name, span)) = found.into_iter().find(|(t, _)| is_batch(t)) else { return };
        let base = name.rsplit(['/', '\\']).next().unwrap_or(&name).trim().to_string();
        let mut f = at_call(
            site,
            "starts a batch file without a shell",
            format!(
                "{} runs {} without a shell: on Windows Node refuses `.cmd`/`.bat` files (`spawn EINVAL`)",
                site.display_name(),
                if base.starts_with('.') { format!("a `{base}` file") } else { format!("`{base}`") }
            ),
            "use `cross-spawn` (same API, finds and quotes `.cmd` shims), or run `cmd.exe /d /s /c` yourself with each argument quoted; never `shell: true` with an argument array".into(),
            Some("since the April 2024 security releases (CVE-2024-27980) Node needs a shell for batch files; `shell: true` with arguments is deprecated (DEP0190) and joins them unquoted"),
        );
        let l = label_at(span, "a batch file");
        if l.start >= f.start && l.end <= f.end && (l.start, l.end) != (f.primary.start, f.primary.end) {
            f.labels.push(l);
        } else if let Some(c) = site.command {
            f.labels.push(label_at(c.span(), "a batch file"));
        }
        let stem = base.to_ascii_lowercase();
        let stem = stem.trim_end_matches(".cmd").trim_end_matches(".bat");
        let title = if matches!(stem, "npm" | "npx" | "yarn" | "pnpm" | "pnpx") {
            format!(
                "use `cross-spawn`, or run {stem}'s JavaScript entry with `process.execPath` (inside npm scripts `process.env.npm_execpath` names it)"
            )
        } else {
            "use `cross-spawn`, or `spawn(process.env.ComSpec || \"cmd.exe\", [\"/d\", \"/s\", \"/c\", line], { windowsVerbatimArguments: true })` with every argument of `line` quoted for cmd".to_string()
        };
        if cx.config.fixes {
            f.fix = Some(Fix { safety: Safety::DisplayOnly, title, edits: Vec::new() });
        }
        out.emit(f);
    }
}
