// Express routes calling the helpers of lib/.
const express = require("express");
const { run, inDir } = require("../lib/run");
const other = require("../lib/other/run");

const app = express();

app.get("/ls", (req, res) => {
  run(`ls ${req.query.dir}`, (err, out) => res.send(out)); // expect: shell-injection
  run("ls -la", (err, out) => res.send(out));
  inDir(req.query.dir, "ls", (err, out) => res.send(out)); // expect: shell-injection
  other.run(req.query.file, (err, out) => res.send(out));
});

// A local function that happens to be called `run` is not the import.
function local() {
  const run = (x) => console.log(x);
  run(process.argv[2]);
}

module.exports = { app, local };
