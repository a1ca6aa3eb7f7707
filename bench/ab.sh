#!/usr/bin/env bash
# A/B of two cplint binaries on the bench corpus, interleaved with oxlint parse-only.
#
#   usage: bench/ab.sh BEFORE_BIN AFTER_BIN [CORPUS_DIR] [ROUNDS]
#
# Per round (the order rotates): BEFORE, AFTER, AFTER --no-cross-file and oxlint
# parse-only (`oxlint -A all -D no-debugger`, from $PEERS, installed by bench/run.sh),
# each under GNU time (wall, user+sys, peak RSS), `--threads 2 --format json` from the
# corpus folder. Prints the medians, the ratio AFTER / oxlint, and callgrind's
# instruction count (`--threads 1`) of BEFORE and AFTER when valgrind is installed.
set -euo pipefail
BEFORE=$1; AFTER=$2
CORPUS=$(cd "${3:-/tmp/bench-corpus/corpus}" && pwd)
ROUNDS=${4:-7}
PEERS=${PEERS:-/tmp/cplint-peers}
OXLINT="$PEERS/node_modules/.bin/oxlint"
[ -x "$OXLINT" ] || { echo "oxlint missing: npm install --prefix $PEERS oxlint" >&2; exit 2; }
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
cd "$CORPUS"
run() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/t" "$@" > /dev/null 2>&1 || true
  echo "$name $(cat "$OUT/t" | tail -1)" >> "$OUT/all"
}
tools=(before after after-single oxlint)
cmd() {
  case $1 in
    before) run before "$BEFORE" --isolated --threads 2 --format json --exit-zero . ;;
    after) run after "$AFTER" --isolated --threads 2 --format json --exit-zero . ;;
    after-single) run after-single "$AFTER" --isolated --no-cross-file --threads 2 --format json --exit-zero . ;;
    oxlint) run oxlint "$OXLINT" -A all -D no-debugger --threads 2 . ;;
  esac
}
for t in "${tools[@]}"; do cmd "$t"; done   # warm-up
: > "$OUT/all"
for r in $(seq 1 "$ROUNDS"); do
  for i in 0 1 2 3; do cmd "${tools[$(( (i + r) % 4 ))]}"; done
done
python3 - "$OUT/all" <<'PY'
import sys, statistics as st
rows = {}
for line in open(sys.argv[1]):
    name, wall, user, sys_, rss = line.split()
    rows.setdefault(name, []).append((float(wall), float(user) + float(sys_), int(rss)))
med = {n: (st.median(w for w, _, _ in v), st.median(c for _, c, _ in v), max(r for _, _, r in v) / 1024) for n, v in rows.items()}
print(f"{'tool':14} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}   (median of {len(rows['after'])} rounds; peak = max)")
for n in ["before", "after", "after-single", "oxlint"]:
    w, c, r = med[n]
    print(f"{n:14} {w:8.3f} {c:8.3f} {r:8.1f}")
print(f"ratio after / oxlint parse-only (wall): {med['after'][0] / med['oxlint'][0]:.3f}")
PY
if command -v valgrind > /dev/null; then
  for b in "$BEFORE" "$AFTER"; do
    valgrind --tool=callgrind --callgrind-out-file="$OUT/cg" "$b" --isolated --threads 1 --format json --exit-zero -o /dev/null . 2>&1 \
      | grep -o "Collected : [0-9]*" | sed "s|^|$b: Ir |"
  done
fi
