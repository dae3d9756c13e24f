#!/usr/bin/env bash
# keel/deploy-service: roll Keel's services out on Kubernetes at one image tag, then wait for them.
#   1. render the kustomize overlay and point its Keel images at PARAM_VERSION (a throw-away overlay next to it
#      with `images:` entries, so the checked-in overlay is not edited)
#   2. delete the Jobs the new manifests recreate (Job templates are immutable), `kubectl apply`
#   3. `kubectl rollout status` every applied Deployment/StatefulSet/DaemonSet, wait for the recreated Jobs;
#      on a failed rollout, optionally `kubectl rollout undo`
# Parameters come in PARAM_* variables (commands/deploy-service.yml). Exit: 0 rolled out, 1 failed, 2 bad parameters.
set -euo pipefail

usage_error() {
  echo "keel/deploy-service: $*" >&2
  exit 2
}
fail() {
  echo "keel/deploy-service: $*" >&2
  exit 1
}
is_bool() { [[ "$1" == true || "$1" == false ]]; }

overlay="${PARAM_OVERLAY:-}"
version="${PARAM_VERSION:-${CIRCLE_SHA1:-}}"
registry="${PARAM_REGISTRY:-}"
registry="${registry%/}"
services_list="${PARAM_SERVICES-api projector scheduler migrate}"
read -r -a services <<< "${services_list//,/ }"
namespace="${PARAM_NAMESPACE:-keel}"
timeout="${PARAM_ROLLOUT_TIMEOUT:-5m}"
jobs_list="${PARAM_RECREATE_JOBS-keel-migrate}"
read -r -a recreate_jobs <<< "${jobs_list//,/ }"
kubeconfig_var="${PARAM_KUBECONFIG_ENV:-KUBECONFIG_DATA}"
rollback="${PARAM_ROLLBACK_ON_FAILURE:-false}"

[[ -n "$overlay" ]] || usage_error "overlay: required (a kustomize directory, e.g. k8s/overlays/production)"
overlay="${overlay%/}"
[[ -f "$overlay/kustomization.yaml" || -f "$overlay/kustomization.yml" || -f "$overlay/Kustomization" ]] || usage_error "overlay: no kustomization.yaml in '$overlay'"
[[ -n "$version" ]] || usage_error "version: required (an image tag; on CircleCI it defaults to \$CIRCLE_SHA1)"
[[ "$version" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || usage_error "version: '$version' is not a valid image tag"
[[ -z "$registry" || "$registry" =~ ^[a-z0-9]([a-z0-9._:/-]*[a-z0-9])?$ ]] || usage_error "registry: '$registry' is not an image repository prefix (e.g. registry.example.com/keel)"
((${#services[@]} > 0)) || usage_error "services: empty (e.g. 'api projector scheduler migrate')"
for service in "${services[@]}"; do
  [[ "$service" =~ ^[a-z0-9][a-z0-9._-]*$ ]] || usage_error "services: '$service' is not an image name"
done
[[ "$namespace" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || usage_error "namespace: '$namespace' is not a Kubernetes namespace name"
[[ "$timeout" =~ ^[1-9][0-9]*[smh]$ ]] || usage_error "rollout-timeout: '$timeout' must look like 90s, 5m or 1h"
for job in "${recreate_jobs[@]}"; do
  [[ "$job" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || usage_error "recreate-jobs: '$job' is not a Job name"
done
[[ "$kubeconfig_var" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || usage_error "kubeconfig-env: '$kubeconfig_var' is not an environment variable name"
is_bool "$rollback" || usage_error "rollback-on-failure: expected true or false, got '$rollback'"
command -v kubectl >/dev/null 2>&1 || usage_error "kubectl not found on PATH (run keel/install-kubectl first)"

wrapper=""
kubeconfig_file=""
cleanup() {
  if [[ -n "$wrapper" ]]; then rm -rf "$wrapper"; fi
  if [[ -n "$kubeconfig_file" ]]; then rm -f "$kubeconfig_file"; fi
}
trap cleanup EXIT

if [[ -n "${!kubeconfig_var:-}" ]]; then
  kubeconfig_file="$(mktemp)"
  chmod 600 "$kubeconfig_file"
  printf '%s' "${!kubeconfig_var}" | base64 -d > "$kubeconfig_file" 2>/dev/null || usage_error "kubeconfig-env: \$$kubeconfig_var is not base64"
  export KUBECONFIG="$kubeconfig_file"
  echo "using the kubeconfig in \$$kubeconfig_var"
fi

# 1. Which image names does the overlay render for each service? (name without tag or digest, matched by its
#    last path segment: registry.example.com/keel/api:0.1.0 → registry.example.com/keel/api for "api")
rendered="$(kubectl kustomize "$overlay")" || fail "kubectl kustomize $overlay failed"
mapfile -t images < <(printf '%s\n' "$rendered" | sed -n -E "s/^[[:space:]-]*image:[[:space:]]*[\"']?([^\"'[:space:]]+)[\"']?[[:space:]]*$/\1/p" | sort -u)

image_name_for() {
  local ref name last
  for ref in "${images[@]}"; do
    name="${ref%@*}"
    last="${name##*/}"
    if [[ "$last" == *:* ]]; then
      name="${name%:*}"
      last="${last%%:*}"
    fi
    if [[ "$last" == "$1" ]]; then
      echo "$name"
      return 0
    fi
  done
  return 1
}

wrapper="$(mktemp -d "$(dirname "$overlay")/.keel-deploy.XXXXXX")"
{
  printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../%s\nimages:\n' "$(basename "$overlay")"
  for service in "${services[@]}"; do
    name="$(image_name_for "$service")" || usage_error "services: '$service' has no image in $overlay (images: ${images[*]:-none})"
    printf '  - name: %s\n' "$name"
    if [[ -n "$registry" ]]; then printf '    newName: %s/%s\n' "$registry" "$service"; fi
    printf '    newTag: %s\n' "$version"
  done
} > "$wrapper/kustomization.yaml"
echo "deploying ${services[*]} at $version from $overlay to namespace $namespace"

# 2. Apply. Jobs are immutable: delete the ones the manifests recreate (keel-migrate) first.
for job in "${recreate_jobs[@]}"; do
  kubectl -n "$namespace" delete job "$job" --ignore-not-found --wait=true || fail "could not delete job $job"
done
applied="$(kubectl -n "$namespace" apply -k "$wrapper" -o name)" || fail "kubectl apply failed"
printf '%s\n' "$applied"

# 3. Wait for the workloads, then the recreated Jobs.
failed=()
while read -r object; do
  case "$object" in
    deployment.apps/* | statefulset.apps/* | daemonset.apps/*)
      echo "waiting for $object (timeout $timeout)"
      kubectl -n "$namespace" rollout status "$object" --timeout="$timeout" || failed+=("$object")
      ;;
  esac
done <<< "$applied"

if ((${#failed[@]} > 0)); then
  kubectl -n "$namespace" get events --sort-by=.lastTimestamp 2>/dev/null | tail -n 20 >&2 || true
  if [[ "$rollback" == true ]]; then
    for object in "${failed[@]}"; do
      kubectl -n "$namespace" rollout undo "$object" || echo "keel/deploy-service: rollout undo $object failed" >&2
    done
    fail "rollout did not complete within $timeout: ${failed[*]} (rolled back to the previous revision)"
  fi
  fail "rollout did not complete within $timeout: ${failed[*]} (not rolled back; rollback-on-failure is false)"
fi

for job in "${recreate_jobs[@]}"; do
  if grep -qx "job.batch/$job" <<< "$applied"; then
    echo "waiting for job/$job to complete (timeout $timeout)"
    kubectl -n "$namespace" wait --for=condition=complete "job/$job" --timeout="$timeout" || fail "job $job did not complete within $timeout"
  fi
done
echo "keel/deploy-service: ${services[*]} rolled out at $version"
