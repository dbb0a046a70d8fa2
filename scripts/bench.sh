#!/usr/bin/env bash
# Wharf benchmarks (npm run bench).  Each bench/*.bench.ts starts its own Wharf (production
# build, temp data dir, free port on 127.0.0.1), prints one `BENCH {json}` line on stdout and
# cleans up after itself; benches touch only containers labelled wharf.test=bench.
#
# The rig is brought up (idempotent) but never torn down here: the test suite does that.
# Exits non-zero if any bench fails; the others still run.
#   WHARF_BENCH_KEEP=1    keep the 1,000 list-bench containers for the next run
#   WHARF_BENCH_FILTER=re run only bench files whose name matches re
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/ensure-deps.sh
bash scripts/provision.sh
bash scripts/build-if-stale.sh

failed=()
shopt -s nullglob
for f in bench/*.bench.ts; do
  if [[ -n ${WHARF_BENCH_FILTER:-} && ! $f =~ $WHARF_BENCH_FILTER ]]; then continue; fi
  echo "[bench] $f" >&2
  # The bench has its own deadline and cleanup; timeout(1) is only the last resort.
  limit=280
  [[ $f == *server-rss* ]] && limit=1240 # 1,000 create/start/stop/remove cycles take 6–15 minutes here
  [[ $f == *page-weight* ]] && limit=500 # also builds bench/floor-app with next build
  [[ $f == *page-first-row* ]] && limit=600 # creates and removes 5,000 containers: ≈1.5 min idle, several on a busy engine
  if ! timeout --kill-after=30 "$limit" node_modules/.bin/tsx "$f"; then
    echo "[bench] $f FAILED" >&2
    failed+=("$f")
  fi
done

if ((${#failed[@]})); then
  echo "[bench] failed: ${failed[*]}" >&2
  exit 1
fi
