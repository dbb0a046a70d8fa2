#!/usr/bin/env bash
# npm start: install if needed, build if the sources changed, then serve on http://localhost:${PORT:-3000}.
# The last step replaces this shell with one plain `node` process running the compiled server
# (.wharf-server/): nothing else stays resident.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/ensure-deps.sh
bash scripts/build-if-stale.sh
export NODE_ENV=production
# V8 options shared with the benches (scripts/node-options; see docs/memory.md).
export NODE_OPTIONS="$(grep -v '^#' scripts/node-options | tr '\n' ' ')${NODE_OPTIONS:-}"
exec node .wharf-server/server/index.js
