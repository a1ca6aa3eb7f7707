//! Inline suppressions, with ESLint's grammar:
//!
//! ```text
//! // cplint-disable-next-line shell-injection, CP003 -- reason
//! foo(); // cplint-disable-line missing-timeout
//! /* cplint-disable unchecked-exit */ ... /* cplint-enable unchecked-exit */
//! // cplint-disable-file secret-in-args
//! ```
//!
//! No rule list means every rule. Rules are named by id or code. An unknown rule is
//! an error; a directive that suppresses nothing is reported.

use crate::diagnostic::{ErrorKind, FileError, Finding};
use crate::lines::LineIndex;
use crate::rules;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Line,
    File,
    Disable,
    Enable,
}

#[derive(Debug)]
struct Directive {
    kind: Kind,
    line: usize,
    column: usize,
    offset: usize,
    /// Rule codes; empty = every rule.
    rules: Vec<&'static str>,
    used: bool,
}

impl Directive {
    fn covers_rule(&self, code: &str) -> bool {
        self.rules.is_empty() || self.rules.contains(&code)
    }
}

const PREFIX: &str = "cplint-";

/// Finds directives in comments: `//` and `/* */` on the same line before the word.
fn parse(text: &str, index: &LineIndex<'_>, errors: &mut Vec<FileError>) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(found) = text[search..].find(PREFIX) {
        let at = search + found;
        search = at + PREFIX.len();
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..at];
        let in_comment = before.contains("//") || before.contains("/*");
        if !in_comment {
            continue;
        }
        let rest = &text[at + PREFIX.len()..];
        let (kind, len) = if rest.starts_with("disable-next-line") {
            (Kind::NextLine, "disable-next-line".len())
        } else if rest.starts_with("disable-line") {
            (Kind::Line, "disable-line".len())
        } else if rest.starts_with("disable-file") {
            (Kind::File, "disable-file".len())
        } else if rest.starts_with("disable") {
            (Kind::Disable, "disable".len())
        } else if rest.starts_with("enable") {
            (Kind::Enable, "enable".len())
        } else {
            continue;
        };
        let tail = &rest[len..];
        if tail.chars().next().is_some_and(|c| !c.is_whitespace() && c != '*') {
            continue; // `cplint-disabled`, not a directive
        }
        let end = tail.find('\n').unwrap_or(tail.len());
        let mut body = &tail[..end];
        if let Some(i) = body.find("*/") {
            body = &body[..i];
        }
        if let Some(i) = body.find("--") {
            body = &body[..i];
        }
        let (line, column) = index.position(at);
        let mut codes = Vec::new();
        for name in body.split([',', ' ', '\t', '\r']).filter(|s| !s.is_empty()) {
            match rules::find(name) {
                Some(r) => codes.push(r.meta().code),
                None => errors.push(FileError {
                    kind: ErrorKind::Directive,
                    message: format!("unknown rule `{name}` in `{PREFIX}{}` directive", &rest[..len]),
                    position: Some((line, column)),
                    offset: Some(at),
                }),
            }
        }
        out.push(Directive { kind, line, column, offset: at, rules: codes, used: false });
    }
    out
}

/// Moves suppressed findings from `findings` to `suppressed`; returns errors for
/// unknown rules and unused directives.
pub fn apply(
    text: &str,
    index: &LineIndex<'_>,
    findings: &mut Vec<Finding>,
    suppressed_out: &mut Vec<Finding>,
) -> Vec<FileError> {
    if !text.contains(PREFIX) {
        return Vec::new();
    }
    let mut errors = Vec::new();
    let mut dirs = parse(text, index, &mut errors);
    findings.retain(|f| {
        let code = f.rule.code;
        let mut suppressed = false;
        // Line-scoped and file-scoped directives.
        for d in dirs.iter_mut() {
            let hit = match d.kind {
                Kind::NextLine => d.line + 1 == f.line,
                Kind::Line => d.line == f.line,
                Kind::File => true,
                _ => false,
            };
            if hit && d.covers_rule(code) {
                d.used = true;
                suppressed = true;
            }
        }
        // Ranges: the last `disable`/`enable` before the finding that names this rule.
        let mut open: Option<usize> = None;
        for (i, d) in dirs.iter().enumerate() {
            if d.line > f.line || !d.covers_rule(code) {
                continue;
            }
            match d.kind {
                Kind::Disable => open = Some(i),
                Kind::Enable => open = None,
                _ => {}
            }
        }
        if let Some(i) = open {
            dirs[i].used = true;
            suppressed = true;
        }
        if suppressed {
            suppressed_out.push(f.clone());
        }
        !suppressed
    });
    for d in dirs.iter().filter(|d| !d.used && d.kind != Kind::Enable) {
        errors.push(FileError {
            kind: ErrorKind::UnusedDirective,
            message: "unused `cplint-disable` directive: no finding to suppress here".into(),
            position: Some((d.line, d.column)),
            offset: Some(d.offset),
        });
    }
    errors
}
