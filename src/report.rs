//! What a lint run reports: findings with positions, per-file errors, file reports.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::emit::{Fix, Label};
use crate::vocab::{RuleMeta, Severity};

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub primary: Label,
    pub message: String,
    pub help: Option<String>,
    pub note: Option<String>,
    pub labels: Vec<Label>,
    pub fix: Option<Fix>,
    /// For a suppressed finding: the `-- reason` text of the inline directive that
    /// suppressed it (SARIF `suppressions[].justification`).
    pub suppression_reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The file is not valid JavaScript/TypeScript (or nests too deeply to analyse).
    ParseError,
    /// The file could not be read.
    Io,
    /// cplint itself failed on this file (a bug): exit code 2.
    Internal,
    /// A suppression comment names a rule that does not exist.
    Directive,
    /// A suppression comment that suppresses nothing (reported, not an error).
    UnusedDirective,
}

#[derive(Debug, Clone)]
pub struct FileError {
    pub kind: ErrorKind,
    pub message: String,
    /// 1-based position, when the error has one.
    pub position: Option<(usize, usize)>,
    pub offset: Option<usize>,
}

/// Everything cplint has to say about one file.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    /// Path as shown to the user: relative to the working directory, `/`-separated.
    pub path: String,
    /// The text that was linted (kept only when there is something to render).
    pub source: Option<String>,
    pub findings: Vec<Finding>,
    /// Findings removed by an inline suppression (reported with `--report-suppressed`).
    pub suppressed: Vec<Finding>,
    pub errors: Vec<FileError>,
    /// Informational notes (e.g. "not valid UTF-8; read lossily").
    pub notes: Vec<String>,
    /// Whether the file was parsed (false when the pre-filter skipped it).
    pub parsed: bool,
    /// Whether lines with syntax errors were left out to lint the rest (each is
    /// in `errors` as a parse error).
    pub partly_parsed: bool,
    /// Findings removed by the bulk suppressions file (`cplint-suppressions.json`):
    /// counted apart in the summary, never in the exit code.
    pub baselined: usize,
    /// Exported functions whose parameter reaches a shell (for the cross-file pass).
    pub sink_exports: Vec<crate::emit::SinkExport>,
    /// The relative modules (absolute paths as the specifiers name them) whose
    /// exports the file's values looked up (for the cross-file pass's constants).
    pub const_imports: Vec<std::path::PathBuf>,
}

impl FileReport {
    /// A report holding one error without a position (unreadable file, crash, time out).
    pub fn error(path: &str, kind: ErrorKind, message: String) -> FileReport {
        FileReport {
            path: path.to_string(),
            errors: vec![FileError { kind, message, position: None, offset: None }],
            ..Default::default()
        }
    }
}

/// The whole run, as every output format sees it.
#[derive(Debug)]
pub struct RunReport {
    /// Sorted by path.
    pub files: Vec<FileReport>,
    pub files_scanned: usize,
    pub elapsed_ms: u128,
    /// Errors that belong to no file (a path that does not exist).
    pub run_errors: Vec<(String, String)>,
    pub show_statistics: bool,
    /// Fixes applied by `--fix` (the findings are what is left).
    pub fixed: usize,
}

impl RunReport {
    pub fn count(&self, sev: Severity) -> usize {
        self.files.iter().flat_map(|f| &f.findings).filter(|f| f.severity == sev).count()
    }

    pub fn findings(&self) -> usize {
        self.files.iter().map(|f| f.findings.len()).sum()
    }

    pub fn files_with_findings(&self) -> usize {
        self.files.iter().filter(|f| !f.findings.is_empty()).count()
    }

    /// Findings removed by the bulk suppressions file.
    pub fn baselined(&self) -> usize {
        self.files.iter().map(|f| f.baselined).sum()
    }

    /// `--quiet`: keeps error-level findings only (the suppressed ones too).
    pub fn keep_errors_only(&mut self) {
        for f in &mut self.files {
            f.findings.retain(|x| x.severity == Severity::Error);
            f.suppressed.retain(|x| x.severity == Severity::Error);
        }
    }

    pub fn error_count(&self, kind: ErrorKind) -> usize {
        self.files.iter().flat_map(|f| &f.errors).filter(|e| e.kind == kind).count()
    }

    /// Findings per rule id, sorted by id.
    pub fn by_rule(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for f in self.files.iter().flat_map(|f| &f.findings) {
            *m.entry(f.rule.name).or_insert(0) += 1;
        }
        m
    }
}

/// How a run's report becomes an exit code (the CLI's `--exit-zero`,
/// `--max-warnings` and `--diff`), the same for files, `--fix` and standard input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExitPolicy {
    /// 0 even when there are findings (2 still means cplint failed).
    pub exit_zero: bool,
    /// 1 when there are more than this many warnings.
    pub max_warnings: Option<usize>,
    /// `--diff`: 1 when the fixes would change something ([`RunReport::fixed`]), 0
    /// otherwise, whatever else the report holds (as ruff's `--diff`).
    pub diff: bool,
}

impl RunReport {
    /// 0: nothing to report (no error-level findings, parse, read or directive
    /// errors, and warnings within the policy's maximum); 1: findings; 2: cplint
    /// failed on a file (an internal error) or a path named could not be linted.
    pub fn exit_code(&self, policy: &ExitPolicy) -> u8 {
        if self.error_count(ErrorKind::Internal) > 0 || !self.run_errors.is_empty() {
            return 2;
        }
        if policy.diff {
            // A file that could not be read or parsed is a failure as in a plain run.
            let failed = self.error_count(ErrorKind::ParseError) + self.error_count(ErrorKind::Io);
            return u8::from(self.fixed > 0 || failed > 0);
        }
        if policy.exit_zero {
            return 0;
        }
        let errors = self.count(Severity::Error)
            + self.error_count(ErrorKind::ParseError)
            + self.error_count(ErrorKind::Io)
            + self.error_count(ErrorKind::Directive);
        let too_many_warnings = policy.max_warnings.is_some_and(|max| self.count(Severity::Warning) > max);
        u8::from(errors > 0 || too_many_warnings)
    }
}
