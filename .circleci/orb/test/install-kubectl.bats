#!/usr/bin/env bats
# shellcheck disable=SC2016 # single-quoted $VARs are literal text: expected messages and stub bodies
# keel/install-kubectl (src/scripts/install-kubectl.sh) with stub curl and uname and no kubectl on PATH.

setup() {
  load helpers
  setup_stubs
  SCRIPT="$ORB_SRC/scripts/install-kubectl.sh"
  # A PATH with the tools the script needs but without any kubectl that may be installed on this machine.
  SYSTEM="$TEST_TMP/system"
  mkdir -p "$SYSTEM"
  for tool in bash env cat cut tr sha256sum install mkdir mktemp rm chmod; do ln -s "$(command -v "$tool")" "$SYSTEM/$tool"; done
  export HOME="$TEST_TMP/home" BASH_ENV_FILE="$TEST_TMP/bash_env"
  : > "$BASH_ENV_FILE"
  export FAKE_KUBECTL='#!/bin/sh
echo fake kubectl'
  stub uname 'echo "${UNAME_M:-x86_64}"'
  stub curl '
while (($#)); do case "$1" in -o) out="$2"; shift 2 ;; -*) shift ;; *) url="$1"; shift ;; esac; done
[[ -z "${CURL_FAIL:-}" ]] || exit 22
if [[ "$url" == *.sha256 ]]; then
  if [[ -n "${CURL_BAD_SHA:-}" ]]; then echo 0000 > "$out"; else printf "%s" "$FAKE_KUBECTL" | sha256sum | cut -c1-64 > "$out"; fi
else
  printf "%s" "$FAKE_KUBECTL" > "$out"
fi'
  export PARAM_KUBECTL_VERSION=v1.32.4
}

# run_script: run the script with only the stubs and $SYSTEM on PATH.
run_script() {
  PATH="$STUBS:$SYSTEM" run bash "$SCRIPT"
}

teardown() {
  teardown_stubs
}

@test "downloads the release for this architecture, checks its sha256, installs it and puts it on PATH" {
  BASH_ENV="$BASH_ENV_FILE" run_script
  [ "$status" -eq 0 ]
  [ "$(grep '^curl' "$CALLS" | sed -E 's/.* (https:[^ ]+)$/\1/')" = "$(printf '%s\n' https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl.sha256)" ]
  [ -x "$HOME/.local/bin/kubectl" ]
  [ "$("$HOME/.local/bin/kubectl")" = "fake kubectl" ]
  [ "$(cat "$BASH_ENV_FILE")" = "export PATH=\"$HOME/.local/bin:\$PATH\"" ]
}

@test "picks arm64 on aarch64 and expands ~ in install-dir" {
  # shellcheck disable=SC2088 # the literal ~ is what the script must expand
  UNAME_M=aarch64 PARAM_INSTALL_DIR='~/tools' run_script
  [ "$status" -eq 0 ]
  grep -q 'linux/arm64/kubectl' "$CALLS"
  [ -x "$HOME/tools/kubectl" ]
}

@test "does nothing when kubectl is already on PATH" {
  stub kubectl
  run_script
  [ "$status" -eq 0 ]
  [[ "$output" == *"already installed"* ]]
  refute grep -q '^curl' "$CALLS"
}

@test "exits 1 and installs nothing when the checksum does not match" {
  CURL_BAD_SHA=1 run_script
  [ "$status" -eq 1 ]
  [[ "$output" == *"checksum mismatch"* ]]
  [ ! -e "$HOME/.local/bin/kubectl" ]
}

@test "exits 1 when the download fails" {
  CURL_FAIL=1 run_script
  [ "$status" -eq 1 ]
  [[ "$output" == *"download failed"* ]]
}

@test "exits 2 for a version that is not vX.Y.Z or an unsupported architecture" {
  PARAM_KUBECTL_VERSION=1.32 run_script
  [ "$status" -eq 2 ]
  UNAME_M=s390x run_script
  [ "$status" -eq 2 ]
  refute grep -q '^curl' "$CALLS"
}
