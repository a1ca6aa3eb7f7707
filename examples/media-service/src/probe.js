const cp = require("child_process");

// Reads the container format of a file. Argument array, time limit, error checked:
// nothing to report here.
function formatOf(file, callback) {
  cp.execFile("ffprobe", ["-v", "error", "-show_format", file], { timeout: 5_000 }, (err, stdout) => {
    if (err) return callback(err);
    callback(null, stdout);
  });
}

// A command line passed as the program name: spawn looks for a file called
// "ffprobe -hide_banner" and fails with ENOENT.
function probe(file) {
  return cp.spawn("ffprobe -hide_banner", [file]);
}

module.exports = { formatOf, probe };
