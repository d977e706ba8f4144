#!/usr/bin/env bash
# Runs the benchmarks (files named *.bench.ts) against the real local infrastructure and
# prints their figures. Optional argument: a substring of the benchmark file names to run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_node_modules
ensure_postgres
use_test_broker
ensure_kafka
say "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), node $(node -v)"
for f in $(git ls-files --cached --others --exclude-standard '*.bench.ts' | grep -- "${1:-}" | sort); do
  say "benchmark $f"
  node -r @swc-node/register "$f"
done
node -r @swc-node/register scripts/bench-ratios.ts
