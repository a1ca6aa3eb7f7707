//! The marked cases of `eval/marked` (`// expect: <rules>` on every line that must
//! fire, all other lines silent) scored by the shared scorer,
//! `../shared/eval/score_marked.py`. Reported as ignored (`SKIPPED because ...`)
//! when python3 or the scorer is not there.

mod common;

use std::process::Command;

use common::harness::{Outcome, skip};
use common::root;

fn marked_cases_score_perfectly() -> Outcome {
    let scorer = root().join("../shared/eval/score_marked.py");
    if !scorer.exists() {
        return skip(format!("the shared scorer {} is not there", scorer.display()));
    }
    if Command::new("python3").arg("--version").output().is_err() {
        return skip("python3 is not on PATH");
    }
    let out = Command::new("python3")
        .arg(&scorer)
        .arg(env!("CARGO_BIN_EXE_cplint"))
        .arg(root().join("eval/marked"))
        .args(["--min-precision", "0.95", "--min-recall", "0.95"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("precision=1.000 recall=1.000"), "{text}");
    Ok(())
}

test_main! {
    marked_cases_score_perfectly,
}
