//! `--format github`: GitHub Actions workflow commands, one per finding, so that
//! findings show as annotations on the pull request's diff.

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

pub fn write(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
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
}
