// A small media service, written to show what cplint finds. Run from the
// repository root:  cargo run --release -- examples/
import { exec } from "node:child_process";

// Converts an uploaded video. `source` and `target` come from the upload form.
export function convertUpload(source: string, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    exec(`ffmpeg -y -i ${source} -c:v libvpx-vp9 ${target}`, (error, stdout) => {
      if (error) {
        reject(error);
        return;
      }
      resolve(stdout);
    });
  });
}
