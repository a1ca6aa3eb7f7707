// The command model of the lifecycle rules (issue 16): what a command does decides
// missing-timeout, buffered-output, undrained-stdio and unchecked-exit.
const { exec, execSync, execFile, execFileSync, spawn, spawnSync } = require("child_process");
const { promisify } = require("util");
const crossSpawn = require("cross-spawn");
const { execa } = require("execa");

const execFileAsync = promisify(execFile);

// Instant queries need no time limit; long-running commands do.
function gitInfo(cb) {
  const rev = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" });
  const dirty = execSync("git status --porcelain").toString();
  exec("git fetch origin", (err) => cb(err, rev, dirty)); // expect: missing-timeout
}

function versions() {
  return [
    execSync("npm --version").toString(),
    execSync("ldd --version").toString(),
    execSync("docker --version").toString(),
    execSync("docker version -f '{{.Server.Version}}'").toString(), // expect: missing-timeout
  ];
}

function sysinfo(cb) {
  exec("export LC_ALL=C; lscpu; unset LC_ALL", cb);
  exec("ps -A -o pid,ppid,comm", cb);
  exec("lsblk -bPo NAME,SIZE 2>/dev/null | grep disk", cb);
  exec(`printf "\\n/dev/sda|"; smartctl -H /dev/sda | grep overall`, cb); // expect: missing-timeout
}

function killTree(pid, cb) {
  exec(`taskkill /pid ${Number(pid)} /T /F`, cb);
}

// The foreground: a user watches the child and can press Ctrl-C.
function editAndCommit(file) {
  const steps = [
    spawnSync(process.env.EDITOR || "vi", [file], { stdio: "inherit" }),
    spawnSync("git", ["commit"], { stdio: "inherit" }),
    spawnSync("./configure", ["--prefix=/usr/local"], { stdio: "inherit" }),
  ];
  const quiet = spawnSync("./configure", ["--prefix=/usr/local"]); // expect: missing-timeout
  return steps.every((r) => r.status === 0) && quiet.status === 0;
}

// buffered-output reads the subcommand: `docker run -d` prints an id.
function containers(cb) {
  exec("docker run -d --name db postgres:16", { timeout: 60_000 }, cb);
  exec("docker build -t app .", { timeout: 1_800_000 }, cb); // expect: buffered-output
  const latest = execSync("npm view react version", { timeout: 30_000 }).toString();
  const prefix = execSync("npm config get prefix", { timeout: 5_000 }).toString();
  return latest + prefix;
}

// undrained-stdio: a short query cannot fill a pipe; a follower can.
function pipes() {
  const ps = spawn("ps", ["-e"], { timeout: 5_000 });
  ps.on("error", (e) => console.error(e));
  ps.on("close", (code) => console.log("ps", code));
  const logs = spawn("journalctl", ["-f"], { timeout: 600_000 }); // expect: undrained-stdio
  logs.on("error", (e) => console.error(e));
  logs.on("close", (code) => console.log("journalctl", code));
}

// unchecked-exit: a query whose output is read fails as empty output.
function probes(cb) {
  exec("ioreg -c IOPlatformExpertDevice -d 2", { timeout: 5_000 }, (error, stdout) => cb(stdout.toString()));
  exec("git push origin HEAD", { timeout: 60_000 }, (error, stdout) => cb(stdout.toString())); // expect: unchecked-exit
}

// unhandled-error: `exec` handles its child's `'error'`; children on every path of
// `?:` share their listeners; wrappers' `stdin` pipes still need a listener.
function errors(file, input) {
  exec("make all", { timeout: 600_000 }).on("exit", (code) => console.log(code)); // expect: buffered-output
  const opener = process.platform === "win32"
    ? spawn("explorer.exe", [file], { timeout: 5_000, stdio: "ignore" })
    : spawn("xdg-open", [file], { timeout: 5_000, stdio: "ignore" });
  opener.on("error", (e) => console.error(e));
  opener.on("exit", (code) => console.log("opened", code));
  const cat = crossSpawn("cat", [], { timeout: 10_000, stdio: ["pipe", "inherit", "inherit"] }); // expect: unhandled-error
  cat.on("error", (e) => console.error(e));
  cat.on("close", (code) => console.log("cat", code));
  input.pipe(cat.stdin);
}

async function sorted(lines) {
  const p = execFileAsync("sort", ["-u"], { timeout: 10_000 }); // expect: unhandled-error
  p.child.stdin.end(lines.join("\n"));
  return (await p).stdout;
}

// execa has no time limit by default.
async function deps() {
  await execa("npm", ["ci"]); // expect: missing-timeout
  await execa("npm", ["ci"], { timeout: 600_000 });
}

// A callback passed as a parameter the function calls is the callback.
function refresh(then) {
  exec("git fetch --all", then); // expect: missing-timeout
  setImmediate(() => then(null));
}

// `mirror-tool` is declared long-running and `lsfoo` instant in cplint.toml.
function custom() {
  execFileSync("lsfoo", ["--all"]);
  execFileSync("mirror-tool", ["sync"], { stdio: "inherit" }); // expect: missing-timeout
}

module.exports = { gitInfo, versions, sysinfo, killTree, editAndCommit, containers, pipes, probes, errors, sorted, deps, refresh, custom };
