#!/usr/bin/env bash
# Builds and starts the kiosk on its embedded default configuration, from a fresh Debian 12 machine (as root)
# with the Rust toolchain (rustup) installed. Installs the run-time X libraries it needs.
# With no display ($DISPLAY / $WAYLAND_DISPLAY unset) it starts Xvfb on :99 and runs the kiosk there.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo >/dev/null || { echo "cargo not found: install the Rust toolchain (rustup, Rust >= 1.85) first"; exit 1; }
need=()
for pkg in pkg-config libfontconfig1-dev libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6 libx11-xcb1 xvfb xauth; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cargo build --release --bin court-kiosk
export SLINT_BACKEND=${SLINT_BACKEND:-winit-software}
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: starting Xvfb on :99 (1080x1920). Screenshot it with: DISPLAY=:99 import -window root shot.png"
  Xvfb :99 -screen 0 1080x1920x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  trap 'kill $xvfb 2>/dev/null' EXIT
  export DISPLAY=:99
  sleep 1
fi
./target/release/court-kiosk run "$@"
