#!/usr/bin/env bash
# Starts the local demo afresh: deletes the demo broker's data (topics, credentials) and drops the
# services' local databases, so that the next `npm start` formats, provisions and loads the demo
# world anew. Needed once for a broker data dir made before the broker required authentication.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash "$ROOT/deploy/kafka/reset.sh"
for s in $(prisma_services); do
  db="$(service_db "$s")"
  psql "$POSTGRES_URL/postgres" -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" && say "dropped database $db"
done
say "reset; npm start begins a fresh demo"
