// Interpreter eval flags make the next argument a program (shell-injection), next
// to constant code that takes its values as arguments.
const { execFileSync } = require("node:child_process");

exports.evaluate = (expr) => execFileSync(process.execPath, ["-p", expr], { encoding: "utf8", timeout: 5_000 }); // expect: shell-injection
exports.version = (pkg) => execFileSync("node", ["-e", `console.log(require("${pkg}/package.json").version)`], { encoding: "utf8", timeout: 5_000 }); // expect: shell-injection
exports.load = (path) => execFileSync("python3", ["-c", `import json; print(json.load(open("${path}"))["name"])`], { encoding: "utf8", timeout: 5_000 }); // expect: shell-injection
exports.grep = (pattern) => execFileSync("perl", ["-ne", `print if /${pattern}/`, "app.log"], { encoding: "utf8", timeout: 5_000 }); // expect: shell-injection
exports.say = (text) => execFileSync("osascript", ["-e", `display notification "${text}"`], { timeout: 5_000 }); // expect: shell-injection

exports.evaluateSafe = (expr) => execFileSync(process.execPath, ["-p", "process.argv[1].length", expr], { encoding: "utf8", timeout: 5_000 });
exports.versionSafe = (pkg) => execFileSync("node", ["-e", "console.log(require(process.argv[1] + '/package.json').version)", pkg], { encoding: "utf8", timeout: 5_000 });
exports.loadSafe = (path) => execFileSync("python3", ["-c", "import json, sys; print(json.load(open(sys.argv[1]))['name'])", path], { encoding: "utf8", timeout: 5_000 });
exports.script = (arg) => execFileSync("node", ["tools/print.js", "-e", arg], { encoding: "utf8", timeout: 5_000 });
