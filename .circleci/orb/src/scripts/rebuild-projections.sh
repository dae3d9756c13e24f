#!/usr/bin/env bash
# keel/rebuild-projections: `keel projections rebuild --changed | --all | <name...>` (blue/green: the live tables
# keep serving until the swap) against the database named by PARAM_DATABASE_URL_ENV.
# PARAM_PROJECTIONS: changed (default), all, none, or names separated by commas or spaces.
# Exit codes: keel's (0 ok, 1 failed), 2 bad parameters.
set -euo pipefail

usage_error() {
  echo "keel/rebuild-projections: $*" >&2
  exit 2
}

selection="${PARAM_PROJECTIONS-changed}"
args=(projections rebuild)
case "$selection" in
  changed) args+=(--changed) ;;
  all) args+=(--all) ;;
  none)
    echo "keel/rebuild-projections: projections is 'none', nothing to rebuild"
    exit 0
    ;;
  *)
    read -r -a names <<< "${selection//,/ }"
    ((${#names[@]} > 0)) || usage_error "projections: empty (use changed, all, none or projection names)"
    for name in "${names[@]}"; do
      case "$name" in
        changed | all | none) usage_error "projections: '$name' cannot be combined with names (got '$selection')" ;;
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
  echo "keel/rebuild-projections: rebuild failed; the previous tables are still live (rerun to resume)" >&2
fi
exit "$status"
