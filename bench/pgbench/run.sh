#!/usr/bin/env bash
# The append floor on the server alone: pgbench (16 clients, prepared statements, one-event appends to new
# streams, no Node in the path) against a one-row INSERT, in a throw-away database migrated like Keel's.
# Prints JSON lines {shape, tps, vsBaseline} and writes them as an array to bench/results/pgbench-append-floor.json.
# Usage: bench/pgbench/run.sh [seconds per shape, default 8]
# Needs pgbench (Debian: postgresql-client) and the server at PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres).
set -euo pipefail
DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd -- "$DIR/../.." && pwd)"
SECONDS_PER_SHAPE="${1:-8}"
[[ "$SECONDS_PER_SHAPE" =~ ^[0-9]+$ ]] || { echo "seconds must be a number" >&2; exit 2; }
command -v pgbench >/dev/null || { echo "pgbench not found (Debian: apt-get install postgresql-client)" >&2; exit 1; }
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="keel_pgbench_$$"
cleanup() { psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true; }
trap cleanup EXIT
psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB" node "$ROOT/bin/keel.js" migrate >&2
psql -q -d "$DB" -v ON_ERROR_STOP=1 -f "$DIR/functions.sql" >/dev/null

tps() { pgbench -n -M prepared -c 16 -j 2 -T "$SECONDS_PER_SHAPE" -f "$DIR/$1.sql" "$DB" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p'; }
baseline="$(tps baseline)"
LINES="$(mktemp)"
emit() { awk -v s="$1" -v t="$2" -v b="$baseline" 'BEGIN { printf "{\"shape\":\"%s\",\"tps\":%d,\"vsBaseline\":%.2f}\n", s, t, t / b }' | tee -a "$LINES"; }
emit baseline "$baseline"
for shape in events-insert minimal-append append-statement append-stream append-events; do
  emit "$shape" "$(tps "$shape")"
done
# The same two shapes once more without the event-id unique index, the one es.events could most easily lose.
psql -q -d "$DB" -c 'ALTER TABLE es.events DROP CONSTRAINT events_event_id_key' >/dev/null
emit events-insert-without-event-id-index "$(tps events-insert)"
emit minimal-append-without-event-id-index "$(tps minimal-append)"
{ echo '['; paste -sd, "$LINES"; echo ']'; } > "$ROOT/bench/results/pgbench-append-floor.json"
rm -f "$LINES"
