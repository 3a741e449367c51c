#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine (as root) with the Rust toolchain (rustup) installed.
# Installs what it needs (Debian packages, cargo-deny), then: format, lint, licences, translations, every test
# (SQLite and PostgreSQL engines), and the acceptance checks in ../shared/acceptance when they are present.
# Fails loudly: the first failing step stops the run with a message saying which step failed.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
step() { printf '\n==== %s ====\n' "$*"; }
trap 'rc=$?; echo; echo "FAILED (exit $rc) in step: ${current:-setup}"; exit $rc' ERR
current=setup

command -v cargo >/dev/null || { echo "cargo not found: install the Rust toolchain (rustup, Rust >= 1.85) first"; exit 1; }

current="install system packages"; step "$current"
need=()
for pkg in pkg-config libfontconfig1-dev python3 xvfb xauth zbar-tools postgresql fonts-droid-fallback \
           libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6 libx11-xcb1; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

current="install cargo-deny"; step "$current"
if ! command -v cargo-deny >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo-deny" ]; then
  cargo install --locked cargo-deny --version ^0.18 -q
fi
export PATH="$HOME/.cargo/bin:$PATH"

current="cargo fmt --all --check"; step "$current"
cargo fmt --all --check

current="cargo clippy"; step "$current"
cargo clippy --workspace --all-targets -q -- -D warnings

current="cargo deny check licenses"; step "$current"
cargo deny check licenses

current="translations (every @tr string has English)"; step "$current"
python3 ui/translations/i18n.py check

current="start PostgreSQL for the backend tests"; step "$current"
if [ -x .ci/start-postgres.sh ] || [ -f .ci/start-postgres.sh ]; then
  # A free loopback port, so a cluster left running by an earlier run cannot block this one.
  COURT_PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  export COURT_PG_PORT
  COURT_TEST_POSTGRES_URL=$(bash .ci/start-postgres.sh | tail -n 1)
  export COURT_TEST_POSTGRES_URL
  echo "PostgreSQL at $COURT_TEST_POSTGRES_URL"
fi

current="cargo test --workspace"; step "$current"
cargo test --workspace 2>&1 | tee /tmp/court-kiosk-test.log
summary=$(grep -E '^test result:' /tmp/court-kiosk-test.log | awk '{p+=$4; f+=$6; i+=$8} END {print p" passed, "f" failed, "i" skipped"}')

if [ -x ../shared/acceptance/run ]; then
  current="acceptance checks (../shared/acceptance)"; step "$current"
  ../shared/acceptance/run
fi

echo
echo "ALL STEPS PASSED"
echo "tests: $summary"
