//! Proof by execution (issue 6): every rewrite is run under Node, before and after
//! the fix, with the program pointed at a stub executable that prints its argv as
//! JSON, for a set of argument values from plain words to shell syntax.
//!
//! Each case names an *oracle*: the command the author meant, written for `sh` with
//! the value quoted as `"$1"`. For every value, the rewritten call must give exactly
//! the argv the oracle gives (the value arrives as one literal argument, nothing else
//! runs). For plain values the original call must agree too, so the rewrite keeps
//! what worked. Safe fixes must agree with the oracle for every value; the
//! spawn-command-string originals are shown to fail with `ENOENT`, which is why they
//! are findings at all.
//!
//! Skipped with a message when `node` or `rustc` is not available.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::harness::skip;
use cplint::config::Config;
use cplint::emit::Safety;
use cplint::fix::Mode;
use cplint::lint::fix_source as fix_text;
use rayon::prelude::*;

/// Programs the cases run; each is a copy of the stub.
const PROGRAMS: &[&str] =
    &["ffmpeg", "convert", "git", "grep", "ffprobe", "tar", "du", "identify", "zip", "pandoc", "tool", "ls"];

/// Argument values: plain ones first (the original must agree on them), then hostile.
const PLAIN: &[&str] = &["input.mp4", "v1.2.3"];
const HOSTILE: &[&str] = &[
    "my file.mp4",
    "it's \"quoted\"",
    "$(touch PWNED_SUBST)",
    "x; touch PWNED_SEMI",
    "`touch PWNED_TICK`",
    "a | touch PWNED_PIPE",
    "*.mp4",
    "--output=~/x",
    "naïve-файл-🎬.mp4",
    "",
];

struct Case {
    name: &'static str,
    /// `cjs`, `mjs` or `ts` (type-checked with `tsc`, then run as CommonJS).
    ext: &'static str,
    /// Defines `run(v, done)` (the default export, or an export named `run`): calls
    /// child_process once and hands back its stdout.
    source: &'static str,
    /// What the author meant, for `sh -c` with the value as `$1`; `None` when the
    /// program is not a stub (a builtin, a shell that is not installed).
    oracle: Option<&'static str>,
    /// The safety of every edit offered in the first lint; empty: no edit may be
    /// offered (display-only advice at most), and `--fix --unsafe-fixes` must leave
    /// the file alone.
    expect: &'static [Safety],
    /// Stub copies placed in the run folders under these names (`./my script.sh`).
    files: &'static [&'static str],
}

const UNSAFE: &[Safety] = &[Safety::Unsafe];
const SAFE: &[Safety] = &[Safety::Safe];
const NONE: &[Safety] = &[];

const CASES: &[Case] = &[
    Case {
        name: "transcode (our version of the seed article's broken call)",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
function run(v, done) {
  exec(`ffmpeg -i ${v} -c:v libx264 out.mp4`, (err, stdout) => done(err, stdout));
}
module.exports = run;
"#,
        oracle: Some(r#"ffmpeg -i "$1" -c:v libx264 out.mp4"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "exec concatenation with options and callback",
        ext: "cjs",
        source: r#"const { exec } = require("node:child_process");
module.exports = function run(v, done) {
  exec("convert " + v + " -resize 64x64 thumb.png", { timeout: 5000 }, (err, out) => done(err, out));
};
"#,
        oracle: Some(r#"convert "$1" -resize 64x64 thumb.png"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "execSync concatenation",
        ext: "cjs",
        source: r#"const { execSync } = require("child_process");
module.exports = (v, done) => done(null, execSync("git tag " + v).toString());
"#,
        oracle: Some(r#"git tag "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "execSync template with encoding, exec still used elsewhere",
        ext: "cjs",
        source: r#"const { exec, execSync } = require("child_process");
function other() {
  return exec("git status", () => {});
}
module.exports = (v, done) => done(null, execSync(`git log --format=%H ${v}`, { encoding: "utf8" }));
module.exports.other = other;
"#,
        oracle: Some(r#"git log --format=%H "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "util.promisify(exec), one use",
        ext: "cjs",
        source: r#"const util = require("util");
const { exec } = require("child_process");
const execAsync = util.promisify(exec);
module.exports = (v, done) => {
  (async () => {
    const { stdout } = await execAsync(`ffprobe -v error ${v}`);
    return stdout;
  })().then((out) => done(null, out), done);
};
"#,
        oracle: Some(r#"ffprobe -v error "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "promisify(exec) used twice: a promisified execFile is declared beside it",
        ext: "cjs",
        source: r#"const { promisify } = require("util");
const { exec } = require("child_process");
const execAsync = promisify(exec);
async function version() {
  return (await execAsync("git --version")).stdout;
}
module.exports = (v, done) => {
  execAsync(`du -sh ${v}`).then((r) => done(null, r.stdout), done);
};
module.exports.version = version;
"#,
        oracle: Some(r#"du -sh "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "namespace require, cp.exec",
        ext: "cjs",
        source: r#"const cp = require("child_process");
module.exports = (v, done) => cp.exec(`identify ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"identify "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "namespace require, cp.execSync with options",
        ext: "cjs",
        source: r#"const cp = require("node:child_process");
module.exports = (v, done) => done(null, cp.execSync("tar czf backup.tgz " + v, { encoding: "utf8" }));
"#,
        oracle: Some(r#"tar czf backup.tgz "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "inline require(...).exec",
        ext: "cjs",
        source: r#"module.exports = (v, done) => {
  require("child_process").exec(`zip -r out.zip ${v}`, (e, o) => done(e, o));
};
"#,
        oracle: Some(r#"zip -r out.zip "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "const exec = require(...).exec",
        ext: "cjs",
        source: r#"const exec = require("child_process").exec;
module.exports = (v, done) => {
  exec("pandoc -o out.pdf " + v, (e, o) => done(e, o));
};
"#,
        oracle: Some(r#"pandoc -o out.pdf "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "destructured alias { exec: run }",
        ext: "cjs",
        source: r#"const { exec: sh } = require("child_process");
module.exports = (v, done) => {
  sh(`grep -c needle ${v}`, (e, o) => done(e, o));
};
"#,
        oracle: Some(r#"grep -c needle "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "value inside double quotes",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`grep -r "${v}" src`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"grep -r "$1" src"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "value inside single quotes",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`git commit -m '${v}'`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"git commit -m "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "value glued to literal text",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`convert in.png -o${v}.png --label=x${v}y`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"convert in.png "-o$1.png" "--label=x$1y""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "spawn with shell: true and a command string",
        ext: "cjs",
        source: r#"const { spawn } = require("child_process");
module.exports = (v, done) => {
  const child = spawn(`convert ${v} out.png`, { shell: true, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.on("error", done);
  child.on("close", () => done(null, out));
};
"#,
        oracle: Some(r#"convert "$1" out.png"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "spawn with shell: true and an argv array",
        ext: "cjs",
        source: r#"const { spawn } = require("child_process");
module.exports = (v, done) => {
  const child = spawn("ffmpeg", ["-i", v, "-f", "null", "-"], { shell: true });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.on("error", done);
  child.on("close", () => done(null, out));
};
"#,
        oracle: Some(r#"ffmpeg -i "$1" -f null -"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "execFile with shell: true and a callback",
        ext: "cjs",
        source: r#"const { execFile } = require("child_process");
module.exports = (v, done) => {
  execFile("git", ["show", v], { shell: true, timeout: 5000 }, (e, o) => done(e, o));
};
"#,
        oracle: Some(r#"git show "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "spawnSync with shell: true and only that option",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync(`du -s ${v}`, { shell: true });
  done(r.error || null, r.stdout ? r.stdout.toString() : "");
};
"#,
        oracle: Some(r#"du -s "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "spawn(\"sh\", [\"-c\", template])",
        ext: "cjs",
        source: r#"const { spawn } = require("child_process");
module.exports = (v, done) => {
  const child = spawn("sh", ["-c", `ffmpeg -i ${v} -an out.mp4`], { timeout: 10000 });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.on("error", done);
  child.on("close", () => done(null, out));
};
"#,
        oracle: Some(r#"ffmpeg -i "$1" -an out.mp4"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "an array joined for the shell becomes a spread",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => {
  const files = [v, "notes.txt"];
  exec(`tar czf out.tgz ${files.join(" ")}`, (e, o) => done(e, o));
};
"#,
        oracle: Some(r#"tar czf out.tgz "$1" notes.txt"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "an argument list joined with spaces",
        ext: "cjs",
        source: r#"const { execSync } = require("child_process");
module.exports = (v, done) => done(null, execSync(["git", "tag", "-a", "v1", "-m", `"${v}"`].join(" ")).toString());
"#,
        oracle: Some(r#"git tag -a v1 -m "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "spawn-command-string: constant command line",
        ext: "cjs",
        source: r#"const { spawn } = require("child_process");
module.exports = (v, done) => {
  const child = spawn("git status --porcelain");
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.on("error", done);
  child.on("close", () => done(null, out));
};
"#,
        oracle: Some("git status --porcelain"),
        expect: SAFE,
        files: &[],
    },
    Case {
        name: "spawn-command-string: command line plus an argv array",
        ext: "cjs",
        source: r#"const cp = require("child_process");
module.exports = (v, done) => {
  const child = cp.spawn("ffprobe -hide_banner -of json", [v]);
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.on("error", done);
  child.on("close", () => done(null, out));
};
"#,
        oracle: Some(r#"ffprobe -hide_banner -of json "$1""#),
        expect: SAFE,
        files: &[],
    },
    Case {
        name: "spawn-command-string: execFile with a callback",
        ext: "cjs",
        source: r#"const { execFile } = require("child_process");
module.exports = (v, done) => execFile("git log -1 --oneline", (e, o) => done(e, o));
"#,
        oracle: Some("git log -1 --oneline"),
        expect: SAFE,
        files: &[],
    },
    Case {
        name: "ESM: named import, exec with callback",
        ext: "mjs",
        source: r#"import { exec } from "node:child_process";
export default function run(v, done) {
  exec(`ffmpeg -i ${v} -vn out.mp3`, (err, stdout) => done(err, stdout));
}
"#,
        oracle: Some(r#"ffmpeg -i "$1" -vn out.mp3"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "ESM: execSync beside other imports",
        ext: "mjs",
        source: r#"import { spawn, execSync } from "child_process";
export const unused = spawn;
export default function run(v, done) {
  done(null, execSync(`git rev-parse ${v}`, { encoding: "utf8" }));
}
"#,
        oracle: Some(r#"git rev-parse "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "ESM: namespace import",
        ext: "mjs",
        source: r#"import * as cp from "node:child_process";
export default (v, done) => cp.exec("identify -verbose " + v, (e, o) => done(e, o));
"#,
        oracle: Some(r#"identify -verbose "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "ESM: promisify with await",
        ext: "mjs",
        source: r#"import { promisify } from "node:util";
import { exec } from "node:child_process";
const execP = promisify(exec);
export default async function run(v, done) {
  try {
    const { stdout } = await execP(`tar tzf ${v}`, { maxBuffer: 1024 * 1024 });
    done(null, stdout);
  } catch (e) {
    done(e);
  }
}
"#,
        oracle: Some(r#"tar tzf "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "ESM: default import, execSync",
        ext: "mjs",
        source: r#"import cp from "child_process";
export default (v, done) => done(null, cp.execSync("pandoc " + v + " -o out.html").toString());
"#,
        oracle: Some(r#"pandoc "$1" -o out.html"#),
        expect: UNSAFE,
        files: &[],
    },
];

/// The hostile test pass of issue 15: quoting, empty words, constants with spaces,
/// builtins, shells other than `sh`, options from parameters, ESM re-exports and
/// TypeScript (type-checked with `tsc` before and after the fix).
const ISSUE15_CASES: &[Case] = &[
    // --- the binding of `exec` is used by an export (defect 1) ---
    Case {
        name: "ESM: export { exec } keeps the import",
        ext: "mjs",
        source: r#"import { exec } from "node:child_process";
export { exec };
export default function run(v, done) {
  exec(`git tag ${v}`, (e, o) => done(e, o));
}
"#,
        oracle: Some(r#"git tag "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "ESM: export { exec as shell } keeps the import",
        ext: "mjs",
        source: r#"import { exec } from "child_process";
export { exec as shell };
export default (v, done) => exec("grep -c x " + v, (e, o) => done(e, o));
"#,
        oracle: Some(r#"grep -c x "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "ESM: export default exec, run exported by name",
        ext: "mjs",
        source: r#"import { exec } from "child_process";
export function run(v, done) {
  exec(`tar tzf ${v}`, (e, o) => done(e, o));
}
export default exec;
"#,
        oracle: Some(r#"tar tzf "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "ESM: export { exec as default }, run exported by name",
        ext: "mjs",
        source: r#"import { exec } from "child_process";
function run(v, done) {
  exec(`du -s ${v}`, (e, o) => done(e, o));
}
export { run, exec as default };
"#,
        oracle: Some(r#"du -s "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "ESM: export { exec, execSync } with the execSync call rewritten",
        ext: "mjs",
        source: r#"import { exec, execSync } from "child_process";
export { exec, execSync };
export function run(v, done) {
  done(null, execSync(`identify ${v}`, { encoding: "utf8" }));
}
"#,
        oracle: Some(r#"identify "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "ESM: a promisified exec that is exported keeps its name",
        ext: "mjs",
        source: r#"import { promisify } from "node:util";
import { exec } from "node:child_process";
const execAsync = promisify(exec);
export { execAsync };
export function run(v, done) {
  execAsync(`zip -r out.zip ${v}`).then((r) => done(null, r.stdout), done);
}
"#,
        oracle: Some(r#"zip -r out.zip "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "CJS: module.exports = { run, exec }",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
function run(v, done) {
  exec(`pandoc -o out.pdf ${v}`, (e, o) => done(e, o));
}
module.exports = { run, exec };
"#,
        oracle: Some(r#"pandoc -o out.pdf "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "CJS: const exec = require(...).exec re-exported as a property",
        ext: "cjs",
        source: r#"const exec = require("child_process").exec;
module.exports = (v, done) => exec("ffprobe " + v, (e, o) => done(e, o));
module.exports.exec = exec;
"#,
        oracle: Some(r#"ffprobe "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    // --- `.join(" ")` glued to other text, `.map` adding quotes (found 2026-12-07) ---
    Case {
        name: "a space join glued to other text is not rewritten",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec("git tag " + [v, "x"].join(" ") + "-rc", (e, o) => done(e, o));
"#,
        oracle: Some(r#"git tag "$1" x-rc"#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "a map that wraps each element in quotes is not spread",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec("ls " + [v].map((f) => `"${f}"`).join(" "), (e, o) => done(e, o));
"#,
        oracle: Some(r#"ls "$1""#),
        expect: NONE,
        files: &[],
    },
    // --- values that may be empty, constants with spaces (defect 2) ---
    Case {
        name: "a choice that may be empty is not rewritten",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const verbose = process.env.CPLINT_TEST_VERBOSE === "1";
module.exports = (v, done) => exec(`git log ${verbose ? "--stat" : ""} ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"git log "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "a value that may fall back to an empty string is not rewritten",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const extra = process.env.CPLINT_TEST_EXTRA || "";
module.exports = (v, done) => exec(`git log ${extra} ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"git log "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "a choice between two plain words is rewritten",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const verbose = process.env.CPLINT_TEST_VERBOSE === "1";
module.exports = (v, done) => exec(`git log ${verbose ? "--stat" : "--oneline"} ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"git log --oneline "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a choice with several words in one branch is not rewritten",
        ext: "cjs",
        source: r#"const { execSync } = require("child_process");
const long = process.env.CPLINT_TEST_LONG !== "1";
module.exports = (v, done) => done(null, execSync("ls " + (long ? "-l -a" : "-l") + " " + v).toString());
"#,
        oracle: Some(r#"ls -l -a "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "a choice held in a const is followed",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const MODE = process.env.CPLINT_TEST_LONG === "1" ? "-l" : "-l -a";
module.exports = (v, done) => exec(`ls ${MODE} ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"ls -l -a "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "a choice that may be empty inside double quotes is one argument either way",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const title = process.env.CPLINT_TEST_TITLE === "1" ? "a b" : "";
module.exports = (v, done) => exec(`git commit -m "${title}" ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"git commit -m "" "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a const with two words becomes two arguments",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const MODE = "-l -a";
module.exports = (v, done) => exec(`ls ${MODE} ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"ls -l -a "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a string literal with two words interpolated",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`tool ${"-x -y"} ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool -x -y "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a const with quotes in it is split the way the shell reads it",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const OPTS = "-m 'first line' --no-edit";
module.exports = (v, done) => exec(`git commit ${OPTS} ${v}`, (e, o) => done(e, o));
module.exports.opts = OPTS;
"#,
        oracle: Some(r#"git commit -m 'first line' --no-edit "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a const of one word stays a reference",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const FORMAT = "--format=%H";
module.exports = (v, done) => exec(`git log ${FORMAT} ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"git log --format=%H "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a concatenated const with several words",
        ext: "cjs",
        source: r#"const { execSync } = require("child_process");
const FLAGS = "czf out.tgz";
module.exports = (v, done) => done(null, execSync("tar " + FLAGS + " " + v).toString());
"#,
        oracle: Some(r#"tar czf out.tgz "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "an empty const disappears like it did in the shell",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const EXTRA = "";
module.exports = (v, done) => exec(`tool ${EXTRA} ${v} end`, (e, o) => done(e, o));
module.exports.extra = EXTRA;
"#,
        oracle: Some(r#"tool "$1" end"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a const with a glob is not rewritten",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const PATTERN = "*.log";
module.exports = (v, done) => exec(`tool ${PATTERN} ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool *.log "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "a const with a semicolon is not rewritten",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const AFTER = "x; tool y";
module.exports = (v, done) => exec(`tool ${v} ${AFTER}`, (e, o) => done(e, o));
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "a nested template's text is command text",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`tool ${`-o ${v}`} end`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool -o "$1" end"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a local template with a space held in a const is not moved",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => {
  const arg = `-o ${v}`;
  exec(`tool ${arg}`, (e, o) => done(e, o));
};
"#,
        oracle: Some(r#"tool -o "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "a numeric const",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const N = 5;
module.exports = (v, done) => exec(`tool -n ${N} ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool -n 5 "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    // --- literal arguments read by the shell (defect 6) ---
    Case {
        name: "shell: true with quoted and escaped literal arguments",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("tool", ["-e", "'TODO'", "a\\ b", v], { shell: true });
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool -e TODO "a b" "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "shell: true drops an empty literal argument",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("tool", ["", v, ""], { shell: true });
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "shell: true splits a literal with a space",
        ext: "cjs",
        source: r#"const { execFile } = require("child_process");
module.exports = (v, done) => execFile("tool", ["a b", v], { shell: true }, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool a b "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "shell: true with a double-quoted literal",
        ext: "cjs",
        source: r#"const { execFile } = require("child_process");
module.exports = (v, done) => execFile("tool", ['"x  y"', v], { shell: true, timeout: 5000 }, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool "x  y" "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "shell: true with a variable in a literal is not rewritten",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("tool", ["$HOME", v], { shell: true });
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool "$HOME" "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "shell: true with a command line as the program and an argv",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("tool --flag", [v], { shell: true });
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool --flag "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "shell: true with a quote that spans argv elements",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("tool", ["'", v, "'"], { shell: true });
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool " $1 ""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "shell: true with a number in the argv",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("tool", ["-n", 3, v], { shell: true });
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool -n 3 "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "shell: true with a spread of an array",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const rest = [v, "x"];
  const r = spawnSync("tool", ["-a", ...rest], { shell: true });
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool -a "$1" x"#),
        expect: UNSAFE,
        files: &[],
    },
    // --- shells other than sh (defect 5) ---
    Case {
        name: "shell: \"/bin/bash\" with tilde after = is not rewritten",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync(`tool NAME=~/x ${v}`, { shell: "/bin/bash" });
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "bash -c with tilde after = is not rewritten",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("bash", ["-c", `tool --x NAME=~/x ${v}`]);
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "sh -c with tilde after = (sh does not expand it)",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("sh", ["-c", `tool NAME=~/x ${v}`]);
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool NAME=~/x "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "shell: \"/bin/bash\" with plain words",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync(`tool -x ${v}`, { shell: "/bin/bash" });
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool -x "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "exec with shell: \"/bin/bash\" and plain words",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`tool -x ${v}`, { shell: "/bin/bash" }, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool -x "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "exec with shell: \"/bin/sh\"",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`tool -x ${v}`, { shell: "/bin/sh", timeout: 5000 }, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool -x "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "exec with shell: false still runs /bin/sh",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`tool -x ${v}`, { shell: false }, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool -x "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "shell: \"cmd.exe\" is not rewritten",
        ext: "cjs",
        source: r#"const { execFile } = require("child_process");
module.exports = (v, done) => execFile("tool", [v], { shell: "cmd.exe" }, (e, o) => done(e, o));
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "shell: \"powershell\" is not rewritten",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`tool ${v}`, { shell: "powershell" }, (e, o) => done(e, o));
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "shell: \"/bin/zsh\" is not rewritten",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync(`tool =x ${v}`, { shell: "/bin/zsh" });
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "a shell from the environment is not rewritten",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`tool ${v}`, { shell: process.env.CPLINT_TEST_SHELL }, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "zsh -c is not rewritten",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("zsh", ["-c", `tool ${v}`]);
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "dash -c is rewritten",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("dash", ["-c", `tool -q ${v}`]);
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool -q "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "bash -c with plain words is rewritten",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("/bin/bash", ["-c", `tool 'a b' ${v}`]);
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool 'a b' "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "sh with an option before -c is not rewritten",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("sh", ["-e", "-c", `tool ${v}`]);
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool "$1""#),
        expect: NONE,
        files: &[],
    },
    // --- shell builtins as the program (defect 8) ---
    Case {
        name: "echo -e is a builtin",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`echo -e ${v}`, (e, o) => done(e, o));
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "printf is a builtin",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec("printf '%s\\n' " + v, (e, o) => done(e, o));
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "test is a builtin",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`test -n ${v}`, (e) => done(null, String(e ? e.code : 0)));
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "pwd is a builtin",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`pwd -L ${v}`, (e, o) => done(e, o));
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "type is a builtin",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("sh", ["-c", `type ${v}`]);
  done(null, String(r.status));
};
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "echo with shell: true",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("echo", ["-n", v], { shell: true });
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "true is a builtin",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`true ${v}`, (e, o) => done(e, o));
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    Case {
        name: "kill is a builtin",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`kill -0 ${v}`, (e) => done(null, String(e ? e.code : 0)));
"#,
        oracle: None,
        expect: NONE,
        files: &[],
    },
    // --- options that may hold `shell` (defect 9) ---
    Case {
        name: "options from a parameter: a caller passing shell stays a shell",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
function build(v, opts, done) {
  exec(`tool ${v}`, opts, (e, o) => done(e, o));
}
module.exports = (v, done) => build(v, { shell: "/bin/sh" }, done);
module.exports.build = build;
"#,
        oracle: Some(r#"tool "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "options spread from a parameter",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
function build(v, opts, done) {
  exec(`tool ${v}`, { ...opts, timeout: 5000 }, (e, o) => done(e, o));
}
module.exports = (v, done) => build(v, {}, done);
module.exports.build = build;
"#,
        oracle: Some(r#"tool "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "execSync with options from a parameter",
        ext: "cjs",
        source: r#"const { execSync } = require("child_process");
function build(v, opts) {
  return execSync(`tool ${v}`, opts).toString();
}
module.exports = (v, done) => done(null, build(v, { encoding: "utf8" }));
module.exports.build = build;
"#,
        oracle: Some(r#"tool "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "options copied from a parameter with Object.assign",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
function build(v, opts, done) {
  exec(`tool ${v}`, Object.assign({}, opts), (e, o) => done(e, o));
}
module.exports = (v, done) => build(v, { shell: true }, done);
module.exports.build = build;
"#,
        oracle: Some(r#"tool "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "options from a call cplint cannot read",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const lib = { options() { return { timeout: 5000 }; } };
module.exports = (v, done) => exec(`tool ${v}`, lib.options(), (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "options held in a const without shell",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
const OPTS = { timeout: 5000, maxBuffer: 1 << 20 };
module.exports = (v, done) => exec(`tool ${v}`, OPTS, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a callback passed through as the second argument",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = function run(v, done) {
  exec(`tool -v ${v}`, done);
};
"#,
        oracle: Some(r#"tool -v "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    // --- escaping in the rewritten text (defect 7) ---
    Case {
        name: "a carriage return glued to a value",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec("tool 'a\rb" + v + "'", (e, o) => done(e, o));
"#,
        oracle: Some("tool \"a\rb$1\""),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a newline and a tab glued to a value",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec("tool 'a\n\tb" + v + "'", (e, o) => done(e, o));
"#,
        oracle: Some("tool \"a\n\tb$1\""),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "backticks, dollars and backslashes glued to a value",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec("tool 'a`b${c}\\d" + v + "'", (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool 'a`b${c}\d'"$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a line separator glued to a value",
        ext: "cjs",
        source: "const { exec } = require(\"child_process\");\nmodule.exports = (v, done) => exec(\"tool 'a\\u2028\" + v + \"'\", (e, o) => done(e, o));\n",
        oracle: Some("tool \"a\u{2028}$1\""),
        expect: UNSAFE,
        files: &[],
    },
    // --- a program path is not a command line (defect 3) ---
    Case {
        name: "a script whose name has a space is not split",
        ext: "cjs",
        source: r#"const { execFileSync } = require("child_process");
module.exports = (v, done) => done(null, execFileSync("./my script.sh").toString());
"#,
        oracle: Some(r#""./my script.sh""#),
        expect: NONE,
        files: &["my script.sh"],
    },
    Case {
        name: "a relative program path with arguments is advice only",
        ext: "cjs",
        source: r#"const { execFileSync } = require("child_process");
module.exports = (v, done) => {
  try {
    done(null, execFileSync("./tool --fast", [v]).toString());
  } catch (e) {
    done(e);
  }
};
"#,
        oracle: None,
        expect: NONE,
        files: &["tool"],
    },
    Case {
        name: "a bare program with arguments is split (safe)",
        ext: "cjs",
        source: r#"const { execFile } = require("child_process");
module.exports = (v, done) => execFile("tool -a 'b c'", [v], (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool -a 'b c' "$1""#),
        expect: SAFE,
        files: &[],
    },
    // --- argv built elsewhere (defect 4) ---
    Case {
        name: "a script in a const array is not moved to the call",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
let n = "first";
const ARGS = ["-c", `tool ${n}`];
module.exports = (v, done) => {
  n = v;
  const r = spawnSync("sh", ARGS);
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some("tool first"),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "a script in a const array is not moved under a shadowing parameter",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
const v = process.env.CPLINT_TEST_V || "outer";
const ARGS = ["-c", `tool ${v}`];
module.exports = (v, done) => {
  const r = spawnSync("sh", ARGS);
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some("tool outer"),
        expect: NONE,
        files: &[],
    },
    // --- more quoting ---
    Case {
        name: "quotes, escaped spaces and an empty quoted word",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`tool "a b" '' c\\ d '${v}'`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool "a b" '' c\ d "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "an escaped double quote inside double quotes",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`tool "a\\"b" ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool "a\"b" "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a backslash-newline continuation",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec("tool -a \\\n -b " + v, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool -a -b "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a value glued inside double quotes after =",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`tool --name="${v}" --x`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool --name="$1" --x"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "spaces around and a trailing newline",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`   tool    ${v}   x
`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool "$1" x"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a single quote closed and reopened",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`tool 'it'\\''s' ${v}`, (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool "it's" "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a joined array with the value",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(["tool", "-a", v].join(" "), (e, o) => done(e, o));
"#,
        oracle: Some(r#"tool -a "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "a value that holds several arguments is advice only",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => {
  const args = v;
  exec(`tool ${args}`, (e, o) => done(e, o));
};
"#,
        oracle: Some(r#"tool "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "sh -c with a double-quoted value and a literal after it",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync("sh", ["-c", `tool "${v}" x`], { encoding: "utf8" });
  done(r.error || null, r.stdout);
};
"#,
        oracle: Some(r#"tool "$1" x"#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "spawn with shell: true and cwd",
        ext: "cjs",
        source: r#"const { spawnSync } = require("child_process");
module.exports = (v, done) => {
  const r = spawnSync(`tool -c ${v}`, { shell: true, cwd: "." });
  done(r.error || null, String(r.stdout));
};
"#,
        oracle: Some(r#"tool -c "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    // --- TypeScript, type-checked with tsc --strict --noUnusedLocals (defect 10) ---
    Case {
        name: "TS: callback typed with ExecException",
        ext: "ts",
        source: r#"import { exec, ExecException } from "child_process";
export default function run(v: string, done: (e: unknown, o?: string) => void): void {
  exec(`tool ${v}`, (e: ExecException | null, out: string) => done(e, out));
}
"#,
        oracle: Some(r#"tool "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "TS: a callback passing its error on to a function typed with ExecException",
        ext: "ts",
        source: r#"import { exec } from "child_process";
import type { ExecException } from "child_process";
let last = "";
function onDone(e: ExecException | null, out: string): void {
  last = e ? String(e.code) : out;
}
export default function run(v: string, done: (e: unknown, o?: string) => void): void {
  exec(`tool ${v}`, (e, out) => {
    onDone(e, out);
    done(e, last);
  });
  exec(`tool -x ${v}`, onDone);
}
"#,
        oracle: Some(r#"tool "$1""#),
        expect: NONE,
        files: &[],
    },
    Case {
        name: "TS: untyped callback",
        ext: "ts",
        source: r#"import { exec } from "node:child_process";
export default function run(v: string, done: (e: unknown, o?: string) => void): void {
  exec(`tool -a ${v}`, (e, out) => done(e, out));
}
"#,
        oracle: Some(r#"tool -a "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "TS: callback typed with Error",
        ext: "ts",
        source: r#"import { exec } from "child_process";
export default function run(v: string, done: (e: unknown, o?: string) => void): void {
  exec(`tool ${v}`, (e: Error | null, out: string) => done(e, out));
}
"#,
        oracle: Some(r#"tool "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "TS: exec used twice, both rewritten, import left clean",
        ext: "ts",
        source: r#"import { exec } from "child_process";
export function version(done: (e: unknown, o?: string) => void): void {
  exec(`tool --version ${process.env.CPLINT_TEST_V ?? "x"}`, (e, out) => done(e, out));
}
export default function run(v: string, done: (e: unknown, o?: string) => void): void {
  exec(`tool -b ${v}`, (e, out) => done(e, out));
}
"#,
        oracle: Some(r#"tool -b "$1""#),
        expect: &[Safety::Unsafe, Safety::Unsafe],
        files: &[],
    },
    Case {
        name: "TS: promisified exec used twice, both rewritten",
        ext: "ts",
        source: r#"import { promisify } from "util";
import { exec } from "child_process";
const execAsync = promisify(exec);
export async function version(): Promise<string> {
  return (await execAsync(`tool --version ${process.env.CPLINT_TEST_V ?? "x"}`)).stdout;
}
export default function run(v: string, done: (e: unknown, o?: string) => void): void {
  execAsync(`tool -p ${v}`).then((r) => done(null, r.stdout), done);
}
"#,
        oracle: Some(r#"tool -p "$1""#),
        expect: &[Safety::Unsafe, Safety::Unsafe],
        files: &[],
    },
    Case {
        name: "TS: promisified exec used once",
        ext: "ts",
        source: r#"import { promisify } from "util";
import { exec } from "child_process";
const execAsync = promisify(exec);
export default async function run(v: string, done: (e: unknown, o?: string) => void): Promise<void> {
  try {
    const { stdout } = await execAsync(`tool -q ${v}`);
    done(null, stdout);
  } catch (e) {
    done(e);
  }
}
"#,
        oracle: Some(r#"tool -q "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "TS: execSync with an encoding",
        ext: "ts",
        source: r#"import { execSync } from "child_process";
export default function run(v: string, done: (e: unknown, o?: string) => void): void {
  const out: string = execSync(`tool -s ${v}`, { encoding: "utf8" });
  done(null, out);
}
"#,
        oracle: Some(r#"tool -s "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "TS: namespace import",
        ext: "ts",
        source: r#"import * as cp from "child_process";
export default function run(v: string, done: (e: unknown, o?: string) => void): void {
  cp.exec("tool -n " + v, (e, out) => done(e, out));
}
"#,
        oracle: Some(r#"tool -n "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "TS: export { exec } keeps the import",
        ext: "ts",
        source: r#"import { exec } from "child_process";
export { exec };
export default function run(v: string, done: (e: unknown, o?: string) => void): void {
  exec(`tool -e ${v}`, (e, out) => done(e, out));
}
"#,
        oracle: Some(r#"tool -e "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "TS: spawnSync with shell: true",
        ext: "ts",
        source: r#"import { spawnSync } from "child_process";
export default function run(v: string, done: (e: unknown, o?: string) => void): void {
  const r = spawnSync("tool", ["-x", v], { shell: true, encoding: "utf8" });
  done(r.error ?? null, r.stdout);
}
"#,
        oracle: Some(r#"tool -x "$1""#),
        expect: UNSAFE,
        files: &[],
    },
    Case {
        name: "TS: spawn-command-string, constant",
        ext: "ts",
        source: r#"import { spawnSync } from "child_process";
export default function run(_v: string, done: (e: unknown, o?: string) => void): void {
  const r = spawnSync("tool -a -b", { encoding: "utf8" });
  done(r.error ?? null, r.stdout);
}
"#,
        oracle: Some("tool -a -b"),
        expect: SAFE,
        files: &[],
    },
    Case {
        name: "TS: a const with several words",
        ext: "ts",
        source: r#"import { execSync } from "child_process";
const MODE = "-l -a";
export default function run(v: string, done: (e: unknown, o?: string) => void): void {
  done(null, execSync(`ls ${MODE} ${v}`).toString());
}
"#,
        oracle: Some(r#"ls -l -a "$1""#),
        expect: UNSAFE,
        files: &[],
    },
];

/// Runs jobs one after another in one Node process: a module's `run` for every
/// value (`module`), or the oracle through `sh -c` (`oracle`). Each job runs in its
/// own folder, so marker files tell which job ran an injected command.
const DRIVER: &str = r#"
const fs = require("fs");
const { pathToFileURL } = require("url");
const { spawnSync } = require("child_process");
const jobs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let ts = null;
function loadTs(p) {
  ts = ts || require(process.env.CPLINT_TYPESCRIPT);
  const out = ts.transpileModule(fs.readFileSync(p, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
  }).outputText;
  const js = p + ".cjs";
  fs.writeFileSync(js, out);
  return require(js);
}
const fail = (err) => ({ error: String(err && err.code !== undefined ? err.code : String(err && err.message).split("\n")[0]) });
(async () => {
  const results = [];
  for (const job of jobs) {
    process.chdir(job.cwd);
    if (job.oracle !== undefined) {
      results.push(job.values.map((v) => {
        const r = spawnSync("sh", ["-c", job.oracle, "sh", v], { encoding: "utf8" });
        return r.status === 0 ? { out: r.stdout } : { error: "oracle status " + r.status + ": " + r.stderr };
      }));
      continue;
    }
    let run;
    try {
      const mod = job.module.endsWith(".mjs") ? await import(pathToFileURL(job.module))
        : job.module.endsWith(".ts") ? loadTs(job.module) : require(job.module);
      run = typeof mod === "function" ? mod : mod.run || mod.default;
      if (typeof run !== "function") throw new Error("no run function exported");
    } catch (err) {
      results.push(job.values.map(() => ({ error: "LOAD " + String(err.message).split("\n")[0] })));
      continue;
    }
    const outs = [];
    for (const v of job.values) {
      outs.push(await new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ error: "TIMEOUT" }), 15000);
        const finish = (r) => { clearTimeout(timer); resolve(r); };
        try {
          run(v, (err, out) => finish(err ? fail(err) : { out: String(out) }));
        } catch (err) {
          finish(fail(err));
        }
      }));
    }
    results.push(outs);
  }
  process.stdout.write(JSON.stringify(results));
})();
"#;

const STUB: &str = r#"
use std::io::Write;
fn main() {
    let mut s = String::from("[");
    for (i, a) in std::env::args_os().skip(1).enumerate() {
        if i > 0 { s.push(','); }
        s.push('"');
        for c in a.to_string_lossy().chars() {
            match c {
                '"' => s.push_str("\\\""),
                '\\' => s.push_str("\\\\"),
                c if (c as u32) < 0x20 => s.push_str(&format!("\\u{:04x}", c as u32)),
                c => s.push(c),
            }
        }
        s.push('"');
    }
    s.push(']');
    let _ = std::io::stdout().write_all(s.as_bytes());
}
"#;

fn have(cmd: &str) -> bool {
    Command::new(cmd).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Builds the stub once and installs it under every program name.
fn stub_bin(dir: &Path) -> (PathBuf, PathBuf) {
    let bin = dir.join("bin");
    fs::create_dir_all(&bin).unwrap();
    let src = dir.join("stub.rs");
    fs::write(&src, STUB).unwrap();
    let exe = dir.join("stub");
    let st = Command::new("rustc").args(["-O", "-o"]).arg(&exe).arg(&src).status().unwrap();
    assert!(st.success(), "rustc could not build the stub");
    for p in PROGRAMS {
        fs::copy(&exe, bin.join(p)).unwrap();
    }
    (bin, exe)
}

/// `typescript` and `@types/node`, installed once with npm under the target folder.
/// `None` (with the reason) when npm cannot install them.
fn typescript() -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fix-execution-typescript");
    let tsc = dir.join("node_modules/typescript/bin/tsc");
    let types = dir.join("node_modules/@types/node/index.d.ts");
    if tsc.exists() && types.exists() {
        return Ok(dir);
    }
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    fs::write(dir.join("package.json"), "{\"private\":true}\n").map_err(|e| e.to_string())?;
    let out = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--silent", "typescript@5", "@types/node@20"])
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("npm: {e}"))?;
    if !out.status.success() || !tsc.exists() || !types.exists() {
        return Err(format!("npm install failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(dir)
}

/// Type-checks TypeScript files with one `tsc` run; the errors by file.
fn type_check(ts_dir: &Path, cwd: &Path, files: &[PathBuf]) -> std::collections::HashMap<PathBuf, Vec<String>> {
    let mut errors: std::collections::HashMap<PathBuf, Vec<String>> = Default::default();
    if files.is_empty() {
        return errors;
    }
    let files: Vec<PathBuf> = files.iter().map(|f| f.strip_prefix(cwd).unwrap_or(f).to_path_buf()).collect();
    let out = Command::new("node")
        .current_dir(cwd)
        .arg(ts_dir.join("node_modules/typescript/bin/tsc"))
        .args(["--noEmit", "--strict", "--noUnusedLocals", "--noUnusedParameters", "--skipLibCheck"])
        .args(["--target", "es2020", "--module", "commonjs", "--esModuleInterop", "--types", "node"])
        .arg("--typeRoots")
        .arg(ts_dir.join("node_modules/@types"))
        .args(&files)
        .output()
        .expect("tsc runs");
    let text = String::from_utf8_lossy(&out.stdout);
    for line in text.lines() {
        let file = files.iter().find(|f| line.starts_with(&*f.to_string_lossy()));
        match file {
            Some(f) => errors.entry(f.clone()).or_default().push(line.to_string()),
            None if !line.starts_with(' ') => errors.entry(PathBuf::new()).or_default().push(line.to_string()),
            None => {}
        }
    }
    errors
}

/// One value's outcome: `Ok(stdout)` or `Err(error code or message)`.
type Outcome = Result<String, String>;

#[derive(serde::Serialize)]
struct Job {
    cwd: PathBuf,
    values: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    module: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oracle: Option<String>,
}

/// Runs every job in `parts` Node processes at once; the outcomes in job order.
fn run_jobs(jobs: &[Job], parts: usize, tmp: &Path, bin: &Path, ts_dir: Option<&Path>) -> Vec<Vec<Outcome>> {
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let chunk = jobs.len().div_ceil(parts.max(1)).max(1);
    let children: Vec<_> = jobs
        .chunks(chunk)
        .enumerate()
        .map(|(i, part)| {
            let list = tmp.join(format!("jobs{i}.json"));
            fs::write(&list, serde_json::to_string(part).unwrap()).unwrap();
            let mut cmd = Command::new("node");
            cmd.arg(tmp.join("driver.js")).arg(&list).env("PATH", &path);
            if let Some(d) = ts_dir {
                cmd.env("CPLINT_TYPESCRIPT", d.join("node_modules/typescript"));
            }
            cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap()
        })
        .collect();
    let mut all = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let parsed: Vec<Vec<serde_json::Value>> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "driver output is not JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        for job in parsed {
            all.push(
                job.into_iter()
                    .map(|r| match r.get("out").and_then(|o| o.as_str()) {
                        Some(text) => Ok(text.trim().to_string()),
                        None => Err(r.get("error").and_then(|e| e.as_str()).unwrap_or_default().to_string()),
                    })
                    .collect(),
            );
        }
    }
    all
}

fn markers(cwd: &Path) -> Vec<String> {
    let mut m: Vec<String> = fs::read_dir(cwd)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("PWNED"))
        .collect();
    m.sort();
    m
}

/// A case after linting and fixing, before anything runs.
struct Prepared {
    failures: Vec<String>,
    fixed: Option<String>,
    rewrites: usize,
}

fn prepare(case: &Case, shown: &str, config: &Config) -> Prepared {
    let mut failures = Vec::new();
    let report = common::lint(shown, case.source, config);
    let offered: Vec<Safety> = report
        .findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|f| !f.edits.is_empty())
        .map(|f| f.safety)
        .collect();
    if offered != case.expect {
        failures.push(format!("{}: offered {offered:?}, expected {:?}", case.name, case.expect));
    }
    let fixed = fix_text(shown, case.source, config, Mode::Unsafe);
    if !fixed.dropped.is_empty() {
        failures.push(format!("{}: fixes dropped: {:?}", case.name, fixed.dropped));
    }
    let safe_only = fix_text(shown, case.source, config, Mode::Safe);
    if (safe_only.applied > 0) != case.expect.contains(&Safety::Safe) {
        failures.push(format!("{}: --fix without --unsafe-fixes applied {}", case.name, safe_only.applied));
    }
    if case.expect.is_empty() {
        if fixed.text != case.source {
            failures.push(format!("{}: no edit expected, but the file changed:\n{}", case.name, fixed.text));
        }
        return Prepared { failures, fixed: None, rewrites: 0 };
    }
    if fixed.applied == 0 {
        failures.push(format!("{}: no fix applied (offered {offered:?})", case.name));
        return Prepared { failures, fixed: None, rewrites: 0 };
    }
    let rewrites = fixed.applied;
    Prepared { failures, fixed: Some(fixed.text), rewrites }
}

fn every_rewrite_keeps_what_worked_and_stops_the_injection() -> common::harness::Outcome {
    for tool in ["node", "rustc"] {
        if !have(tool) {
            return skip(format!("`{tool}` is not on PATH (needs `node` and `rustc`)"));
        }
    }
    let ts_dir = match typescript() {
        Ok(d) => Some(d),
        Err(why) => {
            eprintln!("SKIPPED fix_execution TypeScript cases (no tsc type check, not run): {why}");
            None
        }
    };
    let all: Vec<&Case> = CASES.iter().chain(ISSUE15_CASES).filter(|c| c.ext != "ts" || ts_dir.is_some()).collect();
    let tmp = tempfile::tempdir().unwrap();
    let (bin, stub) = stub_bin(tmp.path());
    fs::write(tmp.path().join("driver.js"), DRIVER).unwrap();
    // The two rules whose rewrite this proves: the fixes of other rules that apply to
    // the rewritten call (argument-injection's `--end-of-options`) are proven in
    // tests/fix_execution_rules.rs.
    let mut config = Config::default();
    config
        .apply_selection(cplint::rules::METAS, &["shell-injection".into(), "spawn-command-string".into()], &[])
        .expect("known rules");
    let values: Vec<String> = PLAIN.iter().chain(HOSTILE).map(|v| v.to_string()).collect();

    // Lint and fix every case (in parallel), write the files.
    let prepared: Vec<Prepared> = cplint::run::with_pool(2, || {
        all.par_iter().enumerate().map(|(i, case)| prepare(case, &format!("case{i}.{}", case.ext), &config)).collect()
    });
    let mut failures: Vec<String> = Vec::new();
    let mut jobs = Vec::new();
    // Per case: (original job, fixed job, oracle job) indexes.
    let mut slots = Vec::new();
    let mut ts_files = Vec::new();
    for (i, (case, prep)) in all.iter().zip(&prepared).enumerate() {
        failures.extend(prep.failures.iter().cloned());
        let dir = tmp.path().join(format!("case{i}"));
        let mut job = |name: &str, text: Option<&str>, oracle: Option<&str>| {
            let cwd = dir.join(format!("run-{name}"));
            fs::create_dir_all(&cwd).unwrap();
            for f in case.files {
                fs::copy(&stub, cwd.join(f)).unwrap();
            }
            let module = text.map(|t| {
                let p = dir.join(format!("{name}.{}", case.ext));
                fs::write(&p, t).unwrap();
                if case.ext == "ts" {
                    ts_files.push(p.clone());
                }
                p
            });
            jobs.push(Job { cwd, values: values.clone(), module, oracle: oracle.map(str::to_string) });
            jobs.len() - 1
        };
        let original = job("original", Some(case.source), None);
        let fixed = prep.fixed.as_deref().map(|t| job("fixed", Some(t), None));
        let oracle = case.oracle.map(|o| job("oracle", None, Some(o)));
        slots.push((original, fixed, oracle));
    }
    // Every TypeScript file, original and fixed, must type-check.
    if let Some(d) = &ts_dir {
        for (f, errs) in type_check(d, tmp.path(), &ts_files) {
            failures.push(format!("tsc: {}:\n{}", f.display(), errs.join("\n")));
        }
    }
    let outcomes = run_jobs(&jobs, 2, tmp.path(), &bin, ts_dir.as_deref());

    let mut rewrites = 0;
    let mut original_injected = 0;
    for ((case, prep), &(original, fixed, oracle)) in all.iter().zip(&prepared).zip(&slots) {
        rewrites += prep.rewrites;
        let before = &outcomes[original];
        original_injected += usize::from(!markers(&jobs[original].cwd).is_empty());
        let want: Option<&Vec<Outcome>> = oracle.map(|o| &outcomes[o]);
        if let Some(w) = want
            && let Some((v, e)) = values.iter().zip(w).find_map(|(v, o)| o.as_ref().err().map(|e| (v, e)))
        {
            failures.push(format!("{}: the oracle failed for {v:?}: {e}", case.name));
            continue;
        }
        // The first problem of each kind, per case.
        let mut problems: Vec<String> = Vec::new();
        let mut note = |p: String| {
            if !problems.iter().any(|q| q.split(':').next() == p.split(':').next()) {
                problems.push(p);
            }
        };
        let safe = case.expect.contains(&Safety::Safe) && !case.expect.contains(&Safety::Unsafe);
        for (k, v) in values.iter().enumerate() {
            let plain = k < PLAIN.len();
            // The original does what the author meant for plain values (this is what
            // the rewrite must keep); spawn-command-string originals fail instead.
            if safe {
                if !matches!(&before[k], Err(e) if e.contains("ENOENT")) {
                    note(format!("original was expected to fail with ENOENT: {:?}", before[k]));
                }
            } else if plain
                && let Some(w) = want
                && before[k] != w[k]
            {
                note(format!("original differs from the oracle: value {v:?}: {:?}, oracle {:?}", before[k], w[k]));
            }
        }
        if let Some(fixed) = fixed {
            let after = &outcomes[fixed];
            let ran = markers(&jobs[fixed].cwd);
            if !ran.is_empty() {
                note(format!("the fixed code ran injected commands: {ran:?}"));
            }
            for (k, v) in values.iter().enumerate() {
                let plain = k < PLAIN.len();
                match want {
                    // Every value arrives as one literal argument, as the oracle has it.
                    Some(w) if after[k] != w[k] => {
                        let kind = if plain { "fixed, plain value" } else { "fixed, hostile value" };
                        note(format!("{kind}: {v:?} gave {:?}, oracle {:?}", after[k], w[k]))
                    }
                    // Without an oracle, plain values must give what the original gave.
                    None if plain && after[k] != before[k] => {
                        note(format!("fixed, plain value: {v:?} gave {:?}, original {:?}", after[k], before[k]))
                    }
                    _ => {}
                }
            }
        }
        failures.extend(problems.into_iter().map(|p| format!("{}: {p}", case.name)));
    }
    eprintln!(
        "fix_execution: {} cases ({} of issue 15), {rewrites} rewrites run with {} values each; the original code ran an injected command in {original_injected} cases",
        all.len(),
        all.len() - CASES.len(),
        values.len()
    );
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(ISSUE15_CASES.len() >= 60, "the issue 15 cases must stay");
    assert!(rewrites >= 60, "only {rewrites} rewrites exercised");
    // The hostile values are real: many originals ran an injected command.
    assert!(original_injected >= CASES.len() / 2, "only {original_injected} originals were injectable");
    Ok(())
}

test_main! {
    every_rewrite_keeps_what_worked_and_stops_the_injection,
}
