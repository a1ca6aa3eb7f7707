// The same commands through require (with and without extension) and destructuring.
const { execSync, exec } = require("child_process");
const { INSTALL, BUILD: build, EXTRA } = require("../lib/commands");
const commands = require("../lib/commands.js");

function setup(done) {
  execSync(INSTALL, { timeout: 120_000, stdio: "inherit" });
  exec(build + " -- --prod", { timeout: 120_000 }, done);
  exec(commands.CLEAN, { timeout: 10_000 }, done);
  exec(`${EXTRA} --prod`, { timeout: 120_000 }, done); // expect: shell-injection
}

module.exports = { setup };
