#!/usr/bin/env bash
# The trace UI of a local run (ADR 0023): Zipkin's server from Maven Central, with in-memory
# storage, started with Java like the Kafka broker.
#   bash deploy/zipkin/zipkin.sh start    resolve the jar (first run only), start, wait until ready
#   bash deploy/zipkin/zipkin.sh stop     stop the server of this data dir (SIGTERM, SIGKILL after 15 s)
#   bash deploy/zipkin/zipkin.sh status   exit 0 running, 3 not running
#   bash deploy/zipkin/zipkin.sh url      print the UI's address
# The services send their spans with OpenTelemetry's Zipkin exporter to
#   ZIPKIN_ENDPOINT=http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans
# and the UI shows a trace at http://127.0.0.1:$ZIPKIN_PORT/zipkin/traces/<trace id>.
#
# Environment (all optional):
#   ZIPKIN_VERSION      io.zipkin:zipkin-server version (default 3.5.1)
#   ZIPKIN_PORT         HTTP port on 127.0.0.1: UI, API and span collector (default 9411)
#   ZIPKIN_DATA_DIR     pid file and output (default <repo>/.data/zipkin)
#   ZIPKIN_LIBS_DIR     jar cache (default deploy/zipkin/.cache)
#   ZIPKIN_HEAP_OPTS    JVM heap options (default "-Xms64m -Xmx384m")
#   ZIPKIN_MAX_SPANS    spans kept in memory, the oldest dropped first (default 200000)
#   ZIPKIN_START_TIMEOUT seconds to wait until the server answers (default 90)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd -P)"
# shellcheck source=../lib/daemon.sh
source "$REPO_ROOT/deploy/lib/daemon.sh"
ZIPKIN_VERSION="${ZIPKIN_VERSION:-3.5.1}"
ZIPKIN_PORT="${ZIPKIN_PORT:-9411}"
ZIPKIN_HOST=127.0.0.1
ZIPKIN_DATA_DIR="${ZIPKIN_DATA_DIR:-$REPO_ROOT/.data/zipkin}"
case "$ZIPKIN_DATA_DIR" in /*) ;; *) ZIPKIN_DATA_DIR="$PWD/$ZIPKIN_DATA_DIR" ;; esac
ZIPKIN_DATA_DIR="${ZIPKIN_DATA_DIR%/}"
ZIPKIN_LIBS_DIR="${ZIPKIN_LIBS_DIR:-$SCRIPT_DIR/.cache}"
case "$ZIPKIN_LIBS_DIR" in /*) ;; *) ZIPKIN_LIBS_DIR="$PWD/$ZIPKIN_LIBS_DIR" ;; esac
ZIPKIN_HEAP_OPTS="${ZIPKIN_HEAP_OPTS:--Xms64m -Xmx384m}"
ZIPKIN_MAX_SPANS="${ZIPKIN_MAX_SPANS:-200000}"
ZIPKIN_START_TIMEOUT="${ZIPKIN_START_TIMEOUT:-90}"
JAR="$ZIPKIN_LIBS_DIR/zipkin-server-$ZIPKIN_VERSION-exec.jar"
PID_FILE="$ZIPKIN_DATA_DIR/zipkin.pid"
OUT_FILE="$ZIPKIN_DATA_DIR/zipkin.out"
URL="http://$ZIPKIN_HOST:$ZIPKIN_PORT"

log() { echo "[zipkin] $*"; }
err() { echo "[zipkin] ERROR: $*" >&2; }

if ! [[ "$ZIPKIN_PORT" =~ ^[0-9]+$ ]] || (( ZIPKIN_PORT < 1 || ZIPKIN_PORT > 65535 )); then
  err "ZIPKIN_PORT must be a TCP port number (1-65535), got '$ZIPKIN_PORT'"
  exit 2
fi

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then echo "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then command -v java
  else err "java not found (install a JDK/JRE 17, or set JAVA_HOME)"; exit 1; fi
}

# The pid of the server of this data dir (a java process running our jar on our port), if any.
find_pid() { daemon_pid "$PID_FILE" "java" "zipkin-server-" "--server.port=$ZIPKIN_PORT "; }

port_open() { (exec 3<>"/dev/tcp/$ZIPKIN_HOST/$ZIPKIN_PORT") 2>/dev/null; }

# Zipkin answers its health check once storage and collector are up.
healthy() { node -e "fetch('$URL/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))" 2>/dev/null; }

resolve_jar() {
  [[ -s "$JAR" ]] && return 0
  if ! command -v mvn >/dev/null 2>&1; then
    err "Maven (mvn) is needed once to resolve io.zipkin:zipkin-server:$ZIPKIN_VERSION:exec (apt-get install maven)"
    exit 1
  fi
  mkdir -p "$ZIPKIN_LIBS_DIR"
  local mvn_log="$ZIPKIN_LIBS_DIR/mvn.log"
  log "resolving io.zipkin:zipkin-server:$ZIPKIN_VERSION (exec jar) with Maven (first run only) ..."
  if ! mvn -q -B -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" "-Dzipkin.version=$ZIPKIN_VERSION" \
      "-Dzipkin.libs.dir=$ZIPKIN_LIBS_DIR" dependency:copy >"$mvn_log" 2>&1 || [[ ! -s "$JAR" ]]; then
    err "Maven could not resolve Zipkin $ZIPKIN_VERSION (full output: $mvn_log):"
    tail -n 30 "$mvn_log" >&2
    exit 1
  fi
  rm -f "$mvn_log"
  log "resolved $JAR"
}

cmd_start() {
  local pid java heap started=$SECONDS
  mkdir -p "$ZIPKIN_DATA_DIR"
  if pid="$(find_pid)"; then
    log "already running (pid $pid) at $URL/zipkin/"
    return 0
  fi
  if port_open; then
    err "port $ZIPKIN_PORT is taken by another process (set ZIPKIN_PORT, or stop it: ss -ltnp 'sport = :$ZIPKIN_PORT')"
    exit 1
  fi
  java="$(java_bin)"
  resolve_jar
  read -r -a heap <<<"$ZIPKIN_HEAP_OPTS"
  # In-memory storage; only 127.0.0.1; no self-tracing. The server is a Spring Boot application:
  # the armeria.ports list is replaced whole, so port, address and protocol are all given.
  # setsid: Ctrl-C in the terminal of `npm start` reaches start.sh, which stops it in order.
  STORAGE_TYPE=mem MEM_MAX_SPANS="$ZIPKIN_MAX_SPANS" SELF_TRACING_ENABLED=false \
    setsid nohup "$java" "${heap[@]}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -jar "$JAR" "--server.port=$ZIPKIN_PORT" \
    "--armeria.ports[0].port=$ZIPKIN_PORT" "--armeria.ports[0].ip=$ZIPKIN_HOST" "--armeria.ports[0].protocols[0]=http" \
    --logging.level.root=WARN --logging.level.zipkin2=INFO --spring.main.banner-mode=off \
    >"$OUT_FILE" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  log "starting Zipkin $ZIPKIN_VERSION (pid $pid, in-memory storage) ..."
  daemon_await "$pid" "$PID_FILE" "$OUT_FILE" "$ZIPKIN_START_TIMEOUT" healthy Zipkin
  log "ready in $((SECONDS - started))s: UI $URL/zipkin/, spans to $URL/api/v2/spans"
}

cmd_stop() {
  local pid
  if ! pid="$(find_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  daemon_stop "$pid" "$PID_FILE"
}

cmd_status() {
  local pid
  if pid="$(find_pid)"; then
    log "running (pid $pid) at $URL/zipkin/"
    return 0
  fi
  log "not running"
  return 3
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
