//! `--format github`: GitHub Actions workflow commands, one per finding, so that
//! findings show as annotations on the pull request's diff.
//!
//! GitHub shows at most [`ANNOTATIONS_PER_LEVEL`] annotations of each level per
//! step and drops the rest without a word. When there are more, a `::notice::`
//! summary line comes first (first, so that it is itself among the notices shown)
//! with the counts and where to see everything.

use std::io::{self, Write};

use super::RunReport;
use crate::vocab::Severity;

/// Escapes the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`): also `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// How many annotations of one level GitHub shows per step.
pub const ANNOTATIONS_PER_LEVEL: usize = 10;

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The summary line for these counts of `error`, `warning` and `notice`
/// annotations, when some level has more than GitHub shows.
pub fn summary(errors: usize, warnings: usize, notices: usize) -> Option<String> {
    if errors.max(warnings).max(notices) <= ANNOTATIONS_PER_LEVEL {
        return None;
    }
    let counts = if notices == 0 {
        format!("{} and {}", plural(errors, "error"), plural(warnings, "warning"))
    } else {
        format!("{}, {} and {}", plural(errors, "error"), plural(warnings, "warning"), plural(notices, "notice"))
    };
    Some(format!(
        "::notice::{}",
        escape_data(&format!(
            "cplint: {counts}; only the first {ANNOTATIONS_PER_LEVEL} of each level are shown as annotations — see the full report with --format text"
        ))
    ))
}

pub fn write(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let mut lines = Vec::new();
    commands(report, &mut lines)?;
    let text = String::from_utf8_lossy(&lines);
    let count = |level: &str| text.lines().filter(|l| l.starts_with(&format!("::{level} "))).count();
    if let Some(line) = summary(count("error"), count("warning"), count("notice")) {
        writeln!(out, "{line}")?;
    }
    out.write_all(&lines)
}

/// One workflow command per finding, file error and run error.
fn commands(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        let path = escape_property(&file.path);
        for f in &file.findings {
            let kind = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                _ => "notice",
            };
            let mut text = f.message.clone();
            if let Some(h) = &f.help {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            writeln!(
                out,
                "::{kind} file={path},line={},col={},endLine={},endColumn={},title={}::{}",
                f.line,
                f.column,
                f.end_line,
                f.end_column,
                escape_property(&format!("{} {}", f.rule.code, f.rule.name)),
                escape_data(&text)
            )?;
        }
        for e in &file.errors {
            let pos = e.position.map(|(l, c)| format!(",line={l},col={c}")).unwrap_or_default();
            writeln!(out, "::error file={path}{pos},title=cplint::{}", escape_data(&e.message))?;
        }
    }
    for (path, msg) in &report.run_errors {
        writeln!(out, "::error title=cplint::{}", escape_data(&format!("{path}: {msg}")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn a_summary_only_past_ten_of_a_level() {
        assert_eq!(summary(10, 10, 10), None);
        assert_eq!(
            summary(11, 1, 0).as_deref(),
            Some(
                "::notice::cplint: 11 errors and 1 warning; only the first 10 of each level are shown as annotations — see the full report with --format text"
            )
        );
        assert!(summary(0, 0, 11).is_some_and(|s| s.contains("0 errors, 0 warnings and 11 notices")));
    }
}
