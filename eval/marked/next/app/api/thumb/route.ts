// A Next.js App Router route: each HTTP method's export receives the request.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function POST(req: Request) {
  const { tool } = await req.json();
  const { stdout } = await run(tool, ["--thumbnail"], { timeout: 10000 }); // expect: untrusted-program
  return new Response(stdout);
}

export async function GET(req: Request) {
  const size = new URL(req.url).searchParams.get("size");
  const { stdout } = await run("/usr/bin/convert", ["-resize", String(size), "in.png", "out.png"], { timeout: 10000 });
  return new Response(stdout);
}
