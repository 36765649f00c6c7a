#!/usr/bin/env bash
# debugproxy demo: a Go service under Delve in Docker, reached through `proxy serve`.
#
#   bash dist/demo/demo.sh            # Ctrl-C stops the proxy and removes the demo container
#
# Steps: prepare the machine (.ci/setup-machine.sh), build the proxy jar if missing, build
# the sample image (dist/sample/build-image.sh), run it on the Docker network
# `debugproxy-demo` with Traefik-style labels, start `dist/bin/proxy serve` with a config in
# a temporary directory, wait until `proxy routes --json` lists the sample, and print the
# `dlv connect 127.0.0.1:<port>` line to use.
#
# Env: DEMO_ADMIN (127.0.0.1:9180), DEMO_PORTS (40000-40099), DEMO_MUX (127.0.0.1:2345, the one-port
# listener), DEMO_KEEP_STATE=1 keeps the temp dir.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NETWORK=debugproxy-demo
CONTAINER=debugproxy-demo-sample
ROUTE=sample
IMAGE=debugproxy/sample:dev
ADMIN="${DEMO_ADMIN:-127.0.0.1:9180}"
PORTS="${DEMO_PORTS:-40000-40099}"
MUX="${DEMO_MUX:-127.0.0.1:2345}"
PROXY="$ROOT/dist/bin/proxy"
JAR="$ROOT/dist/target/proxy.jar"

# Bold only on a terminal: a log file gets plain text.
if [ -t 2 ]; then say() { printf '\033[1mdemo:\033[0m %s\n' "$*" >&2; }; else say() { printf 'demo: %s\n' "$*" >&2; }; fi
die() { echo "demo: error: $*" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/debugproxy-demo.XXXXXX")"
PROXY_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  say "stopping"
  if [ -n "$PROXY_PID" ] && kill -0 "$PROXY_PID" 2>/dev/null; then
    kill "$PROXY_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PROXY_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$PROXY_PID" 2>/dev/null || true
  fi
  docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
  docker network rm "$NETWORK" >/dev/null 2>&1 || true
  if [ -n "${DEMO_KEEP_STATE:-}" ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. machine: docker engine, go, dlv, curl...
bash "$ROOT/.ci/setup-machine.sh"

# Refuse to start if something already answers on the admin address: the route table
# printed below would be that other process's.
if (exec 3<>"/dev/tcp/${ADMIN%:*}/${ADMIN##*:}") 2>/dev/null; then
  die "something already listens on $ADMIN (another proxy serve?); stop it or set DEMO_ADMIN=127.0.0.1:PORT"
fi

# 2. the proxy jar
if [ ! -f "$JAR" ]; then
  say "building the proxy (mvn package, tests skipped)"
  # Debian's Maven prints colour resets even in batch mode; a log file wants none.
  (cd "$ROOT" && mvn -B -q -Dstyle.color=never -DskipTests -pl dist -am package) 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g' >&2 || die "mvn package failed"
fi
[ -x "$PROXY" ] || die "$PROXY is missing"

# 3. the sample image
say "building $IMAGE"
bash "$ROOT/dist/sample/build-image.sh" "$IMAGE" >/dev/null

# 4. the sample container, on its own network, labelled as a Traefik user would
docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
docker network inspect "$NETWORK" >/dev/null 2>&1 || docker network create "$NETWORK" >/dev/null
say "starting $CONTAINER on network $NETWORK"
docker run -d --name "$CONTAINER" --network "$NETWORK" \
  --cap-add SYS_PTRACE --security-opt seccomp=unconfined \
  --label traefik.enable=true \
  --label traefik.docker.network="$NETWORK" \
  --label "traefik.http.routers.$ROUTE.rule=Host(\`$ROUTE.localhost\`)" \
  --label "traefik.http.services.$ROUTE.loadbalancer.server.port=8080" \
  --label "debugproxy.route=$ROUTE" \
  "$IMAGE" >/dev/null
for _ in $(seq 1 100); do
  docker logs "$CONTAINER" 2>&1 | grep -q 'API server listening at:' && break
  sleep 0.1
done
docker logs "$CONTAINER" 2>&1 | grep -q 'API server listening at:' \
  || { docker logs "$CONTAINER" >&2; die "Delve did not start in $CONTAINER"; }
SAMPLE_IP="$(docker inspect -f "{{ (index .NetworkSettings.Networks \"$NETWORK\").IPAddress }}" "$CONTAINER")"

# 5. the proxy
cat >"$WORK/proxy.yaml" <<EOF
docker:
  host: unix:///var/run/docker.sock
  network: $NETWORK
listeners:
  routes: { address: 127.0.0.1, ports: $PORTS }
  mux: { address: $MUX }
admin: { address: $ADMIN }
state: { dir: $WORK/state }
EOF
say "starting proxy serve (log: $WORK/proxy.log)"
"$PROXY" serve --config "$WORK/proxy.yaml" >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!

# 6. wait for the route; `proxy routes --json` is an array of objects with name, listen, status...
route_json() {
  "$PROXY" routes --admin "$ADMIN" --json 2>/dev/null \
    | tr -d '\n' | sed 's/}[[:space:]]*,[[:space:]]*{/}\n{/g' \
    | grep "\"name\"[[:space:]]*:[[:space:]]*\"$ROUTE\"" | head -1
}
field() { sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p"; }
# `ok` means the route's local port is listening; an error can be transient (port being bound).
LISTEN=""
last_error=""
for _ in $(seq 1 120); do
  kill -0 "$PROXY_PID" 2>/dev/null || { cat "$WORK/proxy.log" >&2; die "proxy serve exited"; }
  line="$(route_json || true)"
  if [ -n "$line" ]; then
    status="$(echo "$line" | field status)"
    LISTEN="$(echo "$line" | field listen)"
    if [ "$status" = ok ] && [ -n "$LISTEN" ]; then break; fi
    LISTEN=""
    last_error="$(echo "$line" | field error)"
  fi
  sleep 0.5
done
if [ -z "$LISTEN" ]; then
  cat "$WORK/proxy.log" >&2
  [ -n "$last_error" ] && die "route '$ROUTE' is not usable: $last_error"
  die "route '$ROUTE' did not show up in 'proxy routes' within 60 s"
fi
PORT="${LISTEN##*:}"
kill -0 "$PROXY_PID" 2>/dev/null || { cat "$WORK/proxy.log" >&2; die "proxy serve exited"; }

"$PROXY" routes --admin "$ADMIN" || true
cat <<EOF

  The sample runs under Delve in container $CONTAINER ($SAMPLE_IP), reached through debugproxy:

      dlv connect 127.0.0.1:$PORT

  then, at the (dlv) prompt:
      break main.go:$(grep -n 'breakpoint here: greeting is set' "$ROOT/dist/sample/main.go" | cut -d: -f1)
      continue
  and in another terminal (through the proxy's one port, routed by Host; or the container directly):
      curl -H 'Host: $ROUTE.debug.localhost' 'http://$MUX/hello?name=you'
      curl 'http://$SAMPLE_IP:8080/hello?name=you'
  back in dlv:
      print greeting
      clearall        (breakpoints belong to Delve, not to your session: clear them before you leave)
      exit -c         (resumes the program and disconnects; it keeps running)

  Press Ctrl-C to stop the proxy and remove the demo container.
EOF

wait "$PROXY_PID" || true
say "proxy serve exited; its log:"
tail -n 30 "$WORK/proxy.log" >&2 || true
