//! The semantic pass on its own: which calls resolve to which API, and how values fold.

use cplint::files::Lang;
use cplint::semantic::with_semantic;
use cplint::semantic::{Api, HoleSafety, Origin};

fn on_big_stack<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    cplint::run::with_pool(1, f)
}

/// (api, promisified, wrapper) of every call site, in source order.
fn sites(src: &str, lang: Lang) -> Vec<(Api, bool, Option<&'static str>)> {
    let src = src.to_string();
    on_big_stack(move || {
        with_semantic(&src, lang, |sem| sem.calls.iter().map(|c| (c.api, c.promisified, c.wrapper)).collect())
            .expect("parses")
    })
}

#[test]
fn resolves_every_import_form() {
    let src = r#"
        import def from "node:child_process";
        import * as ns from "child_process";
        import { spawn as sp } from "child_process";
        const req = require("child_process");
        const { fork } = require("node:child_process");
        const alias = req.execFileSync;
        def.exec("a");
        ns.execSync("a");
        sp("a");
        fork("a");
        alias("a");
        require("child_process").spawnSync("a");
        process.getBuiltinModule("child_process").execFile("a");
    "#;
    let got: Vec<Api> = sites(src, Lang::Js).into_iter().map(|s| s.0).collect();
    assert_eq!(
        got,
        [Api::Exec, Api::ExecSync, Api::Spawn, Api::Fork, Api::ExecFileSync, Api::SpawnSync, Api::ExecFile]
    );
}

#[test]
fn promisified_and_wrapped_forms() {
    let src = r#"
        const util = require("util");
        const { promisify } = require("node:util");
        const cp = require("child_process");
        const a = util.promisify(cp.exec);
        const b = promisify(require("child_process").execFile);
        const shell = require("shelljs");
        a("x"); b("x"); shell.exec("x");
    "#;
    assert_eq!(
        sites(src, Lang::Js),
        [(Api::Exec, true, None), (Api::ExecFile, true, None), (Api::ShellString, false, Some("shelljs"))]
    );
}

#[test]
fn spellings_alone_resolve_nothing() {
    let src = r#"
        const child_process = { exec() {} };
        child_process.exec("x");
        function exec(c) {}
        exec("x");
        /a/.exec("x");
        db.exec("x");
        const cp = require("not_child_process");
        cp.exec("x");
        function f(spawn) { spawn("x"); }
        { const { exec } = require("child_process"); }
        exec("still the local function");
    "#;
    assert!(sites(src, Lang::Js).is_empty());
}

#[test]
fn typescript_import_equals_and_type_only_syntax() {
    let src = r#"
        import cp = require("child_process");
        import type { ChildProcess } from "child_process";
        export function run(c: string): ChildProcess { return cp.spawn(c as string); }
    "#;
    assert_eq!(sites(src, Lang::Ts { tsx: false, dts: false }), [(Api::Spawn, false, None)]);
}

#[test]
fn values_fold_and_holes_say_where_they_come_from() {
    let src = r#"
        const { exec } = require("child_process");
        const BASE = "git";
        export function f(branch: string, n: number) {
            exec(BASE + " log -n " + n + " " + branch);
        }
    "#
    .to_string();
    let holes = on_big_stack(move || {
        with_semantic(&src, Lang::Ts { tsx: false, dts: false }, |sem| {
            let cmd = sem.calls[0].command.expect("command");
            let shape = sem.shape(cmd);
            shape.holes().map(|h| (h.origin.clone(), h.safety)).collect::<Vec<_>>()
        })
        .expect("parses")
    });
    assert_eq!(holes.len(), 2);
    assert_eq!(holes[0].1, HoleSafety::Scalar, "a `number` parameter cannot carry shell syntax");
    assert_eq!(
        holes[1],
        (Origin::Param { name: "branch".into(), func: Some("f".into()), exported: true }, HoleSafety::Unsafe)
    );
}

/// The semantic layer only takes a command-running module from a specifier written
/// as the byte pre-filter sees it; everything else resolves to nothing, and the
/// pre-filter agrees on every line (so skipping a file can never hide a call site).
#[test]
fn module_specifiers_resolve_only_as_the_prefilter_sees_them() {
    let resolved = [
        "require('child_process').exec(x);",
        "const name = 'child_process'; require(name).exec(x);",
        "let name; name = `node:child_process`; require(name).exec(x);",
        "import { exec } from 'node:child_process'; exec(x);",
        "import('vm').then(vm => 0); require( 'vm' ).runInNewContext(x);",
        "process.getBuiltinModule(\"node:vm\").runInThisContext(x);",
        // webpack names the request in a block comment before the literal.
        "__webpack_require__(/*! child_process */ 'child_process').exec(x);",
        "import 'shelljs/global'; exec(x);",
        "require(\"shelljs/global\"); exec(x);",
        "Bun.spawn(['sh', '-c', x]);",
        "new Deno.Command('sh', { args: ['-c', x] });",
        "process.execve('/bin/sh', ['sh', '-c', x]);",
    ];
    let unresolved = [
        "require('child_' + 'process').exec(x);",
        "require(`child_${'process'}`).exec(x);",
        "require('child\\x5fprocess').exec(x);",
        "import { exec } from 'child\\u005fprocess'; exec(x);",
        "const names = ['child_process']; require(names[0]).exec(x);",
        "require(// c\n'child_process').exec(x);",
        "require('shelljs/' + 'global'); exec(x);",
        "Bun['spawn'](['sh', '-c', x]);",
        "Bun .spawn(['sh', '-c', x]);",
        "const { spawn } = Bun; spawn(['sh', '-c', x]);",
        "require((0, 'child_process')).exec(x);",
        "const m = { n: 'vm' }; require(m.n).runInNewContext(x);",
    ];
    for src in resolved {
        assert_eq!(sites(src, Lang::Js).len(), 1, "{src}");
        assert!(cplint::prefilter::may_match(src.as_bytes()), "{src}");
    }
    for src in unresolved {
        assert_eq!(sites(src, Lang::Js), [], "{src}");
        assert!(!cplint::prefilter::may_match(src.as_bytes()), "{src}");
    }
}

/// Every call site in places only a complete walk of the tree reaches (see
/// `semantic::ast`): each is found, once, and the aliases declared there resolve.
#[test]
fn call_sites_in_hard_to_reach_places_are_found() {
    use swc_common::Spanned;
    let src = r#"
        import { exec, spawn } from "child_process";
        const el = <div onClick={() => exec("jsx-attr")} {...exec("jsx-spread")}>{exec("jsx-child")}</div>;
        @dec(exec("class-decorator"))
        class A extends B {
            prop = exec("class-prop");
            static #priv = exec("private-prop");
            accessor acc = exec("auto-accessor");
            [exec("computed-class-key")]() {}
            static {
                exec("static-block");
                const r = exec;
                r("static-block-alias");
            }
            @dec(exec("method-decorator"))
            m(@dec(exec("param-decorator")) p: string) {}
            constructor(public q = exec("param-prop-default")) {
                super(exec("super-arg"));
            }
            get g() { return exec("getter"); }
            set s(v) { exec("setter"); }
        }
        enum E { X = exec("enum-init").length }
        function f(a = exec("default-param")) {}
        const { d = exec("destructuring-default") } = {};
        [o[exec("assign-target-pat")]] = [1];
        const obj = { [exec("computed-key")]: 1, get x() { return exec("object-getter"); } };
        const t = `${exec("template")}`;
        const tt = tag`${exec("tagged-template")}`;
        const oc = maybe?.(exec("opt-call-arg"));
        const om = maybe?.[exec("opt-member")];
        const dyn = import(exec("dynamic-import"));
        const sat = exec("satisfies") satisfies unknown;
        namespace N {
            exec("namespace");
            export const run = spawn;
            run("namespace-alias");
        }
        export default exec("export-default");
    "#;
    let src = src.to_string();
    let mut got = on_big_stack(move || {
        with_semantic(&src, Lang::Ts { tsx: true, dts: false }, |sem| {
            sem.calls
                .iter()
                .map(|c| sem.text(c.command.expect("a command").span()).trim_matches('"').to_string())
                .collect::<Vec<_>>()
        })
        .expect("parses")
    });
    got.sort();
    let mut want = vec![
        "jsx-attr",
        "jsx-spread",
        "jsx-child",
        "class-decorator",
        "class-prop",
        "private-prop",
        "auto-accessor",
        "computed-class-key",
        "static-block",
        "static-block-alias",
        "method-decorator",
        "param-decorator",
        "param-prop-default",
        "super-arg",
        "getter",
        "setter",
        "enum-init",
        "default-param",
        "destructuring-default",
        "assign-target-pat",
        "computed-key",
        "object-getter",
        "template",
        "tagged-template",
        "opt-call-arg",
        "opt-member",
        "dynamic-import",
        "satisfies",
        "namespace",
        "namespace-alias",
        "export-default",
    ];
    want.sort();
    assert_eq!(got, want);
}
