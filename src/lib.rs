//! cplint: finds the ways Node.js programs misuse `node:child_process`.
//!
//! The pipeline runs one way: walk → read → pre-filter → parse → semantic → rules →
//! report. Tests call [`lint_source`]; the binary calls [`run::lint_walk`].

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod lines;
pub mod output;
pub mod parse;
pub mod prefilter;
pub mod rule;
pub mod rules;
pub mod run;
pub mod semantic;
pub mod suppress;
pub mod walk;

use config::Config;
use diagnostic::{ErrorKind, FileError, FileReport, Finding, RawFinding};
use lines::LineIndex;
use rule::{Context, Severity};

/// Files of at least this many bytes that pass the pre-filter are parsed one at a time.
pub const LARGE_FILE: usize = 256 * 1024;

/// Holds the right to do one large piece of work (parse a file of [`LARGE_FILE`]
/// bytes or more, read a file over `run::KEEP_BUF`): two at once would double the
/// peak memory for little gain in time. Taken again on the thread that holds it, it
/// is a no-op, so a large read can go on to a large parse.
pub struct LargeWork(bool);

static LARGE_WORK_BUSY: std::sync::Mutex<bool> = std::sync::Mutex::new(false);
static LARGE_WORK_DONE: std::sync::Condvar = std::sync::Condvar::new();
/// How long to wait for [`LargeWork`] before going on without it: the holder may be
/// a file given up on by `run::within_limit`, still parsing.
const LARGE_WORK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
thread_local! {
    static HOLDS_LARGE_WORK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// After parsing a file of at least this many bytes (its syntax tree takes some 20
/// times that), the memory is handed back ([`release_free_memory`]).
const TRIM_AFTER: usize = 64 * 1024;

/// Hands memory freed by a large parse back to the system. glibc keeps what a thread
/// frees in that thread's arena, so each lint thread would otherwise hold on to the
/// peak of the largest file it ever parsed, and the run's peak memory would grow
/// with the number of threads and files.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free pages; no pointer is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Waits for [`LargeWork`] (a poisoned lock only means a caught panic in another file).
pub fn large_work() -> LargeWork {
    if HOLDS_LARGE_WORK.get() {
        return LargeWork(false);
    }
    let deadline = std::time::Instant::now() + LARGE_WORK_WAIT;
    let mut busy = LARGE_WORK_BUSY.lock().unwrap_or_else(|e| e.into_inner());
    while *busy {
        let Some(left) = deadline.checked_duration_since(std::time::Instant::now()).filter(|d| !d.is_zero()) else {
            return LargeWork(false);
        };
        busy = match LARGE_WORK_DONE.wait_timeout(busy, left) {
            Ok((guard, _)) => guard,
            Err(e) => e.into_inner().0,
        };
    }
    *busy = true;
    HOLDS_LARGE_WORK.set(true);
    LargeWork(true)
}

impl Drop for LargeWork {
    fn drop(&mut self) {
        if self.0 {
            *LARGE_WORK_BUSY.lock().unwrap_or_else(|e| e.into_inner()) = false;
            HOLDS_LARGE_WORK.set(false);
            LARGE_WORK_DONE.notify_one();
        }
    }
}

/// Lints one file's text. `path` picks the syntax (by extension; unknown → JS) and
/// is copied into the report as given.
pub fn lint_source(path: &str, text: &str, config: &Config) -> FileReport {
    let mut report = FileReport { path: path.to_string(), ..Default::default() };
    if parse::is_declaration_file(path) {
        return report;
    }
    if config.prefilter && !prefilter::may_match(text.as_bytes()) && !config.may_use_wrappers(text.as_bytes()) {
        return report;
    }
    report.parsed = true;
    let _large = (text.len() >= LARGE_FILE).then(large_work);
    if test_panic_requested(text) {
        panic!("panic requested by CPLINT_TEST_PANIC");
    }
    let lang = parse::lang_for(path).unwrap_or(parse::Lang::Js);
    let user = semantic::user_wrappers::FileWrappers::new(&config.wrappers, path);
    let result = parse::with_semantic_using(text, lang, user, |sem| {
        let ctx = Context { sem, config };
        let mut found: Vec<(&'static rule::RuleMeta, Severity, RawFinding)> = Vec::new();
        for r in rules::all() {
            let meta = r.meta();
            let sev = config.severity(meta);
            if sev == Severity::Off {
                continue;
            }
            let mut raw = Vec::new();
            r.check(&ctx, &mut raw);
            found.extend(raw.into_iter().map(|f| (meta, sev, f)));
        }
        found
    });
    if text.len() >= TRIM_AFTER {
        release_free_memory();
    }
    let index = LineIndex::new(text);
    match result {
        Ok(found) => {
            report.findings = found
                .into_iter()
                .map(|(meta, severity, f)| {
                    let (line, column) = index.position(f.start);
                    let (end_line, end_column) = index.position(f.end);
                    let mut fix = f.fix;
                    for e in fix.iter_mut().flat_map(|x| x.edits.iter_mut()) {
                        (e.line, e.column) = index.position(e.start);
                        (e.end_line, e.end_column) = index.position(e.end);
                    }
                    Finding {
                        rule: meta,
                        severity,
                        start: f.start,
                        end: f.end,
                        line,
                        column,
                        end_line,
                        end_column,
                        primary: f.primary,
                        message: f.message,
                        help: f.help,
                        note: f.note,
                        labels: f.labels,
                        fix,
                    }
                })
                .collect();
            report.findings.sort_by(|a, b| (a.line, a.column, a.rule.code).cmp(&(b.line, b.column, b.rule.code)));
            let directive_errors = suppress::apply(text, &index, &mut report.findings, &mut report.suppressed);
            report.errors.extend(directive_errors);
        }
        Err(e) => report.errors.push(FileError {
            kind: ErrorKind::ParseError,
            message: e.message,
            position: Some(index.position(e.offset)),
            offset: Some(e.offset),
        }),
    }
    if config.keep_source && (!report.findings.is_empty() || !report.errors.is_empty() || !report.suppressed.is_empty())
    {
        report.source = Some(text.to_string());
    }
    report
}

/// Decodes file bytes: UTF-8 (a BOM is kept so offsets match the file), UTF-16 with
/// a BOM, anything else lossily. Returns the text and a note when it was not clean
/// UTF-8.
pub fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Option<String>) {
    if let [0xFF, 0xFE, rest @ ..] | [0xFE, 0xFF, rest @ ..] = bytes {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
            })
            .collect();
        let text = String::from_utf16_lossy(&units);
        let note = format!("decoded from UTF-16 {}", if le { "LE" } else { "BE" });
        return (text.into(), Some(note));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.into(), None),
        Err(e) => (
            String::from_utf8_lossy(bytes),
            Some(format!("not valid UTF-8 (first bad byte at offset {}); read lossily", e.valid_up_to())),
        ),
    }
}

/// Whether the pre-filter rules these file bytes out (UTF-16 text is never ruled
/// out: the filter reads bytes as UTF-8).
pub fn prefilter_skips(bytes: &[u8], config: &Config) -> bool {
    config.prefilter
        && !prefilter::may_match(bytes)
        && !config.may_use_wrappers(bytes)
        && !bytes.starts_with(&[0xFF, 0xFE])
        && !bytes.starts_with(&[0xFE, 0xFF])
}

/// Lints file bytes (see [`decode`]).
pub fn lint_bytes(path: &str, bytes: &[u8], config: &Config) -> FileReport {
    if prefilter_skips(bytes, config) {
        return FileReport { path: path.to_string(), ..Default::default() };
    }
    let (text, note) = decode(bytes);
    let mut report = lint_source(path, &text, config);
    report.notes.extend(note);
    report
}

/// Test hook: with `CPLINT_TEST_PANIC=1` in the environment, a file containing
/// `cplint-test-panic` makes the linter panic, so the crash handling can be tested
/// end to end.
fn test_panic_requested(text: &str) -> bool {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("CPLINT_TEST_PANIC").is_some()) && text.contains("cplint-test-panic")
}
