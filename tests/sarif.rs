//! SARIF output checked by the official tools: the SARIF 2.1.0 JSON schema (with the
//! `jsonschema` npm library, as GitHub's upload action uses it) and the SARIF
//! Multitool's `validate --rule-kind "Sarif;Ghas"`.
//!
//! Both come from npm (`@microsoft/sarif-multitool-linux` ships the schema and the
//! Multitool) and are installed at test time into `target/sarif-tools`, never
//! committed. Without node/npm or network the tests are reported as ignored,
//! `SKIPPED because ...` (tests/common/harness.rs).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::harness::{Outcome, skip};
use common::root;
use cplint::emit::{Edit, Fix, Label, Safety};
use cplint::report::RunReport;
use cplint::report::{FileReport, Finding};
use cplint::vocab::Severity;

struct Tools {
    node_modules: PathBuf,
    schema: PathBuf,
    multitool: PathBuf,
}

fn tools_dir() -> PathBuf {
    root().join("target").join("sarif-tools")
}

/// The validation tools, installed once per run (the tests run in parallel).
fn tools() -> &'static Result<Tools, String> {
    static TOOLS: std::sync::OnceLock<Result<Tools, String>> = std::sync::OnceLock::new();
    TOOLS.get_or_init(install_tools)
}

/// Installs (once) and finds the validation tools; `Err` says why they are unavailable.
fn install_tools() -> Result<Tools, String> {
    let dir = tools_dir();
    let node_modules = dir.join("node_modules");
    let pkg = node_modules.join("@microsoft").join("sarif-multitool-linux");
    let t = Tools {
        schema: pkg.join("sarif-2.1.0.json"),
        multitool: pkg.join("Sarif.Multitool"),
        node_modules: node_modules.clone(),
    };
    let installed = |t: &Tools| t.schema.is_file() && t.multitool.is_file() && node_modules.join("jsonschema").is_dir();
    if installed(&t) {
        return Ok(t);
    }
    Command::new("node").arg("--version").output().map_err(|e| format!("node is not available ({e})"))?;
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let manifest = dir.join("package.json");
    if !manifest.is_file() {
        fs::write(&manifest, "{\"name\": \"cplint-sarif-tools\", \"private\": true}\n")
            .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    }
    let out = Command::new("npm")
        .current_dir(&dir)
        .args(["install", "--no-audit", "--no-fund", "--fetch-retries=1", "--fetch-timeout=60000"])
        .args(["@microsoft/sarif-multitool-linux@5", "jsonschema@1"])
        .output()
        .map_err(|e| format!("npm is not available ({e})"))?;
    if !out.status.success() {
        return Err(format!("npm install failed (offline?): {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    if !installed(&t) {
        return Err("npm install finished but the schema or the Multitool is missing".into());
    }
    Ok(t)
}

/// Schema errors, one line each (empty when valid).
fn schema_errors(t: &Tools, file: &Path) -> Vec<String> {
    let out = Command::new("node")
        .env("NODE_PATH", &t.node_modules)
        .arg(root().join("scripts").join("sarif-schema-check.js"))
        .arg(&t.schema)
        .arg(file)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.lines().count() > 0, "schema check printed nothing: {}", String::from_utf8_lossy(&out.stderr));
    stdout.lines().filter(|l| !l.starts_with("ok ")).map(String::from).collect()
}

/// The Multitool's findings: `(errors, all lines)`. It exits 0 even when it reports
/// errors, so its output is read: one `path(line,col): error|warning|note ID: ...`
/// line per finding.
fn multitool(t: &Tools, files: &[PathBuf]) -> Result<(Vec<String>, String), String> {
    let out = Command::new(&t.multitool)
        .args(["validate", "--rule-kind", "Sarif;Ghas"])
        .args(files)
        .output()
        .map_err(|e| format!("the Multitool does not run here ({e})"))?;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if !text.contains("Analysis completed") {
        return Err(format!("the Multitool did not complete: {text}"));
    }
    let errors = text.lines().filter(|l| l.contains(": error ")).map(String::from).collect();
    Ok((errors, text))
}

fn cplint_sarif(dir: &Path, args: &[&str], out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_cplint"))
        .current_dir(dir)
        .args(["--format", "sarif", "-o"])
        .arg(out)
        .args(args)
        .status()
        .expect("cplint runs");
    assert!(matches!(status.code(), Some(0 | 1)), "cplint failed on {args:?}: {status}");
}

/// A report with a safe fix (rules may not emit one yet), a suppressed finding and
/// a parse error, rendered through the library.
fn hand_built(dir: &Path) -> PathBuf {
    let src = "const { exec } = require('child_process');\nexec('ls ' + dir);\n";
    let start = src.find("exec(").unwrap_or(0);
    let arg = src.find("'ls").unwrap_or(0);
    let mut edit = Edit::new(start, start + 4, "execFile");
    (edit.line, edit.column, edit.end_line, edit.end_column) = (2, 1, 2, 5);
    let meta = cplint::rules::find("shell-injection").expect("rule").meta();
    let finding = Finding {
        rule: meta,
        severity: Severity::Error,
        start,
        end: start + 17,
        line: 2,
        column: 1,
        end_line: 2,
        end_column: 18,
        primary: Label { start, end: start + 4, text: "runs a shell".into() },
        message: "`exec` runs a shell command built from `dir`".into(),
        help: Some("use `execFile` with an argument array".into()),
        note: None,
        labels: vec![Label { start: arg, end: arg + 11, text: "built here".into() }],
        fix: Some(Fix { safety: Safety::Safe, title: "Use `execFile`".into(), edits: vec![edit] }),
        suppression_reason: None,
    };
    let file = FileReport {
        path: "src/fixed file.js".into(),
        source: Some(src.into()),
        findings: vec![finding.clone()],
        suppressed: vec![Finding {
            line: 1,
            end_line: 1,
            suppression_reason: Some("reviewed: `dir` is a constant".into()),
            ..finding
        }],
        parsed: true,
        ..Default::default()
    };
    let broken = cplint::lint_source(
        "src/broken.js",
        "require('child_process');\nconst = ;\n",
        &cplint::config::Config::default(),
    );
    assert!(!broken.errors.is_empty());
    let report = RunReport {
        files: vec![broken, file],
        files_scanned: 2,
        elapsed_ms: 0,
        run_errors: vec![],
        show_statistics: false,
        fixed: 0,
    };
    let mut buf = Vec::new();
    cplint::output::sarif::write(&report, &mut buf).expect("rendered");
    let path = dir.join("hand-built.sarif");
    fs::write(&path, buf).expect("written");
    path
}

/// The documents to validate: cplint's SARIF of three folders and a hand-built
/// report, and a broken copy (`bad.sarif`) that each validator must reject.
fn documents(dir: &Path) -> (Vec<PathBuf>, PathBuf) {
    let mut files = Vec::new();
    let cases: &[(&str, &[&str])] = &[
        ("fixtures", &["--select", "ALL", "--report-suppressed", "."]),
        ("examples", &["."]),
        (".", &["--select", "ALL", "tests", "fixtures/seed"]),
    ];
    for (i, (from, args)) in cases.iter().enumerate() {
        let out = dir.join(format!("run{i}.sarif"));
        cplint_sarif(&root().join(from), args, &out);
        files.push(out);
    }
    files.push(hand_built(dir));
    let bad = dir.join("bad.sarif");
    let text = fs::read_to_string(&files[0]).expect("sarif");
    fs::write(&bad, text.replacen("\"startLine\": ", "\"startLine\": -", 1)).expect("written");
    (files, bad)
}

fn sarif_validates_against_the_schema() -> Outcome {
    let t = match tools() {
        Ok(t) => t,
        Err(why) => return skip(why),
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let (files, bad) = documents(tmp.path());
    // The validator itself catches a broken document.
    assert!(!schema_errors(t, &bad).is_empty(), "the schema check accepts a negative line");
    for f in &files {
        let doc: serde_json::Value = serde_json::from_str(&fs::read_to_string(f).expect("sarif")).expect("json");
        assert!(doc["runs"][0]["results"].as_array().is_some_and(|r| !r.is_empty()), "{} has no results", f.display());
        assert_eq!(schema_errors(t, f), Vec::<String>::new(), "{} fails the schema", f.display());
    }
    Ok(())
}

fn sarif_validates_with_the_multitool() -> Outcome {
    let t = match tools() {
        Ok(t) => t,
        Err(why) => return skip(why),
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let (files, bad) = documents(tmp.path());
    // One Multitool run for all files (it takes seconds to start).
    let (errors, text) = match multitool(t, &files) {
        Ok(found) => found,
        Err(why) => return skip(why),
    };
    assert!(errors.is_empty(), "Multitool errors:\n{text}");
    assert!(text.contains(&format!("{} files scanned", files.len())), "not every file was read:\n{text}");
    let (errors, _) = multitool(t, std::slice::from_ref(&bad)).expect("ran before");
    assert!(!errors.is_empty(), "the Multitool accepts a negative line");
    Ok(())
}

test_main! {
    sarif_validates_against_the_schema,
    sarif_validates_with_the_multitool,
}
