//! Scheduling a run over many files: the walker's threads read and screen each file
//! (the pre-filter, decided there once per file), lint threads lint the few that
//! pass, each file on a kept [`Executor`] under the time limit, and fix it there
//! when asked to.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::config::Config;
use crate::report::{ErrorKind, FileReport};
use crate::walk::{self, Found, WalkOptions, Walked};

use super::configs::{Applies, NestedRef, Shared};
use super::fix::{FixPlan, FixTotals, fix_file, has_fixes};
use super::guard::{Executor, catch, within_limit};
use super::read::{lint_file, with_bytes};

/// What a walker thread decides about a file it found: skip it (the pre-filter
/// rules it out), report it (it could not be read), or hand it to a lint thread
/// (which reads it again: few files pass, and holding their bytes in the channel
/// would cost memory).
enum Screen {
    Skip,
    Report(Box<FileReport>),
    Lint,
}

/// Screens a file; with `imports`, also says whether it imports a relative path
/// (a candidate of the cross-file pass, [`super::project`]).
fn screen(found: &Found, config: &Config, imports: bool) -> (Screen, Vec<Box<str>>) {
    let seen = with_bytes(found, |bytes| {
        let modules = if imports { super::project::relative_module_names(bytes) } else { Vec::new() };
        (crate::lint::prefilter_skips(bytes, config), modules)
    });
    match seen {
        Ok((true, modules)) => (Screen::Skip, modules),
        Ok((false, modules)) => (Screen::Lint, modules),
        Err(message) => {
            (Screen::Report(Box::new(FileReport::error(&found.shown(), ErrorKind::Io, message))), Vec::new())
        }
    }
}

/// What a run sees beyond one file at a time.
#[derive(Debug, Clone, Default)]
pub struct RunScope {
    /// Nested `cplint.toml` files ([`super::configs`]).
    pub nested: NestedRef,
    /// Follow exported functions into their importers ([`super::project`]).
    pub cross_file: bool,
}

/// What [`lint_walk`] returns.
#[derive(Debug, Default)]
pub struct Linted {
    /// The reports that have something to show, in no particular order (after
    /// fixing, when the run fixes).
    pub reports: Vec<FileReport>,
    /// What the walk saw.
    pub walked: Walked,
    /// What fixing did (empty unless the run fixes).
    pub fixes: FixTotals,
    /// Nested `cplint.toml` files that could not be used: (path, message), once each.
    pub config_errors: Vec<(String, String)>,
}

/// Walks `paths` and lints what it finds, streaming: the walker's threads read each
/// file and run the pre-filter on it (no parse, so their small stacks are enough),
/// and hand the few files that pass to `threads` lint threads over a bounded channel;
/// each file is linted [`within_limit`] without being screened again and, with a
/// `fix` plan, a file whose report offers a fix is then fixed on the same executor
/// under the same limit. No list of paths is ever built, so memory does not grow
/// with the size of the tree.
pub fn lint_walk(
    paths: &[PathBuf],
    opts: &WalkOptions,
    shared: &Shared,
    threads: usize,
    limit: Option<Duration>,
    fix: Option<FixPlan>,
    scope: &RunScope,
) -> Linted {
    let (nested, cross_file) = (&scope.nested, scope.cross_file);
    let threads = threads.max(1);
    let first = Mutex::new(super::project::FirstPass::default());
    let reports = Mutex::new(Vec::new());
    let fixes = Mutex::new(FixTotals::default());
    let config_errors = Mutex::new(std::collections::BTreeSet::new());
    let keep = |r: FileReport| {
        if has_output(&r) {
            reports.lock().unwrap_or_else(|e| e.into_inner()).push(r);
        }
    };
    let lint = |slot: &mut Option<Executor>, (found, shared): (Found, Shared)| {
        let path = found.path.clone();
        let shown = found.shown();
        let config = Arc::clone(&shared.screened);
        let job_shown = shown.clone();
        let mut report = within_limit(slot, limit, move || lint_file(&found, &job_shown, &config))
            .unwrap_or_else(|e| e.report(&shown));
        let sinks = std::mem::take(&mut report.sink_exports);
        if cross_file && !sinks.is_empty() {
            first.lock().unwrap_or_else(|e| e.into_inner()).sinks.push((path.clone(), sinks));
        }
        let modules = std::mem::take(&mut report.const_imports);
        if cross_file && !modules.is_empty() {
            first.lock().unwrap_or_else(|e| e.into_inner()).const_imports.push((path.clone(), modules));
        }
        match fix {
            Some(plan) if has_fixes(&report, plan.mode) => {
                let outcome = fix_file(slot, &path, report, &shared.config, plan, limit);
                // Kept even when fixing left nothing to show: the file was reported.
                let report = fixes.lock().unwrap_or_else(|e| e.into_inner()).add(outcome);
                reports.lock().unwrap_or_else(|e| e.into_inner()).push(report);
            }
            _ => keep(report),
        }
    };
    let (tx, rx) = std::sync::mpsc::sync_channel::<(Found, Shared)>(4 * threads);
    let rx = Mutex::new(rx);
    let walked = std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..threads {
            let worker = || {
                let mut executor = None;
                loop {
                    // The lock is held only while waiting for the next file.
                    let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok(found) = next else { break };
                    lint(&mut executor, found);
                }
            };
            if std::thread::Builder::new().spawn_scoped(scope, worker).is_ok() {
                started += 1;
            }
        }
        // A panic while screening (not expected: reading and a byte search) hands the
        // file to a lint thread, whose guard reports it.
        let visit = |found: Found| {
            // The configuration that applies to this file (a nested `cplint.toml`).
            let shared = match nested.as_ref().map(|n| n.for_file(&found.path)) {
                None | Some(Applies::Base) => shared.clone(),
                Some(Applies::Nested(s)) => {
                    let excluded = s.config.exclude.as_ref().is_some_and(|x| x.is_excluded(&found.path));
                    if excluded && (!found.named || opts.force_exclude) {
                        return;
                    }
                    s
                }
                Some(Applies::Broken { config, message }) => {
                    let shown = walk::display_path(&config, std::env::current_dir().ok().as_deref());
                    let error = (shown, format!("{message}; the files below it were not linted"));
                    config_errors.lock().unwrap_or_else(|e| e.into_inner()).insert(error);
                    return;
                }
            };
            let (screened, modules) =
                catch(|| screen(&found, &shared.config, cross_file)).unwrap_or((Screen::Lint, Vec::new()));
            if !modules.is_empty() {
                let candidate = super::project::Candidate {
                    path: found.path.clone(),
                    named: found.named,
                    shared: shared.clone(),
                    modules,
                };
                first.lock().unwrap_or_else(|e| e.into_inner()).candidates.push(candidate);
            }
            match screened {
                Screen::Skip => {}
                Screen::Report(r) => keep(*r),
                Screen::Lint if started > 0 => {
                    // Fails only when every lint thread is gone (each survives a panic in a file).
                    if let Err(std::sync::mpsc::SendError(job)) = tx.send((found, shared)) {
                        lint(&mut None, job);
                    }
                }
                // Could not start threads (resource limits): lint from here.
                Screen::Lint => lint(&mut None, (found, shared)),
            }
        };
        let walked = walk::walk(paths, opts, &visit);
        drop(tx);
        walked
    });
    let mut reports = reports.into_inner().unwrap_or_else(|e| e.into_inner());
    let first = first.into_inner().unwrap_or_else(|e| e.into_inner());
    if cross_file && (!first.sinks.is_empty() || !first.const_imports.is_empty()) {
        super::project::cross_file(&mut reports, first, threads, limit, has_output);
    }
    let mut fixes = fixes.into_inner().unwrap_or_else(|e| e.into_inner());
    fixes.sort();
    let config_errors = config_errors.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().collect();
    Linted { reports, walked, fixes, config_errors }
}

/// Whether a report has anything to show (a skipped or clean file has not; its
/// notes are only shown when it was parsed; its suppressed findings are listed with
/// `--report-suppressed`).
fn has_output(r: &FileReport) -> bool {
    !r.findings.is_empty() || !r.errors.is_empty() || !r.suppressed.is_empty() || (r.parsed && !r.notes.is_empty())
}
