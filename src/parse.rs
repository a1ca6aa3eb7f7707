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

/// Largest source swc can address (its positions are `u32`, from [`BASE`]).
pub const MAX_FILE_SIZE: usize = (u32::MAX - 16) as usize;

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

/// A parsed file whose identifiers went through swc's resolver: each binding's
/// `Id` is unique, and identifiers that resolve to no binding (globals) carry
/// [`ParsedFile::unresolved`].
pub struct ParsedFile {
    pub program: Program,
    pub lang: Lang,
    /// The syntax context of unresolved (global) identifiers.
    pub unresolved: SyntaxContext,
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
    let mut program = parse(src, lang)?;
    let unresolved = GLOBALS.set(&Globals::new(), || {
        let unresolved = Mark::new();
        let top_level = Mark::new();
        program.visit_mut_with(&mut resolver(unresolved, top_level, matches!(lang, Lang::Ts { .. })));
        SyntaxContext::empty().apply_mark(unresolved)
    });
    Ok(ParsedFile { program, lang, unresolved })
}

#[cfg(test)]
mod tests {
    use super::nesting_depth;

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
