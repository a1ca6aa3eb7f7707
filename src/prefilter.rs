//! Byte-level pre-filter: decides, without parsing, that a file cannot hold a call
//! site, so it is never parsed.
//!
//! Every call site starts from a module of a call-capable kind
//! ([`models::is_call_capable`]: `child_process`, a wrapper, `vm`, `vm2`), and the
//! semantic layer only takes such a module from a string literal that names it
//! verbatim (no escapes, no concatenation) and stands where a specifier is read:
//! after `(` (`require(`, `import(`, `getBuiltinModule(`), after `=` (a binding later
//! passed to `require`), or after the keyword `from`. [`specifier_at`] is that test,
//! and both the semantic layer and [`may_match`] use it, so the filter is sound by
//! construction: a file it skips has no literal the semantic layer would resolve.
//! `--no-prefilter` lints everything, and tests check both modes agree.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind, packed};

use crate::models;

/// The needle search: SIMD (Teddy) when the CPU has it, plain Aho-Corasick
/// otherwise. Both report leftmost-longest, non-overlapping matches.
enum Scanner {
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

impl Scanner {
    fn ends(&self, bytes: &[u8], mut f: impl FnMut(usize, usize) -> bool) -> bool {
        match self {
            Scanner::Packed(s) => s.find_iter(bytes).any(|m| f(m.start(), m.end())),
            Scanner::Automaton(a) => a.find_iter(bytes).any(|m| f(m.start(), m.end())),
        }
    }
}

fn global_needles() -> &'static [String] {
    static G: OnceLock<Vec<String>> = OnceLock::new();
    G.get_or_init(models::global_needles)
}

fn scanner() -> &'static Scanner {
    static M: OnceLock<Scanner> = OnceLock::new();
    M.get_or_init(|| {
        let mut needles = models::prefilter_needles();
        needles.extend(models::global_needles());
        let packed =
            packed::Config::new().match_kind(packed::MatchKind::LeftmostLongest).builder().extend(&needles).build();
        match packed {
            Some(s) => Scanner::Packed(s),
            // The needles are fixed strings known at compile time; building cannot
            // fail for them, and a failure would be a bug caught by every test.
            None => Scanner::Automaton(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&needles)
                    .expect("static pre-filter patterns"),
            ),
        }
    })
}

fn is_quote(b: u8) -> bool {
    matches!(b, b'\'' | b'"' | b'`')
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// Where the text before `at` ends once blanks are skipped: ASCII whitespace and
/// block comments (webpack writes `__webpack_require__(/*! child_process */
/// "child_process")`). `None` when a `*/` has no `/*` before it.
fn before_blanks(src: &[u8], at: usize) -> Option<usize> {
    let mut i = at.min(src.len());
    loop {
        while i > 0 && src[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        // A block comment ends here: skip to its opening `/*`.
        if i >= 4 && &src[i - 2..i] == b"*/" {
            i = src[..i - 2].windows(2).rposition(|w| w == b"/*")?;
            continue;
        }
        return Some(i);
    }
}

/// Whether `before` ends with the word `w` (not the end of a longer name).
fn ends_with_word(before: &[u8], w: &[u8]) -> bool {
    before.ends_with(w) && (before.len() == w.len() || !is_ident_byte(before[before.len() - w.len() - 1]))
}

/// Whether the string literal whose opening quote is at `quote` stands where cplint
/// reads a module specifier: the previous non-blank byte is `(` or `=`, or the
/// previous word is `from` or `import` (`import "shelljs/global"`). Blanks are ASCII
/// whitespace and block comments; a line comment in between makes the answer no.
pub fn specifier_context(src: &[u8], quote: usize) -> bool {
    let Some(i) = before_blanks(src, quote) else { return false };
    let before = &src[..i];
    match before.last() {
        Some(b'(' | b'=') => true,
        Some(_) => ends_with_word(before, b"from") || ends_with_word(before, b"import"),
        None => false,
    }
}

/// The narrower context for a module whose name is a common word
/// ([`models::needs_import_context`]: `open`, `exec`): only `require("open")`,
/// `import("open")`, `from "open"` and `import "open"`. `.on("open", ..)`,
/// `mode = "open"` and the like are everywhere, and would make the pre-filter pass
/// (and the parser read) files such as `typescript.js` for nothing; a name given to
/// `require` through a binding is not followed for these modules.
pub fn import_context(src: &[u8], quote: usize) -> bool {
    let Some(i) = before_blanks(src, quote) else { return false };
    let before = &src[..i];
    match before.last() {
        Some(b'(') => before_blanks(src, i - 1)
            .is_some_and(|j| ends_with_word(&src[..j], b"require") || ends_with_word(&src[..j], b"import")),
        Some(_) => ends_with_word(before, b"from") || ends_with_word(before, b"import"),
        None => false,
    }
}

/// The call-capable module named by the string literal at `src[lo..hi]` (quotes
/// included), if the literal is written as `'name'`, `"name"` or `` `name` `` with
/// nothing else between the quotes and stands in a [`specifier_context`].
pub fn specifier_at(src: &[u8], lo: usize, hi: usize) -> Option<&'static str> {
    let lit = src.get(lo..hi)?;
    let (&open, rest) = lit.split_first()?;
    let (&close, inner) = rest.split_last()?;
    if !is_quote(open) || open != close {
        return None;
    }
    let name = models::call_capable_names().find(|n| n.as_bytes() == inner)?;
    let context = if models::needs_import_context(name) { import_context(src, lo) } else { specifier_context(src, lo) };
    context.then_some(name)
}

/// Whether the source at `lo` reads `object.member` exactly, as the pre-filter's
/// [`models::global_needles`] find it: the semantic layer takes a runtime global
/// (`Bun.spawn`) only then, so the pre-filter stays sound for them.
pub fn global_at(src: &[u8], lo: usize, object: &str, member: &str) -> bool {
    let text = format!("{object}.{member}");
    src.get(lo..).is_some_and(|rest| rest.starts_with(text.as_bytes()))
}

/// Whether `bytes` may contain a call site: some needle occurrence completes to a
/// literal [`specifier_at`] accepts.
///
/// Matches do not overlap, yet none is missed: a needle holds no quote but perhaps
/// a closing one at its end, so a match from before a literal ends at its opening
/// quote at the latest, and the search inside `'name'` goes as it does for the
/// name alone, which a test runs for every name and quote.
pub fn may_match(bytes: &[u8]) -> bool {
    scanner().ends(bytes, |start, end| {
        let needle = &bytes[start..end];
        // A runtime global (`Bun.spawn`): the semantic layer takes it only as
        // written with this dot ([`global_at`]).
        if global_needles().iter().any(|g| g.as_bytes() == needle) {
            return true;
        }
        // A needle may end with the closing quote (`vm'`); otherwise the quote follows.
        let (name_end, needle) = match needle.split_last() {
            Some((&q, rest)) if is_quote(q) => (end - 1, rest),
            _ => (end, needle),
        };
        if !bytes.get(name_end).copied().is_some_and(is_quote) {
            return false;
        }
        models::call_capable_names().filter(|n| n.as_bytes().ends_with(needle)).any(|n| {
            let len = n.len() + 2;
            name_end + 1 >= len && specifier_at(bytes, name_end + 1 - len, name_end + 1).is_some()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_specifiers_in_context() {
        for src in [
            "require('child_process')",
            "require( \"node:child_process\" )",
            "import { exec } from 'child_process'",
            "import cp = require(`mz/child_process`)",
            "const name = 'execa'; require(name)",
            "await import('vm')",
            "process.getBuiltinModule('node:vm')",
            "import x from\n'vm2'",
            "import 'shelljs/global'",
            "__webpack_require__(/*! child_process */ \"child_process\")",
            "require(/* a */ /* b */ 'execa')",
        ] {
            assert!(may_match(src.as_bytes()), "{src}");
        }
    }

    #[test]
    fn rejects_names_outside_specifiers() {
        for src in [
            "const builtins = [\n  \"child_process\",\n  \"vm\",\n];",
            "// uses child_process",
            "require('child_proces')",
            "require('child_process2')",
            "require('my-child_process')",
            "require('child\\x5fprocess')",
            "require('child_' + 'process')",
            "declare module \"child_process\" {}",
            "x.vm = 1; require('svm')",
            "notfrom 'vm'",
            "'vm'",
            "reimport 'shelljs/global'",
            "require(// child_process\n'child_process')",
            "x */ 'child_process'",
        ] {
            assert!(!may_match(src.as_bytes()), "{src}");
        }
    }

    /// `open`, `exec` and `opener` are common words: only `require`, `import` and
    /// `from` name them as modules.
    #[test]
    fn common_word_modules_need_an_import() {
        for src in [
            "const open = require('open')",
            "require ( /* x */ \"exec\" )",
            "import open, { openApp } from 'open'",
            "const { default: open } = await import(`open`)",
            "import opener = require('opener')",
            "import 'exec'",
        ] {
            assert!(may_match(src.as_bytes()), "{src}");
        }
        for src in [
            "ws.on('open', () => {})",
            "el.classList.toggle( 'open', this.isOpen )",
            "state = \"open\"",
            "const name = 'open'; require(name)",
            "re.exec('x'); emit(\"exec\")",
            "myrequire('open')",
            "reimport('exec')",
        ] {
            assert!(!may_match(src.as_bytes()), "{src}");
        }
    }

    /// Part of the soundness argument of [`may_match`]: a quote only at a needle's end.
    #[test]
    fn needles_hold_no_quote_but_at_the_end() {
        for needle in models::prefilter_needles() {
            let body = needle.strip_suffix(['\'', '"', '`']).unwrap_or(&needle);
            assert!(!body.bytes().any(is_quote), "{needle}");
        }
    }

    /// Every runtime global the semantic layer takes is found as it is written
    /// there (`Bun.spawn(`), and nothing else about it is needed.
    #[test]
    fn every_runtime_global_is_found() {
        for g in models::GLOBALS {
            let src = format!("{}.{}(x)", g.object, g.member);
            assert!(may_match(src.as_bytes()), "{src}");
            assert!(global_at(src.as_bytes(), 0, g.object, g.member), "{src}");
            let spaced = format!("{} .{}(x)", g.object, g.member);
            assert!(!global_at(spaced.as_bytes(), 0, g.object, g.member), "{spaced}");
        }
        assert!(!may_match(b"Bun(x); Deno; process.exec(x)"));
    }

    #[test]
    fn every_call_capable_name_is_found() {
        for name in models::call_capable_names() {
            for q in ['\'', '"', '`'] {
                let src = format!("x = require({q}{name}{q})");
                assert!(may_match(src.as_bytes()), "{src}");
                let lo = src.find(q).unwrap_or(0);
                assert_eq!(specifier_at(src.as_bytes(), lo, src.len() - 1), Some(name));
            }
        }
    }
}
