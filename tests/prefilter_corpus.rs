//! The pre-filter never changes what is found, on a whole corpus of real code.
//!
//! The bench corpus is not in the repository (see `bench/run.sh`), so this test
//! runs only when `CPLINT_BENCH_CORPUS` names a directory, e.g.
//! `CPLINT_BENCH_CORPUS=/tmp/bench-corpus/corpus cargo test --release --test prefilter_corpus`;
//! `bench/prefilter-check.sh` does the same with the release binary. Without it the
//! test is reported as ignored (`SKIPPED because ...`). The per-fixture
//! check (both modes on every rule fixture) is in `tests/rules.rs`.

mod common;

use assert_cmd::Command;
use common::harness::{Outcome, skip};
use serde_json::Value;

fn findings(dir: &str, extra: &[&str]) -> (Vec<String>, u64) {
    let out = Command::cargo_bin("cplint")
        .expect("binary built")
        .args(["--format", "json", "--exit-zero", "--isolated"])
        .args(extra)
        .arg(dir)
        .output()
        .expect("cplint runs");
    assert!(out.status.success(), "cplint failed: {}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let mut found: Vec<String> = v["findings"].as_array().expect("findings").iter().map(|f| f.to_string()).collect();
    found.sort();
    (found, v["summary"]["files_scanned"].as_u64().unwrap_or(0))
}

fn prefilter_keeps_every_finding_on_the_bench_corpus() -> Outcome {
    let Some(dir) = std::env::var_os("CPLINT_BENCH_CORPUS") else {
        return skip("CPLINT_BENCH_CORPUS is not set (the bench corpus directory)");
    };
    let dir = dir.to_string_lossy().into_owned();
    let (filtered, scanned) = findings(&dir, &[]);
    let (all, scanned_all) = findings(&dir, &["--no-prefilter"]);
    assert_eq!(scanned, scanned_all);
    assert!(scanned > 0, "no files in {dir}");
    let missing: Vec<&String> = all.iter().filter(|f| !filtered.contains(f)).collect();
    let extra: Vec<&String> = filtered.iter().filter(|f| !all.contains(f)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "pre-filter changes findings: missing {missing:?}, extra {extra:?}"
    );
    println!("{scanned} files, {} findings in both modes", all.len());
    Ok(())
}

test_main! {
    prefilter_keeps_every_finding_on_the_bench_corpus,
}
