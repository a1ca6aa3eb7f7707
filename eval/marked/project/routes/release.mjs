// A release script built from the command lines of lib/: constants of other files.
import { execSync } from "node:child_process";
import * as tasks from "../lib/tasks/index.mjs";
import { BRANCH, RESET } from "../lib/tasks/index.mjs";
import commands from "../lib/commands.js";

const opts = { timeout: 120_000, stdio: "inherit" };

execSync(commands.INSTALL, opts);
execSync(`${commands.BUILD} && ${RESET}`, opts); // expect: shell-timeout
const rev = execSync(tasks.REV, { timeout: 5_000, encoding: "utf8" }).trim();
console.log(rev, execSync(tasks.DESCRIBE, { timeout: 5_000, encoding: "utf8" }));
execSync(BRANCH, opts); // expect: shell-injection
execSync(commands.EXTRA, opts); // expect: shell-injection
