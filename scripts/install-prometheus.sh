#!/usr/bin/env bash
# Installs Debian's Prometheus (the server and promtool) for the metrics of the local system
# (deploy/prometheus) and the test of its rules, only when missing.
# Non-interactive; needs root (CI and the developers' machines are root) or sudo. Debian's
# package also enables a systemd unit; on these machines nothing starts it, deploy/prometheus/start.sh does.
set -euo pipefail
PROMETHEUS_BIN="${PROMETHEUS_BIN:-/usr/bin/prometheus}"
PROMTOOL_BIN="${PROMTOOL_BIN:-/usr/bin/promtool}"

if [ -x "$PROMETHEUS_BIN" ] && [ -x "$PROMTOOL_BIN" ]; then
  echo "[inkijk] prometheus present: $("$PROMETHEUS_BIN" --version 2>/dev/null | head -n 1 || echo "$PROMETHEUS_BIN")"
  exit 0
fi

bash "$(dirname "$0")/apt-install.sh" prometheus prometheus
[ -x "$PROMETHEUS_BIN" ] || { echo "[inkijk] prometheus was installed but $PROMETHEUS_BIN is not there" >&2; exit 1; }
[ -x "$PROMTOOL_BIN" ] || { echo "[inkijk] prometheus was installed but $PROMTOOL_BIN is not there" >&2; exit 1; }
echo "[inkijk] prometheus installed: $("$PROMETHEUS_BIN" --version 2>/dev/null | head -n 1 || echo "$PROMETHEUS_BIN")"
