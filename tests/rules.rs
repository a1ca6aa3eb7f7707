//! Fixture runner: for every registered rule, `fixtures/rules/<rule>/valid*` must
//! produce no finding of that rule, `invalid*` must produce findings exactly on the
//! lines marked `// expect: <rule>`, and the rendered text of each invalid file is
//! snapshotted beside it (`<file>.snap`).

mod common;

use std::fs;

use common::*;

#[test]
fn every_rule_has_valid_and_invalid_fixtures_and_they_hold() {
    let mut failures = Vec::new();
    for rule in cplint::rules::all() {
        let name = rule.meta().name;
        let dir = root().join("fixtures/rules").join(name);
        let Ok(entries) = fs::read_dir(&dir) else {
            failures.push(format!("{name}: no fixture folder {}", dir.display()));
            continue;
        };
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| cplint::files::lang_for(&p.to_string_lossy()).is_some())
            .collect();
        files.sort();
        let stem = |p: &std::path::PathBuf| p.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let valid: Vec<_> = files.iter().filter(|p| stem(p).starts_with("valid")).collect();
        let invalid: Vec<_> = files.iter().filter(|p| stem(p).starts_with("invalid")).collect();
        if valid.is_empty() || invalid.is_empty() {
            failures.push(format!("{name}: needs at least one valid* and one invalid* fixture"));
        }
        let config = only(name);
        let mut unfiltered = only(name);
        unfiltered.prefilter = false;
        for path in files.iter() {
            let file = stem(path);
            let shown = format!("fixtures/rules/{name}/{file}");
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
        }
    }
    assert!(failures.is_empty(), "fixture failures:\n{}", failures.join("\n"));
}

/// Our own versions of the seed article's snippets (issue: the lifecycle rules): every
/// rule at its default level, findings exactly on the marked lines.
#[test]
fn seed_cases_come_out_right() {
    let config = cplint::config::Config::default();
    let dir = root().join("fixtures/seed");
    let mut files: Vec<_> =
        fs::read_dir(&dir).expect("fixtures/seed").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    assert!(files.len() >= 8);
    let mut failures = Vec::new();
    for path in files {
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
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
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
