# Helpers for the project's own background processes (the trace UI, Prometheus): a pid file,
# the process behind it checked by its command line, a stop that waits and then insists.
# Sourced by deploy/zipkin/zipkin.sh and deploy/prometheus/prometheus.sh, which define `log`.

# daemon_pid PID_FILE PATTERN...: the pid in PID_FILE when that process runs and its command line
# contains every PATTERN; exit 1 otherwise.
daemon_pid() {
  local pid_file="$1" pid cmd pattern
  shift
  [[ -f "$pid_file" ]] || return 1
  pid="$(tr -dc '0-9' <"$pid_file" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  cmd="$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null || true)"
  for pattern in "$@"; do [[ "$cmd" == *"$pattern"* ]] || return 1; done
  echo "$pid"
}

# daemon_stop PID PID_FILE: SIGTERM, up to 15 s for it to go, then SIGKILL; removes the pid file.
daemon_stop() {
  local pid="$1" pid_file="$2" i
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after 15 s: SIGKILL"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  log "stopped (pid $pid)"
}

# daemon_await PID PID_FILE OUT_FILE TIMEOUT_S READY_FN NAME: waits until READY_FN succeeds
# (returns 0), or fails (exit 1) with the output's last lines when the process exits first or
# TIMEOUT_S passes (then the process is stopped). Uses `err` of the calling script.
daemon_await() {
  local pid="$1" pid_file="$2" out_file="$3" timeout="$4" ready_fn="$5" name="$6" started=$SECONDS
  while (( SECONDS - started < timeout )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      err "$name exited during start; last lines of $out_file:"
      tail -n 30 "$out_file" >&2
      rm -f "$pid_file"
      exit 1
    fi
    "$ready_fn" && return 0
    sleep 1
  done
  err "$name was not ready within ${timeout}s; last lines of $out_file:"
  tail -n 30 "$out_file" >&2
  kill "$pid" 2>/dev/null || true
  rm -f "$pid_file"
  exit 1
}
