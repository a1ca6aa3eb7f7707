"use strict";
// Commands that end at once, interactive commands, and unknown ones in the foreground.
const { exec, execSync, execFile, execFileSync, spawn, spawnSync } = require("node:child_process");

// Local git queries.
function head() {
  const rev = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" });
  const dirty = execSync("git -C . status --porcelain").toString() !== "";
  return { rev, dirty };
}

// Version and help queries, whatever the program.
function versions() {
  execSync("npm --version");
  execFileSync("docker", ["--version"]);
  execSync("ldd --version");
  execFileSync("/opt/tools/bin/custom-tool", ["-v"]);
  execSync("node --help");
}

// npm's local config.
function prefix() {
  return execSync("npm config get prefix").toString().trim();
}

// Process queries and kill helpers.
function killTree(pid, cb) {
  if (process.platform === "win32") {
    exec(`taskkill /pid ${pid} /T /F`, cb);
  } else {
    exec("ps -A -o pid,ppid", (err, out) => cb(err, out));
  }
}

// System queries behind `export LC_ALL=C;` and a shell line of instant commands.
function cpu(cb) {
  exec("export LC_ALL=C; lscpu; echo -n 'Governor: '; cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor 2>/dev/null; echo; unset LC_ALL", cb);
  exec("lsblk -bPo NAME,TYPE,SIZE 2>/dev/null | grep disk", cb);
  exec("ioreg -c IOPlatformExpertDevice -d 2", cb);
  exec("dmidecode -t memory | grep -iE 'Size|Speed'", cb);
}

// `cmd /c echo`, `wslpath`: they print and exit.
function windowsVar(name) {
  return execSync(`cmd.exe /c echo %${name}%`).toString().trim() + execFileSync("wslpath", ["-u", "C:\\"]);
}

// Local file operations: finite work, no prompt.
function unpack(archive, dest) {
  execFileSync("tar", ["-xzf", archive, "-C", dest]);
  execFileSync("unzip", ["-o", archive, "-d", dest]);
}

// Under `timeout N` the command cannot outlive the limit.
function bounded() {
  execSync("timeout 30 git fetch --all");
}

// Interactive commands need a user; a time limit would be wrong.
function edit(file) {
  spawnSync("vim", [file], { stdio: "inherit" });
  spawnSync("git", ["commit"], { stdio: "inherit" });
}

// An unknown program in the foreground: the user watches it and can press Ctrl-C.
function installer(file) {
  const r = spawnSync(file, ["--install"], { stdio: "inherit" });
  return r.status;
}

// `sudo -k` forgets cached credentials and exits; `end` is its callback.
function logout(end) {
  exec("sudo -k", end);
}

module.exports = { logout, head, versions, prefix, killTree, cpu, windowsVar, unpack, bounded, edit, installer };
