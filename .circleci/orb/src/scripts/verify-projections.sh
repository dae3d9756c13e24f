#!/usr/bin/env bash
# keel/verify-projections: `keel projections verify [name...]` rebuilds into a shadow schema and diffs it with
# the live tables, against the database named by PARAM_DATABASE_URL_ENV.
# PARAM_PROJECTIONS: all (default), none, or names separated by commas or spaces.
# Exit codes: 0 no drift, 1 drift (keel prints the diff) or failure, 2 bad parameters.
set -euo pipefail

usage_error() {
  echo "keel/verify-projections: $*" >&2
  exit 2
}

selection="${PARAM_PROJECTIONS-all}"
args=(projections verify)
case "$selection" in
  all) ;;
  none)
    echo "keel/verify-projections: projections is 'none', nothing to verify"
    exit 0
    ;;
  *)
    read -r -a names <<< "${selection//,/ }"
    ((${#names[@]} > 0)) || usage_error "projections: empty (use all, none or projection names)"
    for name in "${names[@]}"; do
      case "$name" in
        all | none | changed) usage_error "projections: '$name' cannot be used here (got '$selection'; use all, none or projection names)" ;;
      esac
      [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || usage_error "projections: '$name' is not a projection name"
    done
    args+=("${names[@]}")
    ;;
esac

url_var="${PARAM_DATABASE_URL_ENV:-DATABASE_URL}"
[[ "$url_var" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || usage_error "database-url-env: '$url_var' is not an environment variable name"
[[ -n "${!url_var:-}" ]] || usage_error "database-url-env: \$$url_var is empty or unset (set it in a context or the project's environment variables)"
export DATABASE_URL="${!url_var}"

read -r -a keel <<< "${PARAM_KEEL_CLI:-${KEEL_CLI:-keel}}"
((${#keel[@]} > 0)) || usage_error "keel-cli: empty"
command -v "${keel[0]}" >/dev/null 2>&1 || usage_error "keel-cli: '${keel[0]}' not found (use the keel/node or keel/image executor, or set keel-cli)"

echo "keel ${args[*]} (database URL from \$$url_var)"
status=0
"${keel[@]}" "${args[@]}" || status=$?
if ((status == 1)); then
  echo "keel/verify-projections: the projections drifted from the event log (diff above), or verify failed" >&2
fi
exit "$status"
