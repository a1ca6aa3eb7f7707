//! What a file is, by its path alone: which syntax it is written in, whether it is
//! a declaration file, how `.`/`..` fold away, and which paths `cplint.toml`
//! excludes; and how a name or a file's text is shown on a terminal ([`visible`]).
//! A leaf module: walk, parse, config and the semantic layer use it.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

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
/// parsed (see `lint::lint_source`).
pub fn is_declaration_file(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.ends_with(".d.mts") || name.ends_with(".d.cts") || (name.ends_with(".ts") && name.contains(".d."))
}

/// A file whose exports Next.js calls with the HTTP request, by its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RouteFile {
    #[default]
    None,
    /// Under `pages/api/`: the default export is `handler(req, res)`.
    PagesApi,
    /// `app/**/route.{js,ts,..}`: the exports `GET`, `POST`, ... take the request.
    AppRoute,
}

/// What Next.js makes of the file at `path` (`/` or `\\` separated).
pub fn route_file(path: &str) -> RouteFile {
    let parts: Vec<&str> = path.split(['/', '\\']).collect();
    let Some((name, dirs)) = parts.split_last() else { return RouteFile::None };
    if lang_for(name).is_none() {
        return RouteFile::None;
    }
    if dirs.windows(2).any(|w| w == ["pages", "api"]) {
        return RouteFile::PagesApi;
    }
    let stem = name.split('.').next().unwrap_or("");
    if stem == "route" && dirs.contains(&"app") {
        return RouteFile::AppRoute;
    }
    RouteFile::None
}

/// How a control character is shown: `\x1b` (C0 and DEL), `\u{9b}` (C1).
pub fn escape_control(c: char, out: &mut String) {
    use std::fmt::Write;
    let _ = if (c as u32) < 0x80 { write!(out, "\\x{:02x}", c as u32) } else { write!(out, "\\u{{{:x}}}", c as u32) };
}

/// `text` (a file's source, a message quoting it) with its control characters
/// (C0, DEL, C1: what a terminal acts on, such as ESC) shown escaped
/// ([`escape_control`]), except line feeds, tabs and the carriage return of a CRLF.
/// Borrowed when there is none.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if text.char_indices().all(|(i, c)| shown_raw(text, i, c)) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, c) in text.char_indices() {
        if shown_raw(text, i, c) { out.push(c) } else { escape_control(c, &mut out) }
    }
    out.into()
}

/// Whether [`visible`] keeps the character `c` at byte `i` of `text` as it is.
pub fn shown_raw(text: &str, i: usize, c: char) -> bool {
    match c {
        '\n' | '\t' => true,
        '\r' => text.as_bytes().get(i + 1) == Some(&b'\n'),
        _ => !c.is_control(),
    }
}

/// A name (a path) with every control character escaped, line feeds included.
pub fn visible_name(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.chars().any(char::is_control) {
        return name.into();
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        if c.is_control() { escape_control(c, &mut out) } else { out.push(c) }
    }
    out.into()
}

/// Removes `.`/`..` components without touching the file system.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// cplint.toml's `exclude` globs, with ruff's meaning: a pattern without `/` names
/// a file or folder anywhere (`dist`, `*.min.js`); a pattern with `/` is a path
/// relative to the folder of cplint.toml (`vendor/**`, `src/generated/*.ts`). A
/// folder that matches excludes everything below it. `*` does not cross `/`; `**`
/// does.
#[derive(Debug)]
pub struct Exclude {
    /// Absolute folder of cplint.toml.
    root: PathBuf,
    /// The working directory, for relative paths.
    cwd: PathBuf,
    /// Patterns matched against a file or folder name.
    names: GlobSet,
    /// Patterns matched against the path relative to `root`.
    anchored: GlobSet,
}

impl Exclude {
    pub fn new(root: &Path, cwd: &Path, patterns: &[String]) -> Result<Exclude, String> {
        let mut names = GlobSetBuilder::new();
        let mut anchored = GlobSetBuilder::new();
        for p in patterns {
            let trimmed = p.trim().trim_start_matches("./").trim_end_matches('/');
            if trimmed.is_empty() {
                return Err(format!("empty pattern `{p}`"));
            }
            let glob = GlobBuilder::new(trimmed)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("bad glob `{p}`: {}", e.kind()))?;
            if trimmed.contains('/') {
                anchored.add(glob)
            } else {
                names.add(glob)
            };
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| format!("bad glob: {e}"));
        Ok(Exclude {
            root: root.to_path_buf(),
            cwd: cwd.to_path_buf(),
            names: build(names)?,
            anchored: build(anchored)?,
        })
    }

    /// Whether `path` (absolute, or relative to the working directory) or one of
    /// its folders is excluded (`--force-exclude` on a named path).
    pub fn is_excluded(&self, path: &Path) -> bool {
        let abs = normalize(&self.cwd.join(path));
        let Ok(rel) = abs.strip_prefix(&self.root) else {
            // Outside the project: only name patterns apply, to the path as given.
            return path.components().any(|c| self.names.is_match(Path::new(c.as_os_str())));
        };
        let mut prefix = PathBuf::new();
        for c in rel.components() {
            prefix.push(c);
            if self.names.is_match(Path::new(c.as_os_str())) || self.anchored.is_match(&prefix) {
                return true;
            }
        }
        false
    }

    /// Whether a walked entry itself matches (its folders were checked on the way
    /// down, so a folder named on the command line is walked even if excluded).
    pub fn matches_entry(&self, path: &Path) -> bool {
        if path.file_name().is_some_and(|n| self.names.is_match(Path::new(n))) {
            return true;
        }
        let abs = normalize(&self.cwd.join(path));
        abs.strip_prefix(&self.root).is_ok_and(|rel| self.anchored.is_match(rel))
    }
}
