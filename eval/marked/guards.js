// Guards, hand-written quoting and values that flow through variables and helpers
// (issue 14 items 3, 5 and 7): what still reaches a shell and what cannot.
const { exec, execSync, spawn } = require("child_process");
const net = require("net");
const express = require("express");

const app = express();
const OPTS = { timeout: 10000 };
const FORMATS = ["png", "jpg", "webp"];
const isWin = process.platform === "win32";

function shellQuote(s) {
  return "'" + String(s).replace(/'/g, "'\\''") + "'";
}

// Not global: the second quote is left open.
function looseQuote(s) {
  return "'" + s.replace(/'/, "'\\''") + "'";
}

function portCmd(port) {
  return `lsof -t -i:${port}`;
}

function pickShell() {
  return isWin ? "cmd.exe" : "/bin/sh";
}

app.get("/kill/:port", (req, res) => {
  const { port } = req.params;
  if (!/^\d+$/.test(port)) return res.status(400).end();
  exec(portCmd(port), OPTS, (err, out) => res.send(err ? "none" : out));
});

app.get("/kill-loose/:port", (req, res) => {
  const { port } = req.params;
  /^\d+$/.test(port);
  exec(portCmd(port), OPTS, (err, out) => res.send(err ? "none" : out)); // expect: shell-injection
});

app.get("/ping", (req, res) => {
  const host = req.query.host;
  if (!net.isIP(host)) return res.status(400).end();
  exec(`ping -c 1 ${host}`, OPTS, (err, out) => res.send(err ? "down" : out));
});

app.get("/convert", (req, res) => {
  const fmt = req.query.fmt;
  if (!FORMATS.includes(fmt)) return res.status(400).end();
  exec(`convert in.bmp out.${fmt}`, OPTS, (err) => res.send(err ? "failed" : "ok"));
});

app.get("/multiline", (req, res) => {
  const id = req.query.id;
  if (!/^\w+$/m.test(id)) return res.status(400).end();
  exec(`docker rm ${id}`, OPTS, (err) => res.send(err ? "failed" : "ok")); // expect: shell-injection
});

app.get("/tag", (req, res) => {
  exec(`git tag -l ${shellQuote(req.query.pattern)}`, OPTS, (err, out) => res.send(err ? "" : out));
  exec(`git tag -l ${looseQuote(req.query.pattern)}`, OPTS, (err, out) => res.send(err ? "" : out)); // expect: shell-injection
});

app.post("/script", (req, res) => {
  const flag = isWin ? "/c" : "-c";
  const child = spawn(pickShell(), [flag, req.body.script], { timeout: 10000, stdio: "ignore" }); // expect: shell-injection
  child.on("error", () => res.end("failed"));
  child.on("close", (code) => res.end(String(code)));
});

app.listen(8080);

// A helper called only with constants is a constant command.
execSync(portCmd(8080), OPTS);
