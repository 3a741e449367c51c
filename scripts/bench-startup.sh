#!/usr/bin/env bash
# Start-up benchmark: cold start to first frame and idle RSS of the real kiosk window under Xvfb with the
# software renderer (SLINT_BACKEND=winit-software), release build. The first frame is detected from outside by
# polling a pixel of the header (scripts/first_frame.py). Prints the median of RUNS starts.
# Targets: first frame ≤ 300 ms, RSS ≤ 60 MB on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
cargo build --release --bin court-kiosk -q
bin=$(pwd)/target/release/court-kiosk
data=$(mktemp -d)
Xvfb :97 -screen 0 1080x1920x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$data"' EXIT
sleep 1
firsts=(); rsss=()
for _ in $(seq "$RUNS"); do
  out=$(DISPLAY=:97 SLINT_BACKEND=winit-software python3 scripts/first_frame.py "$bin" --data-dir "$data" run)
  firsts+=("$(echo "$out" | awk '/first-frame-ms/ {print $2}')")
  rsss+=("$(( $(echo "$out" | awk '/rss-kib/ {print $2}') / 1024 ))")
  sleep 0.5
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "runs: $RUNS (Xvfb 1080x1920x24, SLINT_BACKEND=winit-software, release build)"
echo "cold start to first frame: median $(median "${firsts[@]}") ms (all: ${firsts[*]})"
echo "idle RSS after 3 s: median $(median "${rsss[@]}") MiB (all: ${rsss[*]})"
