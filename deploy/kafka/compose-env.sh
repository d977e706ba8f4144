#!/usr/bin/env bash
# Prints, as export lines, the broker credentials docker-compose.yml takes from the environment:
#   eval "$(bash deploy/kafka/compose-env.sh)" && docker compose up --build
# One random password per principal of the contracts, made once by deploy/kafka/credentials.ts
# into .data/compose/credentials.json (mode 600, git-ignored, never committed) and kept: the
# broker's volume is formatted with them on its first start.
#   KAFKA_PASSWORD_<PRINCIPAL>  one per principal (KAFKA_PASSWORD_QUERY_PROXY, KAFKA_PASSWORD_ADMIN, ...):
#                               each service gets only its own, the provisioning only the operator's
#   KAFKA_SCRAM_CREDENTIALS     "principal=password ..." of all of them, for the broker alone
# KAFKA_COMPOSE_DIR: where credentials.json is kept (default <repo>/.data/compose).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
dir="${KAFKA_COMPOSE_DIR:-$root/.data/compose}"
if ! out="$(cd "$root" && node -r @swc-node/register deploy/kafka/credentials.ts "$dir")"; then
  echo "[kafka] ERROR: could not make the broker credentials (are node_modules installed? npm ci)" >&2
  exit 1
fi
scram=""
while read -r name pw; do
  [[ -n "$name" ]] || continue
  var="KAFKA_PASSWORD_$(tr 'a-z-' 'A-Z_' <<<"$name")"
  printf 'export %s=%q\n' "$var" "$pw"
  scram+="${scram:+ }$name=$pw"
done <<<"$out"
printf 'export KAFKA_SCRAM_CREDENTIALS=%q\n' "$scram"
echo "[kafka] broker credentials of $(wc -l <<<"$out") principals from $dir/credentials.json" >&2
