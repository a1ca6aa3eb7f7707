const childProcess = require("child_process");

class TaskRunner {
  constructor(child_process) {
    this.child_process = child_process;
  }

  run(script, cb) {
    return this.child_process.exec(`npm run ${script}`, { timeout: 600_000 }, cb); // expect: shell-injection buffered-output
  }

  version(cb) {
    return this.child_process.execFile("npm", ["--version"], { timeout: 10_000 }, cb);
  }
}

module.exports = new TaskRunner(childProcess);
