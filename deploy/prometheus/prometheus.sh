#!/usr/bin/env bash
# Prometheus for a local run: Debian's package (scripts/install-prometheus.sh installs it where
# missing), scraping every service's GET /metrics with the scrape token, with the operators'
# recording and alerting rules (deploy/prometheus/*.yml).
#   bash deploy/prometheus/prometheus.sh prepare  copy config and rules into the data dir, write the token
#   bash deploy/prometheus/prometheus.sh check    promtool check config + check rules + test rules
#   bash deploy/prometheus/prometheus.sh start    prepare, start in the background, wait until ready
#   bash deploy/prometheus/prometheus.sh stop     stop the server of this data dir
#   bash deploy/prometheus/prometheus.sh status   exit 0 running, 3 not running
#   bash deploy/prometheus/prometheus.sh url      print the UI's address
#
# Environment (all optional):
#   PROMETHEUS_PORT      HTTP port on 127.0.0.1 (default 9090)
#   PROMETHEUS_DATA_DIR  config copy, token, TSDB, pid and output (default <repo>/.data/prometheus)
#   METRICS_TOKEN        the scrape token (default: METRICS_TOKEN of <repo>/.data/keys/keys.json,
#                        which `npm start` generates)
#   PROMETHEUS_RETENTION how long samples are kept (default 2d)
#   PROMETHEUS_TARGETS   other services to scrape instead of those of npm start, as
#                        "name=host:port name=host:port ..." (tests)
#   PROMETHEUS_INTERVAL  scrape and evaluation interval instead of 15s (tests)
#   PROMETHEUS_ALERT_FOR every alert's `for:` instead of its own, e.g. 5s (tests)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd -P)"
# shellcheck source=../lib/daemon.sh
source "$REPO_ROOT/deploy/lib/daemon.sh"
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"
PROMETHEUS_DATA_DIR="${PROMETHEUS_DATA_DIR:-$REPO_ROOT/.data/prometheus}"
case "$PROMETHEUS_DATA_DIR" in /*) ;; *) PROMETHEUS_DATA_DIR="$PWD/$PROMETHEUS_DATA_DIR" ;; esac
PROMETHEUS_DATA_DIR="${PROMETHEUS_DATA_DIR%/}"
PROMETHEUS_RETENTION="${PROMETHEUS_RETENTION:-2d}"
CONFIG_DIR="$PROMETHEUS_DATA_DIR/config"
PID_FILE="$PROMETHEUS_DATA_DIR/prometheus.pid"
OUT_FILE="$PROMETHEUS_DATA_DIR/prometheus.out"
URL="http://127.0.0.1:$PROMETHEUS_PORT"

log() { echo "[prometheus] $*"; }
err() { echo "[prometheus] ERROR: $*" >&2; }

if ! [[ "$PROMETHEUS_PORT" =~ ^[0-9]+$ ]] || (( PROMETHEUS_PORT < 1 || PROMETHEUS_PORT > 65535 )); then
  err "PROMETHEUS_PORT must be a TCP port number (1-65535), got '$PROMETHEUS_PORT'"
  exit 2
fi

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  err "$1 not found: install Debian's Prometheus with: bash scripts/install-prometheus.sh"
  exit 1
}

# The scrape token: METRICS_TOKEN, or the one `npm start` generated into .data/keys/keys.json.
metrics_token() {
  if [[ -n "${METRICS_TOKEN:-}" ]]; then printf '%s' "$METRICS_TOKEN"; return 0; fi
  local keys="$REPO_ROOT/.data/keys/keys.json"
  if [[ -f "$keys" ]] && node -e 'const k=require(process.argv[1]); if(!k.METRICS_TOKEN) process.exit(1); process.stdout.write(k.METRICS_TOKEN)' "$keys"; then return 0; fi
  err "no scrape token: set METRICS_TOKEN, or run npm start once (it generates .data/keys/keys.json)"
  exit 1
}

# prometheus.yml with the targets of PROMETHEUS_TARGETS and the interval of PROMETHEUS_INTERVAL.
write_config() {
  node - "$SCRIPT_DIR/prometheus.yml" "$CONFIG_DIR/prometheus.yml" "${PROMETHEUS_TARGETS:-}" "${PROMETHEUS_INTERVAL:-}" <<'JS'
const fs = require('node:fs');
const [src, dest, targets, interval] = process.argv.slice(2);
let text = fs.readFileSync(src, 'utf8');
if (interval) {
  if (!/^\d+(ms|s|m)$/.test(interval)) { console.error(`[prometheus] ERROR: PROMETHEUS_INTERVAL must be a duration such as 2s, got '${interval}'`); process.exit(2); }
  text = text.replace(/^(  (scrape|evaluation)_interval:) 15s$/gm, `$1 ${interval}`);
  text = text.replace(/^(  scrape_timeout:) 5s$/m, `$1 ${interval}`); // never longer than the interval
}
if (targets.trim()) {
  const entries = targets.trim().split(/\s+/).map((t) => {
    const m = /^([a-z][a-z0-9-]*)=([A-Za-z0-9.-]+:\d{1,5})$/.exec(t);
    if (!m) { console.error(`[prometheus] ERROR: PROMETHEUS_TARGETS entries are name=host:port, got '${t}'`); process.exit(2); }
    return `      - targets: ['${m[2]}']\n        labels: { service: ${m[1]} }\n`;
  });
  const at = text.indexOf('    static_configs:\n');
  text = text.slice(0, at) + '    static_configs:\n' + entries.join('');
}
fs.writeFileSync(dest, text);
JS
}

cmd_prepare() {
  mkdir -p "$CONFIG_DIR" "$PROMETHEUS_DATA_DIR/data"
  cp "$SCRIPT_DIR/rules.yml" "$SCRIPT_DIR/alerts.yml" "$CONFIG_DIR/"
  # Tests only: every alert's `for:` shortened (the durations themselves are covered by
  # `promtool test rules`); a live test then sees an alert fire in seconds, not minutes.
  if [[ -n "${PROMETHEUS_ALERT_FOR:-}" ]]; then
    [[ "$PROMETHEUS_ALERT_FOR" =~ ^[0-9]+[smh]$ ]] || { err "PROMETHEUS_ALERT_FOR must be a duration like 5s, got '$PROMETHEUS_ALERT_FOR'"; exit 2; }
    sed -i -E "s/^(\s+for: ).*/\1$PROMETHEUS_ALERT_FOR/" "$CONFIG_DIR/alerts.yml"
  fi
  write_config
  local token
  token="$(metrics_token)"
  (umask 077 && printf '%s' "$token" >"$CONFIG_DIR/metrics-token")
}

cmd_check() {
  need promtool
  cmd_prepare
  promtool check config "$CONFIG_DIR/prometheus.yml"
  promtool check rules "$SCRIPT_DIR/rules.yml" "$SCRIPT_DIR/alerts.yml"
  (cd "$SCRIPT_DIR" && promtool test rules alerts.test.yml)
}

find_pid() { daemon_pid "$PID_FILE" "prometheus" "--config.file=$CONFIG_DIR/prometheus.yml"; }

ready() { node -e "fetch('$URL/-/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))" 2>/dev/null; }

cmd_start() {
  local pid started=$SECONDS
  need prometheus
  if pid="$(find_pid)"; then
    log "already running (pid $pid) at $URL"
    return 0
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PROMETHEUS_PORT") 2>/dev/null; then
    err "port $PROMETHEUS_PORT is taken by another process (set PROMETHEUS_PORT, or: ss -ltnp 'sport = :$PROMETHEUS_PORT')"
    exit 1
  fi
  cmd_prepare
  setsid nohup prometheus \
    "--config.file=$CONFIG_DIR/prometheus.yml" \
    "--storage.tsdb.path=$PROMETHEUS_DATA_DIR/data" \
    "--storage.tsdb.retention.time=$PROMETHEUS_RETENTION" \
    "--web.listen-address=127.0.0.1:$PROMETHEUS_PORT" \
    >"$OUT_FILE" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  daemon_await "$pid" "$PID_FILE" "$OUT_FILE" 60 ready Prometheus
  log "ready in $((SECONDS - started))s at $URL (alerts: $URL/alerts, targets: $URL/targets)"
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
  if pid="$(find_pid)"; then log "running (pid $pid) at $URL"; return 0; fi
  log "not running"
  return 3
}

case "${1:-}" in
  prepare) cmd_prepare ;;
  check) cmd_check ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 prepare|check|start|stop|status|url" >&2; exit 2 ;;
esac
