#!/usr/bin/env bash
# Fix acceptance check (issue "Rewrite the call for the user"): copies every fixture
# and the labeled *vulnerable* npm packages of ../shared/eval into OUTDIR, runs
# `cplint --fix --unsafe-fixes` on the copy, and checks that
#   - every changed JavaScript file passes `node --check` (TypeScript/JSX: cplint
#     still parses it),
#   - shell-injection findings drop,
#   - a second run changes nothing (`--diff` is empty);
# then counts how many findings got an edit, display-only advice, or neither, and
# lists the "neither" ones for triage.
#
#   usage: scripts/fix-check.sh [OUTDIR] [EVAL_NPM_DIR]
#   defaults: /tmp/cplint-fixcheck, /tmp/cplint-eval/npm (fetch it first with
#   scripts/eval-realworld.sh)          needs: node, python3
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${CPLINT_SHARED:-$ROOT/../shared}
OUT=${1:-/tmp/cplint-fixcheck}
EVAL=${2:-/tmp/cplint-eval/npm}
[ -d "$EVAL" ] || { echo "fix-check: $EVAL not found; run scripts/eval-realworld.sh first" >&2; exit 2; }
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
BIN=$ROOT/target/release/cplint
rm -rf "$OUT"
mkdir -p "$OUT/work/npm"
cp -r "$ROOT/fixtures" "$OUT/work/fixtures"
find "$OUT/work/fixtures" -name '*.snap' -delete
python3 - "$SHARED/eval/manifest.json" "$EVAL" "$OUT/work/npm" <<'EOF'
import json, os, shutil, sys
manifest, src, dst = sys.argv[1:]
dirs = set()
for c in json.load(open(manifest))["cases"]:
    if c.get("category") == "A" and c.get("expected") == "vulnerable":
        dirs.add(f'{c["package"].replace("/", "+")}@{c["version"]}')
missing = 0
for d in sorted(dirs):
    if os.path.isdir(os.path.join(src, d)):
        shutil.copytree(os.path.join(src, d), os.path.join(dst, d))
    else:
        missing += 1
print(f"fix-check: copied {len(dirs) - missing} vulnerable packages ({missing} missing)")
EOF
cp -r "$OUT/work" "$OUT/pristine"
cd "$OUT/work"
"$BIN" --isolated --format json . > "$OUT/before.json" || true
"$BIN" --isolated --fix --unsafe-fixes . > "$OUT/fix.txt" 2> "$OUT/fix.stderr" || true
"$BIN" --isolated --format json . > "$OUT/after.json" || true
"$BIN" --isolated --diff --unsafe-fixes . > "$OUT/second.diff" 2>/dev/null || true
cd "$OUT"
changed=$(diff -rq pristine work | awk '/^Files/ {print $4}' || true)
node_fail=0; node_ok=0
for f in $changed; do
  case "$f" in
    *.js|*.cjs|*.mjs)
      if node --check "$f" 2>/dev/null; then node_ok=$((node_ok+1)); else
        # Files that did not pass before the fix either (ESM in .js, JSX) are judged by cplint's parser.
        orig=pristine/${f#work/}
        if node --check "$orig" 2>/dev/null; then node_fail=$((node_fail+1)); echo "node --check fails after fix: $f"
        else echo "node --check fails before and after the fix (not plain CommonJS/ESM for node): $f"; fi
      fi ;;
  esac
done
python3 - "$OUT" "$node_ok" "$node_fail" <<'EOF'
import json, sys, collections
out, node_ok, node_fail = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
before = json.load(open(f"{out}/before.json"))
after = json.load(open(f"{out}/after.json"))
def count(doc, code):
    return sum(1 for f in doc["findings"] if f["code"] == code)
parse_before = {e["path"] for e in before["errors"] if e.get("kind") == "parse-error"}
parse_after = {e["path"] for e in after["errors"] if e.get("kind") == "parse-error"}
kinds = collections.Counter()
neither = []
for f in before["findings"]:
    if f["code"] not in ("CP001", "CP002"):
        continue
    fix = f.get("fix")
    if fix is None:
        m = f["message"]
        if " runs `" in m and "with a script" in m:
            why = "explicit shell program (`sh -c`, `cmd /c`): not rewritten"
        elif "'s `" in m or "` from " in m:
            why = "wrapper library API (shelljs, execa, mz, cross-spawn): not rewritten"
        else:
            why = "the whole command is one value built elsewhere: no words to split"
        kinds[f'{f["code"]} neither: {why}'] += 1
        neither.append(f'{f["path"]}:{f["line"]}  {m[:110]}')
    elif fix["safety"] == "display-only":
        t = fix["title"]
        key = t.split(":")[0] if t.startswith("the command") else t.split(";")[0][:60]
        kinds[f'{f["code"]} display-only: {key}'] += 1
    else:
        kinds[f'{f["code"]} edit ({fix["safety"]})'] += 1
second = open(f"{out}/second.diff").read()
print(f"changed JS files passing node --check: {node_ok}; failing (and passing before): {node_fail}")
print(f"files that stopped parsing after the fix: {sorted(parse_after - parse_before) or 'none'}")
print(f"shell-injection findings: {count(before, 'CP001')} before, {count(after, 'CP001')} after")
print(f"spawn-command-string findings: {count(before, 'CP002')} before, {count(after, 'CP002')} after")
print(f"second run diff: {'empty' if not second.strip() else str(len(second.splitlines())) + ' lines (NOT idempotent)'}")
totals = collections.Counter()
for k, v in kinds.items():
    totals[k.split(" ", 1)[1].split(" (")[0].split(":")[0]] += v
print("totals (CP001 + CP002): " + ", ".join(f"{k}: {v}" for k, v in sorted(totals.items())))
for k, v in sorted(kinds.items()):
    print(f"  {k}: {v}")
print("findings with neither an edit nor advice:")
for n in neither:
    print("  " + n)
EOF
