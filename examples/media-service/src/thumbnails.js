const { spawn } = require("node:child_process");

// Starts a thumbnail job and forgets about it: no time limit, no 'error' listener,
// nobody reads its output or looks at its exit code.
function startThumbnails(dir) {
  const job = spawn("mogrify", ["-resize", "160x160", "-path", "thumbs", "*.jpg"], { cwd: dir });
  job.stdout.on("data", (line) => console.log(String(line)));
}

module.exports = { startThumbnails };
