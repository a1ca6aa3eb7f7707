#!/usr/bin/env python3
"""Recall of cplint on a peer's test suite: CodeQL's JavaScript command-injection
tests (github/codeql, javascript/ql/test/query-tests/Security/CWE-078: the folders
CommandInjection, IndirectCommandInjection, ShellCommandInjectionFromEnvironment,
SecondOrderCommandInjection, UnsafeShellCommandConstruction). The files are not in
this repository (third-party source): fetch that folder yourself, then

    scripts/peer-codeql.py DIR [CPLINT] [--misses]

An expected alert is a line whose comment carries `$ Alert` (also `$Alert`,
`$ Alert[...]`) or starts with `NOT OK` or `BAD`; `$ MISSING: Alert` (CodeQL
misses it too) and `$ SPURIOUS: Alert` lines are left out. A line counts as found
when any cplint finding (`--select ALL`) covers it. Prints, per folder, found /
expected, and with --misses each line not found.
"""
import collections
import json
import os
import re
import subprocess
import sys

QUERIES = ["CommandInjection", "IndirectCommandInjection", "ShellCommandInjectionFromEnvironment",
           "SecondOrderCommandInjection", "UnsafeShellCommandConstruction"]
COMMENT = re.compile(r"(?://|/\*)\s*(\$[^*\n]*|NOT OK\b.*|BAD\b.*)")


def expected(root):
    for query in QUERIES:
        for folder, _, files in os.walk(os.path.join(root, query)):
            for name in sorted(files):
                if not name.endswith((".js", ".ts", ".mjs", ".cjs")):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for n, line in enumerate(f, 1):
                        m = COMMENT.search(line)
                        if not m:
                            continue
                        text = m.group(1)
                        if text.startswith("$"):
                            words = text[1:].split()
                            if not any(re.fullmatch(r"Alert(\[[^\]]*\])?,?", w) for w in words):
                                continue
                            if any(w.startswith(("MISSING:", "SPURIOUS:")) for w in words):
                                continue
                        yield query, os.path.relpath(path, root), n, line.strip()


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    root = os.path.abspath(args[0])
    cplint = os.path.abspath(args[1]) if len(args) > 1 else "cplint"
    out = subprocess.run([cplint, "--isolated", "--select", "ALL", "--format", "json", "--exit-zero", "."],
                         cwd=root, capture_output=True, text=True, check=True)
    covered = set()
    for f in json.loads(out.stdout)["findings"]:
        for n in range(f["line"], f.get("end_line", f["line"]) + 1):
            covered.add((os.path.normpath(f["path"]), n))
    per, misses = collections.defaultdict(lambda: [0, 0]), []
    for query, path, n, text in expected(root):
        hit = (os.path.normpath(path), n) in covered
        per[query][0] += hit
        per[query][1] += 1
        if not hit:
            misses.append(f"{path}:{n}: {text[:100]}")
    for q in QUERIES:
        found, total = per[q]
        print(f"{q:40s} {found:4d} / {total:4d}")
    print(f"{'all':40s} {sum(v[0] for v in per.values()):4d} / {sum(v[1] for v in per.values()):4d}")
    if "--misses" in sys.argv:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
