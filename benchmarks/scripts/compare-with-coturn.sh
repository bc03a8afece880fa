#!/usr/bin/env bash
# Side-by-side load test of Turnpike and coturn on loopback (issue 6).
#
# Starts coturn's turnserver and Turnpike (turn-server/target/turnpike.jar) with equivalent settings on
# loopback, runs the same loads with the load generator (benchmarks/target/turnpike-load.jar) against
# each alternately (A B A B ...), and prints medians and ratios Turnpike/coturn for:
#   - the highest echoed packets/s held under 1 % loss (ramp), and the closed-loop saturation rate
#     (a window of packets in flight per allocation) with server CPU per packet there,
#   - p99 RTT at a fixed moderate load,
#   - server CPU seconds per million echoed packets at that load (utime+stime from /proc/PID/stat, read
#     by the generator itself at the start and end of the measured phase with --server-pid;
#     one echoed packet = two datagrams in and two out at the server),
#   - server resident memory (VmRSS) with 1,000 idle allocations, and per allocation (freshly started
#     servers, one per round, before the load rounds),
#   - allocations set up per second, and server CPU per allocation set-up (warm servers: see the warm-up),
#   - p99 RTT and server CPU per million echoed packets over TLS at a low fixed load.
# Optionally (--uclient) also coturn's own turnutils_uclient + turnutils_peer against both servers.
#
# Warm-up, the same for both servers, after the memory measurement and before the rounds: relay
# loads over UDP and TLS, then WARMUP_SETUP_ROUNDS (default 12) set-up storms of 1,000 allocations each (set up 100 at a
# time, then released at once). A long-running Turnpike has JIT-compiled its set-up path (decoding, HMAC, allocation, relay
# socket); a cold one spends most of its set-up CPU in the compiler threads (measured: 74 % of the
# server's CPU in C2 during storms, CPU per allocation falling from ~900 us to ~200 us over 12 storms).
# coturn, being C, has nothing to compile. Each storm's CPU per allocation is logged.
#
# Usage: benchmarks/scripts/compare-with-coturn.sh [options]
#   --rounds N          rounds of A B (default 3; medians need at least 3)
#   --budget SECONDS    stop starting new rounds after this long (default 720)
#   --quick             smaller loads and shorter steps (a smoke test of the script, ~2 minutes)
#   --no-build          use the jars already built
#   --uclient           also run turnutils_uclient -m 50 -n $UCLIENT_MESSAGES -l 120 -z 1 per server and round
#   --keep              keep the work directory (logs, JSON reports) and print its path
# Baseline mode: with BASELINE_JAR=/path/to/turnpike.jar the B server is that Turnpike build instead of
# coturn (same ports and relay range as coturn's), for before/after comparisons of Turnpike itself;
# the report's "coturn" column is then the baseline.
# JVM options: Turnpike (and the BASELINE_JAR server) start as in production, with
# `java @$TURNPIKE_JVM_OPTIONS $TURNPIKE_JAVA_OPTS -jar ...`, TURNPIKE_JVM_OPTIONS defaulting to
# config/jvm.options. TURNPIKE_JAVA_OPTS comes later, so it adds options and overrides the file's
# (e.g. -Xmn16m; another collector needs -XX:-UseSerialGC too). TURNPIKE_JVM_OPTIONS=/dev/null runs
# the JVM's defaults.
# Environment: UCLIENT_MESSAGES (default 15000), UCLIENT_FLAGS (default -c), TURNPIKE_JAVA_OPTS (default
# empty), WARMUP_SETUP_ROUNDS (default 12, --quick 2), LOAD_JAVA_OPTS, TURNPIKE_JAR and LOAD_JAR (other
# jars than the built ones, e.g. a baseline build kept aside for a before/after comparison).
#
# Ports (never 3478/5349, which measured slower on these machines for reasons outside the servers):
# Turnpike 13478 (UDP/TCP) and 15349 (TLS), relay 40000-44999; coturn 23478/25349, relay 45000-49999.
# Every wait is bounded; only processes this script started are stopped.
set -euo pipefail

ROUNDS=3
BUDGET=720
QUICK=0
BUILD=1
UCLIENT=0
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --budget) BUDGET="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --uclient) UCLIENT=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,/^set -euo pipefail/p' "$0" | grep '^#'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
LOAD_JAR="${LOAD_JAR:-$ROOT/benchmarks/target/turnpike-load.jar}"
SERVER_JAR="${TURNPIKE_JAR:-$ROOT/turn-server/target/turnpike.jar}"
WORK="$(mktemp -d /tmp/turnpike-compare.XXXXXX)"
UCLIENT_MESSAGES="${UCLIENT_MESSAGES:-15000}"
# -c: one allocation per session (no RTCP pair with EVEN-PORT/RESERVATION-TOKEN), for both servers:
# Turnpike answers those RTCP-pair Allocates with 508 at the time of writing.
UCLIENT_FLAGS="${UCLIENT_FLAGS--c}"
TP_PORT=13478; TP_TLS=15349; TP_MIN=40000; TP_MAX=44999
CT_PORT=23478; CT_TLS=25349; CT_MIN=45000; CT_MAX=49999
UCLIENT_PEER_PORT=13999
USER_NAME=alice; USER_PASSWORD=wonderland; REALM=turnpike

# The loads. The fixed load is moderate: well under either server's saturation on 2 cores.
RAMP_ALLOCS=50; RAMP_START=100; RAMP_STEP=2s; RAMP_STEPS=10
SAT_WINDOW=8; SAT_SECONDS=5
FIXED_ALLOCS=50; FIXED_RATE=100; FIXED_SECONDS=10
TLS_ALLOCS=20; TLS_RATE=100
IDLE_ALLOCS=1000; IDLE_HOLD=8
WARMUP_SECONDS=5; WARMUP_SETUP_ALLOCS=1000; warmup_setup_default=12
if [ "$QUICK" = 1 ]; then
  RAMP_ALLOCS=20; RAMP_START=100; RAMP_STEP=1s; RAMP_STEPS=6; SAT_SECONDS=2
  FIXED_ALLOCS=50; FIXED_RATE=50; FIXED_SECONDS=3; TLS_ALLOCS=10
  IDLE_ALLOCS=200; IDLE_HOLD=3; WARMUP_SECONDS=2; warmup_setup_default=2
fi
WARMUP_SETUP_ROUNDS="${WARMUP_SETUP_ROUNDS:-$warmup_setup_default}"
# The production JVM options; TURNPIKE_JAVA_OPTS follows them on the command line and wins.
JVM_OPTIONS="@${TURNPIKE_JVM_OPTIONS:-$ROOT/config/jvm.options}"

STARTED_PIDS=()
cleanup() {
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$KEEP" = 1 ]; then echo "work directory: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

need_package() { # command package
  if ! command -v "$1" >/dev/null 2>&1; then
    log "installing $2 (Debian)"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -q "$2" >/dev/null; else sudo apt-get install -y -q "$2" >/dev/null; fi
  fi
}
need_package turnserver coturn
need_package jq jq
need_package openssl openssl
command -v java >/dev/null || { echo "java 17+ is needed" >&2; exit 1; }

if [ "$BUILD" = 1 ] || [ ! -f "$LOAD_JAR" ] || [ ! -f "$SERVER_JAR" ]; then
  log "building turnpike.jar and turnpike-load.jar"
  (cd "$ROOT" && mvn -B -q -ntp -pl turn-server,benchmarks -am package -DskipTests)
fi

# ---------------------------------------------------------------- servers
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
CLK_TCK="$(getconf CLK_TCK)"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -keyout "$WORK/coturn-key.pem" -out "$WORK/coturn-cert.pem" >/dev/null 2>&1

start_coturn() {
  if [ -n "${BASELINE_JAR:-}" ]; then
    turnpike_config "$WORK/baseline.conf" "$WORK/baseline-data" "$CT_PORT" "$CT_TLS" "$CT_MIN" "$CT_MAX"
    # shellcheck disable=SC2086
    java "$JVM_OPTIONS" ${TURNPIKE_JAVA_OPTS:-} -jar "$BASELINE_JAR" --config "$WORK/baseline.conf" >"$WORK/baseline.out" 2>&1 &
    CT_PID=$!
    STARTED_PIDS+=("$CT_PID")
    return
  fi
  # Equivalent settings: long-term credentials with one static user, loopback peers allowed, no quotas
  # (coturn's defaults), relay threads = CPUs (coturn's default, like Turnpike's event loops).
  turnserver -n --listening-ip 127.0.0.1 --listening-port "$CT_PORT" --tls-listening-port "$CT_TLS" \
    --relay-ip 127.0.0.1 --min-port "$CT_MIN" --max-port "$CT_MAX" --allow-loopback-peers \
    --lt-cred-mech --user "$USER_NAME:$USER_PASSWORD" --realm "$REALM" --fingerprint --no-cli --no-dtls \
    --cert "$WORK/coturn-cert.pem" --pkey "$WORK/coturn-key.pem" --no-stdout-log \
    --log-file "$WORK/coturn.log" --simple-log --pidfile "$WORK/coturn.pid" >"$WORK/coturn.out" 2>&1 &
  CT_PID=$!
  STARTED_PIDS+=("$CT_PID")
}

turnpike_config() { # file data-dir port tls-port relay-min relay-max
  cat >"$1" <<EOF
turnpike {
  realm = "$REALM"
  data-dir = "$2"
  listen { addresses = ["127.0.0.1"], udp-port = $3, tcp-port = $3, tls-port = $4 }
  relay { bind-address = "127.0.0.1", min-port = $5, max-port = $6 }
  http { port = 0 }   # any free port: a baseline Turnpike runs beside it
  auth { static-users = [{ username = "$USER_NAME", password = "$USER_PASSWORD" }] }
  security {
    # Loopback peers allowed (the echo peer is on 127.0.0.1), and no quotas or rate limits, like coturn's defaults.
    peer { allow = ["127.0.0.0/8"] }
    rate-limit { unauthenticated-per-second = 1000000, burst = 1000000 }
    max-allocations-per-user = 0
    max-allocations = 0
    max-bandwidth-per-allocation = 0
    tcp { max-connections-per-source = 0 }
  }
}
EOF
}

start_turnpike() {
  turnpike_config "$WORK/turnpike.conf" "$WORK/turnpike-data" "$TP_PORT" "$TP_TLS" "$TP_MIN" "$TP_MAX"
  # shellcheck disable=SC2086
  java "$JVM_OPTIONS" ${TURNPIKE_JAVA_OPTS:-} -jar "$SERVER_JAR" --config "$WORK/turnpike.conf" >"$WORK/turnpike.out" 2>&1 &
  TP_PID=$!
  STARTED_PIDS+=("$TP_PID")
}

load() { # server-port extra-args... ; prints the JSON report
  local port="$1"; shift
  # shellcheck disable=SC2086
  timeout 600 java ${LOAD_JAVA_OPTS:-} -jar "$LOAD_JAR" --server "127.0.0.1:$port" -u "$USER_NAME" -w "$USER_PASSWORD" \
    --json "$@"
}

wait_ready() { # name port pid
  for _ in $(seq 1 60); do
    kill -0 "$3" 2>/dev/null || { echo "$1 exited; see $WORK" >&2; tail -20 "$WORK"/*.out >&2; exit 1; }
    if load "$2" -n 1 -r 0 -d 0.1 --quiet >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "$1 did not answer on port $2 within 30 s" >&2; exit 1
}

RESULTS="$WORK/results.tsv"   # round server metric value
: >"$RESULTS"

stop_pid() { # pid: stops a server this script started and forgets it (its PID may be reused later)
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local kept=() p
  for p in "${STARTED_PIDS[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
  STARTED_PIDS=("${kept[@]}")
}

# ---------------------------------------------------------------- measurements
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RESULTS"; }

idle_memory() { # round server port pid: VmRSS of a freshly started server holding $IDLE_ALLOCS idle allocations
  local round="$1" s="$2" port="$3" pid="$4" r0 rss=""
  local out="$WORK/idle-$s-$round.json"
  r0=$(rss_kib "$pid")
  load "$port" -n "$IDLE_ALLOCS" -r 0 -d "$IDLE_HOLD" --setup-concurrency 100 >"$out" 2>"$WORK/idle-$s-$round.err" &
  local lp=$!
  for _ in $(seq 1 600); do
    if grep -q '^setup: ' "$WORK/idle-$s-$round.err" 2>/dev/null; then
      sleep 2; rss=$(rss_kib "$pid"); break
    fi
    kill -0 "$lp" 2>/dev/null || break
    sleep 0.1
  done
  wait "$lp" || true
  local ok; ok=$(jq '.setup.ok' "$out")
  if [ -n "$rss" ] && [ "$ok" -gt 0 ]; then
    record "$round" "$s" rss_mib "$(jq -n --argjson k "$rss" '$k / 1024')"
    record "$round" "$s" rss_kib_per_alloc "$(jq -n --argjson a "$r0" --argjson b "$rss" --argjson n "$ok" '($b - $a) / $n')"
  fi
}

measure() { # round server port pid tls-port
  local round="$1" s="$2" port="$3" pid="$4" tls="$5" c0 c1 out

  # 1. Ramp: highest echoed packets/s held under 1 % loss.
  out="$WORK/ramp-$s-$round.json"
  load "$port" -n "$RAMP_ALLOCS" --rate "$RAMP_START" --ramp --ramp-step "$RAMP_STEP" \
    --ramp-max-steps "$RAMP_STEPS" --drain 500ms --server-pid "$pid" --quiet >"$out"
  record "$round" "$s" ramp_pps "$(jq '.ramp.bestAchievedPps' "$out")"

  # 1b. Saturation, closed loop: every allocation keeps $SAT_WINDOW packets in flight; CPU per packet there.
  out="$WORK/sat-$s-$round.json"
  load "$port" -n "$RAMP_ALLOCS" --rate max --window "$SAT_WINDOW" -d "$SAT_SECONDS" --warmup 1s --drain 500ms \
    --server-pid "$pid" --quiet >"$out"
  record "$round" "$s" sat_pps "$(jq '.load.achievedPps' "$out")"
  record "$round" "$s" sat_loss_pct "$(jq '.load.lossPercent' "$out")"
  record "$round" "$s" sat_cpu_s_per_M "$(jq '.load.serverCpuSecondsPerMillion' "$out")"

  # 2. Fixed moderate load: p99 RTT and server CPU per million echoed packets. The generator reads the
  #    server's utime+stime from /proc/PID/stat at the start and end of the measured phase (--server-pid).
  out="$WORK/fixed-$s-$round.json"
  load "$port" -n "$FIXED_ALLOCS" --rate "$FIXED_RATE" -d "$FIXED_SECONDS" --warmup 1s --server-pid "$pid" \
    --quiet >"$out"
  record "$round" "$s" p99_ms "$(jq '.load.rttP99Ms' "$out")"
  record "$round" "$s" loss_pct "$(jq '.load.lossPercent' "$out")"
  record "$round" "$s" cpu_s_per_M "$(jq '.load.serverCpuSecondsPerMillion' "$out")"

  # 2b. The same kind of load over TLS (the generator encrypts too, so the rate is lower).
  out="$WORK/tls-$s-$round.json"
  load "$tls" -t tls -n "$TLS_ALLOCS" --rate "$TLS_RATE" -d "$FIXED_SECONDS" --warmup 1s --server-pid "$pid" \
    --quiet >"$out"
  record "$round" "$s" tls_p99_ms "$(jq '.load.rttP99Ms' "$out")"
  record "$round" "$s" tls_loss_pct "$(jq '.load.lossPercent' "$out")"
  record "$round" "$s" tls_cpu_s_per_M "$(jq '.load.serverCpuSecondsPerMillion' "$out")"

  # 3. Allocation set-up on the warm server: rate and server CPU per allocation.
  out="$WORK/setup-$s-$round.json"
  load "$port" -n "$IDLE_ALLOCS" -r 0 -d 1 --setup-concurrency 100 --server-pid "$pid" --quiet >"$out"
  record "$round" "$s" setup_per_s "$(jq '.setup.perSecond' "$out")"
  record "$round" "$s" cpu_us_per_alloc "$(jq '.setup.serverCpuMicrosPerAllocation' "$out")"

  # 4. Optional: coturn's own client, as in the issue's reference figures.
  if [ "$UCLIENT" = 1 ]; then
    c0=$(cpu_ticks "$pid")
    # shellcheck disable=SC2086
    timeout 900 turnutils_uclient $UCLIENT_FLAGS -m 50 -n "$UCLIENT_MESSAGES" -l 120 -z 1 -e 127.0.0.1 -r "$UCLIENT_PEER_PORT" \
      -u "$USER_NAME" -w "$USER_PASSWORD" -p "$port" 127.0.0.1 >"$WORK/uclient-$s-$round.txt" 2>&1 || true
    c1=$(cpu_ticks "$pid")
    local recv; recv=$(grep -a -o 'tot_recv_msgs=[0-9]*' "$WORK/uclient-$s-$round.txt" | tail -1 | cut -d= -f2 || true)
    if [ -n "$recv" ] && [ "$recv" -gt 0 ]; then
      record "$round" "$s" uclient_us_per_msg "$(jq -n --argjson t "$((c1 - c0))" --argjson hz "$CLK_TCK" \
        --argjson n "$recv" '($t / $hz) * 1e6 / $n')"
    fi
  fi
}

T0=$(date +%s)
# Memory first, on fresh processes: a server that already held and freed allocations keeps that memory
# (malloc arenas, the JVM heap), which would hide the cost of new ones.
log "memory with $IDLE_ALLOCS idle allocations, fresh servers"
for round in $(seq 1 "$ROUNDS"); do
  start_turnpike; wait_ready turnpike "$TP_PORT" "$TP_PID"
  idle_memory "$round" turnpike "$TP_PORT" "$TP_PID"
  start_coturn; wait_ready coturn "$CT_PORT" "$CT_PID"
  idle_memory "$round" coturn "$CT_PORT" "$CT_PID"
  if [ "$round" -lt "$ROUNDS" ]; then stop_pid "$TP_PID"; stop_pid "$CT_PID"; fi
done
log "coturn pid $CT_PID ($(turnserver --version 2>/dev/null | head -1)), turnpike pid $TP_PID"

# Both get the same warm-up (see the header): a relay load over UDP and over TLS, then set-up storms released at once
# (-r 0: set up and hold idle; -d 1ms: hold for as short as the generator allows, then release all).
for s in turnpike coturn; do
  port=$TP_PORT; tls=$TP_TLS; pid=$TP_PID
  if [ "$s" = coturn ]; then port=$CT_PORT; tls=$CT_TLS; pid=$CT_PID; fi
  load "$port" -n 20 -r 200 -d "$WARMUP_SECONDS" --quiet >/dev/null
  # TLS too: its path (TLS engine, stream framing) is other code than UDP's, and a server measured
  # right after start spent ~30 % of its CPU in the JIT compiler during the TLS load.
  load "$tls" -t tls -n "$TLS_ALLOCS" -r 200 -d "$WARMUP_SECONDS" --quiet >/dev/null
  w0=$(date +%s); per_storm=""
  for storm in $(seq 1 "$WARMUP_SETUP_ROUNDS"); do
    out="$WORK/warmup-setup-$s-$storm.json"
    load "$port" -n "$WARMUP_SETUP_ALLOCS" -r 0 -d 1ms --setup-concurrency 100 --server-pid "$pid" --quiet >"$out"
    per_storm="$per_storm $(jq -r '"\(.setup.serverCpuMicrosPerAllocation | floor)us\(if .setup.failed > 0 then "(\(.setup.failed) failed)" else "" end)"' "$out")"
  done
  log "$s warm-up: $WARMUP_SETUP_ROUNDS set-up storms of $WARMUP_SETUP_ALLOCS in $(($(date +%s) - w0)) s, server CPU per allocation:$per_storm"
done

if [ "$UCLIENT" = 1 ]; then
  turnutils_peer -L 127.0.0.1 -p "$UCLIENT_PEER_PORT" >"$WORK/peer.out" 2>&1 &
  STARTED_PIDS+=("$!")
fi

for round in $(seq 1 "$ROUNDS"); do
  if [ $(( $(date +%s) - T0 )) -gt "$BUDGET" ]; then
    log "budget of $BUDGET s spent; stopping after $((round - 1)) rounds"; break
  fi
  log "round $round: turnpike"
  measure "$round" turnpike "$TP_PORT" "$TP_PID" "$TP_TLS"
  log "round $round: coturn"
  measure "$round" coturn "$CT_PORT" "$CT_PID" "$CT_TLS"
done

# ---------------------------------------------------------------- report
median() { # server metric
  awk -F'\t' -v s="$1" -v m="$2" '$2 == s && $3 == m {print $4}' "$RESULTS" | sort -g |
    awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
values() { awk -F'\t' -v s="$1" -v m="$2" '$2 == s && $3 == m {printf "%s ", $4}' "$RESULTS"; }

echo
B_NAME="coturn $(turnserver --version 2>/dev/null | head -1)"
[ -n "${BASELINE_JAR:-}" ] && B_NAME="the baseline $BASELINE_JAR (column coturn)"
echo "Turnpike vs $B_NAME on $(nproc) CPUs, loopback; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "rounds: $(awk -F'\t' '{print $1}' "$RESULTS" | sort -u | wc -l); ramp: $RAMP_ALLOCS allocations from $RAMP_START pkt/s each," \
  "$RAMP_STEP steps; fixed: $FIXED_ALLOCS x $FIXED_RATE pkt/s for $FIXED_SECONDS s; idle: $IDLE_ALLOCS allocations"
printf '%-44s %14s %14s %10s\n' "metric (median)" turnpike coturn "tp/coturn"
for m in ramp_pps sat_pps sat_loss_pct sat_cpu_s_per_M p99_ms loss_pct cpu_s_per_M tls_p99_ms tls_loss_pct tls_cpu_s_per_M rss_mib rss_kib_per_alloc setup_per_s \
  cpu_us_per_alloc uclient_us_per_msg; do
  tp=$(median turnpike "$m"); ct=$(median coturn "$m")
  [ "$tp" = nan ] && [ "$ct" = nan ] && continue
  case "$m" in
    ramp_pps) label="echoed pkt/s held under 1 % loss (ramp)" ;;
    sat_pps) label="echoed pkt/s, $SAT_WINDOW in flight per allocation" ;;
    sat_loss_pct) label="loss % at that saturation" ;;
    sat_cpu_s_per_M) label="server CPU s per million echoed, saturated" ;;
    p99_ms) label="p99 RTT ms at the fixed load" ;;
    loss_pct) label="loss % at the fixed load" ;;
    cpu_s_per_M) label="server CPU s per million echoed packets" ;;
    tls_p99_ms) label="TLS: p99 RTT ms at $TLS_ALLOCS x $TLS_RATE pkt/s" ;;
    tls_loss_pct) label="TLS: loss %" ;;
    tls_cpu_s_per_M) label="TLS: server CPU s per million echoed" ;;
    rss_mib) label="server VmRSS MiB with idle allocations" ;;
    rss_kib_per_alloc) label="server VmRSS KiB per idle allocation" ;;
    setup_per_s) label="allocations set up per second" ;;
    cpu_us_per_alloc) label="server CPU us per allocation set-up" ;;
    uclient_us_per_msg) label="server CPU us per echoed msg (turnutils_uclient)" ;;
  esac
  ratio=$(awk -v a="$tp" -v b="$ct" 'BEGIN {if (b + 0 == 0 || a == "nan" || b == "nan") print "-"; else printf "%.2f", a / b}')
  printf '%-44s %14.3f %14.3f %10s\n' "$label" "$tp" "$ct" "$ratio"
done
echo
echo "per round (turnpike | coturn):"
for m in ramp_pps sat_pps sat_cpu_s_per_M p99_ms cpu_s_per_M tls_p99_ms tls_cpu_s_per_M rss_mib rss_kib_per_alloc setup_per_s cpu_us_per_alloc uclient_us_per_msg; do
  [ -z "$(values turnpike "$m")$(values coturn "$m")" ] && continue
  printf '  %-20s %s| %s\n' "$m" "$(values turnpike "$m")" "$(values coturn "$m")"
done
