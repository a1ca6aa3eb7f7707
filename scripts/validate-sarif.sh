#!/usr/bin/env bash
# Lints a directory with `cplint --format sarif` and validates the SARIF with the
# official SARIF 2.1.0 JSON schema (npm `jsonschema`, as GitHub's upload action
# does) and the SARIF Multitool (`validate --rule-kind "Sarif;Ghas"`). Both come
# from npm (@microsoft/sarif-multitool-linux ships the schema and the Multitool)
# and are cached in target/sarif-tools (never committed).
#
#   usage: scripts/validate-sarif.sh [--each] DIR [extra cplint args]
#     --each   one SARIF per immediate subfolder of DIR (e.g. one per package of a
#              corpus), as each would be uploaded from its own repository
#   env: CPLINT=path/to/cplint (default: a dev build of this checkout)
#   needs: node, npm (network on first use)
# Exit status: 0 when every SARIF passes both validators without errors.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EACH=0
if [ "${1:-}" = "--each" ]; then EACH=1; shift; fi
DIR=${1:?usage: scripts/validate-sarif.sh [--each] DIR [cplint args]}
shift
DIR=$(cd "$DIR" && pwd)

TOOLS=$ROOT/target/sarif-tools
PKG=$TOOLS/node_modules/@microsoft/sarif-multitool-linux
if [ ! -x "$PKG/Sarif.Multitool" ] || [ ! -d "$TOOLS/node_modules/jsonschema" ]; then
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{"name": "cplint-sarif-tools", "private": true}' >"$TOOLS/package.json"
  (cd "$TOOLS" && npm install --no-audit --no-fund --silent "@microsoft/sarif-multitool-linux@5" "jsonschema@1")
fi
if [ -z "${CPLINT:-}" ]; then
  cargo build --quiet --manifest-path "$ROOT/Cargo.toml"
  CPLINT=$ROOT/target/debug/cplint
fi

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
run_one() { # folder, output file
  local rc=0
  (cd "$1" && "$CPLINT" --format sarif --select ALL --report-suppressed -o "$2" "${@:3}" .) 2>/dev/null || rc=$?
  if [ "$rc" -gt 1 ]; then echo "cplint exited $rc in $1" >&2; fi
}
if [ "$EACH" = 1 ]; then
  i=0
  for d in "$DIR"/*/; do
    i=$((i + 1))
    run_one "$d" "$OUT/$(printf %04d $i)-$(basename "$d").sarif" "$@"
  done
else
  run_one "$DIR" "$OUT/$(basename "$DIR").sarif" "$@"
fi

FILES=("$OUT"/*.sarif)
RESULTS=$(python3 -c 'import json,sys; print(sum(len(json.load(open(f))["runs"][0]["results"]) for f in sys.argv[1:]))' "${FILES[@]}")
NOTES=$(python3 -c 'import json,sys; print(sum(len(json.load(open(f))["runs"][0]["invocations"][0]["toolExecutionNotifications"]) for f in sys.argv[1:]))' "${FILES[@]}")
echo "SARIF files: ${#FILES[@]}; results: $RESULTS; tool notifications: $NOTES"

SCHEMA_OUT=$(NODE_PATH=$TOOLS/node_modules node "$ROOT/scripts/sarif-schema-check.js" "$PKG/sarif-2.1.0.json" "${FILES[@]}" || true)
SCHEMA_OK=$(grep -c '^ok ' <<<"$SCHEMA_OUT" || true)
SCHEMA_BAD=$(grep -c '^invalid ' <<<"$SCHEMA_OUT" || true)
echo "JSON schema (jsonschema): $SCHEMA_OK valid files, $SCHEMA_BAD errors"
grep '^invalid ' <<<"$SCHEMA_OUT" | head -20 || true

MT_OUT=$("$PKG/Sarif.Multitool" validate --rule-kind "Sarif;Ghas" "${FILES[@]}" 2>&1 || true)
if ! grep -q "Analysis completed" <<<"$MT_OUT"; then
  echo "Multitool did not complete:"; echo "$MT_OUT"; exit 1
fi
MT_ERRORS=$(grep -c ': error ' <<<"$MT_OUT" || true)
echo "Multitool (Sarif;Ghas): $MT_ERRORS errors; by kind:"
grep -oE "(error|warning|note) [A-Z]+[0-9]+:" <<<"$MT_OUT" | sort | uniq -c | sed 's/^/  /' || true
grep ': error ' <<<"$MT_OUT" | head -20 || true
[ "$SCHEMA_BAD" = 0 ] && [ "$MT_ERRORS" = 0 ]
