//! Program templates for the `lint_template` target: real child_process call shapes
//! with holes (`$0` … `$4`) that the fuzzer fills, so its bytes land in commands,
//! argument arrays, options, callbacks, listeners and directives, and the semantic
//! layer and the rules run on almost every input instead of the parser rejecting it.

pub const TEMPLATES: &[&str] = &[
    // exec with a template literal command and a callback.
    "const { exec } = require('child_process');\nmodule.exports = function run(a, b) {\n  exec(`ls ${a} $0 ${b}`, $1, (err, out) => { $2 });\n};\n",
    // spawn with options.
    "const cp = require('node:child_process');\nexport function go(x) {\n  const c = cp.spawn($0, [$1, x], { shell: $2, stdio: $3, timeout: $4 });\n  c.on('error', () => {});\n  return c;\n}\n",
    // execFile with an options object read through a const.
    "import { execFile, execFileSync } from 'node:child_process';\nconst OPTS = { $0 };\nexecFile('git', [$1], OPTS, (err, stdout) => { if (err) $2; });\nexecFileSync($3, { ...$4 });\n",
    // a child's lifecycle: listeners, streams, kill in a timer.
    "const { spawn } = require('child_process');\nconst child = spawn('ffmpeg', ['-i', $0]);\nchild.on($1, (code) => { $2 });\nchild.stdout.$3;\nsetTimeout(() => child.kill($4), 1000);\n",
    // promisified exec.
    "const util = require('util');\nconst run = util.promisify(require('child_process').exec);\nasync function main(arg) {\n  const { stdout } = await run($0 + arg, $1);\n  $2;\n}\nmain(process.argv[$3]);\n",
    // the vm module.
    "const vm = require('vm');\nconst code = $0;\nvm.runInNewContext(code, { $1 });\nnew vm.Script($2).runInThisContext($3);\n",
    // third-party wrappers and quoting helpers.
    "import execa from 'execa';\nimport shell from 'shelljs';\nimport { quote } from 'shell-quote';\nawait execa($0, [$1], { shell: $2 });\nshell.exec('rm ' + quote([$3]) + $4);\n",
    // an HTTP handler starting an interpreter per request.
    "const express = require('express');\nconst { spawn, fork } = require('child_process');\nconst app = express();\napp.$0('/x', (req, res) => {\n  const p = spawn($1, [req.query.$2], { timeout: 5000 });\n  p.stdout.pipe(res);\n  fork($3, { $4 });\n});\n",
    // secrets and JSON in argv, detached children.
    "const { execFile, spawn } = require('child_process');\nfunction f(sessionCookie, token) {\n  execFile('curl', ['-H', $0 + token, JSON.stringify($1)], { timeout: 1 }, () => {});\n  const d = spawn('daemon', [], { detached: $2, stdio: $3 });\n  d.$4;\n}\n",
    // inline directives.
    "// cplint-disable-next-line $0\nconst { execSync, spawnSync } = require('child_process');\nexecSync('make ' + $1); // cplint-disable-line $2\n/* cplint-disable $3 */\nspawnSync('sh', ['-c', $4]);\n/* cplint-enable */\n",
    // bindings: aliases, destructuring, shadowing, path folding.
    "const path = require('path');\nconst { exec: run, ...rest } = require('child_process');\nconst dir = path.join(__dirname, $0);\nlet cmd = `${dir}/$1`;\n{ const run = $2; run(cmd); }\nrun(cmd + $3, rest.$4);\n",
    // TypeScript shapes (types, generics, non-null, satisfies).
    "import * as cp from 'child_process';\ntype O = cp.SpawnOptions & { $0 };\nexport class Runner<T extends string> {\n  run(cmd: T, opts?: O): cp.ChildProcess {\n    return cp.spawn(cmd!, [$1] as string[], { ...opts, shell: $2 } satisfies O);\n  }\n  $3\n}\nexport const r = new Runner<$4>();\n",
];

/// Extensions the template is linted as.
pub const NAMES: &[&str] = &["t.js", "t.mjs", "t.ts", "t.tsx", "t.cjs", "t.jsx"];

/// Builds a file from fuzzer bytes: byte 0 picks the template, byte 1 the extension,
/// and the rest, split at `\0`, fills the holes in order (missing holes are empty).
pub fn build(data: &[u8]) -> Option<(&'static str, Vec<u8>)> {
    let [t, n, rest @ ..] = data else { return None };
    let template = TEMPLATES[*t as usize % TEMPLATES.len()];
    let name = NAMES[*n as usize % NAMES.len()];
    let parts: Vec<&[u8]> = rest.split(|b| *b == 0).collect();
    let mut out = Vec::with_capacity(template.len() + rest.len());
    let bytes = template.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            let k = (bytes[i + 1] - b'0') as usize;
            out.extend_from_slice(parts.get(k).copied().unwrap_or_default());
            i += 2;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some((name, out))
}
