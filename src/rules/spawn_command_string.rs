use crate::declare_rule;
use crate::emit::{Label, RawFinding};
use crate::rule::{Context, Emitter, Rule};
use crate::semantic::facts::ShellOpt;
use crate::semantic::{Api, CallSite, Part, range};

declare_rule! {
    /// ## What it flags
    ///
    /// `spawn`, `spawnSync`, `execFile` and `execFileSync` (and `cross-spawn`,
    /// `execa`) called without a shell and with a whole command line as the program
    /// name: `spawn("ls -la")`, `execFile("git status", cb)`,
    /// ``spawn(`${bin} --version`)``.
    ///
    /// A string counts as a command line when it has a space-separated part that
    /// starts with `-` or `/`, or whose parts after the first contain no path
    /// separator. A path with spaces in it (`C:\Program Files\app.exe`,
    /// `/Applications/Google Chrome.app/...`, or `./my script.sh`: a path whose last
    /// part has a file extension, with no `-` option) is not flagged.
    ///
    /// ## Why it matters
    ///
    /// Without a shell nothing splits the string: the operating system looks for an
    /// executable literally named `ls -la`, and the call fails with `ENOENT` — on
    /// every machine, but often only in a code path the tests never take.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const child = spawn("git status --porcelain");
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// const child = spawn("git", ["status", "--porcelain"]);
    /// ```
    ///
    /// ## Fix
    ///
    /// When the command line is written in the call and splits into words without
    /// shell syntax, cplint rewrites it into the program and an argument array,
    /// keeping any arguments the call already passes: `spawn("ls -la", [dir])` →
    /// `spawn("ls", ["-la", dir])`. With a constant command line the fix is *safe*
    /// (`--fix`): the call runs what the string says instead of failing with
    /// `ENOENT`. With an interpolated value it is *unsafe*: each value becomes one
    /// whole argument. A program named by a path (`./run --fast`) gets advice only:
    /// the string may be the name of one file with spaces in it, which runs as it is.
    ///
    /// ## Known limits
    ///
    /// - A program path with spaces followed by an argument that does not start
    ///   with `-` (`"/opt/my tools/run" input`) is not recognised.
    /// - Only the literal text of the command is checked; a name built entirely at
    ///   run time is not.
    pub struct SpawnCommandString;
    code: "CP002",
    name: "spawn-command-string",
    severity: Error,
    category: Reliability,
    cwe: [],
    summary: "A command line passed as the program name of a call without a shell",
    precision: "very-high",
}

/// Whether literal `text` reads as a program followed by arguments.
pub fn looks_like_command_line(text: &str) -> bool {
    let t = text.trim();
    let mut tokens = t.split_whitespace();
    let Some(first) = tokens.next() else {
        return false;
    };
    let rest: Vec<&str> = tokens.collect();
    if rest.is_empty() {
        return false;
    }
    if rest.iter().any(|r| r.starts_with('-')) {
        return true;
    }
    if first.contains('\\') {
        return false;
    }
    // `./my script.sh`: a path whose last part ends with a file extension is more
    // likely one file name with a space than a program and its arguments.
    if first.contains('/') && rest.last().is_some_and(|l| has_extension(l)) {
        return false;
    }
    if rest.iter().any(|r| r.starts_with('/') || r.starts_with("./")) {
        return true;
    }
    !rest.iter().any(|r| r.contains('/') || r.contains('\\'))
}

/// `script.sh`, `run.py`: a name, a dot and a short extension.
fn has_extension(word: &str) -> bool {
    match word.rsplit_once('.') {
        Some((name, ext)) => {
            !name.is_empty() && (1..=4).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// Whether a literal segment after a dynamic part adds arguments: `${bin} --version`.
fn segment_adds_arguments(seg: &str) -> bool {
    let mut words = seg.split_whitespace();
    seg.starts_with(char::is_whitespace) && words.next().is_some_and(|w| w.starts_with('-'))
}

/// `"lsof -i :" + port`: the literal start already holds a program and a flag.
fn leading_literal_is_command_line(parts: &[Part]) -> bool {
    let Some(Part::Lit(first)) = parts.first() else { return false };
    let mut words = first.split_whitespace();
    words.next().is_some() && first.trim_start().contains(char::is_whitespace) && words.any(|w| w.starts_with('-'))
}

impl Rule for SpawnCommandString {
    fn check_call<'a>(&self, Context { sem, config }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if !matches!(site.api, Api::Spawn | Api::SpawnSync | Api::ExecFile | Api::ExecFileSync | Api::Execa) {
            return;
        }
        let Some(cmd) = site.command else { return };
        if !matches!(site.facts.shell_option, ShellOpt::Absent | ShellOpt::Off) {
            return;
        }
        let shape = sem.shape(cmd);
        let fires = match shape.as_literal() {
            Some(text) => looks_like_command_line(&text),
            None => {
                shape.parts.iter().skip(1).any(|p| matches!(p, Part::Lit(s) if segment_adds_arguments(s)))
                    || leading_literal_is_command_line(&shape.parts)
            }
        };
        if !fires {
            return;
        }
        let (start, end) = range(site.span);
        let (cs, ce) = range(cmd_span(cmd));
        let snippet = sem.snippet(cmd_span(cmd), 60);
        let shown = match shape.as_literal() {
            Some(text) if !snippet.starts_with(['"', '\'', '`']) => {
                format!("{text:?} (held in `{snippet}`)")
            }
            _ => snippet,
        };
        let help = match shape.as_literal() {
            Some(text) if !text.contains(['"', '\'', '\\', '$', '`']) => {
                let mut words = text.split_whitespace();
                let program = words.next().unwrap_or_default();
                let mut args: Vec<String> = words.map(|w| format!("{w:?}")).collect();
                // Keep the arguments the call already passes.
                match site.args.map(|a| (a, crate::semantic::resolve::unparen(a))) {
                    Some((_, swc_ecma_ast::Expr::Array(arr))) => {
                        args.extend(
                            arr.elems.iter().flatten().map(|e| sem.snippet(swc_common::Spanned::span(e), 60)),
                        );
                    }
                    Some((a, _)) => args.push(format!("...{}", sem.snippet(cmd_span(a), 40))),
                    None => {}
                }
                format!(
                    "pass the program and its arguments separately: `{}({program:?}, [{}])`",
                    site.api.name(),
                    args.join(", ")
                )
            }
            _ => format!(
                "pass the program name alone and the arguments as an array: `{}(program, [arg1, arg2])`",
                site.api.name()
            ),
        };
        out.emit(RawFinding {
            start,
            end,
            primary: {
                let (ks, ke) = range(site.callee_span);
                Label { start: ks, end: ke, text: "runs no shell".into() }
            },
            message: format!("{} is given the command line {shown} as its program name", site.display_name()),
            help: Some(help),
            note: Some("without a shell nothing splits the string, so the call fails with `ENOENT`".into()),
            labels: vec![Label {
                start: cs,
                end: ce,
                text: "a whole command line, used as one program name".into(),
            }],
            fix: if config.fixes {
                crate::rules::rewrite::rewrite(sem, site, crate::rules::rewrite::Kind::CommandLine)
            } else {
                None
            },
        });
    }
}

fn cmd_span(e: &swc_ecma_ast::Expr) -> swc_common::Span {
    swc_common::Spanned::span(e)
}

#[cfg(test)]
mod tests {
    use super::looks_like_command_line as cl;

    #[test]
    fn command_lines_and_paths() {
        assert!(cl("ls -la"));
        assert!(cl("git status"));
        assert!(cl("python3 /srv/job.py"));
        assert!(cl("/usr/bin/env node"));
        assert!(!cl("ls"));
        assert!(!cl("C:\\Program Files\\nodejs\\node.exe"));
        assert!(!cl("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"));
        // A path ending in a file name with an extension: one file with a space.
        assert!(!cl("./my script.sh"));
        assert!(!cl("/opt/tools/build all.py"));
        assert!(cl("./my script.sh --fast"));
        assert!(cl("python3 my script.py"));
        assert!(!cl("  "));
    }
}
