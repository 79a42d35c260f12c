#!/usr/bin/env bash
# Throughput of the running service on its default embedded SQLite store, on this machine's loopback only.
# Builds Release, starts the server (seeded with samples/nk-troops-2024.json, which also shows it is up) on a free port with a temporary data folder, and measures:
#   import: the CLI importing a generated file of 200 sources, 5,000 claims and 50,000 assertions into a
#           fresh store: the CLI's rate for the streamed assertions, its wall time for the whole file, and
#           the time until the server has finished rescoring the touched claims;
#   reads:  h2load on grpc.health.v1.Health/Check (the baseline: its only check opens a pooled SQLite
#           connection and runs SELECT 1), GetStatus BASIC and GetStatus FULL for one generated claim of
#           10 assertions whose sources have learned track records, in a store of 50,000 assertions.
# Each read round runs the three back to back, so a busy neighbour on the machine hits all alike.
#   REQUESTS (20000) per h2load run, CLIENTS (8), STREAMS (4) per client, ROUNDS (5), IMPORT_ROUNDS (3)
# Prints one line per run with the load average at the time, then the medians; benchmarks/SERVICE.md
# has the numbers and what they mean. Needs h2load (apt-get install nghttp2-client).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
requests="${REQUESTS:-20000}" clients="${CLIENTS:-8}" streams="${STREAMS:-4}"
rounds="${ROUNDS:-5}" import_rounds="${IMPORT_ROUNDS:-3}"
command -v h2load >/dev/null || { echo "h2load is missing: apt-get install nghttp2-client" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build src/ClaimStatus.Server -c Release -v quiet -nologo >/dev/null
  dotnet build src/ClaimStatus.Cli -c Release -v quiet -nologo >/dev/null
fi
# SERVER_DLL / CLI_DLL measure another build (a copy of an earlier commit's output) with this same script.
server_dll="${SERVER_DLL:-src/ClaimStatus.Server/bin/Release/net10.0/ClaimStatus.Server.dll}"
cli_dll="${CLI_DLL:-src/ClaimStatus.Cli/bin/Release/net10.0/claimstatus.dll}"
work="$(mktemp -d)"
seed_cli="$cli_dll"
. benchmarks/server-lib.sh
trap 'stop_server; rm -rf "$work"' EXIT

# The bulk file and its adjudications (benchmarks/bulk-file.py), and the request bodies: a 5-byte gRPC
# prefix (not compressed, big-endian length), then the protobuf message.
python3 benchmarks/bulk-file.py "$work"
python3 - "$work" <<'PY'
import struct, sys
work = sys.argv[1]
def grpc(name, message): open(f"{work}/{name}.bin", "wb").write(b"\x00" + struct.pack(">I", len(message)) + message)
claim = b"claim-00007"
grpc("health", b"")                                             # HealthCheckRequest { service = "" }
grpc("basic", bytes([0x0A, len(claim)]) + claim + b"\x18\x01")  # GetStatusRequest { claim_id, view = BASIC }
grpc("full", bytes([0x0A, len(claim)]) + claim + b"\x18\x02")   # GetStatusRequest { claim_id, view = FULL }
PY

cli() { dotnet "$cli_dll" --server "$url" "$@"; }

imports=() walls=() settles=()
for round in $(seq 1 "$import_rounds"); do
  start_server
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  t0="$(now)"; cli import "$work/bulk.json" >"$work/import.log" 2>/dev/null; t1="$(now)"
  wait_settled; t2="$(now)"
  # The streamed assertions' rate, from the store itself: each batch of 1,000 is stamped with the time it
  # was written, so k batches span k-1 batches' worth of streaming. (The wall time also covers the file's
  # 200 sources, sent one call each, and 5,000 claims, sent 500 per BatchCreateClaims call, before the stream.)
  rate="$(python3 - "$work/data/claimstatus.db" <<'RATE'
import datetime, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
n, k, first, last = db.execute("SELECT COUNT(*), COUNT(DISTINCT recorded_at), MIN(recorded_at), MAX(recorded_at) "
                               "FROM assertions WHERE claim_id LIKE 'claim-%'").fetchone()
t = lambda s: datetime.datetime.strptime(s[:26], "%Y-%m-%dT%H:%M:%S.%f")
assert n == 50000, n
print(f"{n * (k - 1) / k / (t(last) - t(first)).total_seconds():.0f}")
RATE
)"
  # The settle check only notices after two quiet samples (1 s); that second is not the server's.
  read -r wall settled <<<"$(python3 -c "print(f'{$t1 - $t0:.1f} {$t2 - $t0 - 1.0:.1f}')")"
  imports+=("$rate") walls+=("$wall") settles+=("$settled")
  printf 'import round %d  stream %6s assertions/s, whole file %5s s, rescoring settled at ~%s s  load %s\n' \
    "$round" "$rate" "$wall" "$settled" "$load"
  if [ "$round" -lt "$import_rounds" ]; then stop_server; fi
done
cli import "$work/adjudications.json" >/dev/null 2>&1
wait_settled
cli status claim-00007 >&2

load_run() {
  timeout 300 h2load -n "$2" -c "$clients" -m "$streams" -d "$work/$1.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' "$url/$3"
}
declare -A paths=([health]=grpc.health.v1.Health/Check [basic]=claimstatus.v1.ClaimStatusService/GetStatus [full]=claimstatus.v1.ClaimStatusService/GetStatus)
declare -A results=()
for kind in health basic full; do load_run "$kind" 3000 "${paths[$kind]}" >/dev/null; done   # warm-up: JIT, pools, page cache
for round in $(seq 1 "$rounds"); do
  for kind in health basic full; do
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    out="$(load_run "$kind" "$requests" "${paths[$kind]}")"
    grep -q " 0 failed, 0 errored" <<<"$out" || { echo "$out" >&2; exit 1; }
    # A gRPC error still has HTTP status 200; the grpc-status trailer is not counted by h2load, so check
    # one call's result separately (the CLI status line above) and require 2xx here.
    grep -q "status codes: $requests 2xx" <<<"$out" || { echo "$out" >&2; exit 1; }
    rps="$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' <<<"$out")"
    latency="$(awk '/^time for request:/ {print $6 " mean, " $7 " sd, " $5 " max"}' <<<"$out")"
    results[$kind]+="$rps "
    printf 'round %d  %-6s %9.1f req/s  latency %-32s load %s\n' "$round" "$kind" "$rps" "$latency" "$load"
  done
done
python3 - "${results[health]}" "${results[basic]}" "${results[full]}" "${imports[*]}" "${walls[*]}" "${settles[*]}" <<'PY'
import statistics as st, sys
health, basic, full, imports, walls, settles = ([float(x) for x in a.split()] for a in sys.argv[1:])
h = st.median(health)
print()
print("| measurement | median | runs |")
print("| --- | ---: | --- |")
print(f"| Health/Check req/s (baseline) | {h:.0f} | {' '.join(f'{x:.0f}' for x in health)} |")
for name, xs in (("GetStatus BASIC", basic), ("GetStatus FULL", full)):
    print(f"| {name} req/s | {st.median(xs):.0f} ({st.median(xs) / h:.0%} of baseline) | {' '.join(f'{x:.0f}' for x in xs)} |")
print(f"| streamed assertions/s (server, batch stamps) | {st.median(imports):.0f} | {' '.join(f'{x:.0f}' for x in imports)} |")
print(f"| whole file through the CLI, s | {st.median(walls):.1f} | {' '.join(f'{x:.1f}' for x in walls)} |")
print(f"| import start until rescoring settled, s | {st.median(settles):.1f} | {' '.join(f'{x:.1f}' for x in settles)} |")
PY
echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo), load average now $(cut -d' ' -f1-3 /proc/loadavg), .NET SDK $(dotnet --version); $requests requests per run, $clients clients x $streams streams"
