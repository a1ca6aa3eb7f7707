//! Bulk suppressions (`cplint-suppressions.json`, ESLint 9.24's format) and
//! `--changed-since`, each in a real project made in a temporary folder (a real git
//! repository for `--changed-since`; skipped, and said so, without git).

mod common;

use std::fs;
use std::path::Path;
use std::process::Command as StdCommand;

use assert_cmd::Command;
use common::harness::{Outcome, skip};
use common::project;
use serde_json::Value;

const ONE: &str = "const { exec } = require('child_process');\nmodule.exports = (f) => exec('cat ' + f);\n";
const TWO: &str = "const { exec } = require('child_process');\nmodule.exports = (f) => exec('cat ' + f);\n\
                   module.exports.b = (g) => exec('ls ' + g);\n";
const CLEAN: &str = "console.log('nothing to see');\n";

fn cplint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("cplint").expect("binary built");
    c.current_dir(dir).env_remove("CPLINT_TEST_PANIC").env("NO_COLOR", "1").env("HOME", dir);
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn suppressions(dir: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(dir.join("cplint-suppressions.json")).unwrap()).unwrap()
}

fn suppress_all_writes_eslints_format_and_later_runs_pass() {
    let dir = project(&[("src/a.js", TWO), ("lib/b.js", ONE)]);
    assert_eq!(run(&mut cplint(dir.path())).0, 1);
    let (code, out, _) = run(cplint(dir.path()).arg("--suppress-all"));
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        suppressions(dir.path()),
        serde_json::json!({
            "lib/b.js": { "shell-injection": { "count": 1 } },
            "src/a.js": { "shell-injection": { "count": 2 } },
        })
    );
    let (code, out, err) = run(&mut cplint(dir.path()));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("No problems found in 2 files; 3 suppressed by the suppressions file (not counted)"), "{out}");
    let (code, out, _) = run(cplint(dir.path()).args(["--format", "json"]));
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["summary"]["bulk_suppressed"], 3);
    assert_eq!(doc["summary"]["findings"], 0);
}

fn above_the_count_every_finding_of_the_rule_in_the_file_is_reported() {
    let dir = project(&[("src/a.js", ONE), ("src/b.js", ONE)]);
    assert_eq!(run(cplint(dir.path()).arg("--suppress-all")).0, 0);
    fs::write(dir.path().join("src/a.js"), TWO).unwrap();
    let (code, out, _) = run(cplint(dir.path()).args(["--format", "json"]));
    assert_eq!(code, 1, "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let lines: Vec<(String, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
        .collect();
    // As ESLint: both findings of a.js (cplint cannot tell which is new); b.js stays suppressed.
    assert_eq!(lines, [("src/a.js".to_string(), 2), ("src/a.js".to_string(), 3)]);
    assert_eq!(doc["summary"]["bulk_suppressed"], 1);
}

fn suppress_rule_records_only_that_rule_by_id_or_code() {
    let dir = project(&[("src/a.js", &format!("{ONE}require('child_process').exec('ls');\n"))]);
    let (code, out, err) = run(cplint(dir.path()).args(["--suppress-rule", "CP001"]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("CP005 unchecked-exit"), "other rules are still reported: {out}");
    let doc = suppressions(dir.path());
    assert_eq!(doc, serde_json::json!({ "src/a.js": { "shell-injection": { "count": 1 } } }));
    let (code, _, err) = run(cplint(dir.path()).args(["--suppress-rule", "no-such-rule"]));
    assert_eq!(code, 2);
    assert!(err.contains("no-such-rule"), "{err}");
    let (code, _, err) = run(cplint(dir.path()).args(["--suppress-all", "--suppress-rule", "CP001"]));
    assert_eq!(code, 2, "{err}");
}

fn stale_entries_fail_until_pruned() {
    let dir = project(&[("src/a.js", TWO)]);
    assert_eq!(run(cplint(dir.path()).arg("--suppress-all")).0, 0);
    fs::write(dir.path().join("src/a.js"), ONE).unwrap();
    let (code, _, err) = run(&mut cplint(dir.path()));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("There are suppressions left that do not occur anymore"), "{err}");
    let (code, _, err) = run(cplint(dir.path()).arg("--pass-on-unpruned-suppressions"));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: There are suppressions left"), "{err}");
    assert_eq!(run(cplint(dir.path()).arg("--prune-suppressions")).0, 0);
    assert_eq!(suppressions(dir.path()), serde_json::json!({ "src/a.js": { "shell-injection": { "count": 1 } } }));
    // A file cleaned up entirely (no report at all) is stale too, and pruned away.
    fs::write(dir.path().join("src/a.js"), CLEAN).unwrap();
    assert_eq!(run(&mut cplint(dir.path())).0, 2);
    assert_eq!(run(cplint(dir.path()).arg("--prune-suppressions")).0, 0);
    assert_eq!(suppressions(dir.path()), serde_json::json!({}));
    assert_eq!(run(&mut cplint(dir.path())).0, 0);
}

fn entries_of_files_not_linted_or_rules_not_run_are_not_stale() {
    let dir = project(&[("src/a.js", ONE), ("lib/b.js", ONE)]);
    assert_eq!(run(cplint(dir.path()).arg("--suppress-all")).0, 0);
    let (code, _, err) = run(cplint(dir.path()).arg("src"));
    assert_eq!(code, 0, "lib/b.js was not linted: {err}");
    let (code, _, err) = run(cplint(dir.path()).args(["--select", "missing-timeout"]));
    assert_eq!(code, 0, "shell-injection did not run: {err}");
}

fn suppressions_location_names_the_file_and_must_exist() {
    let dir = project(&[("src/a.js", ONE)]);
    let (code, _, err) = run(cplint(dir.path()).args(["--suppressions-location", "ci/base.json"]));
    assert_eq!(code, 2);
    assert!(err.contains("does not exist"), "{err}");
    fs::create_dir(dir.path().join("ci")).unwrap();
    assert_eq!(run(cplint(dir.path()).args(["--suppressions-location", "ci/base.json", "--suppress-all"])).0, 0);
    assert!(!dir.path().join("cplint-suppressions.json").exists());
    let text = fs::read_to_string(dir.path().join("ci/base.json")).unwrap();
    // Paths stay relative to the working directory, as ESLint writes them.
    assert!(text.contains("\"src/a.js\""), "{text}");
    assert_eq!(run(cplint(dir.path()).args(["--suppressions-location", "ci/base.json"])).0, 0);
    assert_eq!(run(&mut cplint(dir.path())).0, 1, "the default file is not there");
}

fn quiet_applies_after_the_baseline_and_never_shrinks_it() {
    let dir = project(&[("src/a.js", "const cp = require('child_process');\ncp.exec('ls');\n")]);
    let (_, before, _) = run(cplint(dir.path()).args(["--format", "json"]));
    let before: Value = serde_json::from_str(&before).unwrap();
    let warnings = before["findings"].as_array().unwrap().len();
    assert!(warnings > 0, "{before}");
    assert_eq!(run(cplint(dir.path()).arg("--suppress-all")).0, 0);
    let (code, _, err) = run(cplint(dir.path()).arg("-q"));
    assert_eq!(code, 0, "{err}");
    assert_eq!(run(cplint(dir.path()).args(["-q", "--prune-suppressions"])).0, 0);
    let total: u64 =
        suppressions(dir.path())["src/a.js"].as_object().unwrap().values().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, warnings, "--quiet must not prune the warnings' counts");
}

fn stdin_cannot_write_suppressions_but_reads_them() {
    let dir = project(&[("src/a.js", ONE)]);
    assert_eq!(run(cplint(dir.path()).arg("--suppress-all")).0, 0);
    let (code, _, err) = run(cplint(dir.path()).args(["--stdin-filename", "src/a.js"]).write_stdin(ONE));
    assert_eq!(code, 0, "{err}");
    let (code, _, _) =
        run(cplint(dir.path()).args(["--stdin-filename", "src/a.js", "--suppress-all"]).write_stdin(ONE));
    assert_eq!(code, 2);
}

fn git(dir: &Path, args: &[&str]) {
    let out = StdCommand::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn linted_paths(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let (code, out, err) = run(cplint(dir).args(["--format", "json", "--select", "shell-injection"]).args(args));
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let mut paths: Vec<String> =
        doc["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    paths.dedup();
    assert_eq!(doc["summary"]["files_scanned"].as_u64().unwrap() as usize, paths.len(), "{doc}");
    (code, paths, err)
}

fn changed_since_lints_what_the_branch_changed() -> Outcome {
    if StdCommand::new("git").arg("--version").output().is_err() {
        return skip("git is not on PATH");
    }
    let dir = project(&[("old.js", ONE), ("sub/keep.js", ONE), ("notes.md", "hi\n"), ("gone.js", ONE)]);
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    fs::write(d.join(".gitignore"), "ignored.js\n").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "base"]);
    git(d, &["checkout", "-q", "-b", "feature"]);
    fs::write(d.join("committed.js"), ONE).unwrap();
    fs::write(d.join("notes.md"), "changed\n").unwrap();
    fs::remove_file(d.join("gone.js")).unwrap();
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "feature work"]);
    // A commit on main after the branch left it is not the branch's change.
    git(d, &["checkout", "-q", "main"]);
    fs::write(d.join("old.js"), format!("{ONE}// on main\n")).unwrap();
    git(d, &["commit", "-q", "-am", "main moves on"]);
    git(d, &["checkout", "-q", "feature"]);
    fs::write(d.join("sub/keep.js"), format!("{ONE}// edited\n")).unwrap(); // unstaged
    fs::write(d.join("untracked.js"), ONE).unwrap();
    fs::write(d.join("ignored.js"), ONE).unwrap();

    let (code, paths, err) = linted_paths(d, &["--changed-since", "main"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(paths, ["committed.js", "sub/keep.js", "untracked.js"], "{err}");
    let (_, paths, _) = linted_paths(d, &["--changed-since", "main", "sub"]);
    assert_eq!(paths, ["sub/keep.js"]);
    let (_, paths, _) = linted_paths(&d.join("sub"), &["--changed-since", "main"]);
    assert_eq!(paths, ["keep.js"], "paths are shown from the working directory");
    // Nothing changed: an empty, passing run (not every file).
    let (code, paths, _) = linted_paths(d, &["--changed-since", "HEAD", "sub/nothing-here"]);
    assert_eq!((code, paths.len()), (0, 0));
    let (code, _, err) = run(cplint(d).args(["--changed-since", "no-such-ref"]));
    assert_eq!(code, 2);
    assert!(err.contains("no-such-ref"), "{err}");
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("a.js"), ONE).unwrap();
    let (code, _, err) = run(cplint(outside.path()).args(["--changed-since", "main"]));
    assert_eq!(code, 2, "{err}");
    Ok(())
}

test_main! {
    suppress_all_writes_eslints_format_and_later_runs_pass,
    above_the_count_every_finding_of_the_rule_in_the_file_is_reported,
    suppress_rule_records_only_that_rule_by_id_or_code,
    stale_entries_fail_until_pruned,
    entries_of_files_not_linted_or_rules_not_run_are_not_stale,
    suppressions_location_names_the_file_and_must_exist,
    quiet_applies_after_the_baseline_and_never_shrinks_it,
    stdin_cannot_write_suppressions_but_reads_them,
    changed_since_lints_what_the_branch_changed,
}
