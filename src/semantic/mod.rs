//! The semantic pass: runs once per file, before any rule.
//!
//! 1. [`bindings`] walks the resolved AST once and records every declaration, its
//!    initialiser and every later assignment, keyed by swc's resolved `Id`.
//! 2. [`resolve`] answers "what does this expression denote?" through those bindings
//!    (`child_process`, one of its functions, `util.promisify`, a wrapper, ...).
//! 3. [`call_sites`] turns every call whose callee resolves to a command API into a
//!    [`CallSite`]; rules receive these and never walk the AST.
//! 4. [`values`] folds expressions to constants or to holes that say where the
//!    unknown part comes from.
//!
//! The collectors walk the tree with [`ast::VisitRef`], which hands out `&'a`
//! borrows of the program, so what they store is lifetime-checked (no casts).

#![forbid(unsafe_code)]

pub mod ast;
pub mod bindings;
pub mod call_sites;
pub mod children;
pub mod command_text;
pub mod commands;
pub mod decls;
pub mod env;
pub mod export_list;
pub mod exports;
pub mod facts;
pub mod guards;
pub mod resolve;
pub mod site;
pub mod sources;
pub mod syntax;
pub mod texts;
pub mod user_wrappers;
pub mod values;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;

use swc_common::{Span, SyntaxContext};
use swc_ecma_ast::{Expr, Id, Program};

pub use crate::models::Api;
pub use crate::parse::{BASE, range, start_pos};
use crate::parse::{ParseError, ParsedFile};

pub use bindings::{Binding, Bindings, Decl, FuncMeta};
pub use site::CallSite;
pub use values::{Hole, HoleSafety, Origin, Part, Props, Shape, Tri};

/// Everything rules may ask about one file.
pub struct Semantic<'a> {
    pub src: &'a str,
    /// The syntax errors of the lines left out to parse the rest
    /// ([`crate::parse::parse_file_skipping`]); empty for a text that parses.
    pub skipped: &'a [ParseError],
    pub(in crate::semantic) program: &'a Program,
    pub(in crate::semantic) bindings: Bindings<'a>,
    pub(in crate::semantic) unresolved: SyntaxContext,
    /// Every call site, with its facts and what happens to its child.
    pub calls: Vec<CallSite<'a>>,
    pub facts: children::FileFacts,
    /// Folded shapes of bindings, computed once (holes carry a dummy span that each
    /// use replaces with its own).
    pub(crate) shape_cache: RefCell<HashMap<Id, Shape>>,
    /// Bindings being folded right now: a cycle (`a = b; b = a`) folds to unknown.
    pub(crate) in_progress: RefCell<HashSet<Id>>,
    /// `require`/`import()` specifiers being folded right now: a specifier that
    /// needs its own binding (`const q = require("x" + q())`) folds to unknown.
    pub(crate) specifiers_in_progress: RefCell<HashSet<u32>>,
    /// Class fields (`this.name`) being resolved right now: a field whose value
    /// reads itself (`this.onClick = this.onClick.bind(this)`) resolves to unknown.
    pub(crate) fields_in_progress: RefCell<HashSet<(Id, String)>>,
    /// Same-file calls being folded with their arguments: the called function's
    /// span, the callee's binding and the call's span (found again in `calls_of`).
    pub(crate) call_env: RefCell<Vec<(Span, Id, Span)>>,
    /// Callbacks of `.map`/`.flatMap` being folded: the callback's span and the
    /// shape of the array's elements, which its first parameter stands for.
    pub(crate) elem_env: RefCell<Vec<(Span, values::Shape)>>,
    /// Same-file calls folded so far (bounded: see `values::CALL_BUDGET`).
    pub(crate) call_budget: std::cell::Cell<u32>,
    /// Parameters every caller in the file passes the same module to
    /// ([`resolve`]), worked out once each (`None` while being worked out).
    pub(in crate::semantic) param_modules: RefCell<HashMap<Id, Option<(crate::models::ModKind, &'static str)>>>,
    /// Wrapper functions declared in `cplint.toml`.
    pub(in crate::semantic) user: user_wrappers::FileWrappers,
    /// Declarations, binding names and ids, indexed when a fix first asks.
    pub(in crate::semantic) decl_index: std::cell::OnceCell<decls::DeclIndex>,
    /// Answers of [`Semantic::once_per_file`] (kept apart from the index: most
    /// questions do not need it).
    pub(in crate::semantic) answers: RefCell<HashMap<(&'static str, u64), Option<String>>>,
    /// Guards of the file, collected when a value is first folded.
    pub(in crate::semantic) guards: std::cell::OnceCell<guards::Guards>,
    /// What Next.js makes of the file, by its path.
    pub(in crate::semantic) route_file: crate::files::RouteFile,
    /// Parameters that receive named-source data, found when a value first asks.
    pub(in crate::semantic) sources: std::cell::OnceCell<sources::Sources>,
    /// Set while `sources` is being worked out.
    pub(in crate::semantic) sources_busy: std::cell::Cell<bool>,
}

impl<'a> Semantic<'a> {
    /// Builds the semantic model of a parsed file, with the wrappers declared in
    /// `cplint.toml`.
    pub fn build(
        src: &'a str,
        parsed: &'a ParsedFile,
        user: user_wrappers::FileWrappers,
        route_file: crate::files::RouteFile,
    ) -> Self {
        let program = &parsed.program;
        let unresolved = parsed.unresolved;
        let bindings = Bindings::collect(program, unresolved);
        let mut sem = Semantic {
            src,
            skipped: &parsed.skipped,
            program,
            bindings,
            unresolved,
            calls: Vec::new(),
            facts: children::FileFacts::default(),
            shape_cache: RefCell::new(HashMap::default()),
            in_progress: RefCell::new(HashSet::default()),
            specifiers_in_progress: RefCell::new(HashSet::default()),
            fields_in_progress: RefCell::new(HashSet::default()),
            call_env: RefCell::new(Vec::new()),
            elem_env: RefCell::new(Vec::new()),
            call_budget: std::cell::Cell::new(0),
            param_modules: RefCell::new(HashMap::default()),
            user,
            decl_index: std::cell::OnceCell::new(),
            answers: RefCell::new(HashMap::default()),
            guards: std::cell::OnceCell::new(),
            route_file,
            sources: std::cell::OnceCell::new(),
            sources_busy: std::cell::Cell::new(false),
        };
        let mut calls = call_sites::collect(&sem, program);
        // Every rule starts from a call site: a file without one needs no child uses
        // or file facts (two more walks of the tree).
        if !calls.is_empty() {
            let (uses, facts) = children::collect(&sem, &calls, program);
            for (site, child) in calls.iter_mut().zip(uses) {
                site.child = child;
            }
            for site in calls.iter_mut() {
                site.facts = facts::of(&sem, site);
            }
            sem.facts = facts;
        }
        sem.calls = calls;
        sem
    }

    /// Source text of a span (empty when the span is out of range).
    pub fn text(&self, span: Span) -> &'a str {
        let (lo, hi) = range(span);
        self.src.get(lo..hi).unwrap_or("")
    }

    /// Source text of an expression, shortened to `max` characters for messages.
    pub fn snippet(&self, span: Span, max: usize) -> String {
        let t = self.text(span);
        let one_line: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.chars().count() <= max {
            one_line
        } else {
            let mut s: String = one_line.chars().take(max.saturating_sub(1)).collect();
            s.push('…');
            s
        }
    }

    pub fn is_unresolved(&self, ctxt: SyntaxContext) -> bool {
        ctxt == self.unresolved
    }

    pub fn shape(&self, e: &'a Expr) -> Shape {
        values::shape_of(self, e, 0)
    }

    /// The relative modules whose exports this file's values looked up so far
    /// (absolute paths as the specifiers name them), in the order first asked.
    pub fn looked_up_modules(&self) -> Vec<std::path::PathBuf> {
        self.user.looked_up.borrow().clone()
    }
}

/// An option of a call, as far as cplint can read it.
#[derive(Debug, Clone)]
pub enum Opt<'a> {
    /// The options object (or the call's argument list) cannot be read.
    Unknown,
    Absent,
    Present(values::PropEntry<'a>),
}

impl<'a> Semantic<'a> {
    pub fn option(&self, site: &CallSite<'a>, key: &str) -> Opt<'a> {
        let Some(opts) = site.options else {
            return if site.spread { Opt::Unknown } else { Opt::Absent };
        };
        match self.props_of(opts) {
            Props::Unknown => Opt::Unknown,
            p => match p.get(key) {
                Some(e) => Opt::Present(e.clone()),
                None => Opt::Absent,
            },
        }
    }

    /// Truthiness of an option: `Unknown` also when the options cannot be read.
    pub fn option_truthiness(&self, site: &CallSite<'a>, key: &str) -> Option<Tri> {
        match self.option(site, key) {
            Opt::Unknown => None,
            Opt::Absent => Some(Tri::False),
            Opt::Present(e) => Some(e.value.map_or(Tri::Unknown, |v| self.prop_truthiness(v))),
        }
    }
}

/// Parses `src`, builds its semantic model and hands it to `f` (for tests and tools).
pub fn with_semantic<R>(
    src: &str,
    lang: crate::files::Lang,
    f: impl FnOnce(&Semantic<'_>) -> R,
) -> Result<R, ParseError> {
    with_semantic_using(src, lang, user_wrappers::FileWrappers::default(), crate::files::RouteFile::None, f)
}

/// [`with_semantic`] with the wrappers declared in `cplint.toml` and what the
/// file's path makes of it ([`crate::files::route_file`]).
pub fn with_semantic_using<R>(
    src: &str,
    lang: crate::files::Lang,
    user: user_wrappers::FileWrappers,
    route_file: crate::files::RouteFile,
    f: impl FnOnce(&Semantic<'_>) -> R,
) -> Result<R, ParseError> {
    let parsed = crate::parse::parse_file_skipping(src, lang)?;
    let out = f(&Semantic::build(src, &parsed, user, route_file));
    crate::memory::dispose(parsed);
    Ok(out)
}
