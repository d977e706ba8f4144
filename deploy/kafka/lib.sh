# shellcheck shell=bash disable=SC2034 # variables are used by the scripts that source this file
# Shared settings and helpers for deploy/kafka/*.sh (sourced, not executed).
#
# Environment (all optional):
#   KAFKA_VERSION          Kafka broker version resolved from Maven Central (default 3.9.1)
#   KAFKA_PORT             client listener (PLAINTEXT) on 127.0.0.1 (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener on 127.0.0.1 (default 9093)
#   KAFKA_DATA_DIR         data folder (default <repo>/.data/kafka)
#   KAFKA_HEAP_OPTS        JVM heap options (default "-Xms256m -Xmx1g")
#   KAFKA_OPTS             extra JVM options appended to the java command line
#   KAFKA_LIBS_DIR         jar cache (default deploy/kafka/.cache/libs)
#   KAFKA_CLUSTER_ID       format a fresh data dir with this cluster id instead of a random one
#                          (cluster.sh: every node of the replicated cluster gets the same id)
#   KAFKA_LISTEN_HOST      address the client listener binds to (default 127.0.0.1; compose: 0.0.0.0)
#   KAFKA_ADVERTISED_HOST  host the client listener is advertised as (default 127.0.0.1; compose: kafka)

KAFKA_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
KAFKA_REPO_ROOT="$(cd "$KAFKA_SCRIPT_DIR/../.." && pwd -P)"

KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
KAFKA_SCALA_VERSION="2.13"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HOST="127.0.0.1"
KAFKA_LISTEN_HOST="${KAFKA_LISTEN_HOST:-$KAFKA_HOST}"
KAFKA_ADVERTISED_HOST="${KAFKA_ADVERTISED_HOST:-$KAFKA_HOST}"
KAFKA_CLUSTER_ID="${KAFKA_CLUSTER_ID:-}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}"
KAFKA_OPTS="${KAFKA_OPTS:-}"

KAFKA_NODE_ID="${KAFKA_NODE_ID:-1}"
KAFKA_QUORUM_VOTERS="${KAFKA_QUORUM_VOTERS:-$KAFKA_NODE_ID@127.0.0.1:$KAFKA_CONTROLLER_PORT}"
KAFKA_REPLICATION_FACTOR="${KAFKA_REPLICATION_FACTOR:-1}"
KAFKA_MIN_INSYNC_REPLICAS="${KAFKA_MIN_INSYNC_REPLICAS:-1}"
KAFKA_TLS="${KAFKA_TLS:-false}"

KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$KAFKA_REPO_ROOT/.data/kafka}"
case "$KAFKA_DATA_DIR" in
  /*) ;;
  *) KAFKA_DATA_DIR="$PWD/$KAFKA_DATA_DIR" ;;
esac
KAFKA_DATA_DIR="${KAFKA_DATA_DIR%/}"

KAFKA_LIBS_DIR="${KAFKA_LIBS_DIR:-$KAFKA_SCRIPT_DIR/.cache/libs}"
case "$KAFKA_LIBS_DIR" in
  /*) ;;
  *) KAFKA_LIBS_DIR="$PWD/$KAFKA_LIBS_DIR" ;;
esac
KAFKA_LIBS_DIR="${KAFKA_LIBS_DIR%/}"
KAFKA_LIBS_MARKER="$KAFKA_LIBS_DIR/.kafka-version"

# Layout of the data folder
KAFKA_PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
KAFKA_OUT_FILE="$KAFKA_DATA_DIR/kafka.out"          # JVM stdout/stderr
KAFKA_LOG_DIR="$KAFKA_DATA_DIR/logs"                # log4j application logs (server.log, ...)
KAFKA_STORE_DIR="$KAFKA_DATA_DIR/kraft-combined-logs" # Kafka log.dirs (topic + metadata data)
KAFKA_SERVER_PROPS="$KAFKA_DATA_DIR/server.properties"
KAFKA_CLUSTER_ID_FILE="$KAFKA_DATA_DIR/cluster.id"
KAFKA_OPS_LOCK="$KAFKA_DATA_DIR/.ops.lock"
KAFKA_CREDENTIALS_FILE="$KAFKA_DATA_DIR/credentials.json" # one password per principal (mode 600)
KAFKA_ADMIN_PROPS="$KAFKA_DATA_DIR/admin.properties"       # the operator's client settings
KAFKA_SCRAM_LIST="$KAFKA_DATA_DIR/scram-principals"        # principals whose credentials the broker has
KAFKA_TLS_DIR="$KAFKA_DATA_DIR/tls"                        # CA and broker certificate (KAFKA_TLS=true)

kafka_log() { echo "[kafka] $*"; }
kafka_err() { echo "[kafka] ERROR: $*" >&2; }

kafka_check_port_value() {
  local name="$1" value="$2"
  if ! [[ "$value" =~ ^[0-9]+$ ]] || (( value < 1 || value > 65535 )); then
    kafka_err "$name must be a TCP port number (1-65535), got '$value'"
    exit 2
  fi
}
kafka_check_port_value KAFKA_PORT "$KAFKA_PORT"
kafka_check_port_value KAFKA_CONTROLLER_PORT "$KAFKA_CONTROLLER_PORT"
if [[ "$KAFKA_PORT" == "$KAFKA_CONTROLLER_PORT" ]]; then
  kafka_err "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ (both are $KAFKA_PORT)"
  exit 2
fi

kafka_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    echo "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    kafka_err "java not found (install a JDK/JRE 17, or set JAVA_HOME)"
    exit 1
  fi
}

kafka_cmdline() { # pid -> command line with spaces, empty when gone
  { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null || true
}

# True when pid exists and is not a zombie (a killed broker not yet reaped by its parent).
kafka_pid_alive() {
  local pid="$1" stat
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  stat="$({ cat "/proc/$pid/stat"; } 2>/dev/null || true)"
  [[ -z "$stat" ]] && return 0 # no procfs: trust kill -0
  stat="${stat##*) }"           # skip "pid (comm) " - comm may contain spaces
  [[ "${stat:0:1}" != "Z" ]]
}

# True when pid is alive and is the Kafka broker of *this* data dir.
kafka_is_our_broker() {
  local pid="$1" cmd
  kafka_pid_alive "$pid" || return 1
  cmd="$(kafka_cmdline "$pid")"
  [[ "$cmd" == *java* && "$cmd" == *" kafka.Kafka "* && "$cmd" == *"$KAFKA_SERVER_PROPS"* ]]
}

kafka_pid_from_file() {
  [[ -f "$KAFKA_PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$KAFKA_PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || return 1
  echo "$pid"
}

# Scan /proc for a broker started with our server.properties (e.g. pid file was lost).
kafka_scan_for_broker() {
  local d pid
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    [[ "$pid" == "$$" ]] && continue
    if kafka_is_our_broker "$pid"; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}

# Echo the pid of the running broker of this data dir; return 1 when none runs.
kafka_find_pid() {
  local pid
  if pid="$(kafka_pid_from_file)" && kafka_is_our_broker "$pid"; then
    echo "$pid"
    return 0
  fi
  kafka_scan_for_broker
}

kafka_port_open() { # port -> 0 when something accepts TCP connections on 127.0.0.1:port
  (exec 3<>"/dev/tcp/$KAFKA_HOST/$1") 2>/dev/null
}

kafka_port_owner() { # port -> human description of the listener(s), best effort
  local port="$1" out=""
  if command -v ss >/dev/null 2>&1; then
    out="$(ss -H -ltnp "sport = :$port" 2>/dev/null | sed 's/^/    /' || true)"
  fi
  if [[ -z "$out" ]]; then
    out="    (could not identify the process; try: ss -ltnp 'sport = :$port')"
  fi
  echo "$out"
}

# Echo the pid holding the POSIX lock Kafka takes on <log.dirs>/.lock, if any.
kafka_lock_holder() {
  local lock="$KAFKA_STORE_DIR/.lock" inode
  [[ -e "$lock" && -r /proc/locks ]] || return 1
  inode="$(stat -c %i "$lock" 2>/dev/null)" || return 1
  awk -v ino="$inode" '{ n = split($6, p, ":"); if (p[n] == ino) { print $5; found = 1; exit } } END { exit !found }' /proc/locks
}

# Serialise start/stop/reset on one data dir (fd 9). The broker must NOT inherit fd 9.
kafka_take_ops_lock() {
  mkdir -p "$KAFKA_DATA_DIR"
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$KAFKA_OPS_LOCK"
  if ! flock -w 180 9; then
    kafka_err "another start/stop/reset on $KAFKA_DATA_DIR is still running (lock $KAFKA_OPS_LOCK)"
    exit 1
  fi
}

# Print the end of the broker logs to stderr. $2: byte offset of server.log at start time,
# so that only lines written by the latest start are shown.
kafka_tail_logs() {
  local n="${1:-40}" offset="${2:-0}" size
  if [[ -s "$KAFKA_LOG_DIR/server.log" ]]; then
    size="$(stat -c %s "$KAFKA_LOG_DIR/server.log" 2>/dev/null || echo 0)"
    (( size < offset )) && offset=0 # rotated meanwhile
    if (( size > offset )); then
      echo "[kafka] ---- last $n lines of $KAFKA_LOG_DIR/server.log (this start) ----" >&2
      tail -c +"$((offset + 1))" "$KAFKA_LOG_DIR/server.log" | tail -n "$n" >&2
    else
      echo "[kafka] ---- nothing written to $KAFKA_LOG_DIR/server.log by this start ----" >&2
    fi
  fi
  if [[ -s "$KAFKA_OUT_FILE" ]]; then
    echo "[kafka] ---- last $n lines of $KAFKA_OUT_FILE (JVM stdout/stderr) ----" >&2
    tail -n "$n" "$KAFKA_OUT_FILE" >&2
    echo >&2
  fi
}

# The client listener's security protocol: SASL over TLS when KAFKA_TLS=true.
kafka_client_protocol() {
  if [[ "$KAFKA_TLS" == "true" ]]; then echo SASL_SSL; else echo SASL_PLAINTEXT; fi
}

# The broker's server.properties on stdout. start.sh writes it into the data dir on every start;
# the docker-compose broker (compose-broker.sh) runs the same function, so the two cannot differ.
#   $1  the operator's (admin) password      $2  who generates it (named in the file's first line)
kafka_server_properties() {
  local admin_pw="$1" generator="${2:-deploy/kafka/start.sh}" client_protocol tls_lines=""
  client_protocol="$(kafka_client_protocol)"
  if [[ "$KAFKA_TLS" == "true" ]]; then
    tls_lines="listener.name.client.ssl.keystore.type=PEM
listener.name.client.ssl.keystore.location=$KAFKA_TLS_DIR/broker.keystore.pem
listener.name.client.ssl.truststore.type=PEM
listener.name.client.ssl.truststore.location=$KAFKA_TLS_DIR/ca.pem"
  fi
  cat <<EOF
# Generated by ${generator} on every start - edit the script, not this file.
# KRaft: this process is both broker and controller (node $KAFKA_NODE_ID of: $KAFKA_QUORUM_VOTERS).
# Holds the operator's password: mode 600, in the git-ignored data dir.
process.roles=broker,controller
node.id=${KAFKA_NODE_ID}
controller.quorum.voters=${KAFKA_QUORUM_VOTERS}

# Every connection authenticates (ADR 0014): clients with SASL/SCRAM-SHA-512 (over TLS when
# KAFKA_TLS=true), the controller listener with SASL/PLAIN as the operator only.
listeners=CLIENT://${KAFKA_LISTEN_HOST}:${KAFKA_PORT},CONTROLLER://${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT}
advertised.listeners=CLIENT://${KAFKA_ADVERTISED_HOST}:${KAFKA_PORT}
listener.security.protocol.map=CLIENT:${client_protocol},CONTROLLER:SASL_PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=CLIENT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${admin_pw}";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${admin_pw}" user_admin="${admin_pw}";
${tls_lines}

# Authorization: nothing is allowed without an ACL; ACLs are generated from the topic catalogue
# (deploy/kafka/provision.ts). The operator (admin) is the only super user.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin

log.dirs=${KAFKA_STORE_DIR}

# Replication: 1 on a single node; 3 with min ISR 2 in replicated mode (cluster.sh).
num.partitions=3
default.replication.factor=${KAFKA_REPLICATION_FACTOR}
min.insync.replicas=${KAFKA_MIN_INSYNC_REPLICAS}
offsets.topic.replication.factor=${KAFKA_REPLICATION_FACTOR}
transaction.state.log.replication.factor=${KAFKA_REPLICATION_FACTOR}
transaction.state.log.min.isr=${KAFKA_MIN_INSYNC_REPLICAS}

# Topics are created by the provisioning, never by a client.
auto.create.topics.enable=false
delete.topic.enable=true
group.initial.rebalance.delay.ms=0
# After a kill -9 the controller keeps the dead broker's registration until this session
# times out (default 9 s), which delays a restart by ~15 s; 6 s brings that down.
broker.session.timeout.ms=6000

# Small footprint on a 2-core machine.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=168
log.segment.bytes=104857600
log.retention.check.interval.ms=300000
EOF
}

# The operator's client settings (admin.properties) on stdout, for Kafka's own tools. $1: password.
kafka_admin_properties() {
  local admin_pw="$1" client_protocol tls_client=""
  client_protocol="$(kafka_client_protocol)"
  if [[ "$KAFKA_TLS" == "true" ]]; then
    tls_client="ssl.truststore.type=PEM
ssl.truststore.location=$KAFKA_TLS_DIR/ca.pem"
  fi
  cat <<EOF
# The operator's client settings, for Kafka's own tools (TopicCommand, AclCommand, ConfigCommand):
#   java -cp 'deploy/kafka/.cache/libs/*' kafka.admin.TopicCommand --bootstrap-server ${KAFKA_ADVERTISED_HOST}:${KAFKA_PORT} --command-config $KAFKA_ADMIN_PROPS --list
security.protocol=${client_protocol}
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${admin_pw}";
${tls_client}
EOF
}

# The StorageTool arguments that put the SCRAM credentials of every principal of the associative
# array KAFKA_CREDENTIALS into the metadata at format time (KIP-900), into KAFKA_SCRAM_ARGS.
kafka_scram_format_args() {
  local name
  KAFKA_SCRAM_ARGS=()
  for name in "${!KAFKA_CREDENTIALS[@]}"; do
    KAFKA_SCRAM_ARGS+=(--add-scram "SCRAM-SHA-512=[name=$name,iterations=4096,password=${KAFKA_CREDENTIALS[$name]}]")
  done
}

# Principals of KAFKA_CREDENTIALS whose SCRAM credentials the broker has not got (not in
# KAFKA_SCRAM_LIST: added to the contracts after the storage was formatted), one per line.
kafka_principals_without_scram() {
  local name
  for name in "${!KAFKA_CREDENTIALS[@]}"; do
    grep -qx "$name" "$KAFKA_SCRAM_LIST" 2>/dev/null || echo "$name"
  done
}

# The java command line of a broker (start.sh in the background, compose-broker.sh in the foreground).
kafka_broker_command() {
  local java="$1" heap_opts extra_opts
  read -r -a heap_opts <<<"$KAFKA_HEAP_OPTS"
  read -r -a extra_opts <<<"$KAFKA_OPTS"
  KAFKA_BROKER_CMD=(
    "$java" "${heap_opts[@]}"
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true
    "${LOG_OPTS[@]}"
    ${extra_opts[@]+"${extra_opts[@]}"}
    -cp "$KAFKA_LIBS_DIR/*" kafka.Kafka "$KAFKA_SERVER_PROPS"
  )
}
