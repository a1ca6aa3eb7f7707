export async function compress(dir: string, flags: string) {
  const proc = Bun.spawn(["tar", "czf", "out.tgz", "-C", dir, "."]);
  await proc.exited;
  await Bun.$`tar ${{ raw: flags }} -czf out.tgz ${dir}`; // expect: shell-injection
  await Bun.$`du -sh ${dir}`;
}

export function script(body: string) {
  return Bun.spawnSync(["sh", "-c", body]); // expect: shell-injection
}
