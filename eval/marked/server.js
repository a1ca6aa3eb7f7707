const express = require("express");
const { spawn, fork, execFile } = require("node:child_process");
const vm = require("node:vm");

const app = express();
const pool = [spawn("python3", ["worker.py"], { stdio: ["pipe", "pipe", "inherit"] })];

app.post("/score", (req, res) => {
  const py = spawn("python3", ["score.py"], { timeout: 10_000, stdio: ["pipe", "pipe", "inherit"] }); // expect: spawn-per-request
  py.on("error", (e) => res.status(500).end(String(e)));
  py.stdin.on("error", () => {});
  py.stdout.pipe(res);
  py.on("close", (code) => { if (code !== 0) res.end(); });
  py.stdin.end(JSON.stringify(req.body));
});

app.get("/render", (req, res) => {
  const w = fork("./render.js", [JSON.stringify(req.query)], { timeout: 10_000 }); // expect: spawn-per-request json-in-args
  w.on("error", (e) => res.status(500).end(String(e)));
  w.on("exit", (code) => res.end(String(code)));
});

app.get("/convert", (req, res) => {
  execFile("convert", ["in.png", "out.webp"], { timeout: 10_000 }, (err) => res.end(err ? "failed" : "ok"));
});

app.post("/calc", (req, res) => {
  res.json(vm.runInNewContext(req.body.expression, {})); // expect: vm-as-sandbox
});

app.get("/pool", (req, res) => {
  pool[0].stdout.once("data", (line) => res.end(line));
  pool[0].stdin.write(JSON.stringify(req.query) + "\n");
});

const double = vm.runInNewContext("(x) => x * 2");

module.exports = { app, double };
