//! What a file exports that runs a shell command, and what it exports that is
//! constant: the summaries the cross-file pass ([`crate::run::project`]) reads to
//! make an imported function a sink for its importers ([`sink_exports`]) and an
//! imported constant a constant there ([`const_exports`]).
//!
//! A file's summary lists each exported function one of whose parameters reaches a
//! shell-string call (`exec`, `execSync`, a shell-string wrapper) unquoted, with
//! the parameter's position: `module.exports = function run(cmd) { exec(cmd) }`
//! summarises as `default`, parameter 0. Exports are read from the file's top level
//! ([`super::export_list`]). The summary depends only on the file itself.

use rustc_hash::FxHashMap as HashMap;
use swc_common::Span;
use swc_ecma_ast::{
    AssignTarget, Expr, ModuleDecl, ModuleExportName, ModuleItem, Program, Prop, PropOrSpread, SimpleAssignTarget, Stmt,
};

use super::export_list::{MAX_ALIAS, exported_functions, exports_target, module_stmts, prop_name};
use super::syntax::{member_name, unparen};
use super::{Decl, Origin, Semantic};
use crate::emit::{ConstExport, ModuleConsts, SinkExport};

/// The file's summary: each exported function whose parameter reaches a shell
/// string unquoted, once per (export, parameter).
pub fn sink_exports(sem: &Semantic<'_>) -> Vec<SinkExport> {
    let shell_calls: Vec<_> = sem.calls.iter().filter(|s| s.api.is_shell_string() && s.command.is_some()).collect();
    if shell_calls.is_empty() {
        return Vec::new();
    }
    let exported = exported_functions(sem);
    if exported.is_empty() {
        return Vec::new();
    }
    // (function, parameter name) → position, for the exported functions only.
    let mut params: HashMap<(usize, &str), usize> = HashMap::default();
    for b in sem.bindings.all() {
        if let Decl::Param { func, index, rest: false, .. } = b.decl
            && exported.iter().any(|(_, f)| *f == func)
        {
            params.insert((func, b.name()), index);
        }
    }
    let mut out: Vec<SinkExport> = Vec::new();
    for site in shell_calls {
        let Some(cmd) = site.command else { continue };
        let shape = sem.shape(cmd);
        for hole in shape.unsafe_holes() {
            let Origin::Param { name, exported: true, .. } = &hole.origin else { continue };
            for (export, func) in &exported {
                let Some(meta) = sem.bindings.funcs.get(*func) else { continue };
                let inside = meta.span.lo <= site.span.lo && site.span.hi <= meta.span.hi;
                let Some(&param) = params.get(&(*func, name.as_str())) else { continue };
                if !inside {
                    continue;
                }
                let at = super::range(site.span).0.min(sem.src.len());
                let line = sem.src.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                let entry = SinkExport { export: export.clone(), param, line };
                if !out.iter().any(|e| e.export == entry.export && e.param == entry.param) {
                    out.push(entry);
                }
            }
        }
    }
    out
}

/// Where one write to the CommonJS exports goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// `module.exports = ..`
    Whole,
    /// `exports.NAME = ..`, `module.exports.NAME = ..` (`default` as `None`).
    Named(Option<String>),
}

/// Every write to the CommonJS exports anywhere in the file, and whether the
/// exports object is used in a way cplint does not follow.
#[derive(Default)]
struct ExportWrites<'s, 'a> {
    sem: Option<&'s Semantic<'a>>,
    writes: Vec<(Target, Span, bool)>,
    /// `exports[k] = ..`, `Object.assign(exports, ..)`, `f(module.exports)`,
    /// `exports = ..`, ...: any name may be changed.
    unknown: bool,
}

impl<'s, 'a> ExportWrites<'s, 'a> {
    fn is_exports_object(&self, e: &Expr) -> bool {
        let Some(sem) = self.sem else { return false };
        let is_global =
            |e: &Expr, name: &str| matches!(unparen(e), Expr::Ident(i) if i.sym == *name && sem.is_unresolved(i.ctxt));
        match unparen(e) {
            Expr::Member(m) => is_global(&m.obj, "module") && member_name(&m.prop).as_deref() == Some("exports"),
            e => is_global(e, "exports"),
        }
    }
}

impl<'s, 'a> super::ast::VisitRef<'a> for ExportWrites<'s, 'a> {
    fn visit_assign_expr(&mut self, n: &'a swc_ecma_ast::AssignExpr) {
        if let Some(sem) = self.sem {
            // `exports.a = exports.b = void 0` (tsc): the value at the end of the chain.
            let mut value = &*n.right;
            while let Expr::Assign(a) = unparen(value) {
                value = &a.right;
            }
            let void = matches!(unparen(value), Expr::Unary(u) if u.op == swc_ecma_ast::UnaryOp::Void);
            match &n.left {
                AssignTarget::Simple(SimpleAssignTarget::Member(m)) => {
                    if let Some(t) = exports_target(sem, &n.left) {
                        let t = match t {
                            None => Target::Whole,
                            Some(name) => Target::Named(Some(name)),
                        };
                        let t = if t == Target::Whole || member_name(&m.prop).as_deref() != Some("default") {
                            t
                        } else {
                            Target::Named(None)
                        };
                        self.writes.push((t, n.span, void));
                    } else if self.is_exports_object(&m.obj) {
                        // `exports[key] = ..`, or `exports.default` spelled oddly.
                        match member_name(&m.prop) {
                            Some(p) if p == "default" => self.writes.push((Target::Named(None), n.span, void)),
                            Some(p) => self.writes.push((Target::Named(Some(p.to_string())), n.span, void)),
                            None => self.unknown = true,
                        }
                    }
                }
                AssignTarget::Simple(SimpleAssignTarget::Ident(b))
                    if b.id.sym == *"exports" && sem.is_unresolved(b.id.ctxt) =>
                {
                    self.unknown = true;
                }
                _ => {}
            }
            // `const e = exports` / `x = module.exports`: written through another name.
            if self.is_exports_object(&n.right) {
                self.unknown = true;
            }
        }
        super::ast::walk_assign_expr(self, n);
    }

    fn visit_var_declarator(&mut self, n: &'a swc_ecma_ast::VarDeclarator) {
        if n.init.as_deref().is_some_and(|e| self.is_exports_object(e)) {
            self.unknown = true;
        }
        super::ast::walk_var_declarator(self, n);
    }

    fn visit_call_expr(&mut self, n: &'a swc_ecma_ast::CallExpr) {
        // `Object.assign(exports, ..)`, `__exportStar(m, exports)`, `f(module.exports)`;
        // `Object.defineProperty(exports, "__esModule", ..)` changes no value.
        let es_module_flag = n.args.get(1).is_some_and(
            |a| matches!(unparen(&a.expr), Expr::Lit(swc_ecma_ast::Lit::Str(s)) if s.value == *"__esModule"),
        );
        if !es_module_flag && n.args.iter().any(|a| self.is_exports_object(&a.expr)) {
            self.unknown = true;
        }
        super::ast::walk_call_expr(self, n);
    }
}

/// What an exported name stands for, before it is folded.
enum Candidate<'a> {
    Value(&'a Expr),
    Binding(&'a swc_ecma_ast::Ident),
    /// `export { X } from "./a"` (`None`: `default`).
    Reexport(String, Option<String>),
    /// `export * from "./a"`, or a spread of `require("./a")` in `module.exports = {..}`.
    Star(String),
    /// An export cplint does not fold (a function, a class, a non-constant binding).
    Blocked,
}

/// The file's constant exports: each exported name whose value this file's value
/// analysis proves constant (a string, a number, a template or `+` of constants,
/// a constant imported from another summarised file), with its text when known.
///
/// An export is left out when it may change: a `let`/`var` assigned elsewhere, a
/// CommonJS export written more than once (tsc's and Babel's `exports.X = void 0`
/// before the real value does not count) or inside a function, and every
/// CommonJS export when the exports object is written through a computed key or
/// handed to a function (`Object.assign(exports, ..)`, `__exportStar(.., exports)`).
/// Objects, arrays, functions and classes are not constants here (their
/// properties may hold anything). Re-exports (`export { X } from`, `export *
/// from`) and constants imported from other files are read from the summaries of
/// those files that the cross-file pass hands over ([`Semantic::user`]); the pass
/// repeats until nothing changes.
pub fn const_exports(sem: &Semantic<'_>) -> ModuleConsts {
    let mut order: Vec<(Option<String>, Candidate<'_>)> = Vec::new();
    let mut esm = false;
    let stmts: Vec<&Stmt> = match sem.program {
        Program::Script(s) => s.body.iter().collect(),
        Program::Module(m) => {
            for item in &m.body {
                let ModuleItem::ModuleDecl(d) = item else { continue };
                match d {
                    ModuleDecl::ExportDecl(e) => {
                        esm = true;
                        match &e.decl {
                            swc_ecma_ast::Decl::Var(v) => {
                                for d in &v.decls {
                                    // `export const { a, b } = obj`: not followed.
                                    if let swc_ecma_ast::Pat::Ident(b) = &d.name {
                                        order.push((Some(b.id.sym.to_string()), Candidate::Binding(&b.id)));
                                    }
                                }
                            }
                            swc_ecma_ast::Decl::Fn(f) => {
                                order.push((Some(f.ident.sym.to_string()), Candidate::Binding(&f.ident)))
                            }
                            swc_ecma_ast::Decl::Class(c) => {
                                order.push((Some(c.ident.sym.to_string()), Candidate::Blocked));
                            }
                            _ => {}
                        }
                    }
                    ModuleDecl::ExportDefaultDecl(_) => {
                        esm = true;
                        order.push((None, Candidate::Blocked));
                    }
                    ModuleDecl::ExportDefaultExpr(e) => {
                        esm = true;
                        order.push((None, Candidate::Value(&e.expr)));
                    }
                    ModuleDecl::ExportNamed(n) => {
                        esm = true;
                        let src = n.src.as_ref().map(|s| s.value.to_string_lossy().into_owned());
                        for s in &n.specifiers {
                            let swc_ecma_ast::ExportSpecifier::Named(s) = s else {
                                // `export * as ns from`, `export v from`: not followed.
                                continue;
                            };
                            let orig = export_name(&s.orig);
                            let name = s.exported.as_ref().map_or_else(|| orig.clone(), export_name);
                            let name = (name != "default").then_some(name);
                            let candidate = match (&src, &s.orig) {
                                (Some(src), _) => Candidate::Reexport(src.clone(), (orig != "default").then_some(orig)),
                                (None, ModuleExportName::Ident(i)) => Candidate::Binding(i),
                                (None, _) => Candidate::Blocked,
                            };
                            order.push((name, candidate));
                        }
                    }
                    ModuleDecl::ExportAll(a) => {
                        esm = true;
                        order.push((Some("*".into()), Candidate::Star(a.src.value.to_string_lossy().into_owned())));
                    }
                    _ => {}
                }
            }
            module_stmts(m)
        }
    };
    let mut commonjs = false;
    if !esm {
        commonjs = commonjs_candidates(sem, &stmts, &mut order);
    }
    let mut out: std::collections::BTreeMap<Option<String>, Option<Option<String>>> = Default::default();
    // Names whose value is a function returning shell-safe text, kept in step with `out`.
    let mut safe: std::collections::BTreeMap<Option<String>, bool> = Default::default();
    // ES modules: explicit exports win over `export *`, whatever the order; in a
    // CommonJS object literal, later keys (and spreads) win.
    let mut explicit: rustc_hash::FxHashSet<Option<String>> = Default::default();
    if esm {
        explicit = order.iter().filter(|(_, c)| !matches!(c, Candidate::Star(_))).map(|(n, _)| n.clone()).collect();
    }
    for (name, candidate) in order {
        match candidate {
            Candidate::Star(spec) => {
                // `{ A: "x", ...require("./b") }`: the spread may set `A` to anything.
                if !esm {
                    out.clear();
                    safe.clear();
                }
                let Some(m) = sem.user.module_consts(&spec) else { continue };
                for e in &m.exports {
                    if e.export.is_some() && !explicit.contains(&e.export) {
                        out.insert(e.export.clone(), Some(e.text.clone()));
                    }
                }
                for n in &m.safe_calls {
                    if n.is_some() && !explicit.contains(n) {
                        safe.insert(n.clone(), true);
                    }
                }
            }
            Candidate::Reexport(spec, export) => {
                let m = sem.user.module_consts(&spec);
                let value = m.and_then(|m| m.get(export.as_deref())).map(|e| e.text.clone());
                safe.insert(name.clone(), m.is_some_and(|m| m.call_is_safe(export.as_deref())));
                out.insert(name, value);
            }
            Candidate::Value(e) => {
                safe.insert(name.clone(), super::values::returns_shell_safe(sem, e));
                out.insert(name, constant_value(sem, e));
            }
            Candidate::Binding(i) => {
                safe.insert(name.clone(), super::values::ident_returns_shell_safe(sem, i));
                out.insert(name, binding_value(sem, i));
            }
            Candidate::Blocked => {
                safe.insert(name.clone(), false);
                out.insert(name, None);
            }
        }
    }
    let exports = out.into_iter().filter_map(|(export, v)| Some(ConstExport { export, text: v? })).collect();
    let safe_calls = safe.into_iter().filter_map(|(n, s)| s.then_some(n)).collect();
    ModuleConsts { exports, commonjs, safe_calls }
}

fn export_name(n: &ModuleExportName) -> String {
    match n {
        ModuleExportName::Ident(i) => i.sym.to_string(),
        ModuleExportName::Str(s) => s.value.to_string_lossy().into_owned(),
    }
}

/// The CommonJS exports of the top level, in order; whether the file writes any.
fn commonjs_candidates<'a>(
    sem: &Semantic<'a>,
    stmts: &[&'a Stmt],
    order: &mut Vec<(Option<String>, Candidate<'a>)>,
) -> bool {
    let mut writes = ExportWrites { sem: Some(sem), ..Default::default() };
    for s in stmts {
        super::ast::walk_stmt(&mut writes, s);
    }
    if writes.writes.is_empty() {
        return false;
    }
    if writes.unknown {
        return true;
    }
    // The top-level statements `exports.X = ..` (also chained: `exports.a = exports.b = ..`).
    // (target, the assignment's span, its value, written as `module.exports.X`).
    let mut top: Vec<(Target, Span, &'a Expr, bool)> = Vec::new();
    for s in stmts {
        let Stmt::Expr(e) = s else { continue };
        let mut cur = &*e.expr;
        while let Expr::Assign(a) = unparen(cur) {
            if a.op != swc_ecma_ast::AssignOp::Assign {
                break;
            }
            let Some(t) = exports_target(sem, &a.left) else { break };
            let t = match t {
                None => Target::Whole,
                Some(name) => Target::Named(Some(name)),
            };
            let is_default = matches!(&a.left, AssignTarget::Simple(SimpleAssignTarget::Member(m))
                if member_name(&m.prop).as_deref() == Some("default"));
            let t = if is_default && t != Target::Whole { Target::Named(None) } else { t };
            let through_module = matches!(&a.left, AssignTarget::Simple(SimpleAssignTarget::Member(m))
                if matches!(unparen(&m.obj), Expr::Member(_)));
            top.push((t, a.span, &a.right, through_module));
            cur = &a.right;
        }
    }
    let is_top = |span: Span| top.iter().any(|(_, s, ..)| *s == span);
    // A value written once, not counting `void 0` at the top level (tsc, Babel).
    let written_once = |t: &Target, span: Span| {
        writes.writes.iter().filter(|(wt, ws, void)| wt == t && !(*void && is_top(*ws))).all(|(_, ws, _)| *ws == span)
    };
    let wholes: Vec<_> = top.iter().filter(|(t, ..)| *t == Target::Whole).collect();
    let whole_writes = writes.writes.iter().filter(|(t, ..)| *t == Target::Whole).count();
    if whole_writes > 1 || (whole_writes == 1 && wholes.len() != 1) {
        return true;
    }
    let whole_at = wholes.first().map(|(_, s, ..)| s.lo);
    if let Some((_, span, value, _)) = wholes.first() {
        if let Some(o) = exported_object(sem, value) {
            for p in &o.props {
                match p {
                    PropOrSpread::Spread(sp) => {
                        match spread_module(sem, &sp.expr) {
                            Some(spec) => order.push((Some("*".into()), Candidate::Star(spec))),
                            // Any name may be set: nothing before it is known.
                            None => order.clear(),
                        }
                    }
                    PropOrSpread::Prop(p) => match &**p {
                        Prop::Shorthand(i) => order.push((Some(i.sym.to_string()), Candidate::Binding(i))),
                        Prop::KeyValue(kv) => match prop_name(&kv.key) {
                            Some(k) => order.push((Some(k), Candidate::Value(&kv.value))),
                            None => order.clear(),
                        },
                        Prop::Method(m) => {
                            if let Some(k) = prop_name(&m.key) {
                                order.push((Some(k), Candidate::Blocked));
                            }
                        }
                        _ => {
                            // Getters, setters: not followed.
                            if let Some(k) = prop_key(p) {
                                order.push((Some(k), Candidate::Blocked));
                            }
                        }
                    },
                }
            }
        } else if written_once(&Target::Whole, *span) {
            order.push((None, Candidate::Value(value)));
        }
    }
    for (t, span, value, through_module) in &top {
        let Target::Named(name) = t else { continue };
        // `exports.X` after `module.exports = ..` writes the old object, and
        // anything written before it is lost.
        if let Some(at) = whole_at
            && (span.lo < at || !through_module)
        {
            continue;
        }
        let candidate = if written_once(t, *span) { Candidate::Value(value) } else { Candidate::Blocked };
        // A name of the object literal written again later.
        order.retain(|(n, _)| n != name);
        order.push((name.clone(), candidate));
    }
    // Names written elsewhere (in a function, in a branch) are not constant.
    for (t, ..) in &writes.writes {
        if let Target::Named(name) = t
            && !top.iter().any(|(tt, ..)| tt == t)
        {
            order.retain(|(n, _)| n != name);
            order.push((name.clone(), Candidate::Blocked));
        }
    }
    true
}

fn prop_key(p: &Prop) -> Option<String> {
    match p {
        Prop::Getter(g) => prop_name(&g.key),
        Prop::Setter(s) => prop_name(&s.key),
        Prop::Assign(a) => Some(a.key.sym.to_string()),
        _ => None,
    }
}

/// The object literal `module.exports` is set to: written there, or a `const`
/// initialised with one and never changed.
fn exported_object<'a>(sem: &Semantic<'a>, e: &'a Expr) -> Option<&'a swc_ecma_ast::ObjectLit> {
    match unparen(e) {
        Expr::Object(o) => Some(o),
        Expr::Ident(i) => {
            let b = sem.bindings.get(i)?;
            if b.mutated || !b.member_assigns.is_empty() || !b.assigns.is_empty() || b.opaque_writes {
                return None;
            }
            match &b.decl {
                Decl::Var { init: Some(init), path, .. } if path.is_empty() => match unparen(init) {
                    Expr::Object(o) => Some(o),
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    }
}

/// `...require("./a")` in `module.exports = {..}`: the module spread.
fn spread_module<'a>(sem: &Semantic<'a>, e: &'a Expr) -> Option<String> {
    let Expr::Call(c) = unparen(e) else { return None };
    super::values::require_spec(sem, c)
}

/// A binding's constant value: never reassigned or changed in place.
fn binding_value<'a>(sem: &Semantic<'a>, i: &'a swc_ecma_ast::Ident) -> Option<Option<String>> {
    let b = sem.bindings.get(i)?;
    if !b.assigns.is_empty() || b.opaque_writes || b.mutated || !b.pushes.is_empty() || !b.member_assigns.is_empty() {
        return None;
    }
    match &b.decl {
        Decl::Var { init: Some(init), path, .. } if path.is_empty() => constant_value(sem, init),
        // `const { A } = require("./a")`, `import { A } from "./a"`: the other
        // file's summary has vetted an opaque constant already.
        Decl::Var { path, .. } if !path.is_empty() => constant_text(&super::values::ident_value(sem, i), false),
        Decl::Import { .. } => constant_text(&super::values::ident_value(sem, i), true),
        _ => None,
    }
}

/// `Some(text)` for a constant (`Some(None)`: constant, text not known).
fn constant_value<'a>(sem: &Semantic<'a>, e: &'a Expr) -> Option<Option<String>> {
    if let Expr::Ident(i) = unparen(e)
        && !sem.is_unresolved(i.ctxt)
    {
        return binding_value(sem, i);
    }
    if !is_scalar_expr(sem, e, 0) {
        return None;
    }
    // Only opaque constants of string-building expressions: a property read may
    // be an object.
    let opaque_ok = !matches!(unparen(e), Expr::Member(_) | Expr::Call(_));
    constant_text(&sem.shape(e), opaque_ok)
}

fn constant_text(shape: &super::Shape, opaque_ok: bool) -> Option<Option<String>> {
    if !shape.is_constant() {
        return None;
    }
    match shape.as_literal() {
        Some(t) => Some(Some(t)),
        None if opaque_ok => Some(None),
        None => None,
    }
}

/// Whether an exported value can be a string or number (not an object, array,
/// function or class, whose properties may hold anything).
fn is_scalar_expr(sem: &Semantic<'_>, e: &Expr, d: u32) -> bool {
    if d > MAX_ALIAS {
        return false;
    }
    match unparen(e) {
        Expr::Object(_)
        | Expr::Array(_)
        | Expr::Fn(_)
        | Expr::Arrow(_)
        | Expr::Class(_)
        | Expr::New(_)
        | Expr::Lit(swc_ecma_ast::Lit::Regex(_)) => false,
        Expr::Cond(c) => is_scalar_expr(sem, &c.cons, d + 1) && is_scalar_expr(sem, &c.alt, d + 1),
        Expr::Ident(i) => match sem.bindings.get(i).map(|b| &b.decl) {
            Some(Decl::Var { init: Some(init), path, .. }) if path.is_empty() => is_scalar_expr(sem, init, d + 1),
            Some(Decl::Var { path, .. }) => !path.is_empty(),
            Some(Decl::Import { .. }) => true,
            Some(_) => false,
            None => sem.is_unresolved(i.ctxt),
        },
        _ => true,
    }
}
