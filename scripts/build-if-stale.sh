#!/usr/bin/env bash
# Builds what is missing or older than its sources: the Next app (.next) and the compiled server
# (.wharf-server, plain CommonJS that `node` runs without tsx), and the precompressed static assets.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
newer() { [ -n "$(find "$@" -newer "$STAMP" -print -quit 2>/dev/null)" ]; }
STAMP=.next/BUILD_ID
if [ ! -f "$STAMP" ] || newer app components server public next.config.js package-lock.json; then
  echo "[wharf] building the app"
  npx next build
fi
# The .br/.gz copies of the static assets (server/http/static-assets.ts), after every app build.
STAMP=.next/precompressed
if [ ! -f "$STAMP" ] || newer .next/BUILD_ID scripts/precompress.ts; then
  npx tsx scripts/precompress.ts
fi
STAMP=.wharf-server/package.json
if [ ! -f "$STAMP" ] || newer server tsconfig.json tsconfig.server.json package-lock.json; then
  echo "[wharf] compiling the server"
  npm run -s build:server
fi
