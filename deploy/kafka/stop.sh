#!/usr/bin/env bash
# Stop the local Kafka broker: SIGTERM (graceful, flushes logs), wait up to
# KAFKA_STOP_TIMEOUT seconds (default 30), then SIGKILL. Harmless when not running.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

if [[ ! -d "$KAFKA_DATA_DIR" ]]; then
  kafka_log "not running (no data dir $KAFKA_DATA_DIR)"
  exit 0
fi
kafka_take_ops_lock

if ! pid="$(kafka_find_pid)"; then
  if old="$(kafka_pid_from_file)"; then
    kafka_log "not running (removing stale pid file for pid $old)"
  else
    kafka_log "not running"
  fi
  rm -f "$KAFKA_PID_FILE"
  exit 0
fi

kafka_log "stopping broker (pid $pid) with SIGTERM, waiting up to ${STOP_TIMEOUT}s ..."
started=$SECONDS
kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + STOP_TIMEOUT))
while kafka_pid_alive "$pid" && (( SECONDS < deadline )); do
  sleep 0.5
done

if kafka_pid_alive "$pid"; then
  kafka_log "still running after ${STOP_TIMEOUT}s - sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do
    kafka_pid_alive "$pid" || break
    sleep 0.25
  done
  if kafka_pid_alive "$pid"; then
    kafka_err "pid $pid survived SIGKILL"
    exit 1
  fi
  rm -f "$KAFKA_PID_FILE"
  kafka_log "killed (pid $pid); the next start will recover the logs"
  exit 0
fi

rm -f "$KAFKA_PID_FILE"
kafka_log "stopped (pid $pid) in $((SECONDS - started))s"
