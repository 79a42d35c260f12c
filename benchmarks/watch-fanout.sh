#!/usr/bin/env bash
# Watch fan-out (issue 10 item 4), loopback only: WATCHERS (5000) concurrent WatchStatus streams on one Release
# server (embedded SQLite, fresh folder) while a streamed import runs, half by topic and half by claim ids, from
# PROCS (4) Node client processes (benchmarks/watch-fanout.js; grpc-js from tests/interop/node_modules: run
# `npm ci --prefix tests/interop` first) over channels of PER_CHANNEL (100) streams each.
#   1. base file: CLAIMS (2000) claims in TOPICS (20) topics and PROBES (30) probe claims that carry every topic,
#      no assertions; imported, then the server settles.
#   2. the streams open: TOPIC_PERCENT (50) % of them watch a topic, spread over the topics; each of the others
#      watches IDS (5) random claims and every probe claim. Every stream must bring all its initial statuses before step 3.
#   3. at once: the import of NEW (200) new claims (they join the topic watches) and ROUNDS (10) assertions on
#      every claim, one round after another (streamed, batched, through the CLI), and benchmarks/watch-probe.js:
#      one single RecordAssertion every PROBE_MS (500) that moves one probe claim to DENIED.
#   4. the outbox drains and the server goes quiet; then every client checks every stream's transitions against
#      ListStatusTransitions of its claims (none missed, none twice, none unexpected, ids increasing).
# Reported: open time; server RSS before, with the streams open (so RSS per watcher) and its peak during the
# import; deliveries; the latency of every delivered transition from its commit, as seen by
# benchmarks/watch-commits.py (a read-only reader of the SQLite file asking for the greatest transition id every
# COMMIT_POLL_MS (5) ms), and from its stored transition_time (taken when its rescoring began); the probes'
# latency bounded by the write call's send and reply; the check's counts.
# The server runs with --Watch:MaxStreams and --Watch:MaxStreamsPerCaller raised to WATCHERS + 100 (defaults
# 2500 and 2000: every client here is the same anonymous caller). SERVER_ARGS adds settings; SERVER_DLL measures another
# build (a copy of its Release output) with this same script; SKIP_BUILD=1; KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
watchers="${WATCHERS:-5000}" procs="${PROCS:-4}" per_channel="${PER_CHANNEL:-100}"
claims="${CLAIMS:-2000}" topics="${TOPICS:-20}" new_claims="${NEW:-200}" rounds="${ROUNDS:-10}" ids="${IDS:-5}"
probes="${PROBES:-30}" probe_ms="${PROBE_MS:-500}" topic_percent="${TOPIC_PERCENT:-50}"
[ -d tests/interop/node_modules/@grpc/grpc-js ] || { echo "run: npm ci --prefix tests/interop" >&2; exit 2; }
[ "${SKIP_BUILD:-0}" = 1 ] || for project in Server Cli; do dotnet build "src/ClaimStatus.$project" -c Release -v quiet -nologo >/dev/null; done
server_dll="${SERVER_DLL:-src/ClaimStatus.Server/bin/Release/net10.0/ClaimStatus.Server.dll}"
seed_cli=src/ClaimStatus.Cli/bin/Release/net10.0/claimstatus.dll
work="$(mktemp -d)"
read -ra extra_args <<<"${SERVER_ARGS:-}"
server_args=(--Watch:MaxStreams=$((watchers + 100)) --Watch:MaxStreamsPerCaller=$((watchers + 100)) "${extra_args[@]}")
client_pids=()
stop_clients() { for pid in "${client_pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
# KEEP=1 leaves the work folder (the clients' results, the logs) for a second look.
trap 'stop_clients; stop_server; if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi' EXIT
. benchmarks/server-lib.sh
query() { sqlite3 -readonly "$work/data/claimstatus.db" "$1"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

python3 - "$work" "$claims" "$topics" "$new_claims" "$rounds" "$probes" "$watchers" "$procs" "$per_channel" "$ids" "$topic_percent" <<'PY'
import json, random, sys
work = sys.argv[1]
claims, topics, new, rounds, probes, watchers, procs, per_channel, ids, topic_percent = map(int, sys.argv[2:])
rng = random.Random(10)
kinds = ["GOVERNMENT", "NEWS_AGENCY", "NEWS_OUTLET", "NGO", "INDIVIDUAL", "MILITARY"]
sources = [{"id": f"src-{i:03d}", "name": f"Source {i}", "kind": rng.choice(kinds), "reliability": rng.choice("ABCDEF"),
            "groups": [f"group-{i % 40:02d}"]} for i in range(200)]
sources.append({"id": "probe-gov", "name": "Probe ministry", "kind": "GOVERNMENT", "reliability": "A", "groups": ["probe-gov"]})
topic = lambda c: f"topic-{c % topics:02d}"
base = [{"id": f"claim-{c:05d}", "text": f"Generated claim {c}.", "topics": [topic(c)]} for c in range(claims)]
probe_claims = [{"id": f"probe-{p:02d}", "text": f"Probe claim {p}.", "topics": [f"topic-{t:02d}" for t in range(topics)]}
                for p in range(probes)]
fresh = [{"id": f"claim-{c:05d}", "text": f"Generated claim {c}.", "topics": [topic(c)]} for c in range(claims, claims + new)]
stances = ["SUPPORTS"] * 4 + ["REFUTES"] * 3 + ["CANNOT_CONFIRM"]
evidence = ["OFFICIAL_STATEMENT", "NEWS_REPORT", "OPEN_SOURCE", "EYEWITNESS", "DOCUMENT"]
speakers = {c: rng.sample(range(200), rounds) for c in range(claims + new)}
# Round after round over every claim, so statuses keep moving for the whole import, not one claim at a time.
assertions = [{"claim": f"claim-{c:05d}", "source": f"src-{speakers[c][r]:03d}", "stance": rng.choice(stances),
               "hedge": rng.choice(["CERTAIN", "PROBABLE", "POSSIBLE"]), "evidence": rng.choice(evidence),
               "observed_at": f"2025-{1 + r % 12:02d}-{1 + c % 28:02d}T{r % 24:02d}:00:00Z"}
              for r in range(rounds) for c in range(claims + new)]
head = {"format": "claimstatus-scenario/1", "sources": sources}
json.dump({**head, "name": "fanout-base", "claims": base + probe_claims, "assertions": []}, open(f"{work}/base.json", "w"))
json.dump({**head, "name": "fanout-import", "claims": fresh, "assertions": assertions}, open(f"{work}/import.json", "w"))
per_topic = [sum(1 for c in range(claims) if c % topics == t) + probes for t in range(topics)]
specs, topic_watches = [], 0
for w in range(watchers):
    if w % 100 < topic_percent:
        t, topic_watches = topic_watches % topics, topic_watches + 1
        specs.append({"topic": f"topic-{t:02d}", "initial": per_topic[t]})
    else:
        watched = [f"claim-{c:05d}" for c in rng.sample(range(claims), ids)] + [p["id"] for p in probe_claims]
        specs.append({"ids": watched, "initial": len(watched)})
for p in range(procs):
    json.dump({"perChannel": per_channel, "watchers": specs[p::procs]}, open(f"{work}/spec-{p}.json", "w"))
print(f"files: {claims} claims + {probes} probes in {topics} topics; import: {new} new claims, {len(assertions)} assertions")
PY

start_server
dotnet "$seed_cli" --server "$url" import "$work/base.json" >/dev/null
wait_outbox_drained query
wait_settled
echo "machine: $(nproc) cores, load $(load) before the streams open"
rss_before="$(rss_kb)"

t_open="$(now)"
for p in $(seq 0 $((procs - 1))); do
  node benchmarks/watch-fanout.js "${url#http://}" "$work/spec-$p.json" "$work/result-$p.json" "$work/stop" >"$work/client-$p.log" 2>&1 &
  client_pids+=($!)
done
for p in $(seq 0 $((procs - 1))); do
  for _ in $(seq 1 6000); do grep -q '^open' "$work/client-$p.log" && break; kill -0 "${client_pids[$p]}" 2>/dev/null || break; sleep 0.1; done
  grep -q '^open' "$work/client-$p.log" || { echo "client $p did not open its streams:" >&2; cat "$work/client-$p.log" >&2; exit 1; }
done
open_s="$(echo "$(now) - $t_open" | bc)"
wait_settled
rss_open="$(rss_kb)"
echo "open: $watchers streams in $open_s s; load $(load)"

# The server's RSS twice a second until the check begins (bounded: at most an hour).
( for _ in $(seq 1 7200); do [ -f "$work/stop" ] && break; rss_kb >>"$work/rss.log" 2>/dev/null || break; sleep 0.5; done ) &
sampler=$!
python3 benchmarks/watch-commits.py "$work/data/claimstatus.db" "$work/commits.log" "$work/stop" "${COMMIT_POLL_MS:-5}" &
commits=$!
t_import="$(now)"
node benchmarks/watch-probe.js "${url#http://}" "$probes" "$probe_ms" "$work/probes.json" >"$work/probe.log" 2>&1 &
probe_pid=$!
dotnet "$seed_cli" --server "$url" import "$work/import.json" >"$work/import.log" 2>&1
t_imported="$(now)"
wait "$probe_pid" || { cat "$work/probe.log" >&2; exit 1; }
wait_outbox_drained query
wait_settled
t_settled="$(now)"
echo "import: $(tail -n 1 "$work/import.log")"
echo "  import call $(echo "$t_imported - $t_import" | bc) s; outbox drained and server quiet $(echo "$t_settled - $t_import - 1" | bc) s after it began; load $(load)"
touch "$work/stop"
wait "$sampler" || true
wait "$commits" || { echo "the commit reader failed" >&2; exit 1; }
for p in $(seq 0 $((procs - 1))); do
  wait "${client_pids[$p]}" || { echo "client $p failed:" >&2; cat "$work/client-$p.log" >&2; exit 1; }
done
client_pids=()
python3 benchmarks/watch-fanout-report.py "$work" "$procs" "$rss_before" "$rss_open" "$watchers" "$t_import" "$t_imported"
echo "transitions stored: $(query "SELECT COUNT(*) FROM status_transitions"); server log lines at warning or above: $(grep -c -E "^(warn|fail|crit)" "$work/server.log" || true)"
grep -a -E -A2 "^(warn|fail|crit)" "$work/server.log" | head -n 12 || true
