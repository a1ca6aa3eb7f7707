const { exec, execSync, execFile, spawn, fork } = require("child_process");
const vm = require("vm");
const { VM } = require("vm2");

function nightly() {
  execSync("npm ci"); // expect: missing-timeout buffered-output
  execSync("npm test", { stdio: "inherit" }); // expect: missing-timeout
  execSync("npm run lint", { stdio: "inherit", timeout: 300_000 });
}

function sync(src, dest) {
  const r = spawn("rsync", ["-a", src, dest], { timeout: 600_000 }); // expect: unhandled-error undrained-stdio argument-injection
  r.on("close", (code) => { if (code) console.error("rsync failed", code); });
}

function archive(dir) {
  const tar = spawn("tar", ["czf", "-", dir], { timeout: 600_000, stdio: ["ignore", "pipe", "inherit"] }); // expect: argument-injection
  tar.on("error", (e) => console.error(e));
  tar.on("close", (code) => console.log("tar", code));
  return tar.stdout;
}

function daemon() {
  const d = fork("./daemon.js", [], { detached: true }); // expect: detached-without-unref
  d.on("error", (e) => console.error(e));
}

function worker(job) {
  const w = fork("./worker.js", ["--job", JSON.stringify(job)], { timeout: 60_000 }); // expect: json-in-args
  w.on("error", (e) => console.error(e));
  w.on("exit", (code) => console.log("worker", code));
}

function sandbox(code) {
  return new VM({ timeout: 100 }).run(code); // expect: vm-as-sandbox
}

function script(code) {
  return new vm.Script(code).runInThisContext(); // expect: vm-as-sandbox
}

function lsof(port, cb) {
  execFile("lsof -i :" + port, { timeout: 5_000 }, cb); // expect: spawn-command-string
}

function kill(pid, cb) {
  exec(`kill -TERM ${pid}`, { timeout: 5_000 }, cb); // expect: shell-injection
}

function killNumber(pid, cb) {
  exec(`kill -TERM ${Number(pid)}`, { timeout: 5_000 }, cb);
}

function upload(file, cb) {
  execFile("aws", ["s3", "cp", file, "s3://bucket/"], { timeout: 600_000 }, cb);
}

function uploadWithKey(file, awsSecretAccessKey, cb) {
  execFile("aws", ["s3", "cp", file, "s3://bucket/", "--secret", awsSecretAccessKey], { timeout: 600_000 }, cb); // expect: secret-in-args
}

module.exports = { nightly, sync, archive, daemon, worker, sandbox, script, lsof, kill, killNumber, upload, uploadWithKey };
