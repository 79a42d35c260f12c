#!/usr/bin/env bash
# How long one adjudication's fan-out takes: every claim whose sources just gained a learned record goes into the
# rescoring outbox in the adjudication's transaction, and the worker rescores them in batches of 500 while their
# reads score the evidence. Loopback only, a fresh SQLite store in a temporary folder.
#   1. a generated file: CLAIMS claims (100,000), each with a word from one wire service that speaks on every claim
#      and two from 200 other sources (3 assertions a claim), imported through the CLI (streamed, batched);
#   2. the outbox drains (every claim's report kept), then one adjudication of claim-000000 is recorded;
#   3. reported: the claims it put into the outbox, the seconds until the outbox is empty again, the rate, and
#      that every claim then has a kept report of the server's policy.
#   CLAIMS (100000), SKIP_BUILD (0)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
claims="${CLAIMS:-100000}"
[ "${SKIP_BUILD:-0}" = 1 ] || for project in Server Cli; do dotnet build "src/ClaimStatus.$project" -c Release -v quiet -nologo >/dev/null; done
server_dll=src/ClaimStatus.Server/bin/Release/net10.0/ClaimStatus.Server.dll
seed_cli=src/ClaimStatus.Cli/bin/Release/net10.0/claimstatus.dll cli_dll=src/ClaimStatus.Cli/bin/Release/net10.0/claimstatus.dll
work="$(mktemp -d)"; trap 'stop_server; rm -rf "$work"' EXIT
. benchmarks/server-lib.sh

python3 - "$work" "$claims" <<'PY'
import json, random, sys
work, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(11)
sources = [{"id": "wire", "name": "Wire service", "kind": "NEWS_AGENCY", "reliability": "F", "groups": ["wire"]}]
sources += [{"id": f"src-{i:03d}", "name": f"Source {i}", "kind": "NEWS_OUTLET", "reliability": rng.choice("BCDF"),
             "groups": [f"group-{i % 40:02d}"]} for i in range(200)]
claims = [{"id": f"claim-{c:06d}", "text": f"Generated claim {c}."} for c in range(count)]
assertions = []
for c in range(count):
    for k, s in enumerate(["wire"] + [f"src-{i:03d}" for i in rng.sample(range(200), 2)]):
        assertions.append({"claim": f"claim-{c:06d}", "source": s, "stance": rng.choice(["SUPPORTS", "SUPPORTS", "REFUTES", "REPORTS"]),
                           "hedge": "PROBABLE", "evidence": "NEWS_REPORT", "observed_at": f"2025-03-{1 + c % 28:02d}T{k:02d}:00:00Z"})
base = {"format": "claimstatus-scenario/1", "sources": sources, "claims": claims}
json.dump({**base, "name": "fanout", "assertions": assertions}, open(f"{work}/fanout.json", "w"))
json.dump({**base, "name": "fanout-adjudication", "assertions": [],
           "adjudications": [{"claim": "claim-000000", "truth": "TRUE", "decided_at": "2025-06-01T00:00:00Z"}]},
          open(f"{work}/adjudication.json", "w"))
PY

query() { sqlite3 -readonly "$work/data/claimstatus.db" "$1"; }
wait_outbox_empty() { wait_outbox_drained query; }

start_server
t0="$(now)"
dotnet "$cli_dll" --server "$url" import "$work/fanout.json" >"$work/import.log" 2>&1 || { cat "$work/import.log" >&2; exit 1; }
wait_outbox_empty
t1="$(now)"
echo "imported $claims claims x 3 assertions and drained the outbox in $(python3 -c "print(f'{$t1 - $t0:.1f}')") s"

dotnet "$cli_dll" --server "$url" import "$work/adjudication.json" >"$work/import.log" 2>&1 || { cat "$work/import.log" >&2; exit 1; }
t2="$(now)"
queued="$(query "SELECT COUNT(*) FROM rescore_pending")"
wait_outbox_empty
t3="$(now)"
kept="$(query "SELECT COUNT(*) FROM claim_assessments WHERE computed_at >= (SELECT recorded_at FROM adjudications WHERE claim_id = 'claim-000000')")"
python3 -c "
seconds = $t3 - $t2
print(f'one adjudication: {$queued} claims in the outbox when the call returned (the claim itself rescored in the call),')
print(f'  drained {seconds:.1f} s after it returned: {$kept} kept reports rescored since, {$kept / seconds:,.0f} claims/s')
print(f'  load average {open(\"/proc/loadavg\").read().split()[0]}')
"
