#!/usr/bin/env bash
# Side-by-side benchmark (issue 7, "Fast and unbreakable").
#
#   usage: bench/run.sh [CORPUS_DIR] [ROUNDS]
#
#   CORPUS_DIR  made by ../shared/bench/make-corpus.sh (default /tmp/bench-corpus/corpus); it must be
#               outside any git checkout, since every linter here honours .gitignore.
#   ROUNDS      timed rounds per corpus size (default 5).
#
# Environment:
#   PEERS         npm prefix for oxlint, eslint, eslint-plugin-security (default /tmp/cplint-peers;
#                 installed there with npm when missing)
#   VENV          Python venv for semgrep and matplotlib (default /tmp/cplint-bench-venv; pip-installed
#                 when missing)
#   SCALES        corpus sizes to run (default "1 2 4": the corpus, 2 copies, 4 copies)
#   HEAVY_ROUNDS  rounds (of ROUNDS) that also run ESLint and Semgrep (default 1; 0 leaves them out)
#   HEAVY_SCALES  sizes at which ESLint and Semgrep run (default "1": at 4x ESLint would need ~10 GB)
#   COPIES_DIR    where the 2x/4x copies are made (default /tmp/cplint-bench-copies)
#
# Interleaving: hyperfine runs all runs of one command before the next, so each round is its own
# hyperfine session with one run of every tool, and the order of the tools rotates from round to
# round; the medians are taken over rounds. Every run is wrapped in GNU time for its peak RSS. One
# untimed warm-up round of the fast tools fills the page cache first.
#
# Output: the block between the `bench:begin`/`bench:end` markers in bench/RESULTS.md (machine, load,
# commands, table, ratios against the issue's targets) and the chart bench/results.png.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPUS=$(cd "${1:-/tmp/bench-corpus/corpus}" 2>/dev/null && pwd) || {
  echo "no corpus at ${1:-/tmp/bench-corpus/corpus}: run ../shared/bench/make-corpus.sh first" >&2; exit 2; }
ROUNDS=${2:-5}
PEERS=${PEERS:-/tmp/cplint-peers}
VENV=${VENV:-/tmp/cplint-bench-venv}
SCALES=${SCALES:-1 2 4}
HEAVY_ROUNDS=${HEAVY_ROUNDS:-1}
HEAVY_SCALES=${HEAVY_SCALES:-1}
COPIES_DIR=${COPIES_DIR:-/tmp/cplint-bench-copies}

need() { command -v "$1" >/dev/null || { echo "$1 missing: $2" >&2; exit 2; }; }
need hyperfine "apt-get install hyperfine"
need npm "install Node.js"
need python3 "install python3"
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install time" >&2; exit 2; }
if git -C "$CORPUS" rev-parse --git-dir >/dev/null 2>&1; then
  echo "$CORPUS is inside a git checkout; linters would honour its .gitignore" >&2; exit 2
fi

if [ ! -x "$PEERS/node_modules/.bin/oxlint" ] || [ ! -x "$PEERS/node_modules/.bin/eslint" ] ||
  [ ! -d "$PEERS/node_modules/eslint-plugin-security" ]; then
  mkdir -p "$PEERS"
  (cd "$PEERS" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --no-audit --no-fund oxlint eslint eslint-plugin-security >/dev/null)
fi
if [ "$HEAVY_ROUNDS" -gt 0 ] && [ ! -x "$VENV/bin/semgrep" ] || [ ! -x "$VENV/bin/python" ] ||
  ! "$VENV/bin/python" -c "import matplotlib" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q semgrep matplotlib
fi
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"

CPLINT="$ROOT/target/release/cplint"
OXLINT="$PEERS/node_modules/.bin/oxlint"
ESLINT="$PEERS/node_modules/.bin/eslint"
SEMGREP="$VENV/bin/semgrep"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# ESLint: only eslint-plugin-security's recommended rules, on the JavaScript files. The config
# lives in $PEERS so that Node resolves the plugin from there.
cat > "$PEERS/eslint.config.mjs" <<'CFG'
import security from "eslint-plugin-security";
export default [{
  files: ["**/*.js", "**/*.mjs", "**/*.cjs", "**/*.jsx"],
  plugins: { security },
  rules: security.configs.recommended.rules,
}];
CFG
# Semgrep: rules written for this benchmark that look for what cplint looks for (child_process
# calls with a non-constant command, a shell, no timeout; vm used as a sandbox).
cat > "$OUT/semgrep.yml" <<'YML'
rules:
  - id: child-process-exec-non-literal
    languages: [javascript, typescript]
    severity: ERROR
    message: child_process exec with a non-literal command
    patterns:
      - pattern-either:
          - pattern-inside: |
              $CP = require('child_process');
              ...
          - pattern-inside: |
              $CP = require('node:child_process');
              ...
          - pattern-inside: |
              import $CP from 'child_process';
              ...
          - pattern-inside: |
              import * as $CP from 'child_process';
              ...
      - pattern-either:
          - pattern: $CP.exec($CMD, ...)
          - pattern: $CP.execSync($CMD, ...)
      - pattern-not: $CP.$F("...", ...)
  - id: child-process-exec-destructured
    languages: [javascript, typescript]
    severity: ERROR
    message: exec with a non-literal command
    patterns:
      - pattern-either:
          - pattern-inside: |
              const { ..., exec, ... } = require('child_process');
              ...
          - pattern-inside: |
              import { ..., exec, ... } from 'child_process';
              ...
      - pattern: exec($CMD, ...)
      - pattern-not: exec("...", ...)
  - id: child-process-shell-true
    languages: [javascript, typescript]
    severity: WARNING
    message: spawn/execFile with shell enabled
    pattern-either:
      - pattern: '$CP.spawn($CMD, $ARGS, {..., shell: true, ...})'
      - pattern: '$CP.execFile($CMD, $ARGS, {..., shell: true, ...})'
      - pattern: 'spawn($CMD, $ARGS, {..., shell: true, ...})'
  - id: child-process-no-timeout
    languages: [javascript, typescript]
    severity: WARNING
    message: execSync/spawnSync without a timeout
    patterns:
      - pattern-either:
          - pattern: $CP.execSync(...)
          - pattern: $CP.execFileSync(...)
          - pattern: $CP.spawnSync(...)
      - pattern-not: '$CP.$F(..., {..., timeout: $T, ...})'
  - id: vm-as-sandbox
    languages: [javascript, typescript]
    severity: ERROR
    message: node:vm is not a security boundary
    patterns:
      - pattern-inside: |
          $VM = require('vm');
          ...
      - pattern-either:
          - pattern: $VM.runInNewContext(...)
          - pattern: $VM.runInContext(...)
          - pattern: new $VM.Script(...)
YML

declare -A CMD
set_commands() {
  local dir=$1
  CMD[cplint]="$CPLINT --format json --exit-zero $dir"
  CMD[oxlint-parse-only]="$OXLINT -A all -D no-debugger $dir"
  CMD[oxlint-default]="$OXLINT $dir"
  CMD[eslint-security]="$ESLINT --no-config-lookup -c $PEERS/eslint.config.mjs $dir"
  CMD[semgrep]="$SEMGREP scan --config $OUT/semgrep.yml --metrics=off --disable-version-check --quiet $dir"
}
FAST=(cplint oxlint-parse-only oxlint-default)
HEAVY=(eslint-security semgrep)
export NODE_OPTIONS=--max-old-space-size=12288
export SEMGREP_SEND_METRICS=off

corpus_for() {
  local s=$1
  if [ "$s" = 1 ]; then echo "$CORPUS"; return; fi
  local dir="$COPIES_DIR/x$s"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"; mkdir -p "$dir"
    for i in $(seq 1 "$s"); do cp -r "$CORPUS" "$dir/copy$i"; done
    touch "$dir/.complete"
  fi
  echo "$dir"
}

run_round() { # scale round warmup tools...
  local scale=$1 round=$2 warm=$3; shift 3
  local args=()
  for name in "$@"; do
    local rss="$OUT/rss.$scale.$name.$round"
    args+=(-n "$name" "/usr/bin/time -f %M -o $rss ${CMD[$name]}")
  done
  # From the corpus: ESLint given -c only lints files under its working directory.
  (cd "$dir" && hyperfine -N -i --runs 1 --style none --export-json "$OUT/times.$scale.$round.$warm.json" "${args[@]}" >/dev/null)
}

LOAD_BEFORE=$(uptime)
started=$(date +%s)
for scale in $SCALES; do
  dir=$(corpus_for "$scale")
  set_commands "$dir"
  heavy=0
  for s in $HEAVY_SCALES; do [ "$s" = "$scale" ] && heavy=1; done
  echo "== ${scale}x: $dir" >&2
  run_round "$scale" 0 warm "${FAST[@]}"
  for r in $(seq 1 "$ROUNDS"); do
    tools=("${FAST[@]}")
    if [ "$heavy" = 1 ] && [ "$r" -le "$HEAVY_ROUNDS" ]; then tools+=("${HEAVY[@]}"); fi
    # Rotate the order by the round number.
    n=${#tools[@]}; k=$(( (r - 1) % n )); order=("${tools[@]:k}" "${tools[@]:0:k}")
    echo "   round $r: ${order[*]} ($(cut -d' ' -f1-3 /proc/loadavg))" >&2
    run_round "$scale" "$r" timed "${order[@]}"
  done
done
LOAD_AFTER=$(uptime)
elapsed=$(( $(date +%s) - started ))

versions=$(
  echo "cplint $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "oxlint $("$OXLINT" --version 2>/dev/null | tr -d '\n')"
  echo "eslint $("$ESLINT" --version 2>/dev/null | tr -d '\n'), eslint-plugin-security $(node -p "require('$PEERS/node_modules/eslint-plugin-security/package.json').version" 2>/dev/null)"
  echo "semgrep $(timeout 30 "$SEMGREP" --version --disable-version-check 2>/dev/null </dev/null | tail -1)"
  echo "hyperfine $(hyperfine --version | cut -d' ' -f2), node $(node --version)"
)
files=$(find "$CORPUS" -type f | wc -l)
bytes=$(du -sb "$CORPUS" | cut -f1)
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
mem=$(free -g | awk '/^Mem:/{print $2}')
cores=$(nproc)
stamp=$(date -u '+%Y-%m-%d %H:%M UTC')

"$VENV/bin/python" - "$OUT" "$ROOT/bench" <<PY
import glob, json, os, re, statistics, sys
out, bench = sys.argv[1], sys.argv[2]
times, rss = {}, {}
for path in glob.glob(os.path.join(out, "times.*.*.timed.json")):
    scale = int(os.path.basename(path).split(".")[1])
    rnd = os.path.basename(path).split(".")[2]
    for r in json.load(open(path))["results"]:
        name = r["command"]
        times.setdefault((scale, name), []).extend(r["times"])
        try:
            rss.setdefault((scale, name), []).append(int(open(os.path.join(out, f"rss.{scale}.{name}.{rnd}")).read().split()[-1]) / 1024)
        except (OSError, ValueError, IndexError):
            pass
tools = ["cplint", "oxlint-parse-only", "oxlint-default", "eslint-security", "semgrep"]
scales = sorted({s for s, _ in times})
def med(s, t): return statistics.median(times[(s, t)]) if (s, t) in times else None
def peak(s, t): return max(rss[(s, t)]) if rss.get((s, t)) else None
lines = []
w = lines.append
w("<!-- bench:begin (generated by bench/run.sh; edits inside are overwritten) -->")
w("")
w("Command: \`bench/run.sh $CORPUS $ROUNDS\` (SCALES=\"$SCALES\", HEAVY_ROUNDS=$HEAVY_ROUNDS, HEAVY_SCALES=\"$HEAVY_SCALES\"), $stamp, ${elapsed} s in all.")
w("")
w("Machine: $cores cores ($cpu), $mem GB RAM, shared with other agents building code.")
w("Load before: \`$LOAD_BEFORE\`; after: \`$LOAD_AFTER\`.")
w("")
w("Corpus: $files files, $bytes bytes ($CORPUS); Nx = N copies side by side in $COPIES_DIR.")
w("")
w("Versions: " + "; ".join("""$versions""".strip().splitlines()) + ".")
w("")
w("Each round is one hyperfine session with one run of every tool, the order rotating from round to round;")
w("wall times are over rounds, peak RSS is the largest of the runs (GNU time, maximum resident set size).")
w("")
w("| corpus | tool | runs | median s | min s | max s | peak RSS MB |")
w("|---|---|---:|---:|---:|---:|---:|")
for s in scales:
    for t in tools:
        if (s, t) not in times: continue
        ts = times[(s, t)]
        p = peak(s, t)
        w(f"| {s}x | {t} | {len(ts)} | {statistics.median(ts):.3f} | {min(ts):.3f} | {max(ts):.3f} | {p:.0f} |" if p is not None else
          f"| {s}x | {t} | {len(ts)} | {statistics.median(ts):.3f} | {min(ts):.3f} | {max(ts):.3f} | ? |")
w("")
w("Against the targets of issue 7:")
w("")
def verdict(ok): return "met" if ok else "**not met**"
c1 = med(1, "cplint")
if c1 is not None:
    ox = med(1, "oxlint-parse-only")
    if ox: w(f"- cplint / oxlint parse-only, 1x median: {c1/ox:.3f} (target ≤ 0.25): {verdict(c1/ox <= 0.25)}")
    p = peak(1, "cplint")
    if p is not None: w(f"- cplint peak RSS, 1x: {p:.0f} MB (target ≤ 100 MB): {verdict(p <= 100)}")
    for t in ("eslint-security", "semgrep"):
        m = med(1, t)
        if m: w(f"- {t} / cplint, 1x median: {m/c1:.0f}x (target ≥ 100x): {verdict(m/c1 >= 100)}")
    c4 = med(4, "cplint")
    if c4 is not None:
        w(f"- cplint 4x / 1x median time: {c4/c1:.2f} (target ≤ 4.4): {verdict(c4/c1 <= 4.4)}")
        p1, p4 = peak(1, "cplint"), peak(4, "cplint")
        if p1 and p4: w(f"- cplint 4x / 1x peak RSS: {p4/p1:.2f} (target ≤ 1.2): {verdict(p4/p1 <= 1.2)}")
w("")
w("![wall time and peak RSS by tool and corpus size](results.png)")
w("")
w("<!-- bench:end -->")
block = "\n".join(lines) + "\n"
path = os.path.join(bench, "RESULTS.md")
old = open(path).read() if os.path.exists(path) else "# Benchmark results\n\n"
m = re.search(r"<!-- bench:begin.*?<!-- bench:end -->\n?", old, re.S)
new = old[:m.start()] + block + old[m.end():] if m else old.rstrip("\n") + "\n\n" + block
open(path, "w").write(new)
print(block)

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib missing: no chart", file=sys.stderr); sys.exit(0)
fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.5))
present = [t for t in tools if any((s, t) in times for s in scales)]
width = 0.8 / max(1, len(scales))
for i, s in enumerate(scales):
    xs = [j + i * width for j in range(len(present))]
    a1.bar(xs, [med(s, t) or 0 for t in present], width, label=f"{s}x")
    a2.bar(xs, [peak(s, t) or 0 for t in present], width, label=f"{s}x")
for a, title in ((a1, "median wall time (s, log)"), (a2, "peak RSS (MB, log)")):
    a.set_xticks([j + width * (len(scales) - 1) / 2 for j in range(len(present))])
    a.set_xticklabels(present, rotation=20)
    a.set_yscale("log"); a.set_title(title); a.legend(title="corpus")
fig.suptitle("cplint vs peers on the bench corpus ($cores cores, interleaved rounds)")
fig.tight_layout()
fig.savefig(os.path.join(bench, "results.png"), dpi=110)
PY
