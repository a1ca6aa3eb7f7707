//! What a lint run produces: findings (rule hits), per-file errors, file reports.

use serde::Serialize;

use crate::rule::{RuleMeta, Severity};

/// A secondary location with a short text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// How far a fix can be trusted (ruff's applicability levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Safety {
    /// Advice only: no edit is offered.
    DisplayOnly,
    /// Behaviour changes for some inputs (`--unsafe-fixes`).
    Unsafe,
    /// Behaviour is preserved for every input (`--fix`).
    Safe,
}

impl Safety {
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::DisplayOnly => "display-only",
            Safety::Unsafe => "unsafe",
            Safety::Safe => "safe",
        }
    }
}

/// One replacement of the byte range `start..end` of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
    /// 1-based positions (columns in characters, end exclusive); filled in by
    /// [`crate::lint_source`], zero in a rule's raw output.
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Edit {
    pub fn new(start: usize, end: usize, replacement: impl Into<String>) -> Edit {
        Edit { start, end, replacement: replacement.into(), line: 0, column: 0, end_line: 0, end_column: 0 }
    }
}

/// A suggested change. Display-only fixes carry no edits, only the advice in `title`.
#[derive(Debug, Clone)]
pub struct Fix {
    pub safety: Safety,
    pub title: String,
    pub edits: Vec<Edit>,
}

/// A rule's raw output: byte ranges, no positions yet.
#[derive(Debug, Clone)]
pub struct RawFinding {
    pub start: usize,
    pub end: usize,
    /// Where the code frame's main label goes (usually the callee).
    pub primary: Label,
    pub message: String,
    pub help: Option<String>,
    pub note: Option<String>,
    pub labels: Vec<Label>,
    pub fix: Option<Fix>,
}

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
