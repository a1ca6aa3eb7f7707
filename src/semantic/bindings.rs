//! Declarations, initialisers and assignments of every binding in a file, keyed by
//! the `Id` swc's resolver gives it (so shadowed names are different bindings).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use swc_common::{Span, SyntaxContext};
use swc_ecma_ast::*;

use super::ast::{self, VisitRef};
use super::syntax::unparen;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportName {
    Default,
    Namespace,
    Named(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Prop(String),
    Index(usize),
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    Untyped,
    /// Annotated `number`, `boolean` or a number/boolean literal type: cannot carry
    /// shell syntax.
    Scalar,
    Other,
}

#[derive(Debug)]
pub enum Decl<'a> {
    Import {
        module: String,
        name: ImportName,
        /// The specifier literal (quotes included).
        span: Span,
    },
    /// `var`/`let`/`const`, possibly destructured (`path` from the initialiser).
    Var {
        kind: VarDeclKind,
        init: Option<&'a Expr>,
        path: Vec<PathStep>,
    },
    Param {
        func: usize,
        index: usize,
        ty: ParamType,
        rest: bool,
    },
    Function {
        func: usize,
        node: &'a Function,
    },
    Class,
    /// `for (const x of iterable)`: one element of `iterable` at a time.
    LoopOf {
        iterable: &'a Expr,
    },
    /// A name with no useful value: catch parameter, enum, namespace, loop variable.
    Other,
}

#[derive(Debug)]
pub struct Binding<'a> {
    /// The resolved name (name and syntax context) this binding is stored under.
    pub id: Id,
    pub span: Span,
    pub decl: Decl<'a>,
    /// `x = e`, `x += e`, ... after the declaration.
    pub assigns: Vec<(AssignOp, &'a Expr)>,
    /// Assigned in a way whose value cannot be followed (destructuring, `for-in`, `++`).
    pub opaque_writes: bool,
    /// `x.key = e`
    pub member_assigns: Vec<(String, &'a Expr)>,
    /// Values added with `x.push(..)`, `x.unshift(..)`, `x.splice(i, n, ..)`.
    pub pushes: Vec<&'a Expr>,
    /// Changed in place in a way cplint does not follow (`x[i] = v`, `x.sort()`).
    pub mutated: bool,
    /// References other than as the callee of a direct call.
    pub escapes: u32,
    /// False while only uses have been seen (a hoisted `var`/`function` used before
    /// its declaration).
    declared: bool,
}

impl Binding<'_> {
    /// The name as written.
    pub fn name(&self) -> &str {
        self.id.0.as_str()
    }

    fn placeholder(id: &Ident) -> Self {
        Binding {
            id: id.to_id(),
            span: id.span,
            decl: Decl::Other,
            assigns: Vec::new(),
            opaque_writes: false,
            member_assigns: Vec::new(),
            escapes: 0,
            pushes: Vec::new(),
            mutated: false,
            declared: false,
        }
    }
}

/// A function (declaration, expression, arrow or method) with what we know of it.
#[derive(Debug)]
pub struct FuncMeta {
    pub name: Option<String>,
    /// The binding the function is declared as or assigned to (`function f`,
    /// `const f = () => ..`), when there is one.
    pub id: Option<Id>,
    /// Declared with `export`, `export default`, or assigned to `module.exports...`.
    pub exported_direct: bool,
    /// Method of a class: exported when the class is.
    pub class_id: Option<Id>,
    pub span: Span,
}

#[derive(Default)]
pub struct Bindings<'a> {
    /// Every binding, by its position in `list`: the index is what grows with the
    /// file (a few bytes an entry), not the bindings themselves.
    index: HashMap<Id, u32>,
    list: Vec<Binding<'a>>,
    pub funcs: Vec<FuncMeta>,
    /// Bindings exported by name (`export { a }`, `module.exports = { a }`, ...).
    pub exported: HashSet<Id>,
    /// Direct calls `f(...)` by the callee's binding.
    pub calls_of: HashMap<Id, Vec<&'a CallExpr>>,
    /// Modules loaded for their side effect: `import "m"` and `require("m");` as a
    /// statement, with the specifier literal's span (quotes included).
    pub side_effect_loads: Vec<(String, Span)>,
    /// Inline callbacks of `xs.forEach/map/flatMap/filter/some/every/find(..)` by
    /// their span: the array they iterate (`xs`).
    pub iterated: HashMap<Span, &'a Expr>,
    /// `new C(...)` by the constructor's binding.
    pub news_of: HashMap<Id, Vec<&'a NewExpr>>,
    /// Default values of parameters (`constructor(cp = require("child_process"))`).
    pub param_defaults: HashMap<Id, &'a Expr>,
    /// The class whose instance `this` is, by the `this` expression's start, for
    /// each `this.x` in a (non-static) method, constructor or field initialiser.
    pub this_class: HashMap<swc_common::BytePos, Id>,
    /// Writes of `this.x` in the methods of a class, by class and field.
    pub this_writes: HashMap<(Id, String), Vec<FieldWrite<'a>>>,
    /// A bundle's module table (webpack, ncc): the module id (`"81"`, `"19"`) of
    /// each entry `81: (module) => { module.exports = <value>; }`, with the value.
    pub bundled_modules: HashMap<String, &'a Expr>,
}

/// The value a bundled module's factory exports when its body is only
/// `module.exports = <value>` (after an optional `"use strict"`): webpack's and
/// ncc's entry for an external such as `child_process`.
fn bundled_export(e: &Expr) -> Option<&Expr> {
    let (param, stmts) = match unparen(e) {
        Expr::Arrow(a) => match (a.params.first(), &*a.body) {
            (Some(Pat::Ident(p)), ArrowFunctionBody::FunctionBody(b)) => (&p.id, b.stmts.as_slice()),
            _ => return None,
        },
        Expr::Fn(f) => match (f.function.params.first(), &f.function.body) {
            (Some(Param { pat: Pat::Ident(p), .. }), Some(b)) => (&p.id, b.stmts.as_slice()),
            _ => return None,
        },
        _ => return None,
    };
    let stmts = match stmts {
        [Stmt::Expr(d), rest @ ..] if matches!(unparen(&d.expr), Expr::Lit(Lit::Str(_))) => rest,
        all => all,
    };
    let [Stmt::Expr(only)] = stmts else { return None };
    let Expr::Assign(a) = unparen(&only.expr) else { return None };
    let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = &a.left else { return None };
    match (&*m.obj, &m.prop) {
        (Expr::Ident(o), MemberProp::Ident(p))
            if o.to_id() == param.to_id() && p.sym == *"exports" && a.op == AssignOp::Assign =>
        {
            Some(&a.right)
        }
        _ => None,
    }
}

/// One write of `this.x` inside a class.
#[derive(Debug, Clone, Copy)]
pub struct FieldWrite<'a> {
    pub value: FieldValue<'a>,
    /// Written by the constructor itself (not a method, not a nested function).
    pub in_constructor: bool,
    /// A plain `=` (not `+=`, ...).
    pub plain: bool,
}

#[derive(Debug, Clone, Copy)]
pub enum FieldValue<'a> {
    Expr(&'a Expr),
    /// A TypeScript parameter property: `constructor(private cp: Cp)`.
    Param(&'a Ident),
}

impl<'a> Bindings<'a> {
    pub fn collect(program: &'a Program, unresolved: SyntaxContext) -> Self {
        let mut c = Collector {
            b: Bindings::default(),
            unresolved,
            pending_fn: None,
            in_export: false,
            class_stack: Vec::new(),
            this_stack: Vec::new(),
            func_stack: Vec::new(),
            exported_fn_spans: HashSet::default(),
        };
        // About one binding per 30 bytes of dense code: one growth at most for most files.
        let span = swc_common::Spanned::span(program);
        let size = span.hi.0.saturating_sub(span.lo.0) as usize;
        c.b.index.reserve(size / 32);
        c.b.list.reserve(size / 32);
        ast::walk_program(&mut c, program);
        c.b
    }

    pub fn get(&self, id: &Ident) -> Option<&Binding<'a>> {
        self.by_id(&id.to_id())
    }

    /// The binding stored under a resolved name.
    pub fn by_id(&self, id: &Id) -> Option<&Binding<'a>> {
        self.index.get(id).and_then(|&i| self.list.get(i as usize))
    }

    fn by_id_mut(&mut self, id: &Id) -> Option<&mut Binding<'a>> {
        self.index.get(id).and_then(|&i| self.list.get_mut(i as usize))
    }

    /// Every binding of the file, in the order they were first seen.
    pub fn all(&self) -> impl Iterator<Item = &Binding<'a>> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn func_exported(&self, f: usize) -> bool {
        let Some(m) = self.funcs.get(f) else {
            return false;
        };
        m.exported_direct
            || m.id.as_ref().is_some_and(|id| self.exported.contains(id))
            || m.class_id.as_ref().is_some_and(|id| self.exported.contains(id))
    }
}

struct PendingFn {
    name: Option<String>,
    id: Option<Id>,
    exported: bool,
}

struct Collector<'a> {
    b: Bindings<'a>,
    unresolved: SyntaxContext,
    pending_fn: Option<PendingFn>,
    in_export: bool,
    class_stack: Vec<Option<Id>>,
    /// What `this` is where the walk is: an instance of a class (and whether in its
    /// constructor), or something else (`None`: a function's own `this`).
    this_stack: Vec<Option<(Id, bool)>>,
    func_stack: Vec<usize>,
    /// Spans of functions written directly in an exported object literal
    /// (`module.exports = { run(cmd) {..} }`).
    exported_fn_spans: HashSet<Span>,
}

fn is_fn_like(e: &Expr) -> bool {
    matches!(unparen(e), Expr::Fn(_) | Expr::Arrow(_) | Expr::Class(_))
}

fn prop_name(p: &PropName) -> Option<String> {
    match p {
        PropName::Ident(i) => Some(i.sym.as_str().to_owned()),
        PropName::Str(s) => Some(s.value.to_string_lossy().into_owned()),
        PropName::Num(n) => Some(n.value.to_string()),
        _ => None,
    }
}

fn param_type(ann: Option<&TsTypeAnn>) -> ParamType {
    let Some(ann) = ann else {
        return ParamType::Untyped;
    };
    match &*ann.type_ann {
        TsType::TsKeywordType(k) => match k.kind {
            TsKeywordTypeKind::TsNumberKeyword
            | TsKeywordTypeKind::TsBooleanKeyword
            | TsKeywordTypeKind::TsBigIntKeyword => ParamType::Scalar,
            _ => ParamType::Other,
        },
        TsType::TsLitType(l) => match l.lit {
            TsLit::Number(_) | TsLit::Bool(_) => ParamType::Scalar,
            _ => ParamType::Other,
        },
        _ => ParamType::Other,
    }
}

impl<'a> Collector<'a> {
    fn declare(&mut self, id: &Ident, decl: Decl<'a>) {
        let b = self.slot(id);
        if !b.declared {
            b.decl = decl;
            b.span = id.span;
            b.declared = true;
        }
    }

    /// The binding of a resolved identifier, created on first sight so that uses
    /// before a hoisted declaration are kept.
    fn slot(&mut self, id: &Ident) -> &mut Binding<'a> {
        let b = &mut self.b;
        let at = *b.index.entry(id.to_id()).or_insert_with(|| {
            b.list.push(Binding::placeholder(id));
            (b.list.len() - 1) as u32
        });
        &mut b.list[at as usize]
    }

    fn declare_pat(&mut self, pat: &'a Pat, mk: &dyn Fn(Vec<PathStep>) -> Decl<'a>, path: Vec<PathStep>) {
        match pat {
            Pat::Ident(b) => self.declare(&b.id, mk(path)),
            Pat::Array(a) => {
                for (i, el) in a.elems.iter().enumerate() {
                    let Some(el) = el else { continue };
                    let mut p = path.clone();
                    p.push(if matches!(el, Pat::Rest(_)) { PathStep::Unknown } else { PathStep::Index(i) });
                    self.declare_pat(el, mk, p);
                }
            }
            Pat::Object(o) => {
                for prop in &o.props {
                    match prop {
                        ObjectPatProp::KeyValue(kv) => {
                            let mut p = path.clone();
                            p.push(prop_name(&kv.key).map_or(PathStep::Unknown, PathStep::Prop));
                            self.declare_pat(&kv.value, mk, p);
                        }
                        ObjectPatProp::Assign(a) => {
                            let mut p = path.clone();
                            p.push(PathStep::Prop(a.key.id.sym.as_str().to_owned()));
                            self.declare(&a.key.id, mk(p));
                        }
                        ObjectPatProp::Rest(r) => {
                            let mut p = path.clone();
                            p.push(PathStep::Unknown);
                            self.declare_pat(&r.arg, mk, p);
                        }
                    }
                }
            }
            Pat::Rest(r) => {
                let mut p = path;
                p.push(PathStep::Unknown);
                self.declare_pat(&r.arg, mk, p);
            }
            Pat::Assign(a) => self.declare_pat(&a.left, mk, path),
            Pat::Expr(_) | Pat::Invalid(_) => {}
        }
    }

    fn declare_params(&mut self, func: usize, params: impl Iterator<Item = &'a Pat>) {
        for (index, pat) in params.enumerate() {
            let (inner, rest) = match pat {
                Pat::Rest(r) => (&*r.arg, true),
                _ => (pat, false),
            };
            let ty = match inner {
                Pat::Ident(b) => param_type(b.type_ann.as_deref()),
                Pat::Assign(a) => match &*a.left {
                    Pat::Ident(b) => param_type(b.type_ann.as_deref()),
                    _ => ParamType::Other,
                },
                _ => ParamType::Other,
            };
            if let Pat::Assign(a) = inner
                && let Pat::Ident(b) = &*a.left
            {
                self.b.param_defaults.insert(b.id.to_id(), &a.right);
            }
            let destructured = !matches!(inner, Pat::Ident(_) | Pat::Assign(_));
            let mk = |_p: Vec<PathStep>| {
                if destructured {
                    Decl::Param { func, index, ty: ParamType::Other, rest: true }
                } else {
                    Decl::Param { func, index, ty, rest }
                }
            };
            self.declare_pat(inner, &mk, Vec::new());
        }
    }

    fn new_func(&mut self, span: Span) -> usize {
        let pending = self.pending_fn.take();
        let (name, id, exported) = match pending {
            Some(p) => (p.name, p.id, p.exported),
            None => (None, None, false),
        };
        let exported = exported || self.exported_fn_spans.contains(&span);
        self.b.funcs.push(FuncMeta {
            name,
            id,
            exported_direct: exported,
            class_id: self.class_stack.last().cloned().flatten(),
            span,
        });
        self.b.funcs.len() - 1
    }

    fn mark_write(&mut self, target: &'a AssignTarget, op: AssignOp, right: &'a Expr) {
        match target {
            AssignTarget::Simple(SimpleAssignTarget::Ident(b)) if b.id.ctxt != self.unresolved => {
                self.slot(&b.id).assigns.push((op, right));
            }
            AssignTarget::Simple(SimpleAssignTarget::Member(m)) => {
                if let (Expr::This(_), MemberProp::Ident(p)) = (&*m.obj, &m.prop)
                    && let Some(Some((class, in_constructor))) = self.this_stack.last().cloned()
                {
                    let write =
                        FieldWrite { value: FieldValue::Expr(right), in_constructor, plain: op == AssignOp::Assign };
                    self.b.this_writes.entry((class, p.sym.as_str().to_owned())).or_default().push(write);
                }
                if let Expr::Ident(obj) = &*m.obj
                    && obj.ctxt != self.unresolved
                {
                    match &m.prop {
                        MemberProp::Ident(p) => self.slot(obj).member_assigns.push((p.sym.as_str().to_owned(), right)),
                        _ => {
                            let b = self.slot(obj);
                            b.mutated = true;
                            b.pushes.push(right);
                        }
                    }
                }
            }
            AssignTarget::Pat(p) => {
                let mut ids = Vec::new();
                collect_target_idents(p, &mut ids);
                for id in ids {
                    if let Some(binding) = self.b.by_id_mut(&id) {
                        binding.opaque_writes = true;
                    }
                }
            }
            _ => {}
        }
    }

    /// `module.exports = x`, `module.exports.a = x`, `exports.a = x`.
    fn module_exports_target(&self, target: &AssignTarget) -> Option<Option<String>> {
        let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = target else {
            return None;
        };
        let prop = match &m.prop {
            MemberProp::Ident(p) => Some(p.sym.as_str().to_owned()),
            _ => None,
        };
        match &*m.obj {
            Expr::Ident(o) if o.sym == *"module" && o.ctxt == self.unresolved => {
                (prop.as_deref() == Some("exports")).then_some(None)
            }
            Expr::Ident(o) if o.sym == *"exports" && o.ctxt == self.unresolved => Some(prop),
            Expr::Member(inner) => match (&*inner.obj, &inner.prop) {
                (Expr::Ident(o), MemberProp::Ident(p))
                    if o.sym == *"module" && o.ctxt == self.unresolved && p.sym == *"exports" =>
                {
                    Some(prop)
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn export_value(&mut self, e: &Expr) {
        if let Expr::Object(o) = unparen(e) {
            for p in &o.props {
                let PropOrSpread::Prop(p) = p else { continue };
                let span = match &**p {
                    Prop::Method(m) => Some(m.function.span),
                    Prop::KeyValue(kv) => match unparen(&kv.value) {
                        Expr::Fn(f) => Some(f.function.span),
                        Expr::Arrow(a) => Some(a.span),
                        _ => None,
                    },
                    _ => None,
                };
                self.exported_fn_spans.extend(span);
            }
        }
        match unparen(e) {
            Expr::Ident(i) => {
                self.b.exported.insert(i.to_id());
            }
            Expr::Object(o) => {
                for p in &o.props {
                    if let PropOrSpread::Prop(p) = p {
                        match &**p {
                            Prop::Shorthand(i) => {
                                self.b.exported.insert(i.to_id());
                            }
                            Prop::KeyValue(kv) => {
                                if let Expr::Ident(i) = unparen(&kv.value) {
                                    self.b.exported.insert(i.to_id());
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn collect_target_idents(p: &AssignTargetPat, out: &mut Vec<Id>) {
    fn pat(p: &Pat, out: &mut Vec<Id>) {
        match p {
            Pat::Ident(b) => out.push(b.id.to_id()),
            Pat::Array(a) => a.elems.iter().flatten().for_each(|e| pat(e, out)),
            Pat::Object(o) => {
                for prop in &o.props {
                    match prop {
                        ObjectPatProp::KeyValue(kv) => pat(&kv.value, out),
                        ObjectPatProp::Assign(a) => out.push(a.key.id.to_id()),
                        ObjectPatProp::Rest(r) => pat(&r.arg, out),
                    }
                }
            }
            Pat::Rest(r) => pat(&r.arg, out),
            Pat::Assign(a) => pat(&a.left, out),
            Pat::Expr(e) => {
                if let Expr::Ident(i) = &**e {
                    out.push(i.to_id())
                }
            }
            Pat::Invalid(_) => {}
        }
    }
    match p {
        AssignTargetPat::Array(a) => a.elems.iter().flatten().for_each(|e| pat(e, out)),
        AssignTargetPat::Object(o) => pat(&Pat::Object(o.clone()), out),
        AssignTargetPat::Invalid(_) => {}
    }
}

impl<'a> VisitRef<'a> for Collector<'a> {
    fn visit_expr_stmt(&mut self, n: &'a ExprStmt) {
        if let Expr::Call(c) = unparen(&n.expr)
            && let Callee::Expr(callee) = &c.callee
            && let Expr::Ident(r) = unparen(callee)
            && r.sym == *"require"
            && r.ctxt == self.unresolved
            && let [arg] = c.args.as_slice()
            && arg.spread.is_none()
            && let Expr::Lit(Lit::Str(s)) = unparen(&arg.expr)
        {
            self.b.side_effect_loads.push((s.value.to_string_lossy().into_owned(), s.span));
        }
        ast::walk_expr_stmt(self, n);
    }

    fn visit_import_decl(&mut self, n: &'a ImportDecl) {
        let module = n.src.value.to_string_lossy().into_owned();
        if n.specifiers.is_empty() && !n.type_only {
            self.b.side_effect_loads.push((module.clone(), n.src.span));
        }
        for s in &n.specifiers {
            let (local, name) = match s {
                ImportSpecifier::Named(s) => {
                    let imported = match &s.imported {
                        Some(ModuleExportName::Ident(i)) => i.sym.as_str().to_owned(),
                        Some(ModuleExportName::Str(s)) => s.value.to_string_lossy().into_owned(),
                        None => s.local.sym.as_str().to_owned(),
                    };
                    let name = if imported == "default" { ImportName::Default } else { ImportName::Named(imported) };
                    (&s.local, name)
                }
                ImportSpecifier::Default(s) => (&s.local, ImportName::Default),
                ImportSpecifier::Namespace(s) => (&s.local, ImportName::Namespace),
            };
            self.declare(local, Decl::Import { module: module.clone(), name, span: n.src.span });
        }
    }

    fn visit_ts_import_equals_decl(&mut self, n: &'a TsImportEqualsDecl) {
        if let TsModuleRef::TsExternalModuleRef(r) = &n.module_ref {
            let module = r.expr.value.to_string_lossy().into_owned();
            self.declare(&n.id, Decl::Import { module, name: ImportName::Namespace, span: r.expr.span });
        }
    }

    fn visit_var_decl(&mut self, n: &'a VarDecl) {
        let exported = self.in_export;
        self.in_export = false;
        for d in &n.decls {
            let init = d.init.as_deref();
            let kind = n.kind;
            let mk = |path: Vec<PathStep>| Decl::Var { kind, init, path };
            self.declare_pat(&d.name, &mk, Vec::new());
            if exported && let Pat::Ident(b) = &d.name {
                self.b.exported.insert(b.id.to_id());
            }
            if let (Pat::Ident(b), Some(init)) = (&d.name, init)
                && is_fn_like(init)
            {
                self.pending_fn =
                    Some(PendingFn { name: Some(b.id.sym.as_str().to_owned()), id: Some(b.id.to_id()), exported });
            }
            if let Some(init) = &d.init {
                self.visit_expr(init);
            }
            self.pending_fn = None;
        }
    }

    fn visit_fn_decl(&mut self, n: &'a FnDecl) {
        let exported = std::mem::take(&mut self.in_export);
        self.pending_fn =
            Some(PendingFn { name: Some(n.ident.sym.as_str().to_owned()), id: Some(n.ident.to_id()), exported });
        let func = self.new_func(n.function.span);
        self.declare(&n.ident, Decl::Function { func, node: &n.function });
        self.this_stack.push(None);
        self.visit_function_body(func, &n.function);
        self.this_stack.pop();
    }

    fn visit_fn_expr(&mut self, n: &'a FnExpr) {
        if let Some(id) = &n.ident
            && self.pending_fn.is_none()
        {
            self.pending_fn = Some(PendingFn { name: Some(id.sym.as_str().to_owned()), id: None, exported: false });
        }
        let func = self.new_func(n.function.span);
        if let Some(id) = &n.ident {
            self.declare(id, Decl::Function { func, node: &n.function });
        }
        self.this_stack.push(None);
        self.visit_function_body(func, &n.function);
        self.this_stack.pop();
    }

    fn visit_arrow_expr(&mut self, n: &'a ArrowExpr) {
        let func = self.new_func(n.span);
        self.declare_params(func, n.params.iter());
        self.func_stack.push(func);
        for p in &n.params {
            ast::walk_pat(self, p);
        }
        ast::walk_arrow_function_body(self, &n.body);
        self.func_stack.pop();
    }

    fn visit_class_decl(&mut self, n: &'a ClassDecl) {
        let exported = std::mem::take(&mut self.in_export);
        self.declare(&n.ident, Decl::Class);
        if exported {
            self.b.exported.insert(n.ident.to_id());
        }
        self.class_stack.push(Some(n.ident.to_id()));
        self.this_stack.push(Some((n.ident.to_id(), false)));
        ast::walk_class(self, &n.class);
        self.this_stack.pop();
        self.class_stack.pop();
    }

    fn visit_class_expr(&mut self, n: &'a ClassExpr) {
        let id = self.pending_fn.take().and_then(|p| p.id);
        if let Some(i) = &n.ident {
            self.declare(i, Decl::Class);
        }
        self.class_stack.push(id.clone());
        self.this_stack.push(id.map(|id| (id, false)));
        ast::walk_class(self, &n.class);
        self.this_stack.pop();
        self.class_stack.pop();
    }

    fn visit_class_method(&mut self, n: &'a ClassMethod) {
        self.pending_fn = Some(PendingFn { name: prop_name(&n.key), id: None, exported: false });
        let func = self.new_func(n.function.span);
        // A static method's `this` is the class, not an instance.
        let this = if n.is_static { None } else { self.class_stack.last().cloned().flatten().map(|c| (c, false)) };
        self.this_stack.push(this);
        self.visit_function_body(func, &n.function);
        self.this_stack.pop();
    }

    fn visit_method_prop(&mut self, n: &'a MethodProp) {
        if self.pending_fn.is_none() {
            self.pending_fn = Some(PendingFn { name: prop_name(&n.key), id: None, exported: false });
        }
        let func = self.new_func(n.function.span);
        self.this_stack.push(None);
        self.visit_function_body(func, &n.function);
        self.this_stack.pop();
    }

    fn visit_new_expr(&mut self, n: &'a NewExpr) {
        if let Expr::Ident(c) = unparen(&n.callee)
            && c.ctxt != self.unresolved
        {
            self.b.news_of.entry(c.to_id()).or_default().push(n);
        }
        ast::walk_new_expr(self, n);
    }

    fn visit_member_expr(&mut self, n: &'a MemberExpr) {
        if let Expr::This(t) = &*n.obj
            && let Some(Some((class, _))) = self.this_stack.last()
        {
            self.b.this_class.insert(t.span.lo, class.clone());
        }
        ast::walk_member_expr(self, n);
    }

    fn visit_constructor(&mut self, n: &'a Constructor) {
        self.pending_fn = Some(PendingFn { name: Some("constructor".into()), id: None, exported: false });
        let func = self.new_func(n.span);
        let class = self.class_stack.last().cloned().flatten();
        for (index, p) in n.params.iter().enumerate() {
            match p {
                ParamOrTsParamProp::Param(p) => {
                    if let Pat::Assign(a) = &p.pat
                        && let Pat::Ident(b) = &*a.left
                    {
                        self.b.param_defaults.insert(b.id.to_id(), &a.right);
                    }
                    let mk = |_| Decl::Param { func, index, ty: ParamType::Other, rest: false };
                    self.declare_pat(&p.pat, &mk, Vec::new());
                }
                ParamOrTsParamProp::TsParamProp(tp) => {
                    let (b, default) = match &tp.param {
                        TsParamPropParam::Ident(b) => (Some(b), None),
                        TsParamPropParam::Assign(a) => match &*a.left {
                            Pat::Ident(b) => (Some(b), Some(&*a.right)),
                            _ => (None, None),
                        },
                    };
                    if let Some(b) = b {
                        self.declare(&b.id, Decl::Param { func, index, ty: ParamType::Other, rest: false });
                        if let Some(d) = default {
                            self.b.param_defaults.insert(b.id.to_id(), d);
                        }
                        if let Some(c) = &class {
                            let write =
                                FieldWrite { value: FieldValue::Param(&b.id), in_constructor: true, plain: true };
                            self.b
                                .this_writes
                                .entry((c.clone(), b.id.sym.as_str().to_owned()))
                                .or_default()
                                .push(write);
                        }
                    }
                }
            }
        }
        self.func_stack.push(func);
        self.this_stack.push(class.map(|c| (c, true)));
        for p in &n.params {
            ast::walk_param_or_ts_param_prop(self, p);
        }
        if let Some(body) = &n.body {
            ast::walk_function_body(self, body);
        }
        self.this_stack.pop();
        self.func_stack.pop();
    }

    fn visit_key_value_prop(&mut self, n: &'a KeyValueProp) {
        let id = match &n.key {
            PropName::Num(k) => Some(k.value.to_string()),
            PropName::Str(k) => Some(k.value.to_string_lossy().into_owned()),
            _ => None,
        };
        if let Some(id) = id
            && let Some(v) = bundled_export(&n.value)
        {
            self.b.bundled_modules.insert(id, v);
        }
        if is_fn_like(&n.value) && self.pending_fn.is_none() {
            self.pending_fn = Some(PendingFn { name: prop_name(&n.key), id: None, exported: false });
        }
        self.visit_expr(&n.value);
        self.pending_fn = None;
    }

    /// webpack 4's module list: `[/* 0 */ function (module, exports) { .. }, ..]`.
    fn visit_array_lit(&mut self, n: &'a ArrayLit) {
        for (i, el) in n.elems.iter().enumerate() {
            if let Some(el) = el
                && el.spread.is_none()
                && let Some(v) = bundled_export(&el.expr)
            {
                self.b.bundled_modules.insert(i.to_string(), v);
            }
        }
        ast::walk_array_lit(self, n);
    }

    fn visit_catch_clause(&mut self, n: &'a CatchClause) {
        if let Some(p) = &n.param {
            self.declare_pat(p, &|_| Decl::Other, Vec::new());
        }
        ast::walk_block_stmt(self, &n.body);
    }

    fn visit_ts_enum_decl(&mut self, n: &'a TsEnumDecl) {
        self.declare(&n.id, Decl::Other);
        for m in &n.members {
            ast::walk_ts_enum_member(self, m);
        }
    }

    fn visit_export_decl(&mut self, n: &'a ExportDecl) {
        self.in_export = true;
        ast::walk_decl(self, &n.decl);
        self.in_export = false;
    }

    fn visit_export_default_decl(&mut self, n: &'a ExportDefaultDecl) {
        match &n.decl {
            DefaultDecl::Fn(f) => {
                self.pending_fn = Some(PendingFn {
                    name: Some(f.ident.as_ref().map_or("default".into(), |i| i.sym.as_str().to_owned())),
                    id: f.ident.as_ref().map(|i| i.to_id()),
                    exported: true,
                });
                let func = self.new_func(f.function.span);
                if let Some(id) = &f.ident {
                    self.declare(id, Decl::Function { func, node: &f.function });
                }
                self.visit_function_body(func, &f.function);
            }
            DefaultDecl::Class(c) => {
                if let Some(i) = &c.ident {
                    self.declare(i, Decl::Class);
                    self.b.exported.insert(i.to_id());
                }
                self.class_stack.push(c.ident.as_ref().map(|i| i.to_id()));
                ast::walk_class(self, &c.class);
                self.class_stack.pop();
            }
            DefaultDecl::TsInterfaceDecl(_) => {}
        }
    }

    fn visit_export_default_expr(&mut self, n: &'a ExportDefaultExpr) {
        self.export_value(&n.expr);
        if is_fn_like(&n.expr) {
            self.pending_fn = Some(PendingFn { name: Some("default".into()), id: None, exported: true });
        }
        self.visit_expr(&n.expr);
        self.pending_fn = None;
    }

    fn visit_named_export(&mut self, n: &'a NamedExport) {
        if n.src.is_some() {
            return;
        }
        for s in &n.specifiers {
            if let ExportSpecifier::Named(s) = s
                && let ModuleExportName::Ident(i) = &s.orig
            {
                self.b.exported.insert(i.to_id());
                // `export { exec }` uses the binding: a fix must not rename it away.
                if i.ctxt != self.unresolved {
                    self.slot(i).escapes += 1;
                }
            }
        }
    }

    fn visit_assign_expr(&mut self, n: &'a AssignExpr) {
        // Visit the right side first so `x = x + 1` records the read before the write.
        if let Some(prop) = self.module_exports_target(&n.left) {
            if prop.is_none() {
                self.export_value(&n.right);
            } else if let Expr::Ident(i) = unparen(&n.right) {
                self.b.exported.insert(i.to_id());
            }
            if is_fn_like(&n.right) {
                self.pending_fn =
                    Some(PendingFn { name: prop.or(Some("module.exports".into())), id: None, exported: true });
            }
        } else if is_fn_like(&n.right) {
            let name = match &n.left {
                AssignTarget::Simple(SimpleAssignTarget::Ident(b)) => {
                    Some((b.id.sym.as_str().to_owned(), Some(b.id.to_id())))
                }
                AssignTarget::Simple(SimpleAssignTarget::Member(m)) => match &m.prop {
                    MemberProp::Ident(p) => Some((p.sym.as_str().to_owned(), None)),
                    _ => None,
                },
                _ => None,
            };
            if let Some((name, id)) = name {
                self.pending_fn = Some(PendingFn { name: Some(name), id, exported: false });
            }
        }
        self.visit_expr(&n.right);
        self.pending_fn = None;
        ast::walk_assign_target(self, &n.left);
        self.mark_write(&n.left, n.op, &n.right);
    }

    fn visit_update_expr(&mut self, n: &'a UpdateExpr) {
        if let Expr::Ident(i) = &*n.arg
            && i.ctxt != self.unresolved
        {
            self.slot(i).opaque_writes = true;
        }
        self.visit_expr(&n.arg);
    }

    fn visit_for_in_stmt(&mut self, n: &'a ForInStmt) {
        self.loop_head(&n.left);
        ast::walk_for_head(self, &n.left);
        self.visit_expr(&n.right);
        ast::walk_stmt(self, &n.body);
    }

    fn visit_for_of_stmt(&mut self, n: &'a ForOfStmt) {
        if let ForHead::VarDecl(v) = &n.left
            && let [VarDeclarator { name: Pat::Ident(b), .. }] = v.decls.as_slice()
        {
            self.declare(&b.id, Decl::LoopOf { iterable: &n.right });
        }
        self.loop_head(&n.left);
        ast::walk_for_head(self, &n.left);
        self.visit_expr(&n.right);
        ast::walk_stmt(self, &n.body);
    }

    fn visit_call_expr(&mut self, n: &'a CallExpr) {
        if let Callee::Expr(e) = &n.callee {
            if let Expr::Member(m) = &**e
                && let MemberProp::Ident(method) = &m.prop
                && matches!(&*method.sym, "forEach" | "map" | "flatMap" | "filter" | "some" | "every" | "find")
                && let Some(f) = n.args.first()
                && f.spread.is_none()
            {
                match unparen(&f.expr) {
                    Expr::Arrow(a) => {
                        self.b.iterated.insert(a.span, &m.obj);
                    }
                    Expr::Fn(fe) => {
                        self.b.iterated.insert(fe.function.span, &m.obj);
                    }
                    _ => {}
                }
            }
            if let Expr::Member(m) = &**e
                && let (Expr::Ident(obj), MemberProp::Ident(method)) = (unparen(&m.obj), &m.prop)
                && obj.ctxt != self.unresolved
            {
                match &*method.sym {
                    "push" | "unshift" => {
                        let b = self.slot(obj);
                        b.pushes.extend(n.args.iter().map(|a| &*a.expr));
                        if n.args.iter().any(|a| a.spread.is_some()) {
                            b.mutated = true;
                        }
                    }
                    "splice" => {
                        let b = self.slot(obj);
                        b.pushes.extend(n.args.iter().skip(2).map(|a| &*a.expr));
                    }
                    "sort" | "reverse" | "fill" | "copyWithin" => self.slot(obj).mutated = true,
                    _ => {}
                }
            }
            if let Expr::Ident(i) = &**e {
                self.b.calls_of.entry(i.to_id()).or_default().push(n);
                // The callee itself is not an escape.
                for a in &n.args {
                    ast::walk_expr_or_spread(self, a);
                }
                if let Some(t) = &n.type_args {
                    ast::walk_ts_type_param_instantiation(self, t);
                }
                return;
            }
        }
        ast::walk_call_expr(self, n);
    }

    /// A declaration is not a use: only references are counted in `escapes`.
    fn visit_binding_ident(&mut self, n: &'a BindingIdent) {
        if let Some(t) = &n.type_ann {
            ast::walk_ts_type_ann(self, t);
        }
    }

    fn visit_ident(&mut self, n: &'a Ident) {
        if n.ctxt != self.unresolved {
            self.slot(n).escapes += 1;
        }
    }

    fn visit_expr(&mut self, n: &'a Expr) {
        // Expressions nested deeper than any real program are not analysed further;
        // the parse step already refuses files nested beyond what the stack allows.
        ast::walk_expr(self, n);
    }
}

impl<'a> Collector<'a> {
    fn visit_function_body(&mut self, func: usize, f: &'a Function) {
        self.declare_params(func, f.params.iter().map(|p| &p.pat));
        self.func_stack.push(func);
        for p in &f.params {
            ast::walk_param(self, p);
        }
        if let Some(body) = &f.body {
            ast::walk_function_body(self, body);
        }
        self.func_stack.pop();
    }

    fn loop_head(&mut self, head: &'a ForHead) {
        match head {
            ForHead::VarDecl(v) => {
                for d in &v.decls {
                    self.declare_pat(&d.name, &|_| Decl::Other, Vec::new());
                }
            }
            ForHead::Pat(p) => {
                if let Pat::Ident(b) = &**p
                    && let Some(binding) = self.b.by_id_mut(&b.id.to_id())
                {
                    binding.opaque_writes = true;
                }
            }
            ForHead::UsingDecl(_) => {}
        }
    }
}

/// An anchored regex whose every match is free of shell syntax: `^\d+$`,
/// `^[a-z0-9_-]+$`, `^(?:tcp|udp)$`.
pub fn regex_is_plain_token(pattern: &str) -> bool {
    let Some(body) = pattern.strip_prefix('^').and_then(|p| p.strip_suffix('$')) else {
        return false;
    };
    regex_body_is_plain(body)
}

/// Whatever a regex with this pattern matches (anchored or not) is free of shell
/// syntax: `disk\\d+`, `^[0-9]+`, `[a-z_]+`.
pub fn regex_matches_are_plain(pattern: &str) -> bool {
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let body = body.strip_suffix('$').unwrap_or(body);
    !body.is_empty() && regex_body_is_plain(body)
}

fn regex_body_is_plain(body: &str) -> bool {
    let mut chars = body.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('d' | 'w' | '-' | '.' | '/' | '_' | ':' | '+' | '@' | '=' | ',') => {}
                _ => return false,
            },
            '[' if !in_class => {
                if chars.peek() == Some(&'^') {
                    return false;
                }
                in_class = true;
            }
            ']' if in_class => in_class = false,
            '.' if !in_class => return false,
            '(' | ')' | '?' | ':' | '|' | '*' | '+' | '{' | '}' | ',' if !in_class => {}
            c if c.is_ascii_alphanumeric() => {}
            '-' | '_' | '.' | '/' | ':' | '@' | '=' | '+' | ',' | '%' => {}
            _ => return false,
        }
    }
    !in_class
}
