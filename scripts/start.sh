#!/usr/bin/env bash
# npm start: install if needed, build if the sources changed, then serve on http://localhost:${PORT:-3000}.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/ensure-deps.sh
if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components server public next.config.js package-lock.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  echo "[wharf] building"
  npx next build
fi
export NODE_ENV=production
exec node_modules/.bin/tsx server/index.ts
