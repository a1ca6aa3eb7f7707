//! Source → swc AST, with every identifier's scope resolved ([`ParsedFile`]).
//! Syntax is chosen by file extension ([`crate::files::lang_for`]). Parsing knows
//! nothing of the analysis: the semantic layer builds its index from a
//! [`ParsedFile`].

use swc_common::{BytePos, GLOBALS, Globals, Mark, Span, SyntaxContext};
use swc_ecma_ast::{EsVersion, Program};
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax, TsSyntax, lexer::Lexer};
use swc_ecma_transforms_base::resolver;
use swc_ecma_visit::VisitMutWith;

use crate::files::Lang;

/// The byte position swc gives the first byte of a file (0 is swc's "no position").
pub const BASE: u32 = 1;

/// Byte range in the source text of an swc span.
pub fn range(span: Span) -> (usize, usize) {
    let lo = span.lo.0.saturating_sub(BASE) as usize;
    let hi = span.hi.0.saturating_sub(BASE) as usize;
    (lo, hi.max(lo))
}

pub fn start_pos() -> BytePos {
    BytePos(BASE)
}

/// Deepest bracket nesting cplint will hand to the parser. Real code stays far below
/// this; generated or hostile input beyond it is reported instead of overflowing the
/// stack (the parser and every visitor recurse once per level).
pub const MAX_NESTING: usize = 1_500;

/// Stack for each thread that parses or analyses a file (the lint threads, the
/// second half of [`parse_in_halves`]). The parser and visitors recurse per nesting
/// level (at most [`MAX_NESTING`]); pages are only committed when touched, so this
/// costs address space, not memory.
pub const STACK_SIZE: usize = 256 * 1024 * 1024;

/// Largest source swc can address (its positions are `u32`, from [`BASE`]).
pub const MAX_FILE_SIZE: usize = (u32::MAX - 16) as usize;

/// The syntax a file in `lang` is parsed with first (`.js`: with JSX).
pub fn first_syntax(lang: Lang) -> Syntax {
    syntax(lang, true)
}

fn syntax(lang: Lang, jsx: bool) -> Syntax {
    match lang {
        Lang::Js => Syntax::Es(EsSyntax {
            jsx,
            decorators: true,
            decorators_before_export: true,
            export_default_from: true,
            import_attributes: true,
            allow_return_outside_function: true,
            allow_super_outside_method: true,
            auto_accessors: true,
            explicit_resource_management: true,
            ..Default::default()
        }),
        Lang::Ts { tsx, dts } => Syntax::Typescript(TsSyntax { tsx, decorators: true, dts, ..Default::default() }),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset in the source.
    pub offset: usize,
    pub message: String,
}

/// Maximum bracket depth of `src`, skipping strings and comments (a cheap byte scan;
/// template literals and regexes are approximated).
pub fn nesting_depth(src: &[u8]) -> usize {
    // Bytes the scan acts on; the rest (most of any file) are skipped in a tight loop.
    const SPECIAL: [bool; 256] = {
        let mut t = [false; 256];
        let mut k = 0;
        while k < 9 {
            t[b"([{)]}\"'/"[k] as usize] = true;
            k += 1;
        }
        t
    };
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while i < src.len() {
        if !SPECIAL[src[i] as usize] {
            i += 1;
            continue;
        }
        match src[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < src.len() && src[i] != q && src[i] != b'\n' {
                    if src[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if src.get(i + 1) == Some(&b'/') => {
                while i < src.len() && src[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if src.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < src.len() && !(src[i] == b'*' && src[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    max
}

fn parse_with(src: &str, syn: Syntax) -> Result<Program, ParseError> {
    // swc's parser panics on a few invalid inputs (`unreachable!` for a JSX element
    // named `<a:b.c>`, `jsx.rs`; `debug_assert!`s on some arrow-like parameter lists
    // in debug builds, `expr.rs`), found by fuzzing. Such a text is not valid
    // JavaScript: a parse error, not a crash of cplint. The parser holds no state
    // beyond this call, so unwinding out of it leaves nothing half-done.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parse_unguarded(src, syn))).unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let why = why.split_whitespace().collect::<Vec<_>>().join(" ");
        Err(ParseError { offset: 0, message: format!("the parser (swc) failed on this text: {why}") })
    })
}

fn parse_unguarded(src: &str, syn: Syntax) -> Result<Program, ParseError> {
    let end = BytePos(BASE + src.len() as u32);
    let input = StringInput::new(src, start_pos(), end);
    let lexer = Lexer::new(syn, EsVersion::latest(), input, None);
    let mut parser = Parser::new_from(lexer);
    // Recoverable errors (strict-mode violations and the like) do not stop linting.
    parser.parse_program().map_err(|e| {
        let (lo, _) = range(swc_common::Spanned::span(&e));
        ParseError { offset: lo.min(src.len()), message: e.kind().msg().into_owned() }
    })
}

/// Parses `src`. `.js` files are tried with JSX first and without it on failure.
pub fn parse(src: &str, lang: Lang) -> Result<Program, ParseError> {
    match parse_with(src, syntax(lang, true)) {
        Ok(p) => Ok(p),
        Err(e) if lang == Lang::Js => parse_with(src, syntax(lang, false)).map_err(|_| e),
        Err(e) => Err(e),
    }
}

/// Files at least this large are parsed as two halves at once when
/// [`parse_in_halves_from_now`] was called.
pub const HALVES_AT_LEAST: usize = 64 * 1024;

static PARSE_IN_HALVES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// From now on, [`parse_file`] parses a large file as two halves, each on a thread
/// of its own. For the language server, where a person waits for one file's lint
/// and the other cores are idle; a batch run keeps its cores busy with a file each.
pub fn parse_in_halves_from_now() {
    PARSE_IN_HALVES.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Where `src` may be cut in two for [`parse_in_halves`]: after the first line
/// from the middle on that ends in `;` outside brackets, strings, comments and
/// template literals, as a cheap scan sees them. The scan can be wrong (it does not
/// tell a regex from a division); the parse of the halves is checked instead.
/// Returns the offset of the `;` and of the next line.
fn cut_point(src: &[u8]) -> Option<(usize, usize)> {
    let half = src.len() / 2;
    let mut depth = 0usize;
    let mut i = 0;
    while i < src.len() {
        match src[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            q @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < src.len() && src[i] != q && (q == b'`' || src[i] != b'\n') {
                    if src[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if src.get(i + 1) == Some(&b'/') => {
                while i < src.len() && src[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if src.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < src.len() && !(src[i] == b'*' && src[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b';' if depth == 0 && i >= half => {
                let next = match src.get(i + 1..i + 3) {
                    Some([b'\n', _]) | Some([b'\n']) => i + 2,
                    Some([b'\r', b'\n']) => i + 3,
                    _ => {
                        i += 1;
                        continue;
                    }
                };
                // Something must follow, and not a `#!` (swc reads it as a shebang at
                // the start of a text).
                let rest = &src[next.min(src.len())..];
                if !rest.iter().all(u8::is_ascii_whitespace) && !rest.starts_with(b"#!") {
                    return Some((i, next));
                }
                return None;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// One half for [`parse_in_halves`]: `src` placed at `base`, parsed without any
/// error (a recoverable one too: the whole text might parse differently).
fn parse_half(src: &str, base: u32, syn: Syntax) -> Option<Program> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let input = StringInput::new(src, BytePos(base), BytePos(base + src.len() as u32));
        let mut parser = Parser::new_from(Lexer::new(syn, EsVersion::latest(), input, None));
        let program = parser.parse_program().ok()?;
        parser.take_errors().is_empty().then_some(program)
    }))
    .ok()
    .flatten()
}

/// `src` parsed as two halves at once ([`cut_point`]), or `None` when it cannot be
/// shown that the whole text parses to the same tree (then it is parsed whole). The
/// halves stand for the whole when each parses without error, both are scripts or
/// both modules, and the first half's last statement ends at the `;` of the cut: a
/// statement ended by its own `;`, after which the parser of the whole text starts
/// afresh at the next line as the parser of the second half does. (The test
/// `parsing_in_halves_gives_the_tree_of_the_whole` compares the trees over every
/// fixture; `bench/halves-check.sh` over the bench corpus.)
pub fn parse_in_halves(src: &str, syn: Syntax) -> Option<Program> {
    let (semi, cut) = cut_point(src.as_bytes())?;
    let (first, second) = src.split_at(cut);
    let (a, b) = std::thread::scope(|scope| {
        let builder = std::thread::Builder::new().name("cplint-parse".into()).stack_size(STACK_SIZE);
        let other = builder.spawn_scoped(scope, || parse_half(second, BASE + cut as u32, syn)).ok()?;
        let a = parse_half(first, BASE, syn);
        let b = other.join().ok().flatten();
        Some((a?, b?))
    })?;
    let ends_at_cut = |hi: BytePos| hi == BytePos(BASE + semi as u32 + 1);
    match (a, b) {
        (Program::Script(mut a), Program::Script(b)) => {
            if !a.body.last().is_some_and(|s| ends_at_cut(swc_common::Spanned::span(s).hi)) || b.body.is_empty() {
                return None;
            }
            a.span = Span::new(a.span.lo, b.span.hi);
            a.body.extend(b.body);
            Some(Program::Script(a))
        }
        (Program::Module(mut a), Program::Module(b)) => {
            if !a.body.last().is_some_and(|s| ends_at_cut(swc_common::Spanned::span(s).hi)) || b.body.is_empty() {
                return None;
            }
            a.span = Span::new(a.span.lo, b.span.hi);
            a.body.extend(b.body);
            Some(Program::Module(a))
        }
        _ => None,
    }
}

/// A parsed file whose identifiers went through swc's resolver: each binding's
/// `Id` is unique, and identifiers that resolve to no binding (globals) carry
/// [`ParsedFile::unresolved`].
pub struct ParsedFile {
    pub program: Program,
    pub lang: Lang,
    /// The syntax context of unresolved (global) identifiers.
    pub unresolved: SyntaxContext,
    /// The errors of the lines [`parse_file_skipping`] blanked to parse the rest
    /// (none when the text parsed as it is), in the order met.
    pub skipped: Vec<ParseError>,
}

/// At most this many lines are blanked by [`parse_file_skipping`]: a text with more
/// syntax errors is not one broken line in working code (another language, a
/// half-written file) and is reported, not read.
pub const MAX_SKIPPED_LINES: usize = 3;

/// [`parse_file`], and when the text does not parse, the same text with the line of
/// the parser's error blanked (its bytes turned to spaces, so every position stays
/// where it was), again for each further error, up to [`MAX_SKIPPED_LINES`] lines.
/// A test suite with an `import` inside a function, or a file with one line of a
/// syntax swc does not read, is analysed in the rest of its lines; the errors are
/// kept in [`ParsedFile::skipped`]. A size or nesting error, an error on a blank
/// line (the end of the file) or one more error than allowed: the first error.
pub fn parse_file_skipping(src: &str, lang: Lang) -> Result<ParsedFile, ParseError> {
    let first = match parse_file(src, lang) {
        Ok(parsed) => return Ok(parsed),
        Err(e) => e,
    };
    if src.len() >= MAX_FILE_SIZE || nesting_depth(src.as_bytes()) > MAX_NESTING {
        return Err(first);
    }
    let mut text = src.as_bytes().to_vec();
    let mut skipped = vec![first.clone()];
    while skipped.len() <= MAX_SKIPPED_LINES {
        let at = skipped[skipped.len() - 1].offset.min(text.len());
        let start = text[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let end = text[at..].iter().position(|&b| b == b'\n').map_or(text.len(), |i| at + i);
        let line = &mut text[start..end];
        if line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
        // Whole lines are blanked, so every character is replaced whole: still UTF-8.
        line.iter_mut().filter(|b| **b != b'\r').for_each(|b| *b = b' ');
        let Ok(blanked) = std::str::from_utf8(&text) else { break };
        match parse_file(blanked, lang) {
            Ok(mut parsed) => {
                parsed.skipped = skipped;
                return Ok(parsed);
            }
            Err(e) => skipped.push(e),
        }
    }
    Err(first)
}

/// Checks that `src` can be analysed (size, nesting), parses it and resolves scopes.
pub fn parse_file(src: &str, lang: Lang) -> Result<ParsedFile, ParseError> {
    if src.len() >= MAX_FILE_SIZE {
        return Err(ParseError { offset: 0, message: "file is larger than 4 GiB".into() });
    }
    let depth = nesting_depth(src.as_bytes());
    if depth > MAX_NESTING {
        return Err(ParseError {
            offset: 0,
            message: format!("brackets nest {depth} levels deep (cplint analyses at most {MAX_NESTING})"),
        });
    }
    let halves = src.len() >= HALVES_AT_LEAST && PARSE_IN_HALVES.load(std::sync::atomic::Ordering::Relaxed);
    let mut program = match halves.then(|| parse_in_halves(src, syntax(lang, true))).flatten() {
        Some(p) => p,
        None => parse(src, lang)?,
    };
    let unresolved = GLOBALS.set(&Globals::new(), || {
        let unresolved = Mark::new();
        let top_level = Mark::new();
        program.visit_mut_with(&mut resolver(unresolved, top_level, matches!(lang, Lang::Ts { .. })));
        SyntaxContext::empty().apply_mark(unresolved)
    });
    Ok(ParsedFile { program, lang, unresolved, skipped: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `src` parsed whole, and in halves when the halves can stand for it.
    fn both(src: &str) -> (Program, Option<Program>) {
        let whole = parse(src, Lang::Js).expect("the test text parses");
        (whole, parse_in_halves(src, first_syntax(Lang::Js)))
    }

    #[test]
    fn halves_stand_for_the_whole_text_only_where_shown_to() {
        let pad = "function f(a, b) { return a * 2 + b; }\n".repeat(20);
        // Cut and joined: the same tree, positions included.
        let (whole, halves) = both(&format!("{pad}exec('ls');\n{pad}"));
        assert_eq!(halves.as_ref(), Some(&whole));
        let (whole, halves) = both(&format!("'use strict';\n{pad}a();\n{pad}import x from 'y';\nexport {{ x }};\n"));
        assert!(matches!(whole, Program::Module(_)));
        assert_eq!(halves.as_ref(), Some(&whole));
        // Refused, each at the only cut the scan finds: the statement at the cut
        // goes on (`else`); the scan took the inside of a template literal for code
        // (a regex with a backtick before it) or of a block comment (a regex with a
        // quote); the second half holds an import and the first an `await(..)`,
        // which a script reads as a call; the scan took a comment for code, and the
        // line after it continues the statement before it (a call of `f`).
        let refused = [
            format!("{pad}const r = /'/ + f // a';\n(x)\n"),
            format!("{pad}if (a) b();\nelse c()\n"),
            format!("const r = /`/\n{pad}const t = `\nx;\ny\n`\n"),
            format!("const r = /'/; /* {pad}\nx;\ny */ z()\n"),
            format!("{pad}await(x);\nimport y from 'y'\n"),
        ];
        for (i, src) in refused.iter().enumerate() {
            assert!(cut_point(src.as_bytes()).is_some(), "case {i}: no cut found");
            parse(src, Lang::Js).expect("the test text parses");
            assert!(parse_in_halves(src, first_syntax(Lang::Js)).is_none(), "case {i} was cut");
        }
        // No cut: a `#!` would start the second half; nothing follows.
        assert_eq!(cut_point(format!("{pad}a();\n#!b\n").as_bytes()), None);
        assert_eq!(cut_point(format!("{pad}a();\n  \n").as_bytes()), None);
    }

    #[test]
    fn lines_that_do_not_parse_are_left_out_and_the_rest_keeps_its_positions() {
        // An `import` inside a function (a test suite's shape): that line is left out.
        let src = "const cp = require('child_process');\n(function () {\n  import a from 'a'\n  cp.exec('x ' + a.b);\n})();\n";
        assert!(parse_file(src, Lang::Js).is_err());
        let parsed = parse_file_skipping(src, Lang::Js).expect("parsed without line 3");
        assert_eq!(parsed.skipped.len(), 1);
        assert_eq!(&src[parsed.skipped[0].offset..][..6], "import");
        // Positions are those of the text as written: the call is where it was.
        let mut calls = Vec::new();
        struct Calls<'a>(&'a mut Vec<(usize, usize)>);
        impl swc_ecma_visit::Visit for Calls<'_> {
            fn visit_call_expr(&mut self, c: &swc_ecma_ast::CallExpr) {
                self.0.push(range(c.span));
                c.visit_children_with(self);
            }
        }
        use swc_ecma_visit::VisitWith;
        parsed.program.visit_with(&mut Calls(&mut calls));
        let texts: Vec<&str> = calls.iter().map(|&(lo, hi)| &src[lo..hi]).collect();
        assert!(texts.contains(&"cp.exec('x ' + a.b)"), "{texts:?}");
        // Several broken lines, each left out in turn (non-ASCII text on one of them).
        let three = "f(\n1 +;\n2 +;\n'é' +;\n)\n";
        assert_eq!(parse_file_skipping(three, Lang::Js).map(|p| p.skipped.len()), Ok(3));
        // One more than allowed, an error at the end of the text, and a text that is
        // not JavaScript: the first error, as without the skipping.
        for src in ["f(\n1 +;\n2 +;\n3 +;\n4 +;\n)\n", "a = (\n  \n", "<<<<<<< HEAD\n=======\n>>>>>>> b\n]]]\n"] {
            let strict = parse_file(src, Lang::Js).err();
            assert!(strict.is_some(), "{src:?} parses");
            assert_eq!(parse_file_skipping(src, Lang::Js).err(), strict, "{src:?}");
        }
        // A text nested too deep is not retried.
        let deep = format!("{}x;\n{}", "[".repeat(MAX_NESTING + 1), "]".repeat(MAX_NESTING + 1));
        assert_eq!(parse_file_skipping(&deep, Lang::Js).err(), parse_file(&deep, Lang::Js).err());
    }

    #[test]
    fn nesting_depth_counts_brackets_outside_strings_and_comments() {
        assert_eq!(nesting_depth(b""), 0);
        assert_eq!(nesting_depth(b"a + b;"), 0);
        assert_eq!(nesting_depth(b"f(a[{b: (c)}])"), 4);
        assert_eq!(nesting_depth(b"f(')))(((', \"[[[\\\"[\") // ((((\n/* {{{{ */ g()"), 1);
        // Closers never take the depth below zero.
        assert_eq!(nesting_depth(b")))]]]((("), 3);
        let deep = format!("{}{}", "[".repeat(2_000), "]".repeat(2_000));
        assert_eq!(nesting_depth(deep.as_bytes()), 2_000);
    }
}
