//! The binary end to end: exit codes, formats, the walker, and bad input that must
//! never stop a run.

mod common;

use std::fs;
use std::io::Read;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use common::{project, root};
use predicates::prelude::*;
use serde_json::Value;

fn cplint() -> Command {
    let mut c = Command::cargo_bin("cplint").expect("binary built");
    c.env_remove("CPLINT_TEST_PANIC").env("NO_COLOR", "1");
    c
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        panic!("not JSON ({e}): {stdout}\nstderr: {stderr}")
    })
}

const VULNERABLE: &str = "const { exec } = require('child_process');\nmodule.exports = (f) => exec('cat ' + f);\n";

/// [`VULNERABLE`] with a child nobody checks (`unchecked-exit`) as well.
const TWO_RULES: &str = "const { exec } = require('child_process');\nmodule.exports = (f) => { exec('cat ' + f); };\n";

#[test]
fn bundled_example_shows_the_seed_failure() {
    let out = cplint().current_dir(root()).arg("examples/").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("examples/media-service/src/transcode.ts:8:5"), "{text}");
    assert!(text.contains("a parameter of the exported function `convertUpload`"), "{text}");
    for rule in [
        "CP001 shell-injection",
        "CP002 spawn-command-string",
        "CP003 missing-timeout",
        "CP004 unhandled-error",
        "CP005 unchecked-exit",
        "CP006 undrained-stdio",
        "CP007 buffered-output",
    ] {
        assert!(text.contains(rule), "{rule} missing from:\n{text}");
    }
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[lines.len().saturating_sub(2)..],
        [
            "Found 8 problems (2 errors, 6 warnings) in 3 of 3 files",
            "1 fixable with `--fix`, 3 more with `--fix --unsafe-fixes`"
        ],
        "{text}"
    );
}

#[test]
fn json_report_follows_the_schema_and_is_sorted() {
    let out = cplint().current_dir(root()).args(["--format", "json", "fixtures/rules"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"]["name"], "cplint");
    let findings = doc["findings"].as_array().unwrap();
    assert!(findings.len() > 40);
    let keys: Vec<(String, u64, u64, String)> = findings
        .iter()
        .map(|f| {
            for k in [
                "rule",
                "code",
                "severity",
                "path",
                "line",
                "column",
                "end_line",
                "end_column",
                "message",
                "start",
                "end",
            ] {
                assert!(!f[k].is_null(), "finding without {k}: {f}");
            }
            assert!(!f["path"].as_str().unwrap().contains('\\'));
            (
                f["path"].as_str().unwrap().into(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().into(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "findings must be sorted by path, line, column, rule");
    assert_eq!(doc["summary"]["findings"].as_u64().unwrap() as usize, findings.len());
    let by_rule: u64 = doc["summary"]["by_rule"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(by_rule as usize, findings.len());
}

#[test]
fn columns_count_characters_and_end_is_exclusive() {
    let dir = tempfile::tempdir().unwrap();
    let src = "const { exec } = require('child_process');\nconst ü = 1; exec('ls ' + process.argv[2]);\n";
    fs::write(dir.path().join("a.js"), src).unwrap();
    let out = cplint().current_dir(dir.path()).args(["--format", "json", "a.js"]).output().unwrap();
    let f = &json(&out)["findings"][0];
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(2), Some(14)));
    // `exec(...)` is 29 characters long; the end column is exclusive.
    assert_eq!(f["end_column"].as_u64(), Some(14 + 29));
    let start = f["start"].as_u64().unwrap() as usize;
    assert_eq!(&src[start..start + 4], "exec");
}

#[test]
fn clean_code_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("ok.js"),
        "require('child_process').execFile('ls', ['-la'], { timeout: 5000 }, (err) => { if (err) throw err; });\n",
    )
    .unwrap();
    cplint().current_dir(dir.path()).assert().code(0).stdout(predicate::str::contains("No problems found in 1 file"));
}

#[test]
fn a_broken_file_is_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("broken.js"), "const cp = require('child_process');\nfunction (\n").unwrap();
    fs::write(dir.path().join("vuln.js"), VULNERABLE).unwrap();
    let out = cplint().current_dir(dir.path()).args(["--format", "json", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(doc["errors"][0]["path"], "broken.js");
    assert_eq!(doc["errors"][0]["kind"], "parse-error");
    assert_eq!(doc["errors"][0]["line"], 2);
    assert_eq!(doc["findings"][0]["path"], "vuln.js");
    let text = cplint().current_dir(dir.path()).output().unwrap();
    let t = String::from_utf8_lossy(&text.stdout);
    assert!(t.contains("parse-error") && t.contains("broken.js:2:"), "{t}");
}

/// A line that does not parse (an `import` inside a function, as in a peer's test
/// suite) is reported and left out; the rest of the file is linted, without fixes.
#[test]
fn the_rest_of_a_file_with_a_broken_line_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    let src = "const cp = require('child_process');\n(function () {\n  import a from 'a';\n  cp.exec('ls ' + a.dir, { timeout: 1000 }, (e) => { if (e) throw e; });\n})();\n";
    fs::write(dir.path().join("part.js"), src).unwrap();
    let out = cplint().current_dir(dir.path()).args(["--format", "json", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(doc["errors"].as_array().map(Vec::len), Some(1), "{doc}");
    assert_eq!(doc["errors"][0]["kind"], "parse-error");
    assert_eq!(doc["errors"][0]["line"], 3);
    let found: Vec<(String, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(found, [("shell-injection".to_string(), 4)], "{doc}");
    assert!(doc["findings"][0]["fix"].is_null(), "{doc}");
    // The same call in a file that parses has its rewrite.
    fs::write(
        dir.path().join("whole.mjs"),
        format!("import a from 'a';\n{}", src.replace("  import a from 'a';\n", "")),
    )
    .unwrap();
    let whole = json(&cplint().current_dir(dir.path()).args(["--format", "json", "whole.mjs"]).output().unwrap());
    assert!(whole["findings"][0]["fix"].is_object(), "{whole}");
    fs::remove_file(dir.path().join("whole.mjs")).unwrap();
    let text = cplint().current_dir(dir.path()).output().unwrap();
    let t = String::from_utf8_lossy(&text.stdout);
    assert!(
        t.contains("left this line out") && t.contains("1 file was linted without the lines that do not parse"),
        "{t}"
    );
    assert!(!t.contains("could not be linted"), "{t}");
    // `--fix` leaves the file as it is.
    cplint().current_dir(dir.path()).args(["--fix", "--unsafe-fixes", "."]).output().unwrap();
    assert_eq!(fs::read_to_string(dir.path().join("part.js")).unwrap(), src);
    // More broken lines than cplint leaves out: not linted at all.
    fs::write(dir.path().join("bad.js"), "require('child_process').exec(x);\n1 +;\n2 +;\n3 +;\n4 +;\n").unwrap();
    let text = cplint().current_dir(dir.path()).arg("bad.js").output().unwrap();
    let t = String::from_utf8_lossy(&text.stdout);
    assert!(t.contains("1 file could not be linted") && !t.contains("left this line out"), "{t}");
}

#[test]
fn non_utf8_and_utf16_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut latin1 = b"// caf\xe9\n".to_vec();
    latin1.extend_from_slice(VULNERABLE.as_bytes());
    fs::write(dir.path().join("latin1.js"), latin1).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in VULNERABLE.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    fs::write(dir.path().join("utf16.js"), utf16).unwrap();
    let out = cplint().current_dir(dir.path()).output().unwrap();
    let t = String::from_utf8_lossy(&out.stdout);
    assert!(t.contains("latin1.js: note: not valid UTF-8"), "{t}");
    assert!(t.contains("utf16.js: note: decoded from UTF-16 LE"), "{t}");
    assert_eq!(t.matches("CP001 shell-injection").count(), 2, "{t}");
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("require('child_process');\nx = {}1{};\n", "[".repeat(100_000), "]".repeat(100_000));
    fs::write(dir.path().join("deep.js"), deep).unwrap();
    // Just under the limit: parsed and analysed for real on the lint threads' stacks.
    let n = cplint::parse::MAX_NESTING - 10;
    let nested = format!(
        "const {{ exec }} = require('child_process');\nexec({}'ls ' + process.argv[2]{});\n",
        "(".repeat(n),
        ")".repeat(n)
    );
    fs::write(dir.path().join("nested.js"), nested).unwrap();
    let chain = format!("const {{ exec }} = require('child_process');\nexec('ls' {});\n", "+ 'a' ".repeat(50_000));
    fs::write(dir.path().join("chain.js"), chain).unwrap();
    let out = cplint()
        .current_dir(dir.path())
        .args(["--format", "json", "--select", "shell-injection", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    assert_eq!(doc["errors"][0]["path"], "deep.js");
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("100000 levels"));
    let paths: Vec<&str> = doc["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["nested.js"]);
}

#[test]
fn a_panic_in_one_file_is_reported_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("boom.js"), "require('child_process'); // cplint-test-panic\n").unwrap();
    fs::write(dir.path().join("vuln.js"), VULNERABLE).unwrap();
    let out =
        cplint().current_dir(dir.path()).env("CPLINT_TEST_PANIC", "1").args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_eq!(doc["errors"][0]["kind"], "internal");
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("crashed"));
    assert_eq!(doc["findings"][0]["path"], "vuln.js");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "the panic is reported once, in the report");
}

#[test]
fn closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..200 {
        fs::write(dir.path().join(format!("f{i:03}.js")), VULNERABLE).unwrap();
    }
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_cplint"))
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe closes
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(err.is_empty(), "stderr: {err}");
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
}

#[test]
fn walker_honours_gitignore_outside_git_and_skips_node_modules() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for sub in ["src", "ignored", "node_modules/dep", ".github/scripts"] {
        fs::create_dir_all(p.join(sub)).unwrap();
        fs::write(p.join(sub).join("x.js"), VULNERABLE).unwrap();
    }
    fs::write(p.join(".gitignore"), "ignored/\n").unwrap();
    fs::write(p.join("notes.txt"), VULNERABLE).unwrap();
    let out = cplint().current_dir(p).args(["--format", "json"]).output().unwrap();
    let doc = json(&out);
    let mut paths: Vec<String> =
        doc["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    paths.sort();
    assert_eq!(paths, [".github/scripts/x.js", "src/x.js"]);
    // A file named on the command line is always linted.
    let out = cplint().current_dir(p).args(["--format", "json", "ignored/x.js"]).output().unwrap();
    assert_eq!(json(&out)["findings"][0]["path"], "ignored/x.js");
    // --no-ignore reads ignored folders too (node_modules stays skipped).
    let out = cplint().current_dir(p).args(["--format", "json", "--no-ignore"]).output().unwrap();
    assert_eq!(json(&out)["summary"]["findings"], 3);
}

#[test]
fn walker_skips_declaration_files_and_visits_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::create_dir_all(p.join("src")).unwrap();
    fs::write(p.join("src/a.js"), VULNERABLE).unwrap();
    fs::write(p.join("src/b.ts"), VULNERABLE).unwrap();
    // Declaration files hold no code that runs; these are not real ones, so a walk
    // that read them would report findings.
    for name in ["types.d.ts", "types.d.mts", "types.d.cts"] {
        fs::write(p.join("src").join(name), VULNERABLE).unwrap();
    }
    let out = cplint().current_dir(p).args(["--format", "json"]).output().unwrap();
    let doc = json(&out);
    let mut paths: Vec<&str> =
        doc["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    paths.sort();
    assert_eq!(paths, ["src/a.js", "src/b.ts"], "{doc}");
    assert_eq!(doc["summary"]["files_scanned"], 2, "{doc}");
    // A folder and a file inside it, and a file named twice: each file linted once.
    let out = cplint().current_dir(p).args(["--format", "json", "src", "src/a.js", "./src/a.js"]).output().unwrap();
    let doc = json(&out);
    assert_eq!(doc["summary"]["files_scanned"], 2, "{doc}");
    assert_eq!(doc["summary"]["findings"], 2, "{doc}");
}

#[test]
fn stdin_is_linted_under_the_given_name() {
    let out =
        cplint().args(["--stdin-filename", "src/app.ts", "--format", "json"]).write_stdin(VULNERABLE).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["findings"][0]["path"], "src/app.ts");
}

#[test]
fn declaration_files_are_not_linted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "import { exec } from 'child_process';\nexec('cat ' + process.argv[2]);\n";
    for name in ["app.ts", "types.d.ts", "types.d.mts", "app.d.css.ts"] {
        fs::write(d.join(name), text).unwrap();
    }
    // Walked: only the ordinary file is reported; declaration files are not even read.
    let out = cplint().current_dir(d).args(["--format", "json", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let paths: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(!paths.is_empty() && paths.iter().all(|p| *p == "app.ts"), "{paths:?}");
    assert_eq!(v["summary"]["files_scanned"], 1);
    // Named on the command line or read from stdin: a clean result, no warning.
    let out = cplint().current_dir(d).args(["types.d.ts", "app.d.css.ts"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let out =
        cplint().args(["--stdin-filename", "src/types.d.ts", "--format", "json"]).write_stdin(text).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(json(&out)["findings"], serde_json::json!([]));
}

#[test]
fn usage_errors_exit_2() {
    cplint().arg("does/not/exist").assert().code(2).stdout(predicate::str::contains("does/not/exist"));
    cplint()
        .args(["--select", "no-such-rule", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `no-such-rule`"));
    cplint().args(["explain", "nope"]).assert().code(2);
    cplint().args(["--format", "yaml"]).assert().code(2);
}

#[test]
fn select_ignore_exit_zero_and_quiet() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.js"), VULNERABLE).unwrap();
    let d = dir.path();
    cplint().current_dir(d).args(["--ignore", "CP001"]).assert().code(0);
    cplint().current_dir(d).args(["--select", "spawn-command-string"]).assert().code(0);
    cplint().current_dir(d).args(["--exit-zero"]).assert().code(0).stdout(predicate::str::contains("CP001"));
    cplint()
        .current_dir(d)
        .args(["--statistics"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("1  CP001  shell-injection"));
}

#[test]
fn output_file_receives_the_report() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.js"), VULNERABLE).unwrap();
    cplint().current_dir(dir.path()).args(["--format", "json", "-o", "report.json"]).assert().code(1).stdout("");
    let doc: Value = serde_json::from_str(&fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(doc["summary"]["findings"], 1);
}

#[test]
fn explain_and_rules_print_from_the_doc_comments() {
    cplint()
        .args(["explain", "CP001"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("# shell-injection (CP001)").and(predicate::str::contains("## Use instead")));
    let out = cplint().args(["rules", "--format", "json"]).output().unwrap();
    let v = json(&out);
    assert_eq!(v[0]["code"], "CP001");
    assert_eq!(v[1]["name"], "spawn-command-string");
    cplint().arg("rules").assert().code(0).stdout(predicate::str::contains("CP002  spawn-command-string"));
}

#[test]
fn config_file_sets_levels_and_rejects_unknown_keys() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.js"), VULNERABLE).unwrap();
    fs::write(d.join("cplint.toml"), "[rules]\nshell-injection = \"off\"\nCP003 = \"off\"\n").unwrap();
    cplint().current_dir(d).args(["--select", "shell-injection,missing-timeout"]).assert().code(0);
    // Found upward from a subfolder.
    fs::create_dir(d.join("sub")).unwrap();
    cplint().current_dir(d.join("sub")).args(["--select", "shell-injection", ".."]).assert().code(0);
    cplint().current_dir(d).args(["--isolated", "--select", "shell-injection"]).assert().code(1);
    fs::write(d.join("cplint.toml"), "[rulez]\n").unwrap();
    cplint().current_dir(d).assert().code(2).stderr(predicate::str::contains("rulez"));
    fs::write(d.join("cplint.toml"), "[rules]\nno-such-rule = \"off\"\n").unwrap();
    cplint().current_dir(d).assert().code(2).stderr(predicate::str::contains("unknown rule `no-such-rule`"));
    fs::write(d.join("cplint.toml"), "[rules]\nshell-injection = \"loud\"\n").unwrap();
    cplint().current_dir(d).assert().code(2).stderr(predicate::str::contains("error, warning, note, off"));
    fs::write(d.join("cplint.toml"), "[rules\n").unwrap();
    cplint().current_dir(d).assert().code(2).stderr(predicate::str::contains("cplint.toml"));
}

#[test]
fn github_format_emits_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a,b.js"), VULNERABLE).unwrap();
    let out =
        cplint().current_dir(dir.path()).args(["--format", "github", "--select", "shell-injection"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().next().unwrap_or("");
    assert!(
        line.starts_with("::error file=a%2Cb.js,line=2,col=25,endLine=2,endColumn=41,title=CP001 shell-injection::`exec` runs a shell command"),
        "{text}"
    );
    assert!(line.contains("%0Ahelp: "), "help is on a second line of the message: {line}");
    assert_eq!(text.lines().count(), 1);
}

#[test]
fn inline_suppressions_follow_eslint_grammar() {
    let dir = tempfile::tempdir().unwrap();
    let src = r#"const { exec } = require("child_process");
module.exports = function (a, b, c, d) {
  // cplint-disable-next-line shell-injection -- input is validated by the caller
  exec("ls " + a);
  exec("ls " + b); // cplint-disable-line CP001
  /* cplint-disable shell-injection */
  exec("ls " + c);
  /* cplint-enable shell-injection */
  exec("ls " + d);
  // cplint-disable-next-line spawn-command-string
  exec("echo ok");
};
"#;
    fs::write(dir.path().join("a.js"), src).unwrap();
    let out =
        cplint().current_dir(dir.path()).args(["--format", "json", "--select", "shell-injection"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let lines: Vec<u64> = doc["findings"].as_array().unwrap().iter().map(|f| f["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [9], "only the call after the enable is reported");
    // An unused directive is a warning, not an error (issue 18).
    assert_eq!(doc["errors"].as_array().unwrap().len(), 0, "{}", doc["errors"]);
    assert_eq!(doc["summary"]["errors"], 0);
    let warnings = doc["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["kind"], "unused-directive");
    assert_eq!(warnings[0]["line"], 10);
    assert_eq!(doc["summary"]["warnings"], 1);

    // A whole-file directive, and an unknown rule name (an error: exit 1).
    fs::write(dir.path().join("a.js"), format!("// cplint-disable-file\n{src}")).unwrap();
    let out =
        cplint().current_dir(dir.path()).args(["--format", "json", "--select", "shell-injection"]).output().unwrap();
    assert_eq!(json(&out)["summary"]["findings"], 0);
    fs::write(dir.path().join("a.js"), "// cplint-disable-next-line no-such-rule\nrequire('child_process');\n")
        .unwrap();
    let out = cplint().current_dir(dir.path()).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(doc["errors"][0]["kind"], "directive");
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("unknown rule `no-such-rule`"));
    // Only that error: a misspelt directive neither suppresses every rule nor counts as unused.
    assert_eq!(doc["errors"].as_array().unwrap().len(), 1, "{}", doc["errors"]);
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 0);
}

#[test]
fn config_lists_extend_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let src = r#"const express = require("express");
const { execFile, spawn } = require("child_process");
const app = express();
module.exports = function (sessionCookie, done) {
  execFile("curl", ["-b", sessionCookie, "https://example.test"], { timeout: 5000 }, done);
  execFile("terraform", ["apply"], { timeout: 600000 }, done);
};
app.get("/x", (req, res) => {
  const c = spawn("deno", ["run", "x.ts"], { timeout: 5000, stdio: "inherit" });
  c.on("error", () => {});
  c.on("exit", (code) => res.end(String(code)));
});
"#;
    fs::write(d.join("a.js"), src).unwrap();
    let rules = "secret-in-args,buffered-output,spawn-per-request";
    let out = cplint().current_dir(d).args(["--format", "json", "--select", rules]).output().unwrap();
    assert_eq!(json(&out)["summary"]["findings"], 0, "none of these is on a built-in list");
    fs::write(
        d.join("cplint.toml"),
        "secret-names = [\"session_cookie\"]\nchatty-programs = [\"terraform\"]\ninterpreters = [\"deno\"]\n",
    )
    .unwrap();
    let out = cplint().current_dir(d).args(["--format", "json", "--select", rules]).output().unwrap();
    let doc = json(&out);
    let mut got: Vec<(u64, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["rule"].as_str().unwrap().to_string()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [(5, "secret-in-args".to_string()), (6, "buffered-output".to_string()), (9, "spawn-per-request".to_string())]
    );
}

#[test]
fn unreadable_folders_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("locked")).unwrap();
    fs::write(d.join("locked/x.js"), VULNERABLE).unwrap();
    fs::write(d.join("ok.js"), VULNERABLE).unwrap();
    std::os::unix::fs::symlink(d, d.join("loop")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(d.join("locked"), fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = fs::read_dir(d.join("locked")).is_ok(); // root ignores permissions
    let out = cplint().current_dir(d).args(["--format", "json", "--select", "shell-injection"]).output().unwrap();
    fs::set_permissions(d.join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    let paths: Vec<&str> = doc["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"ok.js"), "{paths:?}");
    if !readable_anyway {
        let errors = doc["errors"].as_array().unwrap();
        assert!(
            errors.iter().any(|e| e["kind"] == "io" && e["message"].as_str().unwrap().contains("locked")),
            "{errors:?}"
        );
    }
}

#[test]
fn short_f_and_the_concise_format_give_one_line_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.js"), VULNERABLE).unwrap();
    let out = cplint().current_dir(dir.path()).args(["-f", "concise"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("a.js:2:25: CP001 [shell-injection] `exec` runs a shell command"), "{text}");
    assert!(text.contains("Found 1 problem (1 error, 0 warnings) in 1 of 1 file"), "{text}");
    assert!(!text.contains('╭'), "no code frames: {text}");
    let as_json = cplint().current_dir(dir.path()).args(["-f", "json"]).output().unwrap();
    assert_eq!(json(&as_json)["summary"]["findings"], 1);
}

#[test]
fn text_findings_link_to_the_rule_page() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.js"), VULNERABLE).unwrap();
    cplint().current_dir(dir.path()).assert().code(1).stdout(predicate::str::contains(
        "CP001 shell-injection (https://github.com/cplint/cplint/blob/main/rules/shell-injection.md)",
    ));
    assert!(root().join("rules/shell-injection.md").exists(), "the link points at a generated page");
}

#[test]
fn max_warnings_says_why_the_run_failed() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.js"), "const cp = require('child_process');\ncp.exec('ls');\ncp.exec('pwd');\n")
        .unwrap();
    let d = dir.path();
    let args = ["--select", "unchecked-exit"];
    cplint().current_dir(d).args(args).assert().code(0).stderr("");
    cplint()
        .current_dir(d)
        .args(args)
        .args(["--max-warnings", "1"])
        .assert()
        .code(1)
        .stderr("cplint: found 2 warnings, more than --max-warnings 1\n");
    cplint().current_dir(d).args(args).args(["--max-warnings", "2"]).assert().code(0).stderr("");
}

#[test]
fn statistics_prints_only_the_table() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.js"),
        format!("{VULNERABLE}require('child_process').exec('ls');\nrequire('child_process').exec('pwd');\n"),
    )
    .unwrap();
    let out = cplint().current_dir(dir.path()).args(["--statistics", "--select", "CP001,CP005"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "     2  CP005  unchecked-exit\n     1  CP001  shell-injection\n",
        "most first"
    );
}

#[test]
fn init_writes_a_commented_config_and_never_overwrites_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.js"), VULNERABLE).unwrap();
    cplint().current_dir(d).arg("init").assert().code(0);
    let text = fs::read_to_string(d.join("cplint.toml")).unwrap();
    assert_eq!(text, cplint::cli::INIT_TEMPLATE);
    assert!(text.lines().filter(|l| l.starts_with('#')).count() > 10, "{text}");
    // The file is valid and changes nothing until edited.
    cplint().current_dir(d).assert().code(1).stdout(predicate::str::contains("CP001"));
    fs::write(d.join("cplint.toml"), "[rules]\nCP001 = \"off\"\n").unwrap();
    cplint().current_dir(d).arg("init").assert().code(2).stderr(predicate::str::contains("already exists"));
    assert_eq!(fs::read_to_string(d.join("cplint.toml")).unwrap(), "[rules]\nCP001 = \"off\"\n");
}

/// A monorepo: the root's `cplint.toml` switches shell-injection off, package `a`
/// has its own file (defaults, plus an `exclude`), package `b` none, package `c` a
/// broken one. Each file gets the closest file above it (issue 18 item 5).
fn monorepo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join(".git")).unwrap();
    fs::write(d.join("cplint.toml"), "[rules]\nshell-injection = \"off\"\n").unwrap();
    fs::write(d.join("root.js"), TWO_RULES).unwrap();
    for p in ["packages/a/src", "packages/a/gen", "packages/b", "packages/c"] {
        fs::create_dir_all(d.join(p)).unwrap();
    }
    fs::write(d.join("packages/a/cplint.toml"), "exclude = [\"gen/**\"]\n").unwrap();
    fs::write(d.join("packages/a/src/x.js"), TWO_RULES).unwrap();
    fs::write(d.join("packages/a/gen/z.js"), TWO_RULES).unwrap();
    fs::write(d.join("packages/b/y.js"), TWO_RULES).unwrap();
    fs::write(d.join("packages/c/cplint.toml"), "[rules]\nshell-injection = \"loud\"\n").unwrap();
    fs::write(d.join("packages/c/w.js"), TWO_RULES).unwrap();
    dir
}

/// The files with a `shell-injection` finding, sorted.
fn injected(out: &std::process::Output) -> Vec<String> {
    let v = json(out);
    let mut files: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "shell-injection")
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    files.sort();
    files.dedup();
    files
}

#[test]
fn the_closest_config_above_each_file_applies() {
    let dir = monorepo();
    let d = dir.path();
    let out = cplint().current_dir(d).args(["-f", "json"]).output().unwrap();
    // Package a has its own file (rule on by default); root.js and package b get the
    // root's (off); gen/ is excluded by a's file; c's file is broken.
    assert_eq!(injected(&out), vec!["packages/a/src/x.js"]);
    assert_eq!(out.status.code(), Some(2), "a broken nested cplint.toml is an error");
    let v = json(&out);
    let errors = v["errors"].as_array().unwrap();
    let broken: Vec<&Value> = errors.iter().filter(|e| e["path"] == "packages/c/cplint.toml").collect();
    assert_eq!(broken.len(), 1, "reported once: {errors:?}");
    let message = broken[0]["message"].as_str().unwrap();
    assert!(message.contains("error, warning, note, off") && message.contains("not linted"), "{message}");
    assert!(!errors.iter().any(|e| e["path"] == "packages/c/w.js"), "{errors:?}");

    // The same from inside a package, naming the others.
    let out =
        cplint().current_dir(d.join("packages/a")).args(["-f", "json", ".", "../b", "../../root.js"]).output().unwrap();
    assert_eq!(injected(&out), vec!["src/x.js"]);
    assert_eq!(out.status.code(), Some(1));

    // A file named on the command line is linted even where an exclude of its
    // nested file matches, unless --force-exclude.
    let named = |force: bool| {
        let mut c = cplint();
        c.current_dir(d).args(["-f", "json", "packages/a/gen/z.js"]);
        if force {
            c.arg("--force-exclude");
        }
        c.output().unwrap()
    };
    assert_eq!(injected(&named(false)), vec!["packages/a/gen/z.js"]);
    // (Every named file excluded: nothing to say, as for the run's own excludes.)
    let forced = named(true);
    assert_eq!(forced.status.code(), Some(0));
    assert!(forced.stdout.is_empty(), "{}", String::from_utf8_lossy(&forced.stdout));
}

#[test]
fn config_and_isolated_override_nested_files() {
    let dir = monorepo();
    let d = dir.path();
    // --config: one file for everything (the broken nested one is not read).
    let out = cplint().current_dir(d).args(["--config", "cplint.toml", "-f", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(injected(&out).is_empty());
    let v = json(&out);
    assert!(v["errors"].as_array().unwrap().is_empty(), "{v}");
    assert_eq!(v["summary"]["by_rule"]["unchecked-exit"], 5, "every file linted, the warnings stay: {v}");
    // --isolated: no file at all, every file reported (gen/ too: no exclude).
    let out =
        cplint().current_dir(d).args(["--isolated", "--select", "shell-injection", "-f", "json"]).output().unwrap();
    assert_eq!(
        injected(&out),
        vec!["packages/a/gen/z.js", "packages/a/src/x.js", "packages/b/y.js", "packages/c/w.js", "root.js"]
    );
}

#[test]
fn select_and_ignore_apply_on_top_of_nested_files() {
    let dir = monorepo();
    let d = dir.path();
    fs::remove_file(d.join("packages/c/cplint.toml")).unwrap();
    let out = cplint().current_dir(d).args(["--ignore", "shell-injection", "-f", "json"]).output().unwrap();
    assert!(injected(&out).is_empty(), "--ignore reaches package a's file too");
    // --select reaches package a's file too: only the selected rule runs there.
    let out = cplint().current_dir(d).args(["--select", "unchecked-exit", "-f", "json"]).output().unwrap();
    let v = json(&out);
    let rules_in = |file: &str| -> Vec<String> {
        let mut r: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"] == file)
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect();
        r.sort();
        r.dedup();
        r
    };
    assert_eq!(rules_in("packages/a/src/x.js"), vec!["unchecked-exit"]);
    assert_eq!(rules_in("root.js"), vec!["unchecked-exit"]);
    // A level set in a nested file holds: a's file makes the rule a note (gen/ is
    // no longer excluded).
    fs::write(d.join("packages/a/cplint.toml"), "[rules]\nshell-injection = \"note\"\n").unwrap();
    let out = cplint().current_dir(d).args(["-f", "json"]).output().unwrap();
    let level: Vec<&str> = json(&out)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "shell-injection")
        .map(|f| f["severity"].as_str().unwrap())
        .collect::<Vec<_>>()
        .into_iter()
        .map(|s| if s == "note" { "note" } else { "other" })
        .collect();
    assert_eq!(level, vec!["note", "note"]);
}

#[test]
fn a_buffer_gets_the_config_of_its_name() {
    let dir = monorepo();
    let d = dir.path();
    let run = |name: &str| {
        cplint().current_dir(d).args(["-f", "json", "--stdin-filename", name]).write_stdin(TWO_RULES).output().unwrap()
    };
    assert_eq!(injected(&run("packages/a/src/new.js")), vec!["packages/a/src/new.js"], "package a's file: on");
    assert!(injected(&run("packages/b/new.js")).is_empty(), "the root's file: off");
    let broken = run("packages/c/new.js");
    assert_eq!(broken.status.code(), Some(2));
    let errors = json(&broken)["errors"].clone();
    assert_eq!(errors[0]["path"], "packages/c/cplint.toml", "{errors}");
}

/// A small project across files: `lib/sh.js` exports a function that runs its
/// first parameter in a shell; `app.js` (no child_process of its own) calls it
/// with request data, `cli.js` with a constant (issue 14 item 4).
fn cross_file_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("lib")).unwrap();
    fs::write(
        d.join("lib/sh.js"),
        "const cp = require('child_process');\nexports.sh = (cmd) => cp.execSync(cmd, { timeout: 1000 });\n",
    )
    .unwrap();
    fs::write(
        d.join("app.js"),
        "const { sh } = require('./lib/sh');\nmodule.exports = (req) => sh('cat ' + req.query.file);\n",
    )
    .unwrap();
    fs::write(d.join("cli.js"), "const { sh } = require('./lib/sh.js');\nsh('make all');\n").unwrap();
    dir
}

/// (path, line) of every shell-injection finding of a JSON report.
fn injection_lines(out: &std::process::Output) -> Vec<(String, u64)> {
    let v = json(out);
    let mut lines: Vec<(String, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "shell-injection")
        .map(|f| (f["path"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
        .collect();
    lines.sort();
    lines
}

#[test]
fn an_exported_function_that_runs_a_shell_is_a_sink_for_its_importers() {
    let dir = cross_file_project();
    let d = dir.path();
    let expected = vec![("app.js".to_string(), 2), ("lib/sh.js".to_string(), 2)];
    // The same findings whatever the order files are linted in.
    for threads in ["1", "2", "8"] {
        let out = cplint().current_dir(d).args(["--isolated", "-f", "json", "--threads", threads]).output().unwrap();
        assert_eq!(injection_lines(&out), expected, "--threads {threads}");
    }
    let out = cplint().current_dir(d).args(["--isolated", "-f", "json", "app.js"]).output().unwrap();
    assert!(injection_lines(&out).is_empty(), "lib/sh.js is not linted in this run, so it is not known");
    let out = cplint().current_dir(d).args(["--isolated", "-f", "json", "app.js", "lib"]).output().unwrap();
    assert_eq!(injection_lines(&out), expected);
    let text = cplint().current_dir(d).args(["--isolated", "-f", "concise"]).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("app.js:2:27: CP001 [shell-injection] `sh` from lib/sh.js (a shell command at line 2) runs a shell command built from `req.query.file`"),
        "{text}"
    );
    // Off with --no-cross-file: each file on its own.
    let out = cplint().current_dir(d).args(["--isolated", "-f", "json", "--no-cross-file"]).output().unwrap();
    assert_eq!(injection_lines(&out), vec![("lib/sh.js".to_string(), 2)]);
    // A fix run that writes reports the importer as well (nothing there to fix).
    let out = cplint().current_dir(d).args(["--isolated", "-f", "json", "--fix"]).output().unwrap();
    assert_eq!(injection_lines(&out), expected);
    // A suppression on the importer's line is used, not reported as unused.
    fs::write(
        d.join("app.js"),
        "const { sh } = require('./lib/sh');\n// cplint-disable-next-line shell-injection -- the file name is checked by the router\nmodule.exports = (req) => sh('cat ' + req.query.file);\n",
    )
    .unwrap();
    let out = cplint().current_dir(d).args(["--isolated", "-f", "json"]).output().unwrap();
    let v = json(&out);
    assert_eq!(injection_lines(&out), vec![("lib/sh.js".to_string(), 2)]);
    assert!(v["warnings"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn a_file_of_the_same_name_elsewhere_is_not_the_sink() {
    let dir = cross_file_project();
    let d = dir.path();
    fs::create_dir_all(d.join("other")).unwrap();
    fs::write(d.join("other/sh.js"), "exports.sh = (x) => console.log(x);\n").unwrap();
    fs::write(
        d.join("app.js"),
        "const { sh } = require('./other/sh');\nmodule.exports = (req) => sh(req.query.file);\n",
    )
    .unwrap();
    let out = cplint().current_dir(d).args(["--isolated", "-f", "json"]).output().unwrap();
    assert_eq!(injection_lines(&out), vec![("lib/sh.js".to_string(), 2)]);
}

/// `const q = require("a" + q())`: folding the specifier resolved `q` again, without
/// end, and the whole run died of a stack overflow (found by fuzzing, lint_js). Now
/// the specifier is unknown, and the other files of the run are linted.
#[test]
fn a_require_of_itself_does_not_overflow_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("self.js"),
        "const q = require(\"a\" + q());\nconst { exec } = require(\"child_process\");\nexec(q);\n",
    )
    .unwrap();
    fs::write(d.join("ok.js"), VULNERABLE).unwrap();
    let out = cplint().current_dir(d).args(["--isolated", "-f", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(injection_lines(&out), vec![("ok.js".to_string(), 2), ("self.js".to_string(), 3)]);
}

/// Constants exported in every form real code writes, and importers that run
/// them: each importer line is a command built from constants of another file
/// (issue 14 item 4). Before cross-file constants every one was a shell-injection
/// error; `bad.js` holds exports that are not constant and stay reported.
const CONSTS_PROJECT: &[(&str, &str)] = &[
    // CommonJS
    (
        "lib/cjs.js",
        "const PM = 'npm';\nexports.INSTALL = `${PM} install --no-audit`;\nmodule.exports.BUILD = PM + ' run build';\n",
    ),
    (
        "lib/obj.js",
        "const LINT = 'eslint .';\nmodule.exports = { LINT, FMT: 'prettier --check .', TEST: LINT + ' --max-warnings 0' };\n",
    ),
    ("lib/later.js", "module.exports = { A: 'make a' };\nmodule.exports.B = 'make b';\n"),
    (
        "lib/tsc.js",
        "\"use strict\";\nObject.defineProperty(exports, \"__esModule\", { value: true });\nexports.REV = exports.LOG = void 0;\nexports.LOG = 'git log -1';\nexports.REV = 'git rev-parse HEAD';\n",
    ),
    ("lib/whole.js", "module.exports = 'make clean';\n"),
    ("lib/spread.js", "module.exports = { ...require('./cjs'), EXTRA: 'make extra' };\n"),
    ("lib/dir/index.js", "exports.DIR = 'ls -la';\n"),
    // ES modules
    (
        "esm/consts.mjs",
        "export const TEST = 'npm test';\nconst base = 'git';\nexport const LOG = `${base} log -1`;\nconst S = 'git status';\nexport { S as STATUS };\nexport default 'make all';\n",
    ),
    ("esm/reexport.mjs", "export { TEST as T } from './consts.mjs';\nexport * from './chain.mjs';\n"),
    // Built from a constant of a third file.
    ("esm/chain.mjs", "import { LOG } from './consts.mjs';\nexport const LOG_ONELINE = `${LOG} --oneline`;\n"),
    ("esm/index.mjs", "export * from './consts.mjs';\n"),
    ("ts/names.ts", "export const DEPLOY: string = 'npm run deploy';\n"),
    // Not constant: reassigned, written in a function, a live `let`, an object's member.
    (
        "lib/bad.js",
        "exports.TWICE = 'a';\nexports.TWICE = process.argv[2];\nexports.LATER = 'b';\nfunction set(v) { exports.LATER = v; }\nset(process.argv[3]);\nexports.ENV = process.env.CMD;\n",
    ),
    (
        "esm/bad.mjs",
        "export let LIVE = 'npm test';\nexport function setLive(v) { LIVE = v; }\nexport const OPTS = { cmd: 'x' };\n",
    ),
    (
        "app.js",
        "const { execSync } = require('child_process');\n\
const { INSTALL, BUILD } = require('./lib/cjs');\n\
const c = require('./lib/cjs.js');\n\
const { LINT, FMT: fmt, TEST } = require('./lib/obj');\n\
const t = require('./lib/tsc');\n\
const clean = require('./lib/whole');\n\
const spread = require('./lib/spread');\n\
const { DIR } = require('./lib/dir');\n\
const bad = require('./lib/bad');\n\
execSync(INSTALL, { timeout: 1000 });\n\
execSync(BUILD, { timeout: 1000 });\n\
execSync(c.INSTALL, { timeout: 1000 });\n\
execSync(`${LINT} && ${fmt} && ${TEST}`, { timeout: 1000 });\n\
execSync(require('./lib/later').A + '; ' + require('./lib/later.js').B, { timeout: 1000 });\n\
execSync(t.LOG + ' && ' + t.REV, { timeout: 1000 });\n\
execSync(clean, { timeout: 1000 });\n\
execSync(spread.INSTALL + ' && ' + spread.EXTRA, { timeout: 1000 });\n\
execSync(DIR, { timeout: 1000 });\n\
execSync(bad.TWICE, { timeout: 1000 });\n\
execSync(bad.LATER, { timeout: 1000 });\n\
execSync(bad.ENV, { timeout: 1000 });\n",
    ),
    (
        "main.mjs",
        "import { execSync } from 'node:child_process';\n\
import all, { TEST, LOG, STATUS } from './esm/consts.mjs';\n\
import * as k from './esm/consts.mjs';\n\
import { T, LOG_ONELINE } from './esm/reexport.mjs';\n\
import { TEST as fromIndex } from './esm';\n\
import { LIVE, OPTS } from './esm/bad.mjs';\n\
execSync(TEST, { timeout: 1000 });\n\
execSync(`${LOG} && ${STATUS}`, { timeout: 1000 });\n\
execSync(k.TEST + ' && ' + k.default, { timeout: 1000 });\n\
execSync(all, { timeout: 1000 });\n\
execSync(T + ' && ' + LOG_ONELINE, { timeout: 1000 });\n\
execSync(fromIndex, { timeout: 1000 });\n\
execSync(LIVE, { timeout: 1000 });\n\
execSync(OPTS.cmd, { timeout: 1000 });\n",
    ),
    (
        "ts/deploy.ts",
        "import { execSync } from 'child_process';\nimport { DEPLOY } from './names.js';\nexecSync(DEPLOY, { timeout: 1000 });\n",
    ),
];

#[test]
fn exported_constants_fold_in_their_importers() {
    let dir = project(CONSTS_PROJECT);
    let d = dir.path();
    let not_constant = vec![
        ("app.js".to_string(), 19),
        ("app.js".to_string(), 20),
        ("app.js".to_string(), 21),
        ("main.mjs".to_string(), 13),
        ("main.mjs".to_string(), 14),
    ];
    // The same findings whatever the order files are linted in.
    for threads in ["1", "2", "8"] {
        let out = cplint().current_dir(d).args(["--isolated", "-f", "json", "--threads", threads]).output().unwrap();
        assert_eq!(injection_lines(&out), not_constant, "--threads {threads}");
    }
    // Named in either order, the importers alone (their modules are read for their
    // constants, linted or not).
    for order in [["main.mjs", "app.js"], ["app.js", "main.mjs"]] {
        let out = cplint().current_dir(d).args(["--isolated", "-f", "json"]).args(order).output().unwrap();
        assert_eq!(injection_lines(&out), not_constant, "{order:?}");
    }
    // Off with --no-cross-file: every importer line is reported, as before.
    let out = cplint().current_dir(d).args(["--isolated", "-f", "json", "--no-cross-file"]).output().unwrap();
    let mut each_file: Vec<(String, u64)> = (10..=21).map(|l| ("app.js".to_string(), l)).collect();
    each_file.extend((7..=14).map(|l| ("main.mjs".to_string(), l)));
    each_file.push(("ts/deploy.ts".to_string(), 3));
    assert_eq!(injection_lines(&out), each_file);
}

#[test]
fn an_imported_command_text_is_read_by_the_command_model() {
    let dir = project(&[
        ("c.js", "exports.REV = 'git rev-parse HEAD';\nexports.INSTALL = 'npm install';\n"),
        (
            "m.js",
            "const { execSync } = require('child_process');\nconst { REV, INSTALL } = require('./c');\nexecSync(REV);\nexecSync(INSTALL);\n",
        ),
        (
            "same.js",
            "const { execSync } = require('child_process');\nconst REV = 'git rev-parse HEAD', INSTALL = 'npm install';\nexecSync(REV);\nexecSync(INSTALL);\n",
        ),
    ]);
    let d = dir.path();
    let findings = |out: &std::process::Output, file: &str| -> Vec<(String, u64, String)> {
        let mut v: Vec<(String, u64, String)> = json(out)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"] == file)
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let out = cplint().current_dir(d).args(["--isolated", "-f", "json"]).output().unwrap();
    // `git rev-parse` ends at once: no missing-timeout; `npm install` is named.
    let imported = findings(&out, "m.js");
    assert_eq!(imported, findings(&out, "same.js"), "the importer reads the text as its own constant would be");
    assert_eq!(
        imported.iter().map(|(r, l, _)| (r.as_str(), *l)).collect::<Vec<_>>(),
        vec![("buffered-output", 4), ("missing-timeout", 4)]
    );
    assert!(imported[1].2.contains("if `npm` hangs"), "{imported:?}");
}

/// An exported function whose second parameter reaches a shell is a sink for that
/// argument only (issue 14 item 4): before, only a first parameter was followed.
#[test]
fn a_later_parameter_that_reaches_a_shell_is_a_sink_for_that_argument() {
    let dir = project(&[
        (
            "lib/sh.js",
            "const cp = require('child_process');\n\
exports.run = function run(opts, cmd) { return cp.execSync(cmd, { cwd: opts.cwd, timeout: 1000 }); };\n\
exports.inDir = (dir, label, cmd) => cp.execSync(`cd ${dir} && ${cmd}`, { timeout: 1000 });\n",
        ),
        (
            "app.js",
            "const { run, inDir } = require('./lib/sh');\n\
module.exports = (req) => {\n\
  run({ cwd: '/srv' }, req.query.cmd);\n\
  run(req.query.opts, 'ls -la');\n\
  inDir('/srv', req.query.label, 'make');\n\
  inDir(req.query.dir, 'x', 'make');\n\
};\n",
        ),
    ]);
    let d = dir.path();
    let expected = vec![
        ("app.js".to_string(), 3),
        ("app.js".to_string(), 6),
        ("lib/sh.js".to_string(), 2),
        ("lib/sh.js".to_string(), 3),
    ];
    for threads in ["1", "4"] {
        let out = cplint().current_dir(d).args(["--isolated", "-f", "json", "--threads", threads]).output().unwrap();
        assert_eq!(injection_lines(&out), expected, "--threads {threads}");
    }
    let out = cplint().current_dir(d).args(["--isolated", "-f", "json", "--no-cross-file"]).output().unwrap();
    assert_eq!(injection_lines(&out), expected[2..].to_vec());
}

/// Constants that depend on each other across files (a cycle, a file reading its
/// own export) stay unknown and the rounds end; a module that does not parse or
/// does not exist exports nothing.
#[test]
fn constants_in_a_cycle_stay_unknown() {
    let dir = project(&[
        ("a.js", "exports.X = require('./b').Y + ' x';\nexports.S = require('./a').S;\nexports.OK = 'ls';\n"),
        ("b.js", "exports.Y = require('./a').X;\n"),
        ("broken.mjs", "export const = ;\n"),
        (
            "m.js",
            "const { execSync } = require('child_process');\nconst a = require('./a');\nexecSync(a.X, { timeout: 1 });\nexecSync(a.S, { timeout: 1 });\nexecSync(a.OK, { timeout: 1 });\n",
        ),
        (
            "n.mjs",
            "import { execSync } from 'child_process';\nimport { Z } from './broken.mjs';\nimport { Q } from './missing.mjs';\nexecSync(Z, { timeout: 1 });\nexecSync(Q, { timeout: 1 });\n",
        ),
    ]);
    let out = cplint().current_dir(dir.path()).args(["--isolated", "-f", "json"]).output().unwrap();
    assert_eq!(
        injection_lines(&out),
        vec![("m.js".to_string(), 3), ("m.js".to_string(), 4), ("n.mjs".to_string(), 4), ("n.mjs".to_string(), 5)]
    );
}

/// An exported helper that takes no argument and returns text with no shell syntax
/// on every path (a constant, a number, a value whose metacharacters were removed)
/// is a constant at its importers' calls, through every import form; one that takes
/// a parameter, returns an unsanitised value, is reassigned or is a method stays
/// reported (issue 14 item 4: systeminformation's `util.getVboxmanage()`).
#[test]
fn an_imported_helper_returning_shell_safe_text_is_a_constant() {
    let dir = project(&[
        (
            "lib/util.js",
            "const win = process.platform === 'win32';\n\
             function vbox() {\n  const p = (process.env.VBOX || '').replace(/[\"%!^&|<>`$;\\r\\n]/g, '');\n  return win ? (p ? `\"${p}\\\\VBoxManage.exe\"` : 'VBoxManage.exe') : 'vboxmanage';\n}\n\
             const port = () => Number(process.env.PORT);\n\
             function raw() {\n  return process.env.VBOX || 'vboxmanage';\n}\n\
             function withArg(x) {\n  return x ? 'a' : 'b';\n}\n\
             let later = () => 'ls';\nlater = () => process.env.CMD;\n\
             exports.vbox = vbox;\nexports.port = port;\nexports.raw = raw;\nexports.withArg = withArg;\nexports.later = later;\n\
             exports.inline = function () {\n  return 'git';\n};\n\
             exports.obj = { m() { return 'x'; } };\n",
        ),
        (
            "lib/esm.mjs",
            "export function bin() {\n  return process.platform === 'darwin' ? 'open' : 'xdg-open';\n}\nexport default () => 'make';\nexport { bin as again };\n",
        ),
        ("lib/re.mjs", "export { bin } from './esm.mjs';\nexport * from './esm.mjs';\n"),
        (
            "app.js",
            "const { exec } = require('child_process');\n\
             const util = require('./lib/util');\n\
             const { vbox } = require('./lib/util.js');\n\
             exec(util.vbox() + ' -v', () => {});\n\
             exec(vbox() + ' list vms', () => {});\n\
             exec(`ss -ltn sport = :${util.port()}`, () => {});\n\
             exec(require('./lib/util').inline() + ' status', () => {});\n\
             exec(util.raw() + ' -v', () => {});\n\
             exec(util.withArg(1) + ' -v', () => {});\n\
             exec(util.later() + ' -v', () => {});\n\
             exec(util.obj.m() + ' -v', () => {});\n",
        ),
        (
            "app.mjs",
            "import { exec } from 'child_process';\n\
             import { bin, again } from './lib/esm.mjs';\n\
             import make from './lib/esm.mjs';\n\
             import * as re from './lib/re.mjs';\n\
             exec(bin() + ' x', () => {});\n\
             exec(again() + ' x', () => {});\n\
             exec(make() + ' all', () => {});\n\
             exec(re.bin() + ' y', () => {});\n",
        ),
    ]);
    let run = |extra: &[&str]| {
        let out = cplint()
            .current_dir(dir.path())
            .args(["--isolated", "--select", "shell-injection", "-f", "json"])
            .args(extra)
            .output()
            .unwrap();
        injection_lines(&out)
    };
    let reported: Vec<(String, u64)> = [8, 9, 10, 11].iter().map(|l| ("app.js".to_string(), *l)).collect();
    assert_eq!(run(&[]), reported);
    // The same with one thread and with the files walked in the other order.
    assert_eq!(run(&["--threads", "1", "app.mjs", "lib", "app.js"]), reported);
    // Without the cross-file pass every imported call is unknown.
    let alone = run(&["--no-cross-file"]);
    assert_eq!(alone.len(), 12, "{alone:?}");
}
