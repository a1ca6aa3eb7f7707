//! Every call whose callee resolves to a command API becomes a [`CallSite`].

use swc_common::{Span, Spanned};
use swc_ecma_ast::*;

use super::ast::{VisitRef, walk_call_expr, walk_new_expr, walk_program, walk_tagged_tpl};
use super::resolve::{ApiRef, Sym, unparen};
use super::site::CallSite;
use super::{Api, Semantic};
use crate::models::Layout;

pub fn collect<'a>(sem: &Semantic<'a>, program: &'a Program) -> Vec<CallSite<'a>> {
    let mut c = Collector { sem, out: Vec::new() };
    walk_program(&mut c, program);
    c.out
}

struct Collector<'s, 'a> {
    sem: &'s Semantic<'a>,
    out: Vec<CallSite<'a>>,
}

fn is_function(e: &Expr) -> bool {
    matches!(unparen(e), Expr::Fn(_) | Expr::Arrow(_))
}

/// A value that is (most likely) a function: a function expression, a binding to
/// one, a parameter the function calls (`end()`), `f.bind(..)`, or a name
/// conventionally used for callbacks. A binding whose value is an object, array or
/// string is not one, whatever its name.
fn looks_like_function<'a>(sem: &Semantic<'a>, e: &'a Expr) -> bool {
    match unparen(e) {
        Expr::Fn(_) | Expr::Arrow(_) => true,
        Expr::Ident(i) => {
            if let Some(b) = sem.bindings.get(i) {
                match &b.decl {
                    super::Decl::Function { .. } => return true,
                    super::Decl::Var { init: Some(v), path, .. } if path.is_empty() => {
                        if is_function(v) {
                            return true;
                        }
                        if matches!(unparen(v), Expr::Object(_) | Expr::Array(_) | Expr::Lit(_) | Expr::Tpl(_)) {
                            return false;
                        }
                    }
                    // A parameter that its function calls is a callback.
                    super::Decl::Param { .. } if sem.bindings.calls_of.contains_key(&i.to_id()) => return true,
                    _ => {}
                }
            }
            let n = i.sym.to_lowercase();
            matches!(
                n.as_str(),
                "cb" | "callback"
                    | "done"
                    | "next"
                    | "fn"
                    | "handler"
                    | "resolve"
                    | "reject"
                    | "end"
                    | "finish"
                    | "finished"
                    | "complete"
            ) || n.ends_with("callback")
                || n.ends_with("cb")
                || n.ends_with("handler")
                || (n.starts_with("on") && i.sym.chars().nth(2).is_some_and(|c| c.is_ascii_uppercase()))
        }
        Expr::Call(c) => matches!(&c.callee, Callee::Expr(callee) if matches!(unparen(callee),
            Expr::Member(m) if matches!(&m.prop, MemberProp::Ident(p) if p.sym == *"bind"))),
        _ => false,
    }
}

/// Sorts the arguments after the command (and argv) into options and callback:
/// `(options, callback)`, `(callback)` or `(options)`.
fn options_and_callback<'a>(sem: &Semantic<'a>, rest: &[&'a Expr]) -> (Option<&'a Expr>, Option<&'a Expr>) {
    match rest {
        [] => (None, None),
        [one] if looks_like_function(sem, one) => (None, Some(*one)),
        [one] => (Some(*one), None),
        // `exec(cmd, cb, extra)`: a function first is the callback, not options.
        [c, o, ..] if looks_like_function(sem, c) && !looks_like_function(sem, o) => (None, Some(*c)),
        [o, c, ..] => (Some(*o), Some(*c)),
    }
}

/// Whether an argument looks like an argument array (`Some(true)`), an options object
/// (`Some(false)`), or cannot be told: a literal, a binding to one, a name such as
/// `args`/`opts`, an array method.
pub fn looks_like_array<'a>(sem: &Semantic<'a>, e: &'a Expr) -> Option<bool> {
    match unparen(e) {
        Expr::Array(_) => Some(true),
        Expr::Object(_) => Some(false),
        Expr::Ident(i) => match sem.binding_value(i) {
            Some((v, [])) => looks_like_array(sem, v),
            _ => {
                let n = i.sym.to_lowercase();
                if n.ends_with("args") || n.ends_with("argv") || n.ends_with("arguments") || n == "params" {
                    Some(true)
                } else if n.contains("opt") || n.contains("config") || n.ends_with("settings") {
                    Some(false)
                } else {
                    None
                }
            }
        },
        Expr::Call(c) => match &c.callee {
            Callee::Expr(callee) => match unparen(callee) {
                Expr::Member(m) => match &m.prop {
                    MemberProp::Ident(p) => match &*p.sym {
                        "concat" | "map" | "filter" | "slice" | "split" | "flat" | "flatMap" => Some(true),
                        "assign" => Some(false),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

impl<'s, 'a> Collector<'s, 'a> {
    fn site(&self, r: ApiRef, args: &'a [ExprOrSpread], span: Span, is_new: bool, callee_span: Span) -> CallSite<'a> {
        let spread_at = args.iter().position(|a| a.spread.is_some()).unwrap_or(usize::MAX);
        let arg = |i: usize| -> Option<&'a Expr> { if i >= spread_at { None } else { args.get(i).map(|a| &*a.expr) } };
        let mut s = CallSite {
            api: r.api,
            promisified: r.promisified,
            wrapper: r.wrapper,
            name: r.name,
            layout: r.layout,
            arg_list: args,
            is_new,
            span,
            callee_span,
            callee: None,
            command: arg(0),
            args: None,
            options: None,
            callback: None,
            spread: spread_at != usize::MAX,
            facts: Default::default(),
            child: Default::default(),
        };
        let rest: Vec<&'a Expr> = (1..args.len().min(spread_at)).filter_map(arg).collect();
        match r.api {
            Api::Exec
            | Api::ExecSync
            | Api::ShellString
            | Api::ExecaCommand
            | Api::VmRun
            | Api::VmThisContext
            | Api::VmNew
            | Api::Vm2 => {
                let (o, c) = options_and_callback(self.sem, &rest);
                s.options = o;
                s.callback = c;
                // exec-limiter's `add(cmd, args, ...)` runs without a shell.
                if r.api == Api::ShellString && s.options.is_some_and(|o| looks_like_array(self.sem, o) == Some(true)) {
                    s.command = None;
                }
            }
            _ => {
                let mut it = rest.into_iter().peekable();
                if let Some(first) = it.peek().copied() {
                    let remaining = args.len().min(spread_at) - 1;
                    match looks_like_array(self.sem, first) {
                        _ if looks_like_function(self.sem, first) => {}
                        Some(true) => {
                            s.args = Some(first);
                            it.next();
                        }
                        Some(false) => {}
                        None if remaining >= 2 => {
                            s.args = Some(first);
                            it.next();
                        }
                        None => {
                            // One ambiguous argument: either argv or options. Treat it as
                            // argv; options then count as absent for rules that need them
                            // (they are silent on unknown options anyway).
                            s.args = Some(first);
                            it.next();
                        }
                    }
                }
                let tail: Vec<&'a Expr> = it.collect();
                let (o, c) = options_and_callback(self.sem, &tail);
                s.options = o;
                s.callback = c;
            }
        }
        // With a spread the positions are unknown, but a function written last is
        // still the callback (`execFile(...args, (err) => ..)`).
        if s.spread
            && s.callback.is_none()
            && let Some(last) = args.last().filter(|a| a.spread.is_none())
            && is_function(&last.expr)
        {
            s.callback = Some(&last.expr);
        }
        if let Layout::CommandAt(n) = r.layout {
            s.command = arg(usize::from(n));
            s.options = None;
            s.callback = None;
            s.args = None;
        } else if r.layout == Layout::HostsFirst {
            // `remoteExec(hosts, command, options?, callback?)`: a list of commands is
            // not read.
            s.command = arg(1).filter(|c| looks_like_array(self.sem, c) != Some(true));
            let rest: Vec<&'a Expr> = (2..args.len().min(spread_at)).filter_map(arg).collect();
            let (o, c) = options_and_callback(self.sem, &rest);
            s.options = o;
            s.callback = c;
        } else if r.layout == Layout::ShellOrArgv {
            // npm `exec([file, ...args], ..)`: no shell (no rule here reads its argv).
            if s.command.is_some_and(|c| looks_like_array(self.sem, c) == Some(true)) {
                s.command = None;
            }
        } else if !matches!(r.layout, Layout::Standard | Layout::RawTemplate | Layout::Template) {
            self.relayout(&mut s, arg(0), arg(1));
        }
        s
    }

    /// Sorts the arguments of a runtime global whose program and arguments sit
    /// elsewhere ([`Layout`]).
    fn relayout(&self, s: &mut CallSite<'a>, first: Option<&'a Expr>, second: Option<&'a Expr>) {
        let sem = self.sem;
        // An object literal, written here or held in a binding that never changes.
        let object = |e: &'a Expr| match unparen(e) {
            Expr::Object(o) => Some(o),
            Expr::Ident(i) => match sem.binding_value(i) {
                Some((v, [])) => match unparen(v) {
                    Expr::Object(o) => Some(o),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        s.callback = None;
        match s.layout {
            Layout::Standard
            | Layout::HostsFirst
            | Layout::CommandAt(_)
            | Layout::RawTemplate
            | Layout::Template
            | Layout::ShellOrArgv => {}
            // `opener(target, { command })`, `open(target, { app })`: the program is
            // an option; nothing else is `child_process`'s.
            Layout::AppOption => {
                let options = second.and_then(object);
                s.options = None;
                s.args = None;
                s.spread = true;
                s.command = options.and_then(|o| {
                    sem.object_prop(o, "command").or_else(|| {
                        let app = sem.object_prop(o, "app")?;
                        match looks_like_array(sem, app) {
                            Some(true) => super::facts::array_elements(sem, app)?
                                .first()
                                .filter(|e| e.spread.is_none())
                                .map(|e| &*e.expr),
                            _ => match object(app) {
                                Some(a) => sem.object_prop(a, "name"),
                                None => Some(app),
                            },
                        }
                    })
                });
            }
            // `Bun.spawn([file, ...args], options?)`, `Bun.spawn({ cmd: [..], ... })`.
            Layout::ArgvFirst => {
                let (argv, options) = match first {
                    Some(f) if looks_like_array(sem, f) == Some(true) => (Some(f), second),
                    Some(f) => match object(f) {
                        Some(o) => (sem.object_prop(o, "cmd"), Some(f)),
                        None => (None, None),
                    },
                    None => (None, None),
                };
                s.args = argv;
                s.options = options;
                s.command = argv
                    .and_then(|a| super::facts::array_elements(sem, a))
                    .and_then(|e| e.first().copied())
                    .filter(|e| e.spread.is_none())
                    .map(|e| &*e.expr);
                if argv.is_none() {
                    // Unknown options: no rule may read them as Node's.
                    s.spread = true;
                }
            }
            // `new Deno.Command(file, { args, ... })`.
            Layout::ArgsOption => {
                s.command = first;
                s.options = second;
                s.args = second.and_then(object).and_then(|o| sem.object_prop(o, "args"));
            }
            // `process.execve(file, [argv0, ...args], env)`: no options.
            Layout::Argv0 => {
                s.command = first;
                s.args = second;
                s.options = None;
            }
        }
    }
}

impl<'s, 'a> VisitRef<'a> for Collector<'s, 'a> {
    fn visit_call_expr(&mut self, n: &'a CallExpr) {
        if let Callee::Expr(callee) = &n.callee
            && let Sym::Api(r) = self.sem.callable(self.sem.sym_of(callee))
            && !r.api.is_constructor()
            && !matches!(r.layout, Layout::ArgsOption | Layout::RawTemplate | Layout::Template)
        {
            let mut site = self.site(r, &n.args, n.span, false, callee.span());
            site.callee = Some(&**callee);
            self.out.push(site);
        }
        walk_call_expr(self, n);
    }

    /// `Bun.$\`tar xf ${{ raw: args }}\``: each raw interpolation reaches the shell
    /// unquoted, and is the command of a call site of its own.
    fn visit_tagged_tpl(&mut self, n: &'a TaggedTpl) {
        let (r, options) = match self.sem.sym_of(&n.tag) {
            Sym::Api(r) => (Some(r), None),
            Sym::Tag(r, o) => (Some(r), o),
            _ => (None, None),
        };
        // execa's `$({ shell: true })\`tar xf ${file}\``: the words joined into a shell
        // command; the first dynamic interpolation stands for the command.
        if let Some(r) = r
            && r.layout == Layout::Template
            && let Some(opts) = options
            && let Some(shell) = self.sem.props_of(opts).get("shell")
            && shell.value.is_none_or(|v| self.sem.prop_truthiness(v) != super::Tri::False)
            && let Some(cmd) = n.tpl.exprs.iter().find(|e| !self.sem.shape(e).is_constant())
        {
            let mut site = self.site(r, &[], n.span, false, n.tag.span());
            site.command = Some(&**cmd);
            site.options = Some(opts);
            // The program and its arguments are words of the template, not values
            // cplint can list: rules that read them stay silent.
            site.spread = true;
            self.out.push(site);
        }
        // execa's `$\`${program} ${arg}\`` without a shell: the first word, when it is
        // an interpolation, is the program (what `untrusted-program` reads).
        else if let Some(r) = r
            && r.layout == Layout::Template
            && n.tpl.quasis.first().is_some_and(|q| q.raw.trim().is_empty())
            && let Some(program) = n.tpl.exprs.first()
            && !self.sem.shape(program).is_constant()
        {
            let mut site = self.site(r, &[], n.span, false, n.tag.span());
            site.command = Some(&**program);
            site.options = options;
            site.spread = true;
            self.out.push(site);
        }
        if let Some(r) = r
            && r.layout == Layout::RawTemplate
        {
            for e in &n.tpl.exprs {
                let Sym::Object(o) = self.sem.sym_of(e) else { continue };
                let Some(raw) = self.sem.object_prop(o, "raw") else { continue };
                let mut site = self.site(r, &[], n.span, false, n.tag.span());
                site.command = Some(raw);
                self.out.push(site);
            }
        }
        walk_tagged_tpl(self, n);
    }

    fn visit_new_expr(&mut self, n: &'a NewExpr) {
        if let Sym::Api(r) = self.sem.sym_of(&n.callee)
            && (r.api.is_constructor() || r.layout == Layout::ArgsOption)
        {
            let args: &'a [ExprOrSpread] = n.args.as_deref().unwrap_or(&[]);
            let site = self.site(r, args, n.span, true, n.callee.span());
            self.out.push(site);
        }
        walk_new_expr(self, n);
    }
}
