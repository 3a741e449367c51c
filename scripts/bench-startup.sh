#!/usr/bin/env bash
# Start-up benchmark: cold start to first frame and idle RSS of the real kiosk window under Xvfb with the
# software renderer (SLINT_BACKEND=winit-software). Prints both (median of RUNS starts). Targets: first frame
# ≤ 300 ms, RSS ≤ 60 MB on a 2-core machine.
#   bash scripts/bench-startup.sh            # release build
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
cargo build --release --bin court-kiosk -q
bin=target/release/court-kiosk
data=$(mktemp -d)
Xvfb :97 -screen 0 1080x1920x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$data"' EXIT
sleep 1
firsts=(); rsss=()
for i in $(seq "$RUNS"); do
  log=$(mktemp)
  t0=$(date +%s%N)
  DISPLAY=:97 SLINT_BACKEND=winit-software "$bin" --data-dir "$data" run --windowed --report-first-frame 2>"$log" &
  pid=$!
  for _ in $(seq 100); do grep -q first-frame-unix-ns "$log" && break; sleep 0.05; done
  t1=$(grep -o 'first-frame-unix-ns: [0-9]*' "$log" | awk '{print $2}')
  sleep 3   # idle
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ -n "$t1" ] || { echo "run $i: no first frame reported"; cat "$log"; exit 1; }
  firsts+=($(( (t1 - t0) / 1000000 ))); rsss+=($(( rss / 1024 )))
  rm -f "$log"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "runs: $RUNS (Xvfb 1080x1920, SLINT_BACKEND=winit-software, release build)"
echo "cold start to first frame: median $(median "${firsts[@]}") ms (all: ${firsts[*]})"
echo "idle RSS after 3 s: median $(median "${rsss[@]}") MiB (all: ${rsss[*]})"
