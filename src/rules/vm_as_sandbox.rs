use swc_ecma_ast::{Callee, Expr, Lit, MemberProp};

use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, describe_origin, label_at};
use crate::semantic::resolve::unparen;
use crate::semantic::{Api, CallSite, Decl, Origin, Semantic};

declare_rule! {
    /// ## What it flags
    ///
    /// `node:vm` running code that is not a constant — `vm.runInNewContext`,
    /// `runInContext`, `compileFunction`, `new vm.Script`,
    /// `new vm.SourceTextModule` — and any construction of a `vm2` sandbox
    /// (`new VM()`, `new NodeVM()`, `new VMScript()`). `vm.runInThisContext`
    /// is reported only when its code comes from an HTTP request.
    ///
    /// ## Why it matters
    ///
    /// `vm` is not a security boundary: code in a context can reach the host's
    /// `Function` constructor through any object passed in and run with the full
    /// rights of the process. `vm2` is deprecated after a series of sandbox
    /// escapes. Untrusted code needs a separate process with few rights, a
    /// container, or a V8 isolate with limits (`isolated-vm`).
    ///
    /// ## Example
    ///
    /// ```js
    /// const vm = require("node:vm");
    ///
    /// function evaluate(userCode) {
    ///   return vm.runInNewContext(userCode, { Math });
    /// }
    /// module.exports = { evaluate };
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const vm = require("node:vm");
    ///
    /// // vm is fine for code you wrote yourself; run untrusted code in an
    /// // isolated worker process or with isolated-vm instead.
    /// const double = vm.runInNewContext("(x) => x * 2");
    /// module.exports = { double };
    /// ```
    ///
    /// ## Known limits
    ///
    /// - Every non-constant code string is reported, even one read from the
    ///   program's own files — except a CommonJS module wrapped with
    ///   `require("module").wrap(source)`: that is a module loader (pkg, yarn's
    ///   compile cache), which compiles what `require` would run anyway.
    /// - `vm.runInThisContext` has no context of its own: it is `eval` with the
    ///   global scope, used by module loaders, bundlers and config readers on
    ///   code the program means to run (webpack, jiti, pm2 and promzard do), and
    ///   nobody takes it for a sandbox. It is reported only when the code comes
    ///   from an HTTP request (a request handler's parameter), where it runs
    ///   whatever a client sends; a parameter, a file or the command line is not
    ///   enough. `new vm.Script(code)` is reported however it is run.
    pub struct VmAsSandbox;
    code: "CP010",
    name: "vm-as-sandbox",
    severity: Warning,
    category: Security,
    cwe: [265],
    summary: "node:vm or vm2 used to run code that is not a constant",
    precision: "high",
    security_severity: "6.5",
}

impl Rule for VmAsSandbox {
    fn check_call<'a>(&self, Context { sem, .. }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        let callee = sem.snippet(site.callee_span, 40);
        match site.api {
            Api::Vm2 => out.emit(at_call(
                site,
                "vm2 sandbox",
                format!("`{callee}` from vm2 is used as a sandbox, and vm2 has known escapes"),
                "run untrusted code in a separate low-privilege process or container, or in `isolated-vm` with memory and time limits".into(),
                Some("vm2 is deprecated: its maintainers advise against using it for untrusted code"),
            )),
            Api::VmThisContext => {
                let Some(code) = site.command else { return };
                let shape = sem.shape(code);
                let Some(h) = shape.holes().find(|h| matches!(h.origin, Origin::Request(_))) else { return };
                let mut f = at_call(
                    site,
                    "runs request data as code",
                    format!("`{callee}` runs code built from {}, with the full rights of this process", describe_origin(&h.origin)),
                    "never run code a client sends; if users must supply logic, give them a small expression language, or run it in a separate low-privilege process or in `isolated-vm` with memory and time limits".into(),
                    Some("`runInThisContext` has no sandbox at all: the code sees the process's globals, `process` included"),
                );
                f.labels.push(label_at(h.span, "code from here"));
                out.emit(f);
            }
            Api::VmRun | Api::VmNew => {
                let Some(code) = site.command else { return };
                if is_module_wrap(sem, code, 0) {
                    return;
                }
                let shape = sem.shape(code);
                let Some(h) = shape.holes().next() else { return };
                let mut f = at_call(
                    site,
                    "not a security boundary",
                    format!("`{callee}` runs code built from {}; `vm` is not a sandbox", describe_origin(&h.origin)),
                    "run untrusted code in a separate low-privilege process or container, or in `isolated-vm` with memory and time limits".into(),
                    Some("code in a `vm` context can reach the host's `Function` constructor and run with the full rights of this process"),
                );
                f.labels.push(label_at(h.span, "code from here"));
                out.emit(f);
            }
            _ => {}
        }
    }
}

/// `Module.wrap(source)` with `Module` bound to `require("module")` (or
/// `node:module`), directly or through a `const`: the CommonJS wrapper a module
/// loader compiles.
fn is_module_wrap<'a>(sem: &Semantic<'a>, e: &'a Expr, depth: u32) -> bool {
    match unparen(e) {
        Expr::Ident(i) if depth < 4 => match sem.binding(i) {
            Some(b) if b.assigns.is_empty() => match &b.decl {
                Decl::Var { init: Some(init), path, .. } if path.is_empty() => is_module_wrap(sem, init, depth + 1),
                _ => false,
            },
            _ => false,
        },
        // `blob ? Module.wrap(source) : undefined`: no code, or wrapped source.
        Expr::Cond(c) if depth < 4 => {
            let no_code = |e: &Expr| match unparen(e) {
                Expr::Ident(u) => u.sym == *"undefined" && sem.is_unresolved(u.ctxt),
                Expr::Lit(Lit::Null(_)) => true,
                _ => false,
            };
            (is_module_wrap(sem, &c.cons, depth + 1) || no_code(&c.cons))
                && (is_module_wrap(sem, &c.alt, depth + 1) || no_code(&c.alt))
                && !(no_code(&c.cons) && no_code(&c.alt))
        }
        Expr::Call(c) => {
            let Callee::Expr(callee) = &c.callee else { return false };
            let Expr::Member(m) = unparen(callee) else { return false };
            if !matches!(&m.prop, MemberProp::Ident(p) if p.sym == *"wrap") {
                return false;
            }
            let Expr::Ident(obj) = unparen(&m.obj) else { return false };
            let Some(b) = sem.binding(obj) else { return false };
            match &b.decl {
                Decl::Var { init: Some(init), path, .. } if path.is_empty() && b.assigns.is_empty() => {
                    is_require_of_module(sem, init)
                }
                _ => false,
            }
        }
        _ => false,
    }
}

fn is_require_of_module(sem: &Semantic<'_>, e: &Expr) -> bool {
    let Expr::Call(c) = unparen(e) else { return false };
    let Callee::Expr(callee) = &c.callee else { return false };
    let Expr::Ident(r) = unparen(callee) else { return false };
    if r.sym != *"require" || !sem.is_unresolved(r.ctxt) {
        return false;
    }
    matches!(c.args.first().map(|a| unparen(&a.expr)),
        Some(Expr::Lit(Lit::Str(s))) if matches!(s.value.as_str(), Some("module" | "node:module")))
}
