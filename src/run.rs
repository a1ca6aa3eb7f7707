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
    test_vanish(path);
    let mut buf = READ_BUF.take();
    let mut giant = None;
    let read = open_regular_file(path).and_then(|mut file| {
        let cannot = |e: std::io::Error| format!("cannot read: {e}");
        let (n, done) = fill(&mut file, &mut buf, 0, KEEP_BUF).map_err(cannot)?;
        if done {
            return Ok(n);
        }
        giant = Some(GIANT_READ.lock().unwrap_or_else(|e| e.into_inner()));
        let size = file.metadata().map_or(0, |m| usize::try_from(m.len()).unwrap_or(usize::MAX));
        if size < usize::MAX - 1 && size + 1 > buf.len() {
            buf.resize(size + 1, 0);
        }
        Ok(fill(&mut file, &mut buf, n, usize::MAX).map_err(cannot)?.0)
    });
    let report = match read {
        Ok(n) => guarded(shown, || crate::lint_bytes(shown, &buf[..n], config)),
        Err(message) => FileReport {
            path: shown.to_string(),
            errors: vec![FileError { kind: ErrorKind::Io, message, position: None, offset: None }],
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

/// Opens a file for reading, refusing anything that is not a regular file: reading a FIFO would
/// block forever and `/dev/zero` never ends. The open does not block (a FIFO with no
/// writer would block in `open` itself) and the type is checked on the opened handle,
/// so a path swapped after the walk cannot get past the check.
fn open_regular_file(path: &PathBuf) -> Result<std::fs::File, String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(|e| format!("cannot read: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(format!("cannot read: not a regular file ({}); skipped", file_kind(&meta.file_type())));
    }
    if meta.len() >= crate::parse::MAX_FILE_SIZE as u64 {
        return Err(format!("cannot read: the file is {} bytes; cplint reads files under 4 GiB", meta.len()));
    }
    Ok(file)
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

/// Lints `files` in parallel; returns the reports that have something to show.
pub fn lint_paths(files: &[(PathBuf, String)], config: &Config, threads: usize) -> Vec<FileReport> {
    with_pool(threads, || files.par_iter().map(|(p, shown)| lint_file(p, shown, config)).filter(has_output).collect())
}
