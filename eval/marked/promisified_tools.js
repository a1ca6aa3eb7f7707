const Promise = require("bluebird");
const cp = Promise.promisifyAll(require("child_process"));
const pify = require("pify");
const execFileP = pify(require("child_process").execFile);

async function tagRelease(version) {
  await cp.execAsync(`git tag -a v${version} -m "release ${version}"`, { timeout: 30_000 }); // expect: shell-injection
  await cp.execFileAsync("git", ["push", "origin", `v${version}`], { timeout: 120_000 });
}

async function lastTag() {
  const out = await cp.execAsync("git describe --tags --abbrev=0", { timeout: 5_000 });
  return out.trim();
}

async function diffStat(from) {
  return execFileP("git", ["diff", "--stat", from], { timeout: 30_000 }); // expect: argument-injection
}

module.exports = { tagRelease, lastTag, diffStat };
