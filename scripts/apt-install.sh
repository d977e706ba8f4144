#!/usr/bin/env bash
# Installs Debian packages non-interactively, for the project's install-*.sh scripts:
#   bash scripts/apt-install.sh <what, for messages> <package>...
# Needs root (CI and the developers' machines are root) or sudo.
set -euo pipefail
what="$1"; shift
SUDO=""
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null || { echo "[inkijk] $what is missing and installing it needs root (or sudo)" >&2; exit 1; }
  SUDO="sudo"
fi
echo "[inkijk] installing $what from Debian (apt-get)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "$@" </dev/null
