#!/usr/bin/env bash
# Stop the local Kafka broker and delete its data dir (all topics, offsets, cluster id).
# The jar cache (deploy/kafka/.cache) is kept. Run start.sh afterwards for a clean broker.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Safety net against a mistyped KAFKA_DATA_DIR: only delete a folder that looks like ours.
# (Checked before stop.sh, which may create its lock file in the folder.)
if [[ -e "$KAFKA_DATA_DIR" ]]; then
  case "$KAFKA_DATA_DIR" in
    "" | "/" | "$HOME" | "$KAFKA_REPO_ROOT" | "$KAFKA_REPO_ROOT/.data" | "$KAFKA_SCRIPT_DIR")
      kafka_err "refusing to delete '$KAFKA_DATA_DIR'"
      exit 1 ;;
  esac
  if [[ ! -d "$KAFKA_DATA_DIR" ]]; then
    kafka_err "refusing to delete '$KAFKA_DATA_DIR': not a directory"
    exit 1
  fi
  if [[ -n "$(find "$KAFKA_DATA_DIR" -mindepth 1 -maxdepth 1 ! -name .ops.lock -print -quit 2>/dev/null)" \
        && ! -e "$KAFKA_SERVER_PROPS" && ! -e "$KAFKA_CLUSTER_ID_FILE" \
        && ! -e "$KAFKA_PID_FILE" && ! -d "$KAFKA_STORE_DIR" ]]; then
    kafka_err "refusing to delete '$KAFKA_DATA_DIR': it does not look like a Kafka data dir made by start.sh"
    exit 1
  fi
fi

"$KAFKA_SCRIPT_DIR/stop.sh"

if [[ ! -e "$KAFKA_DATA_DIR" ]]; then
  kafka_log "nothing to delete ($KAFKA_DATA_DIR does not exist)"
  exit 0
fi
rm -rf "$KAFKA_DATA_DIR"
kafka_log "deleted $KAFKA_DATA_DIR - the next start.sh formats a fresh cluster"
