// Environment names chosen by HTTP requests (env-injection) next to request values
// under names the server chose.
const { execFile } = require("node:child_process");
const express = require("express");
const app = express();

const reply = (res) => (err) => res.sendStatus(err ? 500 : 200);

app.post("/deploy", (req, res) => {
  execFile("./scripts/deploy.sh", [], { env: { ...process.env, ...req.body }, timeout: 600_000 }, reply(res)); // expect: env-injection
});

app.post("/deploy/raw", (req, res) => {
  execFile("./scripts/deploy.sh", [], { env: req.body.environment, timeout: 600_000 }, reply(res)); // expect: env-injection
});

app.get("/render", (req, res) => {
  execFile("convert", ["in.png", "out.webp"], { env: { ...process.env, [req.query.var]: req.query.val }, timeout: 60_000 }, reply(res)); // expect: env-injection
});

app.post("/sync", (req, res) => {
  const env = { ...process.env };
  Object.assign(env, req.body.overrides);
  execFile("git", ["pull", "--ff-only"], { env, timeout: 60_000 }, reply(res)); // expect: env-injection
});

app.post("/settings", (req, res) => {
  Object.assign(process.env, req.body.settings); // expect: env-injection
  res.sendStatus(204);
});

app.put("/settings/:name", (req, res) => {
  process.env[req.params.name] = req.body.value; // expect: env-injection
  res.sendStatus(204);
});

// Fixed names, values from the request.
app.post("/deploy/safe", (req, res) => {
  execFile("./scripts/deploy.sh", [], { env: { ...process.env, DEPLOY_REF: req.body.ref }, timeout: 600_000 }, reply(res));
});

app.get("/render/safe", (req, res) => {
  const quality = Number(req.query.quality) || 80;
  execFile("convert", ["in.png", "out.webp"], { env: { ...process.env, MAGICK_QUALITY: String(quality) }, timeout: 60_000 }, reply(res));
});

app.post("/sync/safe", (req, res) => {
  const env = { ...process.env };
  env.GIT_AUTHOR_NAME = req.body.author;
  execFile("git", ["pull", "--ff-only"], { env, timeout: 60_000 }, reply(res));
});

app.post("/settings/tz", (req, res) => {
  process.env.TZ = req.body.tz;
  res.sendStatus(204);
});

app.post("/deploy/picked", (req, res) => {
  const allowed = { staging: "staging", production: "production" };
  execFile("./scripts/deploy.sh", [], { env: { ...process.env, TARGET: allowed[req.body.target] || "staging" }, timeout: 600_000 }, reply(res));
});

app.post("/deploy/config", (req, res) => {
  execFile("./scripts/deploy.sh", [], { env: { ...process.env, ...app.locals.deployEnv }, timeout: 600_000 }, reply(res));
});

app.listen(3000);
