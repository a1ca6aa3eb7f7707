// Git commands (an ES module), re-exported by lib/tasks/index.mjs.
const GIT = "git";

export const REV = `${GIT} rev-parse HEAD`;
export const DESCRIBE = `${GIT} describe --tags --always`;
export let BRANCH = `${GIT} rev-parse --abbrev-ref HEAD`;

// Callers may replace it: a live binding, not a constant.
export function useBranchCommand(cmd) {
  BRANCH = cmd;
}
