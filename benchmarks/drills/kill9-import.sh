#!/usr/bin/env bash
# kill -9 drill for durable derived state: the real server on loopback, a large streamed import killed with
# SIGKILL at a couple of points, a restart on the same SQLite file, a re-import of the same file, the outbox
# drained, then every claim's stored status compared with a fresh computation. The comparison is the repair
# command's (it scores every claim now and counts the stored statuses that differ), run after the server stopped.
# Prints: assertions stored vs in the file, pending rows left, mismatches, PRAGMA integrity_check.
#   KILL_AFTER: seconds into each killed import (default "5 15"); SIGNAL: KILL (default) or TERM;
#   CLAIMS: claims in the generated file, 10 assertions each (default 20000: 200,000 assertions);
#   SERVER_DLL, CLI_DLL: builds to use (Debug). The file is benchmarks/bulk-file.py's bulk.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
server_dll="${SERVER_DLL:-src/ClaimStatus.Server/bin/Debug/net10.0/ClaimStatus.Server.dll}"
cli_dll="${CLI_DLL:-src/ClaimStatus.Cli/bin/Debug/net10.0/claimstatus.dll}"
work="$(mktemp -d)"
db="$work/data/claimstatus.db"
server_pid=""; import_pid=""
cleanup() {
  [ -n "$import_pid" ] && kill "$import_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
url="http://127.0.0.1:$port"

start_server() {
  Logging__LogLevel__Default=Warning dotnet "$server_dll" --Urls="$url" --Storage:DataFolder="$work/data" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$port" 2>/dev/null && return 0
    sleep 0.3
  done
  echo "server did not start" >&2; cat "$work/server.log" >&2; exit 1
}
pending() { sqlite3 "$db" 'SELECT COUNT(*) FROM rescore_pending;'; }

python3 benchmarks/bulk-file.py "$work" "${CLAIMS:-20000}"
in_file="$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['assertions']))" "$work/bulk.json")"

signal="${SIGNAL:-KILL}"
for after in ${KILL_AFTER:-5 15}; do
  start_server
  dotnet "$cli_dll" --server "$url" import "$work/bulk.json" >/dev/null 2>&1 & import_pid=$!
  sleep "$after"
  kill -"$signal" "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  wait "$import_pid" 2>/dev/null || true; import_pid=""
  echo "SIG$signal after ${after}s: assertions stored $(sqlite3 "$db" 'SELECT COUNT(*) FROM assertions;'), pending rows $(pending)"
done

start_server
dotnet "$cli_dll" --server "$url" import "$work/bulk.json" >/dev/null
drained=""
for _ in $(seq 1 1200); do [ "$(pending)" = 0 ] && { drained=yes; break; }; sleep 0.5; done
kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
echo "assertions stored $(sqlite3 "$db" 'SELECT COUNT(*) FROM assertions;') of $in_file in the file; pending rows $(pending)${drained:+ (drained)}"
echo "claims whose stored status is not their latest transition's: $(sqlite3 "$db" "SELECT COUNT(*) FROM claims AS c WHERE c.status IS NOT (SELECT t.to_status FROM status_transitions AS t WHERE t.claim_id = c.id ORDER BY t.id DESC LIMIT 1);")"
echo "integrity_check: $(sqlite3 "$db" 'PRAGMA integrity_check;')"
echo "stored vs fresh (repair's count of mismatches): $(dotnet "$server_dll" repair --Storage:DataFolder="$work/data" 2>&1 | grep '^repaired')"
