//! Source → swc AST, with bindings resolved. Syntax is chosen by file extension.

use swc_common::{BytePos, GLOBALS, Globals, Mark};
use swc_ecma_ast::{EsVersion, Program};
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax, TsSyntax, lexer::Lexer};
use swc_ecma_transforms_base::resolver;
use swc_ecma_visit::VisitMutWith;

use crate::semantic::user_wrappers::FileWrappers;
use crate::semantic::{self, Semantic};

/// Deepest bracket nesting cplint will hand to the parser. Real code stays far below
/// this; generated or hostile input beyond it is reported instead of overflowing the
/// stack (the parser and every visitor recurse once per level).
pub const MAX_NESTING: usize = 1_500;

/// Largest source swc can address (its positions are `u32`, from [`semantic::BASE`]).
pub const MAX_FILE_SIZE: usize = (u32::MAX - 16) as usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Js,
    Ts { tsx: bool, dts: bool },
}

/// File extensions cplint lints (SPEC §1).
pub const EXTENSIONS: &[&str] = &["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"];

pub fn lang_for(path: &str) -> Option<Lang> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let ext = name.rsplit_once('.')?.1;
    let is = |e: &str| ext.eq_ignore_ascii_case(e);
    let dts = name.ends_with(".d.ts") || name.ends_with(".d.mts") || name.ends_with(".d.cts");
    Some(if is("js") || is("mjs") || is("cjs") || is("jsx") {
        Lang::Js
    } else if is("ts") || is("mts") || is("cts") {
        Lang::Ts { tsx: false, dts }
    } else if is("tsx") {
        Lang::Ts { tsx: true, dts: false }
    } else {
        return None;
    })
}

/// Whether `path` names a TypeScript declaration file, by TypeScript's own rule
/// (`isDeclarationFileName`, case-sensitive): the name ends in `.d.ts`, `.d.mts` or
/// `.d.cts`, or ends in `.ts` and contains `.d.` (`app.d.css.ts`, TypeScript 5's
/// declarations for arbitrary extensions). Such files hold only types and `declare`d
/// shapes, never code that runs, so they cannot call child_process: they are not
/// parsed (see [`crate::lint_source`]).
pub fn is_declaration_file(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.ends_with(".d.mts") || name.ends_with(".d.cts") || (name.ends_with(".ts") && name.contains(".d."))
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
    let end = BytePos(semantic::BASE + src.len() as u32);
    let input = StringInput::new(src, semantic::start_pos(), end);
    let lexer = Lexer::new(syn, EsVersion::latest(), input, None);
    let mut parser = Parser::new_from(lexer);
    // Recoverable errors (strict-mode violations and the like) do not stop linting.
    parser.parse_program().map_err(|e| {
        let (lo, _) = semantic::range(swc_common::Spanned::span(&e));
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

/// Parses, resolves bindings, builds the semantic model and hands it to `f`.
pub fn with_semantic<R>(src: &str, lang: Lang, f: impl FnOnce(&Semantic<'_>) -> R) -> Result<R, ParseError> {
    with_semantic_using(src, lang, FileWrappers::default(), f)
}

/// [`with_semantic`] with the wrappers declared in `cplint.toml`.
pub fn with_semantic_using<R>(
    src: &str,
    lang: Lang,
    user: FileWrappers,
    f: impl FnOnce(&Semantic<'_>) -> R,
) -> Result<R, ParseError> {
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
    GLOBALS.set(&Globals::new(), || {
        let unresolved = Mark::new();
        let top_level = Mark::new();
        program.visit_mut_with(&mut resolver(unresolved, top_level, matches!(lang, Lang::Ts { .. })));
        let sem = Semantic::build_with(src, &program, unresolved, user);
        Ok(f(&sem))
    })
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
