// Programs chosen by HTTP requests (untrusted-program) next to programs chosen by the
// operator, which are fine.
const { spawn, execFile } = require("node:child_process");
const http = require("node:http");

const CONVERTERS = { webp: "/usr/bin/cwebp", avif: "/usr/bin/avifenc" };

http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/tool") {
    const child = spawn(req.headers["x-tool"], ["--help"], { timeout: 5000, stdio: "ignore" }); // expect: untrusted-program
    child.on("error", () => res.end("no"));
    child.on("close", (code) => res.end(String(code)));
    return;
  }
  const program = CONVERTERS.webp;
  execFile(program, ["in.png", "-o", "out.webp"], { timeout: 30000 }, (err) => {
    res.end(err ? "failed" : "ok");
  });
}).listen(8080);

// The operator picks the converter on the command line: not request data.
const chosen = process.argv[2] || "cwebp";
execFile(chosen, ["--version"], { timeout: 5000 }, (err, out) => {
  if (err) throw err;
  console.log(out);
});
