# Shared bats helpers for the orb scripts: stub executables on PATH that record how they were called.
# shellcheck shell=bash

# Used by the .bats files that load this one.
# shellcheck disable=SC2034
ORB_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../src" && pwd)"
# shellcheck disable=SC2034
REPO_ROOT="$(cd "$ORB_SRC/../../.." && pwd)"

# setup_stubs: a fresh temp directory ($TEST_TMP, removed by teardown_stubs; bats before 1.4 has no
# BATS_TEST_TMPDIR), a stub directory first on PATH, a call log, and no PARAM_*/KEEL_* leaking in from CI.
setup_stubs() {
  TEST_TMP="$(mktemp -d)"
  STUBS="$TEST_TMP/stubs"
  CALLS="$TEST_TMP/calls.log"
  mkdir -p "$STUBS"
  : > "$CALLS"
  export TEST_TMP STUBS CALLS
  export PATH="$STUBS:$PATH"
  while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(PARAM_|KEEL_|DATABASE_URL$|KUBECONFIG|CIRCLE_SHA1$)' || true)
}

teardown_stubs() {
  rm -rf "$TEST_TMP"
}

# refute COMMAND...: fail the test if COMMAND succeeds (bats ignores a failing `! command` mid-test).
refute() {
  if "$@"; then
    echo "expected to fail: $*" >&2
    return 1
  fi
}

# stub NAME BODY: an executable NAME on PATH running BODY (bash) after logging "NAME args" to $CALLS.
stub() {
  local name="$1" body="${2:-}"
  {
    echo '#!/usr/bin/env bash'
    echo "printf '%s' '$name' >> \"\$CALLS\"; printf ' %s' \"\$@\" >> \"\$CALLS\"; echo >> \"\$CALLS\""
    echo "$body"
  } > "$STUBS/$name"
  chmod +x "$STUBS/$name"
}

# stub_keel: a `keel` that records DATABASE_URL and exits with $KEEL_EXIT (default 0).
stub_keel() {
  # shellcheck disable=SC2016 # expanded by the stub, not here
  stub "${1:-keel}" 'echo "DATABASE_URL=${DATABASE_URL:-}" >> "$CALLS"; echo "keel output"; exit "${KEEL_EXIT:-0}"'
}

# calls: the recorded calls, one per line.
calls() {
  cat "$CALLS"
}
