#![allow(dead_code)]

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
