//! One document's lint: what [`crate::session::Session::check_source`] does (the
//! pre-filter, the lint, a panic caught, the time limit), on executors kept from one
//! lint to the next. `check_source` starts a thread for each call, which a command
//! line pays once; an editor lints the same file on every edit, and a fresh thread
//! each time (its stack faulted in again) cost about a tenth of the CPU time of the
//! lints of a 5,000-line file (bench/RESULTS.md, "LSP latency").

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::config::Config;
use crate::report::{ErrorKind, FileReport};
use crate::run::{Executor, Shared, guarded, within_limit};

/// A configuration with its executors.
pub struct Linter {
    /// The configuration without fixes: what a lint for diagnostics needs.
    shared: Shared,
    /// The same with fixes, for code actions ([`Linter::check_with_fixes`]).
    with_fixes: Shared,
    limit: Option<Duration>,
    /// Executors not in use (one per lint running at once, at most).
    idle: Mutex<Vec<Executor>>,
}

/// A lint's outcome.
pub struct Checked {
    pub report: FileReport,
    /// The lint ran into the time limit (the report says so).
    pub gave_up: bool,
}

impl Linter {
    pub fn new(mut config: Config, limit: Option<Duration>) -> Linter {
        config.keep_source = false;
        config.fixes = true;
        let with_fixes = Shared::new(config.clone());
        config.fixes = false;
        Linter { shared: Shared::new(config), with_fixes, limit, idle: Mutex::new(Vec::new()) }
    }

    /// Whether the configuration's `exclude` globs name `path` (as
    /// `--force-exclude` does for a named file).
    pub fn excludes(&self, path: &std::path::Path) -> bool {
        self.shared.config.exclude.as_ref().is_some_and(|x| x.is_excluded(path))
    }

    /// Lints `text` as the file `name` (its extension picks the syntax). Blocks the
    /// calling thread for at most the time limit.
    /// Fixes are not worked out (the editor waits for the diagnostics; fixes are
    /// needed only when it asks for code actions).
    pub fn check(&self, name: &str, text: Arc<str>) -> Checked {
        self.run(name, text, self.shared.clone())
    }

    /// [`Linter::check`] with each finding's fix.
    pub fn check_with_fixes(&self, name: &str, text: Arc<str>) -> Checked {
        self.run(name, text, self.with_fixes.clone())
    }

    fn run(&self, name: &str, text: Arc<str>, shared: Shared) -> Checked {
        let mut slot = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let path = name.to_string();
        let job = move || {
            guarded(&path, || {
                let bytes = text.as_bytes();
                if crate::lint::prefilter_skips(bytes, &shared.config) {
                    FileReport { path: path.clone(), ..Default::default() }
                } else {
                    crate::lint::lint_bytes(&path, bytes, &shared.screened)
                }
            })
        };
        let outcome = within_limit(&mut slot, self.limit, job);
        // Gone when the job was given up on: its thread is still busy.
        if let Some(executor) = slot {
            self.idle.lock().unwrap_or_else(|e| e.into_inner()).push(executor);
        }
        match outcome {
            Ok(mut report) => {
                report.suppressed.clear();
                Checked { report, gave_up: false }
            }
            Err(e) => Checked { gave_up: e.kind == ErrorKind::ParseError, report: e.report(name) },
        }
    }
}
