#!/usr/bin/env bash
# Tests the hooks of .pre-commit-hooks.yaml for real: pre-commit installs them from this
# repository (at a commit) into a temporary git repository, and `git commit` runs them.
#   cplint        (language: node) installs `cplint@<version>` from npm. The packages are not
#                 on the public registry yet, so they are built here (scripts/npm-build.sh)
#                 and published to a local Verdaccio (no uplinks) that npm is pointed at.
#   cplint-cargo  (language: rust) builds cplint with `cargo install` (minutes; reuse a build
#                 folder with CARGO_TARGET_DIR=...; --skip-cargo leaves it out).
# Each hook: a staged .mts file with a shell injection must stop the commit (exit 1, the
# finding named), a commit of clean .cts/.js files must pass.
#
#   usage: scripts/check-pre-commit.sh [--rev REV] [--binary PATH] [--skip-cargo]
#     --rev     the commit of this repository whose hooks are tested (default: HEAD;
#               uncommitted changes are not seen by pre-commit)
#     --binary  the binary for the npm package (default: target/release/cplint)
#   needs: git, node, npm, python3 (pre-commit is pip-installed into target/npm-test-cache
#          when not on PATH), cargo for cplint-cargo; network to PyPI/npm on first use.
# Not part of `cargo test`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REV=HEAD
BINARY=$ROOT/target/release/cplint
CARGO_HOOK=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rev) REV=${2:?}; shift 2 ;;
    --binary) BINARY=${2:?}; shift 2 ;;
    --skip-cargo) CARGO_HOOK=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "check-pre-commit: unknown argument $1" >&2; exit 2 ;;
  esac
done
REV=$(git -C "$ROOT" rev-parse "$REV")
if [ -n "$(git -C "$ROOT" status --porcelain -- .pre-commit-hooks.yaml npm scripts/npm-build.sh)" ]; then
  echo "check-pre-commit: warning: uncommitted changes to the hooks or npm/ are not tested (rev $REV)" >&2
fi
CACHE=$ROOT/target/npm-test-cache
mkdir -p "$CACHE"

# pre-commit
PRE_COMMIT=$(command -v pre-commit || true)
if [ -z "$PRE_COMMIT" ]; then
  if [ ! -x "$CACHE/pre-commit-venv/bin/pre-commit" ]; then
    python3 -m venv "$CACHE/pre-commit-venv"
    "$CACHE/pre-commit-venv/bin/pip" install --quiet pre-commit
  fi
  PRE_COMMIT=$CACHE/pre-commit-venv/bin/pre-commit
fi
echo "check-pre-commit: $("$PRE_COMMIT" --version), hooks of $REV"

# Verdaccio, as tests/npm_package.rs installs it
VERDACCIO=$CACHE/verdaccio/node_modules/verdaccio/bin/verdaccio
if [ ! -f "$VERDACCIO" ]; then
  mkdir -p "$CACHE/verdaccio"
  [ -f "$CACHE/verdaccio/package.json" ] || echo '{"name": "cplint-npm-test-verdaccio", "private": true}' >"$CACHE/verdaccio/package.json"
  (cd "$CACHE/verdaccio" && npm install --no-audit --no-fund --silent verdaccio@6)
fi

TMP=$(mktemp -d)
VPID=
cleanup() {
  if [ -n "$VPID" ]; then kill "$VPID" 2>/dev/null || true; wait "$VPID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT/
mkdir -p "$TMP/storage"
cat >"$TMP/verdaccio.yaml" <<YAML
storage: $TMP/storage
auth:
  htpasswd:
    file: $TMP/htpasswd
    max_users: 10
packages:
  '**':
    access: \$all
    publish: \$authenticated
max_body_size: 300mb
web:
  enable: false
log: { type: stdout, format: pretty, level: warn }
YAML
node "$VERDACCIO" --config "$TMP/verdaccio.yaml" --listen "127.0.0.1:$PORT" >"$TMP/verdaccio.log" 2>&1 &
VPID=$!
for _ in $(seq 1 300); do
  if node -e 'fetch(process.argv[1] + "-/ping").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$URL"; then break; fi
  sleep 0.2
done
TOKEN=$(node -e '
fetch(process.argv[1] + "-/user/org.couchdb.user:check", {
  method: "PUT", headers: { "content-type": "application/json" },
  body: JSON.stringify({ name: "check", password: "check-pre-commit" }),
}).then((r) => r.json()).then((j) => console.log(j.token))' "$URL")
export npm_config_registry=$URL npm_config_cache=$TMP/npm-cache npm_config_userconfig=$TMP/npmrc
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
printf 'registry=%s\n//127.0.0.1:%s/:_authToken=%s\n' "$URL" "$PORT" "$TOKEN" >"$TMP/npmrc"
# The packages as of REV (its npm/ and scripts), with BINARY in the platform package.
git -C "$ROOT" archive --format=tar --prefix=src/ "$REV" npm scripts Cargo.toml .pre-commit-hooks.yaml | tar -x -C "$TMP"
bash "$TMP/src/scripts/npm-build.sh" --binary "$BINARY" --out "$TMP/stage" >/dev/null
for pkg in "$TMP"/stage/cli-* "$TMP/stage/cplint"; do
  npm publish --silent "$pkg" >/dev/null
done
echo "check-pre-commit: published $(ls "$TMP/stage" | tr '\n' ' ')to $URL"

export PRE_COMMIT_HOME=$TMP/pre-commit-home
export GIT_AUTHOR_NAME=check GIT_AUTHOR_EMAIL=check@example.invalid
export GIT_COMMITTER_NAME=check GIT_COMMITTER_EMAIL=check@example.invalid
FAILED=0
check_hook() { # hook id
  local id=$1 repo=$TMP/repo-$1 out rc
  git init -q "$repo"
  cat >"$repo/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $ROOT
    rev: $REV
    hooks:
      - id: $id
YAML
  git -C "$repo" add .pre-commit-config.yaml
  (cd "$repo" && "$PRE_COMMIT" install >/dev/null)
  local start=$SECONDS
  (cd "$repo" && "$PRE_COMMIT" install-hooks) >"$TMP/$id-install.log" 2>&1 || {
    echo "FAIL $id: pre-commit install-hooks failed:"; cat "$TMP/$id-install.log"; FAILED=1; return; }
  echo "check-pre-commit: $id installed in $((SECONDS - start)) s"
  mkdir -p "$repo/src"
  printf 'import { exec } from "node:child_process";\nexport const run = (f: string) => exec(`cat ${f}`, { timeout: 1000 }, (e) => { if (e) throw e; });\n' >"$repo/src/bad.mts"
  printf 'export const x = 1;\n' >"$repo/src/ok.cts"
  printf 'module.exports = 2;\n' >"$repo/src/ok.js"
  git -C "$repo" add src/bad.mts
  rc=0; out=$(git -C "$repo" commit -q -m bad 2>&1) || rc=$?
  if [ "$rc" = 0 ] || ! grep -q shell-injection <<<"$out" || ! grep -q bad.mts <<<"$out"; then
    echo "FAIL $id: a staged .mts with a shell injection did not stop the commit (exit $rc):"; echo "$out"; FAILED=1
  else
    echo "ok   $id: the commit of src/bad.mts is refused (shell-injection reported)"
  fi
  git -C "$repo" reset -q src/bad.mts
  git -C "$repo" add .pre-commit-config.yaml src/ok.cts src/ok.js
  rc=0; out=$(git -C "$repo" commit -q -m ok 2>&1) || rc=$?
  if [ "$rc" != 0 ] || ! grep -q "^cplint.*Passed" <<<"$out"; then
    echo "FAIL $id: the commit of clean files did not pass with the hook run (exit $rc):"; echo "$out"; FAILED=1
  else
    echo "ok   $id: the commit of src/ok.cts and src/ok.js passes (hook ran)"
  fi
}
check_hook cplint
if [ "$CARGO_HOOK" = 1 ]; then check_hook cplint-cargo; fi
if [ "$FAILED" = 0 ]; then echo "check-pre-commit: all hooks passed"; else echo "check-pre-commit: FAILED"; fi
exit "$FAILED"
