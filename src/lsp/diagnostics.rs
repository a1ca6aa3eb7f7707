//! A file's report as LSP diagnostics: one per finding (rule code, severity, a link
//! to the rule's page, labels as related locations), then one per file error
//! (parse errors, bad or unused directives, a file given up on).

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Range, Uri,
};

use super::text::LineMap;
use crate::report::{ErrorKind, FileError, FileReport, Finding};
use crate::vocab::Severity;

pub use crate::vocab::RULES_URL;

/// The diagnostics' `source`.
pub const SOURCE: &str = "cplint";

pub fn rule_url(rule: &str) -> String {
    format!("{RULES_URL}{rule}.md")
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
        Severity::Off => DiagnosticSeverity::HINT,
    }
}

/// The diagnostics of `report` (linted from `text`): first one per finding, in the
/// order of `report.findings`, then one per error, in the order of `report.errors`
/// (code actions rely on this order).
pub fn diagnostics(report: &FileReport, map: &LineMap<'_>, text: &str, uri: &Uri) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = report.findings.iter().map(|f| finding(f, map, uri)).collect();
    out.extend(report.errors.iter().map(|e| error(e, map, text)));
    out
}

fn finding(f: &Finding, map: &LineMap<'_>, uri: &Uri) -> Diagnostic {
    let range = map.range(f.start, f.end);
    let mut message = f.message.clone();
    for (word, text) in [("help", &f.help), ("note", &f.note)] {
        if let Some(t) = text {
            message.push_str(&format!("\n{word}: {t}"));
        }
    }
    let related: Vec<DiagnosticRelatedInformation> = std::iter::once(&f.primary)
        .filter(|p| !p.text.is_empty())
        .chain(&f.labels)
        .map(|l| DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range: map.range(l.start, l.end) },
            message: l.text.clone(),
        })
        .collect();
    Diagnostic {
        range,
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.code.to_string())),
        code_description: rule_url(f.rule.name).parse().ok().map(|href| CodeDescription { href }),
        source: Some(SOURCE.into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The range of a file error: the directive word for directive errors, one
/// character for a parse error, the start of the file when it has no position.
fn error_range(e: &FileError, map: &LineMap<'_>, text: &str) -> Range {
    let Some(at) = e.offset.filter(|&o| o <= text.len()) else {
        return Range::default();
    };
    let rest = text.get(at..).unwrap_or("");
    let len = match e.kind {
        ErrorKind::Directive | ErrorKind::UnusedDirective => {
            rest.find(|c: char| c.is_whitespace() || c == '*').unwrap_or(rest.len())
        }
        _ => rest.chars().next().filter(|c| *c != '\n' && *c != '\r').map_or(0, char::len_utf8),
    };
    map.range(at, at + len)
}

fn error(e: &FileError, map: &LineMap<'_>, text: &str) -> Diagnostic {
    let (sev, tags) = match e.kind {
        ErrorKind::UnusedDirective => (DiagnosticSeverity::WARNING, Some(vec![DiagnosticTag::UNNECESSARY])),
        _ => (DiagnosticSeverity::ERROR, None),
    };
    let code = serde_json::to_value(e.kind).ok().and_then(|v| v.as_str().map(String::from));
    Diagnostic {
        range: error_range(e, map, text),
        severity: Some(sev),
        code: code.map(NumberOrString::String),
        code_description: None,
        source: Some(SOURCE.into()),
        message: e.message.clone(),
        related_information: None,
        tags,
        data: None,
    }
}
