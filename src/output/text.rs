//! `--format text`: one miette code frame per finding and per file error, then a
//! one-line summary.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::RunReport;
use crate::report::{ErrorKind, FileReport, Finding};
use crate::vocab::Severity;

/// One renderable diagnostic.
struct Frame {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    /// The rule's page, shown after the code.
    url: Option<String>,
    labels: Vec<LabeledSpan>,
    src: NamedSource<Lines>,
}

/// A file's shown text for miette, with its line starts found once: miette's own
/// `str` source counts lines from the start of the file for every label, which
/// made the report quadratic in the number of findings. A span is read from the
/// start of a line just before its context (by miette's own reader, so what it
/// draws is the same), and the line numbers are shifted back.
#[derive(Clone)]
struct Lines {
    text: Arc<str>,
    /// Where each line starts, as miette breaks lines (`\n`, `\r\n` or a lone `\r`).
    starts: Arc<Vec<usize>>,
}

impl Lines {
    fn new(text: Arc<str>) -> Lines {
        let b = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if b.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Lines { text, starts: Arc::new(starts) }
    }
}

/// [`Lines`]' answer: miette's, for the text from `base`, moved back in place.
struct Shifted<'a> {
    inner: Box<dyn miette::SpanContents<'a> + 'a>,
    base_line: usize,
}

impl<'a> miette::SpanContents<'a> for Shifted<'a> {
    fn data(&self) -> &'a [u8] {
        self.inner.data()
    }
    fn span(&self) -> &SourceSpan {
        self.inner.span()
    }
    fn line(&self) -> usize {
        self.inner.line() + self.base_line
    }
    fn column(&self) -> usize {
        self.inner.column()
    }
    fn line_count(&self) -> usize {
        self.inner.line_count() + self.base_line
    }
}

impl miette::SourceCode for Lines {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let line = self.starts.partition_point(|s| *s <= span.offset()).saturating_sub(1);
        let base_line = line.saturating_sub(before + 1);
        let base = self.starts[base_line];
        let bytes = self.text.as_bytes().get(base..).ok_or(miette::MietteError::OutOfBounds)?;
        let local = SourceSpan::from((span.offset() - base, span.len()));
        let inner = <[u8] as miette::SourceCode>::read_span(bytes, &local, before, after)?;
        let moved = SourceSpan::from((inner.span().offset() + base, inner.span().len()));
        let inner: Box<dyn miette::SpanContents<'a> + 'a> = Box::new(miette::MietteSpanContents::new(
            inner.data(),
            moved,
            inner.line(),
            inner.column(),
            inner.line_count(),
        ));
        Ok(Box::new(Shifted { inner, base_line }))
    }
}

impl fmt::Debug for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Frame {}

impl Diagnostic for Frame {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url.as_ref().map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

fn span(start: usize, end: usize) -> SourceSpan {
    SourceSpan::from((start, end.saturating_sub(start)))
}

/// A file's source as the frames show it: control characters escaped
/// ([`crate::files::visible`]), with the offsets of the file mapped onto it.
struct Shown {
    /// The original source (line lengths and suggested calls are read from it).
    raw: Arc<str>,
    /// What miette draws.
    text: Lines,
    /// `(offset in the file, bytes added up to and including it)` for each escaped
    /// character, in order.
    shifts: Vec<(usize, usize)>,
}

impl Shown {
    fn new(raw: Arc<str>) -> Shown {
        let text: Arc<str> = match crate::files::visible(&raw) {
            std::borrow::Cow::Borrowed(_) => {
                return Shown { text: Lines::new(Arc::clone(&raw)), raw, shifts: Vec::new() };
            }
            std::borrow::Cow::Owned(t) => t.into(),
        };
        let mut shifts = Vec::new();
        let mut added = 0;
        let mut escaped = String::new();
        for (i, c) in raw.char_indices().filter(|&(i, c)| !crate::files::shown_raw(&raw, i, c)) {
            escaped.clear();
            crate::files::escape_control(c, &mut escaped);
            added += escaped.len() - c.len_utf8();
            shifts.push((i, added));
        }
        Shown { raw, text: Lines::new(text), shifts }
    }

    /// Where a file offset is in the shown text.
    fn at(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|(o, _)| *o < offset);
        offset + if i == 0 { 0 } else { self.shifts[i - 1].1 }
    }

    fn span(&self, start: usize, end: usize) -> SourceSpan {
        span(self.at(start), self.at(end.max(start)))
    }
}

fn vis(s: &str) -> String {
    crate::files::visible(s).into_owned()
}

fn frame_for(file: &FileReport, shown: &Shown, f: &Finding) -> Frame {
    let src = &shown.raw;
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some(vis(&f.primary.text)),
        shown.span(f.primary.start, f.primary.end),
    )];
    for l in &f.labels {
        labels.push(LabeledSpan::new_with_span(Some(vis(&l.text)), shown.span(l.start, l.end)));
    }
    let mut help = match (&f.help, &f.note) {
        (Some(h), Some(n)) => Some(format!("{h}\nnote: {n}")),
        (Some(h), None) => Some(h.clone()),
        (None, Some(n)) => Some(format!("note: {n}")),
        (None, None) => None,
    };
    if let Some(fix) = &f.fix {
        let line = fix_lines(src, f, fix);
        help = Some(match help {
            Some(h) => format!("{h}\n{line}"),
            None => line,
        });
    }
    Frame {
        message: vis(&f.message),
        code: format!("{} {}", f.rule.code, f.rule.name),
        severity: match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            _ => miette::Severity::Advice,
        },
        help: help.map(|h| vis(&h)),
        url: Some(f.rule.url()),
        labels,
        src: NamedSource::new(crate::files::visible_name(&file.path), shown.text.clone()),
    }
}

/// How a finding's fix reads under its help text.
fn fix_lines(src: &str, f: &Finding, fix: &crate::emit::Fix) -> String {
    use crate::emit::Safety;
    let how = match fix.safety {
        Safety::Safe => "fix (safe, --fix)",
        Safety::Unsafe => "fix (unsafe, --fix --unsafe-fixes)",
        Safety::DisplayOnly => return format!("advice: {}", fix.title),
    };
    match crate::fix::suggested_call(src, f.start, f.end, fix) {
        Some(call) => format!("{how}: {}\n  {}", fix.title, call.replace('\n', "\n  ")),
        None => format!("{how}: {}", fix.title),
    }
}

/// The handler used for both terminals and snapshots (color only differs).
pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_wrap_lines(false).with_links(false).with_context_lines(1)
}

/// Renders one file's findings and errors, as the text format prints them but for
/// the link to each rule's page (the rule fixtures' snapshots are these frames).
pub fn render_file(file: &FileReport, color: bool) -> String {
    render(file, color, false)
}

fn render(file: &FileReport, color: bool, links: bool) -> String {
    let h = handler(color);
    let mut out = String::new();
    // One shared copy of the source for all frames of the file. Everything from the
    // file (its name, its text, messages quoting it) is shown with control
    // characters escaped: a file must not be able to drive the terminal.
    let shown = Shown::new(file.source.as_deref().unwrap_or_default().into());
    let lines = LongLines::new(&shown.raw);
    let path = crate::files::visible_name(&file.path);
    for f in &file.findings {
        if lines.too_long(f.start) || f.labels.iter().any(|l| lines.too_long(l.start)) {
            out.push_str(&format!(
                "{}:{}:{}: {} {} {}: {}\n",
                path,
                f.line,
                f.column,
                f.severity.as_str(),
                f.rule.code,
                f.rule.name,
                vis(&f.message)
            ));
            for extra in f.help.iter().map(|h| format!("help: {h}")).chain(f.note.iter().map(|n| format!("note: {n}")))
            {
                out.push_str(&format!("  {}\n", vis(&extra)));
            }
            out.push_str("  (the line is too long to show)\n\n");
            continue;
        }
        // Rendering into a String cannot fail for our own frames; a failure would
        // only drop the frame, never the run.
        let mut frame = frame_for(file, &shown, f);
        if !links {
            frame.url = None;
        }
        let _ = h.render_report(&mut out, &frame);
        out.push('\n');
    }
    // Listed only with `--report-suppressed`: one line each, no frame, so they stay
    // out of the way of what needs fixing.
    for f in &file.suppressed {
        out.push_str(&format!(
            "{}:{}:{}: suppressed {} {}: {}\n",
            path,
            f.line,
            f.column,
            f.rule.code,
            f.rule.name,
            vis(&f.message)
        ));
    }
    if !file.suppressed.is_empty() {
        out.push('\n');
    }
    for e in &file.errors {
        match (e.kind, e.offset, &file.source) {
            (ErrorKind::ParseError | ErrorKind::Directive | ErrorKind::UnusedDirective, Some(off), Some(_))
                if !lines.too_long(off) =>
            {
                let frame = Frame {
                    message: match e.kind {
                        ErrorKind::ParseError => format!("cannot parse: {}", vis(&e.message)),
                        _ => vis(&e.message),
                    },
                    code: match e.kind {
                        ErrorKind::ParseError => "parse-error",
                        ErrorKind::Directive => "directive-error",
                        _ => "unused-directive",
                    }
                    .into(),
                    severity: if e.kind == ErrorKind::UnusedDirective {
                        miette::Severity::Warning
                    } else {
                        miette::Severity::Error
                    },
                    help: None,
                    url: None,
                    labels: vec![LabeledSpan::new_primary_with_span(Some("here".into()), shown.span(off, off))],
                    src: NamedSource::new(path.as_ref(), shown.text.clone()),
                };
                let _ = h.render_report(&mut out, &frame);
                out.push('\n');
            }
            _ => {
                let what = match e.kind {
                    ErrorKind::ParseError => "parse-error",
                    ErrorKind::Io => "io-error",
                    ErrorKind::Internal => "internal-error",
                    ErrorKind::Directive => "directive-error",
                    ErrorKind::UnusedDirective => "unused-directive",
                };
                match e.position {
                    Some((line, column)) => {
                        out.push_str(&format!("{path}:{line}:{column}: {what}: {}\n\n", vis(&e.message)))
                    }
                    None => out.push_str(&format!("{path}: {what}: {}\n\n", vis(&e.message))),
                }
            }
        }
    }
    for n in &file.notes {
        if file.parsed {
            out.push_str(&format!("{path}: note: {}\n", vis(n)));
        }
    }
    out
}

/// Lines longer than this (in bytes) are not drawn as code frames: a minified
/// bundle's one line would fill the terminal, and miette cannot pad a label past
/// column 65,535. Such findings are printed on one line with their position.
const MAX_FRAME_LINE: usize = 1_000;

/// Where the source's lines start, to ask how long the line at an offset is.
struct LongLines {
    starts: Vec<usize>,
    len: usize,
}

impl LongLines {
    fn new(src: &str) -> LongLines {
        let starts = std::iter::once(0).chain(src.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LongLines { starts, len: src.len() }
    }

    fn too_long(&self, offset: usize) -> bool {
        let i = self.starts.partition_point(|s| *s <= offset).saturating_sub(1);
        let start = self.starts.get(i).copied().unwrap_or(0);
        let end = self.starts.get(i + 1).map_or(self.len, |s| s - 1);
        end.saturating_sub(start) > MAX_FRAME_LINE
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn summary_line(report: &RunReport) -> String {
    let (errors, warnings, notes) =
        (report.count(Severity::Error), report.count(Severity::Warning), report.count(Severity::Note));
    let file_errors = report
        .files
        .iter()
        .filter(|f| {
            f.errors.iter().any(|e| match e.kind {
                ErrorKind::ParseError => !f.partly_parsed,
                ErrorKind::Io | ErrorKind::Internal => true,
                _ => false,
            })
        })
        .count()
        + report.run_errors.len();
    let partly = report.files.iter().filter(|f| f.partly_parsed).count();
    let scanned = plural(report.files_scanned, "file", "files");
    let mut s = if errors + warnings + notes == 0 {
        format!("No problems found in {scanned}")
    } else {
        let mut parts = vec![plural(errors, "error", "errors"), plural(warnings, "warning", "warnings")];
        if notes > 0 {
            parts.push(plural(notes, "note", "notes"));
        }
        format!(
            "Found {} ({}) in {} of {scanned}",
            plural(errors + warnings + notes, "problem", "problems"),
            parts.join(", "),
            report.files_with_findings()
        )
    };
    if partly > 0 {
        s.push_str(&format!(
            "; {} linted without the lines that do not parse",
            plural(partly, "file was", "files were")
        ));
    }
    if file_errors > 0 {
        s.push_str(&format!("; {} could not be linted", plural(file_errors, "file", "files")));
    }
    let suppressed: usize = report.files.iter().map(|f| f.suppressed.len()).sum();
    if suppressed > 0 {
        s.push_str(&format!("; {suppressed} suppressed by `cplint-disable` comments (not counted)"));
    }
    let baselined = report.baselined();
    if baselined > 0 {
        s.push_str(&format!("; {baselined} suppressed by the suppressions file (not counted)"));
    }
    if report.fixed > 0 {
        s = format!("Fixed {}. {s}", plural(report.fixed, "problem", "problems"));
    }
    let fixable = |safety| {
        report
            .files
            .iter()
            .flat_map(|f| &f.findings)
            .filter(|f| f.fix.as_ref().is_some_and(|x| x.safety == safety && !x.edits.is_empty()))
            .count()
    };
    let (safe, unsafe_) = (fixable(crate::emit::Safety::Safe), fixable(crate::emit::Safety::Unsafe));
    match (safe, unsafe_) {
        (0, 0) => {}
        (n, 0) => s.push_str(&format!("\n{n} fixable with `--fix`")),
        (0, m) => s.push_str(&format!("\n{m} fixable with `--fix --unsafe-fixes` (unsafe: see each fix)")),
        (n, m) => s.push_str(&format!("\n{n} fixable with `--fix`, {m} more with `--fix --unsafe-fixes`")),
    }
    s
}

pub fn write(report: &RunReport, color: bool, out: &mut dyn Write) -> io::Result<()> {
    if report.show_statistics {
        return write_statistics(report, out);
    }
    for file in &report.files {
        let rendered = render(file, color, true);
        out.write_all(rendered.as_bytes())?;
    }
    for (path, msg) in &report.run_errors {
        let msg = crate::files::visible(msg);
        if path.is_empty() {
            writeln!(out, "error: {msg}")?;
        } else {
            writeln!(out, "error: {}: {msg}", crate::files::visible_name(path))?;
        }
    }
    writeln!(out, "{}", summary_line(report))
}

/// `--statistics`: the number of findings per rule, most first, and nothing else
/// (as ruff's `--statistics`); run errors still go to standard error.
fn write_statistics(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let by_rule = report.by_rule();
    let mut rows: Vec<(&'static crate::vocab::RuleMeta, usize)> =
        crate::rules::metas().filter_map(|m| by_rule.get(m.name).map(|n| (m, *n))).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code.cmp(b.0.code)));
    for (meta, n) in rows {
        writeln!(out, "{n:>6}  {}  {}", meta.code, meta.name)?;
    }
    Ok(())
}

/// `--format concise`: one line per finding, `path:line:col: CODE [rule] message`,
/// then one per file error and the summary line.
pub fn write_concise(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    if report.show_statistics {
        return write_statistics(report, out);
    }
    for file in &report.files {
        let path = crate::files::visible_name(&file.path);
        for f in &file.findings {
            writeln!(out, "{path}:{}:{}: {} [{}] {}", f.line, f.column, f.rule.code, f.rule.name, vis(&f.message))?;
        }
        for f in &file.suppressed {
            writeln!(
                out,
                "{path}:{}:{}: {} [{}] suppressed: {}",
                f.line,
                f.column,
                f.rule.code,
                f.rule.name,
                vis(&f.message)
            )?;
        }
        for e in &file.errors {
            let what = match e.kind {
                ErrorKind::ParseError => "parse-error",
                ErrorKind::Io => "io-error",
                ErrorKind::Internal => "internal-error",
                ErrorKind::Directive => "directive-error",
                ErrorKind::UnusedDirective => "unused-directive",
            };
            let at = e.position.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default();
            writeln!(out, "{path}{at}: {what}: {}", vis(&e.message))?;
        }
    }
    for (path, msg) in &report.run_errors {
        let msg = crate::files::visible(msg);
        if path.is_empty() {
            writeln!(out, "error: {msg}")?;
        } else {
            writeln!(out, "error: {}: {msg}", crate::files::visible_name(path))?;
        }
    }
    writeln!(out, "{}", summary_line(report))
}
