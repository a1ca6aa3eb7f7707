const cp = require("child_process");

// Prints the media duration. The command is a constant: nothing to report here.
function ffmpegVersion(callback) {
  cp.execFile("ffmpeg", ["-version"], { timeout: 5_000 }, callback);
}

// A command line passed as the program name: spawn looks for a file called
// "ffprobe -hide_banner" and fails with ENOENT.
function probe(file) {
  return cp.spawn("ffprobe -hide_banner", [file]);
}

module.exports = { ffmpegVersion, probe };
