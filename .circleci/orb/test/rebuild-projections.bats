#!/usr/bin/env bats
# keel/rebuild-projections (src/scripts/rebuild-projections.sh): selection handling and exit codes.

setup() {
  load helpers
  setup_stubs
  stub_keel
  SCRIPT="$ORB_SRC/scripts/rebuild-projections.sh"
  export DATABASE_URL=postgres://default/db
}

teardown() {
  teardown_stubs
}

@test "rebuilds the changed projections by default" {
  run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(head -n1 "$CALLS")" = "keel projections rebuild --changed" ]
}

@test "rebuilds all, or the named projections (commas and spaces both separate)" {
  PARAM_PROJECTIONS=all run bash "$SCRIPT"
  [ "$(head -n1 "$CALLS")" = "keel projections rebuild --all" ]
  : > "$CALLS"
  PARAM_PROJECTIONS="nodes, deployments models" run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(head -n1 "$CALLS")" = "keel projections rebuild nodes deployments models" ]
}

@test "skips without calling keel when projections is none" {
  PARAM_PROJECTIONS=none run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  [ -z "$(calls)" ]
}

@test "exits 2 for an empty selection, a keyword mixed with names, or a name that could be an option" {
  for selection in "" " , " "changed,nodes" "--all" "nodes;rm"; do
    PARAM_PROJECTIONS="$selection" run bash "$SCRIPT"
    [ "$status" -eq 2 ] || { echo "selection '$selection' gave $status"; return 1; }
  done
  [ -z "$(calls)" ]
}

@test "reads the URL through database-url-env" {
  PARAM_DATABASE_URL_ENV=PROD_URL PROD_URL=postgres://prod/db run bash "$SCRIPT"
  [ "$(tail -n1 "$CALLS")" = "DATABASE_URL=postgres://prod/db" ]
  PARAM_DATABASE_URL_ENV=UNSET_URL run bash "$SCRIPT"
  [ "$status" -eq 2 ]
}

@test "exits 1 when the rebuild fails, saying the old tables still serve" {
  KEEL_EXIT=1 run bash "$SCRIPT"
  [ "$status" -eq 1 ]
  [[ "$output" == *"the previous tables are still live"* ]]
}
