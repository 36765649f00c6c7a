#!/usr/bin/env bash
# Issue 3 benchmark: the proxy's mutual-TLS listener against stunnel configured the same way, in
# the same run, on loopback:
#   - full handshakes per second (ECDSA P-256 certificates, client certificate required, no
#     resumption), with handshake latency p50/p99, at 1 and at 8 concurrent clients;
#   - bulk throughput client -> relay -> upstream sink, over 1 and over 4 connections;
#   - wall time of `proxy certs issue server` for one certificate against Debian's mkcert.
# Every measurement alternates proxy and stunnel, ROUNDS times after one discarded warm-up round,
# and the table gives medians and the ratio proxy/stunnel (proxy/mkcert for issuing).
#
#   flock /tmp/bench.lock bash integration-tests/src/bench/tls/run.sh
#
# Knobs (environment): ROUNDS (3), HS_SECONDS (10), HS_CONCURRENCY ("1 8"), BULK_MIB (1024),
# BULK_CONNS ("1 4"), HF_RUNS (20), PROXY_JAR (dist/target/proxy.jar; copied first, so a rebuild
# during the run cannot change what is measured), PROXY_LOG (/tmp/tlsbench-proxy.log),
# STUNNEL_LOG (/tmp/tlsbench-stunnel.log), RESULTS (/tmp/tlsbench-results.tsv).
# Ports: TLS 47100 (proxy), 47110-47111 (stunnel), upstreams 47101-47102, admin 47190, mux 47191,
# route ports 47150-47159; all on 127.0.0.1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"

ROUNDS="${ROUNDS:-3}"
HS_SECONDS="${HS_SECONDS:-10}"
HS_CONCURRENCY="${HS_CONCURRENCY:-1 8}"
BULK_MIB="${BULK_MIB:-1024}"
BULK_CONNS="${BULK_CONNS:-1 4}"
HF_RUNS="${HF_RUNS:-20}"
PROXY_JAR="${PROXY_JAR:-$repo/dist/target/proxy.jar}"
PROXY_LOG="${PROXY_LOG:-/tmp/tlsbench-proxy.log}"
STUNNEL_LOG="${STUNNEL_LOG:-/tmp/tlsbench-stunnel.log}"
RESULTS="${RESULTS:-/tmp/tlsbench-results.tsv}"

host=127.0.0.1
proxy_tls="$host:47100"
echo_addr="$host:47101"
sink_addr="$host:47102"
stunnel_echo="$host:47110"
stunnel_sink="$host:47111"
admin="$host:47190"
echo_sni=bench-echo.debug.localhost
sink_sni=bench-sink.debug.localhost

for tool in java go stunnel4 mkcert hyperfine jq; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 2; }
done
[[ -f "$PROXY_JAR" ]] || { echo "run.sh: $PROXY_JAR does not exist; build it: mvn -B -q -DskipTests package" >&2; exit 2; }

work="$(mktemp -d /tmp/tlsbench.XXXXXX)"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '== %s\n' "$*" >&2; }

# Waits until something listens on local port $1, or fails after $2 s (or once pid $3 has exited).
# It asks the kernel rather than connecting: the ports lie in the ephemeral range, and a connect to
# a port nobody listens on can pick that same port as its source and connect to itself, which then
# keeps the server from binding it.
wait_listen() {
  local deadline=$((SECONDS + $2))
  until ss -Htln "( sport = :$1 )" | grep -q .; do
    if ((SECONDS >= deadline)) || ! kill -0 "$3" 2>/dev/null; then
      echo "run.sh: nothing listens on port $1 after $2 s; see $PROXY_LOG and $STUNNEL_LOG" >&2
      tail -3 "$PROXY_LOG" "$STUNNEL_LOG" >&2
      exit 1
    fi
    sleep 0.2
  done
}

# Waits until no socket but TIME-WAIT ones (harmless with SO_REUSEADDR, which all three servers
# set) uses local port $1. The ports lie in the kernel's ephemeral range, so another program's
# outgoing connection can hold one for a while.
wait_port_free() {
  local port deadline=$((SECONDS + 60))
  for port in "$@"; do
    while ss -Htan "( sport = :$port )" | grep -qv '^TIME-WAIT'; do
      if ((SECONDS >= deadline)); then
        echo "run.sh: port $port stays in use:" >&2
        ss -tanp "( sport = :$port )" >&2
        exit 1
      fi
      sleep 1
    done
  done
}

jar="$work/proxy.jar"
cp "$PROXY_JAR" "$jar"
proxy() { java -jar "$jar" "$@"; }

log "versions"
{
  echo "proxy.jar sha256 $(sha256sum "$jar" | cut -c1-16) ($(stat -c %y "$PROXY_JAR" | cut -d. -f1))"
  java -version 2>&1 | sed -n 2p
  stunnel4 -version 2>&1 | grep -E '^stunnel|Running' | tr '\n' ' '; echo
  go version
  echo "mkcert $(mkcert -version)"
  hyperfine --version
  echo "cpus: $(nproc); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >&2

log "building tlsbench"
(cd "$here" && GOPROXY=off GOFLAGS=-mod=mod go build -o "$work/tlsbench" .)
bench="$work/tlsbench"

log "certificates (CA, client, stunnel's server certificates) in $work/certs"
certs="$work/certs"
proxy certs init --dir "$certs" >/dev/null
proxy certs issue client bench --dir "$certs" >/dev/null
proxy certs issue server "$echo_sni" --dns "$echo_sni" --dir "$certs" >/dev/null
proxy certs issue server "$sink_sni" --dns "$sink_sni" --dir "$certs" >/dev/null
client_flags=(-ca "$certs/ca.pem" -cert "$certs/client/bench.pem" -key "$certs/client/bench-key.pem")

fill() {
  sed -e "s|@WORK@|$work|g" -e "s|@ECHO@|$echo_addr|g" -e "s|@SINK@|$sink_addr|g" \
      -e "s|@ECHO_TLS@|$stunnel_echo|g" -e "s|@SINK_TLS@|$stunnel_sink|g" "$1"
}

log "starting upstream, proxy (log: $PROXY_LOG), stunnel (log: $STUNNEL_LOG)"
wait_port_free 47101 47102 47110 47111 47100 47190 47191
"$bench" upstream -echo "$echo_addr" -sink "$sink_addr" 2>"$work/upstream.log" &
upstream_pid=$!
pids+=($upstream_pid)
fill "$here/proxy.yaml.in" >"$work/proxy.yaml"
java -jar "$jar" serve --config "$work/proxy.yaml" --drain 0s >"$PROXY_LOG" 2>&1 &
proxy_pid=$!
pids+=($proxy_pid)
fill "$here/stunnel.conf.in" >"$work/stunnel.conf"
stunnel4 "$work/stunnel.conf" >"$STUNNEL_LOG" 2>&1 &
stunnel_pid=$!
pids+=($stunnel_pid)
wait_listen 47101 10 "$upstream_pid"
wait_listen 47102 10 "$upstream_pid"
wait_listen 47110 10 "$stunnel_pid"
wait_listen 47111 10 "$stunnel_pid"
wait_listen 47100 60 "$proxy_pid"

# Waits for one admitted round trip through a listening relay (a bare TCP probe would show up in its
# log as a failed handshake). For the proxy this also waits for the static routes to be published.
# $4 is handshake (echo upstream) or bulk (sink upstream; sends nothing, gets the count 0 back).
# $5 is the relay's pid: if it has exited, there is no point waiting.
wait_tls() {
  local deadline=$((SECONDS + $3)) args=(handshake -c 1 -d 200ms)
  [[ $4 == bulk ]] && args=(bulk -mib 0 -timeout 5s)
  until "$bench" "${args[@]}" -addr "$1" -sni "$2" "${client_flags[@]}" -label probe >/dev/null 2>&1; do
    if ((SECONDS >= deadline)) || ! kill -0 "$5" 2>/dev/null; then
      echo "run.sh: no client admitted through $1 within $3 s; see $PROXY_LOG and $STUNNEL_LOG" >&2
      tail -3 "$PROXY_LOG" "$STUNNEL_LOG" >&2
      exit 1
    fi
    sleep 0.5
  done
}
wait_tls "$stunnel_echo" "$echo_sni" 10 handshake "$stunnel_pid"
wait_tls "$stunnel_sink" "$sink_sni" 10 bulk "$stunnel_pid"
wait_tls "$proxy_tls" "$echo_sni" 60 handshake "$proxy_pid"
wait_tls "$proxy_tls" "$sink_sni" 10 bulk "$proxy_pid"
proxy routes --admin "$admin" >&2

# Runs one measurement against one relay; result lines go to $2.
measure() {
  local target="$1" out="$2" kind="$3" n="$4" addr sni args
  case "$target/$kind" in
    proxy/handshake)   addr="$proxy_tls";    sni="$echo_sni" ;;
    proxy/bulk)        addr="$proxy_tls";    sni="$sink_sni" ;;
    stunnel/handshake) addr="$stunnel_echo"; sni="$echo_sni" ;;
    stunnel/bulk)      addr="$stunnel_sink"; sni="$sink_sni" ;;
  esac
  if [[ $kind == handshake ]]; then
    args=(handshake -c "$n" -d "${HS_SECONDS}s")
  else
    args=(bulk -conns "$n" -mib "$BULK_MIB")
  fi
  # A failed run is reported and leaves a gap in the table rather than ending the benchmark.
  "$bench" "${args[@]}" -addr "$addr" -sni "$sni" "${client_flags[@]}" -label "$target" \
      >>"$out" 2>>"$work/negotiated.log" || log "FAILED: $target $kind $n (see the client errors below)"
  sleep 1 # let closed connections and relay threads settle before the next run
}

# Round 0 warms up the JVM (JIT, the on-demand server certificates) and is discarded.
results="$work/results.tsv"
: >"$results"
for round in $(seq 0 "$ROUNDS"); do
  if ((round == 0)); then out="$work/warmup.tsv"; log "warm-up round (discarded)"; else out="$results"; log "round $round of $ROUNDS"; fi
  # Alternate who goes first, so neither always runs on a machine the other just heated up.
  if ((round % 2 == 1)); then order=(proxy stunnel); else order=(stunnel proxy); fi
  for n in $HS_CONCURRENCY; do
    for target in "${order[@]}"; do measure "$target" "$out" handshake "$n"; done
  done
  for n in $BULK_CONNS; do
    for target in "${order[@]}"; do measure "$target" "$out" bulk "$n"; done
  done
done
cp "$results" "$RESULTS"

log "negotiated (every connection of every run, warm-up included)"
grep '^negotiated' "$work/negotiated.log" | sed -E 's/ connections=([0-9]+)$/\t\1/' \
  | awk -F'\t' '{n[$1] += $2} END {for (k in n) printf "%8d connections: %s\n", n[k], k}' | sort -k3 >&2
if grep -v '^negotiated' "$work/negotiated.log" >&2; then
  log "(the lines above are client errors)"
fi

log "stopping relays"
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()

log "issuing one server certificate: proxy certs issue vs mkcert (hyperfine, $HF_RUNS runs, 3 warm-up)"
hf="$work/hf"
mkdir -p "$hf/mkcert"
proxy certs init --dir "$hf/certs" >/dev/null
export CAROOT="$hf/mkcert-ca"
mkcert -ecdsa -cert-file "$hf/mkcert/first.pem" -key-file "$hf/mkcert/first-key.pem" first.test 2>/dev/null # creates the CA
echo 0 >"$hf/n"
# Every run gets a fresh name (x<n>.test): the proxy refuses to overwrite a certificate. `read` is a
# shell builtin, so the counter costs no process in the timed command. Bare "x" is not used: the
# CA's name constraints refuse names outside localhost, .test, .internal and private addresses.
hyperfine --style basic --warmup 3 --runs "$HF_RUNS" --export-json "$hf/hf.json" \
  --prepare "read n < $hf/n; echo \$((n + 1)) > $hf/n" \
  -n "proxy certs issue" "read n < $hf/n; exec java -jar $jar certs issue server x\$n.test --dir $hf/certs" \
  -n "mkcert -ecdsa" "read n < $hf/n; exec mkcert -ecdsa -cert-file $hf/mkcert/x\$n.pem -key-file $hf/mkcert/x\$n-key.pem x\$n.test" \
  -n "mkcert (RSA default)" "read n < $hf/n; exec mkcert -cert-file $hf/mkcert/r\$n.pem -key-file $hf/mkcert/r\$n-key.pem r\$n.test" \
  -n "proxy version (JVM start floor)" "exec java -jar $jar version" >&2
jq -r '.results[] | [.command, "wall time, median", (.median * 1000 | tostring), "ms"] | @tsv' "$hf/hf.json" \
  >"$work/issue.tsv"
issued=$(find "$hf/certs/server" -name 'x*.test.pem' | wc -l)
log "proxy issued $issued certificates during hyperfine (expected $((HF_RUNS + 3)))"
cat "$work/issue.tsv" >>"$RESULTS"

echo
echo "TLS relay: proxy vs stunnel, median of $ROUNDS rounds (handshakes ${HS_SECONDS}s each, bulk ${BULK_MIB} MiB in total)"
"$bench" table -baseline stunnel "$results"
echo
echo "Issuing one server certificate: median wall time of $HF_RUNS runs, ratio against mkcert -ecdsa"
"$bench" table -baseline "mkcert -ecdsa" "$work/issue.tsv"
echo
proxy_problems=$(grep -cE 'level=(WARN|ERROR)' "$PROXY_LOG" || true)
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "proxy log: $PROXY_LOG ($proxy_problems WARN/ERROR lines); stunnel log: $STUNNEL_LOG; raw results: $RESULTS"
