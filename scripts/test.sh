#!/usr/bin/env bash
# Installs what is missing, starts the real infrastructure (Kafka broker, PostgreSQL),
# then runs lint, type checks, unit tests, the Prisma drift checks and the integration tests.
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
trap 'bash "$ROOT/deploy/kafka/stop.sh" >/dev/null 2>&1 || true' EXIT
ensure_kafka
prisma_generate_all
set +e

rm -rf "$ROOT/.data/test-results"
status=0
step() { say "$1"; shift; "$@" || { status=1; say "FAILED: $*"; }; }

step "lint" npx eslint .
step "type check" npx tsc -p tsconfig.json
step "unit tests" npx nx run-many -t test --outputStyle=stream
step "Prisma schema/migration drift" npx nx run-many -t drift-check --outputStyle=stream
step "integration tests (real broker and database)" npx nx run-many -t int-test --outputStyle=stream --parallel=1
step "end-to-end: every service as its own process" npx nx run-many -t e2e --outputStyle=stream --parallel=1
step "browser tests of the portal (Debian's Chromium)" bash -c 'bash scripts/install-chromium.sh && npx nx run-many -t e2e-browser --outputStyle=stream --parallel=1'

node scripts/test-summary.js || status=1
exit $status
