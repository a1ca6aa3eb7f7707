//! Proof by execution for the fixes of `argument-injection` and `env-without-path`,
//! in the manner of `tests/fix_execution.rs`: each case is run under Node before
//! and after `--fix --unsafe-fixes`, with its program pointed at a stub executable
//! that prints its argv (and the variable `CPLINT_PROBE`) as JSON.
//!
//! Each case names an *oracle*: the call the author meant, written for `sh` with the
//! value quoted as `"$1"`. For every value, from plain words to values that look
//! like options, the rewritten call must give exactly the oracle's argv.
//!
//! - `argument-injection`: the oracle holds the marker (`--end-of-options`, `--`);
//!   for plain values the original gave the oracle's argv without the marker, which
//!   is all the fix changes (a value starting with `-` now stays an argument).
//! - `env-without-path`: the program is found on `PATH` only; the original fails
//!   with `ENOENT` for every value (its `env` has no `PATH`), the fixed call runs
//!   and still sees the variables the original set.
//!
//! - `missing-timeout`: the program gets the same argv before and after for every
//!   value and the callback or result arrives the same; the options the call hands
//!   to `child_process` (recorded by the driver, which wraps its functions) are the
//!   original's plus `timeout: 30000`, so the new object landed in the options slot
//!   (not as the argument array or the callback).
//! - `undrained-stdio`: the same argv and outcome for every value (the stub also
//!   writes what it saw to `CPLINT_ARGV_FILE`, since its stdout is no longer a
//!   pipe), the options differ only in `stdio`, and with a child that writes 1 MiB
//!   to each stream the original never closes (the pipe fills) while the fixed call
//!   finishes.
//!
//! Reported as ignored (`SKIPPED because ...`) when `node` or `rustc` is missing.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::harness::{Outcome, skip};
use cplint::config::Config;
use cplint::emit::Safety;
use cplint::fix::Mode;
use cplint::lint::fix_source as fix_text;

/// Program names the stub is installed under. None of them exists in `/usr/bin`
/// or `/bin` under these names except as the real tools, which the stub directory
/// shadows (it comes first on `PATH`); `cplint-probe-tool` exists nowhere else, so
/// a child that loses `PATH` cannot find it.
const PROGRAMS: &[&str] = &[
    "git",
    "ssh",
    "scp",
    "curl",
    "wget",
    "tar",
    "rsync",
    "zip",
    "sed",
    "hg",
    "psql",
    "mysql",
    "npx",
    "docker",
    "npm",
    "make",
    "ffmpeg",
    "cplint-probe-tool",
];

const PLAIN: &[&str] = &["input.mp4", "v1.2.3"];
/// Values an attacker would send to an option position.
const HOSTILE: &[&str] = &[
    "--upload-pack=touch PWNED_UP",
    "-oProxyCommand=touch PWNED_SSH",
    "-K/etc/passwd",
    "--checkpoint-action=exec=touch PWNED_TAR",
    "-e",
    "--",
    "-",
    "my file.mp4",
    "",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// The oracle's argv holds `marker`; plain originals give it without the marker.
    Argument { marker: &'static str },
    /// The original fails with ENOENT; the fixed call runs with the probe set.
    EnvPath,
    /// Same argv and outcome; the options gain `timeout: 30000`.
    Timeout,
    /// Same argv and outcome; only `stdio` changes, to the given slots; a chatty
    /// child hangs the original only.
    Stdio { stdio: [&'static str; 3] },
    /// `exec("cd DIR && cmd")` → `execFile(cmd, args, { cwd: DIR })` (shell-injection's
    /// rewrite): the oracle's argv and directory, or `ENOENT` where the oracle's `cd`
    /// failed. `dir_is_value`: a value starting with `-` was a `cd` option and is now
    /// a directory name (which does not exist here: `ENOENT`); an empty value
    /// (`cd ""` stays) may fail with `ENOENT` (`execFileSync` with `cwd: ""` does).
    Cd { dir_is_value: bool },
}

struct Case {
    name: &'static str,
    /// Defines `module.exports = run(v, done)`: calls child_process once and hands
    /// back its stdout.
    source: &'static str,
    /// What the author meant, for `sh -c` with the value as `$1`.
    oracle: &'static str,
    rule: Rule,
    safety: Safety,
}

const GIT: Rule = Rule::Argument { marker: "--end-of-options" };
const DD: Rule = Rule::Argument { marker: "--" };

const CASES: &[Case] = &[
    Case {
        name: "git clone with a URL after options",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => execFile("git", ["clone", "--depth", "1", v, "dest"], { timeout: 10_000 }, done);
"#,
        oracle: r#"git clone --depth 1 --end-of-options "$1" dest"#,
        rule: GIT,
        safety: Safety::Unsafe,
    },
    Case {
        name: "git checkout after a global -C",
        source: r#"const { execFileSync } = require("node:child_process");
module.exports = (v, done) => done(null, execFileSync("git", ["-C", "/srv/repo", "checkout", v], { encoding: "utf8" }));
"#,
        oracle: r#"git -C /srv/repo checkout --end-of-options "$1""#,
        rule: GIT,
        safety: Safety::Unsafe,
    },
    Case {
        name: "git log through spawn, output collected",
        source: r#"const { spawn } = require("child_process");
module.exports = (v, done) => {
  const child = spawn("git", ["log", "--oneline", v], { timeout: 10_000 });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.on("error", done);
  child.on("close", () => done(null, out));
};
"#,
        oracle: r#"git log --oneline --end-of-options "$1""#,
        rule: GIT,
        safety: Safety::Unsafe,
    },
    Case {
        name: "ssh host before the remote command",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => execFile("ssh", ["-p", "22", v, "uptime"], { timeout: 10_000 }, done);
"#,
        oracle: r#"ssh -p 22 -- "$1" uptime"#,
        rule: DD,
        safety: Safety::Unsafe,
    },
    Case {
        name: "scp source",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => execFile("scp", ["-q", v, "backup:/srv/"], { timeout: 10_000 }, done);
"#,
        oracle: r#"scp -q -- "$1" backup:/srv/"#,
        rule: DD,
        safety: Safety::Unsafe,
    },
    Case {
        name: "curl URL, spawnSync with encoding",
        source: r#"const { spawnSync } = require("node:child_process");
module.exports = (v, done) => done(null, spawnSync("curl", ["-sS", "-L", v], { encoding: "utf8" }).stdout);
"#,
        oracle: r#"curl -sS -L -- "$1""#,
        rule: DD,
        safety: Safety::Unsafe,
    },
    Case {
        name: "tar old-style options, file list",
        source: r#"const { execFileSync } = require("node:child_process");
module.exports = (v, done) => done(null, execFileSync("tar", ["czf", "backup.tgz", v]).toString());
"#,
        oracle: r#"tar czf backup.tgz -- "$1""#,
        rule: DD,
        safety: Safety::Unsafe,
    },
    Case {
        name: "rsync source and destination",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => execFile("rsync", ["-a", v, "/backup/"], done);
"#,
        oracle: r#"rsync -a -- "$1" /backup/"#,
        rule: DD,
        safety: Safety::Unsafe,
    },
    Case {
        name: "zip file after the archive name",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => execFile("zip", ["-r", "out.zip", v], done);
"#,
        oracle: r#"zip -r out.zip -- "$1""#,
        rule: DD,
        safety: Safety::Unsafe,
    },
    Case {
        name: "sed script position",
        source: r#"const { execFileSync } = require("node:child_process");
module.exports = (v, done) => done(null, execFileSync("sed", ["-n", v, "file.txt"], { encoding: "utf8" }));
"#,
        oracle: r#"sed -n -- "$1" file.txt"#,
        rule: DD,
        safety: Safety::Unsafe,
    },
    Case {
        name: "hg pull source",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => execFile("hg", ["pull", v], done);
"#,
        oracle: r#"hg pull -- "$1""#,
        rule: DD,
        safety: Safety::Unsafe,
    },
    Case {
        name: "psql database name",
        source: r#"const { execFileSync } = require("node:child_process");
module.exports = (v, done) => done(null, execFileSync("psql", ["-X", v], { encoding: "utf8" }));
"#,
        oracle: r#"psql -X -- "$1""#,
        rule: DD,
        safety: Safety::Unsafe,
    },
    Case {
        name: "mysql database name",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => execFile("mysql", ["-u", "app", v], done);
"#,
        oracle: r#"mysql -u app -- "$1""#,
        rule: DD,
        safety: Safety::Unsafe,
    },
    Case {
        name: "npx command position",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => execFile("npx", ["--yes", v], done);
"#,
        oracle: r#"npx --yes -- "$1""#,
        rule: DD,
        safety: Safety::Unsafe,
    },
    Case {
        name: "docker run image",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => execFile("docker", ["run", "--rm", v], done);
"#,
        oracle: r#"docker run --rm -- "$1""#,
        rule: DD,
        safety: Safety::Unsafe,
    },
    Case {
        name: "env without PATH, spawn with output collected",
        source: r#"const { spawn } = require("node:child_process");
module.exports = (v, done) => {
  const child = spawn("cplint-probe-tool", ["serve"], { env: { CPLINT_PROBE: v }, timeout: 10_000 });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.on("error", done);
  child.on("close", () => done(null, out));
};
"#,
        oracle: r#"CPLINT_PROBE="$1" cplint-probe-tool serve"#,
        rule: Rule::EnvPath,
        safety: Safety::Unsafe,
    },
    Case {
        name: "env without PATH, execFile with two variables",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => execFile("cplint-probe-tool", ["a", "b"], { env: { LANG: "C", CPLINT_PROBE: v } }, done);
"#,
        oracle: r#"LANG=C CPLINT_PROBE="$1" cplint-probe-tool a b"#,
        rule: Rule::EnvPath,
        safety: Safety::Unsafe,
    },
    Case {
        name: "env without PATH, execFileSync with a spread of a local object",
        source: r#"const { execFileSync } = require("node:child_process");
const base = { LANG: "C" };
module.exports = (v, done) => {
  try {
    done(null, execFileSync("cplint-probe-tool", [], { env: { ...base, CPLINT_PROBE: v }, encoding: "utf8" }));
  } catch (e) {
    done(e);
  }
};
"#,
        oracle: r#"LANG=C CPLINT_PROBE="$1" cplint-probe-tool"#,
        rule: Rule::EnvPath,
        safety: Safety::Unsafe,
    },
    Case {
        name: "env without PATH, spawnSync",
        source: r#"const { spawnSync } = require("node:child_process");
module.exports = (v, done) => {
  const r = spawnSync("cplint-probe-tool", ["x"], { env: { CPLINT_PROBE: v }, encoding: "utf8" });
  done(r.error, r.stdout);
};
"#,
        oracle: r#"CPLINT_PROBE="$1" cplint-probe-tool x"#,
        rule: Rule::EnvPath,
        safety: Safety::Unsafe,
    },
    Case {
        name: "env without PATH, exec of a constant command (the shell cannot find it: 127)",
        source: r#"const { exec } = require("node:child_process");
module.exports = (v, done) => exec("cplint-probe-tool run", { env: { CPLINT_PROBE: v } }, done);
"#,
        oracle: r#"CPLINT_PROBE="$1" cplint-probe-tool run"#,
        rule: Rule::EnvPath,
        safety: Safety::Unsafe,
    },
    Case {
        name: "missing-timeout: execFile with a callback right after the argument array",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => {
  execFile("git", ["fetch", "origin", v], done);
};
"#,
        oracle: r#"git fetch origin "$1""#,
        rule: Rule::Timeout,
        safety: Safety::Unsafe,
    },
    Case {
        name: "missing-timeout: exec with a callback and no options",
        source: r#"const { exec } = require("node:child_process");
module.exports = (v, done) => {
  exec("cplint-probe-tool fetch --all", (err, out) => done(err, out));
};
"#,
        oracle: r#"cplint-probe-tool fetch --all"#,
        rule: Rule::Timeout,
        safety: Safety::Unsafe,
    },
    Case {
        name: "missing-timeout: exec with an options object",
        source: r#"const { exec } = require("node:child_process");
module.exports = (v, done) => {
  exec("git fetch --all", { cwd: "." }, done);
};
"#,
        oracle: r#"git fetch --all"#,
        rule: Rule::Timeout,
        safety: Safety::Unsafe,
    },
    Case {
        name: "missing-timeout: execSync without options",
        source: r#"const { execSync } = require("node:child_process");
module.exports = (v, done) => done(null, execSync("git fetch origin").toString());
"#,
        oracle: r#"git fetch origin"#,
        rule: Rule::Timeout,
        safety: Safety::Unsafe,
    },
    Case {
        name: "missing-timeout: execFileSync with a multi-line options object and a trailing comma",
        source: r#"const { execFileSync } = require("node:child_process");
module.exports = (v, done) => {
  const out = execFileSync("npm", ["install", v], {
    encoding: "utf8",
  });
  done(null, out);
};
"#,
        oracle: r#"npm install "$1""#,
        rule: Rule::Timeout,
        safety: Safety::Unsafe,
    },
    Case {
        name: "missing-timeout: spawnSync with options",
        source: r#"const { spawnSync } = require("node:child_process");
module.exports = (v, done) => {
  const r = spawnSync("curl", ["-sS", v], { encoding: "utf8" });
  done(r.error, r.stdout);
};
"#,
        oracle: r#"curl -sS "$1""#,
        rule: Rule::Timeout,
        safety: Safety::Unsafe,
    },
    Case {
        name: "missing-timeout: spawn without options, output collected",
        source: r#"const { spawn } = require("node:child_process");
module.exports = (v, done) => {
  const child = spawn("docker", ["pull", v]);
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.on("error", done);
  child.on("close", () => done(null, out));
};
"#,
        oracle: r#"docker pull "$1""#,
        rule: Rule::Timeout,
        safety: Safety::Unsafe,
    },
    Case {
        name: "missing-timeout: execFile with `timeout: 0`",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => {
  execFile("make", ["-C", v], { timeout: 0, encoding: "utf8" }, done);
};
"#,
        oracle: r#"make -C "$1""#,
        rule: Rule::Timeout,
        safety: Safety::Unsafe,
    },
    Case {
        name: "missing-timeout: execFile without an argument array",
        source: r#"const { execFile } = require("node:child_process");
module.exports = (v, done) => {
  execFile("make", done);
};
"#,
        oracle: r#"make"#,
        rule: Rule::Timeout,
        safety: Safety::Unsafe,
    },
    Case {
        name: "missing-timeout: promisified execFile",
        source: r#"const { execFile } = require("node:child_process");
const { promisify } = require("node:util");
const execFileAsync = promisify(execFile);
module.exports = (v, done) => {
  execFileAsync("git", ["pull", v]).then((r) => done(null, r.stdout), done);
};
"#,
        oracle: r#"git pull "$1""#,
        rule: Rule::Timeout,
        safety: Safety::Unsafe,
    },
    Case {
        name: "undrained-stdio: spawn without stdio, close and error listeners",
        source: r#"const { spawn } = require("node:child_process");
const fs = require("node:fs");
module.exports = (v, done) => {
  const child = spawn("make", ["-C", v], { timeout: 10_000 });
  child.on("error", done);
  child.on("close", (code) => done(code ? new Error(`exit ${code}`) : null, fs.readFileSync(process.env.CPLINT_ARGV_FILE, "utf8")));
};
"#,
        oracle: r#"make -C "$1""#,
        rule: Rule::Stdio { stdio: ["pipe", "ignore", "ignore"] },
        safety: Safety::Safe,
    },
    Case {
        name: "undrained-stdio: `stdio: \"pipe\"`",
        source: r#"const { spawn } = require("node:child_process");
const fs = require("node:fs");
module.exports = (v, done) => {
  const child = spawn("ffmpeg", ["-i", v, "out.webm"], { stdio: "pipe", timeout: 10_000 });
  child.on("error", done);
  child.on("exit", () => done(null, fs.readFileSync(process.env.CPLINT_ARGV_FILE, "utf8")));
};
"#,
        oracle: r#"ffmpeg -i "$1" out.webm"#,
        rule: Rule::Stdio { stdio: ["pipe", "ignore", "ignore"] },
        safety: Safety::Safe,
    },
    Case {
        name: "undrained-stdio: a stdio array with stdin ignored",
        source: r#"const { spawn } = require("node:child_process");
const fs = require("node:fs");
module.exports = (v, done) => {
  const child = spawn("rsync", ["-a", v, "/backup/"], { stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
  child.on("error", done);
  child.on("close", (code, signal) => done(signal, fs.readFileSync(process.env.CPLINT_ARGV_FILE, "utf8")));
};
"#,
        oracle: r#"rsync -a "$1" /backup/"#,
        rule: Rule::Stdio { stdio: ["ignore", "ignore", "ignore"] },
        safety: Safety::Safe,
    },
    Case {
        name: "undrained-stdio: a short stdio array, listeners chained on the call",
        source: r#"const { spawn } = require("node:child_process");
const fs = require("node:fs");
module.exports = (v, done) => {
  spawn("make", ["-f", v], { stdio: ["ignore"], timeout: 10_000 })
    .on("error", done)
    .on("close", () => done(null, fs.readFileSync(process.env.CPLINT_ARGV_FILE, "utf8")));
};
"#,
        oracle: r#"make -f "$1""#,
        rule: Rule::Stdio { stdio: ["ignore", "ignore", "ignore"] },
        safety: Safety::Safe,
    },
    Case {
        name: "undrained-stdio: stdin written, stdout and stderr never read",
        source: r#"const { spawn } = require("node:child_process");
const fs = require("node:fs");
module.exports = (v, done) => {
  const child = spawn("cplint-probe-tool", ["load", v], { timeout: 10_000 });
  child.on("error", done);
  child.stdin.on("error", () => {});
  child.stdin.end("rows\n");
  child.on("close", () => done(null, fs.readFileSync(process.env.CPLINT_ARGV_FILE, "utf8")));
};
"#,
        oracle: r#"cplint-probe-tool load "$1""#,
        rule: Rule::Stdio { stdio: ["pipe", "ignore", "ignore"] },
        safety: Safety::Safe,
    },
    Case {
        name: "cd-rewrite: a constant directory, a value in the command",
        source: r#"const { exec } = require("node:child_process");
module.exports = (v, done) => {
  exec("cd sub && git log --format=%H " + v, { timeout: 10_000 }, (err, out) => done(err, out));
};
"#,
        oracle: r#"cd sub && git log --format=%H "$1""#,
        rule: Rule::Cd { dir_is_value: false },
        safety: Safety::Unsafe,
    },
    Case {
        name: "cd-rewrite: the directory is the value (quoted), execSync",
        source: r#"const { execSync } = require("node:child_process");
module.exports = (v, done) => {
  try {
    done(null, execSync(`cd "${v}" && make -j2`, { encoding: "utf8", stdio: "pipe", timeout: 10_000 }));
  } catch (e) {
    done(e);
  }
};
"#,
        oracle: r#"cd "$1" && make -j2"#,
        rule: Rule::Cd { dir_is_value: true },
        safety: Safety::Unsafe,
    },
    Case {
        name: "cd-rewrite: promisified exec, directory built from the value",
        source: r#"const { exec } = require("node:child_process");
const { promisify } = require("node:util");
const execAsync = promisify(exec);
module.exports = (v, done) => {
  execAsync(`cd "./${v}" && npm ci`, { timeout: 10_000 }).then((r) => done(null, r.stdout), done);
};
"#,
        oracle: r#"cd "./$1" && npm ci"#,
        rule: Rule::Cd { dir_is_value: false },
        safety: Safety::Unsafe,
    },
];

const DRIVER: &str = r#"
const { pathToFileURL } = require("url");
const util = require("util");
const cp = require("child_process");
// Record the options object each call hands to child_process (functions and the
// parent's environment by name), so a test can see where a fix put an option.
let lastOpts = null;
const record = (a) => {
  const o = a.slice(1).find((x) => x !== null && typeof x === "object" && !Array.isArray(x));
  lastOpts = o === undefined ? null : JSON.parse(JSON.stringify(o, (k, v) => (typeof v === "function" ? "[function]" : v)));
};
for (const name of ["exec", "execFile", "spawn", "execSync", "execFileSync", "spawnSync", "fork"]) {
  const orig = cp[name];
  const wrapped = function (...a) {
    record(a);
    return orig.apply(this, a);
  };
  if (orig[util.promisify.custom]) {
    wrapped[util.promisify.custom] = (...a) =>
      new Promise((resolve, reject) =>
        wrapped(...a, (err, stdout, stderr) => (err ? reject(Object.assign(err, { stdout, stderr })) : resolve({ stdout, stderr }))),
      );
  }
  cp[name] = wrapped;
}
require("module").syncBuiltinESMExports();
const [modPath, valuesJson] = process.argv.slice(2);
const values = JSON.parse(valuesJson);
const hangMs = Number(process.env.CPLINT_HANG_MS || 0);
(async () => {
  const m = modPath.endsWith(".mjs") ? (await import(pathToFileURL(modPath))).default : require(modPath);
  const results = [];
  for (const v of values) {
    lastOpts = null;
    const r = await new Promise((resolve) => {
      if (hangMs) setTimeout(() => resolve({ error: "HANG" }), hangMs);
      try {
        m(v, (err, out) => resolve(err ? { error: err.code || String(err.message).split("\n")[0] } : { out: String(out) }));
      } catch (err) {
        resolve({ error: err.code || String(err.message).split("\n")[0] });
      }
    });
    results.push({ ...r, opts: lastOpts });
  }
  process.stdout.write(JSON.stringify(results), () => process.exit(0));
})();
"#;

/// Prints `{"argv":[...],"probe":...,"cwd":...}`: the arguments, `CPLINT_PROBE` and
/// the directory it runs in.
const STUB: &str = r#"
use std::io::Write;
fn esc(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}
fn main() {
    let args: Vec<String> = std::env::args_os().skip(1).map(|a| esc(&a.to_string_lossy())).collect();
    let probe = std::env::var("CPLINT_PROBE").map(|p| esc(&p)).unwrap_or_else(|_| "null".into());
    let cwd = std::env::current_dir().map(|d| esc(&d.to_string_lossy())).unwrap_or_else(|_| "null".into());
    let s = format!("{{\"argv\":[{}],\"probe\":{},\"cwd\":{}}}", args.join(","), probe, cwd);
    if std::env::var_os("CPLINT_CHATTY").is_some() {
        let mb = vec![b'x'; 1 << 20];
        let _ = std::io::stdout().write_all(&mb);
        let _ = std::io::stderr().write_all(&mb);
    }
    if let Some(f) = std::env::var_os("CPLINT_ARGV_FILE") {
        let _ = std::fs::write(f, s.as_bytes());
    }
    let _ = std::io::stdout().write_all(s.as_bytes());
}
"#;

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
struct Ran {
    argv: Vec<String>,
    probe: Option<String>,
    cwd: Option<String>,
}

/// One value's outcome: what the stub saw, or the error code.
type RunResult = Result<Ran, String>;

fn have(cmd: &str) -> bool {
    Command::new(cmd).arg("--version").output().is_ok_and(|o| o.status.success())
}

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

fn search_path(bin: &Path) -> String {
    format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default())
}

/// One module run per value: the outcome and the options recorded by the driver.
struct Run {
    result: RunResult,
    opts: serde_json::Value,
}

fn run_module(driver: &Path, module: &Path, values: &[&str], bin: &Path, cwd: &Path) -> Vec<Run> {
    run_module_with(driver, module, values, bin, cwd, &[])
}

fn run_module_with(
    driver: &Path,
    module: &Path,
    values: &[&str],
    bin: &Path,
    cwd: &Path,
    env: &[(&str, &str)],
) -> Vec<Run> {
    let out = Command::new("node")
        .arg(driver)
        .arg(module)
        .arg(serde_json::to_string(values).unwrap())
        .current_dir(cwd)
        .env("PATH", search_path(bin))
        .env("CPLINT_ARGV_FILE", cwd.join("argv.json"))
        .envs(env.iter().copied())
        .env_remove("CPLINT_PROBE")
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
        .map(|r| Run {
            result: match r.get("out").and_then(|o| o.as_str()) {
                Some(text) => serde_json::from_str::<Ran>(text.trim()).map_err(|_| format!("output {text:?}")),
                None => Err(r.get("error").map(|e| e.to_string()).unwrap_or_default()),
            },
            opts: r.get("opts").cloned().unwrap_or_default(),
        })
        .collect()
}

/// The oracle, or `None` when it printed nothing readable (its `cd` failed).
fn oracle_opt(cmd: &str, v: &str, bin: &Path, cwd: &Path) -> Option<Ran> {
    let out = Command::new("sh")
        .args(["-c", cmd, "sh", v])
        .current_dir(cwd)
        .env("PATH", search_path(bin))
        .env_remove("CPLINT_PROBE")
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).ok()
}

/// The oracle: `sh -c ORACLE sh VALUE` with the stubs on PATH.
fn oracle(cmd: &str, v: &str, bin: &Path, cwd: &Path) -> Ran {
    let out = Command::new("sh")
        .args(["-c", cmd, "sh", v])
        .current_dir(cwd)
        .env("PATH", search_path(bin))
        .env_remove("CPLINT_PROBE")
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("oracle {cmd:?} printed nothing readable"))
}

fn without_marker(mut ran: Ran, marker: &str) -> Ran {
    if let Some(i) = ran.argv.iter().position(|a| a == marker) {
        ran.argv.remove(i);
    }
    ran
}

fn check_case(case: &Case, i: usize, tmp: &Path, bin: &Path, values: &[&str]) -> (Vec<String>, usize) {
    // The case's rule alone: fixes other rules offer on the same call are theirs.
    let config: Config = common::only(match case.rule {
        Rule::Argument { .. } => "argument-injection",
        Rule::EnvPath => "env-without-path",
        Rule::Timeout => "missing-timeout",
        Rule::Stdio { .. } => "undrained-stdio",
        Rule::Cd { .. } => "shell-injection",
    });
    let mut failures = Vec::new();
    let dir = tmp.join(format!("case{i}"));
    fs::create_dir_all(&dir).unwrap();
    let shown = format!("case{i}.cjs");
    let report = common::lint(&shown, case.source, &config);
    let offered: Vec<Safety> = report
        .findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|f| !f.edits.is_empty())
        .map(|f| f.safety)
        .collect();
    let fixed = fix_text(&shown, case.source, &config, Mode::Unsafe);
    if fixed.applied != 1 {
        failures.push(format!("{}: {} fixes applied (offered {offered:?})", case.name, fixed.applied));
        return (failures, 0);
    }
    if offered != [case.safety] {
        failures.push(format!("{}: offered {offered:?}, expected [{:?}]", case.name, case.safety));
    }
    let safe_only = fix_text(&shown, case.source, &config, Mode::Safe);
    if (safe_only.applied > 0) != (case.safety == Safety::Safe) {
        failures.push(format!("{}: --fix without --unsafe-fixes applied {}", case.name, safe_only.applied));
    }
    let orig_path = dir.join("original.cjs");
    let fixed_path = dir.join("fixed.cjs");
    fs::write(&orig_path, case.source).unwrap();
    fs::write(&fixed_path, &fixed.text).unwrap();
    let check = Command::new("node").arg("--check").arg(&fixed_path).output().unwrap();
    if !check.status.success() {
        failures.push(format!("{}: fixed code fails node --check:\n{}", case.name, fixed.text));
        return (failures, 1);
    }
    let driver = tmp.join("driver.js");
    if let Rule::Cd { .. } = case.rule {
        // Directories for `cd sub` and for the values that name one.
        for d in ["sub", "input.mp4", "v1.2.3", "my file.mp4"] {
            fs::create_dir_all(dir.join(d)).unwrap();
        }
    }
    let before = run_module(&driver, &orig_path, values, bin, &dir);
    let after = run_module(&driver, &fixed_path, values, bin, &dir);
    for (k, v) in values.iter().enumerate() {
        if let Rule::Cd { dir_is_value } = case.rule {
            let want = oracle_opt(case.oracle, v, bin, &dir);
            let ok = match &want {
                // `cd -`, `cd --`, `cd -e`: options to `cd`; now directory names.
                _ if dir_is_value && v.starts_with('-') => {
                    matches!(&after[k].result, Err(e) if e.contains("ENOENT"))
                }
                // `cd ""` stays where it is; `execFileSync` with `cwd: ""` fails
                // with `ENOENT` (`execFile` runs in the current directory).
                Some(w) if dir_is_value && v.is_empty() => {
                    after[k].result.as_ref() == Ok(w) || matches!(&after[k].result, Err(e) if e.contains("ENOENT"))
                }
                Some(w) => after[k].result.as_ref() == Ok(w),
                None => matches!(&after[k].result, Err(e) if e.contains("ENOENT")),
            };
            if !ok {
                failures.push(format!("{}: value {v:?}: fixed gave {:?}, oracle {want:?}", case.name, after[k].result));
            }
            if k < PLAIN.len() && (before[k].result.as_ref().ok() != want.as_ref() || want.is_none()) {
                failures.push(format!(
                    "{}: plain value {v:?}: original gave {:?}, oracle {want:?}",
                    case.name, before[k].result
                ));
            }
            continue;
        }
        let want = oracle(case.oracle, v, bin, &dir);
        if after[k].result.as_ref() != Ok(&want) {
            failures.push(format!("{}: value {v:?}: fixed gave {:?}, oracle {want:?}", case.name, after[k].result));
        }
        match case.rule {
            Rule::Argument { marker } if k < PLAIN.len() => {
                let plain = without_marker(want.clone(), marker);
                if before[k].result.as_ref() != Ok(&plain) {
                    failures.push(format!(
                        "{}: plain value {v:?}: original gave {:?}, expected {plain:?}",
                        case.name, before[k].result
                    ));
                }
            }
            Rule::Argument { .. } => {}
            Rule::EnvPath => {
                // spawn: ENOENT; a shell: "command not found", exit 127.
                if !matches!(&before[k].result, Err(e) if e.contains("ENOENT") || e == "127") {
                    failures.push(format!(
                        "{}: original was expected not to find the program: {:?}",
                        case.name, before[k].result
                    ));
                }
            }
            Rule::Cd { .. } => {}
            Rule::Timeout | Rule::Stdio { .. } => {
                if before[k].result != after[k].result {
                    failures.push(format!(
                        "{}: value {v:?}: original gave {:?}, fixed {:?}",
                        case.name, before[k].result, after[k].result
                    ));
                }
                let (key, value) = match case.rule {
                    Rule::Stdio { stdio } => ("stdio", serde_json::json!(stdio)),
                    _ => ("timeout", serde_json::json!(30000)),
                };
                let mut expected = before[k].opts.as_object().cloned().unwrap_or_default();
                expected.insert(key.to_string(), value);
                if after[k].opts != serde_json::Value::Object(expected.clone()) {
                    failures.push(format!(
                        "{}: value {v:?}: fixed call got options {}, expected {}",
                        case.name,
                        after[k].opts,
                        serde_json::Value::Object(expected)
                    ));
                }
            }
        }
    }
    // A child that writes more than a pipe holds: the original blocks on its unread
    // pipe and never closes; with the pipes ignored it finishes.
    if let Rule::Stdio { .. } = case.rule {
        let chatty = [("CPLINT_CHATTY", "1"), ("CPLINT_HANG_MS", "2000")];
        let before = run_module_with(&driver, &orig_path, &values[..1], bin, &dir, &chatty);
        let after = run_module_with(&driver, &fixed_path, &values[..1], bin, &dir, &chatty);
        if !matches!(&before[0].result, Err(e) if e.contains("HANG")) {
            failures.push(format!("{}: the chatty original was expected to hang: {:?}", case.name, before[0].result));
        }
        let want = oracle(case.oracle, values[0], bin, &dir);
        if after[0].result.as_ref() != Ok(&want) {
            failures.push(format!("{}: the chatty fixed call gave {:?}, oracle {want:?}", case.name, after[0].result));
        }
    }
    (failures, 1)
}

fn every_fix_keeps_plain_arguments_and_ends_option_parsing() -> Outcome {
    for tool in ["node", "rustc"] {
        if !have(tool) {
            return skip(format!("`{tool}` is not on PATH (needs `node` and `rustc`)"));
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let bin = stub_bin(tmp.path());
    fs::write(tmp.path().join("driver.js"), DRIVER).unwrap();
    let values: Vec<&str> = PLAIN.iter().chain(HOSTILE).copied().collect();
    let mut failures = Vec::new();
    let mut rewrites = 0;
    for (i, case) in CASES.iter().enumerate() {
        let (f, r) = check_case(case, i, tmp.path(), &bin, &values);
        failures.extend(f);
        rewrites += r;
    }
    eprintln!("fix_execution_rules: {} cases, {rewrites} rewrites run with {} values each", CASES.len(), values.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(rewrites, CASES.len());
    Ok(())
}

test_main! {
    every_fix_keeps_plain_arguments_and_ends_option_parsing,
}
