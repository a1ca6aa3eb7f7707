//! The pre-filter never changes what is found, on a whole corpus of real code.
//!
//! The bench corpus is not in the repository (see `bench/run.sh`), so this test
//! runs only when `CPLINT_BENCH_CORPUS` names a directory, e.g.
//! `CPLINT_BENCH_CORPUS=/tmp/bench-corpus/corpus cargo test --release --test prefilter_corpus`;
//! `bench/prefilter-check.sh` does the same with the release binary. The per-fixture
//! check (both modes on every rule fixture) is in `tests/rules.rs`.

use assert_cmd::Command;
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

#[test]
fn prefilter_keeps_every_finding_on_the_bench_corpus() {
    let Some(dir) = std::env::var_os("CPLINT_BENCH_CORPUS") else {
        println!("skipped: set CPLINT_BENCH_CORPUS to the bench corpus directory to run this test");
        return;
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
}
