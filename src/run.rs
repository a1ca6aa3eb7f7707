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
    test_vanish(path);
    match read_regular_file(path) {
        Ok(bytes) => guarded(shown, || crate::lint_bytes(shown, &bytes, config)),
        Err(message) => FileReport {
            path: shown.to_string(),
            errors: vec![FileError { kind: ErrorKind::Io, message, position: None, offset: None }],
            ..Default::default()
        },
    }
}

/// Reads a file, refusing anything that is not a regular file: reading a FIFO would
/// block forever and `/dev/zero` never ends. The open does not block (a FIFO with no
/// writer would block in `open` itself) and the type is checked on the opened handle,
/// so a path swapped after the walk cannot get past the check.
fn read_regular_file(path: &PathBuf) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let mut file = options.open(path).map_err(|e| format!("cannot read: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(format!("cannot read: not a regular file ({}); skipped", file_kind(&meta.file_type())));
    }
    if meta.len() >= crate::parse::MAX_FILE_SIZE as u64 {
        return Err(format!("cannot read: the file is {} bytes; cplint reads files under 4 GiB", meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).map_err(|e| format!("cannot read: {e}"))?;
    Ok(bytes)
}

fn file_kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    if t.is_dir() { "a directory" } else { "not a file" }
}

/// Test hook: with `CPLINT_TEST_VANISH` in the environment, a file whose name
/// contains `cplint-test-vanish` is deleted after the walk found it and before it is
/// read, so a file vanishing mid-run can be tested end to end.
fn test_vanish(path: &std::path::Path) {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ENABLED.get_or_init(|| std::env::var_os("CPLINT_TEST_VANISH").is_some())
        && path.file_name().is_some_and(|n| n.to_string_lossy().contains("cplint-test-vanish"))
    {
        let _ = std::fs::remove_file(path);
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
