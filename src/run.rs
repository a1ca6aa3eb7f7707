//! Lints many files in parallel on threads with large stacks, catching a panic in
//! any one file so the run goes on.

use std::cell::{Cell, RefCell};
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Once;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{ErrorKind, FileError, FileReport};

/// Stack for each lint thread. The parser and visitors recurse per nesting level;
/// pages are only committed when touched, so this costs address space, not memory.
pub const STACK_SIZE: usize = 256 * 1024 * 1024;

thread_local! {
    static IN_FILE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A panic inside a file's lint is recorded for that file instead of printed.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let captured = IN_FILE.with(|f| {
                let mut f = f.borrow_mut();
                if let Some(slot) = f.as_mut() {
                    let msg = info
                        .payload()
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| info.payload().downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".into());
                    let loc = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
                    *slot = format!("{msg}{loc}");
                    true
                } else {
                    false
                }
            });
            if !captured {
                default(info);
            }
        }));
    });
}

/// Runs `f` for one file; a panic becomes an internal error in the returned report.
pub fn guarded(path: &str, f: impl FnOnce() -> FileReport) -> FileReport {
    install_panic_hook();
    IN_FILE.with(|s| *s.borrow_mut() = Some(String::new()));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    let msg = IN_FILE.with(|s| s.borrow_mut().take()).unwrap_or_default();
    match result {
        Ok(r) => r,
        Err(_) => FileReport {
            path: path.to_string(),
            errors: vec![FileError {
                kind: ErrorKind::Internal,
                message: format!("cplint crashed on this file ({msg}); please report it"),
                position: None,
                offset: None,
            }],
            ..Default::default()
        },
    }
}

thread_local! {
    /// Each lint thread reads files into one buffer it keeps, so a file the
    /// pre-filter skips costs no allocation.
    static READ_BUF: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Files up to this size are read into the thread's buffer, which is kept for the
/// next file; a larger file is read by one thread at a time (its buffer is dropped
/// after), so two giant bundles never sit in memory together.
const KEEP_BUF: usize = 1024 * 1024;
static GIANT_READ: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Reads into `buf` from offset `n` until end of file (returns `true`) or until `n`
/// reaches `cap`. `buf` stays zero-initialised up to its length. Plain `read` calls:
/// no `stat`, no new buffer.
fn fill(file: &mut std::fs::File, buf: &mut Vec<u8>, mut n: usize, cap: usize) -> std::io::Result<(usize, bool)> {
    loop {
        if n >= cap {
            return Ok((n, false));
        }
        if n == buf.len() {
            buf.resize((buf.len() * 2).clamp(64 * 1024, cap), 0);
        }
        match file.read(&mut buf[n..]) {
            Ok(0) => return Ok((n, true)),
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

pub fn lint_file(path: &PathBuf, shown: &str, config: &Config) -> FileReport {
    let mut buf = READ_BUF.take();
    let mut giant = None;
    let read = std::fs::File::open(path).and_then(|mut file| {
        let (n, done) = fill(&mut file, &mut buf, 0, KEEP_BUF)?;
        if done {
            return Ok(n);
        }
        giant = Some(GIANT_READ.lock().unwrap_or_else(|e| e.into_inner()));
        let size = file.metadata().map_or(0, |m| usize::try_from(m.len()).unwrap_or(usize::MAX));
        if size < usize::MAX - 1 && size + 1 > buf.len() {
            buf.resize(size + 1, 0);
        }
        Ok(fill(&mut file, &mut buf, n, usize::MAX)?.0)
    });
    let report = match read {
        Ok(n) => guarded(shown, || crate::lint_bytes(shown, &buf[..n], config)),
        Err(e) => FileReport {
            path: shown.to_string(),
            errors: vec![FileError {
                kind: ErrorKind::Io,
                message: format!("cannot read: {e}"),
                position: None,
                offset: None,
            }],
            ..Default::default()
        },
    };
    if buf.len() > KEEP_BUF {
        buf = Vec::new();
    }
    drop(giant);
    READ_BUF.set(buf);
    report
}

/// Whether a report has anything to show (a skipped or clean file has not; its
/// notes are only shown when it was parsed).
fn has_output(r: &FileReport) -> bool {
    !r.findings.is_empty() || !r.errors.is_empty() || (r.parsed && !r.notes.is_empty())
}

/// Runs `f` on a pool of `threads` workers with [`STACK_SIZE`] stacks.
pub fn with_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).stack_size(STACK_SIZE).build() {
        Ok(pool) => pool.install(f),
        // Could not start threads (resource limits): lint on this thread.
        Err(_) => f(),
    }
}

/// Lints `files` in parallel; returns the reports that have something to show.
pub fn lint_paths(files: &[(PathBuf, String)], config: &Config, threads: usize) -> Vec<FileReport> {
    with_pool(threads, || files.par_iter().map(|(p, shown)| lint_file(p, shown, config)).filter(has_output).collect())
}
