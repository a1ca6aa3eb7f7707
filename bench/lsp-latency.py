#!/usr/bin/env python3
"""Latency of `cplint lsp`: time from sending a `didChange` to receiving the
`publishDiagnostics` for that version, on a generated file (default 5,000 lines,
a child_process call every 50 lines: 100 calls, 198 findings), over a number of edits (default 50), each
sent after the previous one's diagnostics arrived. Prints median, p95, min, max.

    bench/lsp-latency.py [--bin target/release/cplint] [--lines 5000] [--edits 50] [--call-every 50]

Not a timed test: run it by hand on a release build (`cargo build --release`).
Target (issue 18): median <= 20 ms.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read(stdout):
    length = None
    while True:
        line = stdout.readline()
        if not line:
            raise EOFError("the server closed its output")
        line = line.strip()
        if not line:
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(stdout.read(length))


def source(lines, edit, every=50):
    out = ["const { exec, execFile, spawn } = require('child_process');", "const input = process.argv[2];"]
    i = 0
    while len(out) < lines - 1:
        i += 1
        if i % every == 0:
            kind = (i // every) % 3
            if kind == 0:
                out.append(f"exec(`grep ${{input}} file{i}.txt`, (err, o) => {{ if (err) throw err; console.log(o); }});")
            elif kind == 1:
                out.append(f"execFile('ls', ['-l', input], {{ timeout: 1000 }}, (err) => {{ if (err) throw err; }});")
            else:
                out.append(f"spawn('git status --short', {{ timeout: 1000 }});")
        else:
            out.append(f"function f{i}(a, b) {{ return a * {i} + b; }}")
    out.append(f"module.exports = {{ edit: {edit} }};")
    return "\n".join(out) + "\n"


def server_cpu_ms(pid):
    """The server's CPU time so far (Linux: /proc), or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "cplint"))
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--call-every", type=int, default=50, help="a child_process call every N lines (default 50)")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)

    with tempfile.TemporaryDirectory() as tmp:
        open(os.path.join(tmp, "cplint.toml"), "w").close()
        path = os.path.join(tmp, "big.js")
        uri = "file://" + path
        proc = subprocess.Popen([args.bin, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=tmp)
        send = lambda m: (proc.stdin.write(frame(m)), proc.stdin.flush())

        def wait(pred):
            while True:
                m = read(proc.stdout)
                if pred(m):
                    return m

        send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"processId": None, "rootUri": "file://" + tmp, "capabilities": {}}})
        wait(lambda m: m.get("id") == 1)
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        text = source(args.lines, 0, args.call_every)
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
              "params": {"textDocument": {"uri": uri, "languageId": "javascript", "version": 1, "text": text}}})
        first = wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        findings = len(first["params"]["diagnostics"])

        times = []
        for edit in range(1, args.edits + 1):
            version = edit + 1
            text = source(args.lines, edit, args.call_every)
            msg = frame({"jsonrpc": "2.0", "method": "textDocument/didChange",
                         "params": {"textDocument": {"uri": uri, "version": version},
                                    "contentChanges": [{"text": text}]}})
            start = time.perf_counter()
            proc.stdin.write(msg)
            proc.stdin.flush()
            wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                 and m["params"]["version"] == version)
            times.append((time.perf_counter() - start) * 1000)

        cpu = server_cpu_ms(proc.pid)
        send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        wait(lambda m: m.get("id") == 2)
        send({"jsonrpc": "2.0", "method": "exit"})
        proc.wait(timeout=10)

    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(f"file: {args.lines} lines, {len(text)} bytes, a call every {args.call_every} lines, {findings} diagnostics; "
          f"{args.edits} edits (full text each)")
    print(f"didChange -> publishDiagnostics: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
          f"min {times[0]:.1f} ms, max {times[-1]:.1f} ms")
    if cpu is not None:
        print(f"server CPU time: {cpu / (args.edits + 1):.1f} ms per lint (user + system, over all its threads)")
    return 0 if statistics.median(times) <= 20 else 1


if __name__ == "__main__":
    sys.exit(main())
