#!/usr/bin/env bash
# Wharf as the e2e suite sees it: the production build, on its own port, with a fresh data dir
# (so the first-run journey really is a first run) and the local engine added by default.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production
export WHARF_DATA_DIR="${WHARF_E2E_DATA_DIR:-${WHARF_TEST_DIR:-/tmp/wharf-test}/e2e-data}"
rm -rf "$WHARF_DATA_DIR"
unset WHARF_ADMIN_USER WHARF_ADMIN_PASSWORD DOCKER_HOST
bash scripts/build-if-stale.sh
# V8 options shared with the benches (scripts/node-options; see docs/memory.md).
export NODE_OPTIONS="$(grep -v '^#' scripts/node-options | tr '\n' ' ')${NODE_OPTIONS:-}"
exec node .wharf-server/server/index.js
