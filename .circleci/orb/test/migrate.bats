#!/usr/bin/env bats
# shellcheck disable=SC2016 # single-quoted $VARs are literal text: expected messages and stub bodies
# keel/migrate (src/scripts/migrate.sh): argument handling, database URL indirection, exit codes.

setup() {
  load helpers
  setup_stubs
  stub_keel
  SCRIPT="$ORB_SRC/scripts/migrate.sh"
  export DATABASE_URL=postgres://default/db
}

teardown() {
  teardown_stubs
}

@test "runs keel migrate against DATABASE_URL by default" {
  run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(calls)" = "$(printf 'keel migrate\nDATABASE_URL=postgres://default/db')" ]
  [[ "$output" == *"keel migrate (database URL from \$DATABASE_URL)"* ]]
}

@test "reads the URL from the variable named by database-url-env, and never prints it" {
  export PARAM_DATABASE_URL_ENV=STAGING_DATABASE_URL STAGING_DATABASE_URL=postgres://user:secret@staging/db
  run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(calls)" = "$(printf 'keel migrate\nDATABASE_URL=postgres://user:secret@staging/db')" ]
  [[ "$output" != *secret* ]]
}

@test "passes --dry-run when dry-run is true" {
  PARAM_DRY_RUN=true run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(head -n1 "$CALLS")" = "keel migrate --dry-run" ]
}

@test "exits 2 without calling keel when the named variable is unset or empty" {
  PARAM_DATABASE_URL_ENV=MISSING_URL run bash "$SCRIPT"
  [ "$status" -eq 2 ]
  [[ "$output" == *'database-url-env: $MISSING_URL is empty or unset'* ]]
  DATABASE_URL="" run bash "$SCRIPT"
  [ "$status" -eq 2 ]
  [ -z "$(calls)" ]
}

@test "exits 2 for a database-url-env that is not a variable name, or a dry-run that is not a boolean" {
  PARAM_DATABASE_URL_ENV='my-url' run bash "$SCRIPT"
  [ "$status" -eq 2 ]
  [[ "$output" == *"'my-url' is not an environment variable name"* ]]
  PARAM_DRY_RUN=yes run bash "$SCRIPT"
  [ "$status" -eq 2 ]
  [[ "$output" == *"dry-run: expected true or false, got 'yes'"* ]]
  [ -z "$(calls)" ]
}

@test "exits with keel's code: 1 on a failed migration (with a note), 2 on a usage error" {
  KEEL_EXIT=1 run bash "$SCRIPT"
  [ "$status" -eq 1 ]
  [[ "$output" == *"migrations failed"* ]]
  KEEL_EXIT=2 run bash "$SCRIPT"
  [ "$status" -eq 2 ]
}

@test "runs the CLI named by KEEL_CLI (the executors set it), word by word; keel-cli overrides it" {
  stub_keel npx
  stub_keel node
  KEEL_CLI="npx --no-install keel" run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(head -n1 "$CALLS")" = "npx --no-install keel migrate" ]
  : > "$CALLS"
  KEEL_CLI="npx --no-install keel" PARAM_KEEL_CLI="node /app/bin/keel.js" run bash "$SCRIPT"
  [ "$(head -n1 "$CALLS")" = "node /app/bin/keel.js migrate" ]
}

@test "exits 2 when the Keel CLI is not installed" {
  PARAM_KEEL_CLI=no-such-keel run bash "$SCRIPT"
  [ "$status" -eq 2 ]
  [[ "$output" == *"keel-cli: 'no-such-keel' not found"* ]]
}
