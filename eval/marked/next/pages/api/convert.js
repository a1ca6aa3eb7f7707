// A Next.js API route: the default export receives the request.
import { execFile } from "node:child_process";

export default function handler(request, response) {
  execFile(request.query.converter, ["in.png"], { timeout: 10000 }, (err, out) => { // expect: untrusted-program
    if (err) return response.status(500).end();
    response.send(out);
  });
}
