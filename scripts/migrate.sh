#!/usr/bin/env bash
# Applies every service's migrations to its own database on POSTGRES_URL (created if missing).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
migrate_all
