#!/usr/bin/env node
// The `cplint` command of the npm package: finds the native binary that npm installed
// from one of the optional platform packages (@cplint/cli-<os>-<cpu>[-<libc>]) and runs
// it with this process's arguments and stdio. No postinstall step, no shell.
//
// CPLINT_BINARY=/path/to/cplint runs that binary instead (a local build, or a platform
// npm has no package for).
"use strict";

const childProcess = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const SCOPE = "@cplint/cli-";
// Platform keys that have a package; see npm/platforms/.
const SUPPORTED = [
  "linux-x64-gnu",
  "linux-x64-musl",
  "linux-arm64-gnu",
  "darwin-x64",
  "darwin-arm64",
  "win32-x64",
];

/** True when this Linux process runs on musl libc rather than glibc. */
function isMusl() {
  try {
    if (process.report && typeof process.report.getReport === "function") {
      // Skip the network part of the report: it can be slow, and only the header is read.
      if ("excludeNetwork" in process.report) process.report.excludeNetwork = true;
      const report = process.report.getReport();
      const header = report && report.header;
      if (header && header.glibcVersionRuntime) return false;
      const shared = (report && report.sharedObjects) || [];
      if (shared.some((lib) => /(^|\/)(ld-musl-|libc\.musl-)/.test(lib))) return true;
    }
  } catch (_) {
    // No report available (e.g. --disallow-code-generation in odd runtimes): look at /lib.
  }
  try {
    return fs.readdirSync("/lib").some((name) => name.startsWith("ld-musl-"));
  } catch (_) {
    return false;
  }
}

/** Platform keys to try, best first (on Linux the other libc's build as a fallback). */
function platformKeys() {
  const base = `${process.platform}-${process.arch}`;
  if (process.platform !== "linux") return [base];
  const libcs = isMusl() ? ["musl", "gnu"] : ["gnu", "musl"];
  return libcs.map((libc) => `${base}-${libc}`).filter((key) => SUPPORTED.includes(key));
}

/** The platform package for this machine, e.g. `@cplint/cli-linux-x64-gnu` (null: none). */
function platformPackage() {
  const keys = platformKeys().filter((key) => SUPPORTED.includes(key));
  return keys.length > 0 ? SCOPE + keys[0] : null;
}

function binaryName() {
  return process.platform === "win32" ? "cplint.exe" : "cplint";
}

/** `{ binary }` when found, `{ error }` (a message for the user) when not. */
function findBinary() {
  const override = process.env.CPLINT_BINARY;
  if (override) return { binary: override };
  const keys = platformKeys().filter((key) => SUPPORTED.includes(key));
  if (keys.length === 0) {
    return {
      error:
        `cplint: no prebuilt binary for ${process.platform}-${process.arch} ` +
        `(prebuilt: ${SUPPORTED.join(", ")}).\n` +
        "Build it with `cargo install cplint` (or from a clone: `cargo install --path .`) " +
        "and set CPLINT_BINARY=/path/to/cplint.",
    };
  }
  for (const key of keys) {
    let manifest;
    try {
      manifest = require.resolve(`${SCOPE}${key}/package.json`);
    } catch (_) {
      continue;
    }
    const binary = path.join(path.dirname(manifest), binaryName());
    if (fs.existsSync(binary)) return { binary };
  }
  const expected = SCOPE + keys[0];
  return {
    error:
      `cplint: the package ${expected} is not installed; it holds the cplint binary ` +
      `for this platform (${keys[0]}).\n` +
      "npm installs it as an optional dependency of `cplint`. It is missing when optional " +
      "dependencies were omitted (--omit=optional, --no-optional) or when the lockfile was " +
      "made on another platform. Reinstall: `rm -rf node_modules && npm install`, or add it " +
      `directly: \`npm i -D ${expected}\`.\n` +
      "Or set CPLINT_BINARY=/path/to/cplint.",
  };
}

/** Ends this process the way the child ended: same signal, else same exit code. */
function exitLike(result) {
  if (result.signal) {
    process.removeAllListeners(result.signal);
    try {
      process.kill(process.pid, result.signal);
    } catch (_) {
      // Not deliverable here (Windows): fall through to an exit code.
    }
    const number = os.constants.signals[result.signal];
    process.exit(number ? 128 + number : 1);
  }
  process.exit(result.status === null ? 1 : result.status);
}

function main() {
  const found = findBinary();
  if (found.error) {
    process.stderr.write(found.error + "\n");
    process.exit(2);
  }
  // Ctrl-C reaches cplint too (same process group): let it end, then end like it did.
  const ignore = () => {};
  for (const signal of ["SIGINT", "SIGQUIT"]) {
    if (process.platform !== "win32" || signal === "SIGINT") process.on(signal, ignore);
  }
  // A foreground command with the terminal's stdio, as if cplint were run directly: no time
  // limit here (cplint bounds the time per file itself; the user sees it run and can stop
  // it), and nothing is buffered.
  // cplint-disable-next-line missing-timeout -- a CLI launcher's foreground child, stdio inherited
  const result = childProcess.spawnSync(found.binary, process.argv.slice(2), {
    stdio: "inherit",
    shell: false,
    windowsHide: true,
  });
  if (result.error) {
    const via = process.env.CPLINT_BINARY ? " (from CPLINT_BINARY)" : "";
    process.stderr.write(`cplint: cannot run ${found.binary}${via}: ${result.error.message}\n`);
    process.exit(2);
  }
  exitLike(result);
}

if (require.main === module) {
  main();
} else {
  module.exports = { platformPackage, platformKeys, findBinary, SUPPORTED };
}
