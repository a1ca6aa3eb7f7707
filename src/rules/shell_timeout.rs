use swc_common::Spanned;
use swc_ecma_ast::Expr;

use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_at};
use crate::semantic::facts::{Argv, Shell, ShellFamily, ShellOpt};
use crate::semantic::{Api, CallSite, Opt, Part, Semantic, Tri};

declare_rule! {
    /// ## What it flags
    ///
    /// A child that runs through a shell — `exec`, `execSync`, promisified `exec`,
    /// `spawn`/`spawnSync`/`execFile`/`execFileSync` with a truthy `shell`, or with a
    /// POSIX shell named as the program (`execFile("sh", ["-c", script])`) — and
    /// is bounded by a `timeout` or `signal` option or a `child.kill()`, when the
    /// constant text of its command is a pipeline or a list: `|`, `&&`, `||`, `;`,
    /// `&`, a newline, or a subshell `( … )` outside quotes.
    ///
    /// Not flagged: a single simple command (`exec("git status", { timeout })`: the
    /// shell runs one program and the bound reaches it in practice), redirections
    /// (`2>&1`, `&>`), operators inside quotes or inside interpolated values, and
    /// children with no bound at all (`missing-timeout`'s).
    ///
    /// ## Why it matters
    ///
    /// The timeout, the abort signal and `kill()` send their signal to the shell
    /// (`/bin/sh`) only. The commands it started keep running as orphans: `timeout`
    /// "works" and the job goes on. For `execSync` and `spawnSync` it is worse: the
    /// orphans still hold the output pipes, so the call does not return until they
    /// finish — the timeout bounds nothing. Bash runs the last command of a list in
    /// place of itself, dash (`/bin/sh` on Debian and Ubuntu) does not, so this
    /// differs between machines.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { execSync } = require("node:child_process");
    ///
    /// const count = execSync("git log --oneline | wc -l", { timeout: 5_000, encoding: "utf8" });
    /// console.log(count);
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { execFileSync } = require("node:child_process");
    ///
    /// const log = execFileSync("git", ["log", "--oneline"], { timeout: 5_000, encoding: "utf8" });
    /// console.log(log.split("\n").filter(Boolean).length);
    /// ```
    ///
    /// Run one program per child, without a shell, and do the piping in
    /// JavaScript (`stream.pipeline(a.stdout, b.stdin)`), so each child gets the
    /// bound. When the shell must stay, start it with `detached: true` and kill its
    /// whole process group (`process.kill(-child.pid, "SIGTERM")`) instead of using
    /// `timeout`.
    ///
    /// ## Known limits
    ///
    /// - Only the constant text of the command is read; operators that arrive in
    ///   interpolated values or in a command built elsewhere are not seen.
    /// - A `kill()` is counted when cplint ties it to the child (the same function).
    pub struct ShellTimeout;
    code: "CP019",
    name: "shell-timeout",
    severity: Warning,
    category: Reliability,
    cwe: [],
    summary: "A timeout, signal or kill bounds only the shell of a pipeline or command list",
    precision: "high",
}

/// The first shell operator that makes a pipeline or list, outside quotes:
/// `|`, `||`, `&&`, `;`, `&`, a newline between commands, `(` starting a subshell.
fn list_operator(text: &str) -> Option<&'static str> {
    let chars: Vec<char> = text.chars().collect();
    let (mut single, mut double) = (false, false);
    let mut word_start = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        if single {
            single = c != '\'';
            i += 1;
            continue;
        }
        if c == '\\' {
            i += 2;
            word_start = false;
            continue;
        }
        if double {
            double = c != '"';
            i += 1;
            continue;
        }
        match c {
            '\'' => single = true,
            '"' => double = true,
            '|' if next == Some('|') => return Some("||"),
            // `>|` forces a redirect over noclobber.
            '|' if prev != Some('>') => return Some("|"),
            '&' if next == Some('&') => return Some("&&"),
            // `2>&1`, `<&3`, `&>file`: redirections.
            '&' if matches!(prev, Some('>' | '<')) || next == Some('>') => {}
            '&' => {
                // A trailing `&` still leaves a job running after the shell.
                return Some("&");
            }
            ';' if chars[i + 1..].iter().any(|c| !c.is_whitespace()) => return Some(";"),
            '\n' => {
                let before = chars[..i].iter().any(|c| !c.is_whitespace());
                let after = chars[i + 1..].iter().any(|c| !c.is_whitespace());
                if before && after {
                    return Some("a newline");
                }
            }
            '(' if word_start && prev != Some('$') => return Some("( … )"),
            _ => {}
        }
        word_start = c.is_whitespace() || matches!(c, ';' | '|' | '&');
        i += 1;
    }
    None
}

/// The text of a value: literal parts kept, every other part one word.
fn shape_text<'a>(sem: &Semantic<'a>, e: &'a Expr) -> String {
    let mut text = String::new();
    for p in &sem.shape(e).parts {
        match p {
            Part::Lit(s) => text.push_str(s),
            _ => text.push('x'),
        }
    }
    text
}

/// The command line a shell gets: the command, and with `shell: true` the
/// arguments joined with spaces.
fn command_text<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> Option<String> {
    let mut text = shape_text(sem, site.command?);
    if let Argv::Elements(elems) = &site.facts.argv {
        for el in elems {
            text.push(' ');
            if el.spread.is_some() {
                text.push('x');
            } else {
                text.push_str(&shape_text(sem, &el.expr));
            }
        }
    }
    Some(text)
}

/// The list operator of the command a shell child runs (`|`, `&&`, `;`, ...), when
/// the call starts a POSIX shell (`exec`, `shell: true`, `sh -c script`) whose
/// command is a pipeline or a list: a `timeout` there stops only the shell.
pub fn compound_shell_command<'a>(sem: &Semantic<'a>, site: &CallSite<'a>) -> Option<&'static str> {
    if !site.facts.node_options {
        return None;
    }
    // The script of `sh -c script`, when a shell is named as the program.
    let script = match &site.facts.shell {
        Shell::Program(e) if e.family == ShellFamily::Posix => e.script.first().map(|el| &*el.expr),
        _ => None,
    };
    let shell = match site.api {
        Api::Exec | Api::ExecSync => true,
        Api::Spawn | Api::SpawnSync | Api::ExecFile | Api::ExecFileSync => {
            matches!(site.facts.shell_option, ShellOpt::On(_)) || script.is_some()
        }
        _ => false,
    };
    if !shell {
        return None;
    }
    let text = match script {
        Some(e) => shape_text(sem, e),
        None => command_text(sem, site)?,
    };
    list_operator(&text)
}

impl Rule for ShellTimeout {
    fn check_call<'a>(&self, Context { sem, .. }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        let Some(op) = compound_shell_command(sem, site) else { return };
        let bound = match sem.option(site, "timeout") {
            Opt::Present(e) if e.value.map(|v| sem.prop_truthiness(v)) != Some(Tri::False) => Some((e.span, "`timeout`")),
            _ => None,
        }
        .or_else(|| match sem.option(site, "signal") {
            Opt::Present(e) => Some((e.span, "abort `signal`")),
            _ => None,
        })
        .or_else(|| site.child.kills.first().map(|(s, _)| (*s, "`kill()`")));
        let Some((bound_span, bound_name)) = bound else { return };
        let what = match op {
            "|" => "a pipeline (`|`)".to_string(),
            "( … )" => "a subshell (`( … )`)".to_string(),
            "a newline" => "a list of commands (a newline)".to_string(),
            "&" => "a background job (`&`)".to_string(),
            o => format!("a list of commands (`{o}`)"),
        };
        let sync = matches!(site.api, Api::ExecSync | Api::SpawnSync | Api::ExecFileSync);
        let mut f = at_call(
            site,
            "starts a shell",
            format!(
                "{} runs {what} in a shell bounded by its {bound_name}: the signal reaches the shell, not the commands it started{}",
                site.display_name(),
                if sync { ", and the call waits for them" } else { "" }
            ),
            "run one program per child without a shell and connect them in JavaScript (`stream.pipeline`), or start the shell with `detached: true` and kill its process group (`process.kill(-child.pid)`)".into(),
            Some("/bin/sh is killed and its commands run on as orphans holding the output pipes; dash does not replace itself with the last command"),
        );
        let l = label_at(bound_span, "bounds only the shell");
        if l.start >= f.start && l.end <= f.end {
            f.labels.push(l);
        }
        if let Some(c) = site.command {
            let l = label_at(c.span(), "pipeline or list");
            if l.start >= f.start && l.end <= f.end && !f.labels.iter().any(|x| x.start == l.start) {
                f.labels.push(l);
            }
        }
        out.emit(f);
    }
}

#[cfg(test)]
mod tests {
    use super::list_operator;

    #[test]
    fn operators_outside_quotes_only() {
        assert_eq!(list_operator("a | b"), Some("|"));
        assert_eq!(list_operator("cd x && make"), Some("&&"));
        assert_eq!(list_operator("a || true"), Some("||"));
        assert_eq!(list_operator("a; b"), Some(";"));
        assert_eq!(list_operator("server &"), Some("&"));
        assert_eq!(list_operator("(cd x; make)"), Some("( … )"));
        assert_eq!(list_operator("a\nb"), Some("a newline"));
        assert_eq!(list_operator("make 2>&1"), None);
        assert_eq!(list_operator("make &> log"), None);
        assert_eq!(list_operator("echo 'a | b' \"c && d\""), None);
        assert_eq!(list_operator("echo a\\|b"), None);
        assert_eq!(list_operator("echo $(date)"), None);
        assert_eq!(list_operator("git status;"), None);
        assert_eq!(list_operator("git status\n"), None);
    }
}
