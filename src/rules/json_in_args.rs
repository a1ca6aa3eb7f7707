use swc_common::Spanned;
use swc_ecma_ast::{Callee, Expr};

use crate::declare_rule;
use crate::rule::{Context, Emitter, Rule, at_call, label_at};
use crate::semantic::CallSite;
use crate::semantic::resolve::{member_name, unparen};

declare_rule! {
    /// ## What it flags
    ///
    /// Off by default. `JSON.stringify(...)` passed as an argv element of a child
    /// process, directly or inside a template.
    ///
    /// ## Why it matters
    ///
    /// A single argument is limited (about 128 KB on Linux) and the whole argument
    /// list more so; a payload that grows fails with `E2BIG`. Arguments are also
    /// visible to every user through `ps`. Stdin has neither problem.
    ///
    /// ## Example
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// function render(job) {
    ///   return spawn("python3", ["render.py", JSON.stringify(job)]);
    /// }
    /// module.exports = { render };
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```js
    /// const { spawn } = require("node:child_process");
    ///
    /// function render(job) {
    ///   const child = spawn("python3", ["render.py"]);
    ///   child.stdin.end(JSON.stringify(job));
    ///   return child;
    /// }
    /// module.exports = { render };
    /// ```
    ///
    /// ## Known limits
    ///
    /// - Only `JSON.stringify` is recognised as a serialised blob.
    pub struct JsonInArgs;
    code: "CP013",
    name: "json-in-args",
    severity: Off,
    category: Reliability,
    cwe: [],
    summary: "A JSON blob is passed as a command-line argument",
}

fn json_stringify_in(e: &Expr) -> Option<&Expr> {
    match unparen(e) {
        Expr::Call(c) => {
            let Callee::Expr(callee) = &c.callee else {
                return None;
            };
            let Expr::Member(m) = unparen(callee) else {
                return None;
            };
            let Expr::Ident(o) = unparen(&m.obj) else {
                return None;
            };
            (o.sym == *"JSON" && member_name(&m.prop).as_deref() == Some("stringify")).then_some(e)
        }
        Expr::Tpl(t) => t.exprs.iter().find_map(|x| json_stringify_in(x)),
        Expr::Bin(b) => json_stringify_in(&b.left).or_else(|| json_stringify_in(&b.right)),
        _ => None,
    }
}

impl Rule for JsonInArgs {
    fn check_call<'a>(&self, Context { sem, .. }: &Context<'_, 'a>, site: &CallSite<'a>, out: &mut Emitter) {
        if !site.api.is_process() {
            return;
        }
        // The argv array, written in the call or held in a binding.
        let (Some(args), Some(elems)) = (site.args, site.facts.argv.elements()) else { return };
        let held_in = (!matches!(unparen(args), Expr::Array(_))).then_some(args);
        // An element that is the blob, or a `const` holding it.
        let Some((blob, via)) = elems.iter().find_map(|el| {
            if let Some(b) = json_stringify_in(&el.expr) {
                return Some((b, None));
            }
            let Expr::Ident(i) = unparen(&el.expr) else {
                return None;
            };
            match sem.binding_value(i) {
                Some((v, [])) => json_stringify_in(v).map(|b| (b, Some(&*el.expr))),
                _ => None,
            }
        }) else {
            return;
        };
        let mut f = at_call(
            site,
            "JSON on the command line",
            format!("{} passes a JSON blob as a command-line argument", site.display_name()),
            "write it to the child's stdin instead: `child.stdin.end(JSON.stringify(data))`".into(),
            Some("arguments are size-limited (`E2BIG`) and visible to every user through `ps`"),
        );
        // Label inside the call: the blob, or the name that holds it.
        let label = match (held_in, via) {
            (Some(arr), _) => label_at(arr.span(), "argv holding a JSON blob"),
            (None, Some(el)) => label_at(el.span(), "holds a JSON blob"),
            (None, None) => label_at(blob.span(), "serialised here"),
        };
        f.labels.push(label);
        out.emit(f);
    }
}
