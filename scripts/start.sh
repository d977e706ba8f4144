#!/usr/bin/env bash
# Starts the whole system locally: installs what is missing, starts the Kafka broker and
# PostgreSQL, applies migrations, starts every service and waits until each is ready.
# Ctrl-C stops the services and the broker; data stay in .data/ for the next start.
# The trace UI (Zipkin, deploy/zipkin) starts too and gets every service's spans; TRACE_UI=off leaves it out.
# Prometheus (deploy/prometheus, Debian's package) scrapes every service with the alert rules; PROMETHEUS=off leaves it out.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

LOG_DIR="$ROOT/.data/logs"; mkdir -p "$LOG_DIR"
# Every service's port, declared once in contracts/src/services.ts (SERVICE_PORTS).
declare -A PORT
while read -r name port; do PORT[$name]=$port; done < <(node -r @swc-node/register -e \
  'for (const [name, port] of Object.entries(require("./contracts/src/services.ts").SERVICE_PORTS)) console.log(name, port)')
# Every service, in start order.
START_ORDER=(supplier-simulators registration authorization audit-log supplier-reporting query-proxy operations)
if [ -f "$ROOT/services/portal/src/main.ts" ]; then START_ORDER+=(portal); fi
# The citizen's side (ADR 0025): the DigiD simulator, the citizen portal and the berichtenbox simulator.
START_ORDER+=(digid-simulator citizen-portal berichtenbox-simulator)
# name:port of every service, in start order.
SERVICES=()
for name in "${START_ORDER[@]}"; do
  [ -n "${PORT[$name]:-}" ] || die "no port for $name in contracts/src/services.ts"
  SERVICES+=("$name:${PORT[$name]}")
done
PIDS=()

stop_all() {
  trap "" PIPE # a closed terminal or pipe must not stop the clean-up half-way
  trap - INT TERM EXIT
  say "stopping services"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  # Only a broker this start started itself (never one that ran before, nor the tests' own).
  if [ "$STARTED_KAFKA" = "true" ] && [ "${KEEP_KAFKA:-false}" != "true" ]; then bash "$ROOT/deploy/kafka/stop.sh" || true; fi
  if [ "$STARTED_ZIPKIN" = "true" ]; then bash "$ROOT/deploy/zipkin/zipkin.sh" stop || true; fi
  if [ "$STARTED_PROMETHEUS" = "true" ]; then bash "$ROOT/deploy/prometheus/prometheus.sh" stop || true; fi
  say "stopped; data kept in .data/"
}

ensure_node_modules
ensure_postgres
STARTED_KAFKA=false
STARTED_ZIPKIN=false
TRACE_UI_LINE="off (TRACE_UI=off)"
STARTED_PROMETHEUS=false
PROMETHEUS_LINE="off (PROMETHEUS=off)"
if [ "$KAFKA_BROKERS" = "127.0.0.1:${KAFKA_PORT:-9092}" ] && ! bash "$ROOT/deploy/kafka/status.sh" >/dev/null 2>&1; then STARTED_KAFKA=true; fi
ensure_kafka
say "generating Prisma clients and applying migrations"
prisma_generate_all
migrate_all
# Local keys (generated once into .data/keys, never committed).
eval "$(node -r @swc-node/register scripts/dev-keys.ts)"

# The environment each service gets: only the secrets it needs (least privilege).
service_env() {
  case "$1" in
    registration) echo "AUTH_SIGNING_KEY LOGIN_SECRET_KEY SUBJECT_PSEUDONYM_KEY" ;;
    authorization) echo "AUTH_JWKS SUBJECT_PSEUDONYM_KEY BSN_TRANSPORT_KEY" ;;
    query-proxy) echo "AUTH_JWKS SUBJECT_PSEUDONYM_KEY AUDIT_SEAL_KEY BSN_TRANSPORT_KEY" ;;
    audit-log) echo "AUTH_JWKS SUBJECT_PSEUDONYM_KEY AUDIT_SEAL_KEY AUDIT_CHECKPOINT_KEY CITIZEN_JWKS" ;;
    citizen-portal) echo "SUBJECT_PSEUDONYM_KEY CITIZEN_SESSION_KEY" ;;
    digid-simulator|berichtenbox-simulator) echo "" ;;
    *) echo "AUTH_JWKS" ;;
  esac
}
SECRETS="AUTH_SIGNING_KEY AUTH_JWKS SUBJECT_PSEUDONYM_KEY AUDIT_SEAL_KEY AUDIT_CHECKPOINT_KEY BSN_TRANSPORT_KEY LOGIN_SECRET_KEY CITIZEN_SESSION_KEY CITIZEN_JWKS"

trap stop_all INT TERM EXIT
# The trace UI: every service exports its spans to Zipkin, the portal links audit records to it.
if [ "${TRACE_UI:-on}" != "off" ]; then
  if ! bash "$ROOT/deploy/zipkin/zipkin.sh" status >/dev/null 2>&1; then STARTED_ZIPKIN=true; fi
  if bash "$ROOT/deploy/zipkin/zipkin.sh" start; then
    TRACE_UI_URL="$(bash "$ROOT/deploy/zipkin/zipkin.sh" url)"
    export TRACE_UI_URL ZIPKIN_ENDPOINT="$TRACE_UI_URL/api/v2/spans"
    TRACE_UI_LINE="$TRACE_UI_URL/zipkin/ (Zipkin; a trace: /zipkin/traces/<trace id>)"
  else
    STARTED_ZIPKIN=false
    TRACE_UI_LINE="did not start (see above); the services run without it"
    say "the trace UI (Zipkin) did not start; going on without it (TRACE_UI=off skips it)"
  fi
fi
for entry in "${SERVICES[@]}"; do
  name=${entry%%:*}; port=${entry##*:}
  db="$POSTGRES_URL/$(service_db "$name")"
  # The audit log runs as its own least-privilege role (created by its migrations).
  if [ "$name" = "audit-log" ]; then db="$(echo "$POSTGRES_URL" | sed 's#//postgres@#//inkijk_audit_writer@#')/$(service_db "$name")"; fi
  unset_others=()
  for k in $SECRETS; do [[ " $(service_env "$name") " == *" $k "* ]] || unset_others+=(-u "$k"); done
  # Each service that uses Kafka connects as its own principal (deploy/kafka/credentials.ts).
  # (the berichtenbox simulator as the outside party it stands in for: the berichtenbox principal).
  principal=$name; [ "$name" = "berichtenbox-simulator" ] && principal=berichtenbox
  kafka_auth=(-u KAFKA_USERNAME -u KAFKA_PASSWORD)
  if pw="$(kafka_password "$principal" 2>/dev/null)"; then kafka_auth=(KAFKA_USERNAME="$principal" KAFKA_PASSWORD="$pw"); fi
  env "${unset_others[@]}" "${kafka_auth[@]}" HTTP_PORT=$port DATABASE_URL="$db" OTEL_SERVICE_NAME="$name" \
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

# Prometheus, installed from Debian's packages where missing; the services run without it if it cannot start.
if [ "${PROMETHEUS:-on}" != "off" ]; then
  if ! bash "$ROOT/deploy/prometheus/prometheus.sh" status >/dev/null 2>&1; then STARTED_PROMETHEUS=true; fi
  if bash "$ROOT/scripts/install-prometheus.sh" && bash "$ROOT/deploy/prometheus/prometheus.sh" start; then
    PROMETHEUS_LINE="$(bash "$ROOT/deploy/prometheus/prometheus.sh" url) (alerts: /alerts, scrapes: /targets)"
  else
    STARTED_PROMETHEUS=false
    PROMETHEUS_LINE="did not start (see above); the services run without it"
    say "Prometheus did not start; going on without it (PROMETHEUS=off skips it)"
  fi
fi

say "loading demo data (idempotent)"
REGISTRATION_URL=http://127.0.0.1:${PORT[registration]} node -r @swc-node/register services/registration/src/demo/seed.ts

cat <<TXT

  one-login Inkijk is running.
    portal (start here)     http://127.0.0.1:${PORT[portal]}
    gateway (query-proxy)   http://127.0.0.1:${PORT[query-proxy]}
    registration            http://127.0.0.1:${PORT[registration]}
    authorization           http://127.0.0.1:${PORT[authorization]}
    audit-log               http://127.0.0.1:${PORT[audit-log]}
    supplier-reporting      http://127.0.0.1:${PORT[supplier-reporting]}
    operations              http://127.0.0.1:${PORT[operations]} (dead letters, status: the security officer; the portal's /status)
    supplier simulators     http://127.0.0.1:${PORT[supplier-simulators]}
    citizen portal          http://127.0.0.1:${PORT[citizen-portal]} ("Wie bekeek mijn gegevens", log in with a test BSN)
    DigiD simulator         http://127.0.0.1:${PORT[digid-simulator]} (test citizens: 999990019, 111222333, 123456782)
    berichtenbox simulator  http://127.0.0.1:${PORT[berichtenbox-simulator]}/berichten (citizens' notifications, by pseudonym)
    Kafka broker            $KAFKA_BROKERS
    trace UI                $TRACE_UI_LINE
    logs                    .data/logs/
    metrics (Prometheus)    GET /metrics on every port, bearer METRICS_TOKEN from .data/keys/keys.json
    Prometheus              $PROMETHEUS_LINE

  Demo logins for the portal (password for all: inkijk-demo-2026):
    medewerker.haarlem        worker in Haarlem (Haarlem-Zandvoort), all products, escape right
    klantmanager.haarlem      worker in Haarlem, BRP only, no escape right
    medewerker.sittard        worker in Sittard-Geleen (Westelijke Mijnstreek)
    beheer.haarlem            user administrator of Haarlem
    security.officer          security officer
    gemandateerde.zandvoort   mandated person of Zandvoort (reports, audit log)

  The security officer, the user administrators and the mandated persons also need the code of
  their second factor (TOTP): npm run totp -- <username> prints it (or add the published secret,
  npm run totp, to any authenticator app). Workers may set one up on /tweede-factor.

  Press Ctrl-C to stop everything (data are kept).
TXT

if [ "${START_DETACH:-false}" = "true" ]; then trap - INT TERM EXIT; exit 0; fi
wait
