//! Report formats. Each format is one file; all take the same [`RunReport`].

pub mod fingerprint;
pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use std::io::{self, Write};

pub use crate::report::RunReport;

/// A report format (the CLI's `--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    /// One line per finding: `path:line:col: CODE [rule] message`
    Concise,
    Json,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// SARIF 2.1.0 (GitHub code scanning)
    Sarif,
}

pub fn write(report: &RunReport, format: Format, color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text::write(report, color, out),
        Format::Concise => text::write_concise(report, out),
        Format::Json => json::write(report, out),
        Format::Github => github::write(report, out),
        Format::Sarif => sarif::write(report, out),
    }
}
