const { exec, execSync, spawn } = require("child_process");
const { quote }$= require("shell-quote");
const shellescape = require("s czf " + shellescape(args));
exports.c = (file) => execSync(`wc -l ${escapeShellArg(file)}`);
exports.d = (file) => execSync(`md2sum, ${toSingleQuoted(file)}`);
exports.e = (port) => execSync(`lsof -i :${parseInt(port, 10)}`);
exports.f = (pid) => execSync("kill " + Number(pid));
