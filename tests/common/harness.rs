//! A test harness (`libtest-mimic`) for test files that can be skipped: a test that
//! cannot run here (no `node`, running as root, ...) is reported as
//! `test NAME ... ignored (SKIPPED because WHY)` and counted among the ignored in
//! libtest's closing line, instead of passing in silence.
//!
//! Such a file has `harness = false` in Cargo.toml and ends with
//! `test_main! { test_a, test_b, ... }`; each test is a plain `fn NAME()` returning
//! `()` or [`Outcome`] (`return skip("why")`). A top-level `fn NAME()` with no
//! arguments that the list misses fails the run, so a test cannot be forgotten.

use std::fmt::Display;
use std::process::ExitCode;

#[allow(unused_imports)] // each test file uses a part
pub use libtest_mimic::{Arguments, Completion, Failed, Trial};

/// Why a test did not run.
#[derive(Debug)]
pub struct Skip(pub String);

/// What a test that can be skipped returns.
pub type Outcome = Result<(), Skip>;

/// Skips the running test: `return skip("node is not on PATH")`.
pub fn skip(why: impl Display) -> Outcome {
    Err(Skip(why.to_string()))
}

/// `()` or [`Outcome`].
pub trait IntoOutcome {
    fn into_outcome(self) -> Outcome;
}

impl IntoOutcome for () {
    fn into_outcome(self) -> Outcome {
        Ok(())
    }
}

impl IntoOutcome for Outcome {
    fn into_outcome(self) -> Outcome {
        self
    }
}

/// A skipped test's line in the report: libtest-mimic prints it as
/// `test NAME ... ignored (SKIPPED because WHY)`.
pub fn skipped(why: impl Display) -> Completion {
    Completion::ignored_with(format!("SKIPPED because {why}"))
}

/// A trial running `f`; a panic fails it, a [`Skip`] reports it as ignored.
pub fn trial<T: IntoOutcome + 'static>(name: &'static str, f: fn() -> T) -> Trial {
    Trial::ignorable_test(name, move || match f().into_outcome() {
        Ok(()) => Ok(Completion::Completed),
        Err(Skip(why)) => Ok(skipped(why)),
    })
}

/// Runs `trials` after checking that every test function of `source` is among them.
pub fn run(source: &str, trials: Vec<Trial>) -> ExitCode {
    let listed = listed_names(source);
    let missing: Vec<String> = test_like_functions(source).into_iter().filter(|f| !listed.contains(f)).collect();
    if !missing.is_empty() {
        eprintln!(
            "error: these functions look like tests but are not in `test_main! {{ ... }}`, so they would never run: {}\n\
             (list them, or give a helper an argument or a return type)",
            missing.join(", ")
        );
        return ExitCode::from(101);
    }
    libtest_mimic::run(&Arguments::from_args(), trials).exit_code()
}

/// `fn NAME() {` and `fn NAME() -> Outcome {` at the start of a line (but `main`).
fn test_like_functions(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|l| l.strip_prefix("fn "))
        .filter_map(|rest| {
            let (name, tail) = rest.split_once("()")?;
            let tail = tail.trim_start();
            (name != "main" && (tail.starts_with('{') || tail.starts_with("-> Outcome"))).then(|| name.to_string())
        })
        .collect()
}

/// The names inside the `test_main! { ... }` of `source`.
fn listed_names(source: &str) -> Vec<String> {
    let Some(start) = source.rfind("\ntest_main! {") else { return Vec::new() };
    let body = &source[start..];
    let body = &body[body.find('{').map_or(0, |i| i + 1)..body.find('}').unwrap_or(body.len())];
    body.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .flat_map(|l| l.split(','))
        .filter_map(|piece| piece.split_whitespace().last()) // after any `#[cfg(...)]`
        .map(String::from)
        .collect()
}

/// `fn main` for a test file on this harness: `test_main! { a, #[cfg(unix)] b }`.
#[macro_export]
macro_rules! test_main {
    ($($(#[$attr:meta])* $name:ident),* $(,)?) => {
        #[allow(clippy::vec_init_then_push)] // pushes under `#[cfg]`
        fn main() -> std::process::ExitCode {
            let mut trials = Vec::new();
            $( $(#[$attr])* trials.push($crate::common::harness::trial(stringify!($name), $name)); )*
            $crate::common::harness::run(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", file!())), trials)
        }
    };
}
