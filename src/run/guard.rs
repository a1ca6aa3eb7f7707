//! Guarding one file's work: a panic is caught and reported for that file
//! ([`catch`], [`guarded`]), and the work runs on a kept thread with a large stack
//! and a time limit ([`Executor`], [`within_limit`]), so the run goes on.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::sync::mpsc::{RecvTimeoutError, SyncSender};
use std::time::Duration;

use crate::report::{ErrorKind, FileReport};

pub use crate::parse::STACK_SIZE;

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
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    install_panic_hook();
    IN_FILE.with(|s| *s.borrow_mut() = Some(String::new()));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    let msg = IN_FILE.with(|s| s.borrow_mut().take()).unwrap_or_default();
    result.map_err(|_| msg)
}

/// The report of a file cplint crashed on: an internal error holding the panic's
/// message (from [`catch`]).
pub fn crashed(path: &str, msg: &str) -> FileReport {
    FileReport::error(path, ErrorKind::Internal, format!("cplint crashed on this file ({msg}); please report it"))
}

/// Runs `f` for one file; a panic becomes an internal error in the returned report.
pub fn guarded(path: &str, f: impl FnOnce() -> FileReport) -> FileReport {
    catch(f).unwrap_or_else(|msg| crashed(path, &msg))
}

/// Why [`within_limit`] has no result for a file: it was given up on (a parse error
/// saying so), or its thread could not start or ended without an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abandoned {
    pub kind: ErrorKind,
    pub message: String,
}

impl Abandoned {
    /// The file's report: this error alone.
    pub fn report(self, path: &str) -> FileReport {
        FileReport::error(path, self.kind, self.message)
    }
}

/// One piece of a file's work, run on an [`Executor`]; it sends its own result.
type Task = Box<dyn FnOnce() + Send>;

/// A thread with a [`STACK_SIZE`] stack that runs one file's work at a time (its
/// lint, then its fix), kept from file to file (starting a thread and faulting in
/// its stack for every file costs about a tenth of a run), and dropped when a piece
/// of work overran its time.
pub struct Executor {
    tasks: SyncSender<Task>,
}

impl Executor {
    fn start() -> std::io::Result<Executor> {
        let (tasks, queue) = std::sync::mpsc::sync_channel::<Task>(1);
        std::thread::Builder::new().stack_size(STACK_SIZE).spawn(move || {
            // Ends when its owner drops it (after a timeout: once the task is done).
            while let Ok(task) = queue.recv() {
                task();
            }
        })?;
        Ok(Executor { tasks })
    }
}

/// Runs `job` (one file's lint, or its fix) on `slot`'s executor, started when the
/// slot is empty, and waits for it at most `limit`. swc's parser cannot be
/// interrupted and takes time worse than linear on a few shapes (`else if` chains,
/// label chains, nested TypeScript casts, tens of thousands long): a file that takes
/// longer is given up on, and the run goes on. Its thread is left to finish or to end
/// with the process (whatever it returns then is dropped), and the slot is emptied
/// for the next file. `Err` says why there is no result (see [`Abandoned`]).
pub fn within_limit<T: Send + 'static>(
    slot: &mut Option<Executor>,
    limit: Option<Duration>,
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Abandoned> {
    let error = |kind, message| Abandoned { kind, message };
    if slot.is_none() {
        match Executor::start() {
            Ok(e) => *slot = Some(e),
            Err(e) => return Err(error(ErrorKind::Io, format!("cannot start a thread to lint this file: {e}"))),
        }
    }
    let Some(executor) = slot.as_ref() else { unreachable!("started above") };
    let (finished, done) = std::sync::mpsc::sync_channel(1);
    let task: Task = Box::new(move || {
        // The receiver is gone when the job was given up on.
        let _ = finished.send(job());
    });
    let received = match executor.tasks.send(task) {
        Err(_) => Err(RecvTimeoutError::Disconnected),
        Ok(()) => match limit {
            Some(limit) => done.recv_timeout(limit),
            None => done.recv().map_err(|_| RecvTimeoutError::Disconnected),
        },
    };
    match received {
        Ok(out) => Ok(out),
        Err(RecvTimeoutError::Timeout) => {
            *slot = None;
            Err(error(
                ErrorKind::ParseError,
                format!(
                    "gave up after {} s: the file is too slow to analyse (see `--file-timeout`)",
                    limit.map_or(0, |l| l.as_secs())
                ),
            ))
        }
        // Jobs catch panics, so the thread always answers; this is a bug.
        Err(RecvTimeoutError::Disconnected) => {
            *slot = None;
            Err(error(ErrorKind::Internal, "cplint's lint thread ended without a report; please report it".into()))
        }
    }
}

/// Runs `f` on a rayon pool of `threads` workers with [`STACK_SIZE`] stacks. cplint
/// itself runs every file on an [`Executor`]; this is for tests and harnesses that
/// call the core directly (`lint::lint_source` needs a large stack on deep input).
pub fn with_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).stack_size(STACK_SIZE).build() {
        Ok(pool) => pool.install(f),
        // Could not start threads (resource limits): run on this thread.
        Err(_) => f(),
    }
}
