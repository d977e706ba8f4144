#!/usr/bin/env bash
# Stop the local Kafka broker and delete its data dir (all topics, offsets, cluster id).
# The jar cache (deploy/kafka/.cache) is kept. Run start.sh afterwards for a clean broker.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$KAFKA_SCRIPT_DIR/stop.sh"

if [[ ! -e "$KAFKA_DATA_DIR" ]]; then
  kafka_log "nothing to delete ($KAFKA_DATA_DIR does not exist)"
  exit 0
fi

# Safety net against a mistyped KAFKA_DATA_DIR: only delete a folder that looks like ours.
case "$KAFKA_DATA_DIR" in
  "" | "/" | "$HOME" | "$KAFKA_REPO_ROOT" | "$KAFKA_REPO_ROOT/.data")
    kafka_err "refusing to delete '$KAFKA_DATA_DIR'"
    exit 1 ;;
esac
if [[ -n "$(ls -A "$KAFKA_DATA_DIR" 2>/dev/null)" \
      && ! -e "$KAFKA_DATA_DIR/server.properties" && ! -e "$KAFKA_DATA_DIR/cluster.id" \
      && ! -e "$KAFKA_DATA_DIR/.ops.lock" && ! -d "$KAFKA_DATA_DIR/kraft-combined-logs" ]]; then
  kafka_err "refusing to delete '$KAFKA_DATA_DIR': it does not look like a Kafka data dir made by start.sh"
  exit 1
fi

rm -rf "$KAFKA_DATA_DIR"
kafka_log "deleted $KAFKA_DATA_DIR"
