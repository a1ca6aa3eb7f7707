//! The cross-file pass: an exported function whose parameter reaches a shell is a
//! sink for the files that import it.
//!
//! The first pass (the walk, [`super::lint_walk`]) lints every file as before and
//! collects two things: each linted file's summary (its exported functions whose
//! first parameter reaches a shell-string call, [`crate::semantic::exports`]), and
//! the files that import a relative path at all (a byte scan: `'./`, `"../`, ...),
//! whether or not the pre-filter let them through. When some file has a summary,
//! the importers are linted again with those functions declared as shell-string
//! wrappers of their files — the machinery of `[[wrappers]]` in `cplint.toml`, so
//! only a real `require`/`import` of that file reaches them (relative specifiers
//! resolved from the importer, with or without extension or `/index`). A
//! re-linted file's report replaces its first one; its own summary may make the
//! next round's sinks (a function that passes its parameter to an imported sink),
//! up to [`MAX_ROUNDS`].
//!
//! Every round starts after the previous one has finished for every file, so what a
//! file reports depends on the files of the run, not on the order they are walked.
//! Only importers that name a summarised file's module (a relative specifier
//! ending with its base name, or its folder's for an `index` file; the names are
//! collected while screening, so no file is read twice to find them) are parsed
//! again.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::config::Config;
use crate::emit::SinkExport;
use crate::models::Api;
use crate::report::FileReport;
use crate::semantic::user_wrappers::UserWrapper;
use crate::walk::{self, Found};

use super::configs::Shared;
use super::guard::{Executor, within_limit};
use super::read::lint_file;

/// Rounds of re-linting after the first pass: a sink reached through this many
/// files of wrappers is still found.
pub const MAX_ROUNDS: usize = 4;

/// The module names a file's relative specifiers end with (`'./lib/run.js'` →
/// `run`, `"../shell/index"` and `'../shell/'` → `shell`), sorted, without
/// duplicates; empty when it has none. A byte scan for a quote followed by `./` or
/// `../`, so it also sees specifiers in strings that are no import (harmless: the
/// resolver decides what is imported).
pub fn relative_module_names(bytes: &[u8]) -> Vec<Box<str>> {
    const EXTS: &[&str] = &["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"];
    let mut out: Vec<Box<str>> = Vec::new();
    // Every `./` (which `../` ends with too), then the quote before its `.` or `..`.
    for hit in memchr::memmem::find_iter(bytes, b"./") {
        let start = match hit.checked_sub(1).map(|p| bytes[p]) {
            Some(b'\'' | b'"' | b'`') => hit - 1,
            Some(b'.') if hit >= 2 && matches!(bytes[hit - 2], b'\'' | b'"' | b'`') => hit - 2,
            _ => continue,
        };
        let q = bytes[start];
        let body = start + 1;
        let Some(len) = bytes[body..].iter().take(512).position(|&b| b == q || b == b'\n') else { continue };
        if bytes[body + len] != q {
            continue;
        }
        let Ok(spec) = std::str::from_utf8(&bytes[body..body + len]) else { continue };
        let mut parts = spec.rsplit('/').filter(|p| !p.is_empty() && *p != ".");
        let mut last = parts.next().unwrap_or("");
        if let Some((stem, ext)) = last.rsplit_once('.')
            && EXTS.contains(&ext)
        {
            last = stem;
        }
        if last == "index" {
            last = parts.next().unwrap_or("");
        }
        if !last.is_empty() && last != ".." && !out.iter().any(|m| &**m == last) {
            out.push(last.into());
        }
    }
    out.sort();
    out
}

/// A file the first pass saw that imports a relative path.
pub struct Candidate {
    pub path: PathBuf,
    pub named: bool,
    pub shared: Shared,
    /// [`relative_module_names`] of its text.
    pub modules: Vec<Box<str>>,
}

/// What the first pass hands over.
#[derive(Default)]
pub struct FirstPass {
    /// Files with a relative import.
    pub candidates: Vec<Candidate>,
    /// Summaries of the files linted: file (absolute) → its sink exports.
    pub sinks: Vec<(PathBuf, Vec<SinkExport>)>,
}

/// Runs the rounds and updates `reports` (the first pass's, keyed by shown path).
pub fn cross_file(
    reports: &mut Vec<FileReport>,
    first: FirstPass,
    threads: usize,
    limit: Option<Duration>,
    keep: impl Fn(&FileReport) -> bool,
) {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut known: BTreeMap<PathBuf, BTreeSet<SinkExport>> = BTreeMap::new();
    let mut fresh = summaries(&cwd, first.sinks, &known);
    let mut wrappers: Vec<UserWrapper> = Vec::new();
    let mut index: HashMap<String, usize> = reports.iter().enumerate().map(|(i, r)| (r.path.clone(), i)).collect();
    for _ in 0..MAX_ROUNDS {
        if fresh.is_empty() {
            break;
        }
        let mut needles = Vec::new();
        for (file, exports) in &fresh {
            needles.extend(needle(file));
            for e in exports {
                if e.param != 0 {
                    continue;
                }
                wrappers.push(UserWrapper::for_file(file, e.export.as_deref(), Api::ShellString, label(file, e)));
            }
            known.entry(file.clone()).or_default().extend(exports.iter().cloned());
        }
        needles.sort();
        needles.dedup();
        let configs = Mutex::new(HashMap::<usize, Arc<Config>>::new());
        let with_wrappers = |s: &Shared| -> Arc<Config> {
            let key = Arc::as_ptr(&s.screened) as usize;
            let mut map = configs.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(map.entry(key).or_insert_with(|| {
                let mut c = (*s.screened).clone();
                c.wrappers.extend(wrappers.iter().cloned());
                Arc::new(c)
            }))
        };
        // Only the importers that name one of this round's modules.
        let jobs: Vec<&Candidate> = first
            .candidates
            .iter()
            .filter(|c| c.modules.iter().any(|m| needles.binary_search_by(|n| n.as_str().cmp(&**m)).is_ok()))
            .collect();
        let next = Mutex::new(0usize);
        let relinted = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..threads.clamp(1, jobs.len().max(1)) {
                scope.spawn(|| {
                    let mut slot: Option<Executor> = None;
                    loop {
                        let i = {
                            let mut n = next.lock().unwrap_or_else(|e| e.into_inner());
                            *n += 1;
                            *n - 1
                        };
                        let Some(c) = jobs.get(i) else { break };
                        let found = Found::new(c.path.clone(), c.named);
                        let config = with_wrappers(&c.shared);
                        let shown = found.shown();
                        let job_shown = shown.clone();
                        let Ok(report) = within_limit(&mut slot, limit, move || lint_file(&found, &job_shown, &config))
                        else {
                            continue;
                        };
                        relinted.lock().unwrap_or_else(|e| e.into_inner()).push((c.path.clone(), report));
                    }
                });
            }
        });
        let mut relinted = relinted.into_inner().unwrap_or_else(|e| e.into_inner());
        relinted.sort_by(|a, b| a.0.cmp(&b.0));
        let mut sinks = Vec::new();
        for (path, mut report) in relinted {
            // A file that no longer parses or reads (changed since the first pass)
            // keeps its first report.
            if !report.errors.is_empty() && report.findings.is_empty() {
                continue;
            }
            let exports = std::mem::take(&mut report.sink_exports);
            if !exports.is_empty() {
                sinks.push((path, exports));
            }
            match index.get(&report.path) {
                Some(&i) => reports[i] = report,
                None if keep(&report) => {
                    index.insert(report.path.clone(), reports.len());
                    reports.push(report);
                }
                None => {}
            }
        }
        fresh = summaries(&cwd, sinks, &known);
    }
}

/// The new summaries of `sinks` (absolute paths), not in `known`, in path order.
fn summaries(
    cwd: &Path,
    sinks: Vec<(PathBuf, Vec<SinkExport>)>,
    known: &BTreeMap<PathBuf, BTreeSet<SinkExport>>,
) -> BTreeMap<PathBuf, Vec<SinkExport>> {
    let mut out: BTreeMap<PathBuf, Vec<SinkExport>> = BTreeMap::new();
    for (path, exports) in sinks {
        let abs = crate::files::normalize(&cwd.join(&path));
        let seen = known.get(&abs);
        for e in exports {
            if e.param == 0 && !seen.is_some_and(|s| s.iter().any(|k| k.export == e.export)) {
                let v = out.entry(abs.clone()).or_default();
                if !v.iter().any(|k| k.export == e.export) {
                    v.push(e);
                }
            }
        }
    }
    out
}

/// How messages name an exported function: `` `run` from lib/run.js (a shell
/// command at line 12) ``, or `the default export of lib/sh.js (...)`. Both forms
/// are recognised by [`crate::semantic::CallSite::display_name`].
fn label(file: &Path, e: &SinkExport) -> &'static str {
    let shown = walk::display_path(file, std::env::current_dir().ok().as_deref());
    let text = match &e.export {
        Some(name) => format!("`{name}` from {shown} (a shell command at line {})", e.line),
        None => format!("the default export of {shown} (a shell command at line {})", e.line),
    };
    // One per summarised export and run.
    Box::leak(text.into_boxed_str())
}

/// What an importer's specifier ends with: the file's base name without its
/// extension, or the folder's name for an `index` file.
fn needle(file: &Path) -> Option<String> {
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    let mut out = stem.clone();
    if stem == "index" {
        out = file.parent()?.file_name()?.to_string_lossy().into_owned();
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_specifiers_name_their_modules() {
        let names =
            |s: &str| -> Vec<String> { relative_module_names(s.as_bytes()).iter().map(|n| n.to_string()).collect() };
        assert_eq!(names("require('./run')"), vec!["run"]);
        assert_eq!(names("import x from \"../lib/run.js\"; import y from '../shell/index.mjs'"), vec!["run", "shell"]);
        assert_eq!(names("await import(`./x/`); require('./a.json')"), vec!["a.json", "x"]);
        assert!(names("require('child_process'); const a = 'x./y'; require('..')").is_empty());
        assert!(names("'./unterminated\n").is_empty());
        assert_eq!(needle(Path::new("/p/lib/shell/index.js")).as_deref(), Some("shell"));
        assert_eq!(needle(Path::new("/p/lib/run.ts")).as_deref(), Some("run"));
    }
}
