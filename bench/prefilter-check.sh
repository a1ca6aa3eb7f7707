#!/usr/bin/env bash
# Lints a corpus with and without the byte pre-filter and checks the findings are identical.
#   usage: bench/prefilter-check.sh [CORPUS_DIR]   (default /tmp/bench-corpus/corpus)
# Same check as `CPLINT_BENCH_CORPUS=DIR cargo test --release --test prefilter_corpus`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPUS=${1:-/tmp/bench-corpus/corpus}
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 2; }
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
/usr/bin/time -f "with pre-filter: %e s, %M KB" "$ROOT/target/release/cplint" --isolated --format json --exit-zero "$CORPUS" > "$OUT/filtered.json"
/usr/bin/time -f "without: %e s, %M KB" "$ROOT/target/release/cplint" --isolated --format json --exit-zero --no-prefilter "$CORPUS" > "$OUT/all.json"
python3 - "$OUT/filtered.json" "$OUT/all.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
fa, fb = (sorted(json.dumps(f, sort_keys=True) for f in d["findings"]) for d in (a, b))
print(f"{a['summary']['files_scanned']} files; findings: {len(fa)} with the pre-filter, {len(fb)} without")
print(f"errors: {len(a['errors'])} with the pre-filter, {len(b['errors'])} without (parse errors in skipped files are not reported)")
if fa != fb:
    for x in sorted(set(fb) - set(fa)): print("missing:", x)
    for x in sorted(set(fa) - set(fb)): print("extra:", x)
    sys.exit(1)
print("identical")
PY
