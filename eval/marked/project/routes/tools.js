// Commands built from the helpers of ../lib/tools.js.
const { exec } = require("child_process");
const tools = require("../lib/tools");
const { opener } = require("../lib/tools.js");

function listVms(done) {
  exec(tools.vboxmanage() + " list vms", { timeout: 10_000 }, done);
}

function show(file, done) {
  exec(`${opener()} report.html`, { timeout: 10_000 }, done);
  exec(`${tools.editor()} notes.txt`, { timeout: 10_000 }, done); // expect: shell-injection
}

module.exports = { listVms, show };
