//! The exported functions of a file, read from its top level as real code writes
//! them:
//!
//! - ES modules: `export function f`, `export const f = (..) => ..`,
//!   `export default function`, `export default f`, `export { f, g as h }`;
//! - CommonJS (and the tsc/Babel/esbuild output of ES modules):
//!   `module.exports = f`, `module.exports = { f, g: h, m() {} }`,
//!   `exports.f = ..`, `module.exports.f = ..`.
//!
//! An export is followed to its function through `const` bindings and function
//! declarations. Used by the cross-file summary ([`super::exports`]) and by the
//! Next.js route handlers of [`super::sources`].

use rustc_hash::FxHashMap as HashMap;
use swc_common::Span;
use swc_ecma_ast::{
    AssignTarget, DefaultDecl, Expr, MemberProp, ModuleDecl, ModuleExportName, ModuleItem, Program, Prop, PropName,
    PropOrSpread, SimpleAssignTarget, Stmt,
};

use super::syntax::{member_name, unparen};
use super::{Decl, Semantic};

/// How deep a `const` chain is followed from an export to its function.
pub(super) const MAX_ALIAS: u32 = 16;

/// The exported functions of the file: (export name, `None` for the module value
/// or default export; index into the function table).
pub fn exported_functions(sem: &Semantic<'_>) -> Vec<(Option<String>, usize)> {
    let by_span: HashMap<Span, usize> = sem.bindings.funcs.iter().enumerate().map(|(i, f)| (f.span, i)).collect();
    let mut out = Vec::new();
    let add = |out: &mut Vec<(Option<String>, usize)>, name: Option<String>, e: Option<&Expr>| {
        if let Some(f) = e.and_then(|e| func_of(sem, &by_span, e, 0)) {
            out.push((name, f));
        }
    };
    let stmts: Vec<&Stmt> = match sem.program {
        Program::Script(s) => s.body.iter().collect(),
        Program::Module(m) => {
            for item in &m.body {
                let ModuleItem::ModuleDecl(d) = item else { continue };
                match d {
                    ModuleDecl::ExportDecl(e) => match &e.decl {
                        swc_ecma_ast::Decl::Fn(f) => {
                            if let Some(&i) = by_span.get(&f.function.span) {
                                out.push((Some(f.ident.sym.as_str().to_owned()), i));
                            }
                        }
                        swc_ecma_ast::Decl::Var(v) => {
                            for d in &v.decls {
                                if let swc_ecma_ast::Pat::Ident(b) = &d.name {
                                    add(&mut out, Some(b.id.sym.as_str().to_owned()), d.init.as_deref());
                                }
                            }
                        }
                        _ => {}
                    },
                    ModuleDecl::ExportDefaultDecl(e) => {
                        if let DefaultDecl::Fn(f) = &e.decl
                            && let Some(&i) = by_span.get(&f.function.span)
                        {
                            out.push((None, i));
                        }
                    }
                    ModuleDecl::ExportDefaultExpr(e) => add(&mut out, None, Some(&e.expr)),
                    ModuleDecl::ExportNamed(n) if n.src.is_none() => {
                        for s in &n.specifiers {
                            let swc_ecma_ast::ExportSpecifier::Named(s) = s else { continue };
                            let ModuleExportName::Ident(orig) = &s.orig else { continue };
                            let name = match &s.exported {
                                Some(ModuleExportName::Ident(i)) => i.sym.as_str().to_owned(),
                                Some(ModuleExportName::Str(s)) => s.value.to_string_lossy().into_owned(),
                                None => orig.sym.as_str().to_owned(),
                            };
                            let name = (name != "default").then_some(name);
                            if let Some(f) = ident_func(sem, &by_span, orig, 0) {
                                out.push((name, f));
                            }
                        }
                    }
                    _ => {}
                }
            }
            module_stmts(m)
        }
    };
    for s in stmts {
        let Stmt::Expr(e) = s else { continue };
        let Expr::Assign(a) = unparen(&e.expr) else { continue };
        if a.op != swc_ecma_ast::AssignOp::Assign {
            continue;
        }
        let Some(target) = exports_target(sem, &a.left) else { continue };
        match (target, unparen(&a.right)) {
            // `module.exports = { f, g: h, m() {} }`
            (None, Expr::Object(o)) => {
                for p in &o.props {
                    let PropOrSpread::Prop(p) = p else { continue };
                    match &**p {
                        Prop::Shorthand(i) => {
                            if let Some(f) = ident_func(sem, &by_span, i, 0) {
                                out.push((Some(i.sym.as_str().to_owned()), f));
                            }
                        }
                        Prop::KeyValue(kv) => {
                            if let Some(k) = prop_name(&kv.key) {
                                add(&mut out, Some(k), Some(&kv.value));
                            }
                        }
                        Prop::Method(m) => {
                            if let (Some(k), Some(&i)) = (prop_name(&m.key), by_span.get(&m.function.span)) {
                                out.push((Some(k), i));
                            }
                        }
                        _ => {}
                    }
                }
            }
            (name, right) => add(&mut out, name, Some(right)),
        }
    }
    out
}

/// The statements of a module's top level (its declarations left out).
pub(super) fn module_stmts(m: &swc_ecma_ast::Module) -> Vec<&Stmt> {
    m.body
        .iter()
        .filter_map(|i| match i {
            ModuleItem::Stmt(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// `module.exports` (`Some(None)`), `exports.f` / `module.exports.f` (`Some(Some("f"))`),
/// when `module`/`exports` are the CommonJS globals (not shadowed).
pub(super) fn exports_target(sem: &Semantic<'_>, left: &AssignTarget) -> Option<Option<String>> {
    let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = left else { return None };
    let prop = member_name(&m.prop)?;
    let is_global =
        |e: &Expr, name: &str| matches!(unparen(e), Expr::Ident(i) if i.sym == *name && sem.is_unresolved(i.ctxt));
    let is_module_exports = |e: &Expr| match unparen(e) {
        Expr::Member(inner) => {
            is_global(&inner.obj, "module") && matches!(&inner.prop, MemberProp::Ident(p) if p.sym == *"exports")
        }
        _ => false,
    };
    if is_global(&m.obj, "module") && prop == "exports" {
        return Some(None);
    }
    if is_global(&m.obj, "exports") || is_module_exports(&m.obj) {
        return Some((prop != "default").then(|| prop.to_string()));
    }
    None
}

pub(super) fn prop_name(p: &PropName) -> Option<String> {
    match p {
        PropName::Ident(i) => Some(i.sym.as_str().to_owned()),
        PropName::Str(s) => Some(s.value.to_string_lossy().into_owned()),
        _ => None,
    }
}

/// The function an exported expression is: a function or arrow expression, or a
/// name bound to one.
fn func_of(sem: &Semantic<'_>, by_span: &HashMap<Span, usize>, e: &Expr, d: u32) -> Option<usize> {
    match unparen(e) {
        Expr::Fn(f) => by_span.get(&f.function.span).copied(),
        Expr::Arrow(a) => by_span.get(&a.span).copied(),
        Expr::Ident(i) => ident_func(sem, by_span, i, d),
        _ => None,
    }
}

fn ident_func(sem: &Semantic<'_>, by_span: &HashMap<Span, usize>, i: &swc_ecma_ast::Ident, d: u32) -> Option<usize> {
    if d > MAX_ALIAS {
        return None;
    }
    let b = sem.bindings.get(i)?;
    if !b.assigns.is_empty() || b.opaque_writes {
        return None;
    }
    match &b.decl {
        Decl::Function { func, .. } => Some(*func),
        Decl::Var { init: Some(e), path, .. } if path.is_empty() => func_of(sem, by_span, e, d + 1),
        _ => None,
    }
}
