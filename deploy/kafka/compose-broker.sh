#!/usr/bin/env bash
# The docker-compose broker: runs in the apache/kafka:3.9.1 container (docker-compose.yml mounts
# deploy/kafka read-only at /opt/inkijk/kafka). Same broker as deploy/kafka/start.sh: the
# server.properties come from the same function (kafka_server_properties in lib.sh), so
# SASL/SCRAM-SHA-512 on every client connection, StandardAuthorizer with
# allow.everyone.if.no.acl.found=false, super user admin only, no auto-created topics.
#   1. write server.properties and admin.properties (the healthcheck's client settings) into the volume
#   2. first start: format the storage with every principal's SCRAM credentials (--add-scram)
#   3. run Kafka in the foreground (exec: it gets docker's SIGTERM directly)
# Topics and ACLs are made afterwards by the one-shot service kafka-provision (deploy/kafka/provision.ts).
#
# Environment (docker-compose.yml):
#   KAFKA_SCRAM_CREDENTIALS  "principal=password principal=password ..." for every principal of the
#                            contracts, from the host: eval "$(bash deploy/kafka/compose-env.sh)"
#   KAFKA_DATA_DIR, KAFKA_LIBS_DIR (/opt/kafka/libs), KAFKA_PORT, KAFKA_CONTROLLER_PORT,
#   KAFKA_LISTEN_HOST, KAFKA_ADVERTISED_HOST, KAFKA_NODE_ID, KAFKA_REPLICATION_FACTOR,
#   KAFKA_MIN_INSYNC_REPLICAS: as in lib.sh
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

declare -A KAFKA_CREDENTIALS=()
set -f # passwords are split on blanks, never globbed
entry=0
for pair in ${KAFKA_SCRAM_CREDENTIALS:-}; do
  entry=$((entry + 1)) name="${pair%%=*}" pw="${pair#*=}"
  if ! [[ "$pair" == *=* && "$name" =~ ^[a-z][a-z0-9-]{1,62}$ && "$pw" =~ ^[A-Za-z0-9_-]{16,}$ ]]; then
    kafka_err "KAFKA_SCRAM_CREDENTIALS: entry $entry is not principal=password (password: 16+ characters of base64url)"
    exit 1
  fi
  KAFKA_CREDENTIALS[$name]="$pw"
done
set +f
if [[ -z "${KAFKA_CREDENTIALS[admin]:-}" ]]; then
  kafka_err "KAFKA_SCRAM_CREDENTIALS has no password for the operator (admin): on the host, eval \"\$(bash deploy/kafka/compose-env.sh)\""
  exit 1
fi

JAVA="$(kafka_java)"
LOG_OPTS=("-Dlog4j.configuration=file:$KAFKA_SCRIPT_DIR/log4j.properties" "-Dkafka.logs.dir=$KAFKA_LOG_DIR")
mkdir -p "$KAFKA_LOG_DIR" "$KAFKA_STORE_DIR"
( umask 077; kafka_server_properties "${KAFKA_CREDENTIALS[admin]}" deploy/kafka/compose-broker.sh >"$KAFKA_SERVER_PROPS" )
( umask 077; kafka_admin_properties "${KAFKA_CREDENTIALS[admin]}" >"$KAFKA_ADMIN_PROPS" )

if [[ ! -f "$KAFKA_STORE_DIR/meta.properties" ]]; then
  cluster_id="${KAFKA_CLUSTER_ID:-$("$JAVA" "${LOG_OPTS[@]}" -cp "$KAFKA_LIBS_DIR/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1 | tr -d '[:space:]')}"
  kafka_scram_format_args
  kafka_log "formatting $KAFKA_STORE_DIR (cluster id $cluster_id) with the SCRAM credentials of ${#KAFKA_CREDENTIALS[@]} principals"
  "$JAVA" "${LOG_OPTS[@]}" -cp "$KAFKA_LIBS_DIR/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_SERVER_PROPS" "${KAFKA_SCRAM_ARGS[@]}"
  printf '%s\n' "${!KAFKA_CREDENTIALS[@]}" >"$KAFKA_SCRAM_LIST"
else
  # Credentials enter the metadata at format time only. A principal added to the contracts since
  # (a new case system or supplier) cannot log in until the operator adds it or the volume is renewed.
  mapfile -t missing < <(kafka_principals_without_scram)
  if (( ${#missing[@]} > 0 )); then
    kafka_log "WARNING: no SCRAM credentials in the broker for: ${missing[*]} (added to the contracts after the volume was formatted)."
    kafka_log "  add each once: docker compose exec kafka /opt/kafka/bin/kafka-configs.sh --bootstrap-server localhost:$KAFKA_PORT --command-config $KAFKA_ADMIN_PROPS --alter --entity-type users --entity-name NAME --add-config 'SCRAM-SHA-512=[iterations=4096,password=...]'"
    kafka_log "  or start afresh: docker compose down -v"
  fi
fi

kafka_broker_command "$JAVA"
kafka_log "starting Kafka on $KAFKA_LISTEN_HOST:$KAFKA_PORT (advertised $KAFKA_ADVERTISED_HOST:$KAFKA_PORT), SASL/SCRAM-SHA-512, StandardAuthorizer"
exec "${KAFKA_BROKER_CMD[@]}"
