// A helper module: `run` passes its first parameter to a shell.
const { exec } = require("child_process");

function run(cmd, cb) {
  exec(cmd, { timeout: 10_000 }, cb); // expect: shell-injection
}

// The second parameter reaches the shell too; the cross-file pass follows first
// parameters only (a known limit).
function inDir(dir, cmd, cb) {
  exec(`cd ${dir} && ${cmd}`, { timeout: 10_000 }, cb); // expect: shell-injection shell-timeout
}

module.exports = { run, inDir };
