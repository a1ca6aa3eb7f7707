// Two files away from the shell: `deploy` (routes/deploy.mjs) calls `sh` (lib/shell).
import { deploy } from "./deploy.mjs";

export async function handler(req) {
  deploy(req.body.target); // expect: shell-injection
  deploy("staging");
}
