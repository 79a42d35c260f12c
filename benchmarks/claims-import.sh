#!/usr/bin/env bash
# How fast `claimstatus import` stores claims: two builds of the CLI against one build of the server, on
# this machine's loopback only. Each run gets a fresh server (free 127.0.0.1 port, temporary data folder)
# and imports one generated file; runs alternate between the two CLIs so a busy neighbour hits both alike.
#   claims: 3,000 claims (id, text, one topic), no sources, no assertions;
#   bulk:   service-load.sh's file (same seed): 200 sources, 5,000 claims, 50,000 assertions.
# Reported per run: the CLI's wall time for the whole file, and the server's settle time (until its CPU
# stays idle, i.e. the rescoring it queued is done). benchmarks/SERVICE.md has the numbers.
#   BEFORE_CLI, AFTER_CLI: claimstatus.dll of each build (copies of Release output)
#   SERVER_DLL: ClaimStatus.Server.dll (default: this checkout's Release build); ROUNDS (5)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rounds="${ROUNDS:-5}"
server_dll="${SERVER_DLL:-src/ClaimStatus.Server/bin/Release/net10.0/ClaimStatus.Server.dll}"
before_cli="${BEFORE_CLI:?set BEFORE_CLI to the claimstatus.dll of the earlier build}"
after_cli="${AFTER_CLI:-src/ClaimStatus.Cli/bin/Release/net10.0/claimstatus.dll}"
work="$(mktemp -d)"
seed_cli="$after_cli"
. benchmarks/server-lib.sh
trap 'stop_server; rm -rf "$work"' EXIT

python3 benchmarks/bulk-file.py "$work"
python3 - "$work" <<'PY'
import json, sys
claims = [{"id": f"claim-{c:05d}", "text": f"Generated claim {c}.", "topics": [f"topic-{c % 50:02d}"]} for c in range(3000)]
json.dump({"format": "claimstatus-scenario/1", "name": "claims", "sources": [], "claims": claims, "assertions": []},
          open(f"{sys.argv[1]}/claims.json", "w"))
PY

for round in $(seq 1 "$rounds"); do
  for file in claims bulk; do
    for build in before after; do
      cli_dll="$before_cli"; [ "$build" = after ] && cli_dll="$after_cli"
      start_server
      load="$(cut -d' ' -f1-3 /proc/loadavg)"
      t0="$(now)"; dotnet "$cli_dll" --server "$url" import "$work/$file.json" >"$work/import.log" 2>&1; t1="$(now)"
      wait_settled; t2="$(now)"
      # The settle check only notices after two quiet samples (1 s); that second is not the server's.
      read -r wall settled <<<"$(python3 -c "print(f'{$t1 - $t0:.2f} {$t2 - $t0 - 1.0:.1f}')")"
      printf 'round %d  %-6s %-6s whole file %6s s, settled at ~%5s s  load %s  (%s)\n' \
        "$round" "$file" "$build" "$wall" "$settled" "$load" "$(tail -n 1 "$work/import.log")"
      stop_server
    done
  done
done
echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo), .NET SDK $(dotnet --version)"
