#!/usr/bin/env bash
# Issue 5 benchmark: debugproxy against the same backend direct and through the usual tools,
# all in one run on loopback.
#
#   HTTP (wrk, keep-alive, GET with a 1 KiB response):  direct | debugproxy (mux port) | nginx
#   TCP ping-pong (64 B message, wait for the echo):     direct | debugproxy (route port) | haproxy | socat
#
# Every target gets a warm-up run first (the proxy's JIT), then ROUNDS rounds in which the
# targets take turns (the order rotates each round); the table shows per target the median of
# the rounds and the ratio to direct, plus the CPU the intermediary used (its whole process group).
#
#   flock /tmp/bench.lock bash integration-tests/src/bench/http/run.sh
#
# Needs: dist/target/proxy.jar (mvn -B package -DskipTests), a Docker engine (the proxy's
# discovery; the route here is static), go, wrk, nginx, haproxy, socat, jq.
# Ports: 127.0.0.1:47200-47299 only. Knobs (environment):
#   DURATION, WARMUP  seconds per run, default 10 and 20 (on a busy machine C2 was still
#                     compiling the proxy after 10 s of load)
#   ROUNDS            3
#   HTTP_CONNS, TCP_CONNS  "32 1"; empty skips that part
#   WRK_THREADS       2 (wrk uses min(this, connections))
#   PROXY_LOG         /tmp/httpbench-proxy.log
#   DEBUGPROXY_JAVA_OPTS   passed to the proxy's JVM (e.g. a JFR recording)
#   KEEP_WORK=1       keeps the temp directory
set -euo pipefail

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-3}
HTTP_CONNS=${HTTP_CONNS-"32 1"}
TCP_CONNS=${TCP_CONNS-"32 1"}
WRK_THREADS=${WRK_THREADS:-2}
PROXY_LOG=${PROXY_LOG:-/tmp/httpbench-proxy.log}
KEEP_WORK=${KEEP_WORK:-0}

HOST_HEADER=bench.debug.localhost
BACKEND=127.0.0.1:47201
ECHO=127.0.0.1:47202
NGINX=127.0.0.1:47210
HAPROXY=127.0.0.1:47211
SOCAT=127.0.0.1:47212
PROXY_ADMIN=127.0.0.1:47290
PROXY_MUX=127.0.0.1:47291
PROXY_TLS=127.0.0.1:47292
PROXY_ROUTE_PORTS=47250-47259

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"

for tool in go wrk nginx haproxy socat jq java; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 2; }
done
[[ -f "$repo/dist/target/proxy.jar" ]] || { echo "run.sh: build the proxy first: (cd $repo && mvn -B package -DskipTests)" >&2; exit 2; }

work="$(mktemp -d /tmp/httpbench.XXXXXX)"
pids=()

cleanup() {
  local pid
  # Each service runs in its own process group (setsid): this ends nginx's workers and socat's
  # per-connection children with their parent, and nothing else.
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ "$KEEP_WORK" == 1 ]]; then
    echo "run.sh: kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME COMMAND...: runs COMMAND in its own process group, output to $work/NAME.log.
start() {
  local name=$1; shift
  setsid "$@" >"$work/$name.log" 2>&1 </dev/null &
  pids+=("$!")
  eval "pid_$name=$!"
}

# wait_port HOST:PORT NAME: until something accepts connections there (30 s at most).
wait_port() {
  local host=${1%:*} port=${1##*:} name=$2 i
  for ((i = 0; i < 300; i++)); do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "run.sh: $name is not listening on $1 after 30 s; its log:" >&2
  tail -n 20 "$work/$name.log" "$PROXY_LOG" 2>/dev/null >&2 || true
  exit 1
}

# cpu_snapshot FILE: "pgid ticks" for every process, ticks being user + system time including
# reaped children (so a process that exits between two snapshots still counts, in its parent).
cpu_snapshot() {
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } \
    | awk '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " "); print f[3], f[12] + f[13] + f[14] + f[15] }' >"$1"
}

# cpu_seconds BEFORE AFTER PGIDS: CPU seconds the process groups PGIDS (space separated; "-" for
# every process not in $our_pgids) used between two snapshots.
cpu_seconds() {
  awk -v want="$3" -v ours="$our_pgids" -v hz="$clk_tck" '
    BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) wanted[w[i]] = 1
            n = split(ours, o, " "); for (i = 1; i <= n; i++) mine[o[i]] = 1 }
    function counts(g) { return ("-" in wanted) ? !(g in mine) : (g in wanted) }
    FNR == NR { if (counts($1)) t -= $2; next }
    { if (counts($1)) t += $2 }
    END { printf "%.2f", t / hz }' "$1" "$2"
}

# result_field KEY LINE: the value of KEY=... in a RESULT line.
result_field() {
  sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<"$2"
}

# ---- ports: refuse to share them -----------------------------------------------------------
# 47200-47299 lies in Linux's ephemeral range (32768-60999): besides a listener, any connection
# that happened to get one of these as its local port (also in TIME_WAIT, up to 60 s after it
# closed) makes our bind fail. Wait for such leftovers; give up on a listener at once.
port_filter='( sport >= :47200 and sport <= :47299 )'
for ((i = 0; ; i++)); do
  if ss -Hltn "$port_filter" | grep -q .; then
    echo "run.sh: something already listens on 127.0.0.1:47200-47299:" >&2
    ss -Hltnp "$port_filter" >&2
    exit 1
  fi
  ss -Htan "$port_filter" | grep -q . || break
  if ((i >= 90)); then
    echo "run.sh: connections still use local ports 47200-47299 after 90 s:" >&2
    ss -Htanp "$port_filter" | head -n 20 >&2
    exit 1
  fi
  sleep 1
done

# ---- build and start everything ------------------------------------------------------------
(cd "$here" && GOPROXY=off go build -o "$work/httpbench" .)

# The proxy runs from a copy of the launcher and jar: a rebuild of dist/target during the run
# would otherwise pull classes from under the running JVM (NoClassDefFoundError).
mkdir -p "$work/dist/bin" "$work/dist/target"
cp "$repo/dist/bin/proxy" "$work/dist/bin/proxy"
cp "$repo/dist/target/proxy.jar" "$work/dist/target/proxy.jar"
proxy_cli="$work/dist/bin/proxy"
proxy_build="proxy.jar $(date -u -r "$repo/dist/target/proxy.jar" +%FT%TZ) sha256 $(sha256sum "$work/dist/target/proxy.jar" | cut -c1-12)"
proxy_build+=", tree $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -z "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]] || proxy_build+=" (with uncommitted changes)"
bench="$work/httpbench"

start backend "$bench" backend -addr "$BACKEND" -size 1024
start echo "$bench" echo -addr "$ECHO"

mkdir -p "$work/nginx"
sed -e "s|@WORK@|$work|g" -e "s|@LISTEN@|$NGINX|g" -e "s|@BACKEND@|$BACKEND|g" \
  "$here/nginx.conf.in" >"$work/nginx.conf"
start nginx nginx -c "$work/nginx.conf" -p "$work/nginx" -g 'daemon off;'

sed -e "s|@LISTEN@|$HAPROXY|g" -e "s|@ECHO@|$ECHO|g" "$here/haproxy.cfg.in" >"$work/haproxy.cfg"
start haproxy haproxy -db -f "$work/haproxy.cfg"

start socat socat "TCP-LISTEN:${SOCAT##*:},bind=${SOCAT%:*},fork,reuseaddr" "TCP:$ECHO"

sed -e "s|@WORK@|$work|g" -e "s|@BACKEND@|$BACKEND|g" -e "s|@ECHO@|$ECHO|g" -e "s|@ADMIN@|$PROXY_ADMIN|g" \
  -e "s|@MUX@|$PROXY_MUX|g" -e "s|@TLS@|$PROXY_TLS|g" -e "s|@ROUTE_PORTS@|$PROXY_ROUTE_PORTS|g" \
  "$here/proxy.yaml.in" >"$work/proxy.yaml"
# The proxy's log goes where the report can point at it, not into $work.
setsid "$proxy_cli" serve --config "$work/proxy.yaml" >"$PROXY_LOG" 2>&1 </dev/null &
pids+=("$!")
pid_proxy=$!
ln -s "$PROXY_LOG" "$work/proxy.log"

wait_port "$BACKEND" backend
wait_port "$ECHO" echo
wait_port "$NGINX" nginx
wait_port "$HAPROXY" haproxy
wait_port "$SOCAT" socat
wait_port "$PROXY_ADMIN" proxy
wait_port "$PROXY_MUX" proxy

proxy_route=""
for ((i = 0; i < 100; i++)); do
  # Without the serving JVM's options: they may start a recording or print to stdout.
  proxy_route=$(DEBUGPROXY_JAVA_OPTS='' "$proxy_cli" routes --admin "$PROXY_ADMIN" --json 2>/dev/null \
    | jq -r '.[] | select(.name == "bench" and .status == "ok") | .listen' || true)
  [[ -n "$proxy_route" ]] && break
  sleep 0.3
done
[[ -n "$proxy_route" ]] || { echo "run.sh: the proxy has no usable route 'bench'; see $PROXY_LOG" >&2; exit 1; }
wait_port "$proxy_route" proxy

clk_tck=$(getconf CLK_TCK)
# This script's own group (it includes wrk and the ping-pong client) and every service's group.
our_pgids="$(ps -o pgid= -p $$ | tr -d ' ') ${pids[*]}"

# ---- targets --------------------------------------------------------------------------------
http_targets=(direct debugproxy nginx)
declare -A http_url=([direct]="http://$BACKEND/" [debugproxy]="http://$PROXY_MUX/" [nginx]="http://$NGINX/")
declare -A http_pgid=([direct]="" [debugproxy]="$pid_proxy" [nginx]="$pid_nginx")
tcp_targets=(direct debugproxy haproxy socat)
declare -A tcp_addr=([direct]="$ECHO" [debugproxy]="$proxy_route" [haproxy]="$HAPROXY" [socat]="$SOCAT")
declare -A tcp_pgid=([direct]="" [debugproxy]="$pid_proxy" [haproxy]="$pid_haproxy" [socat]="$pid_socat")

# Every HTTP target must answer with the 1 KiB body; their forwarded headers are shown once.
for target in "${http_targets[@]}"; do
  size=$(curl -fsS -o /dev/null -w '%{size_download}' -H "Host: $HOST_HEADER" "${http_url[$target]}")
  [[ "$size" == 1024 ]] || { echo "run.sh: $target answered $size bytes, not 1024" >&2; exit 1; }
done

echo "== machine"
echo "   $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(uname -r)"
echo "   $(java -version 2>&1 | head -n1); $(nginx -v 2>&1); $(haproxy -v | head -n1 | cut -d' ' -f1-3);" \
  "$(socat -V | grep -m1 'socat version' | cut -d' ' -f1-3); $(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2); $(go version | cut -d' ' -f3)"
echo "   wrk, the Go backend/echo/ping-pong client and the intermediary all share these cores."
echo "   debugproxy: $proxy_build; JVM options: ${DEBUGPROXY_JAVA_OPTS:-none}"
echo "   load average at start: $(cut -d" " -f1-3 /proc/loadavg)"
echo "== request head as the backend receives it (GET /headers)"
for target in debugproxy nginx; do
  echo "   -- $target"
  curl -fsS -H "Host: $HOST_HEADER" "${http_url[$target]}headers" | sed 's/^/      /'
done

results="$work/results.tsv"
: >"$results"

# measure KIND GROUP TARGET ROUND CONNS SECONDS: one run; appends to $results unless ROUND is "warmup".
measure() {
  local kind=$1 group=$2 target=$3 round=$4 conns=$5 secs=$6 out line pgid threads
  if [[ $kind == http ]]; then
    pgid=${http_pgid[$target]}
  else
    pgid=${tcp_pgid[$target]}
  fi
  cpu_snapshot "$work/cpu.before"
  if [[ $kind == http ]]; then
    threads=$((conns < WRK_THREADS ? conns : WRK_THREADS))
    out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency -s "$here/report.lua" \
      -H "Host: $HOST_HEADER" "${http_url[$target]}")
  else
    out=$("$bench" pingpong -addr "${tcp_addr[$target]}" -c "$conns" -d "${secs}s" -size 64)
  fi
  cpu_snapshot "$work/cpu.after"
  line=$(grep '^RESULT ' <<<"$out") || { echo "run.sh: no result from $kind $target:" >&2; echo "$out" >&2; exit 1; }
  local rps p50 p99 errors requests seconds cpu=0.00 others
  rps=$(result_field rps "$line")
  p50=$(result_field p50_us "$line")
  p99=$(result_field p99_us "$line")
  errors=$(result_field errors "$line")
  requests=$(result_field requests "$line")
  seconds=$(result_field seconds "$line")
  [[ -n "$pgid" ]] && cpu=$(cpu_seconds "$work/cpu.before" "$work/cpu.after" "$pgid")
  # Everything else on the machine (other users' builds, ...): the noise this run had to share the cores with.
  others=$(cpu_seconds "$work/cpu.before" "$work/cpu.after" -)
  printf '   %-4s %-6s c=%-3s %-10s %8.0f/s  p50 %8.1f us  p99 %8.1f us  cpu %5.2f s  others %5.2f s  errors %s\n' \
    "$kind" "$round" "$conns" "$target" "$rps" "$p50" "$p99" "$cpu" "$others" "$errors"
  if [[ "$round" != warmup ]]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$target" "$round" \
      "$rps" "$p50" "$p99" "$errors" "$requests" "$seconds" "$cpu" "$others" >>"$results"
  fi
}

http_group() { echo "HTTP GET, 1 KiB body, keep-alive: wrk -t$(($1 < WRK_THREADS ? $1 : WRK_THREADS)) -c$1 -d${DURATION}s, median of $ROUNDS"; }
tcp_group() { echo "TCP ping-pong, 64 B each way: $1 connection(s), ${DURATION}s, median of $ROUNDS"; }

max_http_conns=$(tr ' ' '\n' <<<"$HTTP_CONNS" | sort -n | tail -n1)
max_tcp_conns=$(tr ' ' '\n' <<<"$TCP_CONNS" | sort -n | tail -n1)

echo "== warm-up, ${WARMUP}s per target"
if [[ -n "$max_http_conns" ]]; then
  for target in "${http_targets[@]}"; do
    measure http - "$target" warmup "$max_http_conns" "$WARMUP"
  done
fi
if [[ -n "$max_tcp_conns" ]]; then
  for target in "${tcp_targets[@]}"; do
    measure tcp - "$target" warmup "$max_tcp_conns" "$WARMUP"
  done
fi

echo "== measurement: $ROUNDS rounds of ${DURATION}s per target, targets take turns"
for ((round = 1; round <= ROUNDS; round++)); do
  for conns in $HTTP_CONNS; do
    n=${#http_targets[@]}
    for ((k = 0; k < n; k++)); do
      target=${http_targets[$(((k + round - 1) % n))]}
      measure http "$(http_group "$conns")" "$target" "$round" "$conns" "$DURATION"
    done
  done
  for conns in $TCP_CONNS; do
    n=${#tcp_targets[@]}
    for ((k = 0; k < n; k++)); do
      target=${tcp_targets[$(((k + round - 1) % n))]}
      measure tcp "$(tcp_group "$conns")" "$target" "$round" "$conns" "$DURATION"
    done
  done
done

echo
echo "== load average at end: $(cut -d" " -f1-3 /proc/loadavg)"
echo "== results: medians; x = ratio to direct; cpu = the intermediary's processes and others = every process outside the benchmark, in % of one core"
"$bench" table "$results"

echo
echo "== proxy log ($PROXY_LOG): $(wc -l <"$PROXY_LOG") lines, $(grep -c -E '\b(WARN|ERROR)\b' "$PROXY_LOG" || true) WARN/ERROR"
grep -E '\b(WARN|ERROR)\b' "$PROXY_LOG" | head -n 20 || true
for name in nginx haproxy socat; do
  if [[ -s "$work/$name.log" ]]; then
    echo "== $name output"
    head -n 20 "$work/$name.log"
  fi
done
if [[ -s "$work/nginx/error.log" ]]; then
  echo "== nginx error.log"
  head -n 20 "$work/nginx/error.log"
fi
