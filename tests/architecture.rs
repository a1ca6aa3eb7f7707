//! The layers point one way: no import cycle among the modules of `src/`.
//!
//! A small reader of Rust source (not a parser: comments, string and char literals
//! are skipped, then `use` trees and inline `crate::`/`self::`/`super::` paths are
//! read from the tokens) turns every `src/**/*.rs` into references between modules.
//! From them:
//!
//! - the **top-level graph** (`src/x.rs` or `src/x/` is module `x`) must have no
//!   cycle;
//! - inside each **directory module** (`src/semantic/`, `src/rules/`, ..., at any
//!   depth), the sibling files and folders, `mod.rs` excluded, must have no cycle;
//! - a module outside the root refers to no **crate-root item** that is not a module
//!   (`crate::lint::lint_source`, not the re-export `crate::lint_source`), and
//!   `lib.rs` only declares modules and re-exports.
//!
//! A path through a `pub use` re-export counts for the module it names and for the
//! module that owns the item (`crate::output::RunReport` is an arrow to `output` and
//! one to `report`). Doc-comment links are comments and do not count; `main.rs` is
//! the binary and uses the library by its name.
//!
//! An upward arrow that is meant to stay must be listed in [`ALLOWED`] and explained
//! in `CONTRIBUTING.md`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::path::Path;

/// Arrows allowed to point up the layers, as `("from", "to")` with module paths
/// written `semantic::values` (top-level modules by their name). Each one must be
/// explained in CONTRIBUTING.md, which says where the layers are drawn; none is
/// needed today.
const ALLOWED: &[(&str, &str)] = &[];

// ---------------------------------------------------------------------------
// Tokens

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Punct(&'static str),
}

/// Rust source as identifiers and the punctuation the reader needs, with the line
/// of each; comments, strings, chars, lifetimes and numbers are dropped.
fn tokens(src: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let is_ident = |ch: char| ch == '_' || ch.is_alphanumeric();
    // Skips a "..." string starting at the quote; returns the index after it.
    let skip_string = |mut i: usize, line: &mut usize| {
        i += 1;
        while i < c.len() && c[i] != '"' {
            if c[i] == '\\' {
                i += 1;
            }
            if i < c.len() && c[i] == '\n' {
                *line += 1;
            }
            i += 1;
        }
        i + 1
    };
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if c[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if ch == '"' {
            i = skip_string(i, &mut line);
        } else if ch == '\'' {
            // A char literal ('a', '\n', '\u{1F600}', '"') or a lifetime / label ('a).
            if c.get(i + 1) == Some(&'\\') {
                i += 3;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < c.len() && is_ident(c[i]) {
                    i += 1;
                }
            }
        } else if ch.is_ascii_digit() {
            while i < c.len() && (is_ident(c[i]) || c[i] == '.' && c.get(i + 1).is_some_and(char::is_ascii_digit)) {
                i += 1;
            }
        } else if is_ident(ch) || ch == '$' && c.get(i + 1).is_some_and(|&n| is_ident(n)) {
            let start = i;
            i += 1;
            while i < c.len() && is_ident(c[i]) {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            let raw_prefix = matches!(word.as_str(), "r" | "br" | "cr");
            if raw_prefix && matches!(c.get(i), Some('"' | '#')) {
                let mut hashes = 0;
                while c.get(i) == Some(&'#') {
                    hashes += 1;
                    i += 1;
                }
                if c.get(i) == Some(&'"') {
                    // r#"..."#: ends at a quote followed by as many hashes.
                    i += 1;
                    while i < c.len() {
                        if c[i] == '"' && (0..hashes).all(|k| c.get(i + 1 + k) == Some(&'#')) {
                            i += 1 + hashes;
                            break;
                        }
                        if c[i] == '\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                    continue;
                }
                // r#ident: a raw identifier.
                let start = i;
                while i < c.len() && is_ident(c[i]) {
                    i += 1;
                }
                out.push((Tok::Ident(c[start..i].iter().collect()), line));
                continue;
            }
            if matches!(word.as_str(), "b" | "c") && c.get(i) == Some(&'"') {
                i = skip_string(i, &mut line);
                continue;
            }
            if word == "b" && c.get(i) == Some(&'\'') {
                continue; // b'x': the char literal is skipped next round
            }
            out.push((Tok::Ident(word), line));
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push((Tok::Punct("::"), line));
            i += 2;
        } else {
            let p = match ch {
                '{' => "{",
                '}' => "}",
                ',' => ",",
                ';' => ";",
                '*' => "*",
                '(' => "(",
                ')' => ")",
                '[' => "[",
                ']' => "]",
                '#' => "#",
                '!' => "!",
                _ => "?",
            };
            out.push((Tok::Punct(p), line));
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// References

/// One path a file names: where, as written, and resolved to an absolute module
/// path (`["semantic", "bindings", "Decl"]`; empty is the crate root).
#[derive(Clone, Debug)]
struct Ref {
    line: usize,
    text: String,
    path: Vec<String>,
}

/// What the reader takes from one file.
#[derive(Debug, Default)]
struct FileFacts {
    refs: Vec<Ref>,
    /// `pub use` (any visibility) leaf name -> absolute target path.
    reexports: BTreeMap<String, Vec<String>>,
    /// `#[macro_export]` macros defined here: Rust puts them at the crate root.
    macro_exports: Vec<String>,
    /// Top-level items other than `mod`, `use` and attributes (only checked for lib.rs).
    root_items: Vec<(usize, String)>,
}

/// The module path of a file under `src/`: `semantic/values.rs` -> `[semantic, values]`,
/// `semantic/mod.rs` -> `[semantic]`, `lib.rs` -> `[]`.
fn module_of(rel: &str) -> Vec<String> {
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = rel.split('/').map(String::from).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Reads the references of one file whose module path is `module`. `children` are
/// the file modules below it (so `use shell_words::X` in `rewrite/mod.rs` resolves).
fn read_file(src: &str, module: &[String], children: &BTreeSet<String>) -> FileFacts {
    let toks = tokens(src);
    let mut facts = FileFacts::default();
    // The inline modules (`mod tests { ... }`) we are in, with the brace depth each opened at.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut inline_children: BTreeSet<String> = BTreeSet::new();
    let mut depth = 0usize;
    // Inside a top-level item other than `use` and `mod` (until its `;` or `}`).
    let mut in_item = false;
    let mut i = 0;
    let ident = |k: usize| match toks.get(k) {
        Some((Tok::Ident(s), _)) => Some(s.as_str()),
        _ => None,
    };
    let punct = |k: usize, p: &str| matches!(toks.get(k), Some((Tok::Punct(q), _)) if *q == p);
    while i < toks.len() {
        let line = toks[i].1;
        let here: Vec<String> = module.iter().cloned().chain(inline.iter().map(|(m, _)| m.clone())).collect();
        match &toks[i].0 {
            Tok::Punct("{") => {
                depth += 1;
                i += 1;
            }
            Tok::Punct("}") => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    in_item = false;
                }
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                i += 1;
            }
            Tok::Ident(w) if w == "mod" && ident(i + 1).is_some() && punct(i + 2, "{") => {
                let name = ident(i + 1).unwrap_or_default().to_string();
                if depth == 0 && inline.is_empty() {
                    facts.root_items.push((line, format!("`mod {name} {{ ... }}`")));
                }
                inline_children.insert(name.clone());
                inline.push((name, depth));
                depth += 1;
                i += 3;
            }
            Tok::Ident(w) if w == "use" => {
                let public = i > 0 && (ident(i - 1) == Some("pub") || punct(i - 1, ")"));
                let mut end = i + 1;
                while end < toks.len() && !punct(end, ";") {
                    end += 1;
                }
                let mut leaves = Vec::new();
                use_tree(&toks[i + 1..end], &mut Vec::new(), &mut leaves);
                for (segs, alias) in leaves {
                    let local = |s: &str| children.contains(s) || inline_children.contains(s);
                    let Some(path) = resolve(&segs, &here, inline.is_empty().then_some(&local)) else { continue };
                    if public && inline.is_empty() && segs.last().is_none_or(|s| s != "*") {
                        let name = alias.or_else(|| path.last().cloned()).unwrap_or_default();
                        facts.reexports.insert(name, path.clone());
                    }
                    facts.refs.push(Ref { line, text: segs.join("::"), path });
                }
                if depth == 0 && inline.is_empty() {
                    // top-level `use` is fine in lib.rs only when it re-exports
                    if !public {
                        facts.root_items.push((line, "a private `use`".into()));
                    }
                }
                i = end + 1;
            }
            Tok::Ident(w) if matches!(w.as_str(), "crate" | "$crate" | "self" | "super") && punct(i + 1, "::") => {
                let mut segs = vec![w.clone()];
                let mut k = i + 1;
                while punct(k, "::") {
                    match ident(k + 1) {
                        Some(s) => segs.push(s.to_string()),
                        None => break,
                    }
                    k += 2;
                }
                if let Some(path) = resolve(&segs, &here, None) {
                    facts.refs.push(Ref { line, text: segs.join("::"), path });
                }
                i = k;
            }
            Tok::Punct("#") => {
                // An attribute: skipped whole (`#[cfg(test)]`, `#![allow(...)]`).
                let mut k = i + 1;
                if punct(k, "!") {
                    k += 1;
                }
                if punct(k, "[")
                    && ident(k + 1) == Some("macro_export")
                    && punct(k + 2, "]")
                    && let (Some("macro_rules"), true, Some(name)) = (ident(k + 3), punct(k + 4, "!"), ident(k + 5))
                {
                    facts.macro_exports.push(name.to_string());
                }
                if punct(k, "[") {
                    let mut d = 0;
                    while k < toks.len() {
                        if punct(k, "[") {
                            d += 1;
                        } else if punct(k, "]") {
                            d -= 1;
                            if d == 0 {
                                break;
                            }
                        }
                        k += 1;
                    }
                }
                i = k + 1;
            }
            Tok::Punct(";") => {
                if depth == 0 {
                    in_item = false;
                }
                i += 1;
            }
            Tok::Ident(w) if depth == 0 && inline.is_empty() && !in_item => {
                // Top-level items, for the lib.rs check: `pub`, `pub(crate)` and
                // `mod x;` declare; `use` is read above; anything else is code.
                if w == "pub" {
                    i += 1;
                    if punct(i, "(") {
                        while i < toks.len() && !punct(i, ")") {
                            i += 1;
                        }
                        i += 1;
                    }
                    continue;
                }
                if !(w == "mod" && punct(i + 2, ";")) {
                    facts.root_items.push((line, format!("`{w} ...`")));
                }
                in_item = true;
                i += 1;
            }
            _ => i += 1,
        }
    }
    facts
}

/// Expands a `use` tree (the tokens between `use` and `;`) into its leaf paths, each
/// with its `as` alias. `self` inside braces stands for the prefix; a glob keeps `*`.
fn use_tree(toks: &[(Tok, usize)], prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, Option<String>)>) -> usize {
    let mut i = 0;
    let start_len = prefix.len();
    if matches!(toks.first(), Some((Tok::Punct("::"), _))) {
        i += 1; // `use ::std::x`
    }
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Ident(w) => {
                if w != "self" || prefix.is_empty() {
                    prefix.push(w.clone());
                }
                i += 1;
                if matches!(toks.get(i), Some((Tok::Punct("::"), _))) {
                    i += 1;
                    continue;
                }
                let alias = match (toks.get(i), toks.get(i + 1)) {
                    (Some((Tok::Ident(a), _)), Some((Tok::Ident(b), _))) if a == "as" => {
                        i += 2;
                        Some(b.clone())
                    }
                    _ => None,
                };
                out.push((prefix.clone(), alias));
                break;
            }
            Tok::Punct("*") => {
                let mut p = prefix.clone();
                p.push("*".into());
                out.push((p, None));
                i += 1;
                break;
            }
            Tok::Punct("{") => {
                i += 1;
                loop {
                    while matches!(toks.get(i), Some((Tok::Punct(","), _))) {
                        i += 1;
                    }
                    match toks.get(i) {
                        None => break,
                        Some((Tok::Punct("}"), _)) => {
                            i += 1;
                            break;
                        }
                        _ => {}
                    }
                    let mut sub = prefix.clone();
                    i += use_tree(&toks[i..], &mut sub, out);
                }
                break;
            }
            _ => {
                i += 1;
                break;
            }
        }
    }
    prefix.truncate(start_len);
    i
}

/// Makes `segs` absolute from module `here`. `local` says whether a first segment
/// names a module declared below `here` (`use shell_words::X`); other plain first
/// segments are other crates (`std`, `swc_ecma_ast`) and give `None`.
fn resolve(segs: &[String], here: &[String], local: Option<&dyn Fn(&str) -> bool>) -> Option<Vec<String>> {
    let mut path: Vec<String>;
    let mut rest = segs;
    match segs.first().map(String::as_str) {
        Some("crate" | "$crate") => {
            path = Vec::new();
            rest = &segs[1..];
        }
        Some("self") => {
            path = here.to_vec();
            rest = &segs[1..];
        }
        Some("super") => {
            path = here.to_vec();
            while rest.first().is_some_and(|s| s == "super") {
                path.pop()?;
                rest = &rest[1..];
            }
        }
        Some(first) if local.is_some_and(|l| l(first)) => path = here.to_vec(),
        _ => return None,
    }
    path.extend(rest.iter().filter(|s| *s != "*" && *s != "self").cloned());
    Some(path)
}

// ---------------------------------------------------------------------------
// The crate as a graph

/// Every file of a crate, read.
struct Crate {
    /// File path relative to `src/` -> its module path and facts.
    files: BTreeMap<String, (Vec<String>, FileFacts)>,
    /// Every file module's path.
    modules: BTreeSet<Vec<String>>,
    /// Re-exports: (module path, name) -> target.
    reexports: BTreeMap<(Vec<String>, String), Vec<String>>,
    /// The `#[macro_export]` macros, which live at the crate root whatever defines them.
    macros: BTreeSet<String>,
}

/// An arrow between two siblings, with the places that draw it.
type Graph = BTreeMap<String, BTreeMap<String, Vec<String>>>;

impl Crate {
    /// `sources`: (path relative to `src/`, text); `main.rs` is left out.
    fn read(sources: &[(String, String)]) -> Crate {
        let modules: BTreeSet<Vec<String>> =
            sources.iter().filter(|(p, _)| p != "main.rs").map(|(p, _)| module_of(p)).collect();
        let mut files = BTreeMap::new();
        let mut reexports = BTreeMap::new();
        let mut macros = BTreeSet::new();
        for (rel, text) in sources {
            if rel == "main.rs" {
                continue;
            }
            let module = module_of(rel);
            let children: BTreeSet<String> = modules
                .iter()
                .filter(|m| m.len() == module.len() + 1 && m.starts_with(&module))
                .map(|m| m[module.len()].clone())
                .collect();
            let facts = read_file(text, &module, &children);
            for (name, target) in &facts.reexports {
                reexports.insert((module.clone(), name.clone()), target.clone());
            }
            // `crate::declare_rule` is a macro of `rule`: an arrow to `rule`, not to the root.
            for name in &facts.macro_exports {
                let target = module.iter().chain([name]).cloned().collect();
                reexports.insert((Vec::new(), name.clone()), target);
                macros.insert(name.clone());
            }
            files.insert(rel.clone(), (module, facts));
        }
        Crate { files, modules, reexports, macros }
    }

    /// The path and the paths it stands for through re-exports.
    fn owners(&self, path: &[String]) -> Vec<Vec<String>> {
        let mut out = vec![path.to_vec()];
        let mut cur = path.to_vec();
        for _ in 0..8 {
            let Some(m) = (0..cur.len()).rev().find(|&n| self.modules.contains(&cur[..n])) else { break };
            let Some(target) = self.reexports.get(&(cur[..m].to_vec(), cur[m].clone())) else { break };
            let next: Vec<String> = target.iter().chain(&cur[m + 1..]).cloned().collect();
            if out.contains(&next) {
                break;
            }
            out.push(next.clone());
            cur = next;
        }
        out
    }

    /// The directory modules: those with file modules below them (the root is `[]`).
    fn parents(&self) -> Vec<Vec<String>> {
        let mut p: BTreeSet<Vec<String>> = BTreeSet::new();
        for m in &self.modules {
            if let Some((_, parent)) = m.split_last() {
                p.insert(parent.to_vec());
            }
        }
        p.into_iter().collect()
    }

    /// The graph among the children of directory module `parent`, its `mod.rs` left out.
    fn graph(&self, parent: &[String]) -> Graph {
        let name = |m: &[String]| m.join("::");
        let children: BTreeSet<&String> = self
            .modules
            .iter()
            .filter(|m| m.len() == parent.len() + 1 && m.starts_with(parent))
            .map(|m| m.last().unwrap())
            .collect();
        let mut g: Graph =
            children.iter().map(|c| (name(&[parent, &[(*c).clone()]].concat()), BTreeMap::new())).collect();
        for (rel, (module, facts)) in &self.files {
            if module.len() <= parent.len() || !module.starts_with(parent) {
                continue;
            }
            let from = name(&module[..=parent.len()]);
            for r in &facts.refs {
                for owner in self.owners(&r.path) {
                    if owner.len() <= parent.len() || !owner.starts_with(parent) {
                        continue;
                    }
                    let t = &owner[parent.len()];
                    if !children.contains(t) {
                        continue;
                    }
                    let to = name(&owner[..=parent.len()]);
                    if to != from {
                        let at = format!("src/{rel}:{} `{}`", r.line, r.text);
                        g.entry(from.clone()).or_default().entry(to).or_default().push(at);
                    }
                }
            }
        }
        g
    }

    /// The graph of `parent` without the arrows of [`ALLOWED`].
    fn checked_graph(&self, parent: &[String]) -> Graph {
        let mut g = self.graph(parent);
        for (from, to) in ALLOWED {
            if let Some(tos) = g.get_mut(*from) {
                tos.remove(*to);
            }
        }
        g
    }

    /// Every arrow of every graph, as `from -> to` (for the allow-list check).
    fn all_arrows(&self) -> BTreeSet<(String, String)> {
        let mut out = BTreeSet::new();
        for p in self.parents() {
            for (from, tos) in self.graph(&p) {
                for to in tos.keys() {
                    out.insert((from.clone(), to.clone()));
                }
            }
        }
        out
    }

    /// References from modules outside the root to crate-root items that are not modules.
    fn root_item_refs(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (rel, (module, facts)) in &self.files {
            if module.is_empty() {
                continue;
            }
            for r in &facts.refs {
                let ok =
                    |first: &String| self.modules.contains(std::slice::from_ref(first)) || self.macros.contains(first);
                if !r.path.first().is_some_and(ok) {
                    out.push(format!("src/{rel}:{}: `{}` is not inside a module of the crate root", r.line, r.text));
                }
            }
        }
        out
    }
}

/// The cycles of a graph, one line per strongly connected component of more than
/// one module: the shortest cycle through each of its modules, then where each
/// arrow of those cycles is drawn.
fn cycles(g: &Graph) -> Vec<String> {
    // Tarjan's algorithm, iterative enough for a few dozen nodes: recursion is fine.
    struct T<'g> {
        g: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on: BTreeSet<&'g str>,
        sccs: Vec<Vec<&'g str>>,
    }
    fn visit<'g>(t: &mut T<'g>, v: &'g str) {
        let n = t.index.len();
        t.index.insert(v, n);
        t.low.insert(v, n);
        t.stack.push(v);
        t.on.insert(v);
        for w in t.g.get(v).into_iter().flat_map(|m| m.keys()) {
            let w = w.as_str();
            if !t.index.contains_key(w) {
                visit(t, w);
                let l = t.low[v].min(t.low[w]);
                t.low.insert(v, l);
            } else if t.on.contains(w) {
                let l = t.low[v].min(t.index[w]);
                t.low.insert(v, l);
            }
        }
        if t.low[v] == t.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                scc.push(w);
                if w == v {
                    break;
                }
            }
            t.sccs.push(scc);
        }
    }
    let mut t = T { g, index: BTreeMap::new(), low: BTreeMap::new(), stack: vec![], on: BTreeSet::new(), sccs: vec![] };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    let mut out = Vec::new();
    for mut scc in t.sccs.into_iter().filter(|s| s.len() > 1) {
        scc.sort();
        let members: BTreeSet<&str> = scc.iter().copied().collect();
        let mut shown: BTreeSet<Vec<&str>> = BTreeSet::new();
        let mut text = format!("cycle among {} modules: {}\n", scc.len(), scc.join(", "));
        let mut arrows: BTreeSet<(&str, &str)> = BTreeSet::new();
        for &start in &scc {
            // Shortest way back to `start` inside the component (BFS).
            let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
            let mut queue = VecDeque::from([start]);
            let mut found = None;
            'bfs: while let Some(v) = queue.pop_front() {
                for w in g[v].keys().map(String::as_str).filter(|w| members.contains(w)) {
                    if w == start {
                        found = Some(v);
                        break 'bfs;
                    }
                    if !prev.contains_key(w) {
                        prev.insert(w, v);
                        queue.push_back(w);
                    }
                }
            }
            let Some(last) = found else { continue };
            let mut path = vec![last];
            while *path.last().unwrap() != start {
                path.push(prev[path.last().unwrap()]);
            }
            path.reverse();
            // Rotate so the smallest name leads, to show each cycle once.
            let min = path.iter().enumerate().min_by_key(|(_, v)| **v).map(|(i, _)| i).unwrap_or(0);
            path.rotate_left(min);
            if shown.insert(path.clone()) {
                let _ = writeln!(text, "  {} -> {}", path.join(" -> "), path[0]);
                for k in 0..path.len() {
                    arrows.insert((path[k], path[(k + 1) % path.len()]));
                }
            }
        }
        for (a, b) in arrows {
            let at = &g[a][b];
            let more = if at.len() > 1 { format!(" (and {} more)", at.len() - 1) } else { String::new() };
            let _ = writeln!(text, "    {a} -> {b}: {}{more}", at[0]);
        }
        out.push(text);
    }
    out
}

fn read_src() -> Crate {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("src is readable").filter_map(|e| e.ok()) {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
                sources.push((rel, std::fs::read_to_string(&p).expect("readable")));
            }
        }
    }
    sources.sort();
    assert!(sources.len() > 20, "only {} files under src/", sources.len());
    Crate::read(&sources)
}

#[test]
fn the_top_level_modules_form_no_cycle() {
    let krate = read_src();
    let g = krate.checked_graph(&[]);
    assert!(g.len() > 10, "too few top-level modules: {:?}", g.keys());
    let found = cycles(&g);
    assert!(
        found.is_empty(),
        "import cycles among the top-level modules of src/ (an arrow that must stay goes into ALLOWED \
         in tests/architecture.rs, explained in CONTRIBUTING.md):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_files_of_each_directory_module_form_no_cycle() {
    let krate = read_src();
    let mut failures = Vec::new();
    let parents: Vec<_> = krate.parents().into_iter().filter(|p| !p.is_empty()).collect();
    assert!(parents.contains(&vec!["semantic".to_string()]) && parents.contains(&vec!["rules".to_string()]));
    for p in parents {
        for c in cycles(&krate.checked_graph(&p)) {
            failures.push(format!("in src/{}/: {c}", p.join("/")));
        }
    }
    assert!(failures.is_empty(), "import cycles inside directory modules:\n{}", failures.join("\n"));
}

#[test]
fn no_module_names_a_crate_root_item() {
    let bad = read_src().root_item_refs();
    assert!(
        bad.is_empty(),
        "the crate root only declares modules and re-exports for users of the library; inside the crate, \
         name the module that owns the item (`crate::lint::lint_source`, not `crate::lint_source`):\n{}",
        bad.join("\n")
    );
}

#[test]
fn lib_rs_only_declares_modules_and_reexports() {
    let krate = read_src();
    let (_, facts) = &krate.files["lib.rs"];
    assert!(
        facts.root_items.is_empty(),
        "src/lib.rs may only hold `pub mod x;` and `pub use ...;` (the code goes into a module): {:?}",
        facts.root_items
    );
}

#[test]
fn every_allowed_arrow_exists_and_is_explained() {
    let arrows = read_src().all_arrows();
    let contributing = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("CONTRIBUTING.md"));
    let text = contributing.unwrap_or_default();
    for (from, to) in ALLOWED {
        assert!(
            arrows.contains(&(from.to_string(), to.to_string())),
            "ALLOWED has `{from} -> {to}`, which no code draws: remove it"
        );
        assert!(
            text.contains(&format!("{from} -> {to}")),
            "ALLOWED has `{from} -> {to}`, which CONTRIBUTING.md does not explain"
        );
    }
}

// ---------------------------------------------------------------------------
// The reader and the graph code can fail

fn synthetic(files: &[(&str, &str)]) -> Crate {
    let sources: Vec<(String, String)> = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    Crate::read(&sources)
}

fn arrows(k: &Crate, parent: &[&str]) -> Vec<String> {
    let parent: Vec<String> = parent.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for (from, tos) in k.graph(&parent) {
        for to in tos.keys() {
            out.push(format!("{from} -> {to}"));
        }
    }
    out
}

#[test]
fn a_two_file_cycle_is_found_and_spelled_out() {
    let k = synthetic(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
        ("a.rs", "use crate::b::Thing;\npub struct Other;\n"),
        ("b.rs", "pub struct Thing;\nfn f() -> crate::a::Other { todo!() }\n"),
        ("c.rs", "use crate::a::Other;\n"),
    ]);
    let found = cycles(&k.graph(&[]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("  a -> b -> a\n"), "{}", found[0]);
    assert!(found[0].contains("a -> b: src/a.rs:1 `crate::b::Thing`"), "{}", found[0]);
    assert!(found[0].contains("b -> a: src/b.rs:2 `crate::a::Other`"), "{}", found[0]);
    // Without the back arrow there is none.
    let k = synthetic(&[("lib.rs", "pub mod a;\npub mod b;\n"), ("a.rs", "use crate::b::Thing;\n"), ("b.rs", "")]);
    assert!(cycles(&k.graph(&[])).is_empty());
}

#[test]
fn a_cycle_between_sibling_files_is_found() {
    let k = synthetic(&[
        ("lib.rs", "pub mod sem;\n"),
        ("sem/mod.rs", "pub mod x;\npub mod y;\npub use y::Y;\n"),
        // x reaches y through the re-export in mod.rs; y names x by `super`.
        ("sem/x.rs", "use super::Y;\npub struct X;\n"),
        ("sem/y.rs", "pub struct Y;\nfn f(_: super::x::X) {}\n"),
    ]);
    let found = cycles(&k.graph(&["sem".to_string()]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("sem::x -> sem::y -> sem::x"), "{}", found[0]);
    // Arrows into mod.rs are not sibling arrows, and the top level has one node.
    assert!(cycles(&k.graph(&[])).is_empty());
}

#[test]
fn use_trees_are_read_in_every_form() {
    let k = synthetic(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub mod c;\npub mod d;\npub mod e;\npub mod f;\npub mod g;\n"),
        (
            "a.rs",
            r##"
            // use crate::g::InAComment;
            /* use crate::g::InABlock; /* nested crate::g::X */ */
            /// [`crate::g::DocLink`]
            use crate::{
                b::{self, Bee as B},
                c::{deep::{One, Two}, *},
            };
            pub use super::d::Dee;
            pub(crate) use crate::e;
            fn f<'a>(x: &'a str) -> char {
                let _s = "crate::g::InAString";
                let _r = r#"crate::g::"Raw""#;
                let _q = '"';
                let _l = 'x';
                let _e = '\'';
                crate::f::call(x)
            }
            "##,
        ),
        ("b.rs", ""),
        ("c.rs", ""),
        ("d.rs", ""),
        ("e.rs", ""),
        ("f.rs", ""),
        ("g.rs", ""),
    ]);
    assert_eq!(arrows(&k, &[]), ["a -> b", "a -> c", "a -> d", "a -> e", "a -> f"]);
    let (_, a) = &k.files["a.rs"];
    let texts: Vec<&str> = a.refs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "crate::b",
            "crate::b::Bee",
            "crate::c::deep::One",
            "crate::c::deep::Two",
            "crate::c::*",
            "super::d::Dee",
            "crate::e",
            "crate::f::call"
        ]
    );
    assert_eq!(a.reexports.keys().collect::<Vec<_>>(), ["Dee", "e"]);
    assert_eq!(a.refs[1].line, 5, "a multi-line tree keeps the line of its `use`");
}

#[test]
fn super_self_inline_modules_and_local_children_resolve() {
    let k = synthetic(&[
        ("lib.rs", "pub mod top;\npub mod other;\npub use top::item;\n"),
        (
            "top/mod.rs",
            "pub mod inner;\nuse inner::Thing;\nmod tests {\n    use super::*;\n    use super::super::other::O;\n}\nfn g() { self::inner::h(); }\n",
        ),
        ("top/inner.rs", "use super::super::other::P;\nfn x() { crate::item(); }\n"),
        ("other.rs", "fn y() { crate::top::inner::h(); }\n"),
    ]);
    let (_, m) = &k.files["top/mod.rs"];
    let paths: Vec<String> = m.refs.iter().map(|r| r.path.join("::")).collect();
    assert_eq!(paths, ["top::inner::Thing", "top", "other::O", "top::inner::h"]);
    // top <-> other: a cycle, and `crate::item` is a crate-root item.
    assert!(cycles(&k.graph(&[])).iter().any(|c| c.contains("other -> top -> other")));
    assert_eq!(k.root_item_refs(), ["src/top/inner.rs:2: `crate::item` is not inside a module of the crate root"]);
}

#[test]
fn exported_macros_belong_to_their_module() {
    let k = synthetic(&[
        ("lib.rs", "pub mod m;\npub mod user;\n"),
        ("m.rs", "#[macro_export]\nmacro_rules! make { () => {} }\n"),
        ("user.rs", "crate::make!();\nfn f() { crate::other(); }\n"),
    ]);
    assert_eq!(arrows(&k, &[]), ["user -> m"]);
    assert_eq!(k.root_item_refs(), ["src/user.rs:2: `crate::other` is not inside a module of the crate root"]);
}

#[test]
fn lib_rs_with_code_is_flagged() {
    let k = synthetic(&[("lib.rs", "//! doc\n#![allow(x)]\npub mod a;\nuse a::X;\npub fn run() {}\n"), ("a.rs", "")]);
    let (_, facts) = &k.files["lib.rs"];
    assert_eq!(facts.root_items, [(4, "a private `use`".to_string()), (5, "`fn ...`".to_string())]);
    let k = synthetic(&[("lib.rs", "pub mod a;\npub use a::X;\n"), ("a.rs", "")]);
    assert!(k.files["lib.rs"].1.root_items.is_empty());
}
