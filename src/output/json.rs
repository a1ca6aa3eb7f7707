//! `--format json` (SPEC §5).

use std::io::{self, Write};

use serde::Serialize;

use super::RunReport;
use crate::report::ErrorKind;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    tool: Tool,
    findings: Vec<JFinding<'a>>,
    errors: Vec<JError<'a>>,
    /// Problems that are not errors: directives that suppress nothing.
    warnings: Vec<JError<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JFinding<'a> {
    rule: &'static str,
    code: &'static str,
    severity: &'static str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    start: usize,
    end: usize,
    /// Only present (and `true`) for a finding an inline directive suppressed, which
    /// is listed with `--report-suppressed`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    suppressed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JFix<'a>>,
}

#[derive(Serialize)]
struct JFix<'a> {
    safety: &'static str,
    title: &'a str,
    edits: Vec<JEdit<'a>>,
}

#[derive(Serialize)]
struct JEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JError<'a> {
    path: &'a str,
    kind: ErrorKind,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

#[derive(Serialize)]
struct Summary {
    files_scanned: usize,
    files_with_findings: usize,
    findings: usize,
    by_rule: std::collections::BTreeMap<&'static str, usize>,
    errors: usize,
    /// Entries of `warnings` (unused directives); they never fail a run.
    warnings: usize,
    elapsed_ms: u128,
    /// Fixes applied by `--fix` (the findings listed are what is left).
    fixed: usize,
    /// Findings the suppressions file (`cplint-suppressions.json`) covers: not listed,
    /// not counted in `findings`.
    bulk_suppressed: usize,
}

pub fn write(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for file in &report.files {
        let listed = file.findings.iter().map(|f| (f, false)).chain(file.suppressed.iter().map(|f| (f, true)));
        for (f, suppressed) in listed {
            findings.push(JFinding {
                rule: f.rule.name,
                code: f.rule.code,
                severity: f.severity.as_str(),
                path: &file.path,
                line: f.line,
                column: f.column,
                end_line: f.end_line,
                end_column: f.end_column,
                message: &f.message,
                help: f.help.as_deref(),
                note: f.note.as_deref(),
                start: f.start,
                end: f.end,
                suppressed,
                fix: f.fix.as_ref().map(|x| JFix {
                    safety: x.safety.as_str(),
                    title: &x.title,
                    edits: x
                        .edits
                        .iter()
                        .map(|e| JEdit {
                            line: e.line,
                            column: e.column,
                            end_line: e.end_line,
                            end_column: e.end_column,
                            start: e.start,
                            end: e.end,
                            replacement: &e.replacement,
                        })
                        .collect(),
                }),
            });
        }
        for e in &file.errors {
            let list = if e.kind == ErrorKind::UnusedDirective { &mut warnings } else { &mut errors };
            list.push(JError {
                path: &file.path,
                kind: e.kind,
                message: &e.message,
                line: e.position.map(|p| p.0),
                column: e.position.map(|p| p.1),
            });
        }
    }
    for (path, message) in &report.run_errors {
        errors.push(JError { path, kind: ErrorKind::Io, message, line: None, column: None });
    }
    findings.sort_by(|a, b| (a.path, a.line, a.column, a.rule).cmp(&(b.path, b.line, b.column, b.rule)));
    let doc = Doc {
        version: 1,
        tool: Tool { name: "cplint", version: env!("CARGO_PKG_VERSION") },
        summary: Summary {
            files_scanned: report.files_scanned,
            files_with_findings: report.files_with_findings(),
            findings: report.findings(),
            by_rule: report.by_rule(),
            errors: errors.len(),
            warnings: warnings.len(),
            elapsed_ms: report.elapsed_ms,
            fixed: report.fixed,
            bulk_suppressed: report.baselined(),
        },
        findings,
        errors,
        warnings,
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}
