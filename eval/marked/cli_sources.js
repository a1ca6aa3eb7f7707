// Command lines and inputs that come from the person running the tool: the program
// they name is theirs to choose (not untrusted-program); a shell command built
// from them is still shell-injection, and the message names the parser.
const { exec, execFile } = require("node:child_process");
const yargs = require("yargs");
const { hideBin } = require("yargs/helpers");
const core = require("@actions/core");
const github = require("@actions/github");

const argv = yargs(hideBin(process.argv)).option("editor", { type: "string" }).parseSync();
execFile(argv.editor || "vi", ["notes.md"], { timeout: 600000 }, (err) => {
  if (err) console.error(err);
});
exec(`git log --author=${argv.author}`, { timeout: 10000 }, (err, out) => { // expect: shell-injection
  if (err) throw err;
  console.log(out);
});

const shellName = core.getInput("shell");
execFile(shellName, ["-c", "make test"], { timeout: 600000 }, (err) => {
  if (err) core.setFailed(err.message);
});
const branch = github.context.payload.pull_request.head.ref;
exec("git fetch origin " + branch, { timeout: 60000 }, (err) => { // expect: shell-injection
  if (err) core.setFailed(err.message);
});
