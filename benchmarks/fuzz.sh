#!/usr/bin/env bash
# Hostile input at volume: the unit suite's CsCheck properties (tests/ClaimStatus.Server.Tests/Hostile/)
# with ITER inputs per property instead of the suite's 40-400. Every request method of the real server on
# loopback (typed requests and damaged wire bytes), the scenario parser and validator in process, and
# scenario files imported into the real server. Prints each property's count of inputs and time, the
# total, and the wall time; exits non-zero if any property failed (CsCheck prints the seed to replay).
#   ITER (5000) inputs per property; IMPORT_ITER (ITER / 10) for the import property, which writes files.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
iter="${ITER:-5000}"
log="$(mktemp)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build tests/ClaimStatus.Server.Tests -v quiet -nologo >/dev/null
start=$(date +%s)
run() {
  CLAIMSTATUS_FUZZ_ITER="$1" dotnet test tests/ClaimStatus.Server.Tests --no-build --filter "$2" \
    --logger "console;verbosity=detailed" >>"$log" 2>&1
}
status=0
run "$iter" "FullyQualifiedName~ClaimStatus.Server.Tests.Hostile&FullyQualifiedName!~ScenarioImportTests" || status=$?
run "${IMPORT_ITER:-$((iter / 10))}" "FullyQualifiedName~ClaimStatus.Server.Tests.Hostile.ScenarioImportTests" || status=$?
end=$(date +%s)
grep -E '^ .*: [0-9]+ inputs' "$log" | sed 's/^ //' | sort
total=$(grep -oE ': [0-9]+ inputs' "$log" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s }')
echo "total: ${total} inputs in $((end - start)) s wall time (ITER=${iter})"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E 'Passed!|Failed!' "$log" || true
if [ "$status" -ne 0 ]; then grep -E 'CsCheck_Seed|^---- ' "$log" | head -20; echo "log: $log"; fi
exit "$status"
