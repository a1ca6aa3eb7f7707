//! Code actions for the diagnostics under the cursor: each finding's fix (a safe
//! one preferred, an unsafe one titled "(unsafe) …"), "Disable <rule> for this
//! line" (`// cplint-disable-next-line <rule> -- reason` above it, or the rule added
//! to such a comment already there), "Disable <rule> for this file"
//! (`// cplint-disable-file <rule> -- reason` at the top, after a `#!` line, or the
//! rule added to such a comment), and "Remove unused directive".

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::text::LineMap;
use crate::emit::Safety;
use crate::report::{ErrorKind, FileError, Finding};

/// The text that asks for a reason in an inserted directive.
pub const REASON: &str = "-- reason";

/// What the last lint of a document says, for its code actions.
pub struct Found<'a> {
    pub uri: &'a Uri,
    pub text: &'a str,
    pub findings: &'a [Finding],
    pub errors: &'a [FileError],
    /// One per finding, then one per error (as `diagnostics::diagnostics` makes them).
    pub diagnostics: &'a [Diagnostic],
}

pub fn touches(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Whether `only` (the request's kinds filter) lets quick fixes through.
pub fn wants_quickfix(only: Option<&[CodeActionKind]>) -> bool {
    only.is_none_or(|kinds| kinds.iter().any(|k| k.as_str().is_empty() || k.as_str() == "quickfix"))
}

/// The actions for the diagnostics that touch `range`.
pub fn code_actions(found: &Found<'_>, range: &Range) -> Vec<CodeActionOrCommand> {
    let map = LineMap::new(found.text);
    let mut out: Vec<CodeAction> = Vec::new();
    let action = |title: String, diag: &Diagnostic, edits: Vec<TextEdit>, preferred: bool| CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diag.clone()]),
        edit: Some(WorkspaceEdit { changes: Some(HashMap::from([(found.uri.clone(), edits)])), ..Default::default() }),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    };
    let mut disables = Vec::new();
    for (f, diag) in found.findings.iter().zip(found.diagnostics) {
        if !touches(&diag.range, range) {
            continue;
        }
        if let Some(fix) = f.fix.as_ref().filter(|x| x.safety != Safety::DisplayOnly && !x.edits.is_empty()) {
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit { range: map.range(e.start, e.end), new_text: e.replacement.clone() })
                .collect();
            let safe = fix.safety == Safety::Safe;
            let title = if safe { fix.title.clone() } else { format!("(unsafe) {}", fix.title) };
            out.push(action(title, diag, edits, safe));
        }
        disables.push((f, diag));
    }
    // After the fixes; once per rule and line, and once per rule for the file.
    let mut seen = std::collections::HashSet::new();
    for (f, diag) in &disables {
        let line = map.line_of(f.start);
        if seen.insert((f.rule.name, Some(line))) {
            let title = format!("Disable {} for this line", f.rule.name);
            out.push(action(title, diag, vec![disable_line(&map, line, f.rule.name)], false));
        }
    }
    for (f, diag) in &disables {
        if seen.insert((f.rule.name, None)) {
            let title = format!("Disable {} for this file", f.rule.name);
            out.push(action(title, diag, vec![disable_file(&map, found.text, f.rule.name)], false));
        }
    }
    let errors = found.diagnostics.get(found.findings.len()..).unwrap_or(&[]);
    for (e, diag) in found.errors.iter().zip(errors) {
        if e.kind == ErrorKind::UnusedDirective
            && touches(&diag.range, range)
            && let Some(edit) = e.offset.and_then(|at| remove_directive(&map, at))
        {
            out.push(action("Remove unused directive".into(), diag, vec![edit], true));
        }
    }
    out.into_iter().map(CodeActionOrCommand::CodeAction).collect()
}

fn insert(map: &LineMap<'_>, offset: usize, text: String) -> TextEdit {
    let at = map.position(offset);
    TextEdit { range: Range::new(at, at), new_text: text }
}

/// In a line that is only a comment holding `word` (a directive), the byte index
/// in the line where its rule list ends; `None` when there is no such directive or
/// it names no rule (it covers every rule then).
fn list_end(line: &str, word: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    if !(trimmed.starts_with("//") || trimmed.starts_with("/*")) {
        return None;
    }
    let at = line.find(word)? + word.len();
    let rest = &line[at..];
    if rest.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    let end = [rest.find("--"), rest.find("*/")].into_iter().flatten().min().unwrap_or(rest.len());
    let list = rest[..end].trim_end();
    (!list.trim().is_empty()).then_some(at + list.len())
}

/// Suppresses `rule` on 0-based `line`: a new `cplint-disable-next-line` comment
/// above it, indented as it is, or the rule added to the one already there (a
/// second comment line would leave the first one suppressing the new comment).
pub fn disable_line(map: &LineMap<'_>, line: usize, rule: &str) -> TextEdit {
    if line > 0 {
        let above = map.line_text(line - 1);
        if let Some(end) = list_end(above, "cplint-disable-next-line") {
            return insert(map, map.line_start(line - 1) + end, format!(", {rule}"));
        }
    }
    let text = map.line_text(line);
    let indent = &text[..text.len() - text.trim_start().len()];
    let eol = map.line_break(line);
    insert(map, map.line_start(line), format!("{indent}// cplint-disable-next-line {rule} {REASON}{eol}"))
}

/// Suppresses `rule` in the whole file: the rule added to a
/// `// cplint-disable-file` comment line, or a new one at the top (after a `#!`
/// line and a byte order mark).
pub fn disable_file(map: &LineMap<'_>, text: &str, rule: &str) -> TextEdit {
    if text.contains("cplint-disable-file") {
        for line in 0..map.line_count() {
            if let Some(end) = list_end(map.line_text(line), "cplint-disable-file") {
                return insert(map, map.line_start(line) + end, format!(", {rule}"));
            }
        }
    }
    let eol = map.line_break(0);
    let directive = format!("// cplint-disable-file {rule} {REASON}");
    if text.starts_with("#!") {
        if map.line_count() > 1 {
            return insert(map, map.line_start(1), format!("{directive}{eol}"));
        }
        return insert(map, text.len(), format!("{eol}{directive}"));
    }
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    insert(map, bom, format!("{directive}{eol}"))
}

/// Removes the comment holding the directive at byte `at`: the whole line when the
/// line holds nothing else, else the comment (and the space before it). `None` for
/// a block comment that goes on past its line.
pub fn remove_directive(map: &LineMap<'_>, at: usize) -> Option<TextEdit> {
    let line = map.line_of(at);
    let start = map.line_start(line);
    let text = map.line_text(line);
    let col = at.checked_sub(start)?.min(text.len());
    let opener = [text[..col].rfind("//"), text[..col].rfind("/*")].into_iter().flatten().max()?;
    let end = if text[opener..].starts_with("//") { text.len() } else { col + text[col..].find("*/")? + 2 };
    let (before, after) = (&text[..opener], &text[end..]);
    let range = if before.trim().is_empty() && after.trim().is_empty() {
        if line + 1 < map.line_count() {
            Range::new(Position::new(line as u32, 0), Position::new(line as u32 + 1, 0))
        } else if line > 0 {
            // The last line: remove the line break before it instead.
            map.range(map.line_start(line) - map.line_break(line - 1).len(), start + text.len())
        } else {
            map.range(start, start + text.len())
        }
    } else if after.trim().is_empty() {
        map.range(start + before.trim_end().len(), start + text.len())
    } else {
        map.range(start + opener, start + end)
    };
    Some(TextEdit { range, new_text: String::new() })
}
