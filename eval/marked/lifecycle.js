const { spawn, spawnSync, exec, execFile, fork } = require("node:child_process");
const { pipeline } = require("node:stream");

function fetchAll() {
  exec("git fetch --all", (err) => { if (err) console.error(err); }); // expect: missing-timeout
}

function fetchBounded() {
  exec("git fetch --all", { timeout: 60_000 }, (err) => { if (err) console.error(err); });
}

function compress(input, output) {
  const gz = spawn("gzip", ["-c"], { timeout: 60_000 }); // expect: unhandled-error
  gz.on("close", (code) => { if (code !== 0) console.error("gzip", code); });
  input.pipe(gz.stdin);
  gz.stdout.pipe(output);
  gz.stderr.pipe(process.stderr);
}

function compressSafely(input, output, done) {
  const gz = spawn("gzip", ["-c"], { timeout: 60_000, stdio: ["pipe", "pipe", "inherit"] });
  gz.on("error", done);
  gz.on("close", (code) => done(code === 0 ? null : new Error(`gzip ${code}`)));
  pipeline(input, gz.stdin, (e) => e && done(e));
  pipeline(gz.stdout, output, (e) => e && done(e));
}

function logs() {
  const child = spawn("journalctl", ["-f"], { timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] }); // expect: undrained-stdio
  child.on("error", (e) => console.error(e));
  child.on("close", (code) => console.log("journalctl", code));
  child.stdout.on("data", (d) => process.stdout.write(d));
}

function bundle() {
  execFile("webpack", ["--mode", "production"], { timeout: 600_000 }, (err) => { if (err) throw err; }); // expect: buffered-output
}

function bundleStreamed() {
  const w = spawn("webpack", ["--mode", "production"], { timeout: 600_000, stdio: "inherit" });
  w.on("error", (e) => console.error(e));
  w.on("close", (code) => { if (code !== 0) process.exitCode = 1; });
}

function quiet() {
  spawnSync("make", ["clean"], { timeout: 60_000, stdio: "ignore" }); // expect: unchecked-exit
}

function checkedQuiet() {
  const r = spawnSync("make", ["clean"], { timeout: 60_000, stdio: "ignore" });
  if (r.error || r.status !== 0) throw new Error("make clean failed");
}

function helper() {
  const h = fork("./helper.js", [], { timeout: 60_000 }); // expect: unchecked-exit
  h.on("error", (e) => console.error(e));
  h.on("exit", () => console.log("helper done"));
}

function background() {
  const b = spawn("sync-daemon", [], { detached: true, stdio: "ignore" }); // expect: detached-without-unref
  b.on("error", (e) => console.error(e));
}

function login(user, pass) {
  execFile("smbclient", ["-U", `${user}%${pass}`, "//server/share"], { timeout: 30_000 }, (err) => { if (err) throw err; });
  execFile("mount", ["-o", `password=${pass}`, "//server/share", "/mnt"], { timeout: 30_000 }, (err) => { if (err) throw err; }); // expect: secret-in-args
}

function renderPreview(file) {
  const r = spawnSync("libreoffice", ["--headless", "--convert-to", "pdf", file], { stdio: "inherit" }); // expect: missing-timeout
  if (r.status !== 0) throw new Error("conversion failed");
}

function silentWorker() {
  const w = fork("./render-worker.js", [], { silent: true, timeout: 60_000 }); // expect: undrained-stdio
  w.on("error", (e) => console.error(e));
  w.on("exit", (code) => console.log("worker", code));
}

module.exports = { renderPreview, silentWorker, fetchAll, fetchBounded, compress, compressSafely, logs, bundle, bundleStreamed, quiet, checkedQuiet, helper, background, login };
