// Request data reaches commands through handlers registered on real apps, under
// any parameter name; look-alikes named `req`, `ctx` or `argv` that are not
// sources stay silent for untrusted-program.
const { exec, execFile, spawn } = require("node:child_process");
const express = require("express");
const Koa = require("koa");
const KoaRouter = require("@koa/router");
const fastify = require("fastify")();

const done = (res) => (err, out) => (err ? res.status(500).end() : res.send(out));

const app = express();
const api = express.Router();
app.use("/api", api);
api.get("/convert/:format", (rq, rs) => {
  execFile(rq.params.format, ["in.png"], { timeout: 10000 }, done(rs)); // expect: untrusted-program
});
api.post("/grep", (rq, rs) => {
  exec(`grep -r ${rq.body.pattern} ./docs`, { timeout: 10000 }, done(rs)); // expect: shell-injection
});

const koa = new Koa();
const router = new KoaRouter();
router.get("/run", async (c) => {
  const child = spawn(c.query.bin, [], { timeout: 10000, stdio: "ignore" }); // expect: untrusted-program
  child.on("error", () => {});
  child.on("close", (code) => (c.status = code === 0 ? 200 : 500));
});
koa.use(router.routes());

fastify.post("/lint", async (request) => {
  const { linter } = request.body;
  return new Promise((resolve, reject) => {
    execFile(linter, ["."], { timeout: 10000 }, (err, out) => (err ? reject(err) : resolve(out))); // expect: untrusted-program
  });
});

// Look-alikes: an options object named `req`, a `ctx` of a task list, a parameter named `argv`.
function runStep(req) {
  execFile(req.tool, req.args, { timeout: 10000 }, (err) => {
    if (err) console.error(err);
  });
}
function runTasks(tasks) {
  tasks.forEach((ctx) => {
    execFile(ctx.bin, [], { timeout: 10000 }, (err) => {
      if (err) console.error(err);
    });
  });
}
function git(argv) {
  execFile("git", argv, { timeout: 10000 }, (err) => {
    if (err) console.error(err);
  });
}
module.exports = { runStep, runTasks, git };
