#!/usr/bin/env bash
# Remove containers (with their anonymous volumes), volumes and networks that carry
# the label wharf.test (any value) on all three rig engines.  Nothing without that
# label is touched; images are kept.  Engines that are down are skipped.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cleanup_labelled
