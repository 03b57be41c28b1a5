#!/usr/bin/env bash
# The HTTP record path next to GET /health, on one Firebreak server process (Release, SQLite, synchronous=full), loopback.
# Usage: bench/http/record-actions.sh [seconds] [connections] [threads]   (needs wrk: apt-get install -y wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
connections=${2:-64}
threads=${3:-2}
port=5099
operator_key=fbk_bench_http_operator_key
dir=$(mktemp -d /tmp/firebreak-http-bench.XXXXXX)
dll=src/Firebreak.Server/bin/Release/net10.0/Firebreak.Server.dll
[ -f "$dll" ] || dotnet build src/Firebreak.Server -c Release -v q -clp:ErrorsOnly

dotnet "$dll" --urls=http://127.0.0.1:$port --Firebreak:RegistryFile="$PWD/bench/http/registry.json" \
  --Firebreak:Storage:ConnectionString="$dir/fb.db" --Firebreak:BootstrapOperatorKey=$operator_key \
  --Logging:LogLevel:Default=Warning >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:$port/health >/dev/null && break; sleep 0.2; done

FIREBREAK_AGENT_KEY=$(curl -sf -X POST http://127.0.0.1:$port/api/v1/keys -H "Authorization: Bearer $operator_key" \
  -H 'Content-Type: application/json' -d '{"name":"bench","role":"agent","agentId":"bench"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
export FIREBREAK_AGENT_KEY

echo "# $(date -u +%FT%TZ), $(nproc) cores, commit $(git rev-parse --short HEAD)"
echo "## warm-up (3 s each)"
wrk -t"$threads" -c"$connections" -d3s http://127.0.0.1:$port/health >/dev/null
wrk -t"$threads" -c"$connections" -d3s -s bench/http/record-action.lua http://127.0.0.1:$port/api/v1/actions -- warmup | tail -1
echo "## GET /health, $connections connections, $seconds s; load before: $(uptime)"
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency http://127.0.0.1:$port/health
echo "## POST /api/v1/actions, agent key, $connections connections, $seconds s; load before: $(uptime)"
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s bench/http/record-action.lua http://127.0.0.1:$port/api/v1/actions -- run
echo "## load after: $(uptime)"
echo "## ledger check (every acknowledged action is a verified entry):"
curl -sf "http://127.0.0.1:$port/api/v1/ledger/verify?full=true" -H "Authorization: Bearer $operator_key"
echo
