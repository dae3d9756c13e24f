#!/usr/bin/env bash
# Stop the local Kafka broker started by scripts/kafka/start.sh (SIGTERM = controlled
# shutdown, SIGKILL after $KAFKA_STOP_TIMEOUT seconds). Idempotent: exits 0 if it is
# not running. --clean also deletes the broker's data dir (topics, offsets, cluster id).
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd)"

KAFKA_STATE_DIR="${KAFKA_STATE_DIR:-$REPO_ROOT/.keel/kafka}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

DATA_DIR="$KAFKA_STATE_DIR/data"
PROPS="$KAFKA_STATE_DIR/server.properties"
PID_FILE="$KAFKA_STATE_DIR/broker.pid"
LOCK_FILE="$KAFKA_STATE_DIR/.lock"

log() { echo "kafka: $*" >&2; }
die() { echo "kafka: ERROR: $*" >&2; exit 1; }

clean=false
for arg in "$@"; do
  case "$arg" in
    --clean) clean=true ;;
    -h | --help)
      echo "Usage: $0 [--clean]   (--clean also removes $DATA_DIR)" >&2
      exit 0
      ;;
    *) die "unknown argument '$arg' (usage: $0 [--clean])" ;;
  esac
done
[[ "$KAFKA_STOP_TIMEOUT" =~ ^[0-9]+$ ]] || die "KAFKA_STOP_TIMEOUT must be a number"

if [[ ! -d "$KAFKA_STATE_DIR" ]]; then
  log "not running (no $KAFKA_STATE_DIR)"
  exit 0
fi

# Same lock as start.sh, so a stop never races a start that is still waiting for readiness.
exec 9>"$LOCK_FILE"
flock -w 300 9 || die "timed out waiting for lock $LOCK_FILE"

is_our_broker() {
  kill -0 "$1" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $PROPS"
}

pid=""
if [[ -f "$PID_FILE" ]]; then
  candidate="$(<"$PID_FILE")"
  if [[ "$candidate" =~ ^[0-9]+$ ]] && is_our_broker "$candidate"; then
    pid="$candidate"
  fi
fi
if [[ -z "$pid" ]]; then
  # Pid file lost or stale: look for a broker running with exactly our server.properties.
  for dir in /proc/[0-9]*; do
    candidate="${dir#/proc/}"
    if is_our_broker "$candidate"; then
      pid="$candidate"
      break
    fi
  done
fi

if [[ -z "$pid" ]]; then
  log "not running"
else
  log "stopping broker (pid $pid)"
  t0=$SECONDS
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  # (is_our_broker rather than kill -0: a zombie has an empty cmdline and counts as gone)
  while is_our_broker "$pid" && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if is_our_broker "$pid"; then
    log "still running after ${KAFKA_STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while is_our_broker "$pid"; do sleep 0.1; done
  fi
  log "stopped in $((SECONDS - t0))s"
fi
rm -f "$PID_FILE"

if $clean; then
  rm -rf "$DATA_DIR"
  log "removed $DATA_DIR"
fi
