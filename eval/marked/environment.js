// `env` replaces the environment (env-without-path): children looked up on PATH
// lose it. Next to them, environments that keep or set PATH, and absolute programs.
const { spawnSync, execFile, execFileSync, execSync } = require("node:child_process");

const status = (r) => (r.status === 0 ? "ok" : `exit ${r.status}`);
const report = (err) => console.log(err ? err.code : "done");

console.log(status(spawnSync("npx", ["prisma", "migrate", "deploy"], { env: { DATABASE_URL: "postgres://localhost/app" }, stdio: "inherit", timeout: 120_000 }))); // expect: env-without-path
console.log(status(spawnSync("node", ["scripts/seed.js"], { env: { NODE_ENV: "test" }, stdio: "inherit", timeout: 60_000 }))); // expect: env-without-path
execFile("python3", ["report.py"], { env: { REPORT_DIR: "/tmp/reports" }, timeout: 60_000 }, report); // expect: env-without-path
console.log(execFileSync("git", ["rev-parse", "HEAD"], { env: { GIT_DIR: "repo/.git" }, encoding: "utf8", timeout: 5_000 })); // expect: env-without-path
execSync("tsc -p .", { env: { NODE_OPTIONS: "--max-old-space-size=4096" }, stdio: "inherit", timeout: 300_000 }); // expect: env-without-path
const workerEnv = { QUEUE: "emails", CONCURRENCY: "4" };
console.log(status(spawnSync("bun", ["worker.ts"], { env: workerEnv, stdio: "inherit", timeout: 600_000 }))); // expect: env-without-path

console.log(status(spawnSync("npx", ["prisma", "generate"], { env: { ...process.env, DATABASE_URL: "postgres://localhost/app" }, stdio: "inherit", timeout: 120_000 })));
console.log(status(spawnSync("node", ["scripts/seed.js"], { env: { PATH: process.env.PATH, NODE_ENV: "test" }, stdio: "inherit", timeout: 60_000 })));
execFile("python3", ["report.py"], { env: Object.assign({}, process.env, { REPORT_DIR: "/tmp" }), timeout: 60_000 }, report);
execFile("/usr/bin/python3", ["report.py"], { env: { REPORT_DIR: "/tmp/reports" }, timeout: 60_000 }, report);
console.log(status(spawnSync(process.execPath, ["scripts/seed.js"], { env: { NODE_ENV: "test" }, stdio: "inherit", timeout: 60_000 })));
console.log(execFileSync("git", ["rev-parse", "HEAD"], { env: process.env, encoding: "utf8", timeout: 5_000 }));
execSync("./node_modules/.bin/tsc -p .", { env: { NODE_OPTIONS: "--max-old-space-size=4096" }, stdio: "inherit", timeout: 300_000 });
