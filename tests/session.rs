//! The library session (`cplint::session::Session`) and the limits it applies to
//! fixing: `--file-timeout` holds for the fix loop as for the lint, through the
//! binary and the library alike.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use cplint::fix::Mode;
use cplint::report::{ErrorKind, ExitPolicy};
use cplint::session::{ConfigSource, RunOptions, Session};

/// A safe fix (`spawn` of a command line → program and arguments).
const SAFE: &str = "const { spawn } = require(\"child_process\");\n\
module.exports = () => spawn(\"git status --short\", { timeout: 1000 });\n";
const VULNERABLE: &str = "const { exec } = require('child_process');\nmodule.exports = (f) => exec('cat ' + f);\n";

fn cplint(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cplint"));
    c.current_dir(dir)
        .args(["--isolated", "--format", "json"])
        .env_remove("CPLINT_TEST_PANIC")
        .env_remove("CPLINT_TEST_VANISH")
        .env_remove("CPLINT_TEST_WRITE_PAUSE_MS")
        .env_remove("CPLINT_TEST_SLOW_FIX_MS");
    c
}

/// Runs `cmd` (stdin from `input`), killing it after a minute.
fn run(cmd: &mut Command, input: &[u8]) -> (Output, Duration) {
    let started = Instant::now();
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start cplint");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("write stdin");
    drop(stdin);
    let out = child.wait_with_output().expect("wait for cplint");
    (out, started.elapsed())
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// `(kind, message)` of each error reported for `path`.
fn errors_for(doc: &serde_json::Value, path: &str) -> Vec<(String, String)> {
    doc["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter(|e| e["path"] == path)
        .map(|e| (e["kind"].as_str().unwrap_or("").to_string(), e["message"].as_str().unwrap_or("").to_string()))
        .collect()
}

/// A fix that takes longer than `--file-timeout` (made slow by the test hook, while
/// the lint before it is quick) is given up on like a lint: a parse error, the file
/// left as it was, the run over in about the limit; another file is still fixed.
#[test]
fn fix_honours_file_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("slow.js"), SAFE).unwrap();
    let mut cmd = cplint(d);
    cmd.args(["--fix", "--file-timeout", "1", "--threads", "1", "slow.js"]).env("CPLINT_TEST_SLOW_FIX_MS", "30000");
    let (out, took) = run(&mut cmd, b"");
    let doc = json(&out);
    let e = errors_for(&doc, "slow.js");
    assert_eq!(e.len(), 1, "{doc}");
    assert_eq!(e[0].0, "parse-error", "{e:?}");
    assert!(e[0].1.contains("gave up after 1 s") && e[0].1.contains("--file-timeout"), "{e:?}");
    assert_eq!(fs::read_to_string(d.join("slow.js")).unwrap(), SAFE, "a fix given up on was written");
    assert_eq!(out.status.code(), Some(1));
    assert!(took < Duration::from_secs(15), "took {took:?}");
    // No temporary file is left behind either.
    let names: Vec<String> =
        fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    assert_eq!(names, ["slow.js"]);

    // Without the hook the same run fixes it.
    let (out, _) = run(cplint(d).args(["--fix", "--file-timeout", "1", "slow.js"]), b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_ne!(fs::read_to_string(d.join("slow.js")).unwrap(), SAFE);
}

/// The same for `--fix` on standard input: the source comes back unchanged.
#[test]
fn stdin_fix_honours_file_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = cplint(dir.path());
    cmd.args(["--fix", "--file-timeout", "1", "--stdin-filename", "a.js"]).env("CPLINT_TEST_SLOW_FIX_MS", "30000");
    let (out, took) = run(&mut cmd, SAFE.as_bytes());
    assert_eq!(String::from_utf8_lossy(&out.stdout), SAFE);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("gave up after 1 s"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

/// A file that is slow to analyse (an `else if` chain swc parses in time worse than
/// linear) and offers a fix: given up on after `--file-timeout`, reported, not
/// written, and the run ends in about that time.
#[test]
fn a_slow_file_is_not_fixed_and_the_run_ends() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let slow = format!("{SAFE}if (a) {{}}{}\n", " else if (a) {}".repeat(100_000));
    fs::write(d.join("slow.js"), &slow).unwrap();
    fs::write(d.join("quick.js"), SAFE).unwrap();
    let (out, took) = run(cplint(d).args(["--fix", "--file-timeout", "1", "."]), b"");
    let doc = json(&out);
    let e = errors_for(&doc, "slow.js");
    assert_eq!(e.len(), 1, "{doc}");
    assert!(e[0].0 == "parse-error" && e[0].1.contains("gave up after 1 s"), "{e:?}");
    assert_eq!(fs::read_to_string(d.join("slow.js")).unwrap(), slow, "the slow file was written");
    assert_ne!(fs::read_to_string(d.join("quick.js")).unwrap(), SAFE, "the quick file was not fixed");
    assert_eq!(out.status.code(), Some(1));
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

fn session(config: cplint::config::Config) -> Session {
    Session::new(config, RunOptions { threads: 2, ..RunOptions::default() })
}

fn findings(report: &cplint::report::RunReport) -> Vec<String> {
    report
        .files
        .iter()
        .flat_map(|f| f.findings.iter().map(move |x| format!("{}:{}:{} {}", f.path, x.line, x.column, x.rule.code)))
        .collect()
}

/// The library entry points agree with each other and with the pre-filter off.
#[test]
fn session_check_and_fix_through_the_library() {
    let config = Session::load_config(&ConfigSource::Isolated, &["ALL".into()], &[]).expect("config");
    let s = session(config.clone());
    let report = s.check_source("src/a.js", VULNERABLE.as_bytes());
    assert!(
        findings(&report).iter().any(|f| f.starts_with("src/a.js:2:") && f.ends_with(" CP001")),
        "{:?}",
        findings(&report)
    );
    assert_eq!(report.exit_code(&ExitPolicy::default()), 1);
    assert_eq!(report.exit_code(&ExitPolicy { exit_zero: true, ..Default::default() }), 0);

    // A buffer is fixed without touching any file.
    let fixed = s.fix_source("a.js", SAFE, Mode::Safe, true);
    assert_ne!(fixed.text, SAFE);
    assert_eq!((fixed.totals.applied, fixed.report.fixed), (1, 1));
    assert!(fixed.totals.diffs[0].1.starts_with("--- a.js\n+++ a.js\n"), "{:?}", fixed.totals.diffs);
    assert_eq!(fixed.report.exit_code(&ExitPolicy { diff: true, ..Default::default() }), 1);
    let clean = s.fix_source("a.js", &fixed.text, Mode::Safe, true);
    assert_eq!((clean.text.as_str(), clean.totals.applied), (fixed.text.as_str(), 0));
    assert_eq!(clean.report.exit_code(&ExitPolicy { diff: true, ..Default::default() }), 0);

    // Paths: the fixture folders, screened once by the walker or not at all.
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let screened = s.check(std::slice::from_ref(&fixtures));
    let mut off = config;
    off.prefilter = false;
    let unscreened = session(off).check(std::slice::from_ref(&fixtures));
    assert!(!findings(&screened).is_empty());
    assert_eq!(findings(&screened), findings(&unscreened));
    assert_eq!(screened.error_count(ErrorKind::ParseError), unscreened.error_count(ErrorKind::ParseError));

    // `fix` without writing: a diff per file, nothing written.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.js"), SAFE).unwrap();
    let (report, totals) = s.fix(&[dir.path().to_path_buf()], Mode::Safe, false);
    assert_eq!((report.fixed, totals.diffs.len(), totals.files_changed), (1, 1, 1));
    assert_eq!(fs::read_to_string(dir.path().join("a.js")).unwrap(), SAFE);
}

/// Issue 15 item 20: a file with 4,000 calls to one `exec` gets one finding per
/// call, and fixing it rewrites every call (times: `bench/scale.sh`).
#[test]
fn a_file_with_4000_calls_gets_4000_findings_and_fixes() {
    let mut src = String::from("const { exec } = require(\"child_process\");\n");
    for i in 0..4000 {
        src.push_str(&format!(
            "exec(\"cat \" + x{}, {{ timeout: 1000 }}, (err) => {{ if (err) throw err; }});\n",
            i % 10
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("calls.js"), &src).unwrap();
    let config = Session::load_config(&ConfigSource::Isolated, &["shell-injection".into()], &[]).expect("config");
    let s = session(config);
    let report = s.check(&[dir.path().to_path_buf()]);
    assert_eq!(report.files.len(), 1);
    let f = &report.files[0];
    assert_eq!(f.errors.len(), 0, "{:?}", f.errors);
    assert_eq!(f.findings.len(), 4000);
    let lines: std::collections::BTreeSet<usize> = f.findings.iter().map(|x| x.line).collect();
    assert_eq!(lines, (2..=4001).collect());
    let (report, totals) = s.fix(&[dir.path().to_path_buf()], Mode::Unsafe, true);
    assert_eq!((totals.applied, report.files.iter().map(|f| f.findings.len()).sum::<usize>()), (4000, 0));
    let fixed = fs::read_to_string(dir.path().join("calls.js")).unwrap();
    assert_eq!(fixed.matches("execFile(\"cat\", [x").count(), 4000, "{}", &fixed[..300]);
}

/// `Config::fixes = false` (what the language server lints with) leaves out the
/// fixes and nothing else: over every rule fixture, the findings are the same, in
/// the same order, with the same text, and a fixture that has fixes has none.
#[test]
fn linting_without_fixes_changes_only_the_fixes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let mut with_fixes = Session::load_config(&ConfigSource::Isolated, &["ALL".into()], &[]).expect("config");
    with_fixes.fixes = true;
    let mut without = with_fixes.clone();
    without.fixes = false;
    let (with_fixes, without) = (session(with_fixes), session(without));
    let (mut files, mut fixed) = (0, 0);
    for rule in fs::read_dir(&root).expect("fixtures").flatten() {
        for file in fs::read_dir(rule.path()).expect("rule fixtures").flatten() {
            let path = file.path();
            if !path
                .extension()
                .is_some_and(|e| ["js", "mjs", "cjs", "ts", "tsx", "jsx", "mts", "cts"].iter().any(|x| e == *x))
            {
                continue;
            }
            let (name, bytes) = (path.display().to_string(), fs::read(&path).expect("read fixture"));
            let (a, b) = (with_fixes.check_source(&name, &bytes), without.check_source(&name, &bytes));
            let (a, b) = (&a.files[0].findings, &b.files[0].findings);
            assert_eq!(a.len(), b.len(), "{name}");
            for (x, y) in a.iter().zip(b) {
                assert_eq!(
                    (x.rule.code, x.start, x.end, &x.message, &x.help, &x.note),
                    (y.rule.code, y.start, y.end, &y.message, &y.help, &y.note),
                    "{name}"
                );
                assert!(y.fix.is_none(), "{name}: a fix was worked out with fixes off");
            }
            files += 1;
            fixed += usize::from(a.iter().any(|f| f.fix.is_some()));
        }
    }
    assert!(files > 100 && fixed > 20, "{files} fixtures, {fixed} with fixes");
}
