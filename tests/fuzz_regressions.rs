//! Inputs the fuzzers (`fuzz/`, see docs/fuzzing.md) crashed on, kept as files in
//! `tests/fuzz-regressions/` (the file the target built, not the raw fuzzer bytes)
//! and linted with every rule on: none may crash.

mod common;

use std::fs;

use cplint::config::Config;
use cplint::diagnostic::ErrorKind;

#[test]
fn stored_crash_inputs_lint_without_crashing() {
    let dir = common::root().join("tests/fuzz-regressions");
    let mut config = Config::default();
    config.apply_selection(&["ALL".to_string()], &[]).unwrap();
    let mut seen = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(&path).unwrap();
        let (name2, config2) = (name.clone(), config.clone());
        let report = cplint::run::with_pool(1, move || {
            cplint::run::guarded(&name2, || cplint::lint_bytes(&name2, &bytes, &config2))
        });
        assert!(report.parsed, "{name}: not parsed");
        let internal: Vec<_> = report.errors.iter().filter(|e| e.kind == ErrorKind::Internal).collect();
        assert!(internal.is_empty(), "{name}: {internal:?}");
        seen += 1;
    }
    assert!(seen >= 1, "no stored inputs in {}", dir.display());
}

/// The first crash: `secret-in-args` took the last name of an argument's text by
/// byte arithmetic and sliced inside a multi-byte character.
#[test]
fn last_name_after_a_multibyte_character() {
    use cplint::rules::util::last_name;
    assert_eq!(last_name("'pyend\u{FFFD}\u{FFFD}_cothon1'"), "_cothon1");
    assert_eq!(last_name("config.\u{e9}t\u{e9}.token"), "token");
    assert_eq!(last_name("a\u{2014}b()"), "b");
}
