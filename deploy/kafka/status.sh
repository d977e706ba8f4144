#!/usr/bin/env bash
# Show whether the local Kafka broker runs. Exit 0 when running, 3 when stopped.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

port="$KAFKA_PORT"
if [[ -f "$KAFKA_SERVER_PROPS" ]]; then
  p="$(sed -n 's#^advertised\.listeners=CLIENT://[^:]*:\([0-9]*\).*#\1#p' "$KAFKA_SERVER_PROPS" 2>/dev/null || true)"
  port="${p:-$KAFKA_PORT}"
fi
version="$(cat "$KAFKA_LIBS_MARKER" 2>/dev/null || echo "not resolved yet")"

if pid="$(kafka_find_pid)"; then
  if kafka_port_open "$port"; then
    state="running"
  else
    state="running (port $port not accepting connections yet - starting or shutting down)"
  fi
  rss_kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "?")"
  echo "[kafka] status:   $state"
  echo "[kafka] pid:      $pid (RSS $((${rss_kb:-0} / 1024)) MiB)"
  echo "[kafka] port:     $KAFKA_HOST:$port (controller $KAFKA_HOST:$KAFKA_CONTROLLER_PORT)"
  echo "[kafka] data dir: $KAFKA_DATA_DIR"
  echo "[kafka] version:  $version"
  echo "[kafka] logs:     $KAFKA_LOG_DIR/server.log"
  exit 0
fi

echo "[kafka] status:   stopped"
if old="$(kafka_pid_from_file 2>/dev/null)"; then
  echo "[kafka] pid:      none (stale pid file for $old; start.sh will clean it up)"
else
  echo "[kafka] pid:      none"
fi
echo "[kafka] port:     $KAFKA_HOST:$port (controller $KAFKA_HOST:$KAFKA_CONTROLLER_PORT)"
echo "[kafka] data dir: $KAFKA_DATA_DIR$([[ -d "$KAFKA_DATA_DIR" ]] || echo ' (does not exist)')"
echo "[kafka] version:  $version"
exit 3
