#!/usr/bin/env bats
# shellcheck disable=SC2016 # single-quoted $VARs are literal text: expected messages and stub bodies
# keel/verify-projections (src/scripts/verify-projections.sh): selection handling and drift exit code.

setup() {
  load helpers
  setup_stubs
  stub_keel
  SCRIPT="$ORB_SRC/scripts/verify-projections.sh"
  export DATABASE_URL=postgres://default/db
}

teardown() {
  teardown_stubs
}

@test "verifies every projection by default" {
  run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(head -n1 "$CALLS")" = "keel projections verify" ]
}

@test "verifies the named projections" {
  PARAM_PROJECTIONS="nodes,deployments" run bash "$SCRIPT"
  [ "$(head -n1 "$CALLS")" = "keel projections verify nodes deployments" ]
}

@test "exits 1 on drift, after keel's diff" {
  KEEL_EXIT=1 run bash "$SCRIPT"
  [ "$status" -eq 1 ]
  [[ "$output" == *"keel output"* ]]
  [[ "$output" == *"drifted from the event log"* ]]
}

@test "skips on none; exits 2 on changed (verify has no --changed) or an empty selection" {
  PARAM_PROJECTIONS=none run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  PARAM_PROJECTIONS=changed run bash "$SCRIPT"
  [ "$status" -eq 2 ]
  PARAM_PROJECTIONS="" run bash "$SCRIPT"
  [ "$status" -eq 2 ]
  [ -z "$(calls)" ]
}

@test "exits 2 when the database variable is unset" {
  unset DATABASE_URL
  run bash "$SCRIPT"
  [ "$status" -eq 2 ]
  [[ "$output" == *'$DATABASE_URL is empty or unset'* ]]
}
