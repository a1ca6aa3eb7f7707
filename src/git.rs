//! What cplint asks git: the repository's top folder (SARIF paths) and the files
//! changed since a commit (`--changed-since`). git runs as a program, without a
//! shell; when it is missing or the folder is no repository, the callers say so.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!("git {} failed: {}", args.join(" "), err.trim()));
    }
    Ok(out.stdout)
}

/// The top folder of the repository holding `dir` (`git rev-parse --show-toplevel`).
pub fn toplevel(dir: &Path) -> Result<PathBuf, String> {
    let out = git(dir, &["rev-parse", "--show-toplevel"])?;
    let s = String::from_utf8_lossy(&out);
    Ok(PathBuf::from(s.trim_end_matches(['\n', '\r'])))
}

/// The files changed since `reference`, as absolute paths, sorted: those
/// `git diff --name-only` lists between the merge base of `reference` and `HEAD`
/// and the working tree (commits of the branch, staged and unstaged changes; not
/// deleted files), and the untracked files git does not ignore. The merge base,
/// as `git diff REF...`: what was committed on `REF` after the branch left it is
/// not the branch's change.
pub fn changed_since(dir: &Path, reference: &str) -> Result<Vec<PathBuf>, String> {
    let top = toplevel(dir)?;
    let base = git(&top, &["merge-base", reference, "HEAD"])
        .map_err(|e| format!("cannot find where HEAD left `{reference}`: {e}"))?;
    let base = String::from_utf8_lossy(&base).trim().to_string();
    let changed = git(&top, &["diff", "--name-only", "-z", "--diff-filter=d", &base, "--"])?;
    let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "--full-name", "-z"])?;
    let mut files: Vec<PathBuf> = changed
        .split(|b| *b == 0)
        .chain(untracked.split(|b| *b == 0))
        .filter(|p| !p.is_empty())
        .map(|p| top.join(bytes_path(p)))
        .collect();
    files.sort();
    files.dedup();
    Ok(files)
}

#[cfg(unix)]
fn bytes_path(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn bytes_path(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}
