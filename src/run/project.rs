//! The cross-file pass: an exported function whose parameter reaches a shell is a
//! sink for the files that import it.
//!
//! The first pass (the walk, [`super::lint_walk`]) lints every file as before and
//! collects two things: each linted file's summary (its exported functions whose
//! parameter reaches a shell-string call, [`crate::semantic::exports`]), and
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
//! Constants travel the same way. A linted file whose values read an import of a
//! relative module (`import { INSTALL } from "./consts"`, `require("./c").X`)
//! lists the modules it asked about in its report; the pass resolves them on disk
//! (with or without extension, `index` files, a `.js` specifier naming a `.ts`
//! file), summarises what each exports that is constant
//! ([`crate::semantic::exports::const_exports`]; a module that is not linted, as a
//! constants file without `child_process` is not, is read for this alone), and
//! repeats for the modules those summaries read in turn (re-exports, constants
//! built from constants of a third file), each round from the previous round's
//! summaries, until nothing changes or [`MAX_CONST_ROUNDS`]. The importers whose
//! lookups found constants are then linted again with them.
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
use crate::emit::{ModuleConsts, SinkExport};
use crate::models::Api;
use crate::report::FileReport;
use crate::semantic::user_wrappers::{ProjectConsts, UserWrapper, module_key};
use crate::walk::{self, Found};

use super::configs::Shared;
use super::guard::{Executor, within_limit};
use super::read::{lint_file, with_bytes};

/// Rounds of re-linting after the first pass: a sink reached through this many
/// files of wrappers is still found.
pub const MAX_ROUNDS: usize = 4;

/// Rounds of summarising constants: a constant re-exported or rebuilt through
/// this many files is still known.
pub const MAX_CONST_ROUNDS: usize = 8;

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
    /// Linted files whose values looked up a relative module's exports: file →
    /// the modules (absolute, as the specifiers name them).
    pub const_imports: Vec<(PathBuf, Vec<PathBuf>)>,
}

/// The constants of the project's modules, worked out in rounds.
#[derive(Default)]
struct ConstTable {
    table: ProjectConsts,
    /// Module key → the file it names (`None`: no source file there).
    resolved: BTreeMap<PathBuf, Option<PathBuf>>,
    /// Module key → the module keys its summary read.
    deps: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
}

impl ConstTable {
    /// Summarises the modules `wanted` names (absolute paths as specifiers name
    /// them) and, in rounds, those their summaries read, until nothing changes.
    /// Returns the module keys whose summary changed.
    fn extend(&mut self, wanted: impl IntoIterator<Item = PathBuf>, limit: Option<Duration>) -> BTreeSet<PathBuf> {
        let mut changed_all = BTreeSet::new();
        let mut pending: BTreeSet<PathBuf> = wanted.into_iter().collect();
        let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
        let mut slot: Option<Executor> = None;
        for _ in 0..MAX_CONST_ROUNDS {
            let mut todo: BTreeSet<PathBuf> = BTreeSet::new();
            for named in std::mem::take(&mut pending) {
                let key = module_key(&named);
                if self.resolved.contains_key(&key) {
                    continue;
                }
                let file = resolve_module(&named);
                if file.is_some() {
                    todo.insert(key.clone());
                }
                self.resolved.insert(key, file);
            }
            for (key, deps) in &self.deps {
                if deps.iter().any(|d| changed.contains(d)) {
                    todo.insert(key.clone());
                }
            }
            if todo.is_empty() {
                break;
            }
            // Every module of the round reads the previous round's summaries.
            let mut config = Config::default();
            config.project_consts = Some(Arc::new(self.table.clone()));
            let config = Arc::new(config);
            let mut next: Vec<(PathBuf, ModuleConsts, Vec<PathBuf>)> = Vec::new();
            for key in todo {
                let Some(Some(file)) = self.resolved.get(&key) else { continue };
                let found = Found::new(file.clone(), true);
                let config = Arc::clone(&config);
                let job = move || {
                    let shown = found.path.to_string_lossy().into_owned();
                    with_bytes(&found, |bytes| {
                        super::guard::catch(|| {
                            let (text, _) = crate::lint::decode(bytes);
                            crate::lint::module_consts(&shown, &text, &config)
                        })
                        .unwrap_or_default()
                    })
                    .unwrap_or_default()
                };
                let (consts, looked) = within_limit(&mut slot, limit, job).unwrap_or_default();
                next.push((key, consts, looked));
            }
            changed.clear();
            for (key, consts, looked) in next {
                let deps: BTreeSet<PathBuf> = looked.iter().map(|p| module_key(p)).collect();
                pending.extend(looked.into_iter().filter(|p| !self.resolved.contains_key(&module_key(p))));
                self.deps.insert(key.clone(), deps);
                let before = self.table.get(&key);
                if before != Some(&consts) && !(before.is_none() && consts.is_empty()) {
                    changed.insert(key.clone());
                }
                if consts.is_empty() {
                    self.table.remove(&key);
                } else {
                    self.table.insert(key, consts);
                }
            }
            changed_all.extend(changed.iter().cloned());
        }
        changed_all
    }

    /// Whether a file's lookups read a module of `keys`.
    fn reads_any(modules: &[PathBuf], keys: &BTreeSet<PathBuf>) -> bool {
        modules.iter().any(|m| keys.contains(&module_key(m)))
    }
}

/// The source file a relative specifier names (absolute, normalised): the file
/// itself, with one of the source extensions added, a TypeScript file a `.js`
/// specifier stands for (`./a.js` → `a.ts`), or the folder's `index` file.
fn resolve_module(named: &Path) -> Option<PathBuf> {
    const EXTS: &[&str] = crate::files::EXTENSIONS;
    let is_source = |p: &Path| {
        let s = p.to_string_lossy();
        crate::files::lang_for(&s).is_some() && !crate::files::is_declaration_file(&s) && p.is_file()
    };
    if is_source(named) {
        return Some(named.to_path_buf());
    }
    let name = named.file_name()?.to_string_lossy().into_owned();
    for ext in EXTS {
        let p = named.with_file_name(format!("{name}.{ext}"));
        if is_source(&p) {
            return Some(p);
        }
    }
    let ts = match named.extension().and_then(|e| e.to_str()) {
        Some("js") => &["ts", "tsx"][..],
        Some("jsx") => &["tsx"][..],
        Some("mjs") => &["mts"][..],
        Some("cjs") => &["cts"][..],
        _ => &[][..],
    };
    for ext in ts {
        let p = named.with_extension(ext);
        if is_source(&p) {
            return Some(p);
        }
    }
    for ext in EXTS {
        let p = named.join(format!("index.{ext}"));
        if is_source(&p) {
            return Some(p);
        }
    }
    None
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
    // Constants: the modules the first pass's files looked up, summarised, and the
    // files whose lookups found one (linted again in the first round).
    let mut consts = ConstTable::default();
    let found = consts.extend(first.const_imports.iter().flat_map(|(_, m)| m.iter().cloned()), limit);
    // Paths as the walk gave them (the candidates' own), compared as bytes.
    let mut const_jobs: rustc_hash::FxHashSet<std::ffi::OsString> = first
        .const_imports
        .iter()
        .filter(|(_, m)| ConstTable::reads_any(m, &found))
        .map(|(f, _)| f.clone().into_os_string())
        .collect();
    let mut table = Arc::new(consts.table.clone());
    for _ in 0..MAX_ROUNDS {
        if fresh.is_empty() && const_jobs.is_empty() {
            break;
        }
        let mut needles = Vec::new();
        for (file, exports) in &fresh {
            needles.extend(needle(file));
            for e in exports {
                let w = UserWrapper::for_file(file, e.export.as_deref(), Api::ShellString, label(file, e));
                wrappers.push(w.with_command_arg(e.param));
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
                c.project_consts = (!table.is_empty()).then(|| Arc::clone(&table));
                Arc::new(c)
            }))
        };
        // Only the importers that name one of this round's modules, and those whose
        // lookups found new constants.
        let jobs: Vec<&Candidate> = first
            .candidates
            .iter()
            .filter(|c| {
                c.modules.iter().any(|m| needles.binary_search_by(|n| n.as_str().cmp(&**m)).is_ok())
                    || (!const_jobs.is_empty() && const_jobs.contains(c.path.as_os_str()))
            })
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
        let mut looked: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
        for (path, mut report) in relinted {
            // A file that no longer parses or reads (changed since the first pass)
            // keeps its first report.
            if !report.errors.is_empty() && report.findings.is_empty() {
                continue;
            }
            let modules = std::mem::take(&mut report.const_imports);
            if !modules.is_empty() {
                looked.push((path.clone(), modules));
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
        // Files that became importers this round (a new wrapper let them through
        // the pre-filter) may read modules not summarised yet.
        let found = consts.extend(looked.iter().flat_map(|(_, m)| m.iter().cloned()), limit);
        const_jobs = looked
            .iter()
            .filter(|(_, m)| ConstTable::reads_any(m, &found))
            .map(|(f, _)| f.clone().into_os_string())
            .collect();
        if !found.is_empty() {
            table = Arc::new(consts.table.clone());
        }
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
        // One parameter per export: the first that reaches a shell (a call site has
        // one command line).
        let mut exports = exports;
        exports.sort_by_key(|e| e.param);
        for e in exports {
            if !seen.is_some_and(|s| s.iter().any(|k| k.export == e.export)) {
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
