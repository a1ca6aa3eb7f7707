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
//! an error and suppresses nothing (a typo never silences every rule); a directive
//! that suppresses nothing is reported as a warning (`unused-directive`).

use std::collections::HashMap;

use crate::lines::LineIndex;
use crate::report::{ErrorKind, FileError, Finding};
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
    /// Rule codes it names (unknown names are errors and name nothing).
    rules: Vec<&'static str>,
    /// No rule named at all: every rule. A directive whose only names are unknown
    /// (`cplint-disable-line shel-injection`) suppresses nothing.
    all: bool,
    used: bool,
    /// The text after `--`, trimmed, when there is any.
    reason: Option<String>,
}

impl Directive {
    fn covers_rule(&self, code: &str) -> bool {
        self.all || self.rules.contains(&code)
    }
}

const PREFIX: &str = "cplint-";

/// Finds directives in comments: `//` and `/* */` on the same line before the word.
fn parse(text: &str, index: &LineIndex<'_>, errors: &mut Vec<FileError>) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut search = 0;
    // Whether a comment opener precedes `at` on its line, tracked incrementally: a
    // one-line bundle with many `cplint-` strings must not rescan its line each time.
    let (mut scanned, mut in_comment) = (0, false);
    while let Some(found) = text[search..].find(PREFIX) {
        let at = search + found;
        search = at + PREFIX.len();
        let bytes = &text.as_bytes()[scanned..at];
        let from = match bytes.iter().rposition(|b| *b == b'\n') {
            Some(i) => {
                in_comment = false;
                scanned + i + 1
            }
            None => scanned.saturating_sub(1),
        };
        in_comment = in_comment || text.as_bytes()[from..at].windows(2).any(|w| w == b"//" || w == b"/*");
        scanned = at;
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
        let mut reason = None;
        if let Some(i) = body.find("--") {
            reason = Some(body[i + 2..].trim()).filter(|r| !r.is_empty()).map(String::from);
            body = &body[..i];
        }
        let (line, column) = index.position(at);
        let mut codes = Vec::new();
        let mut named = false;
        for name in body.split([',', ' ', '\t', '\r']).filter(|s| !s.is_empty()) {
            named = true;
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
        out.push(Directive { kind, line, column, offset: at, rules: codes, all: !named, used: false, reason });
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
    // Directives indexed so each finding looks only at its own line's, the file-wide
    // ones and (by binary search) the last range directive before it: linear in
    // practice even for files with thousands of both.
    let mut by_line: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut file_wide = Vec::new();
    for (i, d) in dirs.iter().enumerate() {
        match d.kind {
            Kind::NextLine => by_line.entry(d.line + 1).or_default().push(i),
            Kind::Line => by_line.entry(d.line).or_default().push(i),
            Kind::File => file_wide.push(i),
            Kind::Disable | Kind::Enable => {}
        }
    }
    // Per rule code: the `disable`/`enable` directives naming it, in text order.
    let mut ranges: HashMap<&str, Vec<usize>> = HashMap::new();
    findings.retain(|f| {
        let code = f.rule.code;
        // The directives that cover the finding (line-scoped, file-wide, then the
        // range): the first `-- reason` among them goes with the suppressed finding.
        let mut by: Vec<usize> = Vec::new();
        // Line-scoped and file-scoped directives.
        for &i in by_line.get(&f.line).into_iter().flatten().chain(&file_wide) {
            if dirs[i].covers_rule(code) {
                dirs[i].used = true;
                by.push(i);
            }
        }
        // Ranges: the last `disable`/`enable` before the finding that names this rule.
        let range = ranges.entry(code).or_insert_with(|| {
            (0..dirs.len())
                .filter(|&i| matches!(dirs[i].kind, Kind::Disable | Kind::Enable) && dirs[i].covers_rule(code))
                .collect()
        });
        let before = range.partition_point(|&i| dirs[i].line <= f.line);
        if let Some(&i) = before.checked_sub(1).and_then(|k| range.get(k))
            && dirs[i].kind == Kind::Disable
        {
            dirs[i].used = true;
            by.push(i);
        }
        if !by.is_empty() {
            let reason = by.iter().find_map(|&i| dirs[i].reason.clone());
            suppressed_out.push(Finding { suppression_reason: reason, ..f.clone() });
        }
        by.is_empty()
    });
    // A directive that names only unknown rules was reported as an error already.
    for d in dirs.iter().filter(|d| !d.used && d.kind != Kind::Enable && (d.all || !d.rules.is_empty())) {
        errors.push(FileError {
            kind: ErrorKind::UnusedDirective,
            message: "unused `cplint-disable` directive: no finding to suppress here".into(),
            position: Some((d.line, d.column)),
            offset: Some(d.offset),
        });
    }
    errors
}
