#!/usr/bin/env bash
# Installs Debian's wrk (an HTTP load generator in C that costs the measured stack little), only
# when missing: the whole-system benchmark (test/bench/system.bench.ts) loads the system with it.
# Non-interactive; needs root (CI and the developers' machines are root) or sudo.
set -euo pipefail
if command -v wrk >/dev/null; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null || { echo "[inkijk] wrk is missing and installing it needs root (or sudo)" >&2; exit 1; }
  SUDO="sudo"
fi
echo "[inkijk] installing wrk from Debian (apt-get)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends wrk </dev/null
command -v wrk >/dev/null || { echo "[inkijk] wrk was installed but is not on the PATH" >&2; exit 1; }
