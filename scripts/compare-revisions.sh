#!/usr/bin/env bash
# Scans DIR with git revision REV and with the working tree, then compares the
# findings (scripts/compare-findings.ts). REV is built in a temporary worktree.
#   scripts/compare-revisions.sh 683d8be ../shared/corpus/real-world
set -euo pipefail
rev=${1:?usage: compare-revisions.sh REV DIR}
dir=$(cd "${2:?usage: compare-revisions.sh REV DIR}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/rev" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git -C "$root" worktree add -q --detach "$tmp/rev" "$rev"
(cd "$tmp/rev" && npm ci --no-audit --no-fund --silent >/dev/null)
(cd "$root" && npm run build --silent >/dev/null)
node "$tmp/rev/bin/shipshape.js" scan "$dir" -f json --fail-on never -o "$tmp/before.json" 2>/dev/null
node "$root/bin/shipshape.js" scan "$dir" -f json --fail-on never -o "$tmp/after.json" 2>/dev/null
node --import tsx "$root/scripts/compare-findings.ts" "$tmp/before.json" "$tmp/after.json"
