// ES module helpers, imported as `../lib/shell/index.js` or `../lib/shell`.
import { execSync } from "node:child_process";

export default function sh(command) {
  return execSync(command, { timeout: 60_000 }).toString(); // expect: shell-injection
}

export const quiet = (c) => execSync(c, { stdio: "ignore", timeout: 60_000 }); // expect: shell-injection

// Quoted inside: a sink for nobody.
import { quote } from "shell-quote";
export function safeLs(dir) {
  return execSync(`ls ${quote([dir])}`, { timeout: 5_000 }).toString();
}
