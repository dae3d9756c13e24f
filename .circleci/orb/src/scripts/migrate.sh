#!/usr/bin/env bash
# keel/migrate: apply pending Keel migrations (`keel migrate [--dry-run]`) to the database whose URL is in the
# environment variable named by PARAM_DATABASE_URL_ENV. Exit codes: keel's (0 ok, 1 failed), 2 bad parameters.
set -euo pipefail

usage_error() {
  echo "keel/migrate: $*" >&2
  exit 2
}

url_var="${PARAM_DATABASE_URL_ENV:-DATABASE_URL}"
[[ "$url_var" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || usage_error "database-url-env: '$url_var' is not an environment variable name"
[[ -n "${!url_var:-}" ]] || usage_error "database-url-env: \$$url_var is empty or unset (set it in a context or the project's environment variables)"
export DATABASE_URL="${!url_var}"

read -r -a keel <<< "${PARAM_KEEL_CLI:-${KEEL_CLI:-keel}}"
((${#keel[@]} > 0)) || usage_error "keel-cli: empty"
command -v "${keel[0]}" >/dev/null 2>&1 || usage_error "keel-cli: '${keel[0]}' not found (use the keel/node or keel/image executor, or set keel-cli)"

args=(migrate)
case "${PARAM_DRY_RUN:-false}" in
  true) args+=(--dry-run) ;;
  false) ;;
  *) usage_error "dry-run: expected true or false, got '${PARAM_DRY_RUN}'" ;;
esac

echo "keel ${args[*]} (database URL from \$$url_var)"
status=0
"${keel[@]}" "${args[@]}" || status=$?
if ((status == 1)); then
  echo "keel/migrate: migrations failed; nothing after the failing migration was applied" >&2
fi
exit "$status"
