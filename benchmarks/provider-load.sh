#!/usr/bin/env bash
# The service on each storage provider in one run, every figure a ratio to an empty gRPC call measured in the same
# round: SQLite always, then SQL Server when CLAIMSTATUS_BENCH_SQLSERVER names one (a login that may create
# databases), or else the TDS stand-in of ../shared/tds when it is running (`tds conn`; this script never starts or
# stops it). Loopback only. Per provider:
#   - a fresh store: SQLite in a temporary folder; on SQL Server a database claimstatus_bench_<random> created
#     through master and dropped at the end;
#   - benchmarks/ClaimStatus.BenchHost (the real server through ServerApp.Create, plus claimstatus.bench.v1.Bench/
#     Empty, a unary call with no fields and no work behind the same Kestrel, interceptors and telemetry);
#   - import: the CLI imports benchmarks/bulk-file.py's file (CLAIMS claims x 10 assertions, streamed in batches
#     of 1,000); the streamed-assertions rate from the stored batches' recorded_at stamps (as service-load.sh
#     does), the CLI's wall time, and the time until the rescoring outbox (rescore_pending) is empty;
#   - reads, ROUNDS interleaved rounds, each: h2load for RUN_SECONDS each on Bench/Empty, grpc.health.v1.Health/Check,
#     GetStatus BASIC and FULL of claim-00007; then the load generator (ClaimStatus.BenchHost load: Grpc.Net.Client,
#     32 callers over 8 connections, like h2load's 8 clients x 4 streams) for RUN_SECONDS each on Bench/Empty,
#     GetStatus BASIC of claim-00007 and GetStatus BASIC of a uniformly random claim per call (h2load cannot vary
#     the body), with p50/p99.
# Each figure is divided by the empty call of its own round and tool; the table shows the median of rounds.
#   CLAIMS (2000, i.e. 20,000 assertions), ROUNDS (5), RUN_SECONDS (3), CLIENTS (8), STREAMS (4), SKIP_BUILD (0)
# Prints one line per run with the load average at the time, then a table per provider; benchmarks/SERVICE.md
# has the numbers and what they mean. Needs h2load (apt-get install nghttp2-client).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
claims="${CLAIMS:-2000}" rounds="${ROUNDS:-5}" seconds="${RUN_SECONDS:-3}"
clients="${CLIENTS:-8}" streams="${STREAMS:-4}"
command -v h2load >/dev/null || { echo "h2load is missing: apt-get install nghttp2-client" >&2; exit 1; }

sqlserver="${CLAIMSTATUS_BENCH_SQLSERVER:-}"
tds=../shared/tds/tds
if [ -z "$sqlserver" ] && [ -x "$tds" ] && "$tds" status >/dev/null 2>&1; then sqlserver="$("$tds" conn)"; fi
providers=(Sqlite)
if [ -n "$sqlserver" ]; then providers+=(SqlServer); else echo "no SQL Server given (CLAIMSTATUS_BENCH_SQLSERVER or a running $tds): SQLite only" >&2; fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build benchmarks/ClaimStatus.BenchHost -c Release -v quiet -nologo >/dev/null
  dotnet build src/ClaimStatus.Cli -c Release -v quiet -nologo >/dev/null
fi
server_dll=benchmarks/ClaimStatus.BenchHost/bin/Release/net10.0/ClaimStatus.BenchHost.dll
cli_dll=src/ClaimStatus.Cli/bin/Release/net10.0/claimstatus.dll
work="$(mktemp -d)"
seed_cli="$cli_dll"
. benchmarks/server-lib.sh
database=""
bench() { dotnet "$server_dll" "$@"; }
# The CLI, its output shown only when it fails.
cli() { dotnet "$cli_dll" --server "$url" "$@" >"$work/cli.log" 2>&1 || { cat "$work/cli.log" "$work/server.log" >&2; exit 1; }; }
drop_database() {
  if [ -n "$database" ]; then bench sql "$sqlserver;Database=master" "DROP DATABASE [$database];" || true; database=""; fi
}
trap 'stop_server; drop_database; rm -rf "$work"' EXIT

python3 benchmarks/bulk-file.py "$work" "$claims"
expected=$((claims * 10))
# h2load bodies: a 5-byte gRPC prefix (not compressed, big-endian length), then the protobuf message.
python3 - "$work" <<'PY'
import struct, sys
work = sys.argv[1]
def grpc(name, message): open(f"{work}/{name}.bin", "wb").write(b"\x00" + struct.pack(">I", len(message)) + message)
claim = b"claim-00007"
grpc("empty", b"")                                              # EmptyRequest {} and HealthCheckRequest { service = "" }
grpc("basic", bytes([0x0A, len(claim)]) + claim + b"\x18\x01")  # GetStatusRequest { claim_id, view = BASIC }
grpc("full", bytes([0x0A, len(claim)]) + claim + b"\x18\x02")   # GetStatusRequest { claim_id, view = FULL }
PY
declare -A paths=([empty]=claimstatus.bench.v1.Bench/Empty [health]=grpc.health.v1.Health/Check
                  [basic]=claimstatus.v1.ClaimStatusService/GetStatus [full]=claimstatus.v1.ClaimStatusService/GetStatus)
declare -A bodies=([empty]=empty [health]=empty [basic]=basic [full]=full)

# One query over the provider's store; prints the first row tab-separated (SQL Server datetimeoffsets as Unix seconds).
store_query() {
  if [ "$provider" = Sqlite ]; then
    python3 - "$work/data/claimstatus.db" "$1" <<'PY'
import datetime, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
def cell(v):
    if isinstance(v, str) and len(v) > 19 and v[4] == "-" and v[10] == "T":  # a stored timestamp
        return str(datetime.datetime.strptime(v[:26], "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc).timestamp())
    return str(v)
print("\t".join(cell(v) for v in db.execute(sys.argv[2]).fetchone()))
PY
  else
    bench sql "$sqlserver;Database=$database" "$1"
  fi
}
wait_outbox_empty() { wait_outbox_drained store_query; }

h2load_run() {
  local out
  out="$(timeout 120 h2load -D "$seconds" --warm-up-time=1 -c "$clients" -m "$streams" -d "$work/${bodies[$1]}.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' "$url/${paths[$1]}")"
  # A gRPC error still has HTTP status 200 (grpc-status is a trailer h2load does not read): the load generator,
  # which does check every status, runs the same calls in each round.
  local total; total="$(sed -n 's/^requests: \([0-9]*\) total.*/\1/p' <<<"$out")"
  grep -q " 0 failed, 0 errored" <<<"$out" && grep -q "status codes: $total 2xx" <<<"$out" || { echo "$out" >&2; exit 1; }
  sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' <<<"$out"
}

results="$work/results.tsv"   # provider round tool kind rate p50 p99
: >"$results"
[ -z "${PROVIDERS:-}" ] || read -r -a providers <<<"$PROVIDERS"   # e.g. PROVIDERS=SqlServer to rerun one
for provider in "${providers[@]}"; do
  server_args=(--Storage:Provider="$provider")
  if [ "$provider" = SqlServer ]; then
    database="claimstatus_bench_$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
    bench sql "$sqlserver;Database=master" "CREATE DATABASE [$database];"
    server_args+=(--ConnectionStrings:SqlServer="$sqlserver;Database=$database")
    version="$(bench sql "$sqlserver;Database=master" "SELECT @@VERSION" | head -1)"
    echo "== SqlServer: database $database on ${version:0:120}"
  else
    echo "== Sqlite: $work/data/claimstatus.db"
  fi
  start_server

  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  t0="$(now)"; cli import "$work/bulk.json"; t1="$(now)"
  wait_outbox_empty; t2="$(now)"
  # Each batch of 1,000 is stamped with the time it was written, so k batches span k-1 batches of streaming.
  read -r n k first last <<<"$(store_query "SELECT COUNT(*), COUNT(DISTINCT recorded_at), MIN(recorded_at), MAX(recorded_at) FROM assertions WHERE claim_id LIKE 'claim-%'")"
  [ "$n" = "$expected" ] || { echo "$provider: $n assertions stored, $expected expected" >&2; exit 1; }
  read -r rate wall settled <<<"$(python3 -c "print(f'{$n * ($k - 1) / $k / ($last - $first):.0f} {$t1 - $t0:.1f} {$t2 - $t0:.1f}')")"
  printf '%s import  stream %6s assertions/s (%s stamps), whole file %5s s, outbox empty at %s s  load %s\n' \
    "$provider" "$rate" "$k" "$wall" "$settled" "$load"
  printf '%s\t0\timport\tstream\t%s\t\t\n%s\t0\timport\twall\t%s\t\t\n%s\t0\timport\tsettled\t%s\t\t\n' \
    "$provider" "$rate" "$provider" "$wall" "$provider" "$settled" >>"$results"
  cli import "$work/adjudications.json"
  wait_outbox_empty
  dotnet "$cli_dll" --server "$url" status claim-00007 >&2

  for round in $(seq 1 "$rounds"); do
    for kind in empty health basic full; do
      load="$(cut -d' ' -f1-3 /proc/loadavg)"
      rps="$(h2load_run "$kind")"
      printf '%s\t%d\th2load\t%s\t%s\t\t\n' "$provider" "$round" "$kind" "$rps" >>"$results"
      printf '%-9s round %d  h2load    %-6s %9.1f req/s                        load %s\n' "$provider" "$round" "$kind" "$rps" "$load"
    done
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    out="$(timeout 300 dotnet "$server_dll" load --server "$url" --kinds empty,basic,random --seconds "$seconds" \
      --concurrency $((clients * streams)) --connections "$clients" --claims "$claims" --seed "$round")"
    while read -r kind rps p50 p99; do
      printf '%s\t%d\tgen\t%s\t%s\t%s\t%s\n' "$provider" "$round" "$kind" "$rps" "$p50" "$p99" >>"$results"
      printf '%-9s round %d  generator %-6s %9.1f calls/s  p50 %7.2f ms  p99 %7.2f ms  load %s\n' \
        "$provider" "$round" "$kind" "$rps" "$p50" "$p99" "$load"
    done <<<"$out"
  done
  stop_server
  drop_database
done

python3 - "$results" <<'PY'
import collections, statistics as st, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
by = collections.defaultdict(dict)  # (provider, tool, kind) -> round -> (rate, p50, p99)
for provider, rnd, tool, kind, rate, p50, p99 in rows:
    by[(provider, tool, kind)][int(rnd)] = (float(rate), float(p50) if p50 else None, float(p99) if p99 else None)
providers = list(dict.fromkeys(r[0] for r in rows))
def ratio(provider, tool, kind, field=0):
    base, xs = by[(provider, tool, "empty")], by[(provider, tool, kind)]
    return st.median(xs[r][field] / base[r][field] for r in xs)
def rate(provider, tool, kind): return st.median(v[0] for v in by[(provider, tool, kind)].values())
def p99(provider, kind): return st.median(v[2] for v in by[(provider, "gen", kind)].values())
def r(x): return f"{x:.2f}" if x >= 0.1 else f"{x:.4f}"  # the stand-in's GetStatus is far below 0.01
lines = [
    ("Bench/Empty, h2load: calls/s (the baseline)", lambda p: f"{rate(p, 'h2load', 'empty'):,.0f}"),
    ("Health/Check, h2load (SELECT 1)", lambda p: f"{r(ratio(p, 'h2load', 'health'))} ({rate(p, 'h2load', 'health'):,.0f}/s)"),
    ("GetStatus BASIC, one claim, h2load", lambda p: f"{r(ratio(p, 'h2load', 'basic'))} ({rate(p, 'h2load', 'basic'):,.0f}/s)"),
    ("GetStatus FULL, one claim, h2load", lambda p: f"{r(ratio(p, 'h2load', 'full'))} ({rate(p, 'h2load', 'full'):,.0f}/s)"),
    ("Bench/Empty, generator: calls/s, p99 (the baseline)", lambda p: f"{rate(p, 'gen', 'empty'):,.0f}/s, p99 {p99(p, 'empty'):.1f} ms"),
    ("GetStatus BASIC, one claim, generator", lambda p: f"{r(ratio(p, 'gen', 'basic'))}, p99 x{ratio(p, 'gen', 'basic', 2):.1f} ({p99(p, 'basic'):.1f} ms)"),
    ("GetStatus BASIC, random claim, generator", lambda p: f"{r(ratio(p, 'gen', 'random'))}, p99 x{ratio(p, 'gen', 'random', 2):.1f} ({p99(p, 'random'):.1f} ms)"),
    ("import: streamed assertions/s (store stamps)", lambda p: f"{rate(p, 'import', 'stream'):,.0f}"),
    ("import: whole file through the CLI, s", lambda p: f"{rate(p, 'import', 'wall'):.1f}"),
    ("import start until the outbox is empty, s", lambda p: f"{rate(p, 'import', 'settled'):.1f}"),
]
print()
print("| ratio to the empty call of the same round (median of rounds) | " + " | ".join(providers) + " |")
print("| --- |" + " ---: |" * len(providers))
for name, cell in lines: print(f"| {name} | " + " | ".join(cell(p) for p in providers) + " |")
PY
echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo), load average now $(cut -d' ' -f1-3 /proc/loadavg), .NET SDK $(dotnet --version); $claims claims ($expected assertions), $rounds rounds, ${seconds} s per run, $clients connections x $streams streams"
