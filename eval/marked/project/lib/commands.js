// Command lines of the build, shared by the scripts of routes/ (CommonJS).
const PM = process.platform === "win32" ? "npm.cmd" : "npm";

exports.INSTALL = `${PM} ci --no-audit`;
module.exports.BUILD = PM + " run build";
exports.CLEAN = "rm -rf dist";

// Chosen at run time: not a constant for the files that import it.
exports.EXTRA = process.env.EXTRA_BUILD_STEP;
