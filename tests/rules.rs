//! Fixture runner: one test per file of `fixtures/rules/<rule>/`, named after it
//! (`shell-injection/invalid_sources.js`), so `cargo test --test rules shell-injection`
//! runs one rule's fixtures alone. `valid*` must produce no finding of that rule,
//! `invalid*` must produce findings exactly on the lines marked `// expect: <rule>`,
//! both with and without the pre-filter, and the rendered text of each invalid file
//! is snapshotted beside it (`<file>.snap`). Which folders and files must exist is
//! checked by `tests/registry.rs`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::harness::{Arguments, Failed, Trial};
use common::*;

fn main() -> std::process::ExitCode {
    let mut trials = Vec::new();
    for rule in cplint::rules::all() {
        let name = rule.meta().name;
        for path in rule_fixtures(name) {
            let file = file_name(&path);
            trials.push(Trial::test(format!("{name}/{file}"), move || check_fixture(name, &path)));
        }
    }
    trials.push(Trial::test("seed_cases_come_out_right", seed_cases_come_out_right));
    libtest_mimic::run(&Arguments::from_args(), trials).exit_code()
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap_or_default().to_string_lossy().into_owned()
}

fn check_fixture(name: &'static str, path: &Path) -> Result<(), Failed> {
    let file = file_name(path);
    let shown = format!("fixtures/rules/{name}/{file}");
    let config = only(name);
    let mut unfiltered = only(name);
    unfiltered.prefilter = false;
    let mut failures = Vec::new();
    let text = read(path);
    let report = lint(&shown, &text, &config);
    if !report.errors.is_empty() {
        failures.push(format!("{shown}: errors {:?}", report.errors));
    }
    // The pre-filter must never change what is found.
    let all = lint(&shown, &text, &unfiltered);
    if finding_lines(&all, name) != finding_lines(&report, name) {
        failures.push(format!("{shown}: pre-filter changes the findings"));
    }
    let expected = expected_lines(&text, name);
    let got = finding_lines(&report, name);
    if file.starts_with("valid") {
        if !expected.is_empty() {
            failures.push(format!("{shown}: a valid fixture must not carry expect markers"));
        }
        if !got.is_empty() {
            failures.push(format!("{shown}: valid fixture fired on lines {got:?}"));
        }
    } else {
        if expected.is_empty() {
            failures.push(format!("{shown}: invalid fixture has no `// expect: {name}` marker"));
        }
        if expected != got {
            failures.push(format!("{shown}: expected findings on {expected:?}, got {got:?}"));
        }
        let rendered = cplint::output::text::render_file(&report, false);
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(root().join("fixtures/rules").join(name));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(file.clone(), rendered));
    }
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n").into()) }
}

/// Our own versions of the seed article's snippets (issue: the lifecycle rules): every
/// rule at its default level, findings exactly on the marked lines.
fn seed_cases_come_out_right() -> Result<(), Failed> {
    let config = cplint::config::Config::default();
    let dir = root().join("fixtures/seed");
    let mut files: Vec<PathBuf> =
        fs::read_dir(&dir).expect("fixtures/seed").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    assert!(files.len() >= 8);
    let mut failures = Vec::new();
    for path in files {
        let name = file_name(&path);
        let text = read(&path);
        let report = lint(&format!("fixtures/seed/{name}"), &text, &config);
        let mut expected = std::collections::BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(rest) = line.split("// expect:").nth(1) {
                for r in rest.split_whitespace() {
                    expected.insert((i + 1, r.to_string()));
                }
            }
        }
        let got: std::collections::BTreeSet<(usize, String)> =
            report.findings.iter().map(|f| (f.line, f.rule.name.to_string())).collect();
        if name.starts_with("valid") && !got.is_empty() {
            failures.push(format!("{name}: expected no finding, got {got:?}"));
        }
        if expected != got {
            failures.push(format!("{name}: expected {expected:?}, got {got:?}"));
        }
    }
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n").into()) }
}
