//! Constant folding. A string-valued expression folds to a [`Shape`]: literal text,
//! opaque constants (`__dirname`), and holes that say where an unknown part comes
//! from and whether it was quoted. Options objects fold to [`Props`].

use swc_common::{DUMMY_SP, Span, Spanned};
use swc_ecma_ast::*;

use super::bindings::{Decl, ImportName, ParamType, PathStep};
use super::resolve::{Sym, member_name, unparen};
use super::{Semantic, sources};
use crate::models;

const MAX_DEPTH: u32 = 48;
/// Same-file calls folded with their arguments, per file.
const CALL_BUDGET: u32 = 4096;

/// Where a non-constant value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Param {
        name: String,
        func: Option<String>,
        exported: bool,
    },
    /// HTTP request data ([`super::sources`]).
    Request(String),
    /// `process.argv`.
    Argv(String),
    /// Command-line arguments from a parser (`yargs`, `commander`, ...).
    ParsedArg {
        text: String,
        parser: &'static str,
    },
    Env(String),
    /// `@actions/core`'s `getInput`: set by the workflow.
    ActionsInput(String),
    /// `@actions/github`'s `context.payload`: the event (issue titles, branch
    /// names), which whoever opens the issue or pull request writes.
    ActionsPayload(String),
    /// Read from stdin.
    Stdin(String),
    Unknown(String),
}

impl sources::Source {
    /// The origin of a value from this source, shown as `text`.
    pub fn origin(self, text: String) -> Origin {
        use sources::Source;
        match self {
            Source::Request => Origin::Request(text),
            Source::Argv(parser) => Origin::ParsedArg { text, parser },
            Source::Env(_) => Origin::Env(text),
            Source::ActionsInput => Origin::ActionsInput(text),
            Source::ActionsPayload => Origin::ActionsPayload(text),
            Source::Stdin => Origin::Stdin(text),
        }
    }
}

impl Origin {
    /// The same origin, for a value derived from this one and shown as `text`.
    fn renamed(&self, text: String) -> Origin {
        match self {
            Origin::Param { func, exported, .. } => {
                Origin::Param { name: text, func: func.clone(), exported: *exported }
            }
            Origin::Request(_) => Origin::Request(text),
            Origin::Argv(_) => Origin::Argv(text),
            Origin::ParsedArg { parser, .. } => Origin::ParsedArg { text, parser },
            Origin::Env(_) => Origin::Env(text),
            Origin::ActionsInput(_) => Origin::ActionsInput(text),
            Origin::ActionsPayload(_) => Origin::ActionsPayload(text),
            Origin::Stdin(_) => Origin::Stdin(text),
            Origin::Unknown(_) => Origin::Unknown(text),
        }
    }

    /// A named source: the request, the command line, the environment, a
    /// GitHub Actions input or event, stdin.
    pub fn is_named_source(&self) -> bool {
        !matches!(self, Origin::Param { .. } | Origin::Unknown(_))
    }

    /// Attacker-controlled: HTTP request data, or a GitHub event's payload.
    pub fn is_untrusted(&self) -> bool {
        matches!(self, Origin::Request(_) | Origin::ActionsPayload(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoleSafety {
    /// Could carry shell syntax.
    Unsafe,
    /// Passed through a recognised shell-quoting function.
    Quoted,
    /// A number or boolean: cannot carry shell syntax.
    Scalar,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hole {
    pub span: Span,
    pub origin: Origin,
    pub safety: HoleSafety,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Lit(String),
    /// A constant whose text cplint does not compute (`__dirname`, `path.join(..)`, a
    /// choice between constants). Not attacker-controlled.
    Opaque(String),
    Hole(Hole),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    pub parts: Vec<Part>,
}

impl Shape {
    fn lit(s: impl Into<String>) -> Self {
        Shape { parts: vec![Part::Lit(s.into())] }
    }
    fn opaque(s: impl Into<String>) -> Self {
        Shape { parts: vec![Part::Opaque(s.into())] }
    }
    fn hole(span: Span, origin: Origin, safety: HoleSafety) -> Self {
        Shape { parts: vec![Part::Hole(Hole { span, origin, safety })] }
    }
    fn push(&mut self, other: Shape) {
        for p in other.parts {
            match (self.parts.last_mut(), p) {
                (Some(Part::Lit(a)), Part::Lit(b)) => a.push_str(&b),
                (_, p) => self.parts.push(p),
            }
        }
    }
    /// No holes at all: the value is fixed by the program text.
    pub fn is_constant(&self) -> bool {
        !self.parts.iter().any(|p| matches!(p, Part::Hole(_)))
    }
    /// The full text, when every part is literal.
    pub fn as_literal(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Lit(l) => s.push_str(l),
                _ => return None,
            }
        }
        Some(s)
    }
    pub fn holes(&self) -> impl Iterator<Item = &Hole> {
        self.parts.iter().filter_map(|p| match p {
            Part::Hole(h) => Some(h),
            _ => None,
        })
    }
    pub fn unsafe_holes(&self) -> impl Iterator<Item = &Hole> {
        self.holes().filter(|h| h.safety == HoleSafety::Unsafe)
    }
    /// Collapse a constant shape to one opaque part (for choices between constants).
    fn opaque_if_constant(self, text: &str) -> Self {
        if self.is_constant() && self.as_literal().is_none() { Shape::opaque(text) } else { self }
    }
}

/// Truthiness of a value known at lint time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

/// One property of an options object.
#[derive(Debug, Clone)]
pub struct PropEntry<'a> {
    pub key: String,
    pub span: Span,
    /// `None` when the value is not an expression we can read (getter, method).
    pub value: Option<PropValue<'a>>,
}

#[derive(Debug, Clone, Copy)]
pub enum PropValue<'a> {
    Expr(&'a Expr),
    Ident(&'a Ident),
}

#[derive(Debug, Clone)]
pub enum Props<'a> {
    Known(Vec<PropEntry<'a>>),
    Unknown,
}

impl<'a> Props<'a> {
    pub fn get(&self, key: &str) -> Option<&PropEntry<'a>> {
        match self {
            Props::Known(v) => v.iter().rev().find(|p| p.key == key),
            Props::Unknown => None,
        }
    }
}

fn num_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

fn root_ident(e: &Expr) -> Option<&Ident> {
    match unparen(e) {
        Expr::Ident(i) => Some(i),
        Expr::Member(m) => root_ident(&m.obj),
        Expr::OptChain(o) => match &*o.base {
            OptChainBase::Member(m) => root_ident(&m.obj),
            OptChainBase::Call(_) => None,
        },
        _ => None,
    }
}

pub fn shape_of<'a>(sem: &Semantic<'a>, e: &'a Expr, depth: u32) -> Shape {
    let span = e.span();
    if depth > MAX_DEPTH {
        return Shape::hole(span, Origin::Unknown(sem.snippet(span, 40)), HoleSafety::Unsafe);
    }
    let d = depth + 1;
    let unknown = || Shape::hole(span, Origin::Unknown(sem.snippet(span, 40)), HoleSafety::Unsafe);
    let scalar = || Shape::hole(span, Origin::Unknown(sem.snippet(span, 40)), HoleSafety::Scalar);
    match e {
        Expr::Paren(_)
        | Expr::TsAs(_)
        | Expr::TsNonNull(_)
        | Expr::TsSatisfies(_)
        | Expr::TsTypeAssertion(_)
        | Expr::TsConstAssertion(_)
        | Expr::Seq(_) => {
            let inner = unparen(e);
            if std::ptr::eq(inner, e) { unknown() } else { shape_of(sem, inner, d) }
        }
        Expr::Lit(Lit::Str(s)) => Shape::lit(s.value.to_string_lossy()),
        Expr::Lit(Lit::Num(n)) => Shape::lit(num_text(n.value)),
        Expr::Lit(Lit::Bool(b)) => Shape::lit(if b.value { "true" } else { "false" }),
        Expr::Lit(Lit::Null(_)) => Shape::lit("null"),
        Expr::Lit(_) => Shape::opaque(sem.snippet(span, 40)),
        Expr::Tpl(t) => {
            let mut out = Shape::default();
            for (i, q) in t.quasis.iter().enumerate() {
                let text = q.cooked.as_ref().map_or_else(|| q.raw.to_string(), |c| c.to_string_lossy().into_owned());
                out.push(Shape::lit(text));
                if let Some(ex) = t.exprs.get(i) {
                    out.push(shape_of(sem, ex, d));
                }
            }
            out
        }
        Expr::Bin(b) => match b.op {
            BinaryOp::Add => {
                // `a + b + c + ...` is a left-leaning chain that can be thousands deep
                // in generated code: walk its spine with a loop, not recursion.
                let mut operands = vec![&*b.right];
                let mut left = &*b.left;
                while let Expr::Bin(inner) = left {
                    if inner.op != BinaryOp::Add {
                        break;
                    }
                    operands.push(&inner.right);
                    left = &inner.left;
                }
                operands.push(left);
                let mut out = Shape::default();
                for e in operands.into_iter().rev() {
                    out.push(shape_of(sem, e, d));
                }
                out
            }
            BinaryOp::LogicalOr | BinaryOp::LogicalAnd | BinaryOp::NullishCoalescing => {
                let l = shape_of(sem, &b.left, d);
                let r = shape_of(sem, &b.right, d);
                match (l.is_constant(), r.is_constant()) {
                    (true, true) => Shape::opaque(sem.snippet(span, 40)),
                    (false, _) => l,
                    (true, false) => r,
                }
            }
            _ => scalar(),
        },
        Expr::Cond(c) => {
            let a = shape_of(sem, &c.cons, d);
            let b = shape_of(sem, &c.alt, d);
            match (a.is_constant(), b.is_constant()) {
                (true, true) => {
                    if a == b {
                        a
                    } else {
                        Shape::opaque(sem.snippet(span, 40))
                    }
                }
                (false, true) => a,
                (true, false) => b,
                (false, false) => {
                    let mut a = a;
                    a.push(b);
                    a
                }
            }
        }
        Expr::Unary(u) => match u.op {
            UnaryOp::TypeOf => Shape::opaque("typeof"),
            UnaryOp::Void => Shape::lit("undefined"),
            _ => scalar(),
        },
        Expr::Update(_) => scalar(),
        Expr::Array(a) => {
            // `${[a, b]}` joins with commas.
            let mut out = Shape::default();
            for (i, el) in a.elems.iter().enumerate() {
                if i > 0 {
                    out.push(Shape::lit(","));
                }
                match el {
                    Some(el) if el.spread.is_none() => out.push(shape_of(sem, &el.expr, d)),
                    Some(_) => return unknown(),
                    None => {}
                }
            }
            out.opaque_if_constant(&sem.snippet(span, 40))
        }
        Expr::Object(_) | Expr::Fn(_) | Expr::Arrow(_) | Expr::Class(_) => Shape::opaque(sem.snippet(span, 20)),
        Expr::Assign(a) if a.op == AssignOp::Assign => shape_of(sem, &a.right, d),
        Expr::MetaProp(_) => Shape::opaque(sem.snippet(span, 40)),
        Expr::Ident(i) => ident_shape(sem, i, span, d),
        Expr::Member(m) => member_shape(sem, e, m, span, d),
        Expr::Call(c) => call_shape(sem, e, c, span, d),
        // `await request.json()`: what a source's promise resolves to is the source's.
        Expr::Await(a) => {
            let s = shape_of(sem, &a.arg, d);
            match s.holes().find(|h| h.origin.is_named_source()) {
                Some(h) => Shape::hole(span, h.origin.renamed(sem.snippet(span, 40)), HoleSafety::Unsafe),
                None => unknown(),
            }
        }
        Expr::New(n) => match unparen(&n.callee) {
            Expr::Ident(i) if sem.is_unresolved(i.ctxt) && matches!(&*i.sym, "Date" | "Number") => scalar(),
            _ => unknown(),
        },
        // `req.query?.ref`, `CMDS?.list`: read as the member itself (`?.` only
        // changes what a missing object gives: `undefined` instead of a throw).
        Expr::OptChain(o) => match &*o.base {
            OptChainBase::Member(m) => member_shape(sem, e, m, span, d),
            OptChainBase::Call(_) => unknown(),
        },
        _ => unknown(),
    }
}

/// The value of a name where it is declared or used.
pub(super) fn ident_value<'a>(sem: &Semantic<'a>, i: &'a Ident) -> Shape {
    ident_shape(sem, i, i.span, 0)
}

fn ident_shape<'a>(sem: &Semantic<'a>, i: &'a Ident, span: Span, d: u32) -> Shape {
    if sem.is_unresolved(i.ctxt) {
        return ident_shape_uncached(sem, i, span, d);
    }
    // Checked on this path by a guard that rejects shell syntax.
    if span != DUMMY_SP && sem.is_guarded_ident(i, span) {
        return Shape::hole(span, Origin::Unknown(i.sym.as_str().to_owned()), HoleSafety::Scalar);
    }
    // Inside a same-file call being folded with its arguments, values may depend
    // on that call's arguments: nothing is read from or written to the cache.
    if !sem.call_env.borrow().is_empty() {
        let id = i.to_id();
        if !sem.in_progress.borrow_mut().insert(id.clone()) {
            return Shape::default();
        }
        let s = ident_shape_uncached(sem, i, span, d);
        sem.in_progress.borrow_mut().remove(&id);
        return s;
    }
    let id = i.to_id();
    let cached = sem.shape_cache.borrow().get(&id).cloned();
    let shape = match cached {
        Some(s) => s,
        None => {
            if !sem.in_progress.borrow_mut().insert(id.clone()) {
                // A value built from itself (`s = s + part`): its other sources are
                // folded where the cycle started, so the self-reference adds nothing.
                return Shape::default();
            }
            let s = ident_shape_uncached(sem, i, DUMMY_SP, d);
            sem.in_progress.borrow_mut().remove(&id);
            sem.shape_cache.borrow_mut().insert(id, s.clone());
            s
        }
    };
    let mut shape = shape;
    for p in &mut shape.parts {
        if let Part::Hole(h) = p
            && h.span == DUMMY_SP
        {
            h.span = span;
        }
    }
    shape
}

fn ident_shape_uncached<'a>(sem: &Semantic<'a>, i: &'a Ident, span: Span, d: u32) -> Shape {
    let name = i.sym.as_str().to_owned();
    if sem.is_unresolved(i.ctxt) {
        return match &*name {
            "__dirname" | "__filename" => Shape::opaque(name),
            "undefined" => Shape::lit("undefined"),
            "NaN" | "Infinity" => Shape::lit(name),
            _ => Shape::hole(span, Origin::Unknown(name), HoleSafety::Unsafe),
        };
    }
    let Some(b) = sem.bindings.get(i) else {
        return Shape::hole(span, Origin::Unknown(name), HoleSafety::Unsafe);
    };
    // A value reassigned with a quoting call anywhere counts as quoted.
    if b.assigns.iter().any(|(_, e)| is_quoting_call(sem, e)) {
        return Shape::hole(span, Origin::Unknown(name), HoleSafety::Quoted);
    }
    if b.mutated {
        return Shape::hole(span, Origin::Unknown(name), HoleSafety::Unsafe);
    }
    if !b.pushes.is_empty() {
        // An array filled with `push`: its initial elements and everything pushed.
        let mut out = match (&b.decl, sem.binding_value(i)) {
            (Decl::Var { .. }, Some((value, []))) => shape_of(sem, value, d),
            (Decl::Var { .. }, _) => Shape::hole(span, Origin::Unknown(name.clone()), HoleSafety::Unsafe),
            _ => ident_param_or_other(sem, b, i, span, d),
        };
        for e in &b.pushes {
            out.push(Shape::lit(" "));
            out.push(shape_of(sem, e, d));
        }
        return out;
    }
    match &b.decl {
        Decl::Var { init, path, .. } => {
            if let Some((value, path)) = sem.binding_value(i) {
                return follow_path(sem, value, path, span, &name, d);
            }
            // Several assignments: constant when every one of them is.
            if b.opaque_writes || !path.is_empty() {
                return Shape::hole(span, Origin::Unknown(name), HoleSafety::Unsafe);
            }
            // The initial value, then `+=` appends in order; a plain `=` elsewhere
            // contributes only its unknown parts (cplint does not order statements).
            let mut out = match init {
                Some(e) => shape_of(sem, e, d),
                None => Shape::default(),
            };
            let mut alternatives = Shape::default();
            let mut constant_choice = false;
            for (op, e) in &b.assigns {
                let s = shape_of(sem, e, d);
                match op {
                    AssignOp::AddAssign => out.push(s),
                    _ if s.is_constant() => constant_choice = true,
                    _ => {
                        for h in s.holes().cloned() {
                            alternatives.push(Shape { parts: vec![Part::Hole(h)] });
                        }
                    }
                }
            }
            if !alternatives.parts.is_empty() {
                out.push(alternatives);
            }
            // `let sh; if (win) sh = "cmd.exe"; else sh = "/bin/sh";`: one of the
            // constants, not the empty text of a missing initialiser.
            if init.is_none() && constant_choice && out.parts.is_empty() {
                return Shape::opaque(name);
            }
            out
        }
        _ => ident_param_or_other(sem, b, i, span, d),
    }
}

fn ident_param_or_other<'a>(sem: &Semantic<'a>, b: &super::Binding<'a>, i: &'a Ident, span: Span, d: u32) -> Shape {
    let name = i.sym.as_str().to_owned();
    match &b.decl {
        Decl::LoopOf { iterable } => {
            if b.opaque_writes || !b.assigns.is_empty() {
                return Shape::hole(span, Origin::Unknown(name), HoleSafety::Unsafe);
            }
            // An element of the iterable: constant when every element is.
            let elems = shape_of(sem, iterable, d);
            if elems.is_constant() { Shape::opaque(name) } else { elems.keep_origin(span, name) }
        }
        Decl::Param { func, index, ty, rest } => {
            if *ty == ParamType::Scalar {
                return Shape::hole(span, Origin::Unknown(name), HoleSafety::Scalar);
            }
            // A handler's request, a commander action's arguments, a readline answer.
            if b.assigns.is_empty()
                && !b.opaque_writes
                && let Some(src) = sem.sources().and_then(|s| s.param(*func, *index))
            {
                return Shape::hole(span, src.origin(name), HoleSafety::Unsafe);
            }
            if !*rest
                && !b.opaque_writes
                && b.assigns.is_empty()
                && let Some(s) = param_from_call_env(sem, *func, *index, d)
            {
                return s;
            }
            // `["png", "jpg"].forEach((k) => ..)`: an element of a constant array.
            if *index == 0
                && !*rest
                && !b.opaque_writes
                && b.assigns.is_empty()
                && let Some(span_of) = sem.bindings.funcs.get(*func).map(|f| f.span)
                && let Some(array) = iterated_array(sem, span_of)
                && d + 4 < MAX_DEPTH
            {
                // An element of what the array holds: a constant, or its values
                // (`targets.forEach((t) => ..)` carries `targets`).
                let elems = shape_of(sem, array, d + 4);
                return if elems.is_constant() { Shape::opaque(name) } else { elems.keep_origin(span, name) };
            }
            // `xs.map((x) => ..)`: the callback's first parameter is an element of `xs`.
            if *index == 0
                && !*rest
                && !b.opaque_writes
                && b.assigns.is_empty()
                && let Some(span_of) = sem.bindings.funcs.get(*func).map(|f| f.span)
                && let Some(elems) =
                    sem.elem_env.borrow().iter().rev().find(|(s, _)| *s == span_of).map(|(_, e)| e.clone())
            {
                return if elems.is_constant() { Shape::opaque(name) } else { elems.keep_origin(span, name) };
            }
            let meta = sem.bindings.funcs.get(*func);
            let exported = sem.bindings.func_exported(*func);
            if b.opaque_writes {
                return Shape::hole(span, Origin::Unknown(name), HoleSafety::Unsafe);
            }
            if !b.assigns.is_empty() {
                // `port = parseInt(port)`: when every reassignment sanitises, the
                // parameter is treated as sanitised (cplint does not order statements).
                let safe = b.assigns.iter().all(|(op, e)| {
                    *op == AssignOp::Assign && {
                        let s = shape_of(sem, e, d);
                        s.holes().next().is_some() && s.unsafe_holes().next().is_none()
                    }
                });
                let safety = if safe { HoleSafety::Scalar } else { HoleSafety::Unsafe };
                return Shape::hole(span, Origin::Unknown(name), safety);
            }
            if !exported
                && !*rest
                && let Some(s) = param_from_callers(sem, *func, *index, d)
            {
                return s;
            }
            Shape::hole(
                span,
                Origin::Param { name, func: meta.and_then(|m| m.name.clone()), exported },
                HoleSafety::Unsafe,
            )
        }
        // `import { INSTALL } from "./consts"`: a constant the other file exports.
        Decl::Import { module, name: import, .. } => {
            let export = match import {
                ImportName::Named(n) => Some(n.as_str()),
                ImportName::Default => None,
                ImportName::Namespace => return Shape::hole(span, Origin::Unknown(name), HoleSafety::Unsafe),
            };
            imported_const(sem, module, export, &name)
                .unwrap_or_else(|| Shape::hole(span, Origin::Unknown(name), HoleSafety::Unsafe))
        }
        _ => Shape::hole(span, Origin::Unknown(name), HoleSafety::Unsafe),
    }
}

/// How an expression holds another file of the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ModuleValue {
    /// `require("./m")`, `import * as m`: its named exports are its properties.
    Namespace,
    /// `import m from "./m"`: the default export (a CommonJS module's exports object).
    Default,
}

/// The relative module an expression is, when it is one: `require("./m")` (a
/// literal specifier), a namespace or default import of it, or a variable
/// initialised with one of those and never changed.
fn module_value<'a>(sem: &Semantic<'a>, e: &'a Expr, depth: u32) -> Option<(String, ModuleValue)> {
    if depth > 4 {
        return None;
    }
    match unparen(e) {
        Expr::Call(c) => require_spec(sem, c).map(|s| (s, ModuleValue::Namespace)),
        Expr::Ident(i) if !sem.is_unresolved(i.ctxt) => {
            let b = sem.bindings.get(i)?;
            match &b.decl {
                Decl::Import { module, name: ImportName::Namespace, .. } => {
                    Some((module.clone(), ModuleValue::Namespace))
                }
                Decl::Import { module, name: ImportName::Default, .. } => Some((module.clone(), ModuleValue::Default)),
                Decl::Var { .. } => {
                    if b.mutated || !b.member_assigns.is_empty() {
                        return None;
                    }
                    let (value, []) = sem.binding_value(i)? else { return None };
                    module_value(sem, value, depth + 1)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The specifier of `require("./m")`: a literal relative path given to the
/// CommonJS `require`.
pub(super) fn require_spec<'a>(sem: &Semantic<'a>, c: &'a CallExpr) -> Option<String> {
    let Callee::Expr(callee) = &c.callee else { return None };
    if !matches!(sem.sym_of(callee), Sym::Require) || c.args.len() != 1 {
        return None;
    }
    let a = c.args.first()?;
    if a.spread.is_some() {
        return None;
    }
    let Expr::Lit(Lit::Str(s)) = unparen(&a.expr) else { return None };
    let spec = s.value.to_string_lossy().into_owned();
    super::user_wrappers::is_path_specifier(&spec).then_some(spec)
}

/// `export` of the project file `specifier` names, when the cross-file pass found
/// it constant: its text, or an opaque constant named `name`.
fn imported_const(sem: &Semantic<'_>, specifier: &str, export: Option<&str>, name: &str) -> Option<Shape> {
    let c = sem.user.module_consts(specifier)?.get(export)?;
    Some(match &c.text {
        Some(t) => Shape::lit(t.clone()),
        None => Shape::opaque(name),
    })
}

/// Whether `callee` is an export of another project file that the cross-file pass
/// summarised as returning shell-safe text: a member of a module value
/// (`util.getBin`, `require("./util").getBin`) or an imported name.
fn imported_safe_call<'a>(sem: &Semantic<'a>, callee: &'a Expr) -> bool {
    match unparen(callee) {
        Expr::Member(m) => {
            let Some(prop) = member_name(&m.prop) else { return false };
            let Some((spec, how)) = module_value(sem, &m.obj, 0) else { return false };
            let Some(consts) = sem.user.module_consts(&spec) else { return false };
            match how {
                ModuleValue::Namespace if prop == "default" => consts.call_is_safe(None),
                ModuleValue::Namespace => consts.call_is_safe(Some(&prop)),
                ModuleValue::Default => consts.commonjs && consts.call_is_safe(Some(&prop)),
            }
        }
        Expr::Ident(i) if !sem.is_unresolved(i.ctxt) => {
            let Some(b) = sem.bindings.get(i) else { return false };
            if !b.assigns.is_empty() || b.opaque_writes {
                return false;
            }
            match &b.decl {
                Decl::Import { module, name, .. } => {
                    let Some(consts) = sem.user.module_consts(module) else { return false };
                    match name {
                        ImportName::Named(n) => consts.call_is_safe(Some(n)),
                        ImportName::Default => consts.call_is_safe(None),
                        _ => false,
                    }
                }
                // `const { getBin } = require("./util")`.
                Decl::Var { init: Some(init), path, .. } if path.len() == 1 => {
                    let PathStep::Prop(k) = &path[0] else { return false };
                    let Expr::Call(c) = unparen(init) else { return false };
                    require_spec(sem, c)
                        .and_then(|spec| sem.user.module_consts(&spec).map(|m| m.call_is_safe(Some(k))))
                        .unwrap_or(false)
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Property `prop` of a module value (`consts.INSTALL`, `require("./c").INSTALL`).
fn module_member_const(
    sem: &Semantic<'_>,
    (spec, how): (String, ModuleValue),
    prop: &str,
    name: &str,
) -> Option<Shape> {
    match how {
        ModuleValue::Namespace if prop == "default" => imported_const(sem, &spec, None, name),
        ModuleValue::Namespace => imported_const(sem, &spec, Some(prop), name),
        ModuleValue::Default => {
            // Only a CommonJS module's default is the object of its named exports.
            if !sem.user.module_consts(&spec)?.commonjs {
                return None;
            }
            imported_const(sem, &spec, Some(prop), name)
        }
    }
}

/// A parameter of the same-file function whose call is being folded: what that
/// call passes, folded where the call is.
fn param_from_call_env<'a>(sem: &Semantic<'a>, func: usize, index: usize, d: u32) -> Option<Shape> {
    in_caller_of_param(sem, func, index, |arg| match arg {
        Some(arg) => Some(shape_of(sem, arg, d)),
        None => Some(Shape::lit("undefined")),
    })
}

/// Runs `f` on the argument the call being folded passes for parameter `index` of
/// `func` (`None`: not passed), with the frames above that call set aside: the
/// argument belongs to the caller.
fn in_caller_of_param<'a, R>(
    sem: &Semantic<'a>,
    func: usize,
    index: usize,
    f: impl FnOnce(Option<&'a Expr>) -> Option<R>,
) -> Option<R> {
    let span = sem.bindings.funcs.get(func)?.span;
    let at = sem.call_env.borrow().iter().rposition(|(s, _, _)| *s == span)?;
    let (callee, call_span) = {
        let env = sem.call_env.borrow();
        (env[at].1.clone(), env[at].2)
    };
    let call = sem.bindings.calls_of.get(&callee)?.iter().find(|c| c.span == call_span)?;
    if call.args.iter().take(index + 1).any(|a| a.spread.is_some()) {
        return None;
    }
    let arg = call.args.get(index).map(|a| &*a.expr);
    let tail: Vec<_> = sem.call_env.borrow_mut().drain(at..).collect();
    let r = f(arg);
    sem.call_env.borrow_mut().extend(tail);
    r
}

/// Whether a call of `e` (a function or arrow expression of this file, or a name
/// bound to one) returns, on every path, a value that cannot carry shell syntax
/// whatever its caller does: the function declares no parameter, and each returned
/// value folds to constants, numbers and text whose shell metacharacters were
/// removed. The cross-file summary of an exported helper such as `getBinPath()`
/// ([`super::exports::const_exports`]); its importers read the call as a constant.
pub(super) fn returns_shell_safe<'a>(sem: &Semantic<'a>, e: &'a Expr) -> bool {
    returns_safe_at(sem, e, 0)
}

/// [`returns_shell_safe`] of the function a binding names.
pub(super) fn ident_returns_shell_safe<'a>(sem: &Semantic<'a>, i: &'a Ident) -> bool {
    returns_safe_ident(sem, i, 0)
}

fn returns_safe_ident<'a>(sem: &Semantic<'a>, i: &'a Ident, depth: u32) -> bool {
    let Some(b) = sem.bindings.get(i) else { return false };
    if !b.assigns.is_empty() || b.opaque_writes || b.mutated || !b.member_assigns.is_empty() {
        return false;
    }
    match &b.decl {
        Decl::Function { node, .. } => {
            node.params.is_empty() && node.body.as_ref().is_some_and(|body| returns_safe(sem, &body.stmts, None))
        }
        Decl::Var { init: Some(init), path, .. } if path.is_empty() => returns_safe_at(sem, init, depth + 1),
        _ => false,
    }
}

fn returns_safe_at<'a>(sem: &Semantic<'a>, e: &'a Expr, depth: u32) -> bool {
    if depth > 4 {
        return false;
    }
    match unparen(e) {
        Expr::Fn(fe) => {
            fe.function.params.is_empty()
                && fe.function.body.as_ref().is_some_and(|body| returns_safe(sem, &body.stmts, None))
        }
        Expr::Arrow(a) => {
            a.params.is_empty()
                && match &*a.body {
                    ArrowFunctionBody::Expr(e) => returns_safe(sem, &[], Some(e)),
                    ArrowFunctionBody::FunctionBody(body) => returns_safe(sem, &body.stmts, None),
                }
        }
        Expr::Ident(i) if !sem.is_unresolved(i.ctxt) => returns_safe_ident(sem, i, depth),
        _ => false,
    }
}

/// Every `return` of `stmts` (or the arrow's expression body) gives a value
/// without shell syntax; a function without a `return <value>` gives nothing to
/// fold and is not summarised.
fn returns_safe<'a>(sem: &Semantic<'a>, stmts: &'a [Stmt], body: Option<&'a Expr>) -> bool {
    let mut returns = Vec::new();
    collect_returns(stmts, &mut returns);
    returns.extend(body.map(Some));
    if returns.is_empty() || returns.len() > 16 {
        return false;
    }
    returns.iter().all(|r| {
        r.is_some_and(|r| {
            !holds_object(sem, r)
                && shape_of(sem, r, 8).parts.iter().all(|p| match p {
                    Part::Lit(_) | Part::Opaque(_) => true,
                    Part::Hole(h) => h.safety == HoleSafety::Scalar,
                })
        })
    })
}

/// `build("a")` where `build` is a function of this file: its return values, with
/// its parameters folded from this call's arguments.
fn local_call_shape<'a>(sem: &Semantic<'a>, c: &'a CallExpr, f: &'a Ident, span: Span, d: u32) -> Option<Shape> {
    let b = sem.bindings.get(f)?;
    if !b.assigns.is_empty() || b.opaque_writes {
        return None;
    }
    let mut returns = Vec::new();
    let fn_span = match &b.decl {
        Decl::Function { node, .. } => {
            collect_returns(&node.body.as_ref()?.stmts, &mut returns);
            node.span
        }
        Decl::Var { init: Some(init), path, .. } if path.is_empty() => match unparen(init) {
            Expr::Arrow(a) => {
                match &*a.body {
                    ArrowFunctionBody::Expr(e) => returns.push(Some(&**e)),
                    ArrowFunctionBody::FunctionBody(body) => collect_returns(&body.stmts, &mut returns),
                }
                a.span
            }
            Expr::Fn(fe) => {
                collect_returns(&fe.function.body.as_ref()?.stmts, &mut returns);
                fe.function.span
            }
            _ => return None,
        },
        _ => return None,
    };
    if returns.is_empty() || returns.len() > 16 || d + 8 > MAX_DEPTH {
        return None;
    }
    // Objects and arrays fold to an opaque constant, which would hide what their
    // properties hold: those are read through `object_member_shape`.
    if returns.iter().any(|r| r.is_some_and(|r| holds_object(sem, r))) {
        return None;
    }
    if sem.call_env.borrow().iter().any(|(s, _, _)| *s == fn_span) {
        // Recursion: not followed.
        return None;
    }
    // Calls folded without the cache repeat work: a budget per file keeps helpers
    // that call helpers many times from growing exponentially.
    let spent = sem.call_budget.get();
    if spent >= CALL_BUDGET {
        return None;
    }
    sem.call_budget.set(spent + 1);
    sem.call_env.borrow_mut().push((fn_span, f.to_id(), c.span));
    let mut out: Option<Shape> = None;
    let mut first_constant: Option<Shape> = None;
    for r in &returns {
        let s = match r {
            Some(r) => shape_of(sem, r, d + 4),
            None => Shape::lit("undefined"),
        };
        if s.is_constant() {
            if first_constant.as_ref().is_some_and(|f| *f != s) {
                first_constant = Some(Shape::opaque(sem.snippet(span, 40)));
            } else if first_constant.is_none() {
                first_constant = Some(s);
            }
            continue;
        }
        match &mut out {
            Some(o) => o.push(s),
            None => out = Some(s),
        }
    }
    sem.call_env.borrow_mut().pop();
    // A single word stays one value at the call (its label, the fix's argument); a
    // returned text with quotes or several words keeps its parts, so a fix does not
    // pass quotes or a whole command line as one argument.
    match out {
        Some(mut o)
            if o.parts.iter().any(|p| matches!(p, Part::Lit(l) if l.contains(['\'', '"', ' ', '\t', '\n']))) =>
        {
            // Labels of what the function adds itself point at the call.
            for p in &mut o.parts {
                if let Part::Hole(h) = p
                    && !(h.span.lo >= span.lo && h.span.hi <= span.hi)
                {
                    h.span = span;
                }
            }
            Some(o)
        }
        Some(o) => Some(o.keep_origin(span, sem.snippet(span, 40))),
        None => first_constant,
    }
}

/// An object or array literal, directly or in a variable, or a variable changed in
/// place (`lock.content = ..`, `args.push(..)`).
fn holds_object(sem: &Semantic<'_>, e: &Expr) -> bool {
    match unparen(e) {
        Expr::Object(_) | Expr::Array(_) => true,
        Expr::Ident(i) => sem.bindings.get(i).is_some_and(|b| {
            !b.member_assigns.is_empty()
                || !b.pushes.is_empty()
                || b.mutated
                || matches!(&b.decl, Decl::Var { init: Some(v), .. } if matches!(unparen(v), Expr::Object(_) | Expr::Array(_)))
        }),
        _ => false,
    }
}

/// A parameter of a same-file function that never escapes: the join of what every
/// direct call passes for it. `None` when the callers are not all known.
fn param_from_callers<'a>(sem: &Semantic<'a>, func: usize, index: usize, d: u32) -> Option<Shape> {
    let meta = sem.bindings.funcs.get(func)?;
    let id = meta.id.as_ref()?;
    let binding = sem.bindings.by_id(id)?;
    if binding.escapes > 0 || sem.bindings.exported.contains(id) {
        return None;
    }
    let calls = sem.bindings.calls_of.get(id)?;
    let mut out = Shape::default();
    let mut all_constant = true;
    for c in calls {
        if c.args.iter().take(index + 1).any(|a| a.spread.is_some()) {
            return None;
        }
        let s = match c.args.get(index) {
            Some(a) => shape_of(sem, &a.expr, d + 4),
            None => Shape::lit("undefined"),
        };
        if !s.is_constant() {
            all_constant = false;
            out.push(s);
        }
    }
    if calls.is_empty() {
        return None;
    }
    Some(if all_constant { Shape::opaque(binding.name().to_owned()) } else { out })
}

fn follow_path<'a>(sem: &Semantic<'a>, value: &'a Expr, path: &[PathStep], span: Span, name: &str, d: u32) -> Shape {
    let mut cur = value;
    for (k, step) in path.iter().enumerate() {
        // `const { INSTALL } = require("./consts")`: a constant of another file.
        if let [PathStep::Prop(p)] = &path[k..]
            && let Some(m) = module_value(sem, cur, 0)
            && let Some(s) = module_member_const(sem, m, p, name)
        {
            return s;
        }
        let next = match (step, unparen(cur)) {
            (PathStep::Prop(p), Expr::Object(o)) => sem.object_prop(o, p),
            (PathStep::Index(i), Expr::Array(a)) => {
                a.elems.get(*i).and_then(|e| e.as_ref()).filter(|e| e.spread.is_none()).map(|e| &*e.expr)
            }
            _ => None,
        };
        match next {
            Some(n) => cur = n,
            None => {
                // `const { x } = process.env`, `const [, , arg] = process.argv`, ...
                let base = shape_of(sem, cur, d);
                let origin = match base.holes().next() {
                    Some(h) => h.origin.renamed(name.to_string()),
                    None => Origin::Unknown(name.to_string()),
                };
                let safety = if base.is_constant() {
                    return Shape::opaque(name);
                } else {
                    HoleSafety::Unsafe
                };
                return Shape::hole(span, origin, safety);
            }
        }
    }
    shape_of(sem, cur, d)
}

fn member_shape<'a>(sem: &Semantic<'a>, whole: &'a Expr, m: &'a MemberExpr, span: Span, d: u32) -> Shape {
    let text = sem.snippet(span, 40);
    let prop = member_name(&m.prop);
    // `.length`, and process ids (`child.pid`) are numbers.
    if matches!(prop.as_deref(), Some("length" | "pid" | "ppid")) {
        return Shape::hole(span, Origin::Unknown(text), HoleSafety::Scalar);
    }
    if sem.is_guarded(whole, span) {
        return Shape::hole(span, Origin::Unknown(text), HoleSafety::Scalar);
    }
    if let Some(root) = root_ident(whole)
        && sem.is_unresolved(root.ctxt)
        && root.sym == *"process"
    {
        let first = match unparen(&m.obj) {
            Expr::Ident(_) => prop.clone(),
            _ => first_prop_after_root(whole),
        };
        match first.as_deref() {
            Some("argv") => return Shape::hole(span, Origin::Argv(text), HoleSafety::Unsafe),
            Some("env") => return Shape::hole(span, Origin::Env(text), HoleSafety::Unsafe),
            Some("pid" | "ppid" | "exitCode") => {
                return Shape::hole(span, Origin::Unknown(text), HoleSafety::Scalar);
            }
            Some("platform" | "arch" | "execPath" | "version" | "versions" | "release") => {
                return Shape::opaque(text);
            }
            _ => {}
        }
    }
    // `req.query.file`, `program.opts().dir`, `core.getInput("ref")`, `shell.env.X`.
    match sem.source_value(whole) {
        Some(sources::Val::Data(src)) => return Shape::hole(span, src.origin(text), HoleSafety::Unsafe),
        Some(sources::Val::Scalar) => return Shape::hole(span, Origin::Unknown(text), HoleSafety::Scalar),
        _ => {}
    }
    // `consts.INSTALL`, `require("./consts").INSTALL`: a constant of another file.
    if let Some(p) = &prop
        && let Some(module) = module_value(sem, &m.obj, 0)
        && let Some(s) = module_member_const(sem, module, p, &text)
    {
        return s;
    }
    // A property of a constant object: `CMDS.list`, `CMDS[platform]` (one of its values).
    if let Expr::Ident(obj) = unparen(&m.obj)
        && let Some((value, path)) = sem.binding_value(obj)
        && path.is_empty()
    {
        if let Expr::Object(o) = unparen(value) {
            if let Some(p) = &prop {
                if let Some(v) = sem.object_prop(o, p) {
                    return shape_of(sem, v, d);
                }
            } else {
                // `TABLE[key]`: one of the table's values.
                return object_values_shape(sem, o, d).opaque_if_constant(&text);
            }
        }
        if let Expr::Array(a) = unparen(value)
            && prop.is_none()
            && a.elems.iter().flatten().all(|el| el.spread.is_none() && shape_of(sem, &el.expr, d).is_constant())
        {
            return Shape::opaque(text);
        }
    }
    // A property of an object built in this file (spreads, a variable assigned
    // several objects, a same-file function's returned object).
    if let Some(s) = object_member_shape(sem, &m.obj, prop.as_deref(), d, 0) {
        return s.keep_origin(span, text);
    }
    // Any other property of a value: it carries the origin of its root.
    let base = shape_of(sem, &m.obj, d);
    if base.is_constant() {
        return Shape::opaque(text);
    }
    // Safe only when every part of the base is (a character of a quoted string).
    let worst = base.unsafe_holes().next().or_else(|| base.holes().next());
    let safety = worst.map_or(HoleSafety::Unsafe, |h| h.safety);
    let origin = worst.map(|h| h.origin.clone()).unwrap_or(Origin::Unknown(text.clone()));
    let origin = match origin {
        Origin::Param { .. } | Origin::Unknown(_) => origin.renamed(text),
        o => o,
    };
    Shape::hole(span, origin, safety)
}

/// `obj.key` where `obj` is an object literal of this file, possibly with spreads,
/// held in a variable (every assignment an object literal) or returned by a
/// same-file function: the key's value, and what a spread after it may put there.
fn object_member_shape<'a>(sem: &Semantic<'a>, obj: &'a Expr, key: Option<&str>, d: u32, depth: u32) -> Option<Shape> {
    if depth > 4 {
        return None;
    }
    match unparen(obj) {
        Expr::Object(o) => {
            let mut out: Option<Shape> = None;
            for p in &o.props {
                match p {
                    PropOrSpread::Spread(sp) => {
                        // A spread may set the key: its values join what was there.
                        let spread = object_member_shape(sem, &sp.expr, key, d, depth + 1)
                            .unwrap_or_else(|| shape_of(sem, &sp.expr, d));
                        match &mut out {
                            Some(o) if !spread.is_constant() => o.push(spread),
                            Some(_) => {}
                            None => out = Some(spread),
                        }
                    }
                    PropOrSpread::Prop(p) => {
                        let value = match &**p {
                            Prop::KeyValue(kv) if key.is_none() || static_key(&kv.key).as_deref() == key => {
                                shape_of(sem, &kv.value, d)
                            }
                            Prop::Shorthand(i) if key.is_none_or(|k| i.sym == *k) => ident_shape(sem, i, i.span, d),
                            _ => continue,
                        };
                        match (&mut out, key) {
                            // `obj[k]`: any of the values.
                            (Some(o), None) => o.push(value),
                            _ => out = Some(value),
                        }
                    }
                }
            }
            Some(out.unwrap_or_else(|| Shape::lit("undefined")))
        }
        Expr::Ident(i) => {
            let b = sem.bindings.get(i)?;
            if let Decl::Param { func, index, rest: false, .. } = b.decl {
                if b.opaque_writes || b.mutated || !b.assigns.is_empty() || !b.member_assigns.is_empty() {
                    return None;
                }
                // A parameter of the call being folded: the caller's argument.
                return in_caller_of_param(sem, func, index, |arg| match arg {
                    Some(arg) => object_member_shape(sem, arg, key, d, depth + 1),
                    None => None,
                });
            }
            let Decl::Var { init, path, .. } = &b.decl else { return None };
            if b.opaque_writes || b.mutated || !path.is_empty() || !b.member_assigns.is_empty() {
                return None;
            }
            let values: Vec<&'a Expr> = init.iter().copied().chain(b.assigns.iter().map(|(_, e)| *e)).collect();
            if values.is_empty() || b.assigns.iter().any(|(op, _)| *op != AssignOp::Assign) {
                return None;
            }
            let mut out = Shape::default();
            let mut constant = true;
            for v in values {
                // `let result = {}` before the real value: an empty object adds nothing.
                if matches!(unparen(v), Expr::Object(o) if o.props.is_empty()) {
                    continue;
                }
                let s = object_member_shape(sem, v, key, d, depth + 1)?;
                if !s.is_constant() {
                    constant = false;
                    out.push(s);
                }
            }
            Some(if constant { Shape::opaque(format!("{}.{}", i.sym, key.unwrap_or("[]"))) } else { out })
        }
        Expr::Call(c) => {
            let returns = sem.returns_of(c)?;
            let mut out = Shape::default();
            let mut constant = true;
            for r in returns {
                let s = object_member_shape(sem, r?, key, d, depth + 1)?;
                if !s.is_constant() {
                    constant = false;
                    out.push(s);
                }
            }
            Some(if constant { Shape::opaque(key.unwrap_or("[]").to_string()) } else { out })
        }
        _ => None,
    }
}

fn first_prop_after_root(e: &Expr) -> Option<std::borrow::Cow<'_, str>> {
    match unparen(e) {
        Expr::Member(m) => match unparen(&m.obj) {
            Expr::Ident(_) => member_name(&m.prop),
            inner => first_prop_after_root(inner),
        },
        _ => None,
    }
}

/// The union of an object literal's values (holes of every non-constant one).
fn object_values_shape<'a>(sem: &Semantic<'a>, o: &'a ObjectLit, d: u32) -> Shape {
    let mut out = Shape::default();
    for p in &o.props {
        let s = match p {
            PropOrSpread::Prop(p) => match &**p {
                Prop::KeyValue(kv) => shape_of(sem, &kv.value, d),
                Prop::Shorthand(i) => ident_shape(sem, i, i.span, d),
                _ => Shape::hole(p.span(), Origin::Unknown(sem.snippet(p.span(), 40)), HoleSafety::Unsafe),
            },
            PropOrSpread::Spread(sp) => shape_of(sem, &sp.expr, d),
        };
        if s.is_constant() {
            out.push(Shape::opaque("…"));
        } else {
            out.push(s);
        }
    }
    out
}

/// Callee is a recognised shell-quoting function.
pub fn is_quoting_call<'a>(sem: &Semantic<'a>, e: &'a Expr) -> bool {
    let Expr::Call(c) = unparen(e) else {
        return false;
    };
    is_quoting_call_expr(sem, c)
}

fn is_quoting_call_expr<'a>(sem: &Semantic<'a>, c: &'a CallExpr) -> bool {
    let Callee::Expr(callee) = &c.callee else {
        return false;
    };
    if matches!(sem.callable(sem.sym_of(callee)), Sym::Quote) {
        return true;
    }
    let name = match unparen(callee) {
        Expr::Ident(i) => Some(std::borrow::Cow::Borrowed(&*i.sym)),
        Expr::Member(m) => member_name(&m.prop),
        _ => None,
    };
    if name.is_some_and(|n| models::is_quoting_helper_name(&n)) {
        return true;
    }
    match unparen(callee) {
        Expr::Ident(i) => sem.is_local_quoting_function(i),
        _ => false,
    }
}

fn call_shape<'a>(sem: &Semantic<'a>, whole: &'a Expr, c: &'a CallExpr, span: Span, d: u32) -> Shape {
    let text = sem.snippet(span, 40);
    // What is not folded otherwise may still come from a named source:
    // `req.get("host")`, `program.opts()`, `core.getInput("ref")`, `readFileSync(0)`.
    let unknown = |t: String| match sem.source_value_of_call(whole, c) {
        Some(sources::Val::Data(src)) => Shape::hole(span, src.origin(t), HoleSafety::Unsafe),
        Some(sources::Val::Scalar) => Shape::hole(span, Origin::Unknown(t), HoleSafety::Scalar),
        _ => Shape::hole(span, Origin::Unknown(t), HoleSafety::Unsafe),
    };
    let Callee::Expr(callee) = &c.callee else {
        return unknown(text);
    };
    let args_shape = |sem: &Semantic<'a>| {
        let mut out = Shape::default();
        for a in &c.args {
            if a.spread.is_some() {
                return None;
            }
            out.push(shape_of(sem, &a.expr, d));
        }
        Some(out)
    };
    if is_quoting_call_expr(sem, c) {
        return Shape::hole(span, Origin::Unknown(text), HoleSafety::Quoted);
    }
    // `require("./command")` of a file whose module value is a constant.
    if let Some(spec) = require_spec(sem, c)
        && let Some(s) = imported_const(sem, &spec, None, &text)
    {
        return s;
    }
    // `util.getBinPath()`, `getBinPath()`: a function of another project file whose
    // every return is free of shell syntax.
    if imported_safe_call(sem, callee) {
        return Shape::opaque(text);
    }
    match sem.callable(sem.sym_of(callee)) {
        Sym::PathFn => {
            return match args_shape(sem) {
                Some(s) if s.is_constant() => Shape::opaque(text),
                Some(s) => {
                    let mut out = Shape::default();
                    for h in s.holes() {
                        out.push(Shape { parts: vec![Part::Hole(h.clone())] });
                    }
                    out
                }
                None => unknown(text),
            };
        }
        Sym::Unknown => {}
        _ => return unknown(text),
    }
    if let Expr::Ident(f) = unparen(callee)
        && !sem.is_unresolved(f.ctxt)
        && let Some(s) = local_call_shape(sem, c, f, span, d)
    {
        return s;
    }
    match unparen(callee) {
        Expr::Ident(i) if sem.is_unresolved(i.ctxt) => match &*i.sym {
            "Number" | "parseInt" | "parseFloat" | "Boolean" | "isNaN" | "isFinite" => {
                Shape::hole(span, Origin::Unknown(text), HoleSafety::Scalar)
            }
            "String" => match c.args.first() {
                Some(a) if a.spread.is_none() => shape_of(sem, &a.expr, d),
                _ => Shape::lit(""),
            },
            "encodeURIComponent" => {
                // Leaves `'` `(` `)` `!` `*` unescaped: not shell-safe.
                shape_of_first_arg(sem, c, d).unwrap_or_else(|| unknown(text))
            }
            _ => unknown(text),
        },
        Expr::Member(m) => {
            let method = member_name(&m.prop).unwrap_or_default();
            if let Expr::Ident(o) = unparen(&m.obj) {
                if sem.is_unresolved(o.ctxt) {
                    match (&*o.sym, &*method) {
                        ("Math" | "Date" | "Number", _) => {
                            return Shape::hole(span, Origin::Unknown(text), HoleSafety::Scalar);
                        }
                        ("process", "cwd" | "uptime" | "hrtime" | "memoryUsage" | "getuid" | "getgid") => {
                            return Shape::opaque(text);
                        }
                        ("JSON", "stringify") => {
                            return shape_of_first_arg(sem, c, d).unwrap_or_else(|| unknown(text));
                        }
                        _ => {}
                    }
                }
                if let Some(Decl::Import { module, .. }) = sem.bindings.get(o).map(|b| &b.decl)
                    && matches!(module.as_str(), "os" | "node:os")
                    && matches!(
                        &*method,
                        "tmpdir" | "homedir" | "hostname" | "platform" | "arch" | "type" | "release" | "EOL"
                    )
                {
                    return Shape::opaque(text);
                }
                if let Some((value, _)) = sem.binding_value(o)
                    && let Expr::Call(req) = unparen(value)
                    && is_require_of(sem, req, &["os", "node:os"])
                    && matches!(&*method, "tmpdir" | "homedir" | "hostname" | "platform" | "arch" | "type" | "release")
                {
                    return Shape::opaque(text);
                }
            }
            let recv = shape_of(sem, &m.obj, d);
            match &*method {
                "match" | "exec" | "matchAll" => {
                    // `s.match(/disk\d+/)` / `/^[0-9]+/.exec(s)`: only what the regex matches.
                    let re = if method == "exec" { Some(&*m.obj) } else { c.args.first().map(|a| &*a.expr) };
                    match re.map(unparen) {
                        Some(Expr::Lit(Lit::Regex(r))) if super::bindings::regex_matches_are_plain(&r.exp) => {
                            Shape::hole(span, Origin::Unknown(text), HoleSafety::Scalar)
                        }
                        _ if method == "exec" => match c.args.first() {
                            Some(a) if a.spread.is_none() => shape_of(sem, &a.expr, d).keep_origin(span, text),
                            _ => unknown(text),
                        },
                        _ => recv.keep_origin(span, text),
                    }
                }
                "toFixed" | "indexOf" | "lastIndexOf" | "search" | "charCodeAt" | "getTime" | "valueOf"
                | "includes" | "startsWith" | "endsWith" | "test" => {
                    Shape::hole(span, Origin::Unknown(text), HoleSafety::Scalar)
                }
                "join" => match unparen(&m.obj) {
                    // `[a, b].join(" ")`: the elements' shapes with the separator.
                    Expr::Array(a) => {
                        let sep = c.args.first().map(|s| shape_of(sem, &s.expr, d)).unwrap_or_else(|| Shape::lit(","));
                        let mut out = Shape::default();
                        for (i, el) in a.elems.iter().flatten().enumerate() {
                            if el.spread.is_some() {
                                out.push(shape_of(sem, &el.expr, d));
                                continue;
                            }
                            if i > 0 {
                                out.push(sep.clone());
                            }
                            out.push(shape_of(sem, &el.expr, d));
                        }
                        out
                    }
                    _ => recv.keep_origin(span, text),
                },
                "replace" | "replaceAll" if strips_shell_syntax(c, &method) => {
                    Shape::hole(span, Origin::Unknown(text), HoleSafety::Scalar)
                }
                "replace" | "replaceAll" | "concat" => {
                    // The result mixes the receiver with the inserted values.
                    let mut all = recv;
                    let inserted = if method == "concat" { 0 } else { 1 };
                    for a in c.args.iter().skip(inserted) {
                        if a.spread.is_some() || !is_function_expr(&a.expr) {
                            all.push(shape_of(sem, &a.expr, d));
                        }
                    }
                    all.keep_origin(span, text)
                }
                "map" | "flatMap"
                    if c.args.first().is_some_and(|a| a.spread.is_none() && is_function_expr(&a.expr)) =>
                {
                    c.args
                        .first()
                        .and_then(|a| mapped_shape(sem, &a.expr, recv.clone(), span, &text, d))
                        .unwrap_or_else(|| unknown(text))
                }
                "toString" | "trim" | "trimStart" | "trimEnd" | "toLowerCase" | "toUpperCase" | "slice"
                | "substring" | "substr" | "padStart" | "padEnd" | "normalize" | "map" | "filter" | "split" | "at"
                | "charAt" | "toLocaleUpperCase" | "toLocaleLowerCase" | "values" | "flat" => {
                    recv.keep_origin(span, text)
                }
                _ => unknown(text),
            }
        }
        _ => unknown(text),
    }
}

/// The array whose elements the inline callback at `span` receives
/// (`xs.forEach((x) => ..)`, `map`, `flatMap`, `filter`, `some`, `every`, `find`).
fn iterated_array<'a>(sem: &Semantic<'a>, span: Span) -> Option<&'a Expr> {
    sem.bindings.iterated.get(&span).copied()
}

/// What `xs.map(callback)` holds: the callback's returned values, its first
/// parameter standing for the elements of `xs` (`recv`). `["a", "b"].map((s) => s + x)`
/// carries `x`; `args.map((a) => `"${a}"`)` carries what `args` does. `None` when the
/// callback cannot be read (recursion, too deep).
fn mapped_shape<'a>(sem: &Semantic<'a>, f: &'a Expr, recv: Shape, span: Span, text: &str, d: u32) -> Option<Shape> {
    if d + 8 > MAX_DEPTH {
        return None;
    }
    let mut returns = Vec::new();
    let fn_span = match unparen(f) {
        Expr::Arrow(a) => {
            match &*a.body {
                ArrowFunctionBody::Expr(e) => returns.push(Some(&**e)),
                ArrowFunctionBody::FunctionBody(body) => collect_returns(&body.stmts, &mut returns),
            }
            a.span
        }
        Expr::Fn(fe) => {
            collect_returns(&fe.function.body.as_ref()?.stmts, &mut returns);
            fe.function.span
        }
        _ => return None,
    };
    if returns.len() > 16 || sem.elem_env.borrow().iter().any(|(s, _)| *s == fn_span) {
        return None;
    }
    sem.elem_env.borrow_mut().push((fn_span, recv));
    let mut out = Shape::default();
    for r in returns.iter().flatten() {
        let s = shape_of(sem, r, d + 4);
        if !s.is_constant() {
            for h in s.holes().cloned() {
                out.push(Shape { parts: vec![Part::Hole(h)] });
            }
        }
    }
    sem.elem_env.borrow_mut().pop();
    Some(if out.parts.is_empty() { Shape::opaque(text) } else { out.keep_origin(span, text.to_owned()) })
}

fn is_function_expr(e: &Expr) -> bool {
    matches!(unparen(e), Expr::Fn(_) | Expr::Arrow(_))
}

fn shape_of_first_arg<'a>(sem: &Semantic<'a>, c: &'a CallExpr, d: u32) -> Option<Shape> {
    let a = c.args.first()?;
    if a.spread.is_some() {
        return None;
    }
    Some(shape_of(sem, &a.expr, d))
}

pub fn is_require_of(sem: &Semantic<'_>, c: &CallExpr, names: &[&str]) -> bool {
    let Callee::Expr(callee) = &c.callee else {
        return false;
    };
    let Expr::Ident(i) = unparen(callee) else {
        return false;
    };
    if !(i.sym == *"require" && sem.is_unresolved(i.ctxt)) {
        return false;
    }
    match c.args.first().map(|a| unparen(&a.expr)) {
        Some(Expr::Lit(Lit::Str(s))) => names.iter().any(|n| s.value == **n),
        _ => false,
    }
}

impl Shape {
    /// A derived value (`x.trim()`): constant stays constant, otherwise one hole at
    /// `span` carrying the origin of the first hole.
    fn keep_origin(self, span: Span, text: String) -> Shape {
        if self.is_constant() {
            return Shape::opaque(text);
        }
        let first = self.holes().find(|h| h.safety == HoleSafety::Unsafe).or_else(|| self.holes().next()).cloned();
        match first {
            Some(h) => Shape::hole(span, h.origin, h.safety),
            None => Shape::opaque(text),
        }
    }
}

impl<'a> Semantic<'a> {
    /// Truthiness of an expression, when it is fixed by the program text.
    pub fn truthiness(&self, e: &'a Expr) -> Tri {
        self.truthiness_at(e, 0)
    }

    fn truthiness_at(&self, e: &'a Expr, depth: u32) -> Tri {
        if depth > 16 {
            return Tri::Unknown;
        }
        match unparen(e) {
            Expr::Lit(Lit::Bool(b)) => {
                if b.value {
                    Tri::True
                } else {
                    Tri::False
                }
            }
            Expr::Lit(Lit::Null(_)) => Tri::False,
            Expr::Lit(Lit::Num(n)) => {
                if n.value == 0.0 || n.value.is_nan() {
                    Tri::False
                } else {
                    Tri::True
                }
            }
            Expr::Lit(Lit::Str(s)) => {
                if s.value.is_empty() {
                    Tri::False
                } else {
                    Tri::True
                }
            }
            Expr::Tpl(t) if t.exprs.is_empty() => {
                if t.quasis.iter().all(|q| q.raw.is_empty()) {
                    Tri::False
                } else {
                    Tri::True
                }
            }
            Expr::Unary(u) if u.op == UnaryOp::Bang => match self.truthiness_at(&u.arg, depth + 1) {
                Tri::True => Tri::False,
                Tri::False => Tri::True,
                Tri::Unknown => Tri::Unknown,
            },
            Expr::Unary(u) if u.op == UnaryOp::Void => Tri::False,
            Expr::Ident(i) if self.is_unresolved(i.ctxt) && i.sym == *"undefined" => Tri::False,
            Expr::Ident(i) => match self.binding_value(i) {
                Some((v, [])) => self.truthiness_at(v, depth + 1),
                _ => Tri::Unknown,
            },
            _ => Tri::Unknown,
        }
    }

    /// The properties of an options object.
    pub fn props_of(&self, e: &'a Expr) -> Props<'a> {
        self.props_at(e, 0)
    }

    fn props_at(&self, e: &'a Expr, depth: u32) -> Props<'a> {
        if depth > 12 {
            return Props::Unknown;
        }
        match unparen(e) {
            Expr::Object(o) => {
                let mut out = Vec::new();
                for p in &o.props {
                    match p {
                        PropOrSpread::Spread(s) => match self.props_at(&s.expr, depth + 1) {
                            Props::Known(v) => out.extend(v),
                            Props::Unknown => return Props::Unknown,
                        },
                        PropOrSpread::Prop(p) => match &**p {
                            Prop::KeyValue(kv) => {
                                let key = match &kv.key {
                                    PropName::Ident(i) => i.sym.as_str().to_owned(),
                                    PropName::Str(s) => s.value.to_string_lossy().into_owned(),
                                    PropName::Num(n) => num_text(n.value),
                                    // A computed key could be any option.
                                    _ => return Props::Unknown,
                                };
                                out.push(PropEntry {
                                    key,
                                    span: kv.key.span(),
                                    value: Some(PropValue::Expr(&kv.value)),
                                });
                            }
                            Prop::Shorthand(i) => out.push(PropEntry {
                                key: i.sym.as_str().to_owned(),
                                span: i.span,
                                value: Some(PropValue::Ident(i)),
                            }),
                            Prop::Getter(g) => {
                                let Some(key) = static_key(&g.key) else {
                                    return Props::Unknown;
                                };
                                out.push(PropEntry { key, span: g.span, value: None });
                            }
                            Prop::Method(m) => {
                                let Some(key) = static_key(&m.key) else {
                                    return Props::Unknown;
                                };
                                out.push(PropEntry { key, span: m.function.span, value: None });
                            }
                            Prop::Setter(_) | Prop::Assign(_) => {}
                        },
                    }
                }
                Props::Known(out)
            }
            Expr::Ident(i) => {
                if self.is_unresolved(i.ctxt) && i.sym == *"undefined" {
                    return Props::Known(Vec::new());
                }
                let Some(b) = self.bindings.get(i) else {
                    return Props::Unknown;
                };
                let Some((value, path)) = self.binding_value(i) else {
                    return Props::Unknown;
                };
                if !path.is_empty() {
                    return Props::Unknown;
                }
                let mut props = self.props_at(value, depth + 1);
                if let Props::Known(v) = &mut props {
                    for (key, e) in &b.member_assigns {
                        v.push(PropEntry { key: key.clone(), span: e.span(), value: Some(PropValue::Expr(e)) });
                    }
                }
                props
            }
            Expr::Call(c) => self.props_from_local_call(c, depth),
            Expr::Lit(Lit::Null(_)) => Props::Known(Vec::new()),
            _ => Props::Unknown,
        }
    }

    /// `makeOptions()` where `makeOptions` is a same-file function whose every
    /// `return` gives an object we can read.
    fn props_from_local_call(&self, c: &'a CallExpr, depth: u32) -> Props<'a> {
        let Callee::Expr(callee) = &c.callee else {
            return Props::Unknown;
        };
        let Expr::Ident(i) = unparen(callee) else {
            return Props::Unknown;
        };
        let Some(b) = self.bindings.get(i) else {
            return Props::Unknown;
        };
        let body = match &b.decl {
            Decl::Function { node, .. } => node.body.as_ref(),
            _ => None,
        };
        let Some(body) = body else {
            return Props::Unknown;
        };
        let mut returns = Vec::new();
        collect_returns(&body.stmts, &mut returns);
        if returns.is_empty() {
            return Props::Unknown;
        }
        let mut out = Vec::new();
        for r in returns {
            let Some(r) = r else { return Props::Unknown };
            match self.props_at(r, depth + 1) {
                Props::Known(v) => out.extend(v),
                Props::Unknown => return Props::Unknown,
            }
        }
        Props::Known(out)
    }

    /// Value of a property entry as an expression-like for folding.
    pub fn prop_shape(&self, v: PropValue<'a>) -> Shape {
        match v {
            PropValue::Expr(e) => self.shape(e),
            PropValue::Ident(i) => ident_shape(self, i, i.span, 1),
        }
    }

    pub fn prop_truthiness(&self, v: PropValue<'a>) -> Tri {
        match v {
            PropValue::Expr(e) => self.truthiness(e),
            PropValue::Ident(i) => match self.binding_value(i) {
                Some((e, [])) => self.truthiness(e),
                _ => Tri::Unknown,
            },
        }
    }
}

fn static_key(p: &PropName) -> Option<String> {
    match p {
        PropName::Ident(i) => Some(i.sym.as_str().to_owned()),
        PropName::Str(s) => Some(s.value.to_string_lossy().into_owned()),
        _ => None,
    }
}

/// `return` values of a function body, not descending into nested functions.
fn collect_returns<'a>(stmts: &'a [Stmt], out: &mut Vec<Option<&'a Expr>>) {
    for s in stmts {
        collect_returns_stmt(s, out);
    }
}

fn collect_returns_stmt<'a>(s: &'a Stmt, out: &mut Vec<Option<&'a Expr>>) {
    match s {
        Stmt::Return(r) => out.push(r.arg.as_deref()),
        Stmt::Block(b) => collect_returns(&b.stmts, out),
        Stmt::If(i) => {
            collect_returns_stmt(&i.cons, out);
            if let Some(a) = &i.alt {
                collect_returns_stmt(a, out);
            }
        }
        Stmt::Try(t) => {
            collect_returns(&t.block.stmts, out);
            if let Some(h) = &t.handler {
                collect_returns(&h.body.stmts, out);
            }
            if let Some(f) = &t.finalizer {
                collect_returns(&f.stmts, out);
            }
        }
        Stmt::Switch(sw) => sw.cases.iter().for_each(|c| collect_returns(&c.cons, out)),
        Stmt::For(f) => collect_returns_stmt(&f.body, out),
        Stmt::ForIn(f) => collect_returns_stmt(&f.body, out),
        Stmt::ForOf(f) => collect_returns_stmt(&f.body, out),
        Stmt::While(w) => collect_returns_stmt(&w.body, out),
        Stmt::DoWhile(w) => collect_returns_stmt(&w.body, out),
        Stmt::Labeled(l) => collect_returns_stmt(&l.body, out),
        _ => {}
    }
}

/// Finds `.replace(/…/g, …)` calls that escape quotes or shell metacharacters.
struct QuotingReplaceFinder {
    found: bool,
}

impl swc_ecma_visit::Visit for QuotingReplaceFinder {
    fn visit_call_expr(&mut self, c: &CallExpr) {
        if let Callee::Expr(callee) = &c.callee
            && let Expr::Member(m) = unparen(callee)
            && let Some(method) = member_name(&m.prop)
            && matches!(&*method, "replace" | "replaceAll")
            && let Some(Expr::Lit(Lit::Regex(re))) = c.args.first().map(|a| unparen(&a.expr))
        {
            let replacement = match c.args.get(1).map(|a| unparen(&a.expr)) {
                Some(Expr::Lit(Lit::Str(s))) => Some(s.value.to_string_lossy().into_owned()),
                Some(Expr::Tpl(t)) if t.exprs.is_empty() => {
                    t.quasis.first().and_then(|q| q.cooked.as_ref()).map(|c| c.to_string_lossy().into_owned())
                }
                _ => None,
            };
            let global = method == "replaceAll" || re.flags.contains('g');
            if global && replace_quotes(&re.exp, replacement.as_deref()) {
                self.found = true;
            }
        }
        swc_ecma_visit::VisitWith::visit_children_with(c, self);
    }
}

/// A global replace of `pattern` by `replacement` that makes a value safe inside
/// the quotes a quoting helper puts around it:
/// - `'` by `'\''`, `'"'"'` or `''` (or removed): single quotes;
/// - `"`, `$`, backtick and backslash, each prefixed with a backslash: double quotes;
/// - every shell metacharacter, or every character outside a plain class, removed
///   or prefixed with a backslash.
///
/// `.replace(/'/g, "\\'")` leaves the quote open (a backslash is literal inside
/// single quotes), and escaping `"` alone leaves `$( )` and backticks running.
fn replace_quotes(pattern: &str, replacement: Option<&str>) -> bool {
    let Some((chars, negated)) = regex_char_set(pattern) else {
        return false;
    };
    let Some(rep) = replacement else {
        return false;
    };
    let removes_or_escapes = rep.is_empty() || rep.starts_with('\\');
    if negated {
        let allowed: String = chars.iter().collect();
        return removes_or_escapes
            && super::bindings::regex_matches_are_plain(&format!("[{}]", escape_class(&allowed)));
    }
    // `''` closes the quote and opens it again: the quote is dropped, nothing escapes.
    if chars.contains(&'\'') && (rep.is_empty() || rep == "''" || rep.contains("'\\''") || rep.contains("'\"'\"'")) {
        return true;
    }
    if ['"', '$', '`', '\\'].iter().all(|c| chars.contains(c)) && removes_or_escapes {
        return true;
    }
    removes_or_escapes && super::guards::SHELL_METAS.iter().all(|m| chars.contains(m))
}

/// `x.replace(/[^\w.-]/g, "")`, `x.replace(/[;&|$`<>\n]/g, "")`: what is left
/// holds no shell syntax whatever quotes surround it.
fn strips_shell_syntax(c: &CallExpr, method: &str) -> bool {
    let Some(Expr::Lit(Lit::Regex(re))) = c.args.first().map(|a| unparen(&a.expr)) else {
        return false;
    };
    if !(method == "replaceAll" || re.flags.contains('g')) {
        return false;
    }
    let rep = match c.args.get(1).map(|a| unparen(&a.expr)) {
        Some(Expr::Lit(Lit::Str(s))) => s.value.to_string_lossy().into_owned(),
        _ => return false,
    };
    let Some((chars, negated)) = regex_char_set(&re.exp) else {
        return false;
    };
    let removes_or_escapes = rep.is_empty() || (rep.starts_with('\\') && rep.len() > 1);
    if !removes_or_escapes {
        return false;
    }
    if negated {
        let allowed: String = chars.iter().collect();
        return super::bindings::regex_matches_are_plain(&format!("[{}]", escape_class(&allowed)));
    }
    rep.is_empty() && super::guards::SHELL_METAS.iter().all(|m| chars.contains(m))
}

fn escape_class(chars: &str) -> String {
    let mut out = String::new();
    for c in chars.chars() {
        if matches!(c, '-' | '.' | '/' | '_' | ':' | '+' | '@' | '=' | ',') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The characters a regex matches one at a time: `'`, `\$`, `[;&|]`, `([\"$`])`,
/// `(;|&)`, `[^\w.-]` (negated: the class's own characters, `\w`/`\d` spelled out).
fn regex_char_set(pattern: &str) -> Option<(Vec<char>, bool)> {
    let mut p = pattern;
    loop {
        let stripped = p.strip_suffix('+').or_else(|| p.strip_suffix('*'));
        if let Some(s) = stripped {
            p = s;
            continue;
        }
        if let Some(inner) = p.strip_prefix("(?:").or_else(|| p.strip_prefix('(')).and_then(|s| s.strip_suffix(')')) {
            p = inner;
            continue;
        }
        break;
    }
    if let Some(class) = p.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        let (negated, body) = match class.strip_prefix('^') {
            Some(b) => (true, b),
            None => (false, class),
        };
        return Some((class_chars(body)?, negated));
    }
    let mut out = Vec::new();
    for alt in p.split('|') {
        let mut it = alt.chars();
        match (it.next(), it.next(), it.next()) {
            (Some('\\'), Some(c), None) => out.push(unescape(c)?),
            (Some(c), None, None) if !"^$.()[]{}*+?".contains(c) => out.push(c),
            _ => return None,
        }
    }
    (!out.is_empty()).then_some((out, false))
}

fn unescape(c: char) -> Option<char> {
    match c {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        c if c.is_ascii_alphanumeric() => None,
        c => Some(c),
    }
}

fn class_chars(body: &str) -> Option<Vec<char>> {
    let mut out = Vec::new();
    let mut it = body.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\\' => match it.next()? {
                'w' => out.extend(('a'..='z').chain('A'..='Z').chain('0'..='9').chain(['_'])),
                'd' => out.extend('0'..='9'),
                's' => out.extend([' ', '\t', '\n', '\r']),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                c if c.is_ascii_alphanumeric() => return None,
                c => out.push(c),
            },
            c if it.peek() == Some(&'-') => {
                it.next();
                match it.next() {
                    Some(']') | None => {
                        out.push(c);
                        out.push('-');
                    }
                    Some(hi) => out.extend(c..=hi),
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

impl<'a> Semantic<'a> {
    /// A same-file function that escapes quotes or shell metacharacters with
    /// `.replace(regex, ...)` — a hand-written shell quoter such as
    /// `s => "'" + s.replace(/'/g, "'\\''") + "'"`.
    pub fn is_local_quoting_function(&self, i: &Ident) -> bool {
        let Some(b) = self.bindings.get(i) else {
            return false;
        };
        let mut candidates: Vec<&Expr> = b.assigns.iter().map(|(_, e)| *e).collect();
        let mut finder = QuotingReplaceFinder { found: false };
        match &b.decl {
            Decl::Function { node, .. } => swc_ecma_visit::VisitWith::visit_with(*node, &mut finder),
            Decl::Var { init: Some(e), path, .. } if path.is_empty() => candidates.push(e),
            _ => {}
        }
        for e in candidates {
            match unparen(e) {
                Expr::Fn(f) => swc_ecma_visit::VisitWith::visit_with(&*f.function, &mut finder),
                Expr::Arrow(a) => swc_ecma_visit::VisitWith::visit_with(&*a.body, &mut finder),
                _ => {}
            }
        }
        finder.found
    }
}

impl<'a> Semantic<'a> {
    /// Every text an expression can take, when each is written in the program: a
    /// literal, a choice (`win ? "cmd.exe" : "/bin/sh"`, `a || "sh"`), a variable
    /// assigned literals on several paths (if/else, switch), a property of a constant
    /// object (`SHELL.cmd`), or what a same-file function returns (`getShell()`);
    /// `process.env.SHELL` and `process.env.ComSpec` stand for `sh` and `cmd.exe`.
    /// `None` as soon as one of the values is not a literal.
    pub fn literal_values(&self, e: &'a Expr) -> Option<Vec<String>> {
        let mut out = Vec::new();
        self.literal_values_into(e, 0, &mut Vec::new(), &mut out)?;
        out.sort();
        out.dedup();
        Some(out)
    }

    fn literal_values_into(&self, e: &'a Expr, d: u32, seen: &mut Vec<Id>, out: &mut Vec<String>) -> Option<()> {
        if d > 12 || out.len() > 8 {
            return None;
        }
        let d = d + 1;
        match unparen(e) {
            Expr::Lit(Lit::Str(s)) => out.push(s.value.to_string_lossy().into_owned()),
            Expr::Tpl(t) if t.exprs.is_empty() => {
                out.push(t.quasis.first()?.cooked.as_ref()?.to_string_lossy().into_owned());
            }
            Expr::Cond(c) => {
                self.literal_values_into(&c.cons, d, seen, out)?;
                self.literal_values_into(&c.alt, d, seen, out)?;
            }
            Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalOr | BinaryOp::NullishCoalescing) => {
                let mut left = Vec::new();
                self.literal_values_into(&b.left, d, seen, &mut left)?;
                // A literal on the left is never nullish; an empty one falls through `||`.
                // Nothing known on the left (a self-reference): the right may be taken.
                let falls_through =
                    left.is_empty() || (b.op == BinaryOp::LogicalOr && left.iter().any(String::is_empty));
                out.extend(left.into_iter().filter(|s| !(s.is_empty() && b.op == BinaryOp::LogicalOr)));
                if falls_through {
                    self.literal_values_into(&b.right, d, seen, out)?;
                }
            }
            Expr::Ident(i) => {
                // `x = x || "sh"`: the self-reference adds nothing to x's other values.
                if seen.contains(&i.to_id()) {
                    return Some(());
                }
                let b = self.bindings.get(i)?;
                let Decl::Var { init, path, .. } = &b.decl else { return None };
                if b.opaque_writes || !path.is_empty() {
                    return None;
                }
                if init.is_none() && b.assigns.is_empty() {
                    return None;
                }
                seen.push(i.to_id());
                if let Some(init) = init {
                    self.literal_values_into(init, d, seen, out)?;
                }
                for (op, rhs) in &b.assigns {
                    if *op != AssignOp::Assign {
                        return None;
                    }
                    self.literal_values_into(rhs, d, seen, out)?;
                }
                seen.pop();
            }
            // `process.env.SHELL` names the user's POSIX shell and `process.env.ComSpec`
            // Windows' `cmd.exe`, whatever their text: `spawn(process.env.SHELL || "sh",
            // ["-c", script])` runs a shell.
            Expr::Member(m) if self.is_process_env(&m.obj) => match member_name(&m.prop)?.to_ascii_lowercase().as_str()
            {
                "shell" => out.push("sh".into()),
                "comspec" => out.push("cmd.exe".into()),
                _ => return None,
            },
            Expr::Member(m) => {
                let Expr::Ident(obj) = unparen(&m.obj) else { return None };
                let prop = member_name(&m.prop)?;
                let b = self.bindings.get(obj)?;
                if b.mutated || b.member_assigns.iter().any(|(k, _)| *k == prop) {
                    return None;
                }
                let (value, []) = self.binding_value(obj)? else { return None };
                match unparen(value) {
                    Expr::Object(o) => self.literal_values_into(self.object_prop(o, &prop)?, d, seen, out)?,
                    // `const shell = getShell(); spawn(shell.cmd, [shell.arg, script])`,
                    // each `return` of the same-file function an object literal.
                    Expr::Call(c) => {
                        for r in self.returns_of_call(c)? {
                            let Expr::Object(o) = unparen(r?) else { return None };
                            self.literal_values_into(self.object_prop(o, &prop)?, d, seen, out)?;
                        }
                    }
                    _ => return None,
                }
            }
            Expr::Call(c) => {
                for r in self.returns_of_call(c)? {
                    self.literal_values_into(r?, d, seen, out)?;
                }
            }
            _ => return None,
        }
        Some(())
    }

    /// [`Semantic::returns_of`] of a call without arguments (`getShell()`).
    fn returns_of_call(&self, c: &'a CallExpr) -> Option<Vec<Option<&'a Expr>>> {
        if !c.args.is_empty() {
            return None;
        }
        self.returns_of(c)
    }

    /// The `return` values of the same-file function `c` calls, when it has at least
    /// one and is never reassigned; `None` in the list for a bare `return`.
    fn returns_of(&self, c: &'a CallExpr) -> Option<Vec<Option<&'a Expr>>> {
        let Callee::Expr(callee) = &c.callee else { return None };
        let Expr::Ident(f) = unparen(callee) else { return None };
        let b = self.bindings.get(f)?;
        if !b.assigns.is_empty() || b.opaque_writes {
            return None;
        }
        let mut returns = Vec::new();
        match &b.decl {
            Decl::Function { node, .. } => collect_returns(&node.body.as_ref()?.stmts, &mut returns),
            Decl::Var { init: Some(init), path, .. } if path.is_empty() => match unparen(init) {
                Expr::Arrow(a) => match &*a.body {
                    ArrowFunctionBody::Expr(e) => returns.push(Some(&**e)),
                    ArrowFunctionBody::FunctionBody(body) => collect_returns(&body.stmts, &mut returns),
                },
                Expr::Fn(fe) => collect_returns(&fe.function.body.as_ref()?.stmts, &mut returns),
                _ => return None,
            },
            _ => return None,
        }
        (!returns.is_empty()).then_some(returns)
    }
}
