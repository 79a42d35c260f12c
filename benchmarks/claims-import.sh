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
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi
}
trap 'stop_server; rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import json, random, sys
work = sys.argv[1]
claims = [{"id": f"claim-{c:05d}", "text": f"Generated claim {c}.", "topics": [f"topic-{c % 50:02d}"]} for c in range(3000)]
json.dump({"format": "claimstatus-scenario/1", "name": "claims", "sources": [], "claims": claims, "assertions": []},
          open(f"{work}/claims.json", "w"))
# The same generator and seed as service-load.sh's bulk file.
rng = random.Random(7)
kinds = ["GOVERNMENT", "NEWS_AGENCY", "NEWS_OUTLET", "NGO", "INDIVIDUAL", "MILITARY"]
sources = [{"id": f"src-{i:03d}", "name": f"Source {i}", "kind": rng.choice(kinds), "reliability": rng.choice("ABCDEF"),
            "groups": [f"group-{i % 40:02d}"]} for i in range(200)]
claims = [{"id": f"claim-{c:05d}", "text": f"Generated claim {c}.", "topics": [f"topic-{c % 50:02d}"]} for c in range(5000)]
stances = ["SUPPORTS"] * 4 + ["REFUTES"] * 2 + ["CANNOT_CONFIRM", "REPORTS"]
evidence = ["OFFICIAL_STATEMENT", "NEWS_REPORT", "OPEN_SOURCE", "EYEWITNESS", "DOCUMENT"]
assertions = []
for c in range(5000):
    for k, s in enumerate(rng.sample(range(200), 10)):
        a = {"claim": f"claim-{c:05d}", "source": f"src-{s:03d}", "stance": rng.choice(stances),
             "hedge": rng.choice(["CERTAIN", "PROBABLE", "POSSIBLE"]), "evidence": rng.choice(evidence),
             "observed_at": f"2025-0{1 + k % 9}-{1 + c % 28:02d}T{k:02d}:00:00Z"}
        if k % 4 == 3: a["reported_via"] = f"src-{rng.randrange(200):03d}"
        assertions.append(a)
json.dump({"format": "claimstatus-scenario/1", "name": "bulk", "sources": sources, "claims": claims, "assertions": assertions},
          open(f"{work}/bulk.json", "w"))
PY

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
start_server() {
  local port; port="$(free_port)"
  url="http://127.0.0.1:$port"
  rm -rf "$work/data"
  env -u OTEL_EXPORTER_OTLP_ENDPOINT Logging__LogLevel__Default=Warning \
    dotnet "$server_dll" --Urls="$url" --Storage:DataFolder="$work/data" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    dotnet "$after_cli" --server "$url" import src/ClaimStatus.Cli/samples/nk-troops-2024.json >/dev/null 2>&1 && return 0
    sleep 0.3
  done
  cat "$work/server.log" >&2; exit 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
wait_settled() {
  local last now quiet=0
  last="$(cpu_ticks)"
  for _ in $(seq 1 1200); do
    sleep 0.5; now="$(cpu_ticks)"
    if [ $((now - last)) -le 3 ]; then quiet=$((quiet + 1)); [ $quiet -ge 2 ] && return 0; else quiet=0; fi
    last="$now"
  done
}
now() { date +%s.%N; }

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
