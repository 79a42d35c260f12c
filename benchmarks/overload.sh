#!/usr/bin/env bash
# GetStatus past capacity and past the rate limiter, on loopback only. A Release server on the embedded SQLite store
# (seeded with samples/nk-troops-2024.json) per scenario; h2load holds CLIENTS (20) connections x STREAMS (100)
# = 2,000 concurrent GetStatus calls for SECONDS (20), while benchmarks/overload-probe.js (grpc-js, from
# tests/interop/node_modules: run `npm ci` there first) counts PROBE_CALLERS (10) callers' replies by gRPC status
# and times a Health/Check every 200 ms. Scenarios:
#   default: the shipped limits (50,000 reads/s per caller, all anonymous callers sharing one bucket; at most
#            RateLimits:MaxConcurrentCalls = 256 calls in progress, the rest refused at once)
#   unshed:  the same budgets without the concurrency limit (MaxConcurrentCalls=0): every call queues
#   limited: RateLimits:Reads at LIMIT (500) tokens/s, burst LIMIT: most calls must be RESOURCE_EXHAUSTED
#   off:     RateLimits:Enabled=false and no concurrency limit: the service alone, beyond capacity
# Per scenario: h2load's req/s, latency p50/p99/max (its --log-file), OK replies (the data bytes divided by one
# reply's size: the request fixes as_of, so every OK reply has the same length) and the rest (no body: an error
# status), the probe's counts by status, health latency and results, the server's "Unexpected failure" log lines
# (what becomes INTERNAL), and RSS before, right after and 5 s after. Needs h2load (apt-get install nghttp2-client).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
seconds="${SECONDS_PER_RUN:-20}" clients="${CLIENTS:-20}" streams="${STREAMS:-100}" limit="${LIMIT:-500}"
probe_callers="${PROBE_CALLERS:-10}" scenarios="${SCENARIOS:-default limited off}"
command -v h2load >/dev/null || { echo "h2load is missing: apt-get install nghttp2-client" >&2; exit 1; }
[ "$seconds" -ge 1 ] && [ "$seconds" -le 120 ] || { echo "SECONDS_PER_RUN must be 1-120" >&2; exit 2; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build src/ClaimStatus.Server -c Release -v quiet -nologo >/dev/null
  dotnet build src/ClaimStatus.Cli -c Release -v quiet -nologo >/dev/null
fi
server_dll="${SERVER_DLL:-src/ClaimStatus.Server/bin/Release/net10.0/ClaimStatus.Server.dll}"
seed_cli="src/ClaimStatus.Cli/bin/Release/net10.0/claimstatus.dll"
work="$(mktemp -d)"
trap 'stop_server; rm -rf "$work"' EXIT
. benchmarks/server-lib.sh
claim=nk-1500-special-forces
method=claimstatus.v1.ClaimStatusService/GetStatus
rss() { awk '/^VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$server_pid/status"; }

echo "| scenario | req/s | p50 / p99 / max ms | OK | error replies | server: error statuses (all callers) | probe: GetStatus by status | Health/Check p50 / p99 / max ms, results | Unexpected failure lines | RSS before / after / 5 s after |"
echo "| --- | ---: | --- | ---: | ---: | --- | --- | --- | ---: | --- |"
for scenario in $scenarios; do
  case "$scenario" in
    default) server_args=() ;;
    limited) server_args=(--RateLimits:Reads:TokensPerPeriod="$limit" --RateLimits:Reads:Burst="$limit") ;;
    unshed) server_args=(--RateLimits:MaxConcurrentCalls=0) ;;
    off) server_args=(--RateLimits:Enabled=false --RateLimits:MaxConcurrentCalls=0) ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
  # grpc-dotnet logs "Error status code 'X' with detail ... raised." for each call that ends with an error status:
  # the count of each code (h2load cannot read the grpc-status trailer). It costs a console line per error.
  server_args+=(--Logging:LogLevel:Grpc.AspNetCore.Server.ServerCallHandler=Information)
  start_server
  wait_settled
  # GetStatusRequest { claim_id, as_of = { seconds = now }, view = BASIC }: a fixed as_of gives every reply one length.
  hex="$(python3 - "$claim" "$work/body.bin" <<'PY'
import struct, sys, time
def varint(n):
    out = b""
    while True:
        b, n = n & 0x7F, n >> 7
        out += bytes([b | (0x80 if n else 0)])
        if not n: return out
claim = sys.argv[1].encode()
ts = b"\x08" + varint(int(time.time()))
message = b"\x0a" + bytes([len(claim)]) + claim + b"\x12" + bytes([len(ts)]) + ts + b"\x18\x01"
open(sys.argv[2], "wb").write(b"\x00" + struct.pack(">I", len(message)) + message)
print(message.hex())
PY
)"
  h2() { timeout $((seconds + 60)) h2load -H 'content-type: application/grpc' -H 'te: trailers' -d "$work/body.bin" "$@" "$url/$method"; }
  reply_size="$(curl -s --max-time 10 --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' \
    --data-binary @"$work/body.bin" "$url/$method" | wc -c)"
  [ "$reply_size" -gt 5 ] || { echo "GetStatus gave no reply" >&2; exit 1; }
  h2 -n 300 -c 4 -m 10 >/dev/null   # warm-up (JIT, pools, page cache), below any LIMIT burst, so no error lines
  sleep 2
  before="$(rss)"
  unexpected_before="$(grep -a -c 'Unexpected failure' "$work/server.log" || true)"
  codes_before="$(wc -l <"$work/server.log")"
  node benchmarks/overload-probe.js "${url#http://}" "$hex" "$seconds" "$probe_callers" >"$work/probe.json" 2>&1 &
  probe_pid=$!
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  rm -f "$work/h2.log"   # h2load appends to its log file
  out="$(h2 -D "$seconds" -c "$clients" -m "$streams" --log-file="$work/h2.log")"
  after="$(rss)"
  wait "$probe_pid" || { cat "$work/probe.json" >&2; exit 1; }
  sleep 5
  settled="$(rss)"
  unexpected=$(( $(grep -a -c 'Unexpected failure' "$work/server.log" || true) - unexpected_before ))
  codes="$(tail -n +"$((codes_before + 1))" "$work/server.log" | { grep -a -o "Error status code '[A-Za-z]*'" || true; } | sort | uniq -c \
    | awk '{gsub("\047", "", $5); printf "%s%s %s", sep, $5, $1; sep=", "}')"
  rps="$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' <<<"$out")"
  done_n="$(sed -n 's/^requests: [0-9]* total, [0-9]* started, \([0-9]*\) done.*/\1/p' <<<"$out")"
  data="$(sed -n 's/^traffic: .* (\([0-9]*\)) data.*/\1/p' <<<"$out")"
  python3 - "$scenario" "$rps" "$done_n" "$data" "$reply_size" "$work/h2.log" "$work/probe.json" "$unexpected" \
    "$before" "$after" "$settled" "$load" "${codes:-none}" <<'PY'
import json, sys
scenario, rps, done, data, size, log, probe, unexpected, before, after, settled, load, codes = sys.argv[1:]
done, data, size = int(done), int(data), int(size)
ms = sorted(int(line.split()[2]) / 1000 for line in open(log) if line.strip())
at = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]
ok, rest = divmod(data, size)
p = json.loads(open(probe).read().strip().splitlines()[-1])
h = p["health_ms"]
print(f"| {scenario} | {float(rps):.0f} | {at(0.5):.1f} / {at(0.99):.1f} / {ms[-1]:.1f} | {ok} | {done - ok}"
      f"{'' if rest == 0 else f' (+{rest} stray bytes)'} | {codes} | {', '.join(f'{k} {v}' for k, v in p['getstatus_codes'].items())} | "
      f"{h['p50']} / {h['p99']} / {h['max']}, {', '.join(f'{k} {v}' for k, v in p['health'].items())} | {unexpected} | "
      f"{before} / {after} / {settled} |")
print(f"    ({scenario}: {done} calls done by h2load, {len(ms)} timed, reply {size} bytes, load average {load})", file=open(sys.argv[6] + ".details", "a"))
PY
  cat "$work/h2.log.details" >>"$work/details"; rm -f "$work/h2.log.details"
  stop_server
done
cat "$work/details"
echo "machine: $(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg); ${seconds} s per run, $clients connections x $streams streams"
