//! Keeping the run's peak memory flat: one large piece of work at a time
//! ([`LargeWork`]), and memory freed by a large parse handed back to the system
//! ([`release_free_memory`], [`limit_retained_memory`]). The binary allocates with
//! mimalloc (`src/main.rs`: a syntax tree is a million small boxes, and glibc's
//! malloc took a fifth of a lint); the library leaves the allocator to its user, so
//! the settings below are made for both. The crate's only `unsafe` code is here:
//! allocator settings that touch no pointer.

/// Files of at least this many bytes that pass the pre-filter are parsed one at a time.
pub const LARGE_FILE: usize = 256 * 1024;

/// Holds the right to do one large piece of work (parse a file of [`LARGE_FILE`]
/// bytes or more, read a file over `run::KEEP_BUF`): two at once would double the
/// peak memory for little gain in time. Taken again on the thread that holds it, it
/// is a no-op, so a large read can go on to a large parse.
pub struct LargeWork(bool);

static LARGE_WORK_BUSY: std::sync::Mutex<bool> = std::sync::Mutex::new(false);
static LARGE_WORK_DONE: std::sync::Condvar = std::sync::Condvar::new();
/// How long to wait for [`LargeWork`] before going on without it: the holder may be
/// a file given up on by `run::within_limit`, still parsing.
const LARGE_WORK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
thread_local! {
    static HOLDS_LARGE_WORK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// After parsing a file of at least this many bytes (its syntax tree takes some 20
/// times that), the memory is handed back ([`release_free_memory`]).
pub const TRIM_AFTER: usize = 64 * 1024;

static KEEP_FREED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Keeps freed memory in the process instead of handing it back after large parses:
/// for the language server, which lints the same large file on every edit and would
/// otherwise fault its syntax tree's pages in again each time (a fifth of a lint).
/// Its memory stays at the peak of the largest document linted, not at the sum.
pub fn keep_freed_memory() {
    KEEP_FREED.store(true, std::sync::atomic::Ordering::Relaxed);
    // SAFETY: sets an allocator option; no pointer is touched.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_PURGE_DELAY, -1);
    }
}

/// Frees `value` off the caller's path when freed memory is kept (the language
/// server, see [`keep_freed_memory`]): a syntax tree takes a tenth of a lint to
/// free, and the editor is waiting for the lint's diagnostics, not for the free.
/// Anywhere else (batch runs, whose threads are all busy linting) it is dropped here.
pub fn dispose<T: Send + 'static>(value: T) {
    type Garbage = Box<dyn Send>;
    static DROPPER: std::sync::OnceLock<Option<std::sync::mpsc::Sender<Garbage>>> = std::sync::OnceLock::new();
    if !KEEP_FREED.load(std::sync::atomic::Ordering::Relaxed) {
        return drop(value);
    }
    let dropper = DROPPER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Garbage>();
        let spawned = std::thread::Builder::new().name("cplint-free".into()).spawn(move || {
            for garbage in rx {
                drop(garbage);
            }
        });
        spawned.ok().map(|_| tx)
    });
    // A dropper that could not start, or has gone, leaves the value to be dropped here.
    match dropper {
        Some(tx) => {
            if let Err(std::sync::mpsc::SendError(garbage)) = tx.send(Box::new(value)) {
                drop(garbage);
            }
        }
        None => drop(value),
    }
}

/// Hands memory freed by a large parse back to the system. glibc keeps what a thread
/// frees in that thread's arena, so each lint thread would otherwise hold on to the
/// peak of the largest file it ever parsed, and the run's peak memory would grow
/// with the number of threads and files.
pub fn release_free_memory() {
    if KEEP_FREED.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    // SAFETY: both only release free pages; no pointer is touched.
    unsafe {
        libmimalloc_sys::mi_collect(false);
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        libc::malloc_trim(0);
    }
}

/// Waits for [`LargeWork`] (a poisoned lock only means a caught panic in another file).
pub fn large_work() -> LargeWork {
    if HOLDS_LARGE_WORK.get() {
        return LargeWork(false);
    }
    let deadline = std::time::Instant::now() + LARGE_WORK_WAIT;
    let mut busy = LARGE_WORK_BUSY.lock().unwrap_or_else(|e| e.into_inner());
    while *busy {
        let Some(left) = deadline.checked_duration_since(std::time::Instant::now()).filter(|d| !d.is_zero()) else {
            return LargeWork(false);
        };
        busy = match LARGE_WORK_DONE.wait_timeout(busy, left) {
            Ok((guard, _)) => guard,
            Err(e) => e.into_inner().0,
        };
    }
    *busy = true;
    HOLDS_LARGE_WORK.set(true);
    LargeWork(true)
}

impl Drop for LargeWork {
    fn drop(&mut self) {
        if self.0 {
            *LARGE_WORK_BUSY.lock().unwrap_or_else(|e| e.into_inner()) = false;
            HOLDS_LARGE_WORK.set(false);
            LARGE_WORK_DONE.notify_one();
        }
    }
}

/// mimalloc's option numbers (`mi_option_t` in its `mimalloc.h`, the same in its
/// versions 2 and 3; libmimalloc-sys names only some of them).
const MI_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Settings that keep a batch run's memory near what it uses at any moment. Call it
/// before any thread starts.
///
/// - glibc (the library's users) raises its mmap threshold each time a large block
///   is freed, after which large blocks (file buffers, the parser's arenas for big
///   files) come from the per-thread heaps and stay there when freed: peak memory
///   then grew with the number of files linted (bench/RESULTS.md). A fixed threshold
///   keeps blocks of 128 KiB and more in their own mappings, returned on free.
/// - mimalloc (the binary) commits its arenas eagerly and hands freed pages back
///   after a delay; on the bench corpus that took the peak from 29 MB to 97 MB.
///   Committing on demand and handing back at once keeps it at 29 MB
///   ([`keep_freed_memory`] turns the second off again for the language server).
pub fn limit_retained_memory() {
    // SAFETY: mallopt and mi_option_set only change allocator parameters; called
    // before any thread starts.
    unsafe {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        libmimalloc_sys::mi_option_set(MI_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_PURGE_DELAY, 0);
    }
}
