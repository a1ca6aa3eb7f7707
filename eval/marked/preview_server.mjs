import { createServer } from "node:http";
import open from "open";
import opener from "opener";
import exec from "exec";

// A docs preview server: renders a page with the requested tool, then opens it in
// the browser the visitor asked for.
const server = createServer((req, res) => {
  const url = new URL(req.url, "http://localhost:8080");
  const page = url.searchParams.get("page") ?? "index";
  const renderer = url.searchParams.get("renderer");
  exec(["pandoc", `${page}.md`, "-o", `out/${page}.html`], (err) => { // argv: no shell
    if (err) return res.end("render failed");
    exec(`tidy -m out/${page}.html`, () => res.end("ok")); // expect: shell-injection
  });
  exec(`${renderer} ${page}.md`, () => {}); // expect: shell-injection
  open(`http://localhost:8080/out/${page}.html`, { app: { name: url.searchParams.get("browser") } }); // expect: untrusted-program
  open(`http://localhost:8080/out/${page}.html`, { app: { name: process.env.BROWSER || "firefox" } });
  opener(`http://localhost:8080/out/${page}.html`);
  opener("http://localhost:8080/", { command: url.searchParams.get("viewer") }); // expect: untrusted-program
});

server.listen(8080, "127.0.0.1");
