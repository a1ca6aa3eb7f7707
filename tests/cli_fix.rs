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
