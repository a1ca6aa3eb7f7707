#!/usr/bin/env bash
# Stages the npm packages for one platform, ready for `npm publish` or `npm pack`:
#   OUT/cplint/          the launcher package `cplint` (npm/cplint)
#   OUT/cli-<platform>/  `@cplint/cli-<platform>` (npm/platforms/cli-<platform>) with the binary
#
#   usage: scripts/npm-build.sh [--binary PATH] [--platform KEY] [--out DIR]
#     --binary    the cplint binary (default: target/release/cplint[.exe]; build it first
#                 with `cargo build --release`)
#     --platform  linux-x64-gnu, linux-x64-musl, linux-arm64-gnu, darwin-x64, darwin-arm64
#                 or win32-x64 (default: the one this machine's node picks, as the launcher does)
#     --out       staging folder (default: target/npm); the two package folders are replaced
#   needs: bash, node, python3 (for the version check)
# Checks that every package.json is at Cargo.toml's version (scripts/npm-version.py) and,
# when the binary runs here, that its `--version` says the same.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BINARY=
PLATFORM=
OUT=$ROOT/target/npm
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) BINARY=${2:?--binary needs a path}; shift 2 ;;
    --platform) PLATFORM=${2:?--platform needs a key}; shift 2 ;;
    --out) OUT=${2:?--out needs a folder}; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "npm-build: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

LAUNCHER=$ROOT/npm/cplint/bin/cplint.js
if [ -z "$PLATFORM" ]; then
  PKG=$(node -e 'const p = require(process.argv[1]).platformPackage(); if (p) console.log(p)' "$LAUNCHER")
  if [ -z "$PKG" ]; then
    echo "npm-build: no cplint platform package for this machine; pass --platform" >&2
    exit 2
  fi
  PLATFORM=${PKG#@cplint/cli-}
fi
TEMPLATE=$ROOT/npm/platforms/cli-$PLATFORM
if [ ! -f "$TEMPLATE/package.json" ]; then
  echo "npm-build: unknown platform '$PLATFORM' (no $TEMPLATE/package.json)" >&2
  exit 2
fi
EXE=cplint
case "$PLATFORM" in win32-*) EXE=cplint.exe ;; esac
BINARY=${BINARY:-$ROOT/target/release/$EXE}
if [ ! -f "$BINARY" ]; then
  echo "npm-build: no binary at $BINARY (run \`cargo build --release\` or pass --binary)" >&2
  exit 2
fi

PYTHON=$(command -v python3 || command -v python || true)
if [ -z "$PYTHON" ]; then echo "npm-build: needs python3 for scripts/npm-version.py" >&2; exit 2; fi
"$PYTHON" "$ROOT/scripts/npm-version.py" --check >/dev/null
VERSION=$(node -p 'require(process.argv[1]).version' "$ROOT/npm/cplint/package.json")
if REPORTED=$("$BINARY" --version 2>/dev/null); then
  if [ "$REPORTED" != "cplint $VERSION" ]; then
    echo "npm-build: $BINARY says '$REPORTED', the packages are at $VERSION" >&2
    exit 1
  fi
else
  echo "npm-build: $BINARY does not run here (cross-built?); its version is not checked"
fi

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -rf "$OUT/cplint" "$OUT/cli-$PLATFORM"
mkdir -p "$OUT/cplint/bin" "$OUT/cli-$PLATFORM"
cp "$ROOT/npm/cplint/package.json" "$ROOT/npm/cplint/README.md" "$OUT/cplint/"
cp "$LAUNCHER" "$OUT/cplint/bin/cplint.js"
chmod 755 "$OUT/cplint/bin/cplint.js"
cp "$TEMPLATE/package.json" "$OUT/cli-$PLATFORM/"
cp "$BINARY" "$OUT/cli-$PLATFORM/$EXE"
chmod 755 "$OUT/cli-$PLATFORM/$EXE"
cat >"$OUT/cli-$PLATFORM/README.md" <<README
# @cplint/cli-$PLATFORM

The \`cplint\` binary for $PLATFORM. Install the \`cplint\` package instead
(\`npm i -D cplint\`): it depends on this one and runs its binary.
README

echo "npm-build: cplint $VERSION for $PLATFORM staged in $OUT"
echo "  publish the platform package first: npm publish \"$OUT/cli-$PLATFORM\" && npm publish \"$OUT/cplint\""
