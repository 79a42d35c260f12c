#!/usr/bin/env bash
# SQLite fault drill against the real server process (root only: it mounts file systems).
#   bash benchmarks/drills/sqlite-faults.sh            # builds Release first
#   SERVER_DLL=path/ClaimStatus.Server.dll bash benchmarks/drills/sqlite-faults.sh
# Phases, each on the running server: the data folder's tmpfs fills up, then space is freed; a read-only mount is
# stacked on the folder, then removed; the database file is deleted, then the server is restarted on the folder.
# For each: readiness, a write's and a read's gRPC status, how long readiness took to notice and to recover, and
# a data check (integrity_check and the claim count). Exits non-zero at the first expectation that fails.
# Only 127.0.0.1 is contacted; every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" = 0 ] || { echo "drill: needs root (mount)" >&2; exit 1; }
if [ -z "${SERVER_DLL:-}" ]; then
  dotnet build -c Release src/ClaimStatus.Server >/dev/null
  SERVER_DLL=src/ClaimStatus.Server/bin/Release/net10.0/ClaimStatus.Server.dll
fi
work="$(mktemp -d)"; mnt="$work/mnt"; data="$mnt/data"; mkdir -p "$mnt"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  umount -l "$data" 2>/dev/null || true; umount -l "$mnt" 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT
mount -t tmpfs -o size=4m tmpfs "$mnt"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
url="http://127.0.0.1:$port"

source "$(dirname "$0")/grpc-curl.sh"
datacheck() { python3 -c '
import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print("  data check: integrity_check=%s claims=%d" % (c.execute("PRAGMA integrity_check").fetchone()[0], c.execute("SELECT count(*) FROM claims").fetchone()[0]))' "$1"; }
start_server() {
  Logging__LogLevel__Default=Warning dotnet "$SERVER_DLL" --Urls="$url" --Storage:DataFolder="$data" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do [ "$(ready liveness)" = SERVING ] && return 0; sleep 0.2; done
  cat "$work/server.log" >&2; exit 1
}

start_server
expect "create before any fault" 0 "$(call claimstatus.v1.ClaimStatusService/CreateClaim create before)"
echo "readiness: $(ready)   liveness: $(ready liveness)"

echo "== disk full (tmpfs of 4 MB filled with dd)"
dd if=/dev/zero of="$mnt/filler" bs=64k 2>/dev/null || true
echo "  NOT_SERVING after $(wait_ready NOT_SERVING) s"
expect "batch of 300 claims" 8 "$(call claimstatus.v1.ClaimStatusService/BatchCreateClaims batch full)"
expect "create one claim" 8 "$(call claimstatus.v1.ClaimStatusService/CreateClaim create during-full)"
expect "read a stored claim" 0 "$(call claimstatus.v1.ClaimStatusService/GetClaim get before)"
echo "  liveness: $(ready liveness)"
rm -f "$mnt/filler"
echo "  space freed: SERVING after $(wait_ready SERVING) s"
expect "batch of 300 claims again" 0 "$(call claimstatus.v1.ClaimStatusService/BatchCreateClaims batch full)"
datacheck "$data/claimstatus.db"

echo "== read-only (a read-only bind mount stacked on the data folder)"
mount --bind "$data" "$data" && mount -o remount,bind,ro "$data"
echo "  NOT_SERVING after $(wait_ready NOT_SERVING) s"
expect "create one claim" 14 "$(call claimstatus.v1.ClaimStatusService/CreateClaim create during-ro)"
expect "read a stored claim" 0 "$(call claimstatus.v1.ClaimStatusService/GetClaim get before)"
umount -l "$data"
echo "  writable again: SERVING after $(wait_ready SERVING) s"
expect "create one claim again" 0 "$(call claimstatus.v1.ClaimStatusService/CreateClaim create after-ro)"
datacheck "$data/claimstatus.db"

echo "== database file deleted under the server"
rm "$data/claimstatus.db"
echo "  NOT_SERVING after $(wait_ready NOT_SERVING) s"
for i in 1 2 3; do expect "create claim $i" 14 "$(call claimstatus.v1.ClaimStatusService/CreateClaim create deleted-$i)"; done
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
set +e
line="$(Logging__LogLevel__Default=Warning timeout 60 dotnet "$SERVER_DLL" --Urls="$url" --Storage:DataFolder="$data" 2>&1 >/dev/null)"; rc=$?
set -e
echo "  restart: exit $rc, stderr: $line"
[ "$rc" = 2 ] && [ "$(wc -l <<<"$line")" = 1 ] || { echo "drill: the restart did not refuse in one line" >&2; exit 1; }
echo "== server log warnings (one per change of readiness)"
grep -A1 'Readiness' "$work/server.log" | grep -v '^--' | grep -v 'HealthCheckLogScope' | sed 's/^ */  /' || true
echo "drill: all expectations held"
