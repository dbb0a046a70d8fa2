#!/usr/bin/env bash
# Undo provision.sh: remove wharf.test-labelled containers/volumes/networks on all
# engines, then stop ONLY what provision.sh recorded as started by it (sshd,
# registries, engine-tls, engine2, the main dockerd only if provision started it),
# delete the bridges/iptables chain it created.  Images are kept for a fast next run.
#   --purge   additionally remove wharf-test/* images (and registry-tagged copies)
#             from the main engine and delete $WHARF_TEST_DIR entirely.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PURGE=0
for a in "$@"; do
  case $a in
    --purge) PURGE=1 ;;
    *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || die "teardown.sh must run as root"
[[ -d "$RIG_DIR" ]] || { log "nothing to tear down ($RIG_DIR does not exist)"; exit 0; }
rig_lock

cleanup_labelled

if ((PURGE)) && engine_up main; then
  imgs=$(dk main images --format '{{.Repository}}:{{.Tag}}' |
    grep -E '^(127\.0\.0\.1:500[01]/)?wharf-test/' | grep -v ':<none>$' || true)
  if [[ -n "$imgs" ]]; then
    log "purge: removing $(wc -l <<<"$imgs") wharf-test image tag(s) from main"
    # shellcheck disable=SC2086
    dk main rmi -f $imgs >/dev/null || warn "some wharf-test images could not be removed"
  fi
fi

# sshd
if is_marked sshd; then
  pid=$(cat "$SSH_DIR/sshd.pid" 2>/dev/null || marked_pid sshd)
  if pid_alive "$pid" "$SSH_DIR/sshd_config"; then log "stopping sshd (pid $pid)"; stop_pid sshd "$pid" "$SSH_DIR/sshd_config" 10 || true; fi
  unmark sshd
fi
# registries
for port in "$REGISTRY_PORT" "$REGISTRY_AUTH_PORT"; do
  c=registry-$port
  if is_marked "$c"; then
    pid=$(marked_pid "$c")
    if pid_alive "$pid" "$RIG_DIR/$c/config.yml"; then log "stopping registry :$port (pid $pid)"; stop_pid "$c" "$pid" "$RIG_DIR/$c/config.yml" 10 || true; fi
    unmark "$c"
  fi
done
# extra engines (always ours when marked)
for e in engine-tls engine2; do
  if is_marked "$e"; then
    stop_engine "$e" 30 || warn "$e did not stop cleanly"
    unmark "$e"
  fi
done
# main engine: only if provision.sh started it, and it is still that process
if is_marked main; then
  pid=$(marked_pid main)
  if pid_alive "$pid" dockerd && [[ "$(cat "$MAIN_PIDFILE" 2>/dev/null)" == "$pid" ]]; then
    log "main: stopping dockerd started by provision (pid $pid)"
    stop_pid main "$pid" dockerd 30 || true
  else
    log "main: dockerd we started is gone or was replaced; leaving it alone"
  fi
  unmark main
fi
# bridges + iptables chain we created
for br in "$ENGINE2_BRIDGE" "$TLS_BRIDGE"; do
  if is_marked "bridge-$br"; then
    ip link del "$br" 2>/dev/null && log "deleted bridge $br" || true
    unmark "bridge-$br"
  fi
done
if is_marked iptables; then remove_rig_iptables; fi

if ((PURGE)); then
  # never follow a leftover mount (overlay/netns/bind) out of the state dir
  mapfile -t mnts < <(findmnt -rn -o TARGET | grep -F "$RIG_DIR/" | sort -r || true)
  for m in "${mnts[@]}"; do umount -l "$m" 2>/dev/null || true; done
  if findmnt -rn -o TARGET | grep -qF "$RIG_DIR/"; then
    die "mounts remain under $RIG_DIR; not deleting it"
  fi
  exec 9>&-
  rm -rf --one-file-system "$RIG_DIR"
  log "purged $RIG_DIR"
fi
log "teardown done"
