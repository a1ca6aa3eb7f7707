//! Writing a fixed file: atomically, through a temporary file and a rename, only
//! when that changes nothing but the text.
//!
//! - A path through a symbolic link is written through it: the link's target is
//!   replaced (its temporary file sits next to it), the link stays a link.
//! - The new file gets the old one's owner, group and mode (setuid and setgid
//!   included: the owner is kept). A file whose owner cannot be kept (cplint is not
//!   run by its owner or by root) or that has more than one hard link (a new file
//!   would split it off from the others) is not written: [`WriteError::Refused`].
//!   Extended attributes and ACLs are not copied.
//! - Just before the rename the file is read again: when it is no longer the text
//!   the fix was made from, someone edited it meanwhile and it is not written
//!   ([`WriteError::Changed`]). (An edit in the instant between that read and the
//!   rename can still be lost; no portable call closes that gap.)
//! - Temporary files are named `.NAME.cplint-PID-RANDOM.tmp`, created with
//!   `O_EXCL` (a name already taken is never reused or deleted), and removed when
//!   the write fails, or when SIGINT, SIGTERM or SIGHUP arrives while they exist (the
//!   process then exits with 128 + the signal's number).

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a fixed file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file is no longer the text the fix was made from.
    Changed,
    /// Writing would change more than the text (owner, hard links): the reason.
    Refused(String),
    Io(std::io::Error),
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// The temporary files that exist now, removed by the signal handler.
static TEMPS: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

fn temps() -> std::sync::MutexGuard<'static, Option<HashSet<PathBuf>>> {
    TEMPS.lock().unwrap_or_else(|e| e.into_inner())
}

/// A name no other writer picks: the process id, a counter and the clock, mixed.
fn suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    let mut x = nanos ^ COUNTER.fetch_add(1, Ordering::Relaxed).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    // splitmix64's finaliser.
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    format!("{}-{x:016x}", std::process::id())
}

/// A temporary file of ours, registered for the signal handler while it exists.
struct Temp {
    path: PathBuf,
    file: Option<std::fs::File>,
}

impl Temp {
    /// Creates a new file next to `target` (never one that exists).
    fn create(dir: &Path, name: &str) -> std::io::Result<Temp> {
        signals::install();
        let mut tries = 0;
        loop {
            let path = dir.join(format!(".{name}.cplint-{}.tmp", suffix()));
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            // Created and registered under the lock, so the signal handler sees every
            // file that exists and only those.
            let mut set = temps();
            match options.open(&path) {
                Ok(file) => {
                    set.get_or_insert_with(HashSet::new).insert(path.clone());
                    return Ok(Temp { path, file: Some(file) });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 100 => tries += 1,
                Err(e) => return Err(e),
            }
        }
    }

    /// Renames the file onto `target`; it is no longer ours.
    fn rename_onto(mut self, target: &Path) -> std::io::Result<()> {
        drop(self.file.take());
        let mut set = temps();
        std::fs::rename(&self.path, target)?;
        if let Some(s) = set.as_mut() {
            s.remove(&self.path);
        }
        self.path = PathBuf::new();
        Ok(())
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if self.path.as_os_str().is_empty() {
            return;
        }
        drop(self.file.take());
        let mut set = temps();
        let _ = std::fs::remove_file(&self.path);
        if let Some(s) = set.as_mut() {
            s.remove(&self.path);
        }
    }
}

/// Writes `bytes` over the file at `path` (through a link), atomically, when the
/// file still holds `expected` (see the module's documentation).
pub fn write_fixed(path: &Path, expected: &[u8], bytes: &[u8]) -> Result<(), WriteError> {
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    check_links(&meta)?;
    let dir = target.parent().unwrap_or(Path::new("/"));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut temp = Temp::create(dir, &name)?;
    {
        let Some(f) = temp.file.as_mut() else { unreachable!("just created") };
        f.write_all(bytes)?;
        f.sync_all()?;
        keep_owner(f, &meta)?;
        // After the owner: changing the owner clears setuid and setgid.
        f.set_permissions(meta.permissions())?;
    }
    crate::hooks::pause_before_rename();
    if !holds(&target, expected)? {
        return Err(WriteError::Changed);
    }
    temp.rename_onto(&target)?;
    Ok(())
}

/// Whether the file at `path` holds exactly `expected`.
fn holds(path: &Path, expected: &[u8]) -> std::io::Result<bool> {
    let mut f = std::fs::File::open(path)?;
    if f.metadata()?.len() != expected.len() as u64 {
        return Ok(false);
    }
    let mut now = Vec::with_capacity(expected.len() + 1);
    Read::by_ref(&mut f).take(expected.len() as u64 + 1).read_to_end(&mut now)?;
    Ok(now == expected)
}

#[cfg(unix)]
fn check_links(meta: &std::fs::Metadata) -> Result<(), WriteError> {
    use std::os::unix::fs::MetadataExt;
    if meta.nlink() > 1 {
        return Err(WriteError::Refused(format!(
            "the file has {} hard links, and writing the fix as a new file would split it off from them",
            meta.nlink()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_links(_: &std::fs::Metadata) -> Result<(), WriteError> {
    Ok(())
}

/// Gives the temporary file the original's owner and group, when they differ.
#[cfg(unix)]
fn keep_owner(f: &std::fs::File, meta: &std::fs::Metadata) -> Result<(), WriteError> {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::io::AsRawFd;
    let now = f.metadata()?;
    if (now.uid(), now.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    // SAFETY: the descriptor is open for the duration of the call.
    if unsafe { libc::fchown(f.as_raw_fd(), meta.uid(), meta.gid()) } != 0 {
        let e = std::io::Error::last_os_error();
        return Err(WriteError::Refused(format!(
            "cannot keep the file's owner (user {}, group {}): {e}; run cplint as that user",
            meta.uid(),
            meta.gid()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) -> Result<(), WriteError> {
    Ok(())
}

/// SIGINT, SIGTERM and SIGHUP while temporary files exist: they are removed and the
/// process exits with 128 + the signal's number. The handler only writes the
/// signal's number to a pipe; a thread reads it, removes the files (under the lock
/// they are created and renamed under) and exits.
#[cfg(unix)]
mod signals {
    use std::sync::Once;
    use std::sync::atomic::{AtomicI32, Ordering};

    static WAKE: AtomicI32 = AtomicI32::new(-1);

    extern "C" fn on_signal(sig: libc::c_int) {
        let fd = WAKE.load(Ordering::Relaxed);
        let b = sig as u8;
        // SAFETY: write(2) is async-signal-safe; `b` lives for the call.
        unsafe {
            libc::write(fd, (&b as *const u8).cast(), 1);
        }
    }

    fn cleanup_and_exit(sig: i32) -> ! {
        let set = super::temps();
        for p in set.iter().flatten() {
            let _ = std::fs::remove_file(p);
        }
        // SAFETY: _exit ends the process at once, holding the lock so no other
        // thread renames or creates a temporary file in between.
        unsafe { libc::_exit(128 + sig) }
    }

    pub fn install() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            let mut fds = [0; 2];
            // SAFETY: `fds` has room for the two descriptors pipe(2) writes.
            if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
                return;
            }
            for fd in fds {
                // SAFETY: fcntl on descriptors just opened.
                unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
            }
            let read_end = fds[0];
            let watcher = std::thread::Builder::new().name("cplint-signals".into()).spawn(move || {
                loop {
                    let mut b = 0u8;
                    // SAFETY: reads one byte into `b`.
                    let n = unsafe { libc::read(read_end, (&mut b as *mut u8).cast(), 1) };
                    if n == 1 {
                        cleanup_and_exit(i32::from(b));
                    }
                    if n == 0 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
                        return;
                    }
                }
            });
            if watcher.is_err() {
                return;
            }
            WAKE.store(fds[1], Ordering::Relaxed);
            for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                // SAFETY: a zeroed sigaction is a valid value to fill; sigaction reads
                // and writes only the structs passed.
                unsafe {
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(sig, std::ptr::null(), &mut old) != 0 || old.sa_sigaction == libc::SIG_IGN {
                        // Ignored by whoever started cplint (`nohup`): stays ignored.
                        continue;
                    }
                    let mut new: libc::sigaction = std::mem::zeroed();
                    new.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
                    new.sa_flags = libc::SA_RESTART;
                    libc::sigemptyset(&mut new.sa_mask);
                    libc::sigaction(sig, &new, std::ptr::null_mut());
                }
            }
        });
    }
}

#[cfg(not(unix))]
mod signals {
    pub fn install() {}
}
