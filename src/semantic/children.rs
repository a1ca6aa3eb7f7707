//! What happens to each child process a call site creates, computed once per file:
//! listeners on the child and its pipes, `kill`/`unref` calls, reads of a sync
//! result, and whether the value escapes (returned, passed on, stored), in which
//! case lifecycle rules stay silent.

use rustc_hash::FxHashMap as HashMap;

use swc_common::Span;
use swc_ecma_ast::*;

use super::ast::{self, VisitRef};
use super::resolve::{member_name, unparen};
pub use super::site::{ChildUse, FileFacts, Holder, Listener, Target};
use super::{Api, CallSite, Semantic};

const LISTEN: &[&str] = &["on", "once", "addListener", "prependListener", "prependOnceListener"];
/// Methods that return the emitter they are called on (chains).
const CHAINING: &[&str] =
    &["on", "once", "addListener", "prependListener", "prependOnceListener", "setEncoding", "removeListener", "off"];

const ROUTE_METHODS: &[&str] =
    &["get", "post", "put", "patch", "delete", "del", "all", "use", "head", "options", "route", "any"];

pub fn collect<'a>(sem: &Semantic<'a>, calls: &[CallSite<'a>], program: &'a Program) -> (Vec<ChildUse<'a>>, FileFacts) {
    let by_span: HashMap<(u32, u32), usize> =
        calls.iter().enumerate().map(|(i, c)| ((c.span.lo.0, c.span.hi.0), i)).collect();
    // Promisified calls hand their child out as `.child` (`util.promisify(exec)`) or
    // `.childProcess` (`child-process-promise`).
    let promised = calls.iter().map(|c| c.promisified).collect();
    let returns_child = calls
        .iter()
        .map(|c| {
            matches!(c.api, Api::Spawn | Api::Fork | Api::Exec | Api::ExecFile)
                || (matches!(c.api, Api::Execa | Api::ExecaCommand) && c.wrapper == Some("execa"))
        })
        .collect();
    let mut v = Uses {
        sem,
        by_span,
        promised,
        returns_child,
        held: HashMap::default(),
        uses: vec![ChildUse::default(); calls.len()],
        fn_spans: Vec::new(),
        timer_depth: 0,
        pass: Pass::Holders,
        facts: FileFacts::default(),
    };
    ast::walk_program(&mut v, program);
    v.pass = Pass::Uses;
    ast::walk_program(&mut v, program);
    // Uses of a variable that held several calls were recorded on the last one;
    // they apply to each (flow-insensitive, so it errs towards silence).
    for sites in v.held.values().filter(|s| s.len() > 1) {
        let Some(&last) = sites.last() else { continue };
        let from = v.uses[last].clone();
        for &site in &sites[..sites.len() - 1] {
            let u = &mut v.uses[site];
            u.escapes |= from.escapes;
            u.listeners.extend(from.listeners.iter().cloned());
            u.stdout_used |= from.stdout_used;
            u.stderr_used |= from.stderr_used;
            u.stdin_written = u.stdin_written.or(from.stdin_written);
            u.stdin_handled |= from.stdin_handled;
            u.kills.extend(from.kills.iter().copied());
            u.unref |= from.unref;
            u.props_read.extend(from.props_read.iter().cloned());
            u.disposed |= from.disposed;
        }
    }
    (v.uses, v.facts)
}

#[derive(PartialEq, Eq)]
enum Pass {
    Holders,
    Uses,
}

struct Uses<'s, 'a> {
    sem: &'s Semantic<'a>,
    by_span: HashMap<(u32, u32), usize>,
    /// Per call site: it returns a promise that carries the child.
    promised: Vec<bool>,
    /// Per call site: it returns a `ChildProcess` (not a sync result).
    returns_child: Vec<bool>,
    /// Variables holding a child; a variable assigned several calls holds them all.
    held: HashMap<Id, Vec<usize>>,
    uses: Vec<ChildUse<'a>>,
    fn_spans: Vec<Span>,
    timer_depth: u32,
    pass: Pass,
    facts: FileFacts,
}

fn str_arg(args: &[ExprOrSpread], i: usize) -> Option<String> {
    match args.get(i).map(|a| unparen(&a.expr)) {
        Some(Expr::Lit(Lit::Str(s))) => Some(s.value.to_string_lossy().into_owned()),
        Some(Expr::Tpl(t)) if t.exprs.is_empty() => {
            t.quasis.first().and_then(|q| q.cooked.as_ref()).map(|c| c.to_string_lossy().into_owned())
        }
        _ => None,
    }
}

/// Longest chain (`await`s, `.on(..)` calls, member accesses) followed back to a
/// child. Real code stays in single digits; the bound keeps a generated chain of
/// 100,000 links linear instead of quadratic (each link would walk the rest).
const MAX_CHAIN: usize = 32;

impl<'s, 'a> Uses<'s, 'a> {
    /// The call site an expression evaluates to, through `await`, parentheses and
    /// chained `.on(..)` calls.
    fn base_site(&self, e: &Expr) -> Option<usize> {
        self.base_site_within(e, MAX_CHAIN)
    }

    /// The call sites an expression can evaluate to: one, or one per branch of a
    /// conditional or `||`/`??`/`&&` (`win ? spawn(a) : spawn(b)`, `cached || spawn(..)`).
    fn base_sites(&self, e: &Expr) -> Vec<usize> {
        let mut out = Vec::new();
        self.base_sites_into(e, MAX_CHAIN, &mut out);
        out
    }

    fn base_sites_into(&self, e: &Expr, budget: usize, out: &mut Vec<usize>) {
        let Some(budget) = budget.checked_sub(1) else { return };
        match unparen(e) {
            Expr::Cond(c) => {
                self.base_sites_into(&c.cons, budget, out);
                self.base_sites_into(&c.alt, budget, out);
            }
            Expr::Bin(b)
                if matches!(b.op, BinaryOp::LogicalOr | BinaryOp::LogicalAnd | BinaryOp::NullishCoalescing) =>
            {
                self.base_sites_into(&b.left, budget, out);
                self.base_sites_into(&b.right, budget, out);
            }
            Expr::Await(a) if matches!(unparen(&a.arg), Expr::Cond(_) | Expr::Bin(_)) => {
                self.base_sites_into(&a.arg, budget, out);
            }
            other => out.extend(self.base_site_within(other, budget)),
        }
    }

    fn base_site_within(&self, e: &Expr, budget: usize) -> Option<usize> {
        let budget = budget.checked_sub(1)?;
        match unparen(e) {
            Expr::Await(a) => self.base_site_within(&a.arg, budget),
            Expr::Call(c) => {
                if let Some(i) = self.by_span.get(&(c.span.lo.0, c.span.hi.0)) {
                    return Some(*i);
                }
                let Callee::Expr(callee) = &c.callee else {
                    return None;
                };
                let Expr::Member(m) = unparen(callee) else {
                    return None;
                };
                let name = member_name(&m.prop)?;
                if CHAINING.contains(&&*name) { self.base_site_within(&m.obj, budget) } else { None }
            }
            _ => None,
        }
    }

    /// A reference to a tracked child or one of its pipes.
    fn child_ref(&self, e: &Expr) -> Option<(usize, Target)> {
        self.child_ref_within(e, MAX_CHAIN)
    }

    fn child_ref_within(&self, e: &Expr, budget: usize) -> Option<(usize, Target)> {
        let budget = budget.checked_sub(1)?;
        match unparen(e) {
            Expr::Ident(i) => self.held.get(&i.to_id()).and_then(|s| s.last()).map(|s| (*s, Target::Child)),
            // `await child` (execa, a promisified call): the result of the same call.
            Expr::Await(a) if matches!(unparen(&a.arg), Expr::Ident(_)) => self.child_ref_within(&a.arg, budget),
            Expr::Call(_) => {
                let site = self.base_site_within(e, budget)?;
                // A chain on a pipe (`child.stdout.on(..).on(..)`) keeps its target.
                let Expr::Call(c) = unparen(e) else {
                    return None;
                };
                if self.by_span.contains_key(&(c.span.lo.0, c.span.hi.0)) {
                    return Some((site, Target::Child));
                }
                let Callee::Expr(callee) = &c.callee else {
                    return None;
                };
                let Expr::Member(m) = unparen(callee) else {
                    return None;
                };
                self.child_ref_within(&m.obj, budget)
            }
            Expr::Member(m) => {
                let (site, t) = self.child_ref_within(&m.obj, budget)?;
                if t != Target::Child {
                    return None;
                }
                match &*member_name(&m.prop)? {
                    "child" | "childProcess" if self.promised[site] && !matches!(unparen(&m.obj), Expr::Member(_)) => {
                        Some((site, Target::Child))
                    }
                    "stdin" => Some((site, Target::Stdin)),
                    "stdout" => Some((site, Target::Stdout)),
                    "stderr" => Some((site, Target::Stderr)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn mark_used(&mut self, site: usize, t: Target) {
        let u = &mut self.uses[site];
        match t {
            Target::Stdout => u.stdout_used = true,
            Target::Stderr => u.stderr_used = true,
            Target::Stdin => u.stdin_handled = true,
            Target::Child => u.escapes = true,
        }
    }

    fn escape_expr(&mut self, e: &Expr) {
        if self.pass == Pass::Holders {
            for i in self.base_sites(e) {
                self.uses[i].escapes = true;
            }
        }
    }

    /// Whether the binding of `id` is declared outside the innermost function.
    fn is_outer(&self, id: &Ident) -> bool {
        let Some(f) = self.fn_spans.last() else {
            return false;
        };
        let Some(b) = self.sem.bindings.get(id) else {
            return true;
        };
        !(b.span.lo >= f.lo && b.span.hi <= f.hi)
    }

    fn hold(&mut self, pat: &Pat, site: usize) {
        match pat {
            Pat::Ident(b) => {
                self.held.entry(b.id.to_id()).or_default().push(site);
                self.uses[site].holder = Holder::Held(b.id.to_id());
            }
            Pat::Object(o) => {
                // `const { status, stdout } = spawnSync(..)`
                for p in &o.props {
                    let key = match p {
                        ObjectPatProp::KeyValue(kv) => match &kv.key {
                            PropName::Ident(i) => Some(i.sym.as_str().to_owned()),
                            PropName::Str(s) => Some(s.value.to_string_lossy().into_owned()),
                            _ => None,
                        },
                        ObjectPatProp::Assign(a) => Some(a.key.id.sym.as_str().to_owned()),
                        ObjectPatProp::Rest(_) => {
                            self.uses[site].escapes = true;
                            None
                        }
                    };
                    if let Some(k) = key {
                        self.uses[site].props_read.push(k);
                    }
                }
            }
            _ => self.uses[site].escapes = true,
        }
    }
}

impl<'s, 'a> VisitRef<'a> for Uses<'s, 'a> {
    fn visit_function(&mut self, n: &'a Function) {
        self.fn_spans.push(n.span);
        ast::walk_function(self, n);
        self.fn_spans.pop();
    }

    fn visit_arrow_expr(&mut self, n: &'a ArrowExpr) {
        self.fn_spans.push(n.span);
        if let ArrowFunctionBody::Expr(body) = &*n.body {
            self.escape_expr(body);
        }
        ast::walk_arrow_expr(self, n);
        self.fn_spans.pop();
    }

    fn visit_var_declarator(&mut self, n: &'a VarDeclarator) {
        if self.pass == Pass::Holders
            && let Some(init) = n.init.as_deref()
        {
            for site in self.base_sites(init) {
                if let Expr::Await(_) = unparen(init) {
                    self.uses[site].awaited = true;
                }
                self.hold(&n.name, site);
            }
        }
        if let Some(init) = &n.init {
            self.visit_expr(init);
        }
    }

    fn visit_using_decl(&mut self, n: &'a UsingDecl) {
        // `using child = spawn(..)` disposes of the child at the end of the scope:
        // `ChildProcess[Symbol.dispose]` kills it. Sync calls and promises have no
        // such method (`using` would throw), so only a call's own child counts.
        if self.pass == Pass::Holders {
            for d in &n.decls {
                let Some(init) = d.init.as_deref() else { continue };
                for site in self.base_sites(init) {
                    if !self.promised[site] && self.returns_child[site] && !matches!(unparen(init), Expr::Await(_)) {
                        self.uses[site].disposed = true;
                    }
                }
            }
        }
        ast::walk_using_decl(self, n);
    }

    fn visit_assign_expr(&mut self, n: &'a AssignExpr) {
        for site in if self.pass == Pass::Holders { self.base_sites(&n.right) } else { Vec::new() } {
            match &n.left {
                AssignTarget::Simple(SimpleAssignTarget::Ident(b)) if !self.is_outer(&b.id) => {
                    self.held.entry(b.id.to_id()).or_default().push(site);
                    self.uses[site].holder = Holder::Held(b.id.to_id());
                }
                _ => self.uses[site].escapes = true,
            }
        }
        self.visit_expr(&n.right);
        if let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = &n.left {
            self.visit_member_expr(m);
        }
    }

    fn visit_return_stmt(&mut self, n: &'a ReturnStmt) {
        if let Some(a) = &n.arg {
            self.escape_expr(a);
        }
        ast::walk_return_stmt(self, n);
    }

    fn visit_await_expr(&mut self, n: &'a AwaitExpr) {
        if self.pass == Pass::Holders
            && let Some(site) = self.base_site(&n.arg)
        {
            self.uses[site].awaited = true;
        }
        // Awaiting a held promise (`await p`) waits for it; it does not hand it on.
        if let Expr::Ident(i) = unparen(&n.arg)
            && let Some(sites) = self.held.get(&i.to_id())
        {
            if self.pass == Pass::Uses {
                for site in sites.clone() {
                    self.uses[site].awaited = true;
                }
            }
            return;
        }
        ast::walk_await_expr(self, n);
    }

    fn visit_array_lit(&mut self, n: &'a ArrayLit) {
        for e in n.elems.iter().flatten() {
            self.escape_expr(&e.expr);
        }
        ast::walk_array_lit(self, n);
    }

    fn visit_prop(&mut self, n: &'a Prop) {
        if let Prop::KeyValue(kv) = n {
            self.escape_expr(&kv.value);
        }
        ast::walk_prop(self, n);
    }

    fn visit_yield_expr(&mut self, n: &'a YieldExpr) {
        if let Some(a) = &n.arg {
            self.escape_expr(a);
        }
        ast::walk_yield_expr(self, n);
    }

    fn visit_new_expr(&mut self, n: &'a NewExpr) {
        for a in n.args.iter().flatten() {
            self.escape_expr(&a.expr);
            if self.pass == Pass::Uses
                && let Some((site, t)) = self.child_ref(&a.expr)
            {
                self.mark_used(site, t);
                continue;
            }
            ast::walk_expr_or_spread(self, a);
        }
        self.visit_expr(&n.callee);
    }

    fn visit_call_expr(&mut self, n: &'a CallExpr) {
        let callee = match &n.callee {
            Callee::Expr(e) => Some(&**e),
            _ => None,
        };
        let callee_name = callee.and_then(|c| match unparen(c) {
            Expr::Ident(i) => Some(std::borrow::Cow::Borrowed(&*i.sym)),
            Expr::Member(m) => member_name(&m.prop),
            _ => None,
        });
        let is_timer = matches!(callee_name.as_deref(), Some("setTimeout" | "setInterval" | "setImmediate"));
        let is_pipeline = matches!(callee_name.as_deref(), Some("pipeline"));
        let is_own_site = self.by_span.contains_key(&(n.span.lo.0, n.span.hi.0));
        if self.pass == Pass::Holders {
            self.note_handlers(n, callee, callee_name.as_deref());
        }

        // Method calls on a child or one of its pipes.
        let mut skip_callee_obj = false;
        if let (Pass::Uses, Some(Expr::Member(m))) = (&self.pass, callee.map(unparen))
            && let (Some((site, target)), Some(method)) = (self.child_ref(&m.obj), member_name(&m.prop))
        {
            skip_callee_obj = !matches!(unparen(&m.obj), Expr::Call(_));
            let u = &mut self.uses[site];
            match (target, &*method) {
                (_, m) if LISTEN.contains(&m) => {
                    let event = str_arg(&n.args, 0).unwrap_or_default();
                    u.listeners.push(Listener {
                        target,
                        event: event.clone(),
                        handler: n.args.get(1).map(|a| &*a.expr),
                        span: n.span,
                    });
                    if matches!(target, Target::Stdout | Target::Stderr)
                        && matches!(event.as_str(), "data" | "readable" | "end" | "close")
                    {
                        if target == Target::Stdout { u.stdout_used = true } else { u.stderr_used = true }
                    }
                }
                (Target::Child, "kill") => u.kills.push((n.span, self.timer_depth > 0)),
                (Target::Child, "unref") => u.unref = true,
                (Target::Stdin, "write" | "end") => {
                    u.stdin_written.get_or_insert(n.span);
                }
                (Target::Stdout, _) => u.stdout_used = true,
                (Target::Stderr, _) => u.stderr_used = true,
                (Target::Child, other) => u.props_read.push(other.to_string()),
                _ => {}
            }
        }

        // Arguments: a child passed on escapes; a pipe passed on counts as consumed.
        for (i, a) in n.args.iter().enumerate() {
            if !is_own_site || i > 0 {
                self.escape_expr(&a.expr);
            }
            if self.pass == Pass::Uses
                && let Some((site, t)) = self.child_ref(&a.expr)
            {
                match t {
                    Target::Stdin => {
                        let u = &mut self.uses[site];
                        if callee_name.as_deref() == Some("pipe") {
                            u.stdin_written.get_or_insert(n.span);
                        }
                        if is_pipeline || callee_name.as_deref() != Some("pipe") {
                            u.stdin_handled = true;
                        }
                    }
                    t => self.mark_used(site, t),
                }
                if matches!(unparen(&a.expr), Expr::Ident(_) | Expr::Member(_)) {
                    continue;
                }
            }
            if is_timer && matches!(unparen(&a.expr), Expr::Fn(_) | Expr::Arrow(_)) {
                self.timer_depth += 1;
                ast::walk_expr_or_spread(self, a);
                self.timer_depth -= 1;
            } else {
                ast::walk_expr_or_spread(self, a);
            }
        }
        if let Some(c) = callee {
            match (skip_callee_obj, unparen(c)) {
                (true, Expr::Member(m)) => {
                    if let MemberProp::Computed(p) = &m.prop {
                        ast::walk_computed_prop_name(self, p);
                    }
                }
                _ => self.visit_expr(c),
            }
        }
    }

    fn visit_member_expr(&mut self, n: &'a MemberExpr) {
        if self.pass == Pass::Uses
            && let Some((site, t)) = self.child_ref(&n.obj)
        {
            let prop = member_name(&n.prop).unwrap_or_default();
            match (t, &*prop) {
                (Target::Child, "stdout") => self.uses[site].stdout_used = true,
                (Target::Child, "stderr") => self.uses[site].stderr_used = true,
                (Target::Child, "stdin") => self.uses[site].stdin_handled = true,
                (Target::Child, p) => self.uses[site].props_read.push(p.to_string()),
                (t, _) => self.mark_used(site, t),
            }
            if matches!(unparen(&n.obj), Expr::Ident(_) | Expr::Member(_)) {
                return;
            }
        }
        ast::walk_member_expr(self, n);
    }

    fn visit_ident(&mut self, n: &'a Ident) {
        if self.pass == Pass::Uses
            && let Some(sites) = self.held.get(&n.to_id())
        {
            for site in sites.clone() {
                self.uses[site].escapes = true;
            }
        }
    }

    fn visit_binding_ident(&mut self, _: &'a BindingIdent) {}

    fn visit_expr(&mut self, n: &'a Expr) {
        ast::walk_expr(self, n);
    }
}

impl<'s, 'a> Uses<'s, 'a> {
    fn function_span(&self, e: &Expr) -> Option<Span> {
        let f = self.function_of(e)?;
        // A request handler takes the request: `(req, res)`, `(request, reply)`,
        // `async (ctx) => ..`. A zero-argument callback (`cache.get(key, () => ..)`)
        // is not one.
        let names: Vec<String> = match f {
            FnRef::Fn(func) => func.params.iter().map(|p| pat_name(&p.pat)).collect(),
            FnRef::Arrow(a) => a.params.iter().map(pat_name).collect(),
        };
        let looks_like_handler = names.len() >= 2
            || names
                .first()
                .is_some_and(|n| matches!(n.as_str(), "req" | "request" | "ctx" | "context" | "c" | "event"));
        if !looks_like_handler {
            return None;
        }
        Some(match f {
            FnRef::Fn(func) => func.span,
            FnRef::Arrow(a) => a.span,
        })
    }

    fn function_of<'e>(&self, e: &'e Expr) -> Option<FnRef<'e>>
    where
        'a: 'e,
    {
        match unparen(e) {
            Expr::Fn(f) => Some(FnRef::Fn(&f.function)),
            Expr::Arrow(a) => Some(FnRef::Arrow(a)),
            Expr::Ident(i) => match &self.sem.bindings.get(i)?.decl {
                super::Decl::Function { node, .. } => Some(FnRef::Fn(node)),
                super::Decl::Var { init: Some(init), path, .. } if path.is_empty() => match unparen(init) {
                    Expr::Fn(f) => Some(FnRef::Fn(&f.function)),
                    Expr::Arrow(a) => Some(FnRef::Arrow(a)),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    fn note_handlers(&mut self, n: &CallExpr, callee: Option<&Expr>, name: Option<&str>) {
        let Some(callee) = callee else { return };
        // `process.on("SIGTERM", ..)`
        if let Expr::Member(m) = unparen(callee)
            && let Expr::Ident(o) = unparen(&m.obj)
            && o.sym == *"process"
            && self.sem.is_unresolved(o.ctxt)
            && matches!(name, Some("on" | "once" | "addListener" | "prependListener"))
            && matches!(
                str_arg(&n.args, 0).as_deref(),
                Some("exit" | "SIGTERM" | "SIGINT" | "SIGHUP" | "beforeExit") | None
            )
        {
            self.facts.parent_exit_handler = true;
        }
        if matches!(self.sem.sym_of(callee), super::resolve::Sym::CreateServer) {
            let spans: Vec<Span> = n.args.iter().filter_map(|a| self.function_span(&a.expr)).collect();
            self.facts.handlers.extend(spans);
            return;
        }
        let Expr::Member(m) = unparen(callee) else {
            return;
        };
        let Some(method) = member_name(&m.prop) else {
            return;
        };
        // `server.on("request", handler)`
        if matches!(&*method, "on" | "once") && str_arg(&n.args, 0).as_deref() == Some("request") {
            let spans: Vec<Span> = n.args.iter().skip(1).filter_map(|a| self.function_span(&a.expr)).collect();
            self.facts.handlers.extend(spans);
            return;
        }
        if !ROUTE_METHODS.contains(&&*method) {
            return;
        }
        // `app.get("/path", handler)`, `router.post(/re/, mw, handler)`, `app.use(mw)`,
        // `server.route({ method, path, handler })`.
        // `app.route("/book").get(handler)`: the path was given to `route`.
        let chained_route = matches!(unparen(&m.obj), Expr::Call(inner) if matches!(&inner.callee,
            Callee::Expr(c) if matches!(unparen(c), Expr::Member(im) if member_name(&im.prop).as_deref() == Some("route"))));
        let path_first = chained_route
            || matches!(
                n.args.first().map(|a| unparen(&a.expr)),
                Some(Expr::Lit(Lit::Str(_) | Lit::Regex(_)) | Expr::Tpl(_) | Expr::Array(_))
            );
        let mut spans = Vec::new();
        for a in &n.args {
            if let Expr::Object(o) = unparen(&a.expr) {
                if let Some(h) = self.sem.object_prop(o, "handler") {
                    spans.extend(self.function_span(h));
                }
            } else if path_first || method == "use" {
                spans.extend(self.function_span(&a.expr));
            }
        }
        self.facts.handlers.extend(spans);
    }
}

#[derive(Clone, Copy)]
enum FnRef<'e> {
    Fn(&'e Function),
    Arrow(&'e ArrowExpr),
}

fn pat_name(p: &Pat) -> String {
    match p {
        Pat::Ident(b) => b.id.sym.as_str().to_owned(),
        Pat::Assign(a) => pat_name(&a.left),
        _ => String::new(),
    }
}

impl<'a> Semantic<'a> {
    /// Whether a listener ends this process: the function (written here, or a
    /// function declared in this file under that name) calls `process.exit(..)`.
    pub fn calls_process_exit(&self, f: &'a Expr) -> bool {
        struct Finder<'s, 'a> {
            sem: &'s Semantic<'a>,
            found: bool,
        }
        impl<'s, 'a> VisitRef<'a> for Finder<'s, 'a> {
            fn visit_call_expr(&mut self, n: &'a CallExpr) {
                if let Callee::Expr(c) = &n.callee
                    && let Expr::Member(m) = unparen(c)
                    && let Expr::Ident(o) = unparen(&m.obj)
                    && o.sym == *"process"
                    && self.sem.is_unresolved(o.ctxt)
                    && member_name(&m.prop).as_deref() == Some("exit")
                {
                    self.found = true;
                }
                ast::walk_call_expr(self, n);
            }
        }
        let mut v = Finder { sem: self, found: false };
        match unparen(f) {
            Expr::Fn(func) => ast::walk_function(&mut v, &func.function),
            Expr::Arrow(a) => ast::walk_arrow_expr(&mut v, a),
            Expr::Ident(i) => match self.bindings.get(i).map(|b| &b.decl) {
                Some(super::Decl::Function { node, .. }) => ast::walk_function(&mut v, node),
                _ => return false,
            },
            _ => return false,
        }
        v.found
    }
}
