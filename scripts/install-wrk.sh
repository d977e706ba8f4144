#!/usr/bin/env bash
# Installs Debian's wrk (an HTTP load generator in C that costs the measured stack little), only
# when missing: the whole-system benchmark (test/bench/system.bench.ts) loads the system with it.
# Non-interactive; needs root (CI and the developers' machines are root) or sudo.
set -euo pipefail
if command -v wrk >/dev/null; then exit 0; fi
bash "$(dirname "$0")/apt-install.sh" wrk wrk
command -v wrk >/dev/null || { echo "[inkijk] wrk was installed but is not on the PATH" >&2; exit 1; }
