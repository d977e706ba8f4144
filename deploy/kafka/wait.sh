#!/usr/bin/env bash
# Wait until the local Kafka broker answers Kafka protocol requests.
# Usage: deploy/kafka/wait.sh [timeout_seconds]   (default 60)
# Probes KAFKA_BROKERS (default 127.0.0.1:$KAFKA_PORT) with deploy/kafka/ready.js (kafkajs admin).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

timeout="${1:-60}"
if ! [[ "$timeout" =~ ^[0-9]+$ ]] || (( timeout < 1 )); then
  kafka_err "usage: $(basename "$0") [timeout_seconds]  (positive integer, got '$timeout')"
  exit 2
fi
brokers="${KAFKA_BROKERS:-$KAFKA_HOST:$KAFKA_PORT}"

if ! command -v node >/dev/null 2>&1; then
  kafka_err "node is needed for the readiness probe (deploy/kafka/ready.js)"
  exit 1
fi

kafka_log "waiting up to ${timeout}s for the broker at $brokers ..."
set +e
tls_ca=""; [[ "$KAFKA_TLS" == "true" ]] && tls_ca="$KAFKA_TLS_DIR/ca.pem"
KAFKA_BROKERS="$brokers" KAFKA_READY_TIMEOUT="$timeout" KAFKA_CREDENTIALS_FILE="$KAFKA_CREDENTIALS_FILE" KAFKA_TLS_CA_FILE="$tls_ca" node "$KAFKA_SCRIPT_DIR/ready.js"
rc=$?
set -e
case "$rc" in
  0) exit 0 ;;
  2) kafka_err "the broker process exited before it became ready"; exit 2 ;;
  *) kafka_err "timed out after ${timeout}s: no Kafka broker answering at $brokers"; exit 1 ;;
esac
