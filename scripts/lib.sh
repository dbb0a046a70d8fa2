# shellcheck shell=bash
# shellcheck disable=SC2034  # variables are used by the scripts that source this file
# Shared definitions for the Wharf test rig (provision.sh, engine2.sh,
# teardown.sh, cleanup-labelled.sh, rig-selftest.sh).  Source it; do not run it.
#
# Layout of the state dir ($WHARF_TEST_DIR, default /tmp/wharf-test):
#   run/<component>.started   marker "we started this" (content: pid)
#   engine2/, engine-tls/     data-root, exec-root, pidfile, socket, log of the extra dockerds
#   tls/, tls-bad/            certificates (rig CA + an unrelated "bad" CA)
#   registry-5000/, registry-5001/   registry config, storage, log
#   ssh/                      sshd config, host keys, client keys
#   seed/                     Dockerfiles of the seed images
#   docker-config/            DOCKER_CONFIG used by the rig (the user's ~/.docker is untouched)
#   env.json, env.sh          what the tests read
#
# Keep unix socket paths short: $WHARF_TEST_DIR/engine-tls/exec/containerd/containerd.sock.ttrpc
# must stay below 108 characters.

RIG_DIR="${WHARF_TEST_DIR:-/tmp/wharf-test}"
RIG_DIR="${RIG_DIR%/}"
RUN_DIR="$RIG_DIR/run"
RIG_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Bump when the seed Dockerfiles / rootfs change: provision rebuilds and re-pushes.
SEED_VERSION=2
SEED_BUSYBOX=wharf-test/busybox:latest
SEED_WEB=wharf-test/web:1.0
SEED_SLEEPER=wharf-test/sleeper:1.0
SEED_IMAGES=("$SEED_BUSYBOX" "$SEED_WEB" "$SEED_SLEEPER")
# Images pushed to both registries.
PUSH_IMAGES=("$SEED_WEB" "$SEED_BUSYBOX")

MAIN_SOCKET=/var/run/docker.sock
MAIN_PIDFILE=/var/run/docker.pid

ENGINE2_DIR="$RIG_DIR/engine2"
ENGINE2_SOCKET="$ENGINE2_DIR/docker.sock"
ENGINE2_PIDFILE="$ENGINE2_DIR/docker.pid"
ENGINE2_BRIDGE=wharfbr2
ENGINE2_BRIDGE_CIDR=172.31.250.1/24

TLS_DIR="$RIG_DIR/engine-tls"
TLS_SOCKET="$TLS_DIR/docker.sock"
TLS_PIDFILE="$TLS_DIR/docker.pid"
TLS_BRIDGE=wharfbr3
TLS_BRIDGE_CIDR=172.31.251.1/24
TLS_HOST=127.0.0.1
TLS_PORT=23760
CERT_DIR="$RIG_DIR/tls"
BAD_CERT_DIR="$RIG_DIR/tls-bad"

REGISTRY_PORT=5000
REGISTRY_AUTH_PORT=5001
REGISTRY_URL="127.0.0.1:$REGISTRY_PORT"
REGISTRY_AUTH_URL="127.0.0.1:$REGISTRY_AUTH_PORT"
REGISTRY_USER=wharf
REGISTRY_PASSWORD=wharfpass

SSH_DIR="$RIG_DIR/ssh"
SSH_HOST=127.0.0.1
SSH_PORT=2222
SSH_USER=root

# Our own iptables chain (filter table), jumped to from FORWARD.  See ensure_rig_iptables.
RIG_CHAIN=WHARF-RIG

# Never let the caller's docker environment redirect the rig's docker calls.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_TLS
export DOCKER_CONFIG="$RIG_DIR/docker-config"
export DOCKER_BUILDKIT=0 DOCKER_CLI_HINTS=false

log()  { printf '[rig] %s\n' "$*"; }
warn() { printf '[rig] WARNING: %s\n' "$*" >&2; }
die()  { printf '[rig] ERROR: %s\n' "$*" >&2; exit 1; }

# Serialise rig scripts (parallel test workers may call them).
rig_lock() {
  mkdir -p "$RIG_DIR" "$RUN_DIR"
  exec 9>"$RIG_DIR/.lock"
  flock -w 120 9 || die "could not take $RIG_DIR/.lock"
}

# ---------------------------------------------------------------- markers/pids
mark_started() { mkdir -p "$RUN_DIR"; echo "$2" >"$RUN_DIR/$1.started"; }
is_marked()    { [[ -f "$RUN_DIR/$1.started" ]]; }
marked_pid()   { cat "$RUN_DIR/$1.started" 2>/dev/null || true; }
unmark()       { rm -f "$RUN_DIR/$1.started"; }

# pid_alive PID [CMDLINE-SUBSTRING]: process exists, is not a zombie, and
# (if given) its command line contains the substring (guards against pid reuse).
pid_alive() {
  local pid=$1 want=${2:-} state cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/stat ]] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ "$state" != Z ]] || return 1
  if [[ -n "$want" ]]; then
    cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
    [[ "$cmd" == *"$want"* ]] || return 1
  fi
  return 0
}

# stop_pid NAME PID PATTERN TIMEOUT: SIGTERM, wait, SIGKILL as last resort.
stop_pid() {
  local name=$1 pid=$2 pat=$3 timeout=${4:-20} i
  pid_alive "$pid" "$pat" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 10; i++)); do
    pid_alive "$pid" "$pat" || return 0
    sleep 0.1
  done
  warn "$name (pid $pid) did not stop within ${timeout}s, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do pid_alive "$pid" "$pat" || return 0; sleep 0.1; done
  warn "$name (pid $pid) still alive after SIGKILL"
  return 1
}

# start a long-running daemon detached from our session; prints its pid.
spawn() {
  local logfile=$1; shift
  setsid "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  echo $!
}

# ---------------------------------------------------------------- packages
RIG_APT_PACKAGES=(docker.io docker-registry busybox-static chromium openssl openssh-server
  openssh-client apache2-utils curl iproute2 iptables util-linux procps)

ensure_packages() {
  local missing=() p
  for p in "${RIG_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing apt packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  local c
  for c in docker dockerd docker-registry busybox openssl sshd ssh ssh-keygen htpasswd curl ip iptables setsid; do
    command -v "$c" >/dev/null || [[ -x /usr/sbin/$c ]] || die "command $c still missing after apt install"
  done
}

# ---------------------------------------------------------------- docker engines
engine_host() {
  case $1 in
    main) echo "unix://$MAIN_SOCKET" ;;
    engine2) echo "unix://$ENGINE2_SOCKET" ;;
    engine-tls) echo "unix://$TLS_SOCKET" ;;
    *) die "unknown engine $1" ;;
  esac
}
ALL_ENGINES=(main engine2 engine-tls)

dk() { local e=$1; shift; docker -H "$(engine_host "$e")" "$@"; }

# "answers" = GET /_ping on its unix socket returns OK (same as a working
# "docker -H unix://... version", but ~20x cheaper).  dockerd serves the API only
# once the daemon is fully initialised.
engine_up() {
  local h
  h=$(engine_host "$1")
  [[ "$(curl -s -m 5 --unix-socket "${h#unix://}" http://localhost/_ping 2>/dev/null)" == OK ]]
}

wait_engine() {
  local e=$1 timeout=${2:-60} i
  for ((i = 0; i < timeout * 4; i++)); do
    engine_up "$e" && return 0
    sleep 0.25
  done
  return 1
}

engine_dir() { case $1 in engine2) echo "$ENGINE2_DIR" ;; engine-tls) echo "$TLS_DIR" ;; esac; }
engine_pidfile() { case $1 in main) echo "$MAIN_PIDFILE" ;; *) echo "$(engine_dir "$1")/docker.pid" ;; esac; }

# The one definition of the extra engines' dockerd command lines (sets DOCKERD_ARGS).
#  * own data-root/exec-root/pidfile/socket, own --config-file (so a host
#    /etc/docker/daemon.json with "hosts" etc. cannot interfere).
#  * own bridge (created by ensure_bridge); NEVER --bridge none (that deletes the
#    main engine's docker0).  Also NO --default-address-pool: with address pools
#    configured (and no live-restore) dockerd deletes the docker0 interface when it
#    restarts with a persisted default "bridge" network (moby daemon_unix.go,
#    "Clear stale bridge network" -> removeDefaultBridgeInterface), i.e. on every
#    engine2.sh stop/start.  User-defined networks on the extra engines use
#    docker's default pools; libnetwork skips subnets that overlap existing routes.
#  * --iptables=false: with iptables enabled every dockerd flushes and recreates
#    the shared DOCKER / DOCKER-ISOLATION-* chains on start, which would wipe the
#    main engine's port mappings.  Port publishing still works via docker-proxy;
#    intra-bridge forwarding is allowed by our own WHARF-RIG chain.
#  * containerd: with no system containerd at /run/containerd/containerd.sock each
#    dockerd starts its own managed containerd under <exec-root>/containerd.  Should a
#    system containerd exist, all dockerds would share it, so we also give each engine
#    its own containerd namespaces to keep them apart either way.
#  * the engine ID (docker info .ID) comes from the trust key, by default the shared
#    /etc/docker/key.json; daemon.json "deprecated-key-path" gives each engine its own.
dockerd_args() {
  local e=$1 d
  d=$(engine_dir "$e")
  DOCKERD_ARGS=(
    --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/docker.pid"
    --config-file "$d/daemon.json"
    -H "unix://$d/docker.sock"
    --iptables=false --ip-masq=false
    --containerd-namespace "wharf-$e" --containerd-plugins-namespace "wharf-$e-plugins"
    --shutdown-timeout 10
  )
  case $e in
    engine2)
      DOCKERD_ARGS+=(--bridge "$ENGINE2_BRIDGE") ;;
    engine-tls)
      DOCKERD_ARGS+=(--bridge "$TLS_BRIDGE"
        --tlsverify --tlscacert "$CERT_DIR/ca.pem" --tlscert "$CERT_DIR/server-cert.pem"
        --tlskey "$CERT_DIR/server-key.pem" -H "tcp://$TLS_HOST:$TLS_PORT") ;;
    *) die "dockerd_args: unknown engine $e" ;;
  esac
}

ensure_bridge() {
  local br=$1 cidr=$2
  if ! ip link show "$br" >/dev/null 2>&1; then
    ip link add "$br" type bridge
    mark_started "bridge-$br" 0
    log "created bridge $br"
  fi
  ip -4 addr show dev "$br" | grep -q "inet $cidr" || ip addr add "$cidr" dev "$br"
  ip link set "$br" up
}

# Our rules live in chain WHARF-RIG (filter), jumped to from the end of FORWARD.
# The main dockerd never touches it (it only flushes its own DOCKER* chains).
# With br_netfilter loaded and FORWARD policy DROP (set by the main dockerd) traffic
# between two containers on the same bridge of engine2/engine-tls would be dropped
# (those engines run with --iptables=false).  Rules:
#  * intra-bridge traffic on wharfbr2 / wharfbr3;
#  * bridged (same-bridge, L2) traffic on any br-* bridge, for user-defined networks
#    of engine2/engine-tls whose bridge names we cannot know.  The main engine
#    already accepts that traffic itself; the one side effect: a main-engine network
#    created with icc=false AFTER provisioning gets its DROP rule appended behind our
#    jump, so it would not block intra-network traffic.  Cross-bridge (routed)
#    traffic is not accepted by us, so docker's network isolation is unchanged.
ensure_rig_iptables() {
  command -v iptables >/dev/null || return 0
  if ! iptables -w -n -L "$RIG_CHAIN" >/dev/null 2>&1; then
    iptables -w -N "$RIG_CHAIN"
    mark_started iptables 0
  fi
  local rules=(
    "-i $ENGINE2_BRIDGE -o $ENGINE2_BRIDGE -j ACCEPT"
    "-i $TLS_BRIDGE -o $TLS_BRIDGE -j ACCEPT"
    "-i br-+ -o br-+ -m physdev --physdev-is-bridged -j ACCEPT"
  ) r want have
  want=$(printf -- "-A $RIG_CHAIN %s\n" "${rules[@]}")
  have=$(iptables -w -S "$RIG_CHAIN" | grep -- '^-A ' || true)
  if [[ "$have" != "$want" ]]; then
    iptables -w -F "$RIG_CHAIN"
    for r in "${rules[@]}"; do
      # shellcheck disable=SC2086
      iptables -w -A "$RIG_CHAIN" $r 2>/dev/null || warn "could not add iptables rule: $r"
    done
  fi
  iptables -w -C FORWARD -j "$RIG_CHAIN" 2>/dev/null || iptables -w -A FORWARD -j "$RIG_CHAIN"
}

remove_rig_iptables() {
  command -v iptables >/dev/null || return 0
  while iptables -w -D FORWARD -j "$RIG_CHAIN" 2>/dev/null; do :; done
  if iptables -w -n -L "$RIG_CHAIN" >/dev/null 2>&1; then
    iptables -w -F "$RIG_CHAIN" && iptables -w -X "$RIG_CHAIN"
  fi
  unmark iptables
}

# Launch an extra engine (engine2|engine-tls) without waiting for it.
launch_engine() {
  local e=$1 d pid pidfile
  d=$(engine_dir "$e"); pidfile=$(engine_pidfile "$e")
  case $e in
    engine2) ensure_bridge "$ENGINE2_BRIDGE" "$ENGINE2_BRIDGE_CIDR" ;;
    engine-tls) ensure_bridge "$TLS_BRIDGE" "$TLS_BRIDGE_CIDR" ;;
  esac
  mkdir -p "$d/data" "$d/exec"
  [[ -f "$d/daemon.json" ]] || printf '{\n  "deprecated-key-path": "%s"\n}\n' "$d/key.json" >"$d/daemon.json"
  pid=$(cat "$pidfile" 2>/dev/null || true)
  dockerd_args "$e"
  if engine_up "$e"; then
    # restart an engine still running with an outdated command line
    if pid_alive "$pid" dockerd && [[ "$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" != "dockerd ${DOCKERD_ARGS[*]} " ]]; then
      log "$e: dockerd arguments changed, restarting"
      stop_engine "$e" 30 || die "$e did not stop"
    else
      return 0
    fi
  fi
  if pid_alive "$pid" dockerd; then
    log "$e: dockerd (pid $pid) is running but not answering yet, waiting"
    return 0
  fi
  log "$e: starting dockerd (log $d/dockerd.log)"
  pid=$(spawn "$d/dockerd.log" dockerd "${DOCKERD_ARGS[@]}")
  mark_started "$e" "$pid"
}

# Wait for an engine launched by launch_engine; refresh the marker pid.
await_engine() {
  local e=$1 d pid
  d=$(engine_dir "$e")
  if ! wait_engine "$e" 60; then
    tail -n 20 "$d/dockerd.log" >&2 || true
    die "$e did not answer on $(engine_host "$e") within 60s"
  fi
  pid=$(cat "$(engine_pidfile "$e")" 2>/dev/null || true)
  if is_marked "$e" && [[ -n "$pid" ]]; then mark_started "$e" "$pid"; fi
}

start_engine() { launch_engine "$1"; await_engine "$1"; }

# Stop an engine's dockerd (SIGTERM via its pidfile; waits for the process to exit,
# which also means the socket no longer answers).
stop_engine() {
  local e=$1 timeout=${2:-20} pid
  pid=$(cat "$(engine_pidfile "$e")" 2>/dev/null || true)
  [[ -n "$pid" ]] || pid=$(marked_pid "$e")
  if pid_alive "$pid" dockerd; then
    log "$e: stopping dockerd (pid $pid)"
    stop_pid "$e" "$pid" dockerd "$timeout" || true
  fi
  local i
  for ((i = 0; i < 20; i++)); do engine_up "$e" || return 0; sleep 0.25; done
  warn "$e still answers on $(engine_host "$e")"
  return 1
}

# ---------------------------------------------------------------- labelled cleanup
# Remove containers (with their anonymous volumes), then volumes and networks that
# carry the wharf.test label (any value) on every engine that answers.
cleanup_labelled() {
  local e ids
  for e in "${ALL_ENGINES[@]}"; do
    if ! engine_up "$e"; then
      log "cleanup: $e is not answering, skipped"
      continue
    fi
    ids=$(dk "$e" ps -aq --filter label=wharf.test 2>/dev/null || true)
    [[ -z "$ids" ]] || { log "cleanup: $e: removing $(wc -w <<<"$ids") container(s)"; _rm_quiet "$e" rm -f -v $ids; }
    ids=$(dk "$e" volume ls -q --filter label=wharf.test 2>/dev/null || true)
    [[ -z "$ids" ]] || { log "cleanup: $e: removing $(wc -w <<<"$ids") volume(s)"; _rm_quiet "$e" volume rm -f $ids; }
    ids=$(dk "$e" network ls -q --filter label=wharf.test 2>/dev/null || true)
    [[ -z "$ids" ]] || { log "cleanup: $e: removing $(wc -w <<<"$ids") network(s)"; _rm_quiet "$e" network rm $ids; }
  done
  return 0
}

# Run a docker removal; never fails.  Tests may remove the same objects concurrently,
# so "already gone / already being removed" is not worth a word; anything else is a warning.
_rm_quiet() {
  local e=$1 err
  shift
  err=$(dk "$e" "$@" 2>&1 >/dev/null) && return 0
  err=$(grep -vE 'No such (container|volume|network)|already in progress|not found|^exit status [0-9]+$|^$' <<<"$err" || true)
  [[ -z "$err" ]] || warn "cleanup: $e: ${err//$'\n'/; }"
  return 0
}

# ---------------------------------------------------------------- misc
json_escape() { local s=$1; s=${s//\\/\\\\}; s=${s//\"/\\\"}; printf '%s' "$s"; }
