//! What an `env` option holds, for `env-without-path` and `env-injection`: whether
//! the child inherits the parent's environment or gets a `PATH`, and whether HTTP
//! request data chooses the names of its variables. Also the writes to
//! `process.env` whose keys come from a request (`Object.assign(process.env,
//! req.body)`, `process.env[req.query.k] = v`), which every later child inherits.

use swc_common::{Span, Spanned};
use swc_ecma_ast::*;

use super::ast::{self, VisitRef};
use super::resolve::{member_name, unparen};
use super::values::PropValue;
use super::{Hole, Origin, Semantic};

/// Whether an environment object gives the child a `PATH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvPath {
    /// It spreads or copies `process.env` (or is it).
    Inherits,
    /// It sets `PATH` (any case) itself.
    SetsPath,
    /// A known object without `PATH`: the child gets none.
    NoPath,
    /// cplint cannot tell (a parameter, a call, a spread of an unknown object).
    Unknown,
}

/// A write to an environment whose keys come from the HTTP request.
#[derive(Debug, Clone)]
pub struct EnvWrite {
    /// The whole write (`Object.assign(...)`, `process.env[k] = v`).
    pub span: Span,
    /// The request data that picks the keys.
    pub hole: Hole,
    /// The environment written: `process.env`, or a local object's binding.
    pub target: EnvTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvTarget {
    ProcessEnv,
    Local(Id),
}

const MAX_DEPTH: u32 = 12;

/// `…] = value` (not `==`) after the `[` of `process.env[`: a computed write.
fn assigned_after_bracket(rest: &str) -> bool {
    let mut depth = 1usize;
    for (i, c) in rest.char_indices().take(400) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    let tail = rest[i + 1..].trim_start();
                    return tail.starts_with('=') && !tail.starts_with("==") && !tail.starts_with("=>");
                }
            }
            _ => {}
        }
    }
    false
}

impl<'a> Semantic<'a> {
    /// Some parameter of the file receives HTTP request data ([`super::sources`]).
    fn has_request_data(&self) -> bool {
        self.sources().is_some_and(|s| s.has_request)
    }

    /// `process.env` itself.
    pub fn is_process_env(&self, e: &Expr) -> bool {
        matches!(unparen(e), Expr::Member(m)
            if matches!(unparen(&m.obj), Expr::Ident(o) if o.sym == *"process" && self.is_unresolved(o.ctxt))
                && member_name(&m.prop).is_some_and(|p| p == "env"))
    }

    /// Whether the environment `e` gives the child a `PATH`.
    pub fn env_path(&self, e: &'a Expr) -> EnvPath {
        self.env_path_at(e, 0)
    }

    /// [`Semantic::env_path`] of an option's value (`{ env }` shorthand included).
    pub fn env_path_of(&self, v: PropValue<'a>) -> EnvPath {
        match v {
            PropValue::Expr(e) => self.env_path_at(e, 0),
            PropValue::Ident(i) => self.env_path_ident(i, 0),
        }
    }

    fn env_path_ident(&self, i: &Ident, depth: u32) -> EnvPath {
        let Some(b) = self.bindings.get(i) else { return EnvPath::Unknown };
        let Some((v, [])) = self.binding_value(i) else { return EnvPath::Unknown };
        // Used here only, besides `env.NAME = ...` writes, never mutated otherwise
        // (an `Object.assign(env, process.env)` would be a second use).
        if b.mutated || b.escapes as usize != 1 + b.member_assigns.len() {
            return EnvPath::Unknown;
        }
        if b.member_assigns.iter().any(|(k, _)| k.eq_ignore_ascii_case("path")) {
            return EnvPath::SetsPath;
        }
        self.env_path_at(v, depth + 1)
    }

    fn env_path_at(&self, e: &'a Expr, depth: u32) -> EnvPath {
        if depth > MAX_DEPTH {
            return EnvPath::Unknown;
        }
        if self.is_process_env(e) {
            return EnvPath::Inherits;
        }
        match unparen(e) {
            // `env: undefined` / `null`: Node uses `process.env`.
            Expr::Lit(Lit::Null(_)) => EnvPath::Inherits,
            Expr::Ident(i) if self.is_unresolved(i.ctxt) && i.sym == *"undefined" => EnvPath::Inherits,
            Expr::Object(o) => {
                let mut out = EnvPath::NoPath;
                for p in &o.props {
                    let here = match p {
                        PropOrSpread::Spread(s) => self.env_path_at(&s.expr, depth + 1),
                        PropOrSpread::Prop(p) => match &**p {
                            Prop::KeyValue(kv) => match &kv.key {
                                PropName::Ident(k) if k.sym.eq_ignore_ascii_case("path") => EnvPath::SetsPath,
                                PropName::Str(k)
                                    if k.value.as_str().is_some_and(|v| v.eq_ignore_ascii_case("path")) =>
                                {
                                    EnvPath::SetsPath
                                }
                                PropName::Computed(_) => EnvPath::Unknown,
                                _ => EnvPath::NoPath,
                            },
                            Prop::Shorthand(k) if k.sym.eq_ignore_ascii_case("path") => EnvPath::SetsPath,
                            _ => EnvPath::NoPath,
                        },
                    };
                    match here {
                        EnvPath::Inherits | EnvPath::SetsPath => return here,
                        EnvPath::Unknown => out = EnvPath::Unknown,
                        EnvPath::NoPath => {}
                    }
                }
                out
            }
            Expr::Ident(i) => self.env_path_ident(i, depth),
            Expr::Call(c) if self.is_object_assign(c) => {
                let mut out = EnvPath::NoPath;
                for a in &c.args {
                    let here = if a.spread.is_some() { EnvPath::Unknown } else { self.env_path_at(&a.expr, depth + 1) };
                    match here {
                        EnvPath::Inherits | EnvPath::SetsPath => return here,
                        EnvPath::Unknown => out = EnvPath::Unknown,
                        EnvPath::NoPath => {}
                    }
                }
                out
            }
            _ => EnvPath::Unknown,
        }
    }

    /// `Object.assign(...)` (the global `Object`).
    pub fn is_object_assign(&self, c: &CallExpr) -> bool {
        let Callee::Expr(callee) = &c.callee else { return false };
        matches!(unparen(callee), Expr::Member(m)
            if matches!(unparen(&m.obj), Expr::Ident(o) if o.sym == *"Object" && self.is_unresolved(o.ctxt))
                && member_name(&m.prop).is_some_and(|p| p == "assign"))
    }

    /// Request data in `e`, when `e` is taken whole as a set of names
    /// (`req.body`, `{ ...req.query }`), not as the value of one name.
    fn request_hole(&self, e: &'a Expr) -> Option<Hole> {
        self.shape(e).holes().find(|h| matches!(h.origin, Origin::Request(_))).cloned()
    }

    /// Request data that chooses the names of the variables of the environment
    /// `e`: the whole object from the request, a spread of request data, a computed
    /// key built from it, `Object.assign(.., req.body)`, or a local object that such
    /// a write filled ([`Semantic::env_writes`]).
    pub fn env_request_keys(&self, v: PropValue<'a>, writes: &[EnvWrite]) -> Option<Hole> {
        match v {
            PropValue::Expr(e) => self.env_keys_at(e, writes, 0),
            PropValue::Ident(i) => self.env_keys_ident(i, None, writes, 0),
        }
    }

    fn env_keys_ident(&self, i: &'a Ident, whole: Option<&'a Expr>, writes: &[EnvWrite], depth: u32) -> Option<Hole> {
        if self.is_unresolved(i.ctxt) {
            return None;
        }
        let id = i.to_id();
        if let Some(w) = writes.iter().find(|w| w.target == EnvTarget::Local(id.clone())) {
            return Some(w.hole.clone());
        }
        match self.binding_value(i) {
            Some((v, [])) => self.env_keys_at(v, writes, depth + 1),
            // `const { env } = req.body`, a parameter's property...
            _ => match whole {
                Some(e) => self.request_hole(e),
                None => self.ident_request_hole(i),
            },
        }
    }

    fn env_keys_at(&self, e: &'a Expr, writes: &[EnvWrite], depth: u32) -> Option<Hole> {
        if depth > MAX_DEPTH || self.is_process_env(e) {
            return None;
        }
        match unparen(e) {
            Expr::Object(o) => {
                for p in &o.props {
                    match p {
                        PropOrSpread::Spread(s) => {
                            if let Some(h) = self.env_keys_at(&s.expr, writes, depth + 1) {
                                return Some(h);
                            }
                        }
                        PropOrSpread::Prop(p) => {
                            if let Prop::KeyValue(kv) = &**p
                                && let PropName::Computed(k) = &kv.key
                                && let Some(h) = self.request_hole(&k.expr)
                            {
                                return Some(h);
                            }
                        }
                    }
                }
                None
            }
            Expr::Call(c) if self.is_object_assign(c) => {
                c.args.iter().filter(|a| a.spread.is_none()).find_map(|a| self.env_keys_at(&a.expr, writes, depth + 1))
            }
            Expr::Ident(i) => self.env_keys_ident(i, Some(e), writes, depth),
            // `req.body.env`, `req.query`: the request's own object.
            Expr::Member(_) => self.request_hole(e),
            _ => None,
        }
    }

    /// Writes to `process.env` whose keys come from the request:
    /// `Object.assign(process.env, req.body)`, `process.env[req.query.k] = v`. The
    /// file is walked only when its text has `process.env[` or
    /// `assign(process.env` and a name a request is held under.
    pub fn process_env_writes(&self) -> Vec<EnvWrite> {
        let src = self.src;
        const NAME: &str = "process.env";
        let candidate = memchr::memmem::find_iter(src.as_bytes(), NAME).any(|at| {
            let after = src[at + NAME.len()..].trim_start();
            src[..at].trim_end().ends_with("assign(") || after.strip_prefix('[').is_some_and(assigned_after_bracket)
        });
        if !candidate || !self.has_request_data() {
            return Vec::new();
        }
        let mut out = self.env_writes();
        out.retain(|w| w.target == EnvTarget::ProcessEnv);
        out
    }

    /// Writes whose keys come from the request, to `process.env` or to a local
    /// object: `Object.assign(target, req.body)`, `target[req.query.k] = v` (one walk
    /// of the file; call it only when an environment needs it).
    pub fn env_writes(&self) -> Vec<EnvWrite> {
        if !self.has_request_data() {
            return Vec::new();
        }
        let mut v = EnvWriteFinder { sem: self, out: Vec::new(), keys: Vec::new() };
        ast::walk_program(&mut v, self.program);
        v.out
    }

    /// Request data held by a binding used in shorthand (`{ env }`).
    fn ident_request_hole(&self, i: &'a Ident) -> Option<Hole> {
        let shape = self.prop_shape(PropValue::Ident(i));
        shape.holes().find(|h| matches!(h.origin, Origin::Request(_))).cloned()
    }

    fn env_target(&self, e: &Expr) -> Option<EnvTarget> {
        if self.is_process_env(e) {
            return Some(EnvTarget::ProcessEnv);
        }
        match unparen(e) {
            Expr::Ident(i) if !self.is_unresolved(i.ctxt) => Some(EnvTarget::Local(i.to_id())),
            _ => None,
        }
    }
}

struct EnvWriteFinder<'s, 'a> {
    sem: &'s Semantic<'a>,
    out: Vec<EnvWrite>,
    /// Loop and callback variables that hold the keys of request data
    /// (`for (const k in req.body)`, `Object.keys(req.query).forEach((k) => …)`),
    /// with the request data they come from.
    keys: Vec<(Id, Hole)>,
}

impl<'a> EnvWriteFinder<'_, 'a> {
    /// `Object.keys(x)` / `Object.entries(x)` of request data: the data.
    fn keys_of_request(&self, e: &'a Expr) -> Option<Hole> {
        let Expr::Call(c) = unparen(e) else { return None };
        let Callee::Expr(callee) = &c.callee else { return None };
        let Expr::Member(m) = unparen(callee) else { return None };
        let Expr::Ident(o) = unparen(&m.obj) else { return None };
        if o.sym != *"Object" || !self.sem.is_unresolved(o.ctxt) {
            return None;
        }
        if !member_name(&m.prop).is_some_and(|p| p == "keys" || p == "entries") {
            return None;
        }
        let arg = c.args.first().filter(|a| a.spread.is_none())?;
        self.sem.request_hole(&arg.expr)
    }

    /// The key variable of a loop head or callback parameter: `k`, or the first
    /// element of `[k, v]`.
    fn record_key(&mut self, pat: &Pat, hole: &Hole) {
        match pat {
            Pat::Ident(b) => self.keys.push((b.id.to_id(), hole.clone())),
            Pat::Array(a) => {
                if let Some(Some(Pat::Ident(b))) = a.elems.first() {
                    self.keys.push((b.id.to_id(), hole.clone()));
                }
            }
            _ => {}
        }
    }

    fn key_hole(&self, k: &'a Expr) -> Option<Hole> {
        if let Expr::Ident(i) = unparen(k)
            && let Some((_, h)) = self.keys.iter().find(|(id, _)| *id == i.to_id())
        {
            return Some(Hole { span: i.span, origin: h.origin.clone(), safety: h.safety });
        }
        self.sem.request_hole(k)
    }
}

fn head_pat(h: &ForHead) -> Option<&Pat> {
    match h {
        ForHead::VarDecl(v) => v.decls.first().map(|d| &d.name),
        ForHead::Pat(p) => Some(p),
        _ => None,
    }
}

impl<'a> VisitRef<'a> for EnvWriteFinder<'_, 'a> {
    fn visit_for_in_stmt(&mut self, n: &'a ForInStmt) {
        if let Some(hole) = self.sem.request_hole(&n.right)
            && let Some(p) = head_pat(&n.left)
        {
            self.record_key(p, &hole);
        }
        ast::walk_for_in_stmt(self, n);
    }

    fn visit_for_of_stmt(&mut self, n: &'a ForOfStmt) {
        if let Some(hole) = self.keys_of_request(&n.right)
            && let Some(p) = head_pat(&n.left)
        {
            self.record_key(p, &hole);
        }
        ast::walk_for_of_stmt(self, n);
    }

    fn visit_call_expr(&mut self, c: &'a CallExpr) {
        // `Object.keys(req.body).forEach((k) => …)`: `k` is a key of request data.
        if let Callee::Expr(callee) = &c.callee
            && let Expr::Member(m) = unparen(callee)
            && member_name(&m.prop).is_some_and(|p| matches!(&*p, "forEach" | "map" | "filter" | "reduce"))
            && let Some(hole) = self.keys_of_request(&m.obj)
            && let Some(f) = c.args.first()
        {
            let index = usize::from(member_name(&m.prop).is_some_and(|p| p == "reduce"));
            let pat = match unparen(&f.expr) {
                Expr::Arrow(a) => a.params.get(index),
                Expr::Fn(func) => func.function.params.get(index).map(|p| &p.pat),
                _ => None,
            };
            if let Some(p) = pat {
                self.record_key(p, &hole);
            }
        }
        if self.sem.is_object_assign(c)
            && let Some(first) = c.args.first().filter(|a| a.spread.is_none())
            && let Some(target) = self.sem.env_target(&first.expr)
            && let Some(hole) =
                c.args[1..].iter().filter(|a| a.spread.is_none()).find_map(|a| self.sem.env_keys_at(&a.expr, &[], 1))
        {
            self.out.push(EnvWrite { span: c.span, hole, target });
        }
        ast::walk_call_expr(self, c);
    }

    fn visit_assign_expr(&mut self, a: &'a AssignExpr) {
        if let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = &a.left
            && let MemberProp::Computed(k) = &m.prop
            && let Some(target) = self.sem.env_target(&m.obj)
            && let Some(hole) = self.key_hole(&k.expr)
        {
            self.out.push(EnvWrite { span: a.span(), hole, target });
        }
        ast::walk_assign_expr(self, a);
    }
}
