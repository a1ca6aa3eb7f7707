import { $ } from "execa";

const $$ = $({ shell: true, stdio: "inherit", timeout: 600_000 });

export async function build(target) {
  await $({ timeout: 600_000 })`make ${target}`;
  await $$`make ${target} 2>&1 | tee build.log`; // expect: shell-injection
}

export async function clean() {
  await $$`rm -rf dist build`;
}
