//! Which files to lint: named files always, directories walked in parallel with
//! `.gitignore`/`.ignore` honoured (inside and outside a git repository), hidden
//! folders such as `.github/` included, `.git` and `node_modules` skipped.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};

use crate::parse;

#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Do not read `.gitignore`/`.ignore` files.
    pub no_ignore: bool,
    pub threads: usize,
}

#[derive(Debug, Default)]
pub struct Walked {
    /// (path on disk, path shown to the user), sorted by the shown path.
    pub files: Vec<(PathBuf, String)>,
    /// Paths given on the command line that do not exist or cannot be read.
    pub errors: Vec<(String, String)>,
    /// Named files skipped because of their extension.
    pub skipped: Vec<String>,
    /// Entries inside a walked folder that could not be read (permissions, a
    /// symlink loop): reported like unreadable files, the run goes on.
    pub unreadable: Vec<String>,
}

/// The path as shown in reports: relative to the working directory when it is
/// inside it, `/`-separated, without a leading `./`.
pub fn display_path(p: &Path, cwd: Option<&Path>) -> String {
    let rel = match (p.is_absolute(), cwd) {
        (true, Some(cwd)) => p.strip_prefix(cwd).unwrap_or(p),
        _ => p,
    };
    let s = rel.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

fn is_lintable(p: &Path) -> bool {
    parse::lang_for(&p.to_string_lossy()).is_some()
}

pub fn collect(paths: &[PathBuf], opts: &WalkOptions) -> Walked {
    let cwd = std::env::current_dir().ok();
    let mut out = Walked::default();
    let found = Mutex::new(Vec::new());
    let walk_errors = Mutex::new(Vec::new());
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                out.errors.push((display_path(path, cwd.as_deref()), e.to_string()));
                continue;
            }
        };
        if !meta.is_dir() {
            if is_lintable(path) {
                found.lock().unwrap_or_else(|e| e.into_inner()).push(path.clone());
            } else {
                out.skipped.push(display_path(path, cwd.as_deref()));
            }
            continue;
        }
        let mut builder = WalkBuilder::new(path);
        builder
            .hidden(false)
            .git_ignore(!opts.no_ignore)
            .git_exclude(!opts.no_ignore)
            .git_global(false)
            .ignore(!opts.no_ignore)
            .parents(!opts.no_ignore)
            .require_git(false)
            .follow_links(false)
            .threads(opts.threads)
            .filter_entry(|e| {
                let name = e.file_name();
                !(e.file_type().is_some_and(|t| t.is_dir()) && (name == "node_modules" || name == ".git"))
            });
        builder.build_parallel().run(|| {
            Box::new(|entry| {
                match entry {
                    Ok(e) => {
                        if e.file_type().is_some_and(|t| t.is_file()) && is_lintable(e.path()) {
                            found.lock().unwrap_or_else(|e| e.into_inner()).push(e.into_path());
                        }
                    }
                    Err(err) => walk_errors.lock().unwrap_or_else(|e| e.into_inner()).push(err.to_string()),
                }
                WalkState::Continue
            })
        });
    }
    let mut files: Vec<(PathBuf, String)> = found
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|p| {
            let shown = display_path(&p, cwd.as_deref());
            (p, shown)
        })
        .collect();
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files.dedup_by(|a, b| a.1 == b.1);
    out.files = files;
    out.unreadable = walk_errors.into_inner().unwrap_or_else(|e| e.into_inner());
    out.unreadable.sort();
    out
}
