// Timeouts that stop only the shell of a pipeline or list (shell-timeout), next to
// bounded single commands and shell-free children.
const { exec, execSync, execFile, execFileSync } = require("node:child_process");

const show = (err, out) => console.log(err ? err.message : out);

console.log(execSync("git ls-files | wc -l", { timeout: 5_000, encoding: "utf8" })); // expect: shell-timeout
console.log(execSync("du -sh logs && df -h .", { timeout: 5_000, encoding: "utf8" })); // expect: shell-timeout
exec("grep -r TODO src | sort | uniq -c", { timeout: 10_000 }, show); // expect: shell-timeout
exec("git fetch origin; git status -sb", { timeout: 30_000 }, show); // expect: shell-timeout
console.log(execSync("which rg || which grep", { timeout: 2_000, encoding: "utf8" })); // expect: shell-timeout
exec("(cd docs && git log -1 --format=%cd)", { timeout: 5_000 }, show); // expect: shell-timeout
execFile("sh", ["-c", "find . -name '*.tmp' | head -20"], { timeout: 5_000 }, show); // expect: shell-timeout

console.log(execSync("git ls-files", { timeout: 5_000, encoding: "utf8" }));
console.log(execSync("du -sh logs 2>&1", { timeout: 5_000, encoding: "utf8" }));
exec("grep -rE 'TODO|FIXME' src", { timeout: 10_000 }, show);
console.log(execFileSync("git", ["status", "-sb"], { timeout: 30_000, encoding: "utf8" }));
execFile("find", [".", "-name", "*.tmp"], { timeout: 5_000 }, show);
console.log(execSync("git log -1 --format='%h | %s'", { timeout: 5_000, encoding: "utf8" }));
exec("git describe --tags", { timeout: 5_000 }, show);
