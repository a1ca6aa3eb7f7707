//! Fixing a linted file: its fix loop ([`crate::lint::fix_source`]) runs on the
//! file's [`Executor`] under the same time limit as its lint, then the file is
//! written atomically (by the caller of the job: a fix given up on is never
//! written) or its diff is kept.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;
use crate::fix::files::{WriteError, write_fixed};
use crate::fix::{Fixed, Mode, unified_diff};
use crate::lint::fix_source;
use crate::report::FileReport;

use super::guard::{Executor, catch, crashed, within_limit};
use super::read::lint_file;
use crate::walk::Found;

/// What to do with the files whose reports offer fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixPlan {
    /// Which fixes to apply.
    pub mode: Mode,
    /// Replace the files (atomically); otherwise make a unified diff of each.
    pub write: bool,
}

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
    /// The fixed text still to be written, and the text it was made from (the file
    /// is only written while it still holds that).
    pending: Option<(String, String)>,
}

/// Whether the report offers anything `mode` would apply.
pub fn has_fixes(report: &FileReport, mode: Mode) -> bool {
    report.findings.iter().any(|f| f.fix.as_ref().is_some_and(|x| mode.allows(x)))
}

/// One text through the fix loop: what [`fix_source`] made of it, and its diff when
/// asked for (empty when unchanged). `applied` is 0 when the text did not change.
pub fn fix_text(shown: &str, text: &str, config: &Config, mode: Mode, diff: bool) -> (Fixed, String) {
    let mut fixed = fix_source(shown, text, config, mode);
    if fixed.text == text {
        fixed.applied = 0;
    }
    let diff = if diff && fixed.applied > 0 { unified_diff(shown, text, &fixed.text) } else { String::new() };
    (fixed, diff)
}

/// The job: reads the file again, fixes it, and leaves the writing to [`fix_file`].
fn prepare(path: &Path, report: FileReport, config: &Config, plan: FixPlan) -> FileFix {
    crate::hooks::slow_fix();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return FileFix { report, problem: Some(format!("cannot read for fixing: {e}")), ..Default::default() };
        }
    };
    // Only clean UTF-8 is written back: a lossy or UTF-16 decoding would change bytes
    // the fixes never touched.
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return FileFix { report, problem: Some("not fixed: the file is not UTF-8".into()), ..Default::default() };
    };
    let shown = report.path.clone();
    let (fixed, diff) = fix_text(&shown, text, config, plan.mode, !plan.write);
    // The report of the text just read (and fixed), not of the lint's: the file may
    // have changed in between.
    let mut out =
        FileFix { report: fixed.report, applied: fixed.applied, dropped: fixed.dropped, diff, ..Default::default() };
    if fixed.applied > 0 && plan.write {
        out.pending = Some((fixed.text, text.to_string()));
    }
    out
}

/// Fixes one linted file whose report offers an applicable fix, on `slot`'s
/// executor within `limit` (a fix that overruns leaves the file as it was, with the
/// same parse error as a lint that overruns), then writes it when `plan` says so.
pub fn fix_file(
    slot: &mut Option<Executor>,
    path: &Path,
    report: FileReport,
    config: &Arc<Config>,
    plan: FixPlan,
    limit: Option<Duration>,
) -> FileFix {
    let shown = report.path.clone();
    let (job_path, job_config): (PathBuf, _) = (path.to_path_buf(), Arc::clone(config));
    let job_shown = shown.clone();
    let job = move || {
        catch(|| prepare(&job_path, report, &job_config, plan))
            .unwrap_or_else(|msg| FileFix { report: crashed(&job_shown, &msg), ..Default::default() })
    };
    let mut out = match within_limit(slot, limit, job) {
        Ok(out) => out,
        Err(e) => return FileFix { report: e.report(&shown), ..Default::default() },
    };
    if let Some((text, original)) = out.pending.take()
        && let Err(e) = write_fixed(path, original.as_bytes(), text.as_bytes())
    {
        out.applied = 0;
        out.problem = Some(match e {
            WriteError::Changed => "changed on disk while fixing; not written".to_string(),
            WriteError::Refused(why) => format!("not written: {why}"),
            WriteError::Io(e) => format!("cannot write the fixed file: {e}"),
        });
        // What is reported is the file as it is on disk.
        let (found, config, job_shown) = (Found::new(path.to_path_buf(), true), Arc::clone(config), shown.clone());
        out.report = within_limit(slot, limit, move || lint_file(&found, &job_shown, &config))
            .unwrap_or_else(|e| e.report(&shown));
    }
    out
}

/// Totals of a fixing run.
#[derive(Debug, Default)]
pub struct FixTotals {
    pub applied: usize,
    pub files_changed: usize,
    /// `(path, diff)` of each changed file (for `--diff`), sorted by path.
    pub diffs: Vec<(String, String)>,
    /// `(path, message)`: dropped fixes and files that could not be fixed, by path.
    pub problems: Vec<(String, String)>,
}

impl FixTotals {
    /// Counts one file's outcome in; returns its report.
    pub fn add(&mut self, o: FileFix) -> FileReport {
        self.applied += o.applied;
        if o.applied > 0 {
            self.files_changed += 1;
        }
        if !o.diff.is_empty() {
            self.diffs.push((o.report.path.clone(), o.diff));
        }
        for d in o.dropped {
            self.problems.push((o.report.path.clone(), format!("fix dropped, the result would not parse: {d}")));
        }
        if let Some(p) = o.problem {
            self.problems.push((o.report.path.clone(), p));
        }
        o.report
    }

    /// Puts the lists in path order (files finish in any order).
    pub fn sort(&mut self) {
        self.diffs.sort();
        self.problems.sort_by(|a, b| a.0.cmp(&b.0));
    }
}
