#!/usr/bin/env bash
# Installs what is missing, starts the real infrastructure (Kafka broker, PostgreSQL),
# then runs lint, type checks, unit tests, the Prisma drift checks, the integration and end-to-end
# tests, the fault suite's short form and the portal's browser tests.
# The same command runs in CI (.ci/run, with CI=true).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
set -e
ensure_node_modules
ensure_postgres
# A fresh broker of the tests' own for every run (never the demo's), stopped at the end.
use_test_broker
bash "$ROOT/deploy/kafka/reset.sh" >/dev/null
# The fault suite's 3-broker cluster (test/faults, ports 19500-19505) is stopped by the suite
# itself; this trap stops it too when the run is interrupted.
stop_fault_cluster() {
  KAFKA_CLUSTER_PORT_BASE="${FAULTS_KAFKA_PORT_BASE:-19500}" KAFKA_CLUSTER_DIR="${FAULTS_CLUSTER_DIR:-$ROOT/.data/faults/cluster}" \
    bash "$ROOT/deploy/kafka/cluster.sh" stop >/dev/null 2>&1 || true
}
trap 'bash "$ROOT/deploy/kafka/stop.sh" >/dev/null 2>&1 || true; stop_fault_cluster' EXIT
ensure_kafka
prisma_generate_all
set +e

rm -rf "$ROOT/.data/test-results"
status=0
step() { say "$1"; shift; "$@" || { status=1; say "FAILED: $*"; }; }

# The module-boundary rule reads nx's project graph and skips itself without one: make it first.
step "lint" bash -c 'npx nx show projects >/dev/null && npx eslint . && npm run -s lint:cycles'
step "type check" npx tsc -p tsconfig.json
step "unit tests" npx nx run-many -t test --outputStyle=stream
step "Prisma schema/migration drift" npx nx run-many -t drift-check --outputStyle=stream
step "integration tests (real broker and database)" npx nx run-many -t int-test --outputStyle=stream --parallel=1
# Two end-to-end suites drive a browser too (the citizen's view, the status page): Chromium first.
step "end-to-end: every service as its own process" bash -c 'bash scripts/install-chromium.sh && npx nx run-many -t e2e --outputStyle=stream --parallel=1'
step "fault suite, short form (3 brokers, own PostgreSQL; test/faults)" env FAULTS_FRESH_CLUSTER=true npx nx run fault-suite:faults --outputStyle=stream
step "browser tests of the portal (Debian's Chromium)" bash -c 'bash scripts/install-chromium.sh && npx nx run-many -t e2e-browser --outputStyle=stream --parallel=1'

node scripts/test-summary.js || status=1
exit $status
