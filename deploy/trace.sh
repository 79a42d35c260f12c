#!/usr/bin/env bash
# Runs the service with its traces, metrics and logs going to a local Aspire Dashboard, and prints the
# dashboard's address. Ctrl+C stops both. Everything listens on 127.0.0.1 only.
#   DASHBOARD_PORT (18888)  the dashboard's web page and /api/telemetry
#   OTLP_PORT      (18889)  where the dashboard receives OTLP over gRPC
#   SERVICE_URL    (http://127.0.0.1:5080)  where the service listens
# Other settings pass through to the service (e.g. Storage__DataFolder=/tmp/x, OTEL_SERVICE_NAME=...).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dashboard_port="${DASHBOARD_PORT:-18888}"
otlp_port="${OTLP_PORT:-18889}"
otlp_http_port="${OTLP_HTTP_PORT:-18890}"
service_url="${SERVICE_URL:-http://127.0.0.1:5080}"
version=13.6.5
dashboard="${NUGET_PACKAGES:-$HOME/.nuget/packages}/aspire.dashboard.sdk.linux-x64/$version/tools/Aspire.Dashboard"

# The dashboard is a NuGet package that the server tests download (PackageDownload); restore brings it.
if [ ! -x "$dashboard" ]; then
  echo "Restoring the Aspire Dashboard $version ..."
  dotnet restore tests/ClaimStatus.Server.Tests >/dev/null
fi
echo "Building the service ..."
dotnet build src/ClaimStatus.Server -c Release -v quiet -nologo >/dev/null

logs="$(mktemp -d)"
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped. Logs were in $logs"
}
trap stop INT TERM EXIT

(cd "$(dirname "$dashboard")" && \
  ASPNETCORE_URLS="http://127.0.0.1:$dashboard_port" \
  DOTNET_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$otlp_port" \
  DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$otlp_http_port" \
  DASHBOARD__FRONTEND__AUTHMODE=Unsecured DASHBOARD__OTLP__AUTHMODE=Unsecured DASHBOARD__API__AUTHMODE=Unsecured \
  exec "$dashboard") >"$logs/dashboard.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$dashboard_port/api/telemetry/traces" >/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$logs/dashboard.log"; exit 1; }
  sleep 0.5
done

OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$otlp_port" \
OTEL_SERVICE_NAME="${OTEL_SERVICE_NAME:-claimstatus}" \
Urls="$service_url" \
  dotnet src/ClaimStatus.Server/bin/Release/net10.0/ClaimStatus.Server.dll &
pids+=($!)

cat <<EOF

  Dashboard (traces):  http://127.0.0.1:$dashboard_port/traces
  Trace API (JSON):    http://127.0.0.1:$dashboard_port/api/telemetry/traces
  Service (gRPC h2c):  $service_url

  Every call's trace-id trailer names its trace: http://127.0.0.1:$dashboard_port/traces/detail/TRACE_ID
  Ctrl+C stops the service and the dashboard.

EOF
# Either one ending (the service failing to start, say) ends the other too, through stop.
wait -n "${pids[@]}" || true
