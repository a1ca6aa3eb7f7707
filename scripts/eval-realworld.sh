#!/usr/bin/env bash
# Real-world evaluation (issue "The engine"): fetches the labeled npm packages of
# ../shared/eval into OUTDIR (outside any git checkout: cplint honours .gitignore)
# and scores cplint's `shell-injection` findings with the shared scorer.
#
#   usage: scripts/eval-realworld.sh [OUTDIR] [extra score_realworld.py args]
#   default OUTDIR: /tmp/cplint-eval      needs: node, npm, python3, network to npm
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${CPLINT_SHARED:-$ROOT/../shared}
OUT=${1:-/tmp/cplint-eval}
shift || true
case "$(cd "$(dirname "$OUT")" 2>/dev/null && git rev-parse --show-toplevel 2>/dev/null || true)" in
  "") ;;
  *) echo "eval-realworld: $OUT is inside a git checkout; pick a folder outside (e.g. /tmp/cplint-eval)" >&2; exit 2 ;;
esac
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
bash "$SHARED/eval/fetch_corpus.sh" "$OUT" >/dev/null
python3 "$SHARED/eval/score_realworld.py" "$ROOT/target/release/cplint" "$OUT" --window span --json "$OUT/score.json" "$@"
