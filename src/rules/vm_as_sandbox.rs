use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, describe_origin, label_at};
use crate::semantic::{Api, CallSite};

declare_rule! {
    /// ## What it flags
    ///
    /// `node:vm` running code that is not a constant — `vm.runInNewContext`,
    /// `runInContext`, `runInThisContext`, `compileFunction`, `new vm.Script`,
    /// `new vm.SourceTextModule` — and any construction of a `vm2` sandbox
    /// (`new VM()`, `new NodeVM()`, `new VMScript()`).
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
    ///   program's own files.
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
    fn check_call<'a>(&self, cx: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        let sem = cx.sem;
        let callee = sem.snippet(site.callee_span, 40);
        match site.api {
            Api::Vm2 => out.emit(at_call(
                site,
                "vm2 sandbox",
                format!("`{callee}` from vm2 is used as a sandbox, and vm2 has known escapes"),
                "run untrusted code in a separate low-privilege process or container, or in `isolated-vm` with memory and time limits".into(),
                Some("vm2 is deprecated: its maintainers advise against using it for untrusted code"),
            )),
            Api::VmRun | Api::VmNew => {
                let Some(code) = site.command else { return };
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
