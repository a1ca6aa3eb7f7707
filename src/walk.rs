//! Which files to lint: named files always, directories walked in parallel with
//! `.gitignore`/`.ignore` honoured (inside and outside a git repository), hidden
//! folders such as `.github/` included, `.git` and `node_modules` skipped.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};

use crate::files::{self, Exclude};

#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Do not read `.gitignore`/`.ignore` files.
    pub no_ignore: bool,
    pub threads: usize,
    /// `exclude` globs of cplint.toml.
    pub exclude: Option<Arc<Exclude>>,
    /// Also apply `exclude` to the paths named on the command line.
    pub force_exclude: bool,
}

#[derive(Debug, Default)]
pub struct Walked {
    /// How many files were handed to the visitor.
    pub files: usize,
    /// Paths given on the command line that do not exist or cannot be read.
    pub errors: Vec<(String, String)>,
    /// Named files skipped because of their extension.
    pub skipped: Vec<String>,
    /// Entries inside a walked folder that could not be read (permissions, a
    /// symlink loop): reported like unreadable files, the run goes on.
    pub unreadable: Vec<String>,
    /// Paths named on the command line that `--force-exclude` excluded.
    pub excluded: usize,
}

/// A file to lint, as the walk finds it.
#[derive(Debug)]
pub struct Found {
    /// The path on disk.
    pub path: PathBuf,
    /// Named on the command line (its type was not seen by the walk, so it must be
    /// checked on open); `false` for a regular file found inside a walked folder.
    pub named: bool,
}

impl Found {
    pub fn new(path: PathBuf, named: bool) -> Found {
        Found { path, named }
    }

    /// The path shown to the user ([`display_path`], relative to the working
    /// directory at the start of the walk). Worked out when asked for: most files a
    /// walk finds are ruled out by the pre-filter and never shown.
    pub fn shown(&self) -> String {
        display_path(&self.path, start_dir())
    }
}

/// The working directory when it was first asked for (cplint never changes it).
fn start_dir() -> Option<&'static Path> {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().ok()).as_deref()
}

/// The path as shown in reports: relative to the working directory when it is
/// inside it, `/`-separated, without a leading `./`. Only for showing: files are
/// read and written by their real path, and two files never share a shown name.
/// On Unix, where `\\` is no separator, a `\\` in a name is shown as `\\\\`, a byte that is
/// not UTF-8 as `\\xNN`; everywhere, a control character as `\\x1b` (see
/// [`files::visible_name`]).
pub fn display_path(p: &Path, cwd: Option<&Path>) -> String {
    let rel = match (p.is_absolute(), cwd) {
        (true, Some(cwd)) => p.strip_prefix(cwd).unwrap_or(p),
        _ => p,
    };
    let s = shown_os(rel.as_os_str());
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

#[cfg(unix)]
fn shown_os(s: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let bytes = s.as_bytes();
    let plain = |b: &u8| b.is_ascii_graphic() && *b != b'\\' || *b == b' ';
    if bytes.iter().all(plain) {
        // The usual case: printable ASCII.
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => files::escape_control(c, &mut out),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

#[cfg(not(unix))]
fn shown_os(s: &std::ffi::OsStr) -> String {
    files::visible_name(&s.to_string_lossy().replace('\\', "/")).into_owned()
}

/// The file name as text (only the name is read: the rules below look at nothing
/// else, and checking a whole path for UTF-8 for every file walked adds up).
fn name_of(p: &Path) -> std::borrow::Cow<'_, str> {
    p.file_name().unwrap_or(p.as_os_str()).to_string_lossy()
}

fn is_lintable(p: &Path) -> bool {
    files::lang_for(&name_of(p)).is_some()
}

/// Declaration files ([`files::is_declaration_file`]) hold types only, no code that
/// runs, so a walk does not even read them (one named on the command line is handed
/// over, and comes out clean).
fn is_declaration(p: &Path) -> bool {
    files::is_declaration_file(&name_of(p))
}

/// Walks `paths` and calls `visit` once for every file to lint, from the walker's
/// threads, as soon as it is found: nothing is collected, so memory does not grow
/// with the number of files. A file reached twice (a folder and a file in it both
/// named) is visited once.
pub fn walk(paths: &[PathBuf], opts: &WalkOptions, visit: &(dyn Fn(Found) + Sync)) -> Walked {
    let cwd = start_dir();
    let mut out = Walked::default();
    let count = AtomicUsize::new(0);
    // Only needed when two paths may overlap; a single walk never repeats a file.
    // Files are told apart by their real path (two spellings of one file, a link to
    // it, are one file; two names that display alike are two).
    let seen: Option<Mutex<HashSet<PathBuf>>> = (paths.len() > 1).then(Default::default);
    let hand_over = |path: PathBuf, real: Option<PathBuf>, named: bool| {
        if let (Some(seen), Some(real)) = (&seen, real)
            && !seen.lock().unwrap_or_else(|e| e.into_inner()).insert(real)
        {
            return;
        }
        count.fetch_add(1, Ordering::Relaxed);
        visit(Found::new(path, named));
    };
    // The real path of a named file; of a folder's file, its folder's real path and
    // the rest (the walk does not follow links, so the rest holds none).
    let real =
        |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| files::normalize(&cwd.unwrap_or(Path::new("")).join(p)));
    let walk_errors = Mutex::new(Vec::new());
    // Named files first (checked and handed over in the order given), then folders.
    let mut folders = Vec::new();
    for path in paths {
        if opts.force_exclude && opts.exclude.as_ref().is_some_and(|x| x.is_excluded(path)) {
            out.excluded += 1;
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                out.errors.push((display_path(path, cwd), e.to_string()));
                continue;
            }
        };
        if !meta.is_dir() {
            if is_lintable(path) {
                hand_over(path.clone(), seen.as_ref().map(|_| real(path)), true);
            } else {
                out.skipped.push(display_path(path, cwd));
            }
            continue;
        }
        folders.push(path);
    }
    for path in folders {
        let root = seen.as_ref().map(|_| real(path));
        let exclude = opts.exclude.clone();
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
            .filter_entry(move |e| {
                let name = e.file_name();
                if e.file_type().is_some_and(|t| t.is_dir()) && (name == "node_modules" || name == ".git") {
                    return false;
                }
                // The folder named on the command line is walked even when excluded.
                e.depth() == 0 || !exclude.as_ref().is_some_and(|x| x.matches_entry(e.path()))
            });
        builder.build_parallel().run(|| {
            Box::new(|entry| {
                match entry {
                    Ok(e) => {
                        if e.file_type().is_some_and(|t| t.is_file())
                            && is_lintable(e.path())
                            && !is_declaration(e.path())
                        {
                            let key = root.as_ref().map(|r| match e.path().strip_prefix(path) {
                                Ok(rest) => r.join(rest),
                                Err(_) => real(e.path()),
                            });
                            hand_over(e.into_path(), key, false);
                        }
                    }
                    Err(err) => walk_errors.lock().unwrap_or_else(|e| e.into_inner()).push(err.to_string()),
                }
                WalkState::Continue
            })
        });
    }
    out.files = count.into_inner();
    out.unreadable = walk_errors.into_inner().unwrap_or_else(|e| e.into_inner());
    out.unreadable.sort();
    out
}
