#!/usr/bin/env bash
# Prepares a Debian 12 machine (as root) for debugproxy's build, tests and demo:
#   - installs what is missing: docker.io, docker-compose (v1, for the compose example's test),
#     golang-go, delve, openssl, socat, curl, iproute2, nodejs and npm (a DAP client from npm in a test)
#     (apt-get update runs first, and only, when something is missing);
#   - starts the Docker engine in the background when `docker info` fails
#     (log: $DEBUGPROXY_DOCKERD_LOG, default /tmp/debugproxy-dockerd.log) and waits for it.
# Idempotent: on a ready machine it only checks, in well under a second.
# A docker CLI without an engine (e.g. /usr/local/bin/docker alone) is not enough: the
# engine is detected by `dockerd`, not by `docker`.
set -euo pipefail

DOCKERD_LOG="${DEBUGPROXY_DOCKERD_LOG:-/tmp/debugproxy-dockerd.log}"
DOCKERD_WAIT="${DEBUGPROXY_DOCKERD_WAIT:-60}"

log() { echo "setup-machine: $*" >&2; }
die() { echo "setup-machine: error: $*" >&2; exit 1; }

# --- packages: "command package" pairs
need=()
while read -r cmd pkg; do
  command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done <<'EOF'
dockerd docker.io
docker-compose docker-compose
go golang-go
dlv delve
openssl openssl
socat socat
curl curl
ip iproute2
node nodejs
npm npm
EOF
# The docker CLI may come from elsewhere (/usr/local/bin/docker); install docker.io only for the engine.
if [ "${#need[@]}" -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || die "missing packages (${need[*]}) and not root: install them or run as root"
  command -v apt-get >/dev/null 2>&1 || die "missing packages (${need[*]}) and no apt-get: install them by hand"
  log "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || die "apt-get install ${need[*]} failed"
fi
for cmd in dockerd docker docker-compose go dlv openssl socat curl ip node npm; do
  command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' still not found after installing packages"
done

# --- Docker engine
if docker info >/dev/null 2>&1; then
  log "docker engine: up ($(docker info -f '{{.ServerVersion}}' 2>/dev/null || echo '?'))"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "the Docker engine is not running and starting it needs root"
if pgrep -x dockerd >/dev/null 2>&1; then
  log "dockerd is already running but not answering yet; waiting for it"
else
  log "starting dockerd in the background (log: $DOCKERD_LOG)"
  # setsid + nohup: the engine outlives this script and the shell that ran it.
  setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
fi

for ((i = 0; i < DOCKERD_WAIT * 2; i++)); do
  if docker info >/dev/null 2>&1; then
    log "docker engine: up after ~$((i / 2)) s ($(docker info -f '{{.ServerVersion}}' 2>/dev/null || echo '?'))"
    exit 0
  fi
  if ! pgrep -x dockerd >/dev/null 2>&1 && [ "$i" -gt 2 ]; then
    tail -n 30 "$DOCKERD_LOG" >&2 2>/dev/null || true
    die "dockerd exited during start-up; see the lines above and $DOCKERD_LOG"
  fi
  sleep 0.5
done
tail -n 30 "$DOCKERD_LOG" >&2 2>/dev/null || true
die "the Docker engine did not answer within ${DOCKERD_WAIT} s ('docker info' fails); see $DOCKERD_LOG"
