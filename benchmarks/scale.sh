#!/usr/bin/env bash
# The service at scale: one growing import of ScaleData's 1 M claims, 50 k sources and ~10 M assertions
# (benchmarks/ClaimStatus.BenchHost/ScaleData.cs, seeded) through the real gRPC API into a fresh SQLite store,
# measured at checkpoints (CHECKPOINTS, default 10,000, 1,000,000 and all ~10.03 M assertions). Loopback only.
# At each checkpoint:
#   - import: `ClaimStatus.BenchHost scale-import` sends the next range of the stream the way the CLI's import does
#     (UpsertSource calls for the 50 k sources at the start, BatchCreateClaims of 500 just before a claim's first
#     word, RecordAdjudication for every tenth claim, one RecordAssertions stream in batches of 1,000); the rate is
#     the range's assertions over its wall time (claims and adjudications included, the sources' start-up calls
#     not), and again until the rescoring outbox (rescore_pending) is empty;
#   - the database's size (file + WAL) and the server's RSS (VmRSS, and VmHWM, the peak);
#   - start-up: the server is stopped and started again on the store (migrations and the start-up quick check
#     included) and timed from launch until a GetStatus is answered (`ClaimStatus.BenchHost ready`);
#   - reads, ROUNDS rounds on the restarted server, each the load generator (32 callers over 8 connections) for
#     RUN_SECONDS per kind, one after the other: the empty call (Bench/Empty, the baseline), GetStatus BASIC of a
#     uniformly random claim of all claims created so far, BatchGetStatus of 100 random claims, GetStatus of a
#     random claim as of 2025-10-01 (in the past: scored from the evidence), ListClaims by status (first page of
#     100, the three statuses in turn); throughput and p50/p99, each a ratio to the empty call of its round.
# Then (FANOUT=1) one adjudication that teaches: a claim three wire services spoke on, decided after its evidence,
# and how long its fan-out takes to drain (at most FANOUT_SECONDS).
#   CHECKPOINTS ("10000 1000000 all"), SEED (1), ROUNDS (3), RUN_SECONDS (3), CLIENTS (8), STREAMS (4),
#   FANOUT (1), FANOUT_SECONDS (600), SKIP_BUILD (0), WORK (a new folder under /tmp; deleted at the end unless KEEP=1)
# Every line printed carries the load average; benchmarks/SCALE.md has the figures and what they mean.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
read -r -a checkpoints <<<"${CHECKPOINTS:-10000 1000000 all}"
seed="${SEED:-1}" rounds="${ROUNDS:-3}" seconds="${RUN_SECONDS:-3}" clients="${CLIENTS:-8}" streams="${STREAMS:-4}"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  dotnet build benchmarks/ClaimStatus.BenchHost -c Release -v quiet -nologo >/dev/null
  dotnet build src/ClaimStatus.Cli -c Release -v quiet -nologo >/dev/null
fi
server_dll=benchmarks/ClaimStatus.BenchHost/bin/Release/net10.0/ClaimStatus.BenchHost.dll
cli_dll=src/ClaimStatus.Cli/bin/Release/net10.0/claimstatus.dll seed_cli="$cli_dll"
work="${WORK:-$(mktemp -d /tmp/scale.XXXXXX)}"; mkdir -p "$work"
. benchmarks/server-lib.sh
trap 'stop_server; [ "${KEEP:-0}" = 1 ] || rm -rf "$work"' EXIT
bench() { dotnet "$server_dll" "$@"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
db="$work/data/claimstatus.db"
query() { sqlite3 -readonly "$db" "$1"; }
results="$work/results.tsv"; : >"$results"   # checkpoint metric value
put() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$results"; }

# The server on one port for the whole run (the importer reconnects to it), on the same data folder each time.
url="http://127.0.0.1:$(free_port)"
# Sets server_pid here (not in a subshell) and the start-up seconds in $startup.
launch() {
  local t0 t1
  t0="$(now)"
  env -u OTEL_EXPORTER_OTLP_ENDPOINT Logging__LogLevel__Default=Warning \
    dotnet "$server_dll" --Urls="$url" --Storage:DataFolder="$work/data" >>"$work/server.log" 2>&1 &
  server_pid=$!
  t1="$(timeout 600 dotnet "$server_dll" ready "$url" claim-0000000)" || { tail -20 "$work/server.log" >&2; exit 1; }
  startup="$(python3 -c "print(f'{$t1 - $t0:.2f}')")"
}
rss() { awk -v k="$1:" '$1 == k {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status"; }   # MiB
dbsize() { du -cb "$db" "$db-wal" 2>/dev/null | awk 'END {printf "%.0f", $1 / 1048576}'; }   # MiB

echo "== scale: seed $seed, work folder $work, $url, load $(load)"
bench scale-stats "$seed"
launch
from=0
for cp in "${checkpoints[@]}"; do
  to="$cp"; [ "$cp" = all ] && to=1000000000000
  l="$(load)"; t0="$(now)"
  out="$(bench scale-import --server "$url" --from "$from" --to "$to" --seed "$seed")" || { tail -20 "$work/server.log" >&2; exit 1; }
  read -r sent claims_created adjudicated import_s sources_s claims <<<"$out"
  t1="$(now)"
  wait_outbox_drained query; t2="$(now)"
  from=$((from + sent)); name="$from"
  read -r rate settled_rate settled_s <<<"$(python3 -c "s = $t2 - $t0 - $sources_s; print(f'{$sent / $import_s:.0f} {$sent / s:.0f} {s:.1f}')")"
  stored="$(query "SELECT COUNT(*) FROM assertions")"
  printf '%s assertions stored (%s claims, %s adjudicated): +%s in %s s = %s/s; outbox empty after %s s = %s/s; sources %s s  load %s -> %s\n' \
    "$stored" "$claims" "$(query "SELECT COUNT(*) FROM adjudications")" "$sent" "$import_s" "$rate" "$settled_s" "$settled_rate" "$sources_s" "$l" "$(load)"
  put "$name" import_rate "$rate"; put "$name" settled_rate "$settled_rate"; put "$name" claims "$claims"
  put "$name" db_mib "$(dbsize)"; put "$name" rss_mib "$(rss VmRSS)"; put "$name" hwm_mib "$(rss VmHWM)"; put "$name" import_load "$l"
  echo "  database $(dbsize) MiB, server RSS $(rss VmRSS) MiB (peak $(rss VmHWM) MiB)"
  stop_server
  l="$(load)"; launch
  put "$name" startup_s "$startup"
  echo "  start-up on the store: $startup s  load $l"
  read_load="$(load)"
  for round in $(seq 1 "$rounds"); do
    l="$(load)"
    out="$(timeout 900 dotnet "$server_dll" load --server "$url" --kinds empty,random,batch,asof,list --seconds "$seconds" \
      --concurrency $((clients * streams)) --connections "$clients" --claims "$claims" --id-format 'claim-{0:0000000}' \
      --as-of 2025-10-01T00:00:00Z --seed "$round")" || { tail -20 "$work/server.log" >&2; exit 1; }
    while read -r kind cps p50 p99; do
      put "$name" "round$round:$kind" "$cps $p50 $p99"
      printf '  round %d  %-6s %9.1f calls/s  p50 %8.2f ms  p99 %8.2f ms  load %s\n' "$round" "$kind" "$cps" "$p50" "$p99" "$l"
    done <<<"$out"
  done
  put "$name" read_rss_mib "$(rss VmRSS)"; put "$name" read_load "$read_load -> $(load)"
  echo "  server RSS after the reads $(rss VmRSS) MiB"
  [ "$cp" = all ] && break
done

if [ "${FANOUT:-1}" = 1 ]; then
  # claim-0000005 is not among the adjudicated tenth; decided after its evidence, it moves its sources' records.
  python3 - "$work" <<'PY'
import json, sys
json.dump({"format": "claimstatus-scenario/1", "name": "scale-fanout", "sources": [], "claims": [], "assertions": [],
           "adjudications": [{"claim": "claim-0000005", "truth": "TRUE", "decided_at": "2025-12-01T00:00:00Z"}]},
          open(f"{sys.argv[1]}/fanout.json", "w"))
PY
  l="$(load)"; t0="$(now)"
  dotnet "$cli_dll" --server "$url" import "$work/fanout.json" >"$work/cli.log" 2>&1 || { cat "$work/cli.log" >&2; exit 1; }
  t1="$(now)"; queued="$(query "SELECT COUNT(*) FROM rescore_pending")"
  left="$queued"
  for _ in $(seq 1 $((${FANOUT_SECONDS:-600} * 2))); do left="$(query "SELECT COUNT(*) FROM rescore_pending")"; [ "$left" = 0 ] && break; sleep 0.5; done
  t2="$(now)"
  read -r call_s drain_s <<<"$(python3 -c "print(f'{$t1 - $t0:.1f} {$t2 - $t1:.1f}')")"
  echo "one teaching adjudication: the CLI's import took $call_s s; $queued claims in the outbox when it returned, $left left after $drain_s s  load $l -> $(load)"
  put fanout call_s "$call_s"; put fanout queued "$queued"; put fanout left "$left"; put fanout drain_s "$drain_s"
fi

python3 - "$results" <<'PY'
import collections, statistics as st, sys
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    cp, metric, value = line.rstrip("\n").split("\t"); rows[cp][metric] = value
cps = [c for c in rows if c != "fanout"]
def reads(cp, kind, field):  # median over rounds of the ratio to the empty call of the same round
    rs = sorted({m.split(":")[0] for m in rows[cp] if m.startswith("round")})
    v = lambda r, k: float(rows[cp][f"{r}:{k}"].split()[field])
    return st.median(v(r, kind) / v(r, "empty") for r in rs), st.median(v(r, kind) for r in rs)
def cell(cp, kind):
    (ratio, cps_), (p99x, p99) = reads(cp, kind, 0), reads(cp, kind, 2)
    return f"{ratio:.2f} ({cps_:,.0f}/s), p99 x{p99x:.1f} ({p99:.1f} ms)"
table = [
    ("claims so far", lambda c: f"{int(rows[c]['claims']):,}"),
    ("import: assertions/s (claims, adjudications included)", lambda c: f"{int(rows[c]['import_rate']):,}"),
    ("import: assertions/s until the outbox is empty", lambda c: f"{int(rows[c]['settled_rate']):,}"),
    ("database (file + WAL), MiB", lambda c: rows[c]["db_mib"]),
    ("server RSS after the import, MiB (peak)", lambda c: f"{rows[c]['rss_mib']} ({rows[c]['hwm_mib']})"),
    ("start-up on the store, s", lambda c: rows[c]["startup_s"]),
    ("Bench/Empty: calls/s, p99 (the baseline)", lambda c: f"{reads(c, 'empty', 0)[1]:,.0f}/s, p99 {reads(c, 'empty', 2)[1]:.1f} ms"),
    ("GetStatus BASIC, random claim", lambda c: cell(c, "random")),
    ("BatchGetStatus, 100 random claims", lambda c: cell(c, "batch")),
    ("GetStatus as of 2025-10-01, random claim", lambda c: cell(c, "asof")),
    ("ListClaims by status, first 100", lambda c: cell(c, "list")),
    ("server RSS after the reads, MiB", lambda c: rows[c]["read_rss_mib"]),
    ("load average (1, 5, 15 min): at the import's start; before and after the reads", lambda c: f"{rows[c]['import_load']}; {rows[c]['read_load']}"),
]
print()
print("| at assertions stored (ratios: median of rounds, to the empty call of the same round) | " + " | ".join(f"{int(c):,}" for c in cps) + " |")
print("| --- |" + " ---: |" * len(cps))
for name, f in table: print(f"| {name} | " + " | ".join(f(c) for c in cps) + " |")
if "fanout" in rows:
    f = rows["fanout"]
    print(f"\none teaching adjudication: {int(f['queued']):,} claims queued, {int(f['left']):,} left after {f['drain_s']} s (CLI call {f['call_s']} s)")
PY
echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo), load average now $(load), .NET SDK $(dotnet --version); $rounds rounds, $seconds s per kind, $clients connections x $((clients * streams)) callers"
