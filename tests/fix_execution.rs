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
//! Reported as ignored (`SKIPPED because ...`) when `node` or `rustc` is not available.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::harness::{Outcome, skip};
use cplint::config::Config;
use cplint::emit::Safety;
use cplint::fix::Mode;
use cplint::lint::fix_source as fix_text;
use rayon::prelude::*;

/// Programs the cases run; each is a copy of the stub.
const PROGRAMS: &[&str] = &["ffmpeg", "convert", "git", "grep", "ffprobe", "tar", "du", "identify", "zip", "pandoc"];

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
    /// `cjs` or `mjs`.
    ext: &'static str,
    /// Defines `run(v, done)`: calls child_process once and hands back its stdout.
    source: &'static str,
    /// What the author meant, for `sh -c` with the value as `$1`.
    oracle: &'static str,
    safety: Safety,
}

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
        oracle: r#"ffmpeg -i "$1" -c:v libx264 out.mp4"#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "exec concatenation with options and callback",
        ext: "cjs",
        source: r#"const { exec } = require("node:child_process");
module.exports = function run(v, done) {
  exec("convert " + v + " -resize 64x64 thumb.png", { timeout: 5000 }, (err, out) => done(err, out));
};
"#,
        oracle: r#"convert "$1" -resize 64x64 thumb.png"#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "execSync concatenation",
        ext: "cjs",
        source: r#"const { execSync } = require("child_process");
module.exports = (v, done) => done(null, execSync("git tag " + v).toString());
"#,
        oracle: r#"git tag "$1""#,
        safety: Safety::Unsafe,
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
        oracle: r#"git log --format=%H "$1""#,
        safety: Safety::Unsafe,
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
        oracle: r#"ffprobe -v error "$1""#,
        safety: Safety::Unsafe,
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
        oracle: r#"du -sh "$1""#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "namespace require, cp.exec",
        ext: "cjs",
        source: r#"const cp = require("child_process");
module.exports = (v, done) => cp.exec(`identify ${v}`, (e, o) => done(e, o));
"#,
        oracle: r#"identify "$1""#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "namespace require, cp.execSync with options",
        ext: "cjs",
        source: r#"const cp = require("node:child_process");
module.exports = (v, done) => done(null, cp.execSync("tar czf backup.tgz " + v, { encoding: "utf8" }));
"#,
        oracle: r#"tar czf backup.tgz "$1""#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "inline require(...).exec",
        ext: "cjs",
        source: r#"module.exports = (v, done) => {
  require("child_process").exec(`zip -r out.zip ${v}`, (e, o) => done(e, o));
};
"#,
        oracle: r#"zip -r out.zip "$1""#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "const exec = require(...).exec",
        ext: "cjs",
        source: r#"const exec = require("child_process").exec;
module.exports = (v, done) => {
  exec("pandoc -o out.pdf " + v, (e, o) => done(e, o));
};
"#,
        oracle: r#"pandoc -o out.pdf "$1""#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "destructured alias { exec: run }",
        ext: "cjs",
        source: r#"const { exec: sh } = require("child_process");
module.exports = (v, done) => {
  sh(`grep -c needle ${v}`, (e, o) => done(e, o));
};
"#,
        oracle: r#"grep -c needle "$1""#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "value inside double quotes",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`grep -r "${v}" src`, (e, o) => done(e, o));
"#,
        oracle: r#"grep -r "$1" src"#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "value inside single quotes",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`git commit -m '${v}'`, (e, o) => done(e, o));
"#,
        oracle: r#"git commit -m "$1""#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "value glued to literal text",
        ext: "cjs",
        source: r#"const { exec } = require("child_process");
module.exports = (v, done) => exec(`convert in.png -o${v}.png --label=x${v}y`, (e, o) => done(e, o));
"#,
        oracle: r#"convert in.png "-o$1.png" "--label=x$1y""#,
        safety: Safety::Unsafe,
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
        oracle: r#"convert "$1" out.png"#,
        safety: Safety::Unsafe,
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
        oracle: r#"ffmpeg -i "$1" -f null -"#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "execFile with shell: true and a callback",
        ext: "cjs",
        source: r#"const { execFile } = require("child_process");
module.exports = (v, done) => {
  execFile("git", ["show", v], { shell: true, timeout: 5000 }, (e, o) => done(e, o));
};
"#,
        oracle: r#"git show "$1""#,
        safety: Safety::Unsafe,
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
        oracle: r#"du -s "$1""#,
        safety: Safety::Unsafe,
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
        oracle: r#"ffmpeg -i "$1" -an out.mp4"#,
        safety: Safety::Unsafe,
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
        oracle: r#"tar czf out.tgz "$1" notes.txt"#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "an argument list joined with spaces",
        ext: "cjs",
        source: r#"const { execSync } = require("child_process");
module.exports = (v, done) => done(null, execSync(["git", "tag", "-a", "v1", "-m", `"${v}"`].join(" ")).toString());
"#,
        oracle: r#"git tag -a v1 -m "$1""#,
        safety: Safety::Unsafe,
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
        oracle: "git status --porcelain",
        safety: Safety::Safe,
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
        oracle: r#"ffprobe -hide_banner -of json "$1""#,
        safety: Safety::Safe,
    },
    Case {
        name: "spawn-command-string: execFile with a callback",
        ext: "cjs",
        source: r#"const { execFile } = require("child_process");
module.exports = (v, done) => execFile("git log -1 --oneline", (e, o) => done(e, o));
"#,
        oracle: "git log -1 --oneline",
        safety: Safety::Safe,
    },
    Case {
        name: "ESM: named import, exec with callback",
        ext: "mjs",
        source: r#"import { exec } from "node:child_process";
export default function run(v, done) {
  exec(`ffmpeg -i ${v} -vn out.mp3`, (err, stdout) => done(err, stdout));
}
"#,
        oracle: r#"ffmpeg -i "$1" -vn out.mp3"#,
        safety: Safety::Unsafe,
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
        oracle: r#"git rev-parse "$1""#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "ESM: namespace import",
        ext: "mjs",
        source: r#"import * as cp from "node:child_process";
export default (v, done) => cp.exec("identify -verbose " + v, (e, o) => done(e, o));
"#,
        oracle: r#"identify -verbose "$1""#,
        safety: Safety::Unsafe,
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
        oracle: r#"tar tzf "$1""#,
        safety: Safety::Unsafe,
    },
    Case {
        name: "ESM: default import, execSync",
        ext: "mjs",
        source: r#"import cp from "child_process";
export default (v, done) => done(null, cp.execSync("pandoc " + v + " -o out.html").toString());
"#,
        oracle: r#"pandoc "$1" -o out.html"#,
        safety: Safety::Unsafe,
    },
];

const DRIVER: &str = r#"
const path = require("path");
const { pathToFileURL } = require("url");
const [modPath, valuesJson] = process.argv.slice(2);
const values = JSON.parse(valuesJson);
(async () => {
  const m = modPath.endsWith(".mjs") ? (await import(pathToFileURL(modPath))).default : require(modPath);
  const results = [];
  for (const v of values) {
    results.push(await new Promise((resolve) => {
      try {
        m(v, (err, out) => resolve(err ? { error: err.code || String(err.message).split("\n")[0] } : { out: String(out) }));
      } catch (err) {
        resolve({ error: err.code || String(err.message).split("\n")[0] });
      }
    }));
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
fn stub_bin(dir: &Path) -> PathBuf {
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
    bin
}

/// One value's outcome: `Ok(argv)` or `Err(error code)`.
type RunResult = Result<Vec<String>, String>;

fn run_module(module: &Path, values: &[&str], bin: &Path, cwd: &Path) -> Vec<RunResult> {
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("node")
        .arg(cwd.parent().and_then(Path::parent).unwrap().join("driver.js"))
        .arg(module)
        .arg(serde_json::to_string(values).unwrap())
        .current_dir(cwd)
        .env("PATH", path)
        .output()
        .unwrap();
    let parsed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "driver output for {} is not JSON ({e}): {}\n{}",
            module.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    parsed
        .into_iter()
        .map(|r| match r.get("out").and_then(|o| o.as_str()) {
            Some(text) => serde_json::from_str::<Vec<String>>(text.trim()).map_err(|_| format!("output {text:?}")),
            None => Err(r.get("error").map(|e| e.to_string()).unwrap_or_default()),
        })
        .collect()
}

/// The oracle: `sh -c ORACLE sh VALUE` with the stubs on PATH.
fn oracle(cmd: &str, v: &str, bin: &Path, cwd: &Path) -> Vec<String> {
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("sh").args(["-c", cmd, "sh", v]).current_dir(cwd).env("PATH", path).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("oracle {cmd:?} printed no argv"))
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

fn every_rewrite_keeps_what_worked_and_stops_the_injection() -> Outcome {
    for tool in ["node", "rustc"] {
        if !have(tool) {
            return skip(format!("`{tool}` is not on PATH (needs `node` and `rustc`)"));
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let bin = stub_bin(tmp.path());
    fs::write(tmp.path().join("driver.js"), DRIVER).unwrap();
    // The two rules whose rewrite this proves: the fixes of other rules that apply to
    // the rewritten call (argument-injection's `--end-of-options`) are proven in
    // tests/fix_execution_rules.rs.
    let mut config = Config::default();
    config
        .apply_selection(cplint::rules::METAS, &["shell-injection".into(), "spawn-command-string".into()], &[])
        .expect("known rules");
    let values: Vec<&str> = PLAIN.iter().chain(HOSTILE).copied().collect();
    let mut failures = Vec::new();
    let mut rewrites = 0;
    let mut original_injected = 0;
    let results: Vec<(Vec<String>, usize, usize)> = cplint::run::with_pool(4, || {
        CASES
            .par_iter()
            .enumerate()
            .map(|(i, case)| {
                let mut failures = Vec::new();
                let mut rewrites = 0;
                let mut original_injected = 0;
                let dir = tmp.path().join(format!("case{i}"));
                fs::create_dir_all(&dir).unwrap();
                let shown = format!("case{i}.{}", case.ext);
                // The fix as the CLI applies it, and the safety it was offered at.
                let report = common::lint(&shown, case.source, &config);
                let offered: Vec<Safety> = report
                    .findings
                    .iter()
                    .filter_map(|f| f.fix.as_ref())
                    .filter(|f| !f.edits.is_empty())
                    .map(|f| f.safety)
                    .collect();
                let fixed = fix_text(&shown, case.source, &config, Mode::Unsafe);
                if fixed.applied == 0 {
                    failures.push(format!("{}: no fix applied (offered {offered:?})", case.name));
                    return (failures, rewrites, original_injected);
                }
                if offered != [case.safety] {
                    failures.push(format!("{}: offered {offered:?}, expected [{:?}]", case.name, case.safety));
                }
                let safe_only = fix_text(&shown, case.source, &config, Mode::Safe);
                if (safe_only.applied > 0) != (case.safety == Safety::Safe) {
                    failures.push(format!("{}: --fix without --unsafe-fixes applied {}", case.name, safe_only.applied));
                }
                rewrites += fixed.applied;
                let orig_path = dir.join(format!("original.{}", case.ext));
                let fixed_path = dir.join(format!("fixed.{}", case.ext));
                fs::write(&orig_path, case.source).unwrap();
                fs::write(&fixed_path, &fixed.text).unwrap();
                let check = Command::new("node").arg("--check").arg(&fixed_path).output().unwrap();
                if !check.status.success() {
                    failures.push(format!("{}: fixed code fails node --check:\n{}", case.name, fixed.text));
                    return (failures, rewrites, original_injected);
                }

                let run_dir = dir.join("run-original");
                fs::create_dir_all(&run_dir).unwrap();
                let before = run_module(&orig_path, &values, &bin, &run_dir);
                original_injected += usize::from(!markers(&run_dir).is_empty());
                let run_dir = dir.join("run-fixed");
                fs::create_dir_all(&run_dir).unwrap();
                let after = run_module(&fixed_path, &values, &bin, &run_dir);
                let ran = markers(&run_dir);
                if !ran.is_empty() {
                    failures.push(format!("{}: the fixed code ran injected commands: {ran:?}", case.name));
                }
                for (k, v) in values.iter().enumerate() {
                    let want = oracle(case.oracle, v, &bin, &run_dir);
                    if after[k].as_ref() != Ok(&want) {
                        failures
                            .push(format!("{}: value {v:?}: fixed gave {:?}, oracle {want:?}", case.name, after[k]));
                    }
                    let plain = k < PLAIN.len();
                    match case.safety {
                        Safety::Unsafe if plain && before[k].as_ref() != Ok(&want) => failures.push(format!(
                            "{}: plain value {v:?}: original gave {:?}, oracle {want:?}",
                            case.name, before[k]
                        )),
                        // spawn-command-string: the original never ran the program.
                        Safety::Safe if !matches!(&before[k], Err(e) if e.contains("ENOENT")) => failures
                            .push(format!("{}: original was expected to fail with ENOENT: {:?}", case.name, before[k])),
                        _ => {}
                    }
                }
                (failures, rewrites, original_injected)
            })
            .collect()
    });
    for (f, r, o) in results {
        failures.extend(f);
        rewrites += r;
        original_injected += o;
    }
    eprintln!(
        "fix_execution: {} cases, {rewrites} rewrites run with {} values each; the original code ran an injected command in {original_injected} cases",
        CASES.len(),
        values.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(rewrites >= 20, "only {rewrites} rewrites exercised");
    // The hostile values are real: most originals ran an injected command.
    assert!(original_injected >= CASES.len() / 2, "only {original_injected} originals were injectable");
    Ok(())
}

test_main! {
    every_rewrite_keeps_what_worked_and_stops_the_injection,
}
