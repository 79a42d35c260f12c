# Shared by the load scripts (sourced, not run): a Release server on a free loopback port with a fresh data
# folder, and a wait for its queued rescoring to finish. Needs: $work (a temporary folder), $server_dll, and
# $seed_cli, the claimstatus.dll that imports the seed sample to show the server is up. $server_args (an
# array, optional) adds settings, e.g. another storage provider.
server_pid=""
[ -n "${server_args+set}" ] || server_args=()
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
start_server() {
  local port; port="$(free_port)"
  url="http://127.0.0.1:$port"
  rm -rf "$work/data"
  env -u OTEL_EXPORTER_OTLP_ENDPOINT Logging__LogLevel__Default=Warning \
    dotnet "$server_dll" --Urls="$url" --Storage:DataFolder="$work/data" "${server_args[@]}" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    dotnet "$seed_cli" --server "$url" import src/ClaimStatus.Cli/samples/nk-troops-2024.json >/dev/null 2>&1 && return 0
    sleep 0.3
  done
  cat "$work/server.log" >&2; exit 1
}
# The server's CPU time in clock ticks; rescoring runs after the import call returns, so "settled" is the
# first moment the server stays (almost) idle for two half-second samples.
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
# Waits (20 times a second, at most 10 minutes) until the rescoring outbox is empty; $1 names a function that runs
# one query over the store and prints the first row.
wait_outbox_drained() {
  for _ in $(seq 1 12000); do
    [ "$("$1" "SELECT COUNT(*) FROM rescore_pending")" = 0 ] && return 0
    sleep 0.05
  done
  echo "the rescoring outbox did not drain in 10 minutes" >&2; exit 1
}
