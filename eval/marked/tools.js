const cp = require("child_process");
const { quote } = require("shell-quote");

exports.list = (dir, cb) => cp.exec("ls -la " + dir, { timeout: 5_000 }, cb); // expect: shell-injection
exports.listQuoted = (dir, cb) => cp.exec("ls -la " + quote([dir]), { timeout: 5_000 }, cb);
exports.status = (cb) => cp.execFile("git status --short", { timeout: 5_000 }, cb); // expect: spawn-command-string
exports.statusOk = (cb) => cp.execFile("git", ["status", "--short"], { timeout: 5_000 }, cb);
exports.clone = (url, cb) => cp.spawn("sh", ["-c", `git clone ${url}`], { stdio: "inherit", timeout: 600_000 }).on("error", cb).on("close", cb); // expect: shell-injection
exports.build = (target) => cp.spawn("make", [target], { shell: true, stdio: "inherit", timeout: 600_000 }); // expect: shell-injection
exports.pidOf = (name) => cp.execSync(`pgrep -x ${name}`, { timeout: 5_000 }).toString(); // expect: shell-injection
exports.pidOfNumber = (port) => cp.execSync(`lsof -t -i:${Number(port)}`, { timeout: 5_000 }).toString();
exports.secret = (password) => cp.execFileSync("7z", ["a", `-p${password}`, "out.7z"], { timeout: 60_000 }); // expect: secret-in-args
exports.author = (author) => cp.execFileSync("git", ["commit", "--author", author], { timeout: 60_000 });
