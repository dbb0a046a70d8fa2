#!/usr/bin/env bash
# Smoke-test a provisioned rig (run scripts/provision.sh first).  Creates only
# containers labelled wharf.test=rig and removes them again.  Exit 0 = all good.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck disable=SC1091
source "$RIG_DIR/env.sh"

PASS=0 FAIL=0
ok()   { PASS=$((PASS + 1)); printf '[rig] ok   %s\n' "$*"; }
bad()  { FAIL=$((FAIL + 1)); printf '[rig] FAIL %s\n' "$*" >&2; }
check() { local name=$1; shift; if "$@" >/dev/null 2>&1; then ok "$name"; else bad "$name"; fi; }
L=(--label wharf.test=rig)

cleanup() { for e in "${ALL_ENGINES[@]}"; do
  ids=$(dk "$e" ps -aq --filter label=wharf.test.selftest 2>/dev/null || true)
  [[ -z "$ids" ]] || dk "$e" rm -f -v $ids >/dev/null 2>&1 || true
done; }
trap cleanup EXIT
L+=(--label wharf.test.selftest=1)

for e in "${ALL_ENGINES[@]}"; do check "$e answers" engine_up "$e"; done
ids=$(for e in "${ALL_ENGINES[@]}"; do dk "$e" info -f '{{.ID}}'; done | sort -u | wc -l)
[[ $ids == 3 ]] && ok "engine IDs are distinct" || bad "engine IDs are not distinct"

[[ "$(dk engine2 run --rm "${L[@]}" "$SEED_BUSYBOX" echo hi)" == hi ]] && ok "engine2: run --rm busybox echo hi" || bad "engine2: run echo hi"
[[ "$(dk engine-tls run --rm "${L[@]}" "$SEED_BUSYBOX" echo hi)" == hi ]] && ok "engine-tls: run --rm busybox echo hi" || bad "engine-tls: run echo hi"

# engine2 bridge: two sleepers on wharfbr2 see each other, host reaches them
dk engine2 run -d --name wharf-selftest-a "${L[@]}" "$SEED_SLEEPER" >/dev/null
dk engine2 run -d --name wharf-selftest-b "${L[@]}" "$SEED_SLEEPER" >/dev/null
ipa=$(dk engine2 inspect -f '{{.NetworkSettings.IPAddress}}' wharf-selftest-a)
ipb=$(dk engine2 inspect -f '{{.NetworkSettings.IPAddress}}' wharf-selftest-b)
[[ $ipa == 172.31.250.* ]] && ok "engine2 container on wharfbr2 ($ipa)" || bad "engine2 container IP $ipa not on wharfbr2"
check "engine2: container -> container on wharfbr2" dk engine2 exec wharf-selftest-a ping -c1 -W2 "$ipb"
check "host -> engine2 container" busybox ping -c1 -W2 "$ipa"
sleep 1.5
logs=$(dk engine2 logs wharf-selftest-a 2>&1); [[ $logs == *'wharf sleeper tick'* ]] && ok "sleeper logs ticks" || bad "sleeper logs"
t0=$(date +%s); dk engine2 stop wharf-selftest-a >/dev/null; t=$(($(date +%s) - t0))
((t <= 3)) && ok "sleeper stops promptly (${t}s)" || bad "sleeper took ${t}s to stop"
# user-defined network on engine2
net=$(dk engine2 network create "${L[@]}" wharf-selftest-net)
dk engine2 run -d --name wharf-selftest-c --network wharf-selftest-net "${L[@]}" "$SEED_SLEEPER" >/dev/null
dk engine2 run -d --name wharf-selftest-d --network wharf-selftest-net "${L[@]}" "$SEED_SLEEPER" >/dev/null
check "engine2: user network, container -> container by name" dk engine2 exec wharf-selftest-c ping -c1 -W2 wharf-selftest-d
dk engine2 rm -f wharf-selftest-c wharf-selftest-d >/dev/null; dk engine2 network rm "$net" >/dev/null

# TLS engine
TLSARGS=(--tlsverify --tlscacert "$TLS_CA" --tlscert "$TLS_CERT" --tlskey "$TLS_KEY" -H "tcp://$TLS_HOST:$TLS_PORT")
BADARGS=(--tlsverify --tlscacert "$TLS_CA" --tlscert "$TLS_BAD_CERT" --tlskey "$TLS_BAD_KEY" -H "tcp://$TLS_HOST:$TLS_PORT")
BADCA=(--tlsverify --tlscacert "$TLS_BAD_CA" --tlscert "$TLS_CERT" --tlskey "$TLS_KEY" -H "tcp://$TLS_HOST:$TLS_PORT")
check "tls: version with rig client cert" timeout 10 docker "${TLSARGS[@]}" version
check "tls: localhost name verifies too" timeout 10 docker --tlsverify --tlscacert "$TLS_CA" --tlscert "$TLS_CERT" --tlskey "$TLS_KEY" -H "tcp://localhost:$TLS_PORT" version
! timeout 10 docker "${BADARGS[@]}" version >/dev/null 2>&1 && ok "tls: bad client cert rejected" || bad "tls: bad client cert accepted"
! timeout 10 docker "${BADCA[@]}" version >/dev/null 2>&1 && ok "tls: server fails verification against bad CA" || bad "tls: bad CA accepted"
! curl -sf -m 5 "http://$TLS_HOST:$TLS_PORT/_ping" >/dev/null 2>&1 && ok "tls: plain http refused" || bad "tls: plain http answered"
! curl -sf -m 5 --cacert "$TLS_CA" "https://$TLS_HOST:$TLS_PORT/_ping" >/dev/null 2>&1 && ok "tls: no client cert refused" || bad "tls: no client cert accepted"

# engine2 goes offline and comes back; the main engine's docker0 must survive
if [[ ${1:-} != --no-restart ]]; then
  t0=$(date +%s.%N)
  check "engine2.sh stop" "$RIG_SCRIPTS/engine2.sh" stop
  ! "$RIG_SCRIPTS/engine2.sh" status >/dev/null && ok "engine2.sh status: down" || bad "engine2 still up after stop"
  ! engine_up engine2 && ok "engine2 socket does not answer" || bad "engine2 socket still answers"
  check "engine2.sh start" "$RIG_SCRIPTS/engine2.sh" start
  check "engine2.sh status: up" "$RIG_SCRIPTS/engine2.sh" status
  log "engine2 stop+start took $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s"
  [[ "$(dk engine2 run --rm "${L[@]}" "$SEED_BUSYBOX" echo back)" == back ]] && ok "engine2 runs containers after restart" || bad "engine2 after restart"
fi
check "docker0 still exists" ip link show docker0

# main engine: port mapping through docker0 still works
dk main run -d --name wharf-selftest-web -p 18080:80 "${L[@]}" "$SEED_WEB" >/dev/null
page=""; for _ in $(seq 20); do page=$(curl -s -m 2 http://localhost:18080/ || true); [[ -n $page ]] && break; sleep 0.25; done
grep -q 'Hello from Wharf' <<<"$page" && ok "main: -p 18080:80 web serves 'Hello from Wharf'" || bad "main: web page: $page"
ip=$(dk main inspect -f '{{.NetworkSettings.IPAddress}}' wharf-selftest-web)
[[ $ip == 172.17.* ]] && ok "main: web container on docker0 ($ip)" || bad "main: web IP $ip"
dk main rm -f -v wharf-selftest-web >/dev/null

# registries
cat=$(curl -s "http://$REGISTRY_URL/v2/_catalog")
[[ $cat == *wharf-test/web* && $cat == *wharf-test/busybox* ]] && ok "registry :5000 catalog $cat" || bad "registry catalog $cat"
[[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$REGISTRY_AUTH_URL/v2/_catalog")" == 401 ]] && ok "registry :5001 401 without auth" || bad "registry :5001 without auth"
cat=$(curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://$REGISTRY_AUTH_URL/v2/_catalog")
[[ $cat == *wharf-test/web* ]] && ok "registry :5001 catalog with auth $cat" || bad "registry :5001 catalog $cat"
[[ "$(curl -s -o /dev/null -w '%{http_code}' -u wharf:nope "http://$REGISTRY_AUTH_URL/v2/")" == 401 ]] && ok "registry :5001 wrong password 401" || bad "registry :5001 wrong password"
check "engine2: pull $REGISTRY_URL/$SEED_BUSYBOX" dk engine2 pull -q "$REGISTRY_URL/$SEED_BUSYBOX"
dk engine2 rmi "$REGISTRY_URL/$SEED_BUSYBOX" >/dev/null 2>&1 || true

# ssh
SSHO=(-F /dev/null -p "$SSH_PORT" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$SSH_KNOWN_HOSTS" -o LogLevel=ERROR)
check "ssh: ed25519 key logs in" timeout 10 ssh "${SSHO[@]}" -i "$SSH_KEY" "$SSH_USER@$SSH_HOST" true
check "ssh: rsa (PEM) key logs in" timeout 10 ssh "${SSHO[@]}" -i "$SSH_RSA_KEY" "$SSH_USER@$SSH_HOST" true
! timeout 10 ssh "${SSHO[@]}" -i "$SSH_WRONG_KEY" "$SSH_USER@$SSH_HOST" true >/dev/null 2>&1 && ok "ssh: wrong key rejected" || bad "ssh: wrong key accepted"
check "ssh: remote docker version" timeout 10 ssh "${SSHO[@]}" -i "$SSH_KEY" "$SSH_USER@$SSH_HOST" docker version
check "ssh: docker -H ssh://$SSH_USER@$SSH_HOST:$SSH_PORT version" env PATH="$SSH_DIR/bin:$PATH" timeout 30 docker -H "ssh://$SSH_USER@$SSH_HOST:$SSH_PORT" version

echo "selftest: $PASS passed, $FAIL failed"
((FAIL == 0))
