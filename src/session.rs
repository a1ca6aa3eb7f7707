//! A lint session: a configuration and run options, and the operations the CLI, an
//! editor integration and tests share: check paths or a buffer, fix them. Each
//! returns a [`RunReport`] for `output::write` and [`RunReport::exit_code`].

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::{Config, ConfigError, find_config, read_config};
use crate::fix::Mode;
use crate::report::{FileReport, RunReport};
use crate::run::configs::{Applies, Layering, Nested, NestedRef};
use crate::run::fix::{FixPlan, fix_text};
use crate::run::{self, Shared, catch, guard::crashed, within_limit};
use crate::vocab::Severity;
use crate::walk::{self, WalkOptions};

pub use crate::run::fix::FixTotals;

/// Where the configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// The nearest `cplint.toml`, upward from the working directory (none is fine).
    Nearest,
    /// This file (`--config`).
    File(PathBuf),
    /// No file (`--isolated`).
    Isolated,
}

/// Receives warnings that belong to no report (a named file of another language
/// skipped), as `path: message`.
pub type WarningSink = Arc<dyn Fn(&str) + Send + Sync>;

/// The most threads a run uses (`--threads` past it is a usage error; a library
/// caller's count is capped): each lint thread keeps an executor with a large stack,
/// and the walk starts as many threads again.
pub const MAX_THREADS: usize = 1024;

/// The most threads the walk uses: reading folders gains nothing past this, and the
/// walker's idle threads cost time that grows faster than their number.
const WALK_THREADS: usize = 64;

/// How a session runs, apart from which rules run at which level ([`Config`]).
#[derive(Clone)]
pub struct RunOptions {
    /// Lint threads (at least 1; at most [`MAX_THREADS`] are used).
    pub threads: usize,
    /// Give up on a file whose lint, or fix, takes longer (`None` waits forever).
    pub file_timeout: Option<Duration>,
    /// Do not honour `.gitignore` and `.ignore` files.
    pub no_ignore: bool,
    /// Also exclude named paths that match an `exclude` glob.
    pub force_exclude: bool,
    /// Keep findings silenced by inline directives, marked as suppressed.
    pub report_suppressed: bool,
    /// Keep error-level findings only.
    pub quiet: bool,
    /// Ask the text report for the findings per rule.
    pub statistics: bool,
    /// Where warnings go (dropped when `None`).
    pub warnings: Option<WarningSink>,
    /// Follow exported functions into the files that import them
    /// ([`crate::run::project`]); not for fix runs that write nothing (`--diff`).
    pub cross_file: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_THREADS),
            file_timeout: Some(Duration::from_secs(60)),
            no_ignore: false,
            force_exclude: false,
            report_suppressed: false,
            quiet: false,
            statistics: false,
            warnings: None,
            cross_file: true,
        }
    }
}

/// A buffer through the fix loop ([`Session::fix_source`]).
#[derive(Debug)]
pub struct FixedSource {
    /// What is left to report.
    pub report: RunReport,
    /// Fixes applied, dropped fixes, and the diff when asked for.
    pub totals: FixTotals,
    /// The fixed text (the text given when nothing was applied or fixing failed).
    pub text: String,
}

pub struct Session {
    shared: Shared,
    options: RunOptions,
    /// Nested `cplint.toml` files ([`Session::with_nested_configs`]).
    nested: NestedRef,
}

impl Session {
    /// Loads the configuration: the `cplint.toml` `source` names, then `select` and
    /// `ignore` (rule ids or codes, looked up in the registry).
    pub fn load_config(source: &ConfigSource, select: &[String], ignore: &[String]) -> Result<Config, ConfigError> {
        let rules = crate::rules::METAS;
        let mut config = Config::default();
        let path = match source {
            ConfigSource::File(p) => Some(p.clone()),
            ConfigSource::Isolated => None,
            ConfigSource::Nearest => {
                let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
                std::env::current_dir().ok().and_then(|d| find_config(&d, home.as_deref()))
            }
        };
        if let Some(path) = path {
            let text = read_config(&path)?;
            config.apply_file(rules, &path, &text)?;
        }
        config.apply_selection(rules, select, ignore).map_err(|e| ConfigError(e.to_string()))?;
        Ok(config)
    }

    pub fn new(config: Config, mut options: RunOptions) -> Session {
        options.threads = options.threads.clamp(1, MAX_THREADS);
        Session { shared: Shared::new(config), options, nested: None }
    }

    /// Lets the `cplint.toml` closest above each file apply to it (a run with
    /// [`ConfigSource::Nearest`]; see [`crate::run::configs`]). `select` and
    /// `ignore` are applied on top of each file as they were on the run's own.
    pub fn with_nested_configs(mut self, select: &[String], ignore: &[String]) -> Session {
        let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
        let base = std::env::current_dir().ok().and_then(|d| find_config(&d, home.as_deref()));
        let layering = Layering { select: select.to_vec(), ignore: ignore.to_vec(), home };
        self.nested = Some(Arc::new(Nested::new(layering, base.as_deref(), &self.shared.config)));
        self
    }

    /// The configuration for a buffer called `name`: a nested `cplint.toml` may
    /// apply, or be broken (the error is the report).
    fn shared_for(&self, name: &str) -> Result<Shared, RunReport> {
        match self.nested.as_ref().map(|n| n.for_file(Path::new(name))) {
            None | Some(Applies::Base) => Ok(self.shared.clone()),
            Some(Applies::Nested(s)) => Ok(s),
            Some(Applies::Broken { config, message }) => {
                let shown = walk::display_path(&config, std::env::current_dir().ok().as_deref());
                let error = (shown, format!("{message}; the file was not linted"));
                Err(self.finish(Vec::new(), vec![error], 0, Instant::now(), 0))
            }
        }
    }

    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    pub fn options(&self) -> &RunOptions {
        &self.options
    }

    /// Whether `--force-exclude` rules out a path the caller names (a path to check,
    /// or a buffer's name).
    pub fn excludes_named(&self, path: &Path) -> bool {
        if !self.options.force_exclude {
            return false;
        }
        self.config_for(path).exclude.as_ref().is_some_and(|x| x.is_excluded(path))
    }

    /// The configuration that applies to the file at `path`: a nested `cplint.toml`
    /// or the run's own (also when the nested one is broken).
    pub fn config_for(&self, path: &Path) -> Arc<Config> {
        match self.nested.as_ref().map(|n| n.for_file(path)) {
            Some(Applies::Nested(s)) => s.config,
            _ => Arc::clone(&self.shared.config),
        }
    }

    /// Lints the files at `paths` (files, and folders walked).
    pub fn check(&self, paths: &[PathBuf]) -> RunReport {
        self.run(paths, None).0
    }

    /// Lints and fixes the files at `paths`: `write` replaces them, otherwise the
    /// totals hold a diff of each. The report holds what is left, and the number of
    /// fixes applied (or that would be).
    pub fn fix(&self, paths: &[PathBuf], mode: Mode, write: bool) -> (RunReport, FixTotals) {
        self.run(paths, Some(FixPlan { mode, write }))
    }

    fn run(&self, paths: &[PathBuf], plan: Option<FixPlan>) -> (RunReport, FixTotals) {
        let started = Instant::now();
        let opts = WalkOptions {
            no_ignore: self.options.no_ignore,
            threads: self.options.threads.min(WALK_THREADS),
            exclude: self.shared.config.exclude.clone(),
            force_exclude: self.options.force_exclude,
        };
        let linted = run::lint_walk(
            paths,
            &opts,
            &self.shared,
            self.options.threads,
            self.options.file_timeout,
            plan,
            &run::RunScope {
                nested: self.nested.clone(),
                cross_file: self.options.cross_file && plan.is_none_or(|p| p.write),
            },
        );
        for s in &linted.walked.skipped {
            self.warn(&format!("{s}: not a JavaScript or TypeScript file; skipped"));
        }
        let mut files = linted.reports;
        for message in linted.walked.unreadable {
            files.push(FileReport::error("", crate::report::ErrorKind::Io, message));
        }
        let fixed = linted.fixes.applied;
        let mut errors = linted.walked.errors;
        errors.extend(linted.config_errors);
        (self.finish(files, errors, linted.walked.files, started, fixed), linted.fixes)
    }

    /// Lints a buffer (standard input, an editor's) as the file `name`, under the
    /// time limit.
    pub fn check_source(&self, name: &str, bytes: &[u8]) -> RunReport {
        let started = Instant::now();
        let shown = shown_name(name);
        let shared = match self.shared_for(name) {
            Ok(s) => s,
            Err(report) => return report,
        };
        let (path, bytes) = (shown.clone(), bytes.to_vec());
        let job = move || {
            run::guarded(&path, || {
                if crate::lint::prefilter_skips(&bytes, &shared.config) {
                    FileReport { path: path.clone(), ..Default::default() }
                } else {
                    crate::lint::lint_bytes(&path, &bytes, &shared.screened)
                }
            })
        };
        let report = within_limit(&mut None, self.options.file_timeout, job).unwrap_or_else(|e| e.report(&shown));
        self.finish(vec![report], Vec::new(), 1, started, 0)
    }

    /// Fixes a buffer (UTF-8 text) as the file `name`, under the time limit; with
    /// `diff`, the totals hold its diff.
    pub fn fix_source(&self, name: &str, text: &str, mode: Mode, diff: bool) -> FixedSource {
        let started = Instant::now();
        let shown = shown_name(name);
        let shared = match self.shared_for(name) {
            Ok(s) => s,
            Err(report) => return FixedSource { report, totals: FixTotals::default(), text: text.to_string() },
        };
        let (path, owned, config) = (shown.clone(), text.to_string(), Arc::clone(&shared.config));
        let job = move || {
            crate::hooks::slow_fix();
            catch(|| fix_text(&path, &owned, &config, mode, diff))
        };
        let fixed = match within_limit(&mut None, self.options.file_timeout, job) {
            Ok(Ok(fixed)) => Ok(fixed),
            Ok(Err(msg)) => Err(crashed(&shown, &msg)),
            Err(e) => Err(e.report(&shown)),
        };
        let mut totals = FixTotals::default();
        let (report, text) = match fixed {
            Ok((fixed, diff)) => {
                totals.applied = fixed.applied;
                totals.files_changed = usize::from(fixed.applied > 0);
                if !diff.is_empty() {
                    totals.diffs.push((shown.clone(), diff));
                }
                for d in fixed.dropped {
                    totals.problems.push((shown.clone(), format!("fix dropped, the result would not parse: {d}")));
                }
                (fixed.report, fixed.text)
            }
            Err(report) => (report, text.to_string()),
        };
        let report = self.finish(vec![report], Vec::new(), 1, started, totals.applied);
        FixedSource { report, totals, text }
    }

    fn warn(&self, message: &str) {
        if let Some(sink) = &self.options.warnings {
            sink(message);
        }
    }

    /// The run's report: `--quiet` and `--report-suppressed` applied, files by path.
    fn finish(
        &self,
        mut files: Vec<FileReport>,
        run_errors: Vec<(String, String)>,
        files_scanned: usize,
        started: Instant,
        fixed: usize,
    ) -> RunReport {
        for f in &mut files {
            if self.options.quiet {
                f.findings.retain(|x| x.severity == Severity::Error);
                f.suppressed.retain(|x| x.severity == Severity::Error);
            }
            if !self.options.report_suppressed {
                f.suppressed.clear();
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        RunReport {
            files,
            files_scanned,
            elapsed_ms: started.elapsed().as_millis(),
            run_errors,
            show_statistics: self.options.statistics,
            fixed,
        }
    }
}

/// A buffer's name as reports show it (as a walked file's path is shown).
fn shown_name(name: &str) -> String {
    walk::display_path(Path::new(name), std::env::current_dir().ok().as_deref())
}
