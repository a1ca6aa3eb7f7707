// Marked cases (`// expect: <rules>` on the line where each finding starts), scored by
// ../shared/eval/score_marked.py. Lines without a marker must stay silent.
const { exec, execFile, spawn, spawnSync } = require("node:child_process");

function transcode(input, output, done) {
  exec(`ffmpeg -i ${input} ${output}`, done); // expect: shell-injection missing-timeout buffered-output
}

function transcodeSafely(input, output, done) {
  const ff = spawn("ffmpeg", ["-i", input, output], { stdio: ["ignore", "ignore", "pipe"], timeout: 3_600_000 });
  let tail = "";
  ff.stderr.on("data", (c) => { tail = (tail + c).slice(-4096); });
  ff.on("error", done);
  ff.on("close", (code) => done(code === 0 ? null : new Error(tail)));
}

function probe(file, done) {
  execFile("ffprobe", ["-v", "error", file], { timeout: 10_000 }, (err, out) => done(err, out));
}

function thumbnail(file) {
  const child = spawn("convert", [file, "-thumbnail", "128x128", "thumb.png"]); // expect: missing-timeout unhandled-error unchecked-exit undrained-stdio orphaned-child
  child.stdout.on("data", () => {});
}

function ignoreFailure(file) {
  execFile("gzip", ["-k", file], { timeout: 60_000 }, () => {}); // expect: unchecked-exit
}

function version() {
  const r = spawnSync("git", ["--version"], { timeout: 5_000 }); // expect: unchecked-exit
  return String(r.stdout);
}

function checkedVersion() {
  const r = spawnSync("git", ["--version"], { timeout: 5_000 });
  if (r.status !== 0) throw new Error("git failed");
  return String(r.stdout);
}

module.exports = { transcode, transcodeSafely, probe, thumbnail, ignoreFailure, version, checkedVersion };
