#!/usr/bin/env bash
# keel/install-kubectl: install kubectl PARAM_KUBECTL_VERSION from dl.k8s.io (checksum verified) into
# PARAM_INSTALL_DIR (default ~/.local/bin, added to PATH for later steps), unless kubectl is already on PATH.
# Exit: 0 installed or present, 1 download or checksum failed, 2 bad parameters.
set -euo pipefail

usage_error() {
  echo "keel/install-kubectl: $*" >&2
  exit 2
}

if command -v kubectl >/dev/null 2>&1; then
  echo "kubectl is already installed: $(command -v kubectl)"
  exit 0
fi

version="${PARAM_KUBECTL_VERSION:-}"
[[ "$version" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || usage_error "version: '$version' must look like v1.32.4"
install_dir="${PARAM_INSTALL_DIR:-}"
install_dir="${install_dir:-$HOME/.local/bin}"
install_dir="${install_dir/#\~/$HOME}"

case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) usage_error "unsupported machine architecture $(uname -m)" ;;
esac

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
url="https://dl.k8s.io/release/$version/bin/linux/$arch/kubectl"
echo "downloading $url"
curl -fsSL --retry 3 -o "$tmp/kubectl" "$url" || {
  echo "keel/install-kubectl: download failed: $url" >&2
  exit 1
}
curl -fsSL --retry 3 -o "$tmp/kubectl.sha256" "$url.sha256" || {
  echo "keel/install-kubectl: download failed: $url.sha256" >&2
  exit 1
}
echo "$(tr -d '[:space:]' < "$tmp/kubectl.sha256")  $tmp/kubectl" | sha256sum --check --quiet || {
  echo "keel/install-kubectl: checksum mismatch for $url" >&2
  exit 1
}
mkdir -p "$install_dir"
install -m 0755 "$tmp/kubectl" "$install_dir/kubectl"
if [[ ":$PATH:" != *":$install_dir:"* && -n "${BASH_ENV:-}" ]]; then
  echo "export PATH=\"$install_dir:\$PATH\"" >> "$BASH_ENV"
fi
echo "installed kubectl $version to $install_dir/kubectl"
