#!/usr/bin/env bats
# shellcheck disable=SC2016 # single-quoted $VARs are literal text: expected messages and stub bodies
# keel/deploy-service (src/scripts/deploy-service.sh) with a stub kubectl: the images it sets, the kubectl
# calls in order, failed rollouts (with and without undo), the kubeconfig variable, parameter errors.
# One test renders the repository's example overlay with the real kubectl (kustomize) when it is installed.

setup() {
  load helpers
  REAL_KUBECTL_PATH="$(command -v kubectl || true)"
  setup_stubs
  SCRIPT="$ORB_SRC/scripts/deploy-service.sh"
  export OUT="$TEST_TMP"
  OVERLAY="$TEST_TMP/k8s/overlays/prod"
  mkdir -p "$OVERLAY"
  echo "resources: [../../base]" > "$OVERLAY/kustomization.yaml"
  export KUBECTL_RENDER="$TEST_TMP/render.yaml"
  cat > "$KUBECTL_RENDER" <<'YAML'
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/keel/api:0.1.0
        - name: proxy
          image: docker.io/library/envoy:1.30
---
kind: Deployment
spec:
  template:
    spec:
      containers:
        - image: "registry.example.com/keel/projector:0.1.0"
          name: projector
---
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: scheduler
          image: registry.example.com:5000/keel/scheduler@sha256:0123abcd
---
kind: Job
spec:
  template:
    spec:
      containers:
        - name: migrate
          image: registry.example.com/keel/migrate:0.1.0
YAML
  export KUBECTL_APPLIED="namespace/keel deployment.apps/keel-api deployment.apps/keel-projector service/keel-api job.batch/keel-migrate"
  cat > "$STUBS/kubectl" <<'STUB'
#!/usr/bin/env bash
echo "kubectl $*" >> "$CALLS"
if [[ -n "${KUBECONFIG:-}" ]]; then echo "kubeconfig $KUBECONFIG: $(cat "$KUBECONFIG")" >> "$CALLS"; fi
args=("$@")
if [[ "${args[0]}" == -n ]]; then args=("${args[@]:2}"); fi
case "${args[0]}" in
  kustomize)
    if [[ -n "${REAL_KUBECTL:-}" ]]; then exec "$REAL_KUBECTL" kustomize "${args[1]}"; fi
    cat "$KUBECTL_RENDER"
    ;;
  apply)
    cp "${args[2]}/kustomization.yaml" "$OUT/wrapper.yaml"
    if [[ -n "${REAL_KUBECTL:-}" ]]; then "$REAL_KUBECTL" kustomize "${args[2]}" > "$OUT/applied.yaml" || exit 1; fi
    printf '%s\n' $KUBECTL_APPLIED
    ;;
  rollout)
    if [[ "${args[1]}" == status && " ${KUBECTL_FAIL_ROLLOUT:-} " == *" ${args[2]} "* ]]; then exit 1; fi
    ;;
esac
exit 0
STUB
  chmod +x "$STUBS/kubectl"
  export PARAM_OVERLAY="$OVERLAY" PARAM_VERSION=abc123
}

# The kubectl calls, with the throw-away overlay's random name and the test directory replaced.
kubectl_calls() {
  grep '^kubectl' "$CALLS" | sed -E "s#\.keel-deploy\.[A-Za-z0-9]+#.keel-deploy.X#; s#$TEST_TMP#TMP#g"
}

teardown() {
  teardown_stubs
}

# kubectl_called PATTERN: some kubectl call matches PATTERN.
kubectl_called() {
  kubectl_calls | grep -q -- "$1"
}

@test "points each Keel image at the version, keeping the overlay's image names, in an overlay next to it" {
  run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(cat "$OUT/wrapper.yaml")" = "$(cat <<'YAML'
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../prod
images:
  - name: registry.example.com/keel/api
    newTag: abc123
  - name: registry.example.com/keel/projector
    newTag: abc123
  - name: registry.example.com:5000/keel/scheduler
    newTag: abc123
  - name: registry.example.com/keel/migrate
    newTag: abc123
YAML
)" ]
}

@test "renames the images into the registry when one is given" {
  PARAM_REGISTRY=ghcr.io/acme/keel/ PARAM_SERVICES="api,migrate" run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  grep -q '  - name: registry.example.com/keel/api' "$OUT/wrapper.yaml"
  grep -q '    newName: ghcr.io/acme/keel/api' "$OUT/wrapper.yaml"
  grep -q '    newName: ghcr.io/acme/keel/migrate' "$OUT/wrapper.yaml"
  refute grep -q projector "$OUT/wrapper.yaml"
}

@test "deletes the immutable migrate Job, applies, waits for each workload's rollout, then for the Job" {
  run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(kubectl_calls)" = "$(cat <<'CALLS'
kubectl kustomize TMP/k8s/overlays/prod
kubectl -n keel delete job keel-migrate --ignore-not-found --wait=true
kubectl -n keel apply -k TMP/k8s/overlays/.keel-deploy.X -o name
kubectl -n keel rollout status deployment.apps/keel-api --timeout=5m
kubectl -n keel rollout status deployment.apps/keel-projector --timeout=5m
kubectl -n keel wait --for=condition=complete job/keel-migrate --timeout=5m
CALLS
)" ]
  [[ "$output" == *"rolled out at abc123"* ]]
  [ -z "$(find "$TEST_TMP/k8s/overlays" -name '.keel-deploy.*')" ]
}

@test "uses the namespace, timeout and Jobs it is given, and the commit being built by default" {
  unset PARAM_VERSION
  CIRCLE_SHA1=0f1e2d PARAM_NAMESPACE=keel-staging PARAM_ROLLOUT_TIMEOUT=90s PARAM_RECREATE_JOBS="" run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  grep -q 'newTag: 0f1e2d' "$OUT/wrapper.yaml"
  kubectl_calls | grep -qx 'kubectl -n keel-staging rollout status deployment.apps/keel-api --timeout=90s'
  refute kubectl_called 'delete job'
}

@test "fails (exit 1) when a rollout does not complete, without undoing it by default" {
  KUBECTL_FAIL_ROLLOUT=deployment.apps/keel-projector run bash "$SCRIPT"
  [ "$status" -eq 1 ]
  [[ "$output" == *"rollout did not complete within 5m: deployment.apps/keel-projector (not rolled back"* ]]
  refute kubectl_called 'rollout undo'
  refute kubectl_called ' wait '
  [ -z "$(find "$TEST_TMP/k8s/overlays" -name '.keel-deploy.*')" ]
}

@test "undoes only the failed rollouts when rollback-on-failure is true" {
  KUBECTL_FAIL_ROLLOUT=deployment.apps/keel-api PARAM_ROLLBACK_ON_FAILURE=true run bash "$SCRIPT"
  [ "$status" -eq 1 ]
  [ "$(kubectl_calls | grep 'rollout undo')" = "kubectl -n keel rollout undo deployment.apps/keel-api" ]
  [[ "$output" == *"(rolled back to the previous revision)"* ]]
}

@test "uses a base64 kubeconfig from the named variable for every kubectl call, and removes it afterwards" {
  export CLUSTER_CONFIG
  CLUSTER_CONFIG="$(printf 'apiVersion: v1\nkind: Config' | base64 -w0)"
  PARAM_KUBECONFIG_ENV=CLUSTER_CONFIG run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(grep -c '^kubeconfig ' "$CALLS")" -eq "$(grep -c '^kubectl ' "$CALLS")" ]
  grep -q 'apiVersion: v1' "$CALLS"
  file="$(grep -m1 '^kubeconfig ' "$CALLS" | sed -E 's/^kubeconfig ([^:]+):.*/\1/')"
  [ ! -e "$file" ]
  [[ "$output" != *"apiVersion"* ]]
}

@test "exits 2 when the kubeconfig variable is not base64" {
  KUBECONFIG_DATA='not base64!' run bash "$SCRIPT"
  [ "$status" -eq 2 ]
  [[ "$output" == *'$KUBECONFIG_DATA is not base64'* ]]
}

@test "exits 2, applying nothing, when a service has no image in the overlay" {
  PARAM_SERVICES="api gateway" run bash "$SCRIPT"
  [ "$status" -eq 2 ]
  [[ "$output" == *"services: 'gateway' has no image in"* ]]
  refute kubectl_called apply
}

@test "exits 2, calling no kubectl, for bad parameters" {
  mkdir -p "$TEST_TMP/empty"
  for case in "PARAM_OVERLAY=" "PARAM_OVERLAY=$TEST_TMP/empty" "PARAM_VERSION=bad:tag" "PARAM_REGISTRY=Registry.Example.com" \
    "PARAM_SERVICES=api;rm" "PARAM_NAMESPACE=Keel" "PARAM_ROLLOUT_TIMEOUT=5 minutes" "PARAM_RECREATE_JOBS=Keel_Migrate" \
    "PARAM_KUBECONFIG_ENV=kube-config" "PARAM_ROLLBACK_ON_FAILURE=yes"; do
    run env "$case" bash "$SCRIPT"
    [ "$status" -eq 2 ] || { echo "$case gave $status: $output"; return 1; }
  done
  [ -z "$(calls)" ]
}

@test "exits 2 when kubectl is not installed" {
  mkdir -p "$TEST_TMP/nobin"
  PATH="$TEST_TMP/nobin" run /bin/bash "$SCRIPT"
  [ "$status" -eq 2 ]
  [[ "$output" == *"kubectl not found on PATH (run keel/install-kubectl first)"* ]]
}

@test "renders the repository's example overlay with every Keel image at the new tag (real kustomize)" {
  [ -n "$REAL_KUBECTL_PATH" ] || skip "kubectl is not installed"
  export REAL_KUBECTL="$REAL_KUBECTL_PATH"
  cp -r "$REPO_ROOT/k8s" "$TEST_TMP/repo-k8s"
  PARAM_OVERLAY="$TEST_TMP/repo-k8s/overlays/example" run bash "$SCRIPT"
  [ "$status" -eq 0 ]
  for service in api projector scheduler migrate; do
    grep -q "image: registry.example.com/keel/$service:abc123" "$OUT/applied.yaml"
  done
  refute grep -q ':0.1.0' "$OUT/applied.yaml"
}
