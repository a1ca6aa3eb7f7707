//! The language server parses a large file as two halves at once
//! (`cplint::parse::parse_in_halves`); these tests check that the halves, where
//! they are used, give the tree (positions included) that parsing the whole text
//! gives, over every fixture, marked case, example and fuzz input in the repository, and over
//! the bench corpus when `CPLINT_BENCH_CORPUS` names it
//! (`CPLINT_BENCH_CORPUS=/tmp/bench-corpus/corpus cargo test --release --test
//! parse_halves`; skipped, and reported as such, without it).

mod common;

use std::path::{Path, PathBuf};

use common::harness::{Outcome, skip};
use cplint::files::Lang;
use cplint::parse::{first_syntax, parse, parse_in_halves};

fn files_under(dir: &Path, out: &mut Vec<(PathBuf, Lang)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            files_under(&path, out);
        } else if let Some(lang) = lang_of(&path) {
            out.push((path, lang));
        }
    }
}

/// By extension; the fuzz corpus's files have none, and are named by their folder.
fn lang_of(path: &Path) -> Option<Lang> {
    cplint::files::lang_for(&path.to_string_lossy()).or_else(|| match path.parent()?.file_name()?.to_str()? {
        "lint_js" | "lint_template" => Some(Lang::Js),
        "lint_ts" => Some(Lang::Ts { tsx: false, dts: false }),
        _ => None,
    })
}

/// (files read, files cut in halves); panics on a file whose halves differ from it.
fn check(files: &[(PathBuf, Lang)]) -> (usize, usize) {
    let (mut read, mut cut) = (0, 0);
    for (path, lang) in files {
        let Ok(src) = std::fs::read_to_string(path) else { continue };
        let lang = *lang;
        read += 1;
        let halves = parse_in_halves(&src, first_syntax(lang));
        match (parse(&src, lang), halves) {
            (_, None) => {}
            (Ok(whole), Some(halves)) => {
                assert!(whole == halves, "{}: the halves' tree differs from the whole text's", path.display());
                cut += 1;
            }
            (Err(e), Some(_)) => panic!("{}: does not parse ({}), but its halves do", path.display(), e.message),
        }
    }
    (read, cut)
}

fn halves_give_the_tree_of_the_whole_on_the_repository_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["fixtures", "eval/marked", "examples", "tests/fuzz-regressions", "tests/fuzz-corpus"] {
        files_under(&root.join(dir), &mut files);
    }
    let (read, cut) = check(&files);
    println!("{read} files, {cut} cut in halves");
    // Many have a line ending in `;` past their middle.
    assert!(read > 3_000 && cut > 150, "{read} files read, {cut} cut");
}

fn halves_give_the_tree_of_the_whole_on_the_bench_corpus() -> Outcome {
    let Some(dir) = std::env::var_os("CPLINT_BENCH_CORPUS") else {
        return skip("CPLINT_BENCH_CORPUS is not set (the bench corpus directory)");
    };
    let mut files = Vec::new();
    files_under(Path::new(&dir), &mut files);
    let (read, cut) = check(&files);
    println!("{read} files, {cut} cut in halves");
    assert!(read > 0 && cut > 0, "{read} files read, {cut} cut");
    Ok(())
}

test_main! {
    halves_give_the_tree_of_the_whole_on_the_repository_files,
    halves_give_the_tree_of_the_whole_on_the_bench_corpus,
}
