#!/usr/bin/env bash
# Replicated mode: a 3-node KRaft cluster on this machine, with one command.
#   bash deploy/kafka/cluster.sh start  [N]   start all nodes (or node N), provision once, print the bootstrap list
#   bash deploy/kafka/cluster.sh stop   [N]   stop all nodes together, 10 s each at most (or node N)
#   bash deploy/kafka/cluster.sh status       every node (exit 0 all running, 3 none, 1 some)
#   bash deploy/kafka/cluster.sh reset        stop + delete the cluster's data (nodes, credentials, cluster id)
#
# Every node is start.sh with its own environment (node id, ports, data dir) plus what the nodes
# share: one cluster id (KAFKA_CLUSTER_ID), one credentials.json (copied into every node's data
# dir), the quorum of all three (KAFKA_QUORUM_VOTERS), replication factor 3 and
# min.insync.replicas 2. Same authentication and ACLs as the single node.
# The nodes start in parallel (a lone node cannot become ready: the KRaft quorum needs 2 of 3)
# without provisioning; once all three brokers are registered, start.sh provisions the topics
# and ACLs once, through node 1, with KAFKA_REPLICATION_FACTOR=3 KAFKA_MIN_INSYNC_REPLICAS=2.
#
# Environment (all optional):
#   KAFKA_CLUSTER_DIR        data of the cluster (default <repo>/.data/cluster; nodes in node-1..3)
#   KAFKA_CLUSTER_PORT_BASE  first port (default 29192): clients on BASE..BASE+2,
#                            controllers on BASE+3..BASE+5; must lie below the kernel's ephemeral
#                            range (net.ipv4.ip_local_port_range, 32768-60999 on Linux)
#   KAFKA_HEAP_OPTS, KAFKA_OPTS, KAFKA_TLS, KAFKA_START_TIMEOUT, KAFKA_STOP_TIMEOUT: as for start.sh
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd -P)"
CLUSTER_DIR="${KAFKA_CLUSTER_DIR:-$REPO_ROOT/.data/cluster}"
case "$CLUSTER_DIR" in /*) ;; *) CLUSTER_DIR="$PWD/$CLUSTER_DIR" ;; esac
CLUSTER_DIR="${CLUSTER_DIR%/}"
BASE="${KAFKA_CLUSTER_PORT_BASE:-29192}"
NODES=(1 2 3)
REPLICATION_FACTOR=3
MIN_INSYNC_REPLICAS=2
TLS="${KAFKA_TLS:-false}"

log() { echo "[kafka cluster] $*"; }
err() { echo "[kafka cluster] ERROR: $*" >&2; }

if ! [[ "$BASE" =~ ^[0-9]+$ ]] || (( BASE < 1024 || BASE + 5 > 65535 )); then
  err "KAFKA_CLUSTER_PORT_BASE must be a port number between 1024 and 65530, got '$BASE'"
  exit 2
fi
# A listener port inside the ephemeral range can be taken by an outgoing connection: node 2
# connecting to node 1's controller port from local port BASE made node 1's broker fail to bind
# ("Address already in use") when 39092-39097 were tried.
read -r eph_lo eph_hi </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || { eph_lo=32768; eph_hi=60999; }
if (( BASE + 5 >= eph_lo && BASE <= eph_hi )); then
  err "ports $BASE-$((BASE + 5)) overlap the ephemeral port range $eph_lo-$eph_hi (outgoing connections may take them); choose KAFKA_CLUSTER_PORT_BASE below $((eph_lo - 5))"
  exit 2
fi
case "$CLUSTER_DIR" in
  "" | "/" | "${HOME:-/}" | "$REPO_ROOT" | "$REPO_ROOT/.data" | "$REPO_ROOT/.data/kafka" | "$REPO_ROOT/.data/test"*)
    err "refusing KAFKA_CLUSTER_DIR='$CLUSTER_DIR' (the single broker's or the tests' data)"; exit 2 ;;
esac

client_port() { echo $((BASE + $1 - 1)); }
controller_port() { echo $((BASE + ${#NODES[@]} + $1 - 1)); }
node_dir() { echo "$CLUSTER_DIR/node-$1"; }
VOTERS="" BROKERS=""
for n in "${NODES[@]}"; do
  VOTERS+="${VOTERS:+,}$n@127.0.0.1:$(controller_port "$n")"
  BROKERS+="${BROKERS:+,}127.0.0.1:$(client_port "$n")"
done
CREDENTIALS="$CLUSTER_DIR/credentials.json" # the shared file; every node's data dir holds a copy
CLUSTER_ID_FILE="$CLUSTER_DIR/cluster.id"

# Run a deploy/kafka script as node $1 (the caller's own KAFKA_* settings of a single broker,
# e.g. exported by scripts/lib.sh, must not leak into a node).
as_node() {
  local n="$1"; shift
  env -u KAFKA_BROKERS -u KAFKA_CREDENTIALS_FILE -u KAFKA_WAIT_PID -u KAFKA_READY_MIN_BROKERS \
    -u KAFKA_ADMIN_PASSWORD -u KAFKA_LISTEN_HOST -u KAFKA_ADVERTISED_HOST -u KAFKA_PROVISION \
    KAFKA_NODE_ID="$n" KAFKA_PORT="$(client_port "$n")" KAFKA_CONTROLLER_PORT="$(controller_port "$n")" \
    KAFKA_DATA_DIR="$(node_dir "$n")" KAFKA_QUORUM_VOTERS="$VOTERS" \
    KAFKA_CLUSTER_ID="$(cat "$CLUSTER_ID_FILE" 2>/dev/null || true)" KAFKA_TLS="$TLS" \
    KAFKA_REPLICATION_FACTOR="$REPLICATION_FACTOR" KAFKA_MIN_INSYNC_REPLICAS="$MIN_INSYNC_REPLICAS" \
    "$@"
}

# Run $2... as node $1 with its output prefixed by the node's name.
prefixed() {
  local n="$1"; shift
  as_node "$n" "$@" 2>&1 | sed -u "s/^\[kafka\]/[kafka node-$n]/"
}

pick_nodes() { # [N] -> the nodes an action applies to
  if [[ -z "${1:-}" ]]; then echo "${NODES[@]}"; return 0; fi
  if ! [[ " ${NODES[*]} " == *" $1 "* ]]; then err "no node '$1' (nodes: ${NODES[*]})"; exit 2; fi
  echo "$1"
}

# The shared cluster id, credentials and (KAFKA_TLS=true) CA and certificate, copied to every node.
prepare() {
  mkdir -p "$CLUSTER_DIR"
  if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
    # A Kafka cluster id is a random UUID in unpadded base64url (what StorageTool random-uuid
    # prints); Kafka never makes one that starts with '-'.
    node -e 'let id; do { id = require("crypto").randomBytes(16).toString("base64url"); } while (id.startsWith("-")); console.log(id)' >"$CLUSTER_ID_FILE"
    log "new cluster id $(cat "$CLUSTER_ID_FILE")"
  fi
  if ! (cd "$REPO_ROOT" && node -r @swc-node/register "$SCRIPT_DIR/credentials.ts" "$CLUSTER_DIR" >/dev/null); then
    err "could not make the broker credentials (are node_modules installed? npm ci)"
    exit 1
  fi
  if [[ "$TLS" == "true" ]]; then KAFKA_DATA_DIR="$CLUSTER_DIR" bash "$SCRIPT_DIR/tls.sh"; fi
  local n dir
  for n in "${NODES[@]}"; do
    dir="$(node_dir "$n")"
    mkdir -p "$dir"
    install -m 600 "$CREDENTIALS" "$dir/credentials.json"
    if [[ "$TLS" == "true" ]]; then
      rm -rf "$dir/tls"
      cp -a "$CLUSTER_DIR/tls" "$dir/tls"
    fi
  done
}

rss_mib() { awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

summary() {
  local n pid
  for n in "${NODES[@]}"; do
    pid="$(tr -dc '0-9' <"$(node_dir "$n")/kafka.pid" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      log "node $n: pid $pid, RSS $(rss_mib "$pid") MiB, client 127.0.0.1:$(client_port "$n"), controller 127.0.0.1:$(controller_port "$n"), data $(node_dir "$n")"
    else
      log "node $n: not running"
    fi
  done
  log "KAFKA_BROKERS=$BROKERS"
  log "credentials (one password per principal, mode 600): $CREDENTIALS$([[ "$TLS" == "true" ]] && echo "; CA: $CLUSTER_DIR/tls/ca.pem")"
}

cmd_start() {
  local nodes started=$SECONDS n i rc=0 failed=() pids=()
  read -r -a nodes <<<"$(pick_nodes "${1:-}")"
  if ! command -v node >/dev/null 2>&1; then err "node is needed (credentials, readiness, provisioning)"; exit 1; fi
  prepare
  log "starting node(s) ${nodes[*]} of cluster $(cat "$CLUSTER_ID_FILE") (quorum $VOTERS) ..."
  for n in "${nodes[@]}"; do
    prefixed "$n" env KAFKA_PROVISION=false bash "$SCRIPT_DIR/start.sh" &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { rc=1; failed+=("${nodes[$i]}"); }
  done
  if (( rc != 0 )); then
    err "node(s) ${failed[*]} did not start (see above); the others keep running: bash $0 stop"
    exit 1
  fi
  if [[ -n "${1:-}" ]]; then # one node (re)joining a running cluster: already provisioned
    log "node $1 started in $((SECONDS - started))s"
    summary
    return 0
  fi
  # Topic creation with replication factor 3 needs all three brokers registered and unfenced.
  if ! env -u KAFKA_CREDENTIALS_FILE KAFKA_DATA_DIR="$CLUSTER_DIR" KAFKA_TLS="$TLS" KAFKA_BROKERS="$BROKERS" \
      KAFKA_READY_MIN_BROKERS="${#NODES[@]}" bash "$SCRIPT_DIR/wait.sh" "${KAFKA_START_TIMEOUT:-60}" | sed -u 's/^\[kafka\]/[kafka cluster]/'; then
    err "not all ${#NODES[@]} brokers registered; see the nodes' logs in $CLUSTER_DIR/node-*/logs/server.log"
    exit 1
  fi
  # Provisioning once, through node 1 (start.sh of a running node: missing SCRAM users, topics, ACLs).
  if ! prefixed 1 bash "$SCRIPT_DIR/start.sh"; then
    err "provisioning failed"
    exit 1
  fi
  log "cluster ready in $((SECONDS - started))s: ${#NODES[@]} brokers, replication factor $REPLICATION_FACTOR, min.insync.replicas $MIN_INSYNC_REPLICAS"
  summary
}

cmd_stop() {
  local nodes n rc=0 pids=() timeout="${KAFKA_STOP_TIMEOUT:-30}"
  read -r -a nodes <<<"$(pick_nodes "${1:-}")"
  # A broker's controlled shutdown needs the controller quorum (2 of 3) to approve it, and the
  # last node of a cluster that is stopping usually still leads partitions nobody can take over:
  # once the other two have exited it waits for a quorum that is gone (Kafka gives up after
  # 5 minutes). So all nodes get SIGTERM together, and a whole-cluster stop gives each 10 s
  # before stop.sh sends SIGKILL (the killed node recovers its logs at the next start).
  [[ -z "${1:-}" ]] && timeout="${KAFKA_STOP_TIMEOUT:-10}"
  for n in "${nodes[@]}"; do
    prefixed "$n" env KAFKA_STOP_TIMEOUT="$timeout" bash "$SCRIPT_DIR/stop.sh" &
    pids+=($!)
  done
  for n in "${pids[@]}"; do wait "$n" || rc=1; done
  return "$rc"
}

cmd_status() {
  local n running=0 rc
  for n in "${NODES[@]}"; do
    set +e
    prefixed "$n" bash "$SCRIPT_DIR/status.sh"
    rc=$?
    set -e
    (( rc == 0 )) && running=$((running + 1))
  done
  log "$running of ${#NODES[@]} nodes running; KAFKA_BROKERS=$BROKERS"
  log "credentials: $CREDENTIALS$([[ -f "$CREDENTIALS" ]] || echo ' (not made yet)')"
  if (( running == ${#NODES[@]} )); then return 0; elif (( running == 0 )); then return 3; else return 1; fi
}

cmd_reset() {
  local n
  cmd_stop
  for n in "${NODES[@]}"; do prefixed "$n" bash "$SCRIPT_DIR/reset.sh"; done
  rm -rf "$CREDENTIALS" "$CLUSTER_ID_FILE" "$CLUSTER_DIR/tls"
  rmdir "$CLUSTER_DIR" 2>/dev/null || true
  log "deleted the cluster's data in $CLUSTER_DIR - the next start formats a fresh cluster"
}

case "${1:-}" in
  start) cmd_start "${2:-}" ;;
  stop) cmd_stop "${2:-}" ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  *) echo "usage: $(basename "$0") start [N] | stop [N] | status | reset" >&2; exit 2 ;;
esac
