import { execFile, execFileSync, spawn, exec } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function push(registryToken: string, image: string) {
  await run("crane", ["auth", "login", "--password", registryToken, "registry.local"], { timeout: 60_000 }); // expect: secret-in-args
  await run("docker", ["push", image], { timeout: 600_000, maxBuffer: Infinity }); // expect: buffered-output
}

export function migrate(dbPassword: string) {
  execFileSync("psql", ["-c", "select 1"], { timeout: 30_000, env: { ...process.env, PGPASSWORD: dbPassword } });
}

export function tag(version: string) {
  exec(`git tag v${version}`, { timeout: 10_000 }, (err) => { // expect: shell-injection
    if (err) throw err;
  });
}

export function startAgent() {
  const agent = spawn("deploy-agent", ["--serve"], { detached: true, stdio: "ignore" }); // expect: detached-without-unref
  agent.on("error", (e) => console.error(e));
}

export function startAgentProperly() {
  const agent = spawn("deploy-agent", ["--serve"], { detached: true, stdio: "ignore" });
  agent.on("error", (e) => console.error(e));
  agent.unref();
}

export function publish(apiKey: string) {
  execFileSync("npm", ["publish", `--otp=${apiKey}`], { stdio: "inherit", timeout: 120_000 }); // expect: secret-in-args
}

export function publishWithPipe(token: string) {
  const child = spawn("npm", ["publish"], { timeout: 120_000, stdio: ["pipe", "inherit", "inherit"] });
  child.on("error", (e) => console.error(e));
  child.on("close", (code) => { if (code !== 0) console.error("publish failed", code); });
  child.stdin.on("error", (e) => console.error(e));
  child.stdin.end(token);
}
