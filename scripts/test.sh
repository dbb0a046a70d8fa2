#!/usr/bin/env bash
# The whole suite: provisions the engines, registries and seed images it needs, runs typecheck,
# lint, unit, integration and browser tests, and removes what it started (set WHARF_KEEP_RIG=1 to keep it).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

bash scripts/ensure-deps.sh

step "provision test engines, registries, seed images"
bash scripts/provision.sh
if [ "${WHARF_KEEP_RIG:-0}" != "1" ]; then
  trap 'step "teardown"; bash scripts/teardown.sh || true' EXIT
else
  trap 'bash scripts/cleanup-labelled.sh || true' EXIT
fi

step "typecheck";            npm run -s typecheck
step "lint";                 npm run -s lint
step "unit tests";           npx vitest run --project unit
step "build";                npm run -s build
step "integration tests";    npx vitest run --project integration
step "e2e (Playwright, Chromium)"; npx playwright test -c e2e/playwright.config.ts
