#!/usr/bin/env bash
# Bring up everything the Wharf tests need (idempotent; a re-run when all is up is
# a fast no-op).  State lives in ${WHARF_TEST_DIR:-/tmp/wharf-test}; every component
# this script starts gets a marker in $WHARF_TEST_DIR/run/ so teardown.sh stops only
# those.  Writes $WHARF_TEST_DIR/env.json and env.sh at the end.
#
#   main engine   /var/run/docker.sock (started only if not already answering)
#   engine2       unix://$DIR/engine2/docker.sock, bridge wharfbr2 172.31.250.1/24
#   engine-tls    tcp://127.0.0.1:23760 (mutual TLS) + unix://$DIR/engine-tls/docker.sock,
#                 bridge wharfbr3 172.31.251.1/24
#   registries    127.0.0.1:5000 (no auth), 127.0.0.1:5001 (htpasswd wharf/wharfpass)
#   sshd          127.0.0.1:2222, root with $DIR/ssh/id_ed25519 (or id_rsa)
#   seed images   wharf-test/busybox:latest, wharf-test/web:1.0, wharf-test/sleeper:1.0
#                 on all three engines; web+busybox pushed to both registries.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $(id -u) -eq 0 ]] || die "provision.sh must run as root"
T0=$(date +%s.%N)
rig_lock
mkdir -p "$RIG_DIR" "$RUN_DIR" "$DOCKER_CONFIG"
chmod 755 "$RIG_DIR"

# ------------------------------------------------------------------ a. packages
ensure_packages

# ------------------------------------------------------------------ b. main engine
ensure_main_engine() {
  if engine_up main; then return 0; fi
  local pid
  pid=$(cat "$MAIN_PIDFILE" 2>/dev/null || true)
  if pid_alive "$pid" dockerd; then
    log "main: dockerd (pid $pid) running but not answering yet, waiting"
  else
    log "main: starting dockerd (log $RIG_DIR/dockerd-main.log)"
    pid=$(spawn "$RIG_DIR/dockerd-main.log" dockerd)
    mark_started main "$pid"
  fi
  if ! wait_engine main 60; then
    tail -n 20 "$RIG_DIR/dockerd-main.log" >&2 || true
    die "main engine did not answer on $MAIN_SOCKET within 60s"
  fi
  if is_marked main; then
    pid=$(cat "$MAIN_PIDFILE" 2>/dev/null || true)
    [[ -z "$pid" ]] || mark_started main "$pid"
  fi
  log "main: up"
}
ensure_main_engine

# ------------------------------------------------------------------ d. certificates
# RSA 2048 keys (PKCS#8 PEM), 10 years.  CA with basicConstraints CA:TRUE, server
# cert with SAN IP:127.0.0.1,DNS:localhost,IP:::1, client cert with clientAuth.
gen_ca() { # dir cn
  local dir=$1 cn=$2
  cat >"$dir/ca.cnf" <<EOF
[req]
distinguished_name = dn
x509_extensions = v3_ca
prompt = no
[dn]
CN = $cn
O = Wharf test rig
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
EOF
  openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -config "$dir/ca.cnf" -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" 2>/dev/null
}
gen_leaf() { # dir name cn extensions...
  local dir=$1 name=$2 cn=$3; shift 3
  local key=$dir/$name-key.pem crt=$dir/$name-cert.pem
  [[ $name == client ]] && { key=$dir/key.pem; crt=$dir/cert.pem; }
  printf '%s\n' "$@" >"$dir/$name-ext.cnf"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$key" -subj "/CN=$cn/O=Wharf test rig" \
    -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" \
    -set_serial "0x$(openssl rand -hex 8)" -days 3650 -sha256 \
    -extfile "$dir/$name-ext.cnf" -out "$crt" 2>/dev/null
  rm -f "$dir/$name.csr"
}
CERTS_CHANGED=0
ensure_certs() {
  local f ok=1
  for f in ca.pem ca-key.pem server-cert.pem server-key.pem cert.pem key.pem; do
    [[ -s "$CERT_DIR/$f" ]] || ok=0
  done
  if ((!ok)); then
    log "tls: generating rig CA, server and client certificates in $CERT_DIR"
    rm -rf "$CERT_DIR"; mkdir -p "$CERT_DIR"
    gen_ca "$CERT_DIR" "Wharf Test CA"
    gen_leaf "$CERT_DIR" server localhost "basicConstraints=CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" \
      "subjectAltName=IP:127.0.0.1,DNS:localhost,IP:::1"
    gen_leaf "$CERT_DIR" client wharf-client "basicConstraints=CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=clientAuth"
    chmod 644 "$CERT_DIR"/*.pem
    CERTS_CHANGED=1
  fi
  ok=1
  for f in ca.pem ca-key.pem cert.pem key.pem; do [[ -s "$BAD_CERT_DIR/$f" ]] || ok=0; done
  if ((!ok)); then
    log "tls: generating unrelated 'bad' CA and client certificate in $BAD_CERT_DIR"
    rm -rf "$BAD_CERT_DIR"; mkdir -p "$BAD_CERT_DIR"
    gen_ca "$BAD_CERT_DIR" "Wharf Bad CA"
    gen_leaf "$BAD_CERT_DIR" client wharf-bad-client "basicConstraints=CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=clientAuth"
    chmod 644 "$BAD_CERT_DIR"/*.pem
  fi
}
ensure_certs

# ------------------------------------------------------------------ c+d. extra engines
ensure_rig_iptables
if ((CERTS_CHANGED)) && engine_up engine-tls; then
  log "engine-tls: certificates changed, restarting"
  stop_engine engine-tls 20 || true
fi
# launch both, then wait for both (they start in parallel)
HAD_DOCKER0=0; ip link show docker0 >/dev/null 2>&1 && HAD_DOCKER0=1
launch_engine engine2
launch_engine engine-tls
await_engine engine2
await_engine engine-tls
if ((HAD_DOCKER0)) && ! ip link show docker0 >/dev/null 2>&1; then
  die "docker0 of the main engine disappeared while starting engine2/engine-tls"
fi
log "engine2, engine-tls: up"

# ------------------------------------------------------------------ e. registries
# Checked: Debian's docker-registry 2.8.2 does NOT refuse htpasswd auth over plain
# http (no TLS requirement), and the engines treat 127.0.0.0/8 as insecure registries,
# so "docker login/push/pull 127.0.0.1:5001" fall back to http and send basic auth.
# Both registries therefore run plain http; no /etc/docker/certs.d entries are needed
# and nothing is written under /etc/docker.  (Note: /etc/docker/certs.d is not
# configurable per dockerd; all engines on the host would share it.)
registry_status() { # port [user:pass] -> http status of /v2/
  local port=$1 auth=${2:-}
  curl -s -o /dev/null -m 3 -w '%{http_code}' ${auth:+-u "$auth"} "http://127.0.0.1:$port/v2/" 2>/dev/null || true
}
ensure_registry() { # port auth(0|1)
  local port=$1 auth=$2 d=$RIG_DIR/registry-$1 pid want st i
  want=200; ((auth)) && want=401
  mkdir -p "$d/data"
  if ((auth)) && [[ ! -s "$d/htpasswd" ]]; then
    htpasswd -Bbn "$REGISTRY_USER" "$REGISTRY_PASSWORD" >"$d/htpasswd"
  fi
  if [[ ! -s "$d/config.yml" ]]; then
    {
      echo "version: 0.1"
      echo "log:"
      echo "  level: warn"
      echo "  accesslog:"
      echo "    disabled: true"
      echo "storage:"
      echo "  filesystem:"
      echo "    rootdirectory: $d/data"
      echo "  delete:"
      echo "    enabled: true"
      echo "http:"
      echo "  addr: 127.0.0.1:$port"
      echo "  secret: wharf-rig-$port-$(openssl rand -hex 8)"
      echo "  headers:"
      echo "    X-Content-Type-Options: [nosniff]"
      if ((auth)); then
        echo "auth:"
        echo "  htpasswd:"
        echo "    realm: wharf-registry"
        echo "    path: $d/htpasswd"
      fi
    } >"$d/config.yml"
  fi
  st=$(registry_status "$port")
  if [[ "$st" == "$want" ]]; then return 0; fi
  if [[ "$st" != 000 ]]; then
    die "127.0.0.1:$port answers /v2/ with HTTP $st (expected $want): something else owns the port"
  fi
  log "registry :$port: starting (log $d/registry.log)"
  pid=$(spawn "$d/registry.log" docker-registry serve "$d/config.yml")
  if ! pid_alive "$pid" "$d/config.yml"; then
    sleep 0.2; pid=$(pgrep -n -f "docker-registry serve $d/config.yml" || echo "$pid")
  fi
  mark_started "registry-$port" "$pid"
  for ((i = 0; i < 80; i++)); do
    [[ "$(registry_status "$port")" == "$want" ]] && return 0
    pid_alive "$pid" || break
    sleep 0.25
  done
  tail -n 20 "$d/registry.log" >&2 || true
  die "registry on 127.0.0.1:$port did not come up"
}
ensure_registry "$REGISTRY_PORT" 0
ensure_registry "$REGISTRY_AUTH_PORT" 1
[[ "$(registry_status "$REGISTRY_AUTH_PORT" "$REGISTRY_USER:$REGISTRY_PASSWORD")" == 200 ]] ||
  die "registry :$REGISTRY_AUTH_PORT rejects $REGISTRY_USER/$REGISTRY_PASSWORD"
log "registries :$REGISTRY_PORT, :$REGISTRY_AUTH_PORT (auth): up"

# ------------------------------------------------------------------ f. seed images
SEED_DIR=$RIG_DIR/seed
image_ids() { # engine -> "id id id" of SEED_IMAGES (empty if any missing)
  dk "$1" image inspect -f '{{.Id}}' "${SEED_IMAGES[@]}" 2>/dev/null | tr '\n' ' ' || true
}
seed_current() {
  local v
  v=$(dk main image inspect -f '{{index .Config.Labels "wharf.test.seed-version"}}' "${SEED_IMAGES[@]}" 2>/dev/null) || return 1
  [[ "$(sort -u <<<"$v")" == "$SEED_VERSION" ]]
}
write_seed_files() {
  rm -rf "$SEED_DIR"; mkdir -p "$SEED_DIR/web" "$SEED_DIR/sleeper"
  cat >"$SEED_DIR/web/index.html" <<'EOF'
<!doctype html>
<html><head><title>Wharf test</title></head>
<body><h1>Hello from Wharf</h1><p>wharf-test/web seed image</p></body></html>
EOF
  echo ok >"$SEED_DIR/web/healthz"
  cat >"$SEED_DIR/web/Dockerfile" <<EOF
FROM $SEED_BUSYBOX
LABEL wharf.test=seed wharf.test.seed-version=$SEED_VERSION wharf.test.image=web \\
      org.opencontainers.image.title="Wharf test web server"
ENV WHARF_GREETING="Hello from Wharf" WHARF_ROLE=web
RUN mkdir -p /www /data && echo "seed data" > /data/README
COPY index.html /www/index.html
COPY healthz /www/healthz
RUN echo "wharf-test/web $SEED_VERSION" > /www/version.txt
EXPOSE 80
VOLUME /data
WORKDIR /www
# busybox httpd as PID 1 ignores SIGTERM (no handler), so "docker stop" would wait
# the full 10 s timeout; stop it with SIGKILL right away instead.
STOPSIGNAL SIGKILL
CMD ["httpd", "-f", "-p", "80", "-h", "/www"]
EOF
  cat >"$SEED_DIR/sleeper/Dockerfile" <<EOF
FROM $SEED_BUSYBOX
LABEL wharf.test=rig wharf.test.seed-version=$SEED_VERSION wharf.test.image=sleeper
ENV WHARF_ROLE=sleeper
# Prints one line per second; exits promptly on SIGTERM (PID 1 has no default handler).
CMD ["/bin/sh", "-c", "trap 'echo wharf sleeper stopping; exit 0' TERM INT; i=0; while true; do i=\$((i+1)); echo \"wharf sleeper tick \$i\"; sleep 1; done"]
EOF
}
build_seed() {
  local tmp rootfs a
  write_seed_files
  log "seed: building $SEED_BUSYBOX from busybox-static (no network)"
  tmp=$(mktemp -d); rootfs=$tmp/rootfs
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,proc,sys,dev,var/tmp,home}
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  cp "$(readlink -f /bin/busybox)" "$rootfs/bin/busybox"
  while read -r a; do
    [[ -e "$rootfs/$a" || "$a" == bin/busybox ]] || ln -s /bin/busybox "$rootfs/$a"
  done < <(/bin/busybox --list-full)
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$tmp/rootfs.tar" .
  dk main import \
    --change 'LABEL wharf.test=rig' --change "LABEL wharf.test.seed-version=$SEED_VERSION" \
    --change 'LABEL wharf.test.image=busybox' --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/sh"]' -m "wharf test rig busybox-static rootfs" \
    "$tmp/rootfs.tar" "$SEED_BUSYBOX" >/dev/null
  rm -rf "$tmp"
  local -A tags=([web]=$SEED_WEB [sleeper]=$SEED_SLEEPER)
  for a in web sleeper; do
    log "seed: building ${tags[$a]}"
    if ! dk main build -q -t "${tags[$a]}" "$SEED_DIR/$a" >"$SEED_DIR/build-$a.log" 2>&1; then
      cat "$SEED_DIR/build-$a.log" >&2
      die "docker build of wharf-test/$a failed"
    fi
  done
}
# drop the untagged leftovers of an older seed version (dangling + wharf.test label only)
prune_old_seed() { dk "$1" image prune -f --filter label=wharf.test.seed-version >/dev/null 2>&1 || true; }
# WHARF_RIG_REBUILD=1 forces a rebuild of the seed images
if [[ ${WHARF_RIG_REBUILD:-0} == 1 ]] || ! seed_current; then build_seed; prune_old_seed main; fi
MAIN_IDS=$(image_ids main)
[[ -n "$MAIN_IDS" ]] || die "seed images missing on main engine after build"
for e in engine2 engine-tls; do
  if [[ "$(image_ids "$e")" != "$MAIN_IDS" ]]; then
    log "seed: loading seed images into $e"
    dk main save "${SEED_IMAGES[@]}" | dk "$e" load -q >/dev/null
    [[ "$(image_ids "$e")" == "$MAIN_IDS" ]] || die "seed images on $e differ from main after load"
    prune_old_seed "$e"
  fi
done

# push web + busybox to both registries (skipped when the registry already holds
# the manifest and our record says it was pushed from the current image id)
manifest_status() { # port repo tag [auth]
  curl -s -o /dev/null -m 5 -w '%{http_code}' ${4:+-u "$4"} \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://127.0.0.1:$1/v2/$2/manifests/$3" 2>/dev/null || true
}
LOGGED_IN=0
declare -A PUSH_ID=()
for port in "$REGISTRY_PORT" "$REGISTRY_AUTH_PORT"; do
  auth=""; [[ $port == "$REGISTRY_AUTH_PORT" ]] && auth="$REGISTRY_USER:$REGISTRY_PASSWORD"
  rec=$RIG_DIR/registry-$port/pushed
  mkdir -p "$rec"
  for img in "${PUSH_IMAGES[@]}"; do
    repo=${img%:*}; tag=${img##*:}
    [[ -n "${PUSH_ID[$img]:-}" ]] || PUSH_ID[$img]=$(dk main image inspect -f '{{.Id}}' "$img")
    id=${PUSH_ID[$img]}
    recf=$rec/${repo//\//_}_$tag
    if [[ "$(cat "$recf" 2>/dev/null)" == "$id" && "$(manifest_status "$port" "$repo" "$tag" "$auth")" == 200 ]]; then
      continue
    fi
    if [[ -n "$auth" && $LOGGED_IN == 0 ]]; then
      printf '%s' "$REGISTRY_PASSWORD" | dk main login -u "$REGISTRY_USER" --password-stdin "127.0.0.1:$port" >/dev/null 2>&1 ||
        die "docker login 127.0.0.1:$port failed"
      LOGGED_IN=1
    fi
    log "seed: pushing $img to 127.0.0.1:$port"
    dk main tag "$img" "127.0.0.1:$port/$img"
    if ! dk main push "127.0.0.1:$port/$img" >"$rec/push.log" 2>&1; then
      cat "$rec/push.log" >&2; die "push of $img to 127.0.0.1:$port failed"
    fi
    # drop the registry tag again so pull tests really pull
    dk main rmi "127.0.0.1:$port/$img" >/dev/null
    echo "$id" >"$recf"
  done
done
log "seed images: present on all engines and in both registries"

# ------------------------------------------------------------------ g. sshd
ssh_check() { # key -> 0 if root login with key works
  timeout 10 ssh -F /dev/null -p "$SSH_PORT" -i "$1" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$SSH_DIR/known_hosts" -o ConnectTimeout=5 \
    -o LogLevel=ERROR "$SSH_USER@$SSH_HOST" true >/dev/null 2>&1
}
ensure_sshd() {
  local d=$SSH_DIR pid i
  mkdir -p "$d/bin" /run/sshd
  chmod 700 "$d"
  [[ -s "$d/ssh_host_ed25519_key" ]] || ssh-keygen -q -t ed25519 -N '' -C wharf-rig-host -f "$d/ssh_host_ed25519_key"
  [[ -s "$d/ssh_host_rsa_key" ]] || ssh-keygen -q -t rsa -b 3072 -N '' -C wharf-rig-host -f "$d/ssh_host_rsa_key"
  [[ -s "$d/id_ed25519" ]] || ssh-keygen -q -t ed25519 -N '' -C wharf-test -f "$d/id_ed25519"
  # PEM ("BEGIN RSA PRIVATE KEY") for libraries that cannot read the OpenSSH format
  [[ -s "$d/id_rsa" ]] || ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -C wharf-test-rsa -f "$d/id_rsa"
  [[ -s "$d/wrong_ed25519" ]] || ssh-keygen -q -t ed25519 -N '' -C wharf-test-wrong -f "$d/wrong_ed25519"
  cat "$d/id_ed25519.pub" "$d/id_rsa.pub" >"$d/authorized_keys"
  {
    printf '[%s]:%s ' "$SSH_HOST" "$SSH_PORT"; cut -d' ' -f1,2 "$d/ssh_host_ed25519_key.pub"
    printf '[%s]:%s ' "$SSH_HOST" "$SSH_PORT"; cut -d' ' -f1,2 "$d/ssh_host_rsa_key.pub"
  } >"$d/known_hosts"
  cat >"$d/sshd_config" <<EOF
# Wharf test rig sshd: root only, keys only, on $SSH_HOST:$SSH_PORT.
Port $SSH_PORT
ListenAddress $SSH_HOST
HostKey $d/ssh_host_ed25519_key
HostKey $d/ssh_host_rsa_key
PidFile $d/sshd.pid
AuthorizedKeysFile $d/authorized_keys
AllowUsers root
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
PrintMotd no
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
# the remote "docker system dial-stdio" must reach the main engine
SetEnv DOCKER_HOST=unix://$MAIN_SOCKET
Subsystem sftp internal-sftp
EOF
  # client-side config + ssh wrapper so the docker CLI (ssh:// hosts) uses our key:
  #   PATH="$d/bin:\$PATH" docker -H ssh://root@127.0.0.1:2222 version
  cat >"$d/ssh_config" <<EOF
Host $SSH_HOST
  Port $SSH_PORT
  User $SSH_USER
  IdentityFile $d/id_ed25519
  IdentitiesOnly yes
  BatchMode yes
  UserKnownHostsFile $d/known_hosts
  StrictHostKeyChecking yes
  LogLevel ERROR
EOF
  printf '#!/bin/sh\nexec /usr/bin/ssh -F %s "$@"\n' "$d/ssh_config" >"$d/bin/ssh"
  chmod 755 "$d/bin/ssh"
  chmod 600 "$d"/id_* "$d"/wrong_* "$d"/ssh_host_*_key

  if ssh_check "$d/id_ed25519"; then SSHD_STARTED=0; return 0; fi
  pid=$(cat "$d/sshd.pid" 2>/dev/null || true)
  if pid_alive "$pid" "$d/sshd_config"; then
    log "sshd: running (pid $pid) but login fails, restarting"
    stop_pid sshd "$pid" "$d/sshd_config" 10 || true
  fi
  /usr/sbin/sshd -t -f "$d/sshd_config" || die "sshd config test failed"
  log "sshd: starting on $SSH_HOST:$SSH_PORT (log $d/sshd.log)"
  rm -f "$d/sshd.pid"
  /usr/sbin/sshd -f "$d/sshd_config" -E "$d/sshd.log" 9>&-
  for ((i = 0; i < 40; i++)); do [[ -s "$d/sshd.pid" ]] && break; sleep 0.1; done
  mark_started sshd "$(cat "$d/sshd.pid" 2>/dev/null || echo 0)"
  for ((i = 0; i < 40; i++)); do ssh_check "$d/id_ed25519" && return 0; sleep 0.25; done
  tail -n 20 "$d/sshd.log" >&2 || true
  die "ssh login to $SSH_USER@$SSH_HOST:$SSH_PORT with $d/id_ed25519 fails"
}
SSHD_STARTED=1
ensure_sshd
# full "docker over ssh" check only when sshd was (re)started (it costs ~0.5 s)
if ((SSHD_STARTED)) && ! PATH="$SSH_DIR/bin:$PATH" timeout 30 docker -H "ssh://$SSH_USER@$SSH_HOST:$SSH_PORT" version \
  --format '{{.Server.Version}}' >/dev/null 2>"$SSH_DIR/docker-over-ssh.err"; then
  cat "$SSH_DIR/docker-over-ssh.err" >&2
  die "docker over ssh (ssh://$SSH_USER@$SSH_HOST:$SSH_PORT) does not reach the main engine"
fi
log "sshd: up$( ((SSHD_STARTED)) && echo ' (docker over ssh works)')"

# ------------------------------------------------------------------ h. env files
write_env() {
  local -a keys=(WHARF_TEST_DIR MAIN_SOCKET ENGINE2_SOCKET ENGINE2_PIDFILE
    TLS_HOST TLS_PORT TLS_CA TLS_CERT TLS_KEY TLS_BAD_CA TLS_BAD_CERT TLS_BAD_KEY TLS_SOCKET
    REGISTRY_URL REGISTRY_AUTH_URL REGISTRY_USER REGISTRY_PASSWORD
    SSH_HOST SSH_PORT SSH_USER SSH_KEY SSH_RSA_KEY SSH_WRONG_KEY SSH_KNOWN_HOSTS
    SEED_WEB SEED_BUSYBOX SEED_SLEEPER)
  local -A v=(
    [WHARF_TEST_DIR]=$RIG_DIR [MAIN_SOCKET]=$MAIN_SOCKET
    [ENGINE2_SOCKET]=$ENGINE2_SOCKET [ENGINE2_PIDFILE]=$ENGINE2_PIDFILE
    [TLS_HOST]=$TLS_HOST [TLS_PORT]=$TLS_PORT
    [TLS_CA]=$CERT_DIR/ca.pem [TLS_CERT]=$CERT_DIR/cert.pem [TLS_KEY]=$CERT_DIR/key.pem
    [TLS_BAD_CA]=$BAD_CERT_DIR/ca.pem [TLS_BAD_CERT]=$BAD_CERT_DIR/cert.pem [TLS_BAD_KEY]=$BAD_CERT_DIR/key.pem
    [TLS_SOCKET]=$TLS_SOCKET
    [REGISTRY_URL]=$REGISTRY_URL [REGISTRY_AUTH_URL]=$REGISTRY_AUTH_URL
    [REGISTRY_USER]=$REGISTRY_USER [REGISTRY_PASSWORD]=$REGISTRY_PASSWORD
    [SSH_HOST]=$SSH_HOST [SSH_PORT]=$SSH_PORT [SSH_USER]=$SSH_USER
    [SSH_KEY]=$SSH_DIR/id_ed25519 [SSH_RSA_KEY]=$SSH_DIR/id_rsa [SSH_WRONG_KEY]=$SSH_DIR/wrong_ed25519
    [SSH_KNOWN_HOSTS]=$SSH_DIR/known_hosts
    [SEED_WEB]=$SEED_WEB [SEED_BUSYBOX]=$SEED_BUSYBOX [SEED_SLEEPER]=$SEED_SLEEPER
  )
  local k n=${#keys[@]} i=0
  {
    echo "# generated by scripts/provision.sh -- source me"
    for k in "${keys[@]}"; do printf 'export %s=%q\n' "$k" "${v[$k]}"; done
  } >"$RIG_DIR/env.sh.tmp"
  {
    echo "{"
    for k in "${keys[@]}"; do
      i=$((i + 1))
      printf '  "%s": "%s"%s\n' "$k" "$(json_escape "${v[$k]}")" "$([[ $i -lt $n ]] && echo ,)"
    done
    echo "}"
  } >"$RIG_DIR/env.json.tmp"
  mv "$RIG_DIR/env.sh.tmp" "$RIG_DIR/env.sh"
  mv "$RIG_DIR/env.json.tmp" "$RIG_DIR/env.json"
}
write_env
log "provisioned in $(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s; env: $RIG_DIR/env.json, $RIG_DIR/env.sh"
