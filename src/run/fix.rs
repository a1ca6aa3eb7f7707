//! Fixing files on disk: read, fix, then write atomically or make a diff.

use std::path::Path;

use crate::config::Config;
use crate::fix::files::write_atomically;
use crate::fix::{Mode, unified_diff};
use crate::lint::fix_source;
use crate::report::FileReport;

/// What happened to one file.
#[derive(Debug, Default)]
pub struct FileFix {
    /// The report after fixing (the original report when nothing was applied).
    pub report: FileReport,
    pub applied: usize,
    /// Unified diff of the change (filled for `--diff`; empty when unchanged).
    pub diff: String,
    /// Fixes dropped because the result did not parse.
    pub dropped: Vec<String>,
    /// Why the file was not fixed or written, when it was not.
    pub problem: Option<String>,
}

/// Whether the report offers anything `mode` would apply.
pub fn has_fixes(report: &FileReport, mode: Mode) -> bool {
    report.findings.iter().any(|f| f.fix.as_ref().is_some_and(|x| mode.allows(x)))
}

/// Fixes one file. `write`: replace the file (atomically); otherwise compute the diff.
pub fn fix_file(path: &Path, report: FileReport, config: &Config, mode: Mode, write: bool) -> FileFix {
    let shown = report.path.clone();
    if !has_fixes(&report, mode) {
        return FileFix { report, ..Default::default() };
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return FileFix { report, problem: Some(format!("cannot read for fixing: {e}")), ..Default::default() };
        }
    };
    // Only clean UTF-8 is written back: a lossy or UTF-16 decoding would change bytes
    // the fixes never touched.
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(_) => {
            return FileFix { report, problem: Some("not fixed: the file is not UTF-8".into()), ..Default::default() };
        }
    };
    let fixed = fix_source(&shown, text, config, mode);
    let mut out = FileFix { applied: fixed.applied, dropped: fixed.dropped, ..Default::default() };
    if fixed.applied == 0 || fixed.text == text {
        out.report = report;
        out.applied = 0;
        return out;
    }
    if write {
        if let Err(e) = write_atomically(path, fixed.text.as_bytes()) {
            out.report = report;
            out.applied = 0;
            out.problem = Some(format!("cannot write the fixed file: {e}"));
            return out;
        }
    } else {
        out.diff = unified_diff(&shown, text, &fixed.text);
    }
    out.report = fixed.report;
    out
}

/// Totals of a fixing run.
#[derive(Debug, Default)]
pub struct Totals {
    pub applied: usize,
    pub files_changed: usize,
    /// `(path, diff)` of each changed file (for `--diff`), sorted by path.
    pub diffs: Vec<(String, String)>,
    /// `(path, message)`: dropped fixes and files that could not be fixed.
    pub problems: Vec<(String, String)>,
}

/// Fixes every file whose report offers an applicable fix; returns the new reports.
pub fn fix_all(
    files: &[(std::path::PathBuf, String)],
    reports: Vec<FileReport>,
    config: &Config,
    mode: Mode,
    write: bool,
    threads: usize,
) -> (Vec<FileReport>, Totals) {
    use rayon::prelude::*;
    let by_path: std::collections::HashMap<&str, &Path> =
        files.iter().map(|(p, s)| (s.as_str(), p.as_path())).collect();
    let outcomes: Vec<FileFix> = super::with_pool(threads, || {
        reports
            .into_par_iter()
            .map(|r| match by_path.get(r.path.as_str()) {
                Some(p) if has_fixes(&r, mode) => {
                    let shown = r.path.clone();
                    let fallback = r.clone();
                    let mut out = None;
                    let guarded = super::guarded(&shown, || {
                        let f = fix_file(p, r, config, mode, write);
                        let rep = f.report.clone();
                        out = Some(f);
                        rep
                    });
                    out.unwrap_or(FileFix {
                        report: if guarded.errors.is_empty() { fallback } else { guarded },
                        ..Default::default()
                    })
                }
                _ => FileFix { report: r, ..Default::default() },
            })
            .collect()
    });
    let mut totals = Totals::default();
    let mut reports = Vec::with_capacity(outcomes.len());
    for o in outcomes {
        totals.applied += o.applied;
        if o.applied > 0 {
            totals.files_changed += 1;
        }
        if !o.diff.is_empty() {
            totals.diffs.push((o.report.path.clone(), o.diff));
        }
        for d in o.dropped {
            totals.problems.push((o.report.path.clone(), format!("fix dropped, the result would not parse: {d}")));
        }
        if let Some(p) = o.problem {
            totals.problems.push((o.report.path.clone(), p));
        }
        reports.push(o.report);
    }
    totals.diffs.sort();
    (reports, totals)
}
