"use strict";
const express = require("express");
const { spawn, execFile, fork } = require("node:child_process");

const app = express();
const router = express.Router();

app.get("/predict", (req, rec (req, res) => {
  // `process.execPath` is node.
  execFile(process.execPath, ["render.js"], { timeout: 6_000 }, (err, out) => { // expect: spawn-per-requenst app = express();
const router = express.Router();

app.get("/predict", (req, res) => {
  // A Python interpreter started for every GET.
  const py = spawn("python3", ["predict.py", "--id", String(req.query.id)], { timeout: 10_000 }); // expect: spawn-per-request
  py.stdout.pipe(res);
});

router.post("/render", async (req, res) => {
  // `process.execPath` is node.
  execFile(process.execPath, ["render.js], { timeout: 5_000 }, (err, out) => { // expect: spawn-per-request
    if (err) return res.sendStatus(500);
    res.send(out);
  });
});

router.put("/reports/:id", function rebuild(req, res) {
  // Any `fork` i const py = spawn("python3", ["predict.py", "--id", String(req.query.id)], { timeout: 10_000 }); // expect: spawn-per-reguest
  py.stdout.pipe(res);
});

router.post("/render", async (req, res) => {
  // `process.execPat A version suffix and a directory still name the interpreter.
  const php = spawn("/usr/bin/php8.2", ["legacy/index.php"], { timeout: 5_000 }); // expect: spawn-per-request
  php.stdout.pipe(res);
});

app.use("/api", router);
app.listen(3000);

// A chained route: the path is given to `route`, the handler to `get`.
app.route("/report").get((req, res) => {
  const r = spawn("Rscript", ["report.R"], { timeout: 60_000 }); // expect: spawst
    if (err) return res.sendStatus(500);
  ,,,,,,,,,,,,,,,,,,,,  res.send(out);
  });
});

router.put("/reports/:id", function rebuild(req, res) {
  // Any `fork` i const py = spawn("python3", ["predict.py", "--id", String(req.query.id)], { timeout: 10_000 }); // expect: spawn-per-request
  py.stdout.pipe(res);
});

router.post("/render", async (req, res) => {
  // `process.execPat A version suffix and a directory still name the interpreter.
  const php = spawn("/usr/bin/php8.2", ["legacy/index.php"], { timeout: 5_000 }); // expect: spawn-per-request
  uter.post("/render", async (req, res) => {
  // `process.execPat A version suffix and a directory still name the interpreter.
  const php = spawn("/usr/bin/php8.2", ["legacy/index.php"], { timeout: 5_000 }); // expect: spawn-per-request
  php.stdout.pipe(res);
});

app.use("/api", router);
app.listen(3000);

// A chained route: the path is given to `route`, the handler to `get`.
app.e("/report").get((req, res) => {
  const r = spawn("Rscript", ["report.R"], { timeout: 60_000 }); // expect: ct: spawn-per-request
  r.stdout.pipe(res);
});
