// Values from callers in option positions (argument-injection) next to the same
// programs with the value protected, glued, prefixed or in a value slot.
const { execFile, execFileSync, spawnSync } = require("node:child_process");
const path = require("node:path");

const done = (err, out) => (err ? console.error(err.message) : console.log(out));

exports.mirror = (repoUrl) => execFile("git", ["clone", "--mirror", repoUrl], { timeout: 120_000 }, done); // expect: argument-injection
exports.switchTo = (branch) => execFile("git", ["switch", branch], { timeout: 10_000 }, done); // expect: argument-injection
exports.probe = (host) => execFile("ssh", ["-o", "BatchMode=yes", host, "true"], { timeout: 10_000 }, done); // expect: argument-injection
exports.get = (url) => execFile("curl", ["--fail", "--silent", url], { timeout: 30_000 }, done); // expect: argument-injection
exports.backup = (folder) => execFile("tar", ["-czf", "/backups/site.tgz", folder], { timeout: 300_000 }, done); // expect: argument-injection
exports.search = (root) => execFile("find", [root, "-name", "*.log"], { timeout: 30_000 }, done); // expect: argument-injection
exports.upload = (file) => execFile("scp", [file, "archive:/incoming/"], { timeout: 60_000 }, done); // expect: argument-injection
exports.image = (name) => spawnSync("docker", ["run", "--rm", "--network", "none", name], { stdio: "inherit", timeout: 600_000 }).status; // expect: argument-injection

// Protected: the end-of-options marker, `--`, option values, glued values, prefixes.
exports.mirrorSafe = (repoUrl) => execFile("git", ["clone", "--mirror", "--end-of-options", repoUrl], { timeout: 120_000 }, done);
exports.switchSafe = (branch) => execFile("git", ["switch", "--end-of-options", branch], { timeout: 10_000 }, done);
exports.probeSafe = (host) => execFile("ssh", ["-o", "BatchMode=yes", "--", host, "true"], { timeout: 10_000 }, done);
exports.commit = (message) => execFile("git", ["commit", "-m", message], { timeout: 10_000 }, done);
exports.shallow = (branch) => execFile("git", ["fetch", `--depth=1`, "origin", `refs/heads/${branch}`], { timeout: 60_000 }, done);
exports.saveTo = (out) => execFile("curl", ["--fail", "-o", out, "--", "https://example.com/a.tgz"], { timeout: 30_000 }, done);
exports.extract = (archive) => execFile("tar", ["-xzf", archive, "-C", "/srv/site"], { timeout: 300_000 }, done);
exports.searchUnder = (dir) => execFile("find", [path.resolve(dir), "-name", "*.log"], { timeout: 30_000 }, done);
exports.relative = (name) => execFile("zip", ["-r", "out.zip", "./" + name], { timeout: 60_000 }, done);
exports.count = (n) => execFile("git", ["log", "--oneline", "-n", String(Number(n))], { timeout: 10_000 }, done);
exports.inImage = (arg) => spawnSync("docker", ["run", "--rm", "alpine", "echo", arg], { stdio: "inherit", timeout: 60_000 }).status;

// The operator picks these: command-line arguments and the environment.
console.log(spawnSync("git", ["checkout", process.argv[2] || "main"], { timeout: 10_000 }).status);
console.log(execFileSync("curl", ["-sS", process.env.HEALTH_URL || "http://localhost/"], { timeout: 10_000 }).length);
