// ESM importers of lib/shell: a parameter passed on makes `deploy` a sink in turn.
import sh, { quiet, safeLs } from "../lib/shell/index.js";

export function deploy(target) {
  sh(`deploy --to ${target}`); // expect: shell-injection
  quiet("make build");
  return safeLs(target);
}
