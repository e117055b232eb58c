#!/usr/bin/env bash
# The repository holds source only: fails when a private key, an LMDB store,
# a log or build output is tracked by git (a demo run once committed its
# store, log and a CA key). Skipped outside a git checkout.
set -u
cd "$(dirname "$0")/.."
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "tracked files: not a git checkout, nothing to check"
    exit 0
fi
bad=$(git ls-files | grep -E '\.(key|pem|mdb|log|o|a)$|(^|/)(build|tmp)/|(^|/)lock\.mdb$' || true)
if [ -n "$bad" ]; then
    echo "tracked files: these must not be in the repository (build output, stores, keys, logs):" >&2
    echo "$bad" | sed 's/^/  /' >&2
    exit 1
fi
echo "tracked files: source only"
