//! Report formats. Each format is one file; all take the same [`RunReport`].

pub mod fingerprint;
pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::diagnostic::{ErrorKind, FileReport};
use crate::rule::Severity;

/// The whole run, as every output format sees it.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// SARIF 2.1.0 (GitHub code scanning)
    Sarif,
}

pub fn write(report: &RunReport, format: Format, color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text::write(report, color, out),
        Format::Json => json::write(report, out),
        Format::Github => github::write(report, out),
        Format::Sarif => sarif::write(report, out),
    }
}
