#!/usr/bin/env bash
# Watch memory and shutdown drill on loopback: a Release server on the embedded SQLite store (seeded with
# samples/nk-troops-2024.json), STREAMS (2000) WatchStatus streams from benchmarks/watch-storm.js (grpc-js
# from tests/interop/node_modules: run `npm ci` there first), over channels of 80 streams each.
#   memory: RSS before, while STREAMS streams are open, and SETTLE (5) s after they close; ROUNDS (2) rounds.
#           Pass (issue 8): RSS after closing within 20% of before. Each round also prints the server's
#           "Watch memory trim" line (GC heap and committed bytes before/after the post-storm collection);
#           SERVER_ARGS=--Watch:TrimAfterClosedStreams=0 measures the same build without it.
#   drill:  STREAMS streams open, then a real SIGTERM: the time until the process exits and the codes the
#           clients saw. Pass: every stream UNAVAILABLE, exit within the grace period (Host:ShutdownTimeout).
# SERVER_DLL measures another build (a copy of an earlier commit's output) with this same script.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
streams="${STREAMS:-2000}" rounds="${ROUNDS:-2}" hold="${HOLD:-10}" settle="${SETTLE:-5}"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build src/ClaimStatus.Server -c Release -v quiet -nologo >/dev/null
  dotnet build src/ClaimStatus.Cli -c Release -v quiet -nologo >/dev/null
fi
server_dll="${SERVER_DLL:-src/ClaimStatus.Server/bin/Release/net10.0/ClaimStatus.Server.dll}"
seed_cli="src/ClaimStatus.Cli/bin/Release/net10.0/claimstatus.dll"
work="$(mktemp -d)"
# The trim's log line (GC heap and committed bytes before and after) shows where the memory is.
read -ra extra_args <<<"${SERVER_ARGS:-}"
server_args=(--Logging:LogLevel:ClaimStatus.Server.Statuses.WatchMemoryTrim=Information "${extra_args[@]}")
trap 'stop_server; rm -rf "$work"' EXIT
. benchmarks/server-lib.sh
claim=nk-1500-special-forces
# RSS, and how much of it is anonymous memory (GC heaps, native allocations) vs mapped files (the runtime's and
# the app's code, touched once and never given back by any GC setting).
rss() { awk '/^VmRSS/ {t=$2} /^RssAnon/ {a=$2} /^RssFile/ {f=$2} /^Threads/ {n=$2} END {printf "%.0f MB (anon %.0f, file %.0f; %d threads)", t/1024, a/1024, f/1024, n}' "/proc/$server_pid/status"; }
wait_line() { for _ in $(seq 1 1200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; cat "$1" >&2; return 1; }

start_server
wait_settled
echo "memory: $streams streams, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  before: $(rss)"
for round in $(seq 1 "$rounds"); do
  node benchmarks/watch-storm.js "${url#http://}" "$claim" "$streams" hold "$hold" >"$work/storm.log" 2>&1 &
  node_pid=$!
  wait_line "$work/storm.log" '^open'
  sleep 2
  during="$(rss)"
  wait "$node_pid"
  sleep "$settle"
  echo "  round $round: open in $(awk '/^open/ {print $2}' "$work/storm.log") ms, during: $during, $settle s after closing: $(rss)"
  grep -a -A1 'WatchMemoryTrim' "$work/server.log" | grep -a -v -e 'WatchMemoryTrim' -e '^--' | sed 's/^ */    trim: /' || true
  : >"$work/server.log"
done

echo "drill: $streams streams, then SIGTERM, load $(cut -d' ' -f1-3 /proc/loadavg)"
node benchmarks/watch-storm.js "${url#http://}" "$claim" "$streams" until-end >"$work/drill.log" 2>&1 &
node_pid=$!
wait_line "$work/drill.log" '^open'
echo "  RSS with streams open: $(rss)"
t0="$(now)"
kill -TERM "$server_pid"
wait "$server_pid" && code=0 || code=$?
t1="$(now)"
server_pid=""
echo "  server exited with $code after $(echo "$t1 - $t0" | bc) s"
wait "$node_pid" || true
echo "  clients: $(tail -1 "$work/drill.log")"
