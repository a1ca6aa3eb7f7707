//! The core: one file's text → its [`FileReport`]. Pre-filter, parse, semantic
//! index, every enabled rule, positions, inline suppressions.

use crate::config::Config;
use crate::emit::RawFinding;
use crate::lines::LineIndex;
use crate::memory::{LARGE_FILE, TRIM_AFTER, large_work, release_free_memory};
use crate::report::{ErrorKind, FileError, FileReport, Finding};
use crate::rule::{Context, Emitter, Rule};
use crate::vocab::Severity;
use crate::{files, fix, prefilter, rules, semantic, suppress, vocab};

/// Lints one file's text. `path` picks the syntax (by extension; unknown → JS) and
/// is copied into the report as given.
pub fn lint_source(path: &str, text: &str, config: &Config) -> FileReport {
    let mut report = FileReport { path: path.to_string(), ..Default::default() };
    if files::is_declaration_file(path) {
        return report;
    }
    if config.prefilter && !prefilter::may_match(text.as_bytes()) && !config.may_use_wrappers(text.as_bytes()) {
        return report;
    }
    report.parsed = true;
    let _large = (text.len() >= LARGE_FILE).then(large_work);
    crate::hooks::panic_if_requested(text);
    let lang = files::lang_for(path).unwrap_or(files::Lang::Js);
    let user =
        semantic::user_wrappers::FileWrappers::new(&config.wrappers, path).with_consts(config.project_consts.clone());
    let result = semantic::with_semantic_using(text, lang, user, files::route_file(path), |sem| {
        let found = check_rules(&Context { sem, config });
        (found, semantic::exports::sink_exports(sem), sem.looked_up_modules(), sem.skipped.to_vec())
    });
    if text.len() >= TRIM_AFTER {
        release_free_memory();
    }
    let index = LineIndex::new(text);
    match result {
        Ok((found, sinks, modules, skipped)) => {
            report.sink_exports = sinks;
            report.partly_parsed = !skipped.is_empty();
            report.errors.extend(skipped.into_iter().map(|e| FileError {
                kind: ErrorKind::ParseError,
                message: format!("{} (cplint left this line out and linted the rest of the file)", e.message),
                position: Some(index.position(e.offset)),
                offset: Some(e.offset),
            }));
            report.const_imports = modules;
            report.findings = found
                .into_iter()
                .map(|(meta, severity, f)| {
                    let (line, column) = index.position(f.start);
                    let (end_line, end_column) = index.position(f.end);
                    // A fix is checked by parsing the fixed text, which a file with a
                    // syntax error does not pass: none is offered in such a file.
                    let mut fix = if report.partly_parsed { None } else { f.fix };
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
                        suppression_reason: None,
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

/// What a file exports that is constant, and the relative modules its folding
/// looked up (absolute, as the specifiers name them): the cross-file pass's
/// summary of a module its importers read ([`semantic::exports::const_exports`]),
/// with the constants of the other files known so far. A declaration file or a
/// file that does not parse exports nothing.
pub fn module_consts(path: &str, text: &str, config: &Config) -> (crate::emit::ModuleConsts, Vec<std::path::PathBuf>) {
    if files::is_declaration_file(path) {
        return Default::default();
    }
    let lang = files::lang_for(path).unwrap_or(files::Lang::Js);
    let user = semantic::user_wrappers::FileWrappers::new(&[], path).with_consts(config.project_consts.clone());
    semantic::with_semantic_using(text, lang, user, files::route_file(path), |sem| {
        (semantic::exports::const_exports(sem), sem.looked_up_modules())
    })
    .unwrap_or_default()
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

/// Whether the pre-filter rules these file bytes out: the one decision for a file
/// (a run screens each file with it, then lints those that pass with the pre-filter
/// off). The filter reads UTF-8, so UTF-16 text (with a BOM) is decoded first.
pub fn prefilter_skips(bytes: &[u8], config: &Config) -> bool {
    if !config.prefilter {
        return false;
    }
    let skips = |b: &[u8]| !prefilter::may_match(b) && !config.may_use_wrappers(b);
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return skips(decode(bytes).0.as_bytes());
    }
    skips(bytes)
}

/// Lints file bytes (see [`decode`]), screened by [`prefilter_skips`] unless
/// `config` has the pre-filter off.
pub fn lint_bytes(path: &str, bytes: &[u8], config: &Config) -> FileReport {
    if prefilter_skips(bytes, config) {
        return FileReport { path: path.to_string(), ..Default::default() };
    }
    let (text, note) = decode(bytes);
    let mut report = lint_source(path, &text, config);
    report.notes.extend(note);
    report
}

/// Lints and fixes `text` until no applicable fix is left, like ruff: take every
/// applicable fix whose edits do not touch an edit already taken, apply them, check
/// the result still parses and that its names still refer to what they did
/// ([`fix::check`]: no dangling or captured name, no lost export), and lint again (at
/// most [`fix::MAX_ROUNDS`] rounds). A round that fails a check is retried one fix at
/// a time; a fix that fails on its own is dropped and reported.
pub fn fix_source(path: &str, text: &str, config: &Config, mode: fix::Mode) -> fix::Fixed {
    let mut cur = text.to_string();
    let mut applied = 0;
    let mut dropped: Vec<String> = Vec::new();
    let mut report = lint_source(path, &cur, config);
    for _ in 0..fix::MAX_ROUNDS {
        if report.errors.iter().any(|e| e.kind == ErrorKind::ParseError) {
            break;
        }
        let picks = fix::non_overlapping(&report, mode);
        if picks.is_empty() {
            break;
        }
        let (next, n, lost) = fix::apply_round(path, &cur, &picks);
        dropped.extend(lost);
        let progressed = n > 0;
        applied += n;
        cur = next;
        if !progressed {
            break;
        }
        report = lint_source(path, &cur, config);
    }
    // A fix that could not be applied is reported once.
    dropped.sort();
    dropped.dedup();
    fix::Fixed { text: cur, applied, dropped, report }
}

/// Runs every enabled rule: [`Rule::check_call`] for each call site in file order,
/// then [`Rule::check_file`].
fn check_rules(cx: &Context<'_, '_>) -> Vec<(&'static vocab::RuleMeta, Severity, RawFinding)> {
    let enabled: Vec<(&dyn Rule, &'static vocab::RuleMeta, Severity)> = rules::all()
        .iter()
        .map(|r| (*r, r.meta(), cx.config.severity(r.meta())))
        .filter(|(_, _, sev)| *sev != Severity::Off)
        .collect();
    let mut found = Vec::new();
    for site in &cx.sem.calls {
        for &(rule, meta, sev) in &enabled {
            let mut out = Emitter::for_call();
            rule.check_call(cx, site, &mut out);
            found.extend(out.into_findings().into_iter().map(|f| (meta, sev, f)));
        }
    }
    for &(rule, meta, sev) in &enabled {
        let mut out = Emitter::for_file();
        rule.check_file(cx, &mut out);
        found.extend(out.into_findings().into_iter().map(|f| (meta, sev, f)));
    }
    found
}
