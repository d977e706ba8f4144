#!/usr/bin/env bash
# Starts the whole system locally: installs what is missing, starts the Kafka broker and
# PostgreSQL, applies migrations, starts every service and waits until each is ready.
# Ctrl-C stops the services and the broker; data stay in .data/ for the next start.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

LOG_DIR="$ROOT/.data/logs"; mkdir -p "$LOG_DIR"
# name:port of every service, in start order.
SERVICES=(supplier-simulators:3090 registration:3010 authorization:3020 audit-log:3030 supplier-reporting:3040 query-proxy:3000)
PIDS=()

stop_all() {
  trap "" PIPE # a closed terminal or pipe must not stop the clean-up half-way
  trap - INT TERM EXIT
  say "stopping services"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${KEEP_KAFKA:-false}" != "true" ]; then bash "$ROOT/deploy/kafka/stop.sh" || true; fi
  say "stopped; data kept in .data/"
}

ensure_node_modules
ensure_postgres
ensure_kafka
say "generating Prisma clients and applying migrations"
prisma_generate_all
migrate_all

trap stop_all INT TERM EXIT
for entry in "${SERVICES[@]}"; do
  name=${entry%%:*}; port=${entry##*:}
  db="$POSTGRES_URL/$(service_db "$name")"
  HTTP_PORT=$port DATABASE_URL="$db" OTEL_SERVICE_NAME="$name" \
    node -r @swc-node/register "services/$name/src/main.ts" >>"$LOG_DIR/$name.log" 2>&1 &
  PIDS+=($!)
done

for entry in "${SERVICES[@]}"; do
  name=${entry%%:*}; port=${entry##*:}
  ready=false
  for _ in $(seq 1 60); do
    if node -e "fetch('http://127.0.0.1:$port/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"; then ready=true; break; fi
    sleep 1
  done
  $ready || { tail -n 30 "$LOG_DIR/$name.log" >&2; die "$name did not become ready on port $port (log: .data/logs/$name.log)"; }
  say "$name ready on http://127.0.0.1:$port (health: /health/ready)"
done

cat <<TXT

  one-login Inkijk is running.
    gateway (query-proxy)   http://127.0.0.1:3000
    registration            http://127.0.0.1:3010
    authorization           http://127.0.0.1:3020
    audit-log               http://127.0.0.1:3030
    supplier-reporting      http://127.0.0.1:3040
    supplier simulators     http://127.0.0.1:3090
    Kafka broker            $KAFKA_BROKERS
    logs                    .data/logs/

  Press Ctrl-C to stop everything (data are kept).
TXT

if [ "${START_DETACH:-false}" = "true" ]; then trap - INT TERM EXIT; exit 0; fi
wait
