import { spawn } from "node:child_process";
import { $ } from "execa";
import express from "express";

// exec-sh's shape: a shell picked per platform, returned as an object.
function pickShell() {
  if (process.platform === "win32") {
    return { cmd: "cmd", arg: "/C" };
  }
  return { cmd: "sh", arg: "-c" };
}

function runShell(script, options) {
  const shell = pickShell();
  const child = spawn(shell.cmd, [shell.arg, script], options); // expect: shell-injection
  child.on("error", (err) => console.error(err));
  child.on("exit", (code) => console.log(`exit ${code}`));
  return child;
}

const app = express();

app.post("/jobs", async (req, res) => {
  runShell(`./jobs/run.sh ${req.body.job}`, { timeout: 60_000, stdio: "ignore" });
  runShell("./jobs/cleanup.sh", { timeout: 60_000, stdio: "ignore" });
  const { stdout } = await $({ timeout: 60_000 })`${req.body.tool} --version`; // expect: untrusted-program
  res.send(stdout);
});

app.listen(3000);
