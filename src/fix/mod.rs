//! Fixes as data: which fixes a mode allows, picking non-overlapping ones, applying
//! edits, checking the result still parses, diffs, and writing files atomically
//! ([`files`]). The rewrites themselves are made by the rules that offer them
//! (`rules::rewrite`); the lint → fix → lint loop is [`crate::lint::fix_source`].

pub mod check;
pub mod files;

use crate::emit::{Edit, Fix, Safety};
use crate::report::FileReport;

pub const MAX_ROUNDS: usize = 20;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Safe fixes only (`--fix`).
    Safe,
    /// Safe and unsafe fixes (`--fix --unsafe-fixes`).
    Unsafe,
}

impl Mode {
    pub fn allows(self, fix: &Fix) -> bool {
        !fix.edits.is_empty()
            && match self {
                Mode::Safe => fix.safety == Safety::Safe,
                Mode::Unsafe => fix.safety >= Safety::Unsafe,
            }
    }
}

/// The outcome of fixing one file.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The text after every applied fix (equal to the input when none applied).
    pub text: String,
    /// Number of fixes applied.
    pub applied: usize,
    /// Fixes dropped because the file no longer parsed with them, or a name no longer
    /// referred to what it did ([`check`]); each title says why.
    pub dropped: Vec<String>,
    /// The report of the fixed text.
    pub report: FileReport,
}

/// Applies the edits of `fixes` (already non-overlapping, any order) to `text`.
pub fn apply(text: &str, fixes: &[&Fix]) -> String {
    let mut edits: Vec<&Edit> = fixes.iter().flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in edits {
        if e.start < at || e.end > text.len() || !text.is_char_boundary(e.start) || !text.is_char_boundary(e.end) {
            continue;
        }
        out.push_str(&text[at..e.start]);
        out.push_str(&e.replacement);
        at = e.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Whether two edits touch (an insertion at the boundary of another edit counts).
fn touches(a: &Edit, b: &Edit) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Picks fixes whose edits touch no edit of an earlier pick, in file order.
///
/// A fix that edits outside its own finding (an import, a declaration) may bring a
/// new name into scope; two such fixes computed on the same text could bring the
/// same name twice, so at most one of them is taken per round.
pub fn non_overlapping(report: &FileReport, mode: Mode) -> Vec<&Fix> {
    let mut fixes: Vec<(&Fix, bool)> = report
        .findings
        .iter()
        .filter_map(|f| {
            let fix = f.fix.as_ref().filter(|x| mode.allows(x))?;
            let outside = fix.edits.iter().any(|e| e.start < f.start || e.end > f.end);
            Some((fix, outside))
        })
        .collect();
    fixes.sort_by_key(|(f, _)| f.edits.iter().map(|e| e.start).min().unwrap_or(0));
    // The edits taken so far, by `(start, end)`: they do not overlap, so their ends
    // grow with their starts, and the last one starting at or before an edit's end
    // is the only one that can touch it (a lookup, not a scan: files have tens of
    // thousands of fixes).
    let mut taken: std::collections::BTreeSet<(usize, usize)> = std::collections::BTreeSet::new();
    let touches_taken = |taken: &std::collections::BTreeSet<(usize, usize)>, e: &Edit| {
        taken
            .range(..=(e.end, usize::MAX))
            .next_back()
            .is_some_and(|&(start, end)| touches(e, &Edit::new(start, end, "")))
    };
    let mut out = Vec::new();
    let mut declared = false;
    for (f, outside) in fixes {
        if outside && declared {
            continue;
        }
        // Edits within one fix must not overlap either.
        let mut own: Vec<&Edit> = f.edits.iter().collect();
        own.sort_by_key(|e| (e.start, e.end));
        if own.windows(2).any(|w| w[0].end > w[1].start) {
            continue;
        }
        if f.edits.iter().any(|e| touches_taken(&taken, e)) {
            continue;
        }
        taken.extend(f.edits.iter().map(|e| (e.start, e.end)));
        declared |= outside;
        out.push(f);
    }
    out
}

/// Applies one round of non-overlapping fixes. The result must parse and keep what
/// the names of the file refer to ([`check`]); when it does not, the fixes are
/// retried one at a time: the first that holds is kept (later ones are stale after
/// it and wait for the next round), those that break the file are dropped.
/// Returns the new text, the number applied and the titles dropped (with why).
pub fn apply_round(path: &str, cur: &str, picks: &[&Fix]) -> (String, usize, Vec<String>) {
    let lang = crate::files::lang_for(path).unwrap_or(crate::files::Lang::Js);
    let Some(before) = check::names(cur, lang) else {
        return (cur.to_string(), 0, picks.iter().map(|f| format!("{} (the file does not parse)", f.title)).collect());
    };
    let holds = |next: &str| -> Result<(), String> {
        let after = check::names(next, lang).ok_or("the fixed file would not parse")?;
        check::broken(&before, &after).map_or(Ok(()), Err)
    };
    let next = apply(cur, picks);
    if next != cur && holds(&next).is_ok() {
        return (next, picks.len(), Vec::new());
    }
    let mut dropped = Vec::new();
    for f in picks {
        let one = apply(cur, &[*f]);
        if one == cur {
            dropped.push(format!("{} (no change)", f.title));
            continue;
        }
        match holds(&one) {
            Ok(()) => return (one, 1, dropped),
            Err(why) => dropped.push(format!("{} ({why})", f.title)),
        }
    }
    (cur.to_string(), 0, dropped)
}

/// A unified diff of `old` → `new` for `path` (empty when equal).
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(path, path).to_string()
}

/// The finding's call as it reads after its own fix (for the text report), when
/// the fix edits it. Long calls are cut after a few lines.
pub fn suggested_call(src: &str, start: usize, end: usize, fix: &Fix) -> Option<String> {
    let inside: Vec<&Edit> = fix.edits.iter().filter(|e| e.start >= start && e.end <= end).collect();
    if inside.is_empty() {
        return None;
    }
    let text = src.get(start..end)?;
    let shifted: Vec<Edit> =
        inside.iter().map(|e| Edit::new(e.start - start, e.end - start, e.replacement.clone())).collect();
    let one = Fix { safety: fix.safety, title: String::new(), edits: shifted };
    let after = apply(text, &[&one]);
    let lines: Vec<&str> = after.lines().collect();
    if lines.len() <= 4 { Some(after) } else { Some(format!("{}\n…", lines[..3].join("\n"))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(title: &str, edits: Vec<Edit>) -> Fix {
        Fix { safety: Safety::Safe, title: title.into(), edits }
    }

    #[test]
    fn a_fix_that_breaks_the_parse_is_dropped_and_the_rest_kept() {
        // `h` and `k` are used already: the renames leave no name dangling.
        let text = "f(a);\ng(b);\nh(k);\n";
        let good = fix("rename f", vec![Edit::new(0, 1, "h")]);
        let bad = fix("unbalance g", vec![Edit::new(7, 8, "(((")]);
        let (out, n, dropped) = apply_round("x.js", text, &[&good, &bad]);
        assert_eq!((out.as_str(), n), ("h(a);\ng(b);\nh(k);\n", 1));
        assert_eq!(dropped, Vec::<String>::new());
        // The bad one alone: dropped, text unchanged.
        let (out, n, dropped) = apply_round("x.js", text, &[&bad]);
        assert_eq!((out.as_str(), n), (text, 0));
        assert_eq!(dropped, ["unbalance g (the fixed file would not parse)"]);
        // Both parse: one round applies both.
        let other = fix("rename g", vec![Edit::new(6, 7, "k")]);
        let (out, n, _) = apply_round("x.js", text, &[&good, &other]);
        assert_eq!((out.as_str(), n), ("h(a);\nk(b);\nh(k);\n", 2));
    }

    #[test]
    fn a_fix_that_leaves_a_name_dangling_is_dropped() {
        let text = "const { exec } = require(\"child_process\");\nexec(\"ls \" + x);\nmodule.exports = { exec };\n";
        let rename = fix("rename exec", vec![Edit::new(8, 12, "execFile"), Edit::new(43, 47, "execFile")]);
        let (out, n, dropped) = apply_round("x.js", text, &[&rename]);
        assert_eq!((out.as_str(), n), (text, 0));
        assert_eq!(dropped, ["rename exec (`exec` would refer to nothing)"]);
    }

    #[test]
    fn edits_apply_in_order_and_keep_the_rest() {
        let text = "abcdef";
        let f = fix("t", vec![Edit::new(4, 5, "E"), Edit::new(0, 0, ">"), Edit::new(1, 3, "")]);
        assert_eq!(apply(text, &[&f]), ">adEf");
        assert!(touches(&Edit::new(2, 2, "x"), &Edit::new(2, 4, "")));
        assert!(!touches(&Edit::new(0, 1, "x"), &Edit::new(2, 4, "")));
    }
}
