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
    ];
    let unresolved = [
        "require('child_' + 'process').exec(x);",
        "require(`child_${'process'}`).exec(x);",
        "require('child\\x5fprocess').exec(x);",
        "import { exec } from 'child\\u005fprocess'; exec(x);",
        "const names = ['child_process']; require(names[0]).exec(x);",
        "require(/* c */ 'child_process').exec(x);",
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
