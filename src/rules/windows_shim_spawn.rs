use swc_common::{Span, Spanned};
use swc_ecma_ast::{BinaryOp, Expr, Lit};

use crate::declare_rule;
use crate::emit::{Fix, Safety};
use crate::rule::{Context, Emitter, Rule, at_call, label_at};
use crate::semantic::facts::ShellOpt;
use crate::semantic::resolve::unparen;
use crate::semantic::{Api, CallSite, Semantic};

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
    /// - The program name is read from literals, constants, concatenations and
    ///   conditionals in the file; a name computed by a function (`which("npm")`)
    ///   or read from configuration is not.
    /// - Wrappers of other libraries that spawn without a shell are not checked.
    pub struct WindowsShimSpawn;
    code: "CP016",
    name: "windows-shim-spawn",
    severity: Warning,
    category: Reliability,
    cwe: [],
    summary: "A `.cmd` or `.bat` program is spawned without a shell, which Node refuses on Windows (EINVAL)",
}

/// The texts a program expression can have, as far as the file says (at most a
/// handful: literals, constants, `+`, templates, conditionals and `||`).
fn texts<'a>(sem: &Semantic<'a>, e: &'a Expr, depth: u32, out: &mut Vec<(String, Span)>) -> bool {
    if depth > 8 || out.len() > 16 {
        return false;
    }
    match unparen(e) {
        Expr::Lit(Lit::Str(s)) => {
            out.push((s.value.to_string_lossy().into_owned(), s.span));
            true
        }
        Expr::Tpl(t) if t.exprs.is_empty() => {
            let text = t.quasis.iter().map(|q| q.cooked.as_ref().map_or_else(|| q.raw.to_string(), |c| c.to_string_lossy().into_owned())).collect();
            out.push((text, t.span));
            true
        }
        Expr::Cond(c) => {
            let a = texts(sem, &c.cons, depth + 1, out);
            let b = texts(sem, &c.alt, depth + 1, out);
            a || b
        }
        Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalOr | BinaryOp::NullishCoalescing) => {
            let a = texts(sem, &b.left, depth + 1, out);
            let r = texts(sem, &b.right, depth + 1, out);
            a || r
        }
        Expr::Ident(i) => match sem.binding_value(i) {
            Some((v, [])) => {
                let before = out.len();
                let found = texts(sem, v, depth + 1, out);
                // The label goes on the use, not the declaration far away.
                for t in &mut out[before..] {
                    t.1 = i.span;
                }
                found
            }
            _ => false,
        },
        // `"npm" + (win ? ".cmd" : "")`, `` `${tool}.cmd` ``: the endings are what matter.
        Expr::Bin(b) if b.op == BinaryOp::Add => {
            let mut right = Vec::new();
            if texts(sem, &b.right, depth + 1, &mut right) {
                out.extend(right.into_iter().map(|(t, _)| (t, b.span)));
                true
            } else {
                false
            }
        }
        Expr::Tpl(t) => {
            let last = t.quasis.last().map(|q| q.raw.to_string()).unwrap_or_default();
            if last.is_empty() {
                if let Some(ex) = t.exprs.last() {
                    let mut inner = Vec::new();
                    if texts(sem, ex, depth + 1, &mut inner) {
                        out.extend(inner.into_iter().map(|(t2, _)| (t2, t.span)));
                        return true;
                    }
                }
                false
            } else {
                out.push((last, t.span));
                true
            }
        }
        _ => false,
    }
}

fn is_batch(name: &str) -> bool {
    let lower = name.trim().to_ascii_lowercase();
    lower.ends_with(".cmd") || lower.ends_with(".bat")
}

impl Rule for WindowsShimSpawn {
    fn check_call<'a>(&self, cx: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if !matches!(site.api, Api::Spawn | Api::SpawnSync | Api::ExecFile | Api::ExecFileSync)
            || !site.facts.node_options
            || site.wrapper == Some("cross-spawn")
            || !matches!(site.facts.shell_option, ShellOpt::Absent | ShellOpt::Off)
        {
            return;
        }
        let Some(cmd) = site.command else { return };
        let mut found = Vec::new();
        texts(cx.sem, cmd, 0, &mut found);
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
        f.fix = Some(Fix { safety: Safety::DisplayOnly, title, edits: Vec::new() });
        out.emit(f);
    }
}
