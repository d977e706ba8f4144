#!/usr/bin/env bash
# Generates the Prisma client of every service that owns a schema.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
prisma_generate_all
