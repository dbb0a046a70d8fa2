#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[wharf] installing npm dependencies"
  # `npm install`, not `npm ci`: the registry this runs against does not serve other platforms'
  # optional packages (e.g. @next/swc-darwin-*), so the lockfile cannot list them and `npm ci` refuses it.
  # --include=dev: a shell with NODE_ENV=production (the production-server tests) must not prune the build tools.
  npm install --no-audit --no-fund --include=dev
fi
