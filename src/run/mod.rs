//! Lints many files in parallel on threads with large stacks, catching a panic in
//! any one file so the run goes on.

pub mod fix;

use std::cell::{Cell, RefCell};
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex, Once};
use std::time::Duration;

use crate::config::Config;
use crate::report::{ErrorKind, FileReport};
use crate::walk::{self, Found, WalkOptions, Walked};

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

/// Runs `f`, catching a panic: its message (with location) is recorded instead of
/// printed, and returned as the error.
fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    install_panic_hook();
    IN_FILE.with(|s| *s.borrow_mut() = Some(String::new()));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    let msg = IN_FILE.with(|s| s.borrow_mut().take()).unwrap_or_default();
    result.map_err(|_| msg)
}

/// Runs `f` for one file; a panic becomes an internal error in the returned report.
pub fn guarded(path: &str, f: impl FnOnce() -> FileReport) -> FileReport {
    catch(f).unwrap_or_else(|msg| {
        FileReport::error(path, ErrorKind::Internal, format!("cplint crashed on this file ({msg}); please report it"))
    })
}

thread_local! {
    /// Each lint thread reads files into one buffer it keeps, so a file the
    /// pre-filter skips costs no allocation.
    static READ_BUF: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Files up to this size are read into the thread's buffer, which is kept for the
/// next file; a larger file is read into a buffer of its own, freed right after, and
/// only while holding [`crate::memory::LargeWork`], so two giant bundles never sit in memory
/// together.
pub const KEEP_BUF: usize = 1024 * 1024;

/// Reads into `buf` from offset `n` until end of file (returns `true`) or until `n`
/// reaches `cap`. `buf` stays zero-initialised up to its length. Plain `read` calls:
/// no `stat`, no new buffer. With `short_is_end` (the file is a regular file), a read
/// that returns less than was asked for ends the file: a regular file on Linux only
/// reads short at its end, and skipping the `read` that would return 0 saves one
/// system call per file (a tenth of them on a large tree).
fn fill(
    file: &mut std::fs::File,
    buf: &mut Vec<u8>,
    mut n: usize,
    cap: usize,
    short_is_end: bool,
) -> std::io::Result<(usize, bool)> {
    loop {
        if n >= cap {
            return Ok((n, false));
        }
        if n == buf.len() {
            buf.resize((buf.len() * 2).clamp(64 * 1024, cap), 0);
        }
        let asked = buf.len() - n;
        match file.read(&mut buf[n..]) {
            Ok(0) => return Ok((n, true)),
            Ok(k) if short_is_end && k < asked => return Ok((n + k, true)),
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// A file's bytes: the first `n` bytes of the thread's buffer, or, for a file over
/// [`KEEP_BUF`], a buffer of its own read under [`crate::memory::LargeWork`].
enum Bytes {
    Kept(usize),
    Giant(Vec<u8>, crate::memory::LargeWork),
}

/// Reads a whole file. A `named` path was not seen by the walk, so its type is
/// checked on the opened handle first; a walked one is a regular file by its
/// directory entry, and is only checked with `stat` when it fills the thread's
/// buffer (so a device swapped in after the walk still cannot be read forever).
fn read_file(path: &Path, named: bool, buf: &mut Vec<u8>) -> Result<Bytes, String> {
    crate::hooks::vanish(path);
    let cannot = |e: std::io::Error| format!("cannot read: {e}");
    let mut file = open_file(path, named)?;
    let (n, done) = fill(&mut file, buf, 0, KEEP_BUF, cfg!(target_os = "linux") && !named).map_err(cannot)?;
    if done {
        return Ok(Bytes::Kept(n));
    }
    let large = crate::memory::large_work();
    let meta = file.metadata().map_err(cannot)?;
    check_type(&meta)?;
    // One byte more than the size, so the end of the file is seen without a resize.
    let size = usize::try_from(meta.len()).unwrap_or(usize::MAX).saturating_add(1).max(n);
    let mut giant = vec![0; size];
    giant[..n].copy_from_slice(&buf[..n]);
    let (total, _) = fill(&mut file, &mut giant, n, usize::MAX, false).map_err(cannot)?;
    giant.truncate(total);
    Ok(Bytes::Giant(giant, large))
}

/// Runs `f` on the file's bytes; `Err` holds why the file could not be read.
fn with_bytes<R>(found: &Found, f: impl FnOnce(&[u8]) -> R) -> Result<R, String> {
    let mut buf = READ_BUF.take();
    let result = read_file(&found.path, found.named, &mut buf).map(|bytes| match bytes {
        Bytes::Kept(n) => f(&buf[..n]),
        Bytes::Giant(giant, large) => {
            let r = f(&giant);
            // Freed before another thread may start a large read.
            drop(giant);
            drop(large);
            r
        }
    });
    READ_BUF.set(buf);
    result
}

/// Reads and lints one file; `shown` is its [`Found::shown`] path.
pub fn lint_file(found: &Found, shown: &str, config: &Config) -> FileReport {
    with_bytes(found, |bytes| guarded(shown, || crate::lint::lint_bytes(shown, bytes, config)))
        .unwrap_or_else(|message| FileReport::error(shown, ErrorKind::Io, message))
}

/// What a walker thread decides about a file it found: skip it (the pre-filter
/// rules it out), report it (it could not be read), or hand it to a lint thread
/// (which reads it again: few files pass, and holding their bytes in the channel
/// would cost memory).
enum Screen {
    Skip,
    Report(FileReport),
    Lint,
}

fn screen(found: &Found, config: &Config) -> Screen {
    match with_bytes(found, |bytes| crate::lint::prefilter_skips(bytes, config)) {
        Ok(true) => Screen::Skip,
        Ok(false) => Screen::Lint,
        Err(message) => Screen::Report(FileReport::error(&found.shown(), ErrorKind::Io, message)),
    }
}

/// Walks `paths` and lints what it finds, streaming: the walker's threads read each
/// file and run the pre-filter on it (no parse, so their small stacks are enough),
/// and hand the few files that pass to `threads` lint threads over a bounded channel;
/// each file is linted [`within_limit`]. No list of paths is ever built, so memory
/// does not grow with the size of the tree. Returns the reports that have something
/// to show (in no particular order), each with its path on disk, and what the walk
/// saw.
pub fn lint_walk(
    paths: &[PathBuf],
    opts: &WalkOptions,
    config: &Config,
    threads: usize,
    limit: Option<Duration>,
) -> (Vec<(PathBuf, FileReport)>, Walked) {
    let threads = threads.max(1);
    let shared = Arc::new(config.clone());
    let reports = Mutex::new(Vec::new());
    let keep = |path: &Path, r: FileReport| {
        if has_output(&r) {
            reports.lock().unwrap_or_else(|e| e.into_inner()).push((path.to_path_buf(), r));
        }
    };
    let lint = |slot: &mut Option<Executor>, found: Found| {
        let path = found.path.clone();
        let shown = found.shown();
        let config = Arc::clone(&shared);
        let job_shown = shown.clone();
        keep(&path, within_limit(slot, &shown, limit, move || lint_file(&found, &job_shown, &config)));
    };
    let (tx, rx) = std::sync::mpsc::sync_channel::<Found>(4 * threads);
    let rx = Mutex::new(rx);
    let walked = std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..threads {
            let worker = || {
                let mut executor = None;
                loop {
                    // The lock is held only while waiting for the next file.
                    let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok(found) = next else { break };
                    lint(&mut executor, found);
                }
            };
            if std::thread::Builder::new().spawn_scoped(scope, worker).is_ok() {
                started += 1;
            }
        }
        // A panic while screening (not expected: reading and a byte search) hands the
        // file to a lint thread, whose guard reports it.
        let visit = |found: Found| match catch(|| screen(&found, config)).unwrap_or(Screen::Lint) {
            Screen::Skip => {}
            Screen::Report(r) => keep(&found.path, r),
            Screen::Lint if started > 0 => {
                // Fails only when every lint thread is gone (each survives a panic in a file).
                if let Err(std::sync::mpsc::SendError(found)) = tx.send(found) {
                    lint(&mut None, found);
                }
            }
            // Could not start threads (resource limits): lint from here.
            Screen::Lint => lint(&mut None, found),
        };
        let walked = walk::walk(paths, opts, &visit);
        drop(tx);
        walked
    });
    (reports.into_inner().unwrap_or_else(|e| e.into_inner()), walked)
}

/// One file's lint, run on an [`Executor`].
pub type Job = Box<dyn FnOnce() -> FileReport + Send>;

/// A thread with a [`STACK_SIZE`] stack that runs [`Job`]s one at a time, kept from
/// file to file (starting a thread and faulting in its stack for every file costs
/// about a tenth of a run), and dropped when a job overran its time.
pub struct Executor {
    jobs: std::sync::mpsc::SyncSender<Job>,
    done: std::sync::mpsc::Receiver<FileReport>,
}

impl Executor {
    fn start() -> std::io::Result<Executor> {
        let (jobs, queue) = std::sync::mpsc::sync_channel::<Job>(1);
        let (finished, done) = std::sync::mpsc::sync_channel(1);
        std::thread::Builder::new().stack_size(STACK_SIZE).spawn(move || {
            // Ends when its owner drops it (after a timeout: once the job is done).
            while let Ok(job) = queue.recv() {
                if finished.send(job()).is_err() {
                    break;
                }
            }
        })?;
        Ok(Executor { jobs, done })
    }
}

/// Runs `job` (one file's lint) on `slot`'s executor, started when the slot is
/// empty, and waits for it at most `limit`. swc's parser cannot be interrupted and
/// takes time worse than linear on a few shapes (`else if` chains, label chains,
/// nested TypeScript casts, tens of thousands long): a file that takes longer is
/// given up on with a parse error saying so, and the run goes on. Its thread is left
/// to finish or to end with the process, and the slot is emptied for the next file.
pub fn within_limit(
    slot: &mut Option<Executor>,
    shown: &str,
    limit: Option<Duration>,
    job: impl FnOnce() -> FileReport + Send + 'static,
) -> FileReport {
    let error = |kind, message| FileReport::error(shown, kind, message);
    if slot.is_none() {
        match Executor::start() {
            Ok(e) => *slot = Some(e),
            Err(e) => return error(ErrorKind::Io, format!("cannot start a thread to lint this file: {e}")),
        }
    }
    let Some(executor) = slot.as_ref() else { unreachable!("started above") };
    let received = match executor.jobs.send(Box::new(job)) {
        Err(_) => Err(RecvTimeoutError::Disconnected),
        Ok(()) => match limit {
            Some(limit) => executor.done.recv_timeout(limit),
            None => executor.done.recv().map_err(|_| RecvTimeoutError::Disconnected),
        },
    };
    match received {
        Ok(report) => report,
        Err(RecvTimeoutError::Timeout) => {
            *slot = None;
            error(
                ErrorKind::ParseError,
                format!(
                    "gave up after {} s: the file is too slow to analyse (see `--file-timeout`)",
                    limit.map_or(0, |l| l.as_secs())
                ),
            )
        }
        // Jobs catch panics, so the thread always answers; this is a bug.
        Err(RecvTimeoutError::Disconnected) => {
            *slot = None;
            error(ErrorKind::Internal, "cplint's lint thread ended without a report; please report it".into())
        }
    }
}

/// Whether a report has anything to show (a skipped or clean file has not; its
/// notes are only shown when it was parsed; its suppressed findings are listed with
/// `--report-suppressed`).
fn has_output(r: &FileReport) -> bool {
    !r.findings.is_empty() || !r.errors.is_empty() || !r.suppressed.is_empty() || (r.parsed && !r.notes.is_empty())
}

/// Opens a file for reading without blocking (a FIFO with no writer would block in
/// `open` itself). A `named` path is checked on the opened handle: anything but a
/// regular file is refused (reading a FIFO would wait forever, `/dev/zero` never
/// ends), so a path swapped after the check cannot get past it.
fn open_file(path: &Path, named: bool) -> Result<std::fs::File, String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(|e| format!("cannot read: {e}"))?;
    if named {
        check_type(&file.metadata().map_err(|e| format!("cannot read: {e}"))?)?;
    }
    Ok(file)
}

fn check_type(meta: &std::fs::Metadata) -> Result<(), String> {
    if !meta.is_file() {
        return Err(format!("cannot read: not a regular file ({}); skipped", file_kind(&meta.file_type())));
    }
    if meta.len() >= crate::parse::MAX_FILE_SIZE as u64 {
        return Err(format!("cannot read: the file is {} bytes; cplint reads files under 4 GiB", meta.len()));
    }
    Ok(())
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

/// Runs `f` on a pool of `threads` workers with [`STACK_SIZE`] stacks.
pub fn with_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).stack_size(STACK_SIZE).build() {
        Ok(pool) => pool.install(f),
        // Could not start threads (resource limits): lint on this thread.
        Err(_) => f(),
    }
}
