#!/usr/bin/env bash
# `npm run proto:check`: buf lint, then buf breaking against the protos on branch main (override with
# PROTO_AGAINST=<branch>). Uses the local branch, else origin/<branch> (CI checkouts); skips the breaking
# check while that branch has no buf module yet (the commit that adds the first protos).
set -euo pipefail
cd "$(dirname "$0")/../.."
buf=node_modules/.bin/buf
branch="${PROTO_AGAINST:-main}"

"$buf" lint
echo "buf lint: ok"

if git rev-parse --verify --quiet "refs/heads/$branch" >/dev/null; then
  ref="refs/heads/$branch"
  against=".git#branch=$branch"
elif git rev-parse --verify --quiet "refs/remotes/origin/$branch" >/dev/null; then
  ref="refs/remotes/origin/$branch"
  against=".git#ref=$ref"
else
  echo "buf breaking: no branch $branch (nor origin/$branch) to compare against; fetch it: git fetch origin $branch:$branch" >&2
  exit 1
fi

if ! git cat-file -e "$ref:buf.yaml" 2>/dev/null || [[ -z "$(git ls-tree -r --name-only "$ref" -- proto | grep '\.proto$' || true)" ]]; then
  echo "buf breaking: $branch has no protos yet; nothing to compare against"
  exit 0
fi

"$buf" breaking --against "$against"
echo "buf breaking against $branch: ok"
