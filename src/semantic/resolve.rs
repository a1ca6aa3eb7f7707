//! "What does this expression denote?" — through bindings, never by spelling.

use swc_common::Spanned;
use swc_ecma_ast::*;

use super::bindings::{Decl, ImportName, PathStep};
pub use super::syntax::{member_name, unparen};
use super::{Api, Semantic};
use crate::models::{self, ModKind, Promisify, Wrapper};
use crate::prefilter;

/// How a command API was reached, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiRef {
    pub api: Api,
    /// Returns a promise instead of taking a callback (`util.promisify(exec)`, `mz`).
    pub promisified: bool,
    /// The third-party module that provides it, if not `child_process` itself.
    pub wrapper: Option<&'static str>,
    /// The name the module's API is called by, for messages, when it is not the
    /// [`Api`]'s own (`getExecOutput` of `@actions/exec`).
    pub name: Option<&'static str>,
    /// Where the program and arguments sit, when not where `api` has them.
    pub layout: models::Layout,
}

impl ApiRef {
    fn of(api: Api, promisified: bool, wrapper: Option<&'static str>) -> Self {
        ApiRef { api, promisified, wrapper, name: None, layout: models::Layout::Standard }
    }

    /// A row of the wrapper table, from module `module`.
    fn row(m: &models::Member, module: &'static str) -> Self {
        ApiRef { name: m.export, layout: m.layout, ..ApiRef::of(m.api, m.promise, Some(module)) }
    }
}

/// The symbolic value of an expression.
#[derive(Debug, Clone)]
pub enum Sym<'a> {
    Module(ModKind, &'static str),
    Api(ApiRef),
    /// A promisifier function, by what it accepts, and the module it comes from
    /// (`None`: `util.promisify`, whose promises resolve like Node's own).
    Promisify(Promisify, Option<&'static str>),
    /// A function that returns the value of the expression: Babel's lazy import
    /// helper (`_cp()`), webpack's `__webpack_require__.n(m)` getter.
    Lazy(&'a Expr),
    Quote,
    Require,
    GetBuiltinModule,
    /// `http.createServer` (and `https`/`http2`).
    CreateServer,
    /// `path.join` / `path.resolve` / `path.normalize`
    PathFn,
    /// A template tag with the options it was given: execa's `$(options)`.
    Tag(ApiRef, Option<&'a Expr>),
    /// A constructor of a wrapper module (`ssh2`'s `Client`).
    Class(Wrapper, &'static str),
    /// An instance made by one (`new Client()`).
    Instance(Wrapper, &'static str),
    Object(&'a ObjectLit),
    Unknown,
}

/// How many steps (an alias, a member, a call) [`Semantic::sym_of`] follows: a chain
/// of up to this many `const a2 = a1;` aliases resolves (README, "Limits"). It also
/// ends alias cycles (`var a = b, b = a`).
const MAX_DEPTH: u32 = 256;

/// Compiler helpers that wrap a required module: Babel, TypeScript, esbuild, SWC.
fn is_interop_helper(name: &str) -> bool {
    matches!(
        name,
        "_interopRequireDefault"
            | "_interopRequireWildcard"
            | "_interop_require_default"
            | "_interop_require_wildcard"
            | "__importDefault"
            | "__importStar"
            | "__toESM"
            | "__toCommonJS"
            | "_interopNamespace"
            | "_interopDefault"
            | "_interopDefaultLegacy"
            | "_interopNamespaceDefault"
    )
}

/// The module loader of a webpack or ncc bundle, whose argument is a key of the
/// bundle's module table (not a module name for `require` itself to resolve).
fn is_bundler_require(callee: &Expr) -> bool {
    matches!(unparen(callee), Expr::Ident(i) if matches!(&*i.sym, "__webpack_require__" | "__nccwpck_require__"))
}

/// A callee that is a compiler interop helper: `_interopRequireDefault(..)`,
/// `tslib_1.__importStar(..)`, `_interop_require_default._(..)` (`@swc/helpers`).
fn is_interop_callee(callee: &Expr) -> bool {
    match unparen(callee) {
        Expr::Ident(i) => is_interop_helper(&i.sym),
        Expr::Member(m) => match (unparen(&m.obj), member_name(&m.prop).as_deref()) {
            (_, Some(p)) if is_interop_helper(p) => true,
            (Expr::Ident(o), Some("_" | "default")) => is_interop_helper(&o.sym),
            _ => false,
        },
        _ => false,
    }
}

/// The expression Babel's lazy import helper returns (the `lazy` option of
/// `@babel/plugin-transform-modules-commonjs`):
///
/// ```js
/// function _cp() {
///   const data = require("child_process");
///   _cp = function () { return data; };
///   return data;
/// }
/// ```
///
/// `data`'s initialiser, when `f` has exactly that body and every assignment to
/// the function's name is such a `function () { return data; }`.
fn lazy_helper_value<'a>(f: &'a Function, name: &Ident, assigns: &[(AssignOp, &'a Expr)]) -> Option<&'a Expr> {
    let returns_ident = |stmts: &[Stmt], id: &Id| {
        matches!(stmts, [Stmt::Return(ReturnStmt { arg: Some(a), .. })]
            if matches!(unparen(a), Expr::Ident(r) if r.to_id() == *id))
    };
    if !f.params.is_empty() {
        return None;
    }
    let [Stmt::Decl(swc_ecma_ast::Decl::Var(v)), Stmt::Expr(reassign), Stmt::Return(ret)] =
        f.body.as_ref()?.stmts.as_slice()
    else {
        return None;
    };
    let [VarDeclarator { name: Pat::Ident(data), init: Some(init), .. }] = v.decls.as_slice() else {
        return None;
    };
    let data = data.id.to_id();
    if !matches!(ret.arg.as_deref().map(unparen), Some(Expr::Ident(r)) if r.to_id() == data) {
        return None;
    }
    let Expr::Assign(a) = unparen(&reassign.expr) else { return None };
    if !matches!(&a.left, AssignTarget::Simple(SimpleAssignTarget::Ident(l)) if l.id.to_id() == name.to_id()) {
        return None;
    }
    let all_lazy = !assigns.is_empty()
        && assigns.iter().all(|(op, e)| {
            *op == AssignOp::Assign
                && matches!(unparen(e), Expr::Fn(g) if g.function.params.is_empty()
                    && g.function.body.as_ref().is_some_and(|b| returns_ident(&b.stmts, &data)))
        });
    all_lazy.then_some(&**init)
}

impl<'a> Semantic<'a> {
    /// The module a `require`/`import()` specifier names, when cplint models it.
    fn module_sym(&self, arg: Option<&'a ExprOrSpread>) -> Sym<'a> {
        let Some(arg) = arg else { return Sym::Unknown };
        if arg.spread.is_some() {
            return Sym::Unknown;
        }
        // `const q = require("x" + q())`: folding the specifier resolves `q` again
        // (found by fuzzing: a stack overflow).
        let at = swc_common::Spanned::span(&*arg.expr).lo.0;
        if !self.specifiers_in_progress.borrow_mut().insert(at) {
            return Sym::Unknown;
        }
        let spec = self.shape(&arg.expr).as_literal();
        self.specifiers_in_progress.borrow_mut().remove(&at);
        let Some(spec) = spec else {
            return Sym::Unknown;
        };
        match models::MODULES.iter().find(|(n, _)| *n == spec) {
            Some((name, kind)) if !models::is_call_capable(*kind) || self.names_module_verbatim(&arg.expr) => {
                Sym::Module(*kind, name)
            }
            Some(_) => Sym::Unknown,
            None => self.user_module(&spec),
        }
    }

    /// Whether a call-capable module specifier is written as the pre-filter can see
    /// it ([`prefilter::specifier_at`]): a plain literal in a specifier position, or
    /// a binding initialised (or assigned once) with one. `require('child_' +
    /// 'process')` and escaped names are not followed, which keeps the pre-filter sound.
    fn names_module_verbatim(&self, e: &'a Expr) -> bool {
        let lit = match unparen(e) {
            Expr::Ident(i) => match self.binding_value(i) {
                Some((v, [])) => unparen(v),
                _ => return false,
            },
            other => other,
        };
        match lit {
            Expr::Lit(Lit::Str(_)) | Expr::Tpl(_) => self.is_specifier_literal(lit.span()),
            _ => false,
        }
    }

    /// See [`prefilter::specifier_at`].
    pub(crate) fn is_specifier_literal(&self, span: swc_common::Span) -> bool {
        let (lo, hi) = super::range(span);
        prefilter::specifier_at(self.src.as_bytes(), lo, hi).is_some()
    }

    pub fn sym_of(&self, e: &'a Expr) -> Sym<'a> {
        self.sym_at(e, 0)
    }

    pub(crate) fn sym_at(&self, e: &'a Expr, depth: u32) -> Sym<'a> {
        if depth > MAX_DEPTH {
            return Sym::Unknown;
        }
        let d = depth + 1;
        match unparen(e) {
            Expr::Await(a) => self.sym_at(&a.arg, d),
            Expr::Ident(i) => self.sym_of_ident(i, d),
            Expr::Member(m) => {
                if let Expr::Ident(o) = unparen(&m.obj)
                    && o.sym == *"process"
                    && self.is_unresolved(o.ctxt)
                    && member_name(&m.prop).as_deref() == Some("getBuiltinModule")
                {
                    return Sym::GetBuiltinModule;
                }
                let Some(name) = member_name(&m.prop) else {
                    return Sym::Unknown;
                };
                // `Bun.spawn`, `Deno.Command`, `process.execve`: runtime globals, not
                // shadowed, written with a dot as the pre-filter finds them.
                if let Expr::Ident(o) = unparen(&m.obj)
                    && self.is_unresolved(o.ctxt)
                    && let Some(g) = models::global(&o.sym, &name)
                    && prefilter::global_at(self.src.as_bytes(), super::range(o.span).0, g.object, g.member)
                {
                    return Sym::Api(ApiRef {
                        name: Some(g.member),
                        layout: g.layout,
                        ..ApiRef::of(g.api, false, Some(g.object))
                    });
                }
                if let Expr::This(t) = unparen(&m.obj) {
                    return self.this_field(t, &name, d);
                }
                let obj = self.sym_at(&m.obj, d);
                self.member_of(obj, &name, d)
            }
            Expr::Call(c) => self.call_result(c, d),
            Expr::New(n) => match self.sym_at(&n.callee, d) {
                Sym::Module(ModKind::Wrapper(w), name) if models::constructs(w, None) => Sym::Instance(w, name),
                Sym::Class(w, name) => Sym::Instance(w, name),
                _ => Sym::Unknown,
            },
            Expr::Object(o) => Sym::Object(o),
            Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalOr | BinaryOp::NullishCoalescing) => {
                // `mod.default || mod`: Babel's and hand-written interop.
                let l = self.sym_at(&b.left, d);
                if matches!(l, Sym::Unknown) { self.sym_at(&b.right, d) } else { l }
            }
            _ => Sym::Unknown,
        }
    }

    fn call_result(&self, c: &'a CallExpr, d: u32) -> Sym<'a> {
        let callee = match &c.callee {
            Callee::Import(_) => return self.module_sym(c.args.first()),
            Callee::Super(_) => return Sym::Unknown,
            Callee::Expr(e) => e,
        };
        // `fn.bind(thisArg)` keeps denoting `fn`.
        if let Expr::Member(m) = unparen(callee)
            && member_name(&m.prop).as_deref() == Some("bind")
        {
            let inner = self.sym_at(&m.obj, d);
            if matches!(inner, Sym::Api(_) | Sym::Quote) {
                return inner;
            }
        }
        let first = || match c.args.first() {
            Some(a) if a.spread.is_none() => Some(&*a.expr),
            _ => None,
        };
        if is_interop_callee(callee) {
            return first().map_or(Sym::Unknown, |a| self.sym_at(a, d));
        }
        // webpack: `__webpack_require__.n(m)` is a getter of `m`'s default export.
        if let Expr::Member(m) = unparen(callee)
            && member_name(&m.prop).as_deref() == Some("n")
            && matches!(self.sym_at(&m.obj, d), Sym::Require)
        {
            return first().map_or(Sym::Unknown, Sym::Lazy);
        }
        // webpack 4 calls imported functions as `Object(m["exec"])(..)`.
        if let Expr::Ident(i) = unparen(callee)
            && i.sym == *"Object"
            && self.is_unresolved(i.ctxt)
            && c.args.len() == 1
        {
            return match first().map(|a| self.sym_at(a, d)) {
                Some(s @ Sym::Api(_)) => s,
                _ => Sym::Unknown,
            };
        }
        if let Expr::Ident(i) = unparen(callee)
            && let Some(b) = self.bindings.get(i)
            && let Decl::Import { module, name: ImportName::Named(n), .. } = &b.decl
            && n == "createRequire"
            && matches!(module.as_str(), "module" | "node:module")
        {
            // `createRequire(import.meta.url)`: a `require` function.
            return Sym::Require;
        }
        match self.callable(self.sym_at(callee, d)) {
            // `$(options)`: the tag with these options.
            Sym::Api(r) if r.layout == models::Layout::Template => Sym::Tag(r, first()),
            Sym::Tag(r, _) => Sym::Tag(r, first()),
            // `__webpack_require__(81)`: entry 81 of the bundle's module table.
            Sym::Require => match first().filter(|_| is_bundler_require(callee)).and_then(|a| self.bundled_module(a)) {
                Some(v) => self.sym_at(v, d),
                None => self.module_sym(c.args.first()),
            },
            Sym::GetBuiltinModule => self.module_sym(c.args.first()),
            Sym::Lazy(e) => self.sym_at(e, d),
            Sym::Promisify(p, label) => match (p, first().map(|a| self.sym_at(a, d))) {
                (Promisify::Function | Promisify::FunctionOrObject, Some(Sym::Api(mut r))) => {
                    r.promisified = true;
                    // Promises of other libraries resolve differently (`stdout`
                    // alone, `[stdout, stderr]`): named, so no fix mixes them.
                    if r.wrapper.is_none() {
                        r.wrapper = label;
                    }
                    Sym::Api(r)
                }
                // `pify(cp).exec`, `thenifyAll(cp).exec`: promise versions under the
                // same names; `bluebird.promisifyAll(cp)` returns `cp` itself, with
                // `execAsync` added (see `member_of`).
                (
                    Promisify::FunctionOrObject | Promisify::Object,
                    Some(Sym::Module(ModKind::ChildProcess { .. }, name)),
                ) => Sym::Module(ModKind::ChildProcess { promisified: true }, label.unwrap_or(name)),
                (Promisify::ObjectAsync, Some(m @ Sym::Module(ModKind::ChildProcess { .. }, _))) => m,
                _ => Sym::Unknown,
            },
            _ => Sym::Unknown,
        }
    }

    /// What calling a value does: a module value that is itself a function.
    pub fn callable(&self, s: Sym<'a>) -> Sym<'a> {
        match s {
            Sym::Module(ModKind::Wrapper(w), name) => match models::member(w, None) {
                Some(m) => Sym::Api(ApiRef::row(m, name)),
                None => Sym::Unknown,
            },
            Sym::Module(ModKind::Quoting(q), _) if models::is_quoting_export(q, None) => Sym::Quote,
            Sym::Module(ModKind::Promisifier(p), name) => match models::promisifier_call(p) {
                Some(p) => Sym::Promisify(p, (name != "util.promisify").then_some(name)),
                None => Sym::Unknown,
            },
            Sym::Module(ModKind::User(i), _) => self.user_api(i, None),
            other => other,
        }
    }

    fn member_of(&self, obj: Sym<'a>, name: &str, d: u32) -> Sym<'a> {
        match obj {
            Sym::Module(kind, mname) => {
                if name == "default" {
                    return Sym::Module(kind, mname);
                }
                match kind {
                    ModKind::ChildProcess { promisified } => {
                        // `execAsync`: what `bluebird.promisifyAll` adds to the module
                        // (`child_process` has no such member of its own).
                        let (api, promisified) = match models::child_process_api(name) {
                            Some(api) => (api, promisified),
                            None => match name.strip_suffix("Async").and_then(models::child_process_api) {
                                Some(api) => {
                                    return Sym::Api(ApiRef::of(api, true, Some("bluebird")));
                                }
                                None => return Sym::Unknown,
                            },
                        };
                        Sym::Api(ApiRef::of(
                            api,
                            promisified,
                            (!matches!(mname, "child_process" | "node:child_process")).then_some(mname),
                        ))
                    }
                    ModKind::Util if name == "promisify" => Sym::Promisify(Promisify::Function, None),
                    ModKind::Path if matches!(name, "join" | "resolve" | "normalize") => Sym::PathFn,
                    ModKind::Path if matches!(name, "posix" | "win32") => Sym::Module(kind, mname),
                    ModKind::Wrapper(w) if models::constructs(w, Some(name)) => Sym::Class(w, mname),
                    ModKind::Wrapper(w) => match models::member(w, Some(name)) {
                        Some(m) => Sym::Api(ApiRef::row(m, mname)),
                        None => Sym::Unknown,
                    },
                    ModKind::Quoting(q) if models::is_quoting_export(q, Some(name)) => Sym::Quote,
                    ModKind::Http if matches!(name, "createServer" | "createSecureServer") => Sym::CreateServer,
                    // `express.Router`, `Hapi.server`, `fastify.fastify`: what makes an
                    // app is read by `sources`, from the module.
                    ModKind::Web(_) => Sym::Module(kind, mname),
                    ModKind::User(i) => self.user_api(i, Some(name)),
                    ModKind::Vm => match models::vm_api(name) {
                        Some(api) => Sym::Api(ApiRef::of(api, false, None)),
                        None => Sym::Unknown,
                    },
                    ModKind::Vm2 if matches!(name, "VM" | "NodeVM" | "VMScript") => {
                        Sym::Api(ApiRef::of(Api::Vm2, false, Some(mname)))
                    }
                    ModKind::Promisifier(p) => match models::promisifier_member(p, name) {
                        Some(p) => Sym::Promisify(p, (mname != "util.promisify").then_some(mname)),
                        None => Sym::Unknown,
                    },
                    _ => Sym::Unknown,
                }
            }
            Sym::Instance(w, mname) => match models::method_api(w, name) {
                Some(m) => Sym::Api(ApiRef::row(m, mname)),
                None => Sym::Unknown,
            },
            Sym::Object(o) => match self.object_prop(o, name) {
                Some(v) => self.sym_at(v, d),
                None => Sym::Unknown,
            },
            // `$.sync`, `$.s`, `$(options).sync`: the same tag, run synchronously.
            Sym::Api(r) if r.layout == models::Layout::Template && matches!(name, "sync" | "s") => Sym::Api(r),
            Sym::Tag(r, o) if matches!(name, "sync" | "s") => Sym::Tag(r, o),
            // `Bun.$.escape(value)` quotes for Bun's shell.
            Sym::Api(r) if r.layout == models::Layout::RawTemplate && name == "escape" => Sym::Quote,
            // webpack 4's getter also has the value as a getter property `a`
            // (`__webpack_require__.d(getter, 'a', getter)`): `m_default.a.exec(..)`.
            Sym::Lazy(e) if name == "a" => self.sym_at(e, d),
            _ => Sym::Unknown,
        }
    }

    /// `__webpack_require__(81)`, `__nccwpck_require__(81)`: what entry 81 of the
    /// bundle's module table exports (`module.exports = require("child_process")`).
    fn bundled_module(&self, id: &'a Expr) -> Option<&'a Expr> {
        let key = match unparen(id) {
            Expr::Lit(Lit::Num(n)) => n.value.to_string(),
            Expr::Lit(Lit::Str(s)) => s.value.to_string_lossy().into_owned(),
            _ => return None,
        };
        self.bindings.bundled_modules.get(&key).copied()
    }

    /// `this.name` inside a class: the value its constructor stores there, when that
    /// is the only write of the field in the class (`constructor(cp) { this.cp = cp }`).
    fn this_field(&self, t: &ThisExpr, name: &str, d: u32) -> Sym<'a> {
        use super::bindings::FieldValue;
        let Some(class) = self.bindings.this_class.get(&t.span.lo) else {
            return Sym::Unknown;
        };
        let key = (class.clone(), name.to_string());
        let Some(writes) = self.bindings.this_writes.get(&key) else {
            return Sym::Unknown;
        };
        let [w] = writes.as_slice() else { return Sym::Unknown };
        if !(w.in_constructor && w.plain && self.fields_in_progress.borrow_mut().insert(key.clone())) {
            return Sym::Unknown;
        }
        let found = match w.value {
            FieldValue::Expr(e) => self.sym_at(e, d),
            FieldValue::Param(i) => self.sym_of_ident(i, d),
        };
        self.fields_in_progress.borrow_mut().remove(&key);
        found
    }

    /// The module a parameter holds when every call of its function in this file
    /// passes that module (or leaves the parameter to a default that is it):
    /// `new Runner(require("child_process"))` for `constructor(cp)`, or
    /// `makeRunner(cp)` for `function makeRunner(cp)`. Calls with a spread before
    /// the parameter, or none at all, make it unknown.
    fn param_module(&self, i: &Ident, func: usize, index: usize, d: u32) -> Option<(ModKind, &'static str)> {
        let id = i.to_id();
        if let Some(known) = self.param_modules.borrow().get(&id) {
            return *known;
        }
        self.param_modules.borrow_mut().insert(id.clone(), None);
        let found = self.param_module_uncached(&id, func, index, d);
        self.param_modules.borrow_mut().insert(id, found);
        found
    }

    fn param_module_uncached(&self, id: &Id, func: usize, index: usize, d: u32) -> Option<(ModKind, &'static str)> {
        let meta = self.bindings.funcs.get(func)?;
        let args_lists: Vec<Option<&'a [ExprOrSpread]>> = match (&meta.name, &meta.class_id, &meta.id) {
            (Some(n), Some(class), _) if n == "constructor" => {
                self.bindings.news_of.get(class)?.iter().map(|n| n.args.as_deref()).collect()
            }
            (_, _, Some(f)) => self.bindings.calls_of.get(f)?.iter().map(|c| Some(c.args.as_slice())).collect(),
            _ => return None,
        };
        let default = self.bindings.param_defaults.get(id).copied();
        let mut found: Option<(ModKind, &'static str)> = None;
        for args in args_lists {
            let args = args.unwrap_or(&[]);
            if args.iter().take(index + 1).any(|a| a.spread.is_some()) {
                return None;
            }
            let value = match args.get(index) {
                Some(a) => &*a.expr,
                None => default?,
            };
            let Sym::Module(kind, name) = self.sym_at(value, d) else { return None };
            if !models::is_call_capable(kind) || found.is_some_and(|f| f != (kind, name)) {
                return None;
            }
            found = Some((kind, name));
        }
        found
    }

    /// A global that a module loaded for its side effect defines (`exec` after
    /// `require("shelljs/global")`); only reached for unresolved identifiers.
    fn global_api(&self, name: &str) -> Option<ApiRef> {
        let (_, api) = models::SHELLJS_GLOBALS.iter().find(|(n, _)| *n == name)?;
        self.bindings.side_effect_loads.iter().find(|(m, span)| {
            models::GLOBAL_DEFINING_MODULES.contains(&m.as_str()) && self.is_specifier_literal(*span)
        })?;
        Some(ApiRef::of(*api, false, Some("shelljs")))
    }

    /// A module that has wrappers declared in `cplint.toml`.
    fn user_module(&self, specifier: &str) -> Sym<'a> {
        match self.user.module_index(specifier) {
            Some(i) => Sym::Module(ModKind::User(i), self.user.label(i)),
            None => Sym::Unknown,
        }
    }

    /// A declared wrapper: `export` of module `i` (`None`: the module itself).
    fn user_api(&self, i: usize, export: Option<&str>) -> Sym<'a> {
        match self.user.find(i, export) {
            Some(w) => {
                let r = ApiRef::of(w.api, w.promise, Some(w.label));
                let layout = if w.command_arg == 0 { r.layout } else { models::Layout::CommandAt(w.command_arg) };
                Sym::Api(ApiRef { layout, ..r })
            }
            None => Sym::Unknown,
        }
    }

    /// The value expression of `name` in an object literal (last one wins).
    pub fn object_prop(&self, o: &'a ObjectLit, name: &str) -> Option<&'a Expr> {
        let mut found = None;
        for p in &o.props {
            let PropOrSpread::Prop(p) = p else { continue };
            match &**p {
                Prop::KeyValue(kv) => {
                    let key = match &kv.key {
                        PropName::Ident(i) => Some(i.sym.as_str().to_owned()),
                        PropName::Str(s) => Some(s.value.to_string_lossy().into_owned()),
                        _ => None,
                    };
                    if key.as_deref() == Some(name) {
                        found = Some(&*kv.value);
                    }
                }
                Prop::Shorthand(_) => {}
                _ => {}
            }
        }
        found
    }

    /// The single expression a binding holds, when it never changes after it is set.
    pub fn binding_value<'s>(&'s self, i: &Ident) -> Option<(&'a Expr, &'s [PathStep])> {
        let b = self.bindings.get(i)?;
        let Decl::Var { init, path, .. } = &b.decl else {
            return None;
        };
        if b.opaque_writes {
            return None;
        }
        match (init, b.assigns.as_slice()) {
            (Some(init), []) => Some((*init, path.as_slice())),
            (None, [(AssignOp::Assign, e)]) if path.is_empty() => Some((*e, &[])),
            _ => None,
        }
    }

    fn sym_of_ident(&self, i: &Ident, d: u32) -> Sym<'a> {
        if self.is_unresolved(i.ctxt) {
            return match &*i.sym {
                "require" | "__non_webpack_require__" | "__webpack_require__" | "__nccwpck_require__" => Sym::Require,
                name => match self.global_api(name) {
                    Some(r) => Sym::Api(r),
                    None => Sym::Unknown,
                },
            };
        }
        let Some(b) = self.bindings.get(i) else {
            return Sym::Unknown;
        };
        if matches!(b.name(), "require" | "__require" | "__webpack_require__" | "__nccwpck_require__") {
            // A parameter called `require` (bundlers), `createRequire(...)`'s result, or
            // esbuild's `__require` (its shim in ESM output, or the
            // `createRequire(import.meta.url)` of a banner).
            return Sym::Require;
        }
        match &b.decl {
            Decl::Import { module, name, span } => {
                let Some((mname, kind)) = models::MODULES.iter().find(|(n, _)| n == module) else {
                    return match (self.user_module(module), name) {
                        (m @ Sym::Module(..), ImportName::Default | ImportName::Namespace) => m,
                        (m @ Sym::Module(..), ImportName::Named(n)) => self.member_of(m, n, d),
                        _ => Sym::Unknown,
                    };
                };
                if models::is_call_capable(*kind) && !self.is_specifier_literal(*span) {
                    return Sym::Unknown;
                }
                match name {
                    ImportName::Default | ImportName::Namespace => Sym::Module(*kind, mname),
                    ImportName::Named(n) => self.member_of(Sym::Module(*kind, mname), n, d),
                }
            }
            Decl::Param { func, index, rest: false, .. } if b.assigns.is_empty() && !b.opaque_writes => {
                match self.param_module(i, *func, *index, d) {
                    Some((kind, name)) => Sym::Module(kind, name),
                    None => Sym::Unknown,
                }
            }
            Decl::Function { node, .. } => match lazy_helper_value(node, i, &b.assigns) {
                Some(v) if !b.opaque_writes => Sym::Lazy(v),
                _ => Sym::Unknown,
            },
            Decl::Var { .. } => {
                let Some((value, path)) = self.binding_value(i) else {
                    return Sym::Unknown;
                };
                let mut s = self.sym_at(value, d);
                for step in path {
                    s = match step {
                        PathStep::Prop(p) => self.member_of(s, p, d),
                        _ => Sym::Unknown,
                    };
                }
                s
            }
            _ => Sym::Unknown,
        }
    }
}
