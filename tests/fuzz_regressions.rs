//! What the fuzzers (`fuzz/`, see docs/fuzzing.md) found and built, replayed by
//! `cargo test` through the fuzz harness itself (`fuzz/src/lib.rs`, included below):
//!
//! - `tests/fuzz-regressions/`: inputs a target crashed on, stored as the file the
//!   target built (not the raw fuzzer bytes) under a name that picks its syntax;
//! - `tests/fuzz-corpus/<target>/`: each target's minimised corpus, raw fuzzer bytes
//!   fed to the target's own function (`cplint_fuzz::TARGETS`).
//!
//! The harness lints on a thread with the binary's lint stack size, every rule on,
//! checks the report's invariants, applies every fix and renders every format; it
//! does not catch panics, so a failed check or a crash fails the test.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[path = "../fuzz/src/lib.rs"]
mod cplint_fuzz;

use cplint::config::Config;
use cplint::report::{ErrorKind, FileReport};

/// The files of `dir`, sorted by name (a deterministic order).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `f` (a harness call); a panic on the lint thread shows up here as a panic
/// of the channel, so the unit is named in the failure (the lint thread's own
/// message is printed above it).
fn replay(what: &str, f: impl FnOnce()) {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    assert!(r.is_ok(), "{what}: the fuzz harness failed (its panic message is above)");
}

/// Lints `text` as `name` with every rule on, panics caught as the binary does.
fn lint_guarded(name: &str, bytes: Vec<u8>) -> FileReport {
    let config = cplint_fuzz::config(false);
    let name = name.to_string();
    cplint::run::with_pool(1, move || cplint::run::guarded(&name, || cplint::lint_bytes(&name, &bytes, &config)))
}

#[test]
fn stored_crash_inputs_lint_without_crashing() {
    let dir = common::root().join("tests/fuzz-regressions");
    let mut seen = 0;
    for path in files(&dir) {
        let name = path.file_name().expect("a file name").to_string_lossy().into_owned();
        let bytes = fs::read(&path).unwrap();
        replay(&name, || cplint_fuzz::lint(&name, &bytes, false));
        let report = lint_guarded(&name, bytes);
        let internal: Vec<_> = report.errors.iter().filter(|e| e.kind == ErrorKind::Internal).collect();
        assert!(internal.is_empty(), "{name}: {internal:?}");
        // Declaration files are not parsed at all (see below); everything else is.
        assert_eq!(report.parsed, !cplint::files::is_declaration_file(&name), "{name}");
        seen += 1;
    }
    assert!(seen >= 2, "stored inputs missing from {}", dir.display());
}

/// The first crash: `secret-in-args` took the last name of an argument's text by
/// byte arithmetic and sliced inside a multi-byte character.
#[test]
fn last_name_after_a_multibyte_character() {
    use cplint::rules::secret_in_args::last_name;
    assert_eq!(last_name("'pyend\u{FFFD}\u{FFFD}_cothon1'"), "_cothon1");
    assert_eq!(last_name("config.\u{e9}t\u{e9}.token"), "token");
    assert_eq!(last_name("a\u{2014}b()"), "b");
}

/// The second crash: swc's parser hit a debug assertion on a declaration file
/// (`lint_ts-dts-debug-assertion.d.ts`). Declaration files hold no code that runs,
/// so cplint does not parse them: an empty report, whatever they contain.
#[test]
fn declaration_files_are_not_parsed() {
    for name in ["a.d.ts", "src/a.d.mts", "a.d.cts", "styles/app.d.css.ts", "x.y.d.json.ts", ".d.ts"] {
        assert!(cplint::files::is_declaration_file(name), "{name}");
    }
    // TypeScript's rule: only `.ts` takes an arbitrary `.d.<ext>.` (not `.tsx`,
    // `.mts`, `.cts`), and it is case-sensitive.
    for name in ["a.ts", "a.tsx", "a.d.tsx", "a.d.css.mts", "add.ts", "d.ts", "a.D.TS", "a.d.js", "x.d/a.ts"] {
        assert!(!cplint::files::is_declaration_file(name), "{name}");
    }

    let config = {
        let mut c = Config::default();
        c.apply_selection(cplint::rules::METAS, &["ALL".to_string()], &[]).unwrap();
        c
    };
    let import = "import {exec} from \"child_process\"; declare function f(): void;\n";
    let call = "import {exec} from \"child_process\";\nexec(\"ls \" + process.argv[2]);\n";
    let crash = fs::read(common::root().join("tests/fuzz-regressions/lint_ts-dts-debug-assertion.d.ts")).unwrap();
    for name in ["a.d.ts", "a.d.mts", "a.d.cts", "a.d.css.ts"] {
        for text in [import.as_bytes(), call.as_bytes(), &crash] {
            let r = cplint::lint_bytes(name, text, &config);
            assert!(!r.parsed && r.findings.is_empty() && r.errors.is_empty() && r.source.is_none(), "{name}: {r:?}");
        }
    }
    // The same text in an ordinary TypeScript file is linted.
    let r = cplint::lint_bytes("a.ts", import.as_bytes(), &config);
    assert!(r.parsed && r.errors.is_empty(), "{r:?}");
    let r = cplint::lint_bytes("a.ts", call.as_bytes(), &config);
    assert!(r.findings.iter().any(|f| f.rule.name == "shell-injection"), "{r:?}");
    // The crash input as ordinary TypeScript: no internal error (swc's assertion is
    // only for declaration syntax); it does not parse.
    let r = lint_guarded("a.ts", crash);
    assert!(r.errors.iter().all(|e| e.kind == ErrorKind::ParseError) && !r.errors.is_empty(), "{:?}", r.errors);
}
/// Every committed corpus unit through its target's function, as libFuzzer feeds
/// it. `tests/fuzz-corpus/<target>/` holds `cargo fuzz cmin` output (docs/fuzzing.md).
#[test]
fn committed_fuzz_corpora_replay_cleanly() {
    let root = common::root().join("tests/fuzz-corpus");
    let start = Instant::now();
    let mut total = 0;
    for (target, run) in cplint_fuzz::TARGETS {
        let units = files(&root.join(target));
        assert!(units.len() >= 10, "{target}: only {} corpus units", units.len());
        for unit in &units {
            let data = fs::read(unit).unwrap();
            replay(&format!("{target} {}", unit.display()), || run(&data));
        }
        total += units.len();
    }
    println!("{total} corpus units replayed in {:.1?}", start.elapsed());
}

/// swc's parser panics on a few invalid texts (found by `lint_ts` and `lint_js`):
/// `unreachable!` for a JSX element named `<a:b.c>` (a release build too), and a
/// `debug_assert!` on an arrow-like parameter list (debug builds, as `cargo test`'s).
/// cplint reports a parse error for them, not an internal error.
#[test]
fn parser_panics_are_parse_errors() {
    let config = {
        let mut c = Config::default();
        c.prefilter = false;
        c
    };
    for (name, file) in [
        ("f.mjs", "lint_ts-jsx-namespaced-member.mjs"),
        ("f.jsx", "lint_ts-jsx-namespaced-member.mjs"),
        ("f.js", "lint_js-swc-debug-assert-arrow.js"),
    ] {
        let text = fs::read(common::root().join("tests/fuzz-regressions").join(file)).unwrap();
        let r = cplint::lint_bytes(name, &text, &config);
        assert_eq!(r.errors.len(), 1, "{name}: {:?}", r.errors);
        assert_eq!(r.errors[0].kind, cplint::report::ErrorKind::ParseError, "{name}: {:?}", r.errors);
        assert!(!r.errors[0].message.contains('\n'), "one line: {:?}", r.errors[0].message);
    }
}
