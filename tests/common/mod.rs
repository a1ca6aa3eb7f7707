#![allow(dead_code)]

pub mod harness;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cplint::config::Config;
use cplint::report::FileReport;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A config that runs only `rule`.
pub fn only(rule: &str) -> Config {
    let mut c = Config::default();
    c.apply_selection(cplint::rules::METAS, &[rule.to_string()], &[]).expect("known rule");
    c
}

/// Lints on a thread with the same large stack the binary uses.
pub fn lint(path: &str, text: &str, config: &Config) -> FileReport {
    let (path, text, config) = (path.to_string(), text.to_string(), config.clone());
    cplint::run::with_pool(1, move || cplint::run::guarded(&path, || cplint::lint_source(&path, &text, &config)))
}

/// Lines carrying `// expect: <rule>` markers (the format of shared/eval/score_marked.py).
pub fn expected_lines(text: &str, rule: &str) -> BTreeSet<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.split("// expect:").nth(1).is_some_and(|rest| rest.split_whitespace().any(|r| r == rule)))
        .map(|(i, _)| i + 1)
        .collect()
}

pub fn finding_lines(report: &FileReport, rule: &str) -> BTreeSet<usize> {
    report.findings.iter().filter(|f| f.rule.name == rule).map(|f| f.line).collect()
}

pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// The lintable files of `fixtures/rules/<rule>/` (`valid*` and `invalid*`), sorted.
pub fn rule_fixtures(rule: &str) -> Vec<PathBuf> {
    lintable_files(&root().join("fixtures/rules").join(rule))
}

/// The files of `dir` that cplint lints (by extension), sorted; none if it is missing.
pub fn lintable_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| cplint::files::lang_for(&p.to_string_lossy()).is_some())
        .collect();
    files.sort();
    files
}

/// The rules whose findings in `report` carry fix edits (not display-only advice).
pub fn rules_with_edits(report: &FileReport) -> BTreeSet<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| f.fix.as_ref().is_some_and(|x| !x.edits.is_empty()))
        .map(|f| f.rule.name)
        .collect()
}

/// The registered rules that offer a fix: a finding of the rule in its own fixtures
/// (run alone) carries edits. `tests/fixes.rs` snapshots their fixture folders.
pub fn fixing_rules() -> Vec<&'static str> {
    cplint::rules::metas()
        .map(|m| m.name)
        .filter(|&name| {
            let config = only(name);
            rule_fixtures(name).iter().any(|p| {
                let shown = format!("fixtures/rules/{name}/{}", p.file_name().unwrap_or_default().to_string_lossy());
                rules_with_edits(&lint(&shown, &read(p), &config)).contains(name)
            })
        })
        .collect()
}

/// README.md's rules table (between `<!-- rules-table:begin -->` and
/// `<!-- rules-table:end -->`), generated from the registry; `tests/registry.rs`
/// checks it and rewrites it with `UPDATE_README=1`.
pub fn readme_rules_table() -> String {
    let mut s = String::from("<!-- Generated from the registry by `UPDATE_README=1 cargo test --test registry`. -->\n");
    s.push_str("| code | rule | default | summary |\n|---|---|---|---|\n");
    for m in cplint::rules::metas() {
        s.push_str(&format!(
            "| {} | [`{}`](rules/{}.md) | {} | {} |\n",
            m.code,
            m.name,
            m.name,
            m.default_severity.as_str(),
            m.summary
        ));
    }
    s
}

/// Writes `files` (path, text) under a new temporary folder.
pub fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}
