#!/usr/bin/env bash
# SQL Server outage drill on the TDS stand-in (../shared/tds, Babelfish): the service under a steady read load,
# the database server stopped, then started again. Checks that calls get UNAVAILABLE and readiness NOT_SERVING
# during the outage, that the service recovers by itself (no restart) when the database is back, and that
# nothing was half-written. Stops and starts the shared TDS server: run it when no test suite is using it.
#   bash benchmarks/drills/sqlserver-outage.sh          # builds Release first
# Only 127.0.0.1 is contacted; every wait and loop is bounded.
set -euo pipefail
cd "$(dirname "$0")/../.."
tds=../shared/tds/tds
[ -f "$tds" ] || { echo "drill: needs ../shared/tds beside the checkout" >&2; exit 1; }
if [ -z "${SERVER_DLL:-}" ]; then
  dotnet build -c Release src/ClaimStatus.Server >/dev/null
  SERVER_DLL=src/ClaimStatus.Server/bin/Release/net10.0/ClaimStatus.Server.dll
fi
work="$(mktemp -d)"; server_pid=""; load_pid=""
db="claimstatus_drill_$$"
psql_tds() { PGPASSWORD=12345678 "$(dirname "$tds")/pg/bin/psql" -q -h 127.0.0.1 -p "${CLAIMSTATUS_TDS_PG_PORT:-5445}" \
  -U babelfish_user -d babelfish_db -c "SET babelfishpg_tsql.sql_dialect = 'tsql'" -c "$1" >/dev/null; }
cleanup() {
  [ -n "$load_pid" ] && { kill "$load_pid" 2>/dev/null || true; }
  [ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  bash "$tds" up >/dev/null 2>&1 && psql_tds "DROP DATABASE $db" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
bash "$tds" up >/dev/null
psql_tds "CREATE DATABASE $db"
cs="$(bash "$tds" conn | sed "s/Database=master/Database=$db/")"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
url="http://127.0.0.1:$port"
CALL_TIMEOUT=60
source "$(dirname "$0")/grpc-curl.sh"

Logging__LogLevel__Default=Warning Storage__Provider=SqlServer ConnectionStrings__SqlServer="$cs" \
  dotnet "$SERVER_DLL" --Urls="$url" >>"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do [ "$(ready liveness)" = SERVING ] && break; sleep 0.2; done
echo "readiness $(wait_ready SERVING) s after start"
for i in 1 2 3; do expect "create claim $i before" 0 "$(call claimstatus.v1.ClaimStatusService/CreateClaim create before-$i)"; done

# A steady read load for the whole drill: one GetClaim every 50 ms, at most 1,200 of them (about a minute).
# Its own scratch folder: call() keeps the request and the trailers in $work.
( work="$work/load-calls"; mkdir -p "$work"; for i in $(seq 1 1200); do c="$(call claimstatus.v1.ClaimStatusService/GetClaim get before-1 | cut -f1)"; printf '%s %s\n' "$(date +%s.%N)" "$c"; sleep 0.05; done ) > "$work/load" 2>/dev/null &
load_pid=$!
sleep 2

echo "== TDS server stopped"
bash "$tds" down >/dev/null; stopped_at="$(date +%s.%N)"
echo "  NOT_SERVING after $(wait_ready NOT_SERVING) s"
t0="$(date +%s.%N)"
expect "create during the outage" 14 "$(call claimstatus.v1.ClaimStatusService/CreateClaim create during)"
echo "  (answered after $(python3 -c "print(f'{$(date +%s.%N) - $t0:.2f}')") s)"
expect "read during the outage" 14 "$(call claimstatus.v1.ClaimStatusService/GetClaim get before-1)"
echo "  liveness: $(ready liveness)"
sleep 5
echo "== TDS server started again"
started_at="$(date +%s.%N)"; bash "$tds" up >/dev/null
echo "  SERVING after $(wait_ready SERVING) s, without a restart"
expect "create after the outage" 0 "$(call claimstatus.v1.ClaimStatusService/CreateClaim create after)"
expect "read a claim stored before" 0 "$(call claimstatus.v1.ClaimStatusService/GetClaim get before-1)"
expect "the claim refused during the outage is absent" 5 "$(call claimstatus.v1.ClaimStatusService/GetClaim get during)"
sleep 3; kill "$load_pid" 2>/dev/null || true; wait "$load_pid" 2>/dev/null || true; load_pid=""

python3 - "$work/load" "$stopped_at" "$started_at" <<'PY'
import sys, collections
rows = [l.split() for l in open(sys.argv[1]) if len(l.split()) == 2]
stop, start = float(sys.argv[2]), float(sys.argv[3])
before = collections.Counter(c for t, c in rows if float(t) < stop)
# Each read is stamped when it was answered: one that began during the outage and was answered after the
# server came back (SqlClient's open retry kept trying) counts as after.
during = collections.Counter(c for t, c in rows if stop <= float(t) < start)
after = [(float(t), c) for t, c in rows if float(t) >= start]
first_ok = next((t for t, c in after if c == "0"), None)
print(f"  read load: before {dict(before)}, during {dict(during)}, after {dict(collections.Counter(c for _, c in after))}")
print(f"  first successful read {first_ok - start:.2f} s after the TDS server was started" if first_ok else "  no read succeeded after")
bad = set(during) - {"14"}
if bad or first_ok is None: sys.exit(f"drill: unexpected read codes during the outage {bad}")
PY
echo "drill: all expectations held"
