//! Reading a file to lint: opened without blocking, refused when it is not a
//! regular file or too large, read into the thread's kept buffer (or, when large,
//! into one of its own under [`crate::memory::LargeWork`]).

use std::cell::Cell;
use std::io::Read;
use std::path::Path;

use super::guard::guarded;
use crate::config::Config;
use crate::report::{ErrorKind, FileReport};
use crate::walk::Found;

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
pub fn with_bytes<R>(found: &Found, f: impl FnOnce(&[u8]) -> R) -> Result<R, String> {
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

/// Reads and lints one file; `shown` is its [`Found::shown`] path. The pre-filter is
/// `config`'s: pass a screened configuration for a file already screened.
pub fn lint_file(found: &Found, shown: &str, config: &Config) -> FileReport {
    with_bytes(found, |bytes| guarded(shown, || crate::lint::lint_bytes(shown, bytes, config)))
        .unwrap_or_else(|message| FileReport::error(shown, ErrorKind::Io, message))
}
