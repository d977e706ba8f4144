#!/usr/bin/env bash
# Start the local single-node Apache Kafka broker (KRaft: broker + controller in one JVM).
#   1. resolve the broker jars with Maven (first run only; cached in deploy/kafka/.cache/libs)
#   2. format the storage with kafka.tools.StorageTool (first run only)
#   3. start `java kafka.Kafka server.properties` in the background (nohup, pid in the data dir)
#   4. wait until the broker answers Kafka protocol requests (wait.sh)
# Starting when it already runs is harmless. See README.md for the environment variables.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"

resolve_jars() {
  local want="kafka_${KAFKA_SCALA_VERSION}-${KAFKA_VERSION}"
  if [[ -f "$KAFKA_LIBS_MARKER" && "$(cat "$KAFKA_LIBS_MARKER")" == "$want" \
        && -f "$KAFKA_LIBS_DIR/$want.jar" ]]; then
    kafka_log "jars for $want already cached in $KAFKA_LIBS_DIR ($(find "$KAFKA_LIBS_DIR" -maxdepth 1 -name '*.jar' | wc -l) jars)"
    return 0
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    kafka_err "Maven (mvn) is needed once to resolve org.apache.kafka:kafka_${KAFKA_SCALA_VERSION}:${KAFKA_VERSION} (apt-get install maven)"
    exit 1
  fi
  local tmp="$KAFKA_LIBS_DIR.tmp.$$" mvn_log="$KAFKA_LIBS_DIR.mvn.log"
  mkdir -p "$(dirname "$KAFKA_LIBS_DIR")"
  rm -rf "$tmp"
  kafka_log "resolving org.apache.kafka:kafka_${KAFKA_SCALA_VERSION}:${KAFKA_VERSION} from Maven Central into $KAFKA_LIBS_DIR ..."
  if ! mvn -q -B -Dstyle.color=never -f "$KAFKA_SCRIPT_DIR/pom.xml" \
        "-Dkafka.version=$KAFKA_VERSION" "-Dscala.binary.version=$KAFKA_SCALA_VERSION" \
        "-Dkafka.libs.dir=$tmp" dependency:copy-dependencies >"$mvn_log" 2>&1; then
    kafka_err "Maven could not resolve Kafka $KAFKA_VERSION (full output: $mvn_log):"
    tail -n 30 "$mvn_log" >&2
    rm -rf "$tmp"
    exit 1
  fi
  if [[ ! -f "$tmp/$want.jar" ]]; then
    kafka_err "Maven finished but $want.jar is missing in $tmp"
    exit 1
  fi
  rm -rf "$KAFKA_LIBS_DIR"
  mv "$tmp" "$KAFKA_LIBS_DIR"
  echo "$want" >"$KAFKA_LIBS_MARKER"
  rm -f "$mvn_log"
  kafka_log "resolved $(find "$KAFKA_LIBS_DIR" -maxdepth 1 -name '*.jar' | wc -l) jars"
}

write_server_properties() {
  mkdir -p "$KAFKA_LOG_DIR" "$KAFKA_STORE_DIR"
  local admin_pw="${KAFKA_CREDENTIALS[admin]}"
  ( umask 077; kafka_server_properties "$admin_pw" >"$KAFKA_SERVER_PROPS" )
  ( umask 077; kafka_admin_properties "$admin_pw" >"$KAFKA_ADMIN_PROPS" )
}

# The credentials of every principal of the contracts (generated once into the data dir).
declare -A KAFKA_CREDENTIALS=()
load_credentials() {
  local out name pw
  if ! out="$(cd "$KAFKA_REPO_ROOT" && node -r @swc-node/register "$KAFKA_SCRIPT_DIR/credentials.ts" "$KAFKA_DATA_DIR")"; then
    kafka_err "could not make the broker credentials (are node_modules installed? npm ci)"
    exit 1
  fi
  while read -r name pw; do KAFKA_CREDENTIALS[$name]="$pw"; done <<<"$out"
}

# SCRAM credentials of principals the broker does not know yet (added to the contracts after the
# storage was formatted): added as the operator with Kafka's own ConfigCommand.
add_missing_scram_users() {
  local java="$1" name added=0
  for name in $(kafka_principals_without_scram); do
    if ! "$java" "${LOG_OPTS[@]}" -cp "$KAFKA_LIBS_DIR/*" kafka.admin.ConfigCommand --bootstrap-server "$KAFKA_HOST:$KAFKA_PORT" \
        --command-config "$KAFKA_ADMIN_PROPS" --alter --entity-type users --entity-name "$name" \
        --add-config "SCRAM-SHA-512=[iterations=4096,password=${KAFKA_CREDENTIALS[$name]}]" >/dev/null 2>"$KAFKA_DATA_DIR/scram.err"; then
      kafka_err "could not add the SCRAM credentials of $name: $(tail -n 3 "$KAFKA_DATA_DIR/scram.err")"
      exit 1
    fi
    echo "$name" >>"$KAFKA_SCRAM_LIST"; added=$((added + 1))
  done
  (( added == 0 )) || kafka_log "added SCRAM credentials of $added principal(s)"
}

# Topics and ACLs from the contracts, as the operator (deploy/kafka/provision.ts).
provision() {
  if ! (cd "$KAFKA_REPO_ROOT" && KAFKA_BROKERS="$KAFKA_HOST:$KAFKA_PORT" KAFKA_DATA_DIR="$KAFKA_DATA_DIR" KAFKA_TLS="$KAFKA_TLS" \
        KAFKA_REPLICATION_FACTOR="$KAFKA_REPLICATION_FACTOR" KAFKA_MIN_INSYNC_REPLICAS="$KAFKA_MIN_INSYNC_REPLICAS" \
        node -r @swc-node/register "$KAFKA_SCRIPT_DIR/provision.ts"); then
    kafka_err "provisioning (topics and ACLs) failed"
    exit 1
  fi
}

format_storage() {
  local java="$1" cluster_id=""
  if [[ -f "$KAFKA_STORE_DIR/meta.properties" ]]; then
    if [[ ! -f "$KAFKA_SCRAM_LIST" ]]; then
      kafka_err "$KAFKA_DATA_DIR was formatted before the broker required authentication (no credentials in its metadata)."
      kafka_err "Start afresh: bash scripts/reset-local.sh (deletes the broker data and the services' local databases)."
      exit 1
    fi
    if [[ -n "$KAFKA_CLUSTER_ID" ]]; then # a node of cluster.sh: it must belong to that cluster
      local formatted_id
      formatted_id="$(sed -n 's/^cluster\.id=//p' "$KAFKA_STORE_DIR/meta.properties" 2>/dev/null || true)"
      if [[ "$formatted_id" != "$KAFKA_CLUSTER_ID" ]]; then
        kafka_err "$KAFKA_DATA_DIR was formatted for cluster '$formatted_id', not KAFKA_CLUSTER_ID=$KAFKA_CLUSTER_ID; reset it first"
        exit 1
      fi
    fi
    if [[ ! -s "$KAFKA_CLUSTER_ID_FILE" ]]; then
      sed -n 's/^cluster\.id=//p' "$KAFKA_STORE_DIR/meta.properties" >"$KAFKA_CLUSTER_ID_FILE" || true
    fi
    kafka_log "storage already formatted (cluster id $(cat "$KAFKA_CLUSTER_ID_FILE" 2>/dev/null || echo '?'))"
    return 0
  fi
  if [[ -n "$KAFKA_CLUSTER_ID" ]]; then # cluster.sh: every node formatted with the same id
    cluster_id="$KAFKA_CLUSTER_ID"
  elif [[ -s "$KAFKA_CLUSTER_ID_FILE" ]]; then
    cluster_id="$(tr -d '[:space:]' <"$KAFKA_CLUSTER_ID_FILE")"
  else
    cluster_id="$("$java" "${LOG_OPTS[@]}" -cp "$KAFKA_LIBS_DIR/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1 | tr -d '[:space:]')"
  fi
  if ! [[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]]; then
    kafka_err "could not obtain a valid cluster id (got '$cluster_id')"
    exit 1
  fi
  echo "$cluster_id" >"$KAFKA_CLUSTER_ID_FILE"
  kafka_log "formatting $KAFKA_STORE_DIR with cluster id $cluster_id ..."
  local out
  # Every principal's SCRAM credentials go into the metadata at format time (KIP-900), so the
  # broker authenticates from its first second.
  kafka_scram_format_args
  if ! out="$("$java" "${LOG_OPTS[@]}" -cp "$KAFKA_LIBS_DIR/*" kafka.tools.StorageTool format \
        -t "$cluster_id" -c "$KAFKA_SERVER_PROPS" "${KAFKA_SCRAM_ARGS[@]}" 2>&1)"; then
    kafka_err "kafka.tools.StorageTool format failed:"
    echo "$out" >&2
    exit 1
  fi
  while IFS= read -r line; do kafka_log "  $line"; done <<<"$out"
  printf '%s\n' "${!KAFKA_CREDENTIALS[@]}" >"$KAFKA_SCRAM_LIST"
}

# ---------------------------------------------------------------------------

kafka_take_ops_lock

# Already running? (pid file, or a broker of this data dir whose pid file was lost)
if pid="$(kafka_find_pid)"; then
  if [[ "$(kafka_pid_from_file 2>/dev/null || true)" != "$pid" ]]; then
    kafka_log "found a running broker (pid $pid) without a matching pid file - adopting it"
    echo "$pid" >"$KAFKA_PID_FILE"
  fi
  running_port="$(sed -n 's#^advertised\.listeners=CLIENT://[^:]*:\([0-9]*\).*#\1#p' "$KAFKA_SERVER_PROPS" 2>/dev/null || true)"
  kafka_log "already running (pid $pid) on $KAFKA_HOST:${running_port:-$KAFKA_PORT}, data dir $KAFKA_DATA_DIR - nothing to start"
  if [[ -n "$running_port" && "$running_port" != "$KAFKA_PORT" ]]; then
    kafka_log "WARNING: it listens on port $running_port, not KAFKA_PORT=$KAFKA_PORT; run stop.sh first to change ports"
  fi
  if [[ ! -f "$KAFKA_SCRAM_LIST" ]]; then
    kafka_err "the running broker (pid $pid) was started before the broker required authentication."
    kafka_err "Stop it and start afresh: bash deploy/kafka/stop.sh && bash scripts/reset-local.sh"
    exit 1
  fi
  KAFKA_BROKERS="$KAFKA_HOST:${running_port:-$KAFKA_PORT}" "$KAFKA_SCRIPT_DIR/wait.sh" "$START_TIMEOUT"
  if [[ "${KAFKA_PROVISION:-true}" == "true" ]]; then
    # The contracts may have changed since it started: same principals and ACLs as a fresh start.
    JAVA="$(kafka_java)"
    LOG_OPTS=("-Dlog4j.configuration=file:$KAFKA_SCRIPT_DIR/log4j.properties" "-Dkafka.logs.dir=$KAFKA_LOG_DIR")
    load_credentials
    add_missing_scram_users "$JAVA"
    provision
  fi
  exit 0
fi

# Stale pid file: the process is gone, or the pid was reused by something else.
if old_pid="$(kafka_pid_from_file)"; then
  if kafka_pid_alive "$old_pid"; then
    kafka_log "stale pid file: pid $old_pid is alive but is not this Kafka broker ($(kafka_cmdline "$old_pid" | cut -c1-80)) - removing pid file"
  else
    kafka_log "stale pid file: pid $old_pid is not running (previous broker was killed or crashed) - removing pid file"
  fi
  rm -f "$KAFKA_PID_FILE"
elif [[ -e "$KAFKA_PID_FILE" ]]; then
  kafka_log "unreadable pid file $KAFKA_PID_FILE - removing it"
  rm -f "$KAFKA_PID_FILE"
fi

# Ports must be free: something else (another Kafka, another data dir, ...) may hold them.
for spec in "KAFKA_PORT:$KAFKA_PORT" "KAFKA_CONTROLLER_PORT:$KAFKA_CONTROLLER_PORT"; do
  name="${spec%%:*}" port="${spec#*:}"
  if kafka_port_open "$port"; then
    kafka_err "port $KAFKA_HOST:$port ($name) is already in use by another process, not by the broker of $KAFKA_DATA_DIR:"
    kafka_port_owner "$port" >&2
    kafka_err "stop that process, or choose another port with $name=..."
    exit 1
  fi
done

# Log dir lock: Kafka holds a file lock on <log.dirs>/.lock while running.
if [[ -e "$KAFKA_STORE_DIR/.lock" ]]; then
  if holder="$(kafka_lock_holder)"; then
    kafka_err "$KAFKA_STORE_DIR is locked by pid $holder, which is not the broker this script manages:"
    echo "    $(kafka_cmdline "$holder" | cut -c1-200)" >&2
    kafka_err "stop that process first (kill $holder), or use another KAFKA_DATA_DIR"
    exit 1
  fi
  kafka_log "leftover $KAFKA_STORE_DIR/.lock from an unclean shutdown (no process holds it) - removing it; Kafka will recover the logs"
  rm -f "$KAFKA_STORE_DIR/.lock"
fi

JAVA="$(kafka_java)"
LOG_OPTS=("-Dlog4j.configuration=file:$KAFKA_SCRIPT_DIR/log4j.properties" "-Dkafka.logs.dir=$KAFKA_LOG_DIR")

resolve_jars
load_credentials
if [[ "$KAFKA_TLS" == "true" ]]; then "$KAFKA_SCRIPT_DIR/tls.sh"; fi
write_server_properties
format_storage "$JAVA"

kafka_broker_command "$JAVA"

[[ -f "$KAFKA_OUT_FILE" ]] && mv -f "$KAFKA_OUT_FILE" "$KAFKA_OUT_FILE.1"
log_offset="$(stat -c %s "$KAFKA_LOG_DIR/server.log" 2>/dev/null || echo 0)"
kafka_log "starting Kafka $KAFKA_VERSION on $KAFKA_HOST:$KAFKA_PORT (controller $KAFKA_HOST:$KAFKA_CONTROLLER_PORT, heap: $KAFKA_HEAP_OPTS)"
cd "$KAFKA_DATA_DIR"
# nohup + setsid: the broker survives the terminal closing and a Ctrl-C in the calling shell.
# (setsid does not fork here, so $! is the java pid.) fd 9 (the ops lock) must not be inherited.
launcher=(nohup)
command -v setsid >/dev/null 2>&1 && launcher+=(setsid)
"${launcher[@]}" "${KAFKA_BROKER_CMD[@]}" >"$KAFKA_OUT_FILE" 2>&1 </dev/null 9>&- &
pid=$!
echo "$pid" >"$KAFKA_PID_FILE"
kafka_log "broker pid $pid; logs: $KAFKA_LOG_DIR/server.log, stdout/stderr: $KAFKA_OUT_FILE"

set +e
KAFKA_BROKERS="$KAFKA_HOST:$KAFKA_PORT" KAFKA_WAIT_PID="$pid" "$KAFKA_SCRIPT_DIR/wait.sh" "$START_TIMEOUT"
rc=$?
set -e
if (( rc != 0 )); then
  if (( rc == 2 )); then
    kafka_err "the broker (pid $pid) exited during startup"
  else
    kafka_err "the broker (pid $pid) did not become ready within ${START_TIMEOUT}s (KAFKA_START_TIMEOUT)"
  fi
  kafka_tail_logs 40 "$log_offset"
  if kafka_pid_alive "$pid"; then
    kafka_err "the broker process ($pid) is still running; inspect the logs above, then run deploy/kafka/stop.sh"
  else
    rm -f "$KAFKA_PID_FILE"
    kafka_err "start failed; full logs: $KAFKA_LOG_DIR/server.log and $KAFKA_OUT_FILE"
  fi
  exit 1
fi
kafka_log "started (pid $pid), data dir $KAFKA_DATA_DIR"
if [[ "${KAFKA_PROVISION:-true}" == "true" ]]; then
  add_missing_scram_users "$JAVA"
  provision
fi
