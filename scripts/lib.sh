# Shared helpers for the project's scripts. Source it; do not run it.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false} CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
export POSTGRES_URL="${POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"

say() { printf '\033[1m[inkijk]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[inkijk] %s\033[0m\n' "$*" >&2; exit 1; }

# Services that own a Prisma schema, and the name of each one's database.
prisma_services() { for d in "$ROOT"/services/*/prisma/schema.prisma; do [ -f "$d" ] && basename "$(dirname "$(dirname "$d")")"; done; }
service_db() { echo "inkijk_${1//-/_}"; }

# npm ci when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    say "installing dependencies (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
  fi
}

# The local PostgreSQL server; started through pg_ctlcluster when it is down and we may.
ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ] || [ "$POSTGRES_URL" != "postgresql://postgres@127.0.0.1:5432" ]; then
    return 0 # an explicitly configured server: reuse as is, checked by the harness
  fi
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    say "starting the local PostgreSQL server"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && return 0; sleep 1; done
  die "PostgreSQL does not answer at 127.0.0.1:5432. Start it, or set POSTGRES_URL / DATABASE_URL."
}

# Tests and benchmarks run on a broker of their own (own ports, own data dir, fresh every
# `npm test`), so they never share topics with the demo that `npm start` runs.
use_test_broker() {
  export KAFKA_PORT="${TEST_KAFKA_PORT:-19092}" KAFKA_CONTROLLER_PORT="${TEST_KAFKA_CONTROLLER_PORT:-19093}"
  export KAFKA_DATA_DIR="${TEST_KAFKA_DATA_DIR:-$ROOT/.data/test/kafka}"
  export KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
  export KAFKA_CREDENTIALS_FILE="$KAFKA_DATA_DIR/credentials.json"
}

# The password of a broker principal (deploy/kafka made them into the data dir's credentials.json).
kafka_password() {
  node -e 'const c=require(process.argv[1]); if(!c[process.argv[2]]) process.exit(1); process.stdout.write(c[process.argv[2]])' "${KAFKA_DATA_DIR:-$ROOT/.data/kafka}/credentials.json" "$1"
}

# The project's own broker when KAFKA_BROKERS is the local one (127.0.0.1:$KAFKA_PORT); any other
# broker is used as it is.
ensure_kafka() {
  if [ "$KAFKA_BROKERS" != "127.0.0.1:${KAFKA_PORT:-9092}" ]; then return 0; fi
  bash "$ROOT/deploy/kafka/start.sh"
}

prisma_generate_all() {
  for s in $(prisma_services); do
    node -r @swc-node/register "$ROOT/libs/prisma-tools/src/cli.ts" generate "$ROOT/services/$s" >/dev/null
  done
}

migrate_all() {
  for s in $(prisma_services); do
    DATABASE_URL="$POSTGRES_URL/$(service_db "$s")" node -r @swc-node/register "$ROOT/libs/prisma-tools/src/cli.ts" migrate-deploy "$ROOT/services/$s"
  done
}
