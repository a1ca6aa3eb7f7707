//! Shared harness for the fuzz targets: the per-file pipeline exactly as the binary
//! runs it (on a thread with cplint's lint stack size), every rule switched on, and
//! checks of the report's invariants, then every output format rendered.
//!
//! Panics are *not* caught here (the binary catches them per file): a panic is what
//! the fuzzer is looking for.
//!
//! `tests/fuzz_regressions.rs` includes this file (`#[path]`) and replays the
//! committed corpora (`tests/fuzz-corpus/<target>/`) through [`TARGETS`], so the
//! fuzz targets and `cargo test` run the same code.

pub mod templates;

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, OnceLock};

use cplint::config::Config;
use cplint::output::{self, Format};
use cplint::report::RunReport;
use cplint::report::{ErrorKind, FileReport};

/// A fuzz target's body: libFuzzer's bytes in, a panic on failure.
pub type Target = fn(&[u8]);

/// The fuzz targets by name: each `fuzz_targets/<name>.rs` calls its function.
pub const TARGETS: &[(&str, Target)] = &[("lint_js", lint_js), ("lint_ts", lint_ts), ("lint_template", lint_template)];

/// `lint_js`: arbitrary bytes as a `.js` file, pre-filter off.
pub fn lint_js(data: &[u8]) {
    lint("fuzz.js", data, false);
}

/// Names `lint_ts` picks from. No declaration file (`.d.ts`): cplint does not parse
/// those (`cplint::files::is_declaration_file`).
pub const TS_NAMES: &[&str] = &["f.ts", "f.tsx", "f.mts", "f.cts", "f.jsx", "f.mjs", "f.cjs"];

/// `lint_ts`: the first byte picks the name from [`TS_NAMES`], the rest is the file;
/// pre-filter off. Inputs of [`exponential_in_swc`] are left out.
pub fn lint_ts(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    let name = TS_NAMES[pick as usize % TS_NAMES.len()];
    if name.contains("ts") && exponential_in_swc(rest) {
        return;
    }
    lint(name, rest, false);
}

/// A shape swc's TypeScript parser takes exponential time on: many unclosed
/// `<{`, `<[` or `<(` (each `a<` is tried as type arguments, then again as a
/// comparison; `a<{[b(` 10 deep takes 15 s in a release build). cplint's time limit
/// per file (`--file-timeout`) gives up on it, which `tests/hardening.rs`
/// (`files_too_slow_to_parse_are_given_up_on`) checks; the fuzzer's own 10 s limit
/// would stop the run on it instead, so such inputs are not linted here.
pub fn exponential_in_swc(text: &[u8]) -> bool {
    let opens = text.windows(2).filter(|w| w[0] == b'<' && matches!(w[1], b'{' | b'[' | b'(')).count();
    let closes = text.iter().filter(|&&b| b == b'>').count();
    opens >= 6 && closes < opens
}

/// `lint_template`: a program built by [`templates::build`], pre-filter on.
pub fn lint_template(data: &[u8]) {
    let Some((name, file)) = templates::build(data) else { return };
    lint(name, &file, true);
}

type Job = Box<dyn FnOnce() + Send>;

struct Worker {
    jobs: Sender<Job>,
    done: Receiver<()>,
}

/// One long-lived thread with the same stack size as the binary's lint threads
/// (`cplint::run::STACK_SIZE`), so deep input is judged against the real limit and a
/// thread is not created per input.
fn worker() -> &'static Mutex<Worker> {
    static W: OnceLock<Mutex<Worker>> = OnceLock::new();
    W.get_or_init(|| {
        pass_parser_panics();
        let (jobs, rx) = channel::<Job>();
        let (tx, done) = channel();
        std::thread::Builder::new()
            .name("lint".into())
            .stack_size(cplint::run::STACK_SIZE)
            .spawn(move || {
                for job in rx {
                    job();
                    if tx.send(()).is_err() {
                        return;
                    }
                }
            })
            .expect("spawn the lint thread");
        Mutex::new(Worker { jobs, done })
    })
}

/// Lets a panic inside swc's parser unwind (instead of libFuzzer's abort) to
/// `cplint::parse`, which reports it as a parse error: such panics are upstream
/// bugs on invalid input (`docs/fuzzing.md`), and what cplint does with them is
/// what the harness checks. Every other panic still aborts.
fn pass_parser_panics() {
    let next = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_parser = info.location().is_some_and(|l| l.file().contains("swc_ecma_parser"));
        if !in_parser {
            next(info);
        }
    }));
}

fn on_lint_stack(job: Job) {
    let w = worker().lock().unwrap_or_else(|e| e.into_inner());
    w.jobs.send(job).expect("lint thread alive");
    // A panic on the lint thread aborts the process (libFuzzer's panic hook), so
    // this only returns once the job has finished.
    w.done.recv().expect("lint thread alive");
}

/// Every rule on (including those off by default), the lists from `cplint.toml`
/// extended, and the pre-filter as asked.
pub fn config(prefilter: bool) -> Config {
    let mut c = Config::default();
    c.apply_selection(cplint::rules::METAS, &["ALL".to_string()], &[]).expect("ALL is a valid selection");
    c.prefilter = prefilter;
    c.secret_names = vec!["sessioncookie".into()];
    c.chatty_programs = vec!["terraform".into()];
    c.interpreters = vec!["deno".into()];
    c
}

/// Lints `bytes` as a file called `path` on the lint stack, checks the report and
/// renders it in every format.
pub fn lint(path: &str, bytes: &[u8], prefilter: bool) {
    let path = path.to_string();
    let bytes = bytes.to_vec();
    on_lint_stack(Box::new(move || {
        let config = config(prefilter);
        let report = cplint::lint_bytes(&path, &bytes, &config);
        check(&report);
        if report.findings.iter().any(|f| f.fix.is_some()) {
            fix(&path, report.source.as_deref().unwrap_or_default(), &config, &report);
        }
        render(report);
    }));
}

fn check(report: &FileReport) {
    let Some(src) = report.source.as_deref() else {
        assert!(report.findings.is_empty() && report.errors.is_empty(), "a report with problems keeps its source");
        return;
    };
    let in_text = |start: usize, end: usize| {
        start <= end && end <= src.len() && src.is_char_boundary(start) && src.is_char_boundary(end)
    };
    for f in &report.findings {
        assert!(in_text(f.start, f.end), "finding span {}..{} outside the text", f.start, f.end);
        assert!(in_text(f.primary.start, f.primary.end), "primary label outside the text");
        for l in &f.labels {
            assert!(in_text(l.start, l.end), "label {}..{} outside the text", l.start, l.end);
        }
        assert!(f.line >= 1 && f.column >= 1 && (f.line, f.column) <= (f.end_line, f.end_column));
        if let Some(fix) = &f.fix {
            let mut edits: Vec<_> = fix.edits.iter().map(|e| (e.start, e.end)).collect();
            edits.sort();
            for (s, e) in &edits {
                assert!(in_text(*s, *e), "fix edit {s}..{e} outside the text");
            }
            for w in edits.windows(2) {
                assert!(w[0].1 <= w[1].0, "fix edits overlap: {edits:?}");
            }
        }
    }
    for e in &report.errors {
        if let Some(o) = e.offset {
            assert!(o <= src.len(), "error offset {o} past the end");
        }
    }
}

/// Applies every fix (safe and unsafe) the way `--fix --unsafe-fixes` does, and
/// checks what `--fix` promises:
/// - the result still parses when the input did;
/// - the re-lint of the result holds the same invariants, and the fixes it still
///   offers do not overlap one another (what the next round would apply);
/// - when the rounds ended because nothing was left to apply (not at
///   [`cplint::fix::MAX_ROUNDS`]), a second `--fix` is a no-op: same text, no fix
///   applied.
fn fix(path: &str, text: &str, config: &Config, before: &FileReport) {
    use cplint::fix::{self, Mode};
    let fixed = cplint::lint::fix_source(path, text, config, Mode::Unsafe);
    let parse_error = |r: &FileReport| r.errors.iter().any(|e| e.kind == ErrorKind::ParseError);
    if !parse_error(before) {
        assert!(!parse_error(&fixed.report), "fixes broke the parse:\n{}", fixed.text);
    }
    check(&fixed.report);
    if !parse_error(before) {
        first_round_resolves(path, text, config, before);
    }
    if fix::non_overlapping(&fixed.report, Mode::Unsafe).is_empty() && !parse_error(&fixed.report) {
        let again = cplint::lint::fix_source(path, &fixed.text, config, Mode::Unsafe);
        assert_eq!(again.applied, 0, "a second --fix applied {} fixes to:\n{}", again.applied, fixed.text);
        assert_eq!(again.text, fixed.text, "a second --fix changed the text");
    }
}

/// One round of `--fix --unsafe-fixes` by hand: after the picked fixes are applied
/// (and kept by the post-fix check), the re-lint finds no finding of a fixed rule
/// inside the text its fix wrote. A fix that leaves its own finding in place would
/// be applied again every round.
fn first_round_resolves(path: &str, text: &str, config: &Config, before: &FileReport) {
    use cplint::fix::{self, Mode};
    let picks = fix::non_overlapping(before, Mode::Unsafe);
    if picks.is_empty() {
        return;
    }
    let (next, n, lost) = fix::apply_round(path, text, &picks);
    if n == 0 || !lost.is_empty() || n != picks.len() {
        return;
    }
    // Every edit of this round, in file order, with the rule of its fix.
    let mut edits: Vec<(usize, usize, usize, &'static str)> = Vec::new();
    for f in &before.findings {
        let Some(fx) = &f.fix else { continue };
        if picks.iter().any(|p| std::ptr::eq(*p, fx)) {
            for e in &fx.edits {
                edits.push((e.start, e.end, e.replacement.len(), f.rule.name));
            }
        }
    }
    edits.sort();
    // Where each edit's replacement landed in the new text.
    let mut shift: isize = 0;
    let mut regions: Vec<(usize, usize, &'static str)> = Vec::new();
    for (start, end, len, rule) in edits {
        let new_start = (start as isize + shift) as usize;
        shift += len as isize - (end - start) as isize;
        let new_end = (end as isize + shift) as usize;
        regions.push((new_start, new_end, rule));
    }
    let after = cplint::lint::lint_source(path, &next, config);
    for f in &after.findings {
        for (s, e, rule) in &regions {
            let inside = *s <= f.primary.start && f.primary.end <= *e && s < e;
            assert!(
                !(inside && f.rule.name == *rule),
                "`{rule}` still fires inside the text its fix wrote ({s}..{e}):\n{next}"
            );
        }
    }
}

fn render(report: FileReport) {
    let run = RunReport {
        files: vec![report],
        files_scanned: 1,
        elapsed_ms: 0,
        run_errors: Vec::new(),
        show_statistics: true,
        fixed: 0,
    };
    for format in [Format::Text, Format::Json, Format::Github] {
        let mut out = Vec::new();
        output::write(&run, format, false, &mut out).expect("writing to memory cannot fail");
        if format == Format::Json {
            let v: serde_json::Value = serde_json::from_slice(&out).expect("the JSON report parses");
            assert!(v["summary"].is_object(), "the JSON report has a summary");
        }
    }
}
