#!/usr/bin/env bash
# GetStatus throughput with tracing off and on, in one run, on this machine's loopback only.
# Needs h2load (apt-get install nghttp2-client). Prints one line per round and the on/off ratio;
# benchmarks/TRACING.md has the numbers and what they mean.
#   REQUESTS (10000) per measured run, CLIENTS (8), STREAMS (4) concurrent streams per client, ROUNDS (5)
# Each round measures off then on back to back, so a busy neighbour on the machine hits both alike;
# the ratio reported is the median of the rounds' ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
requests="${REQUESTS:-10000}" clients="${CLIENTS:-8}" streams="${STREAMS:-4}" rounds="${ROUNDS:-5}"
command -v h2load >/dev/null || { echo "h2load is missing: apt-get install nghttp2-client" >&2; exit 1; }

dotnet build src/ClaimStatus.Server -c Release -v quiet -nologo >/dev/null
dotnet build src/ClaimStatus.Cli -c Release -v quiet -nologo >/dev/null
work="$(mktemp -d)"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi
}
trap 'stop_server; rm -rf "$work"' EXIT

# One GetStatus request as a gRPC message: a 5-byte prefix (not compressed, big-endian length), then
# the protobuf GetStatusRequest { claim_id (field 1) = "nk-troops-in-russia" }.
python3 - "$work/get-status.bin" <<'EOF'
import struct, sys
claim = b"nk-troops-in-russia"
message = bytes([0x0A, len(claim)]) + claim
open(sys.argv[1], "wb").write(b"\x00" + struct.pack(">I", len(message)) + message)
EOF

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Starts the service with the given sampler on a fresh database holding the walkthrough's scenario.
start_server() {
  local sampler="$1" port
  port="$(free_port)"
  url="http://127.0.0.1:$port"
  rm -rf "$work/data"
  # No exporter: this measures what tracing costs the service itself (spans, tags, events, ids).
  env -u OTEL_EXPORTER_OTLP_ENDPOINT OTEL_TRACES_SAMPLER="$sampler" Logging__LogLevel__Default=Warning \
    dotnet src/ClaimStatus.Server/bin/Release/net10.0/ClaimStatus.Server.dll --Urls="$url" --Storage:DataFolder="$work/data" \
    >"$work/server-$sampler.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    dotnet src/ClaimStatus.Cli/bin/Release/net10.0/claimstatus.dll --server "$url" import src/ClaimStatus.Cli/samples/nk-troops-2024.json \
      >/dev/null 2>&1 && return 0
    sleep 0.3
  done
  cat "$work/server-$sampler.log" >&2; exit 1
}

load() {
  timeout 300 h2load -n "$1" -c "$clients" -m "$streams" -d "$work/get-status.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' "$url/claimstatus.v1.ClaimStatusService/GetStatus"
}

ratios=()
for round in $(seq 1 "$rounds"); do
  declare -A rps=()
  for mode in always_off always_on; do
    start_server "$mode"
    load 2000 >/dev/null                      # warm-up: JIT, connection pools, SQLite page cache
    out="$(load "$requests")"
    stop_server
    grep -q " 0 failed, 0 errored" <<<"$out" || { echo "$out" >&2; exit 1; }
    rps[$mode]="$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' <<<"$out")"
    latency="$(awk '/^time for request:/ {print "mean " $6 ", sd " $7 ", min " $4 ", max " $5}' <<<"$out")"
    printf 'round %d  OTEL_TRACES_SAMPLER=%-10s  %8.1f req/s  latency %s\n' "$round" "$mode" "${rps[$mode]}" "$latency"
  done
  ratios+=("$(python3 -c "print(${rps[always_on]} / ${rps[always_off]})")")
done
python3 -c "import statistics, sys; r=sorted(map(float, sys.argv[1:])); print('on/off throughput ratio per round: ' + ' '.join(f'{x:.3f}' for x in r) + f'; median {statistics.median(r):.3f}')" "${ratios[@]}"
echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo), load average $(cut -d' ' -f1-3 /proc/loadavg), .NET SDK $(dotnet --version); $requests requests, $clients clients x $streams streams"
