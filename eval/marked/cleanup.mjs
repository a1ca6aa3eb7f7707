import { spawn } from "node:child_process";

// This file stops its children on shutdown: orphaned-child stays silent here.
const watcher = spawn("tsc", ["--watch"], { stdio: "inherit" }); // expect: missing-timeout unhandled-error unchecked-exit
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    watcher.kill(sig);
    process.exit();
  });
}

const ac = new AbortController();
const server = spawn("node", ["server.js"], { stdio: "inherit", signal: ac.signal });
server.on("error", (e) => console.error(e));
server.on("exit", (code, signal) => console.log("server stopped", code ?? signal));

export function stop() {
  ac.abort();
}
