#!/usr/bin/env bash
# The HTTP hot paths next to GET /health, on one Firebreak server process (Release, SQLite, synchronous=full), loopback:
# recording an action (POST /api/v1/actions) and deciding a call of a read tool and of a financial tool, which is
# recorded pending before the answer (POST /api/v1/decisions).
# The content root is the project folder, as scripts/start.sh sets it, so appsettings.json (and its log levels) apply.
# Usage: bench/http/load.sh [seconds] [connections] [threads] [full|normal] [warm-up seconds]   (needs wrk: apt-get install -y wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
connections=${2:-64}
threads=${3:-2}
synchronous=${4:-full}
warmup=${5:-20}
port=5099
operator_key=fbk_bench_http_operator_key
dir=$(mktemp -d /tmp/firebreak-http-bench.XXXXXX)
dll=src/Firebreak.Server/bin/Release/net10.0/Firebreak.Server.dll
[ -f "$dll" ] || dotnet build src/Firebreak.Server -c Release -v q -clp:ErrorsOnly

dotnet "$dll" --contentRoot "$PWD/src/Firebreak.Server" --urls=http://127.0.0.1:$port --Firebreak:RegistryFile="$PWD/bench/http/registry.json" \
  --Firebreak:Storage:ConnectionString="$dir/fb.db" --Firebreak:Storage:SqliteSynchronous="$synchronous" \
  --Firebreak:BootstrapOperatorKey=$operator_key >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:$port/health >/dev/null && break; sleep 0.2; done

FIREBREAK_AGENT_KEY=$(curl -sf -X POST http://127.0.0.1:$port/api/v1/keys -H "Authorization: Bearer $operator_key" \
  -H 'Content-Type: application/json' -d '{"name":"bench","role":"agent","agentId":"bench"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
export FIREBREAK_AGENT_KEY

# CPU seconds the server process has used (user + system), from /proc: per request it is what a request costs the
# server whatever else the shared machine runs.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$server/stat"; }
measure() {
  local label=$1; shift
  local before after out requests
  echo "## $label, $connections connections, $seconds s; load before: $(uptime)"
  before=$(cpu)
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$@")
  after=$(cpu)
  echo "$out"
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  echo "server CPU: $(echo "$after - $before" | bc) s for $requests requests = $(echo "scale=1; ($after - $before) * 1000000 / $requests" | bc) us per request"
}

echo "# $(date -u +%FT%TZ), $(nproc) cores, commit $(git rev-parse --short HEAD), SQLite synchronous=$synchronous"
# Tiered compilation keeps a core busy for tens of seconds on a loaded 2-core machine: warm both paths past it.
echo "## warm-up ($warmup s each)"
wrk -t"$threads" -c"$connections" -d"${warmup}s" http://127.0.0.1:$port/health >/dev/null
wrk -t"$threads" -c"$connections" -d"${warmup}s" -s bench/http/hot-path.lua http://127.0.0.1:$port -- record warmup | tail -1
wrk -t"$threads" -c"$connections" -d"${warmup}s" -s bench/http/hot-path.lua http://127.0.0.1:$port -- financial warmup | tail -1
measure "GET /health" http://127.0.0.1:$port/health
measure "POST /api/v1/actions, agent key" -s bench/http/hot-path.lua http://127.0.0.1:$port -- record run
measure "POST /api/v1/decisions, read tool (decided, not recorded)" -s bench/http/hot-path.lua http://127.0.0.1:$port -- read run
measure "POST /api/v1/decisions, financial tool (recorded pending before the answer)" -s bench/http/hot-path.lua http://127.0.0.1:$port -- financial run
echo "## load after: $(uptime)"
echo "## ledger check (every acknowledged action is a verified entry):"
curl -sf "http://127.0.0.1:$port/api/v1/ledger/verify?full=true" -H "Authorization: Bearer $operator_key"
echo
