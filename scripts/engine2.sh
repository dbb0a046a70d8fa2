#!/usr/bin/env bash
# Take the rig's second engine ("engine2") offline and back, for e2e tests.
#   engine2.sh stop    SIGTERM via its pidfile, wait (max 20 s) until it is gone
#   engine2.sh start   start it with the same dockerd arguments as provision.sh
#                      (scripts/lib.sh: dockerd_args) and wait until it answers
#   engine2.sh status  print "engine2: up (pid N)" / "engine2: down"; exit 0 if up, 3 if down
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cmd=${1:-}
case $cmd in
  stop)
    rig_lock
    if ! engine_up engine2 && ! pid_alive "$(cat "$ENGINE2_PIDFILE" 2>/dev/null || true)" dockerd; then
      log "engine2: already down"; exit 0
    fi
    stop_engine engine2 20 || die "engine2 did not stop"
    log "engine2: down"
    ;;
  start)
    rig_lock
    if engine_up engine2; then log "engine2: already up"; exit 0; fi
    ensure_rig_iptables
    start_engine engine2
    log "engine2: up ($ENGINE2_SOCKET)"
    ;;
  status)
    if engine_up engine2; then
      echo "engine2: up (pid $(cat "$ENGINE2_PIDFILE" 2>/dev/null || echo '?'))"
    else
      echo "engine2: down"; exit 3
    fi
    ;;
  *) echo "usage: $0 stop|start|status" >&2; exit 2 ;;
esac
