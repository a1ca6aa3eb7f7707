#!/usr/bin/env bash
# Time cplint on one file with N calls to one `exec` (issue 15 item 20): the lint
# (JSON and text reports) and the fix (`--fix --unsafe-fixes` on a copy), for
# N = 2k, 4k, 8k, 16k by default. Prints one line per N; the times should grow
# about linearly with N.
#
#   usage: bench/scale.sh [CPLINT] [N...]
#     CPLINT default: target/release/cplint
set -euo pipefail
BIN=$(readlink -f "${1:-target/release/cplint}")
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(2000 4000 8000 16000)
[ -x "$BIN" ] || { echo "scale.sh: $BIN is not executable" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
printf '%8s %10s %10s %10s %10s\n' calls bytes lint-json lint-text fix
for n in "${SIZES[@]}"; do
  f="$WORK/calls$n.js"
  {
    echo 'const { exec } = require("child_process");'
    for ((i = 0; i < n; i++)); do echo "exec(\"cat \" + x$((i % 10)), { timeout: 1000 }, (err) => { if (err) throw err; });"; done
  } > "$f"
  json=$(secs "$BIN" --isolated --file-timeout 0 --format json -o /dev/null "$f")
  text=$(secs "$BIN" --isolated --file-timeout 0 --format text -o /dev/null "$f")
  cp "$f" "$WORK/fix$n.js"
  fix=$(secs "$BIN" --isolated --file-timeout 0 --format json -o /dev/null --fix --unsafe-fixes "$WORK/fix$n.js")
  printf '%8d %10d %9.2fs %9.2fs %9.2fs\n' "$n" "$(stat -c %s "$f")" "$json" "$text" "$fix"
done
