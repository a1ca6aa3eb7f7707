// Batch files started without a shell (windows-shim-spawn): EINVAL on Windows since
// the April 2024 security releases. Next to them, the forms that work.
const { spawnSync, execFile, execFileSync } = require("node:child_process");
const crossSpawn = require("cross-spawn");

const win = process.platform === "win32";
const NPM = win ? "npm.cmd" : "npm";
const ok = (r) => (r.status === 0 ? "ok" : `exit ${r.status}`);

console.log(ok(spawnSync(NPM, ["ci"], { stdio: "inherit", timeout: 600_000 }))); // expect: windows-shim-spawn
console.log(ok(spawnSync(win ? "yarn.cmd" : "yarn", ["build"], { stdio: "inherit", timeout: 600_000 }))); // expect: windows-shim-spawn
console.log(ok(spawnSync("tools\\sign.bat", ["dist"], { stdio: "inherit", timeout: 60_000 }))); // expect: windows-shim-spawn
execFile("setup.cmd", ["--quiet"], { timeout: 60_000 }, (err) => console.log(err ? err.code : "done")); // expect: windows-shim-spawn
console.log(execFileSync(win ? "npx.cmd" : "npx", ["--version"], { encoding: "utf8", timeout: 10_000 })); // expect: windows-shim-spawn
console.log(ok(spawnSync(`pnpm${win ? ".cmd" : ""}`, ["test"], { stdio: "inherit", timeout: 600_000, shell: false }))); // expect: windows-shim-spawn

// A shell for the batch file (no arguments to join), cross-spawn, cmd.exe, or no batch file at all.
console.log(ok(spawnSync(win ? "npm.cmd ci" : "npm ci", { shell: true, stdio: "inherit", timeout: 600_000 })));
console.log(ok(crossSpawn.sync("npm", ["ci"], { stdio: "inherit", timeout: 600_000 })));
console.log(ok(spawnSync("cmd.exe", ["/d", "/s", "/c", "tools\\sign.bat dist"], { stdio: "inherit", timeout: 60_000 })));
console.log(ok(spawnSync(NPM, ["ci"], { stdio: "inherit", timeout: 600_000, shell: win })));
console.log(ok(spawnSync(process.execPath, ["node_modules/npm/bin/npm-cli.js", "ci"], { stdio: "inherit", timeout: 600_000 })));
console.log(ok(spawnSync(win ? "node.exe" : "node", ["build.js"], { stdio: "inherit", timeout: 600_000 })));
execFile("setup.sh", ["--quiet"], { timeout: 60_000 }, (err) => console.log(err ? err.code : "done"));
