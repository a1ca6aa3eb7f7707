//! `--fix`, `--unsafe-fixes` and `--diff` through the binary: what is written, what
//! is printed, exit codes, permissions, standard input, and a kill mid-write.

use std::fs;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

const UNSAFE: &str = "const { exec } = require(\"child_process\");\n\
module.exports = (f, cb) => exec(\"cat \" + f, { timeout: 1000 }, cb);\n";
const SAFE: &str = "const { spawn } = require(\"child_process\");\n\
module.exports = () => spawn(\"git status --short\", { timeout: 1000 });\n";

fn cplint() -> Command {
    let mut c = Command::cargo_bin("cplint").expect("binary");
    c.env_remove("CPLINT_TEST_WRITE_PAUSE_MS");
    c
}

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(d.path().join(name), text).unwrap();
    }
    d
}

#[test]
fn fix_applies_safe_fixes_only_and_reports_what_is_left() {
    let d = dir_with(&[("safe.js", SAFE), ("unsafe.js", UNSAFE)]);
    let out = cplint().current_dir(d.path()).args(["--fix", "--isolated", "."]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The unsafe finding (an error) is left: exit 1.
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        fs::read_to_string(d.path().join("safe.js")).unwrap(),
        SAFE.replace("spawn(\"git status --short\"", "spawn(\"git\", [\"status\", \"--short\"]")
    );
    assert_eq!(fs::read_to_string(d.path().join("unsafe.js")).unwrap(), UNSAFE);
    assert!(stdout.contains("Fixed 1 problem."), "{stdout}");
    assert!(stdout.contains("CP001 shell-injection"), "{stdout}");
    assert!(!stdout.contains("CP002"), "the fixed finding is still reported:\n{stdout}");

    // With --unsafe-fixes the rest goes; a second run changes nothing.
    let out = cplint().current_dir(d.path()).args(["--fix", "--unsafe-fixes", "--isolated", "."]).output().unwrap();
    let fixed = fs::read_to_string(d.path().join("unsafe.js")).unwrap();
    assert!(fixed.contains("execFile(\"cat\", [f], { timeout: 1000 }, cb)"), "{fixed}");
    assert!(fixed.starts_with("const { execFile } = require"), "{fixed}");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let again = cplint().current_dir(d.path()).args(["--fix", "--unsafe-fixes", "--isolated", "."]).output().unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(fs::read_to_string(d.path().join("unsafe.js")).unwrap(), fixed);
    assert!(!String::from_utf8_lossy(&again.stdout).contains("Fixed"));
}

#[test]
fn diff_prints_and_writes_nothing() {
    let d = dir_with(&[("unsafe.js", UNSAFE)]);
    let out = cplint().current_dir(d.path()).args(["--diff", "--isolated", "unsafe.js"]).output().unwrap();
    // Safe fixes only: nothing to show, exit 0.
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let out =
        cplint().current_dir(d.path()).args(["--diff", "--unsafe-fixes", "--isolated", "unsafe.js"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.starts_with("--- unsafe.js\n+++ unsafe.js\n"), "{diff}");
    assert!(diff.contains("-module.exports = (f, cb) => exec(\"cat \" + f"), "{diff}");
    assert!(diff.contains("+module.exports = (f, cb) => execFile(\"cat\", [f]"), "{diff}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Would fix 1 problem in 1 file"));
    assert_eq!(fs::read_to_string(d.path().join("unsafe.js")).unwrap(), UNSAFE, "--diff wrote the file");
    // --diff and --fix together make no sense.
    let out = cplint().current_dir(d.path()).args(["--diff", "--fix", "unsafe.js"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn stdin_fix_prints_the_fixed_source() {
    let mut child = cplint()
        .args(["--fix", "--unsafe-fixes", "--isolated", "--stdin-filename", "src/a.js"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(UNSAFE.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("execFile(\"cat\", [f], { timeout: 1000 }, cb)"), "{text}");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir_with(&[("tool.js", SAFE)]);
    let p = d.path().join("tool.js");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o754)).unwrap();
    let out = cplint().current_dir(d.path()).args(["--fix", "--isolated", "tool.js"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_ne!(fs::read_to_string(&p).unwrap(), SAFE, "not fixed");
    assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o754);
    // No temporary file is left behind.
    let names: Vec<String> =
        fs::read_dir(d.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["tool.js"]);
}

/// Killed between writing the temporary file and renaming it: the original file is
/// untouched, never half-written.
#[cfg(unix)]
#[test]
fn killed_mid_write_leaves_the_file_whole() {
    let d = dir_with(&[("a.js", SAFE)]);
    let mut child = cplint()
        .current_dir(d.path())
        .args(["--fix", "--isolated", "a.js"])
        .env("CPLINT_TEST_WRITE_PAUSE_MS", "30000")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the pause message, then kill.
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 256];
    use std::io::Read;
    while !seen.contains("pausing before rename") {
        let n = stderr.read(&mut buf).unwrap();
        assert!(n > 0, "cplint ended before the write: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(fs::read_to_string(d.path().join("a.js")).unwrap(), SAFE);
    // The next run fixes the file as usual.
    let out = cplint().current_dir(d.path()).args(["--fix", "--isolated", "a.js"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(fs::read_to_string(d.path().join("a.js")).unwrap().contains("spawn(\"git\", [\"status\", \"--short\"]"));
}

/// `SAFE` after its fix.
fn safe_fixed() -> String {
    SAFE.replace("spawn(\"git status --short\"", "spawn(\"git\", [\"status\", \"--short\"]")
}

fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

/// Issue 15 item 11: `--fix link.js` writes through the link: the target is fixed,
/// the link stays a link, and the report names the link.
#[cfg(unix)]
#[test]
fn fix_through_a_symlink_fixes_the_target_and_keeps_the_link() {
    let d = dir_with(&[("real.js", SAFE)]);
    fs::create_dir(d.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("../real.js", d.path().join("sub/link.js")).unwrap();
    let out = cplint().current_dir(d.path()).args(["--fix", "--isolated", "sub/link.js"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Fixed 1 problem."), "{stdout}");
    let link = d.path().join("sub/link.js");
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced by a file");
    assert_eq!(fs::read_link(&link).unwrap(), std::path::Path::new("../real.js"));
    assert_eq!(fs::read_to_string(d.path().join("real.js")).unwrap(), safe_fixed());
    assert_eq!(names_in(d.path()), ["real.js", "sub"]);
    assert_eq!(names_in(&d.path().join("sub")), ["link.js"]);
}

/// Issue 15 item 12: the rewritten file keeps its owner, group and mode (setuid
/// included, since the owner is kept). Needs root to give the file another owner.
#[cfg(unix)]
#[test]
fn fix_keeps_owner_group_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root to chown");
        return;
    }
    let d = dir_with(&[("tool.js", SAFE)]);
    let p = d.path().join("tool.js");
    std::os::unix::fs::chown(&p, Some(65534), Some(65534)).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o4750)).unwrap();
    let out = cplint().current_dir(d.path()).args(["--fix", "--isolated", "tool.js"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(fs::read_to_string(&p).unwrap(), safe_fixed());
    let m = fs::metadata(&p).unwrap();
    assert_eq!((m.uid(), m.gid(), m.mode() & 0o7777), (65534, 65534, 0o4750));
}

/// Issue 15 item 12: a file with another hard link is not split off from it: it is
/// left as it is, with a message, and both names keep the same content.
#[cfg(unix)]
#[test]
fn fix_refuses_a_file_with_hard_links() {
    let d = dir_with(&[("a.js", SAFE)]);
    fs::hard_link(d.path().join("a.js"), d.path().join("b.js")).unwrap();
    let out = cplint().current_dir(d.path()).args(["--fix", "--isolated", "a.js"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("a.js: not written: the file has 2 hard links"), "{stderr}");
    assert_eq!(fs::read_to_string(d.path().join("a.js")).unwrap(), SAFE);
    use std::os::unix::fs::MetadataExt;
    assert_eq!(fs::metadata(d.path().join("a.js")).unwrap().nlink(), 2, "the link was split");
    // The finding is still there (a warning): exit 0, and it is reported, not "fixed".
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("Fixed"), "{stdout}");
    assert!(stdout.contains("CP002"), "{stdout}");
}

/// Issue 15 item 12: run by a user who cannot give the new file the old owner (here
/// `nobody`, on a root-owned file in a folder `nobody` may write), the file is left
/// as it is with a message, instead of being replaced by one `nobody` owns.
#[cfg(unix)]
#[test]
fn fix_refuses_a_file_whose_owner_cannot_be_kept() {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::process::CommandExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root to run as another user");
        return;
    }
    let d = dir_with(&[("a.js", SAFE)]);
    std::os::unix::fs::chown(d.path(), Some(65534), Some(65534)).unwrap();
    let out =
        cplint().current_dir(d.path()).args(["--fix", "--isolated", "a.js"]).uid(65534).gid(65534).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("a.js: not written: cannot keep the file's owner"), "{stderr}");
    let m = fs::metadata(d.path().join("a.js")).unwrap();
    assert_eq!((m.uid(), fs::read_to_string(d.path().join("a.js")).unwrap()), (0, SAFE.to_string()));
    assert_eq!(names_in(d.path()), ["a.js"]);
}

/// Issue 15 item 13: one file named twice (`sub/b.js`, `sub/../sub/b.js`, a link to
/// its folder) is linted and fixed once; a stranger's file that looks like a temporary
/// file of cplint's is left alone.
#[cfg(unix)]
#[test]
fn one_file_under_two_spellings_is_fixed_once() {
    let d = dir_with(&[]);
    fs::create_dir(d.path().join("sub")).unwrap();
    fs::write(d.path().join("sub/b.js"), SAFE).unwrap();
    std::os::unix::fs::symlink("sub", d.path().join("alias")).unwrap();
    // What the old temporary name would have been for any process id: a stranger's.
    let stranger = d.path().join("sub/.b.js.cplint-1.tmp");
    fs::write(&stranger, "not cplint's").unwrap();
    let out = cplint()
        .current_dir(d.path())
        .args(["--fix", "--isolated", "--format", "json", "sub/b.js", "sub/../sub/b.js", "alias/b.js", "alias"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{doc}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(doc["summary"]["files_scanned"], 1, "{doc}");
    assert_eq!(doc["summary"]["fixed"], 1, "{doc}");
    assert_eq!(fs::read_to_string(d.path().join("sub/b.js")).unwrap(), safe_fixed());
    assert_eq!(fs::read_to_string(&stranger).unwrap(), "not cplint's");
    assert_eq!(names_in(&d.path().join("sub")), [".b.js.cplint-1.tmp", "b.js"]);
}

/// Issue 15 item 13: a temporary name already taken (by anyone) is never deleted or
/// reused: cplint picks another.
#[cfg(unix)]
#[test]
fn a_taken_temporary_name_is_left_alone() {
    let d = dir_with(&[("a.js", SAFE)]);
    let mut child = cplint()
        .current_dir(d.path())
        .args(["--fix", "--isolated", "a.js"])
        .env("CPLINT_TEST_WRITE_PAUSE_MS", "2000")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The old scheme's name for this very process: `.a.js.cplint-PID.tmp`.
    let taken = d.path().join(format!(".a.js.cplint-{}.tmp", child.id()));
    fs::write(&taken, "someone else's").unwrap();
    let mut stderr = String::new();
    use std::io::Read;
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_eq!(fs::read_to_string(d.path().join("a.js")).unwrap(), safe_fixed());
    assert_eq!(fs::read_to_string(&taken).unwrap(), "someone else's");
}

/// Waits until `child`'s stderr says it is about to rename (the test hook), and
/// returns what it printed so far.
fn wait_for_pause(child: &mut std::process::Child, what: &str) -> (String, std::process::ChildStderr) {
    use std::io::Read;
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 256];
    while !seen.contains(what) {
        let n = stderr.read(&mut buf).unwrap();
        assert!(n > 0, "cplint ended before `{what}`: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    (seen, stderr)
}

/// Issue 15 item 14: SIGINT or SIGTERM while a fixed file is being written removes
/// the temporary file and exits 130 or 143; the file is left whole.
#[cfg(unix)]
#[test]
fn a_signal_mid_write_leaves_no_temporary_file() {
    for (signal, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let d = dir_with(&[("a.js", SAFE), ("b.js", SAFE)]);
        let mut child = cplint()
            .current_dir(d.path())
            .args(["--fix", "--isolated", "--threads", "2", "."])
            .env("CPLINT_TEST_WRITE_PAUSE_MS", "30000")
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let _ = wait_for_pause(&mut child, "pausing before rename");
        // SAFETY: kill with a valid pid and signal has no memory-safety preconditions.
        assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "signal {signal}: {status:?}");
        assert_eq!(names_in(d.path()), ["a.js", "b.js"], "signal {signal}");
        for f in ["a.js", "b.js"] {
            let text = fs::read_to_string(d.path().join(f)).unwrap();
            assert!(text == SAFE || text == safe_fixed(), "{f}: {text}");
        }
    }
}

/// Issue 15 item 15: an edit made to the file while cplint was fixing it (here,
/// between writing the temporary file and renaming it) is kept: the file is not
/// written, and the run says so.
#[cfg(unix)]
#[test]
fn an_edit_made_while_fixing_is_not_overwritten() {
    let d = dir_with(&[("a.js", SAFE)]);
    let p = d.path().join("a.js");
    let mut child = cplint()
        .current_dir(d.path())
        .args(["--fix", "--isolated", "a.js"])
        .env("CPLINT_TEST_WRITE_PAUSE_MS", "1500")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (mut seen, mut rest) = wait_for_pause(&mut child, "pausing before rename");
    let edited = format!("{SAFE}// edited by the user\n");
    fs::write(&p, &edited).unwrap();
    use std::io::Read;
    rest.read_to_string(&mut seen).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(fs::read_to_string(&p).unwrap(), edited, "the user's edit was lost");
    assert!(seen.contains("a.js: changed on disk while fixing; not written"), "{seen}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("Fixed"), "{stdout}");
    assert_eq!(names_in(d.path()), ["a.js"]);
}

/// Issue 15 item 15: when the file changed between its lint and its fix (here it
/// was cleaned up meanwhile), the findings reported are those of the file on disk,
/// not the stale ones.
#[test]
fn findings_are_those_of_the_file_on_disk() {
    let d = dir_with(&[("a.js", UNSAFE)]);
    let p = d.path().join("a.js");
    let mut child = cplint()
        .current_dir(d.path())
        .args(["--fix", "--unsafe-fixes", "--isolated", "--format", "json", "a.js"])
        .env("CPLINT_TEST_SLOW_FIX_MS", "1500")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (_, _rest) = wait_for_pause(&mut child, "slow fix");
    let clean = "const { execFile } = require(\"child_process\");\nexecFile(\"ls\", [], { timeout: 1 }, (err) => {\n  if (err) throw err;\n});\n";
    fs::write(&p, clean).unwrap();
    let out = child.wait_with_output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0, "stale findings: {doc}");
    assert_eq!(out.status.code(), Some(0), "{doc}");
    assert_eq!(fs::read_to_string(&p).unwrap(), clean);
}

/// Issue 15 item 16: `-o` naming one of the files to lint is a usage error, and the
/// file is left as it is.
#[test]
fn an_output_file_that_is_an_input_is_refused() {
    let d = dir_with(&[("a.js", UNSAFE)]);
    fs::create_dir(d.path().join("src")).unwrap();
    fs::write(d.path().join("src/b.js"), UNSAFE).unwrap();
    for args in [&["-o", "a.js", "a.js"][..], &["-o", "./src/../a.js", "."], &["-o", "src/b.js", "src"]] {
        let out = cplint().current_dir(d.path()).arg("--isolated").args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("is one of the files to lint"), "{args:?}: {stderr}");
        assert_eq!(fs::read_to_string(d.path().join("a.js")).unwrap(), UNSAFE);
        assert_eq!(fs::read_to_string(d.path().join("src/b.js")).unwrap(), UNSAFE);
    }
    // A report file elsewhere is fine.
    let out = cplint().current_dir(d.path()).args(["--isolated", "-o", "report.txt", "a.js"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(fs::read_to_string(d.path().join("report.txt")).unwrap().contains("CP001"));
}

/// Issue 15 item 17: `--fix --stdin-filename` prints the fixed source on stdout and
/// the report in `--format` on stderr (or into `-o`), rendered against the fixed text;
/// `--quiet` and `--max-warnings` apply as in a plain run.
#[test]
fn stdin_fix_honours_format_output_quiet_and_max_warnings() {
    // One safe fix, and a warning that stays (no timeout, whose fix is unsafe) on
    // line 3; `stdio: "ignore"` leaves no unread pipe for undrained-stdio's safe fix.
    let src = format!("{SAFE}spawn(\"x\", {{ stdio: \"ignore\" }});\n");
    let fixed = format!("{}spawn(\"x\", {{ stdio: \"ignore\" }});\n", safe_fixed());
    let run = |args: &[&str]| {
        let mut child = cplint()
            .args(["--fix", "--isolated", "--stdin-filename", "a.js"])
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(src.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run(&["--format", "json"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), fixed);
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stderr).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let lines: Vec<u64> = doc["findings"].as_array().unwrap().iter().map(|f| f["line"].as_u64().unwrap()).collect();
    assert!(!lines.is_empty() && lines.iter().all(|l| *l == 3), "{doc}");
    assert_eq!(doc["summary"]["fixed"], 1, "{doc}");
    assert_eq!(out.status.code(), Some(0));

    // The text report is drawn against the fixed text.
    let out = run(&["--format", "text"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("Failed to read"), "{stderr}");
    assert!(stderr.contains(" 3 │ spawn(\"x\", { stdio: \"ignore\" });"), "{stderr}");

    let d = dir_with(&[]);
    let report = d.path().join("report.json");
    let out = run(&["--format", "json", "-o", report.to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), fixed);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(doc["summary"]["fixed"], 1, "{doc}");

    let out = run(&["--quiet", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0, "{doc}");
    let out = run(&["--max-warnings", "0"]);
    assert_eq!(out.status.code(), Some(1));
}
