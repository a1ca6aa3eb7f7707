//! Lints many files in parallel on threads with large stacks, catching a panic in
//! any one file so the run goes on.

use std::cell::RefCell;
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

pub fn lint_file(path: &PathBuf, shown: &str, config: &Config) -> FileReport {
    match std::fs::read(path) {
        Ok(bytes) => guarded(shown, || crate::lint_bytes(shown, &bytes, config)),
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
    }
}

/// Runs `f` on a pool of `threads` workers with [`STACK_SIZE`] stacks.
pub fn with_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).stack_size(STACK_SIZE).build() {
        Ok(pool) => pool.install(f),
        // Could not start threads (resource limits): lint on this thread.
        Err(_) => f(),
    }
}

pub fn lint_paths(files: &[(PathBuf, String)], config: &Config, threads: usize) -> Vec<FileReport> {
    with_pool(threads, || files.par_iter().map(|(p, shown)| lint_file(p, shown, config)).collect())
}
