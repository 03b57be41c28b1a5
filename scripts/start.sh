#!/usr/bin/env bash
# Brings up the demo with one command: the SupportDesk backend (seeded with tickets) in the background and Firebreak
# in the foreground, on its embedded default (one SQLite file under .data/, the SupportDesk registry loaded).
# Once the server is healthy it prints how to run the guarded agent against both. Ctrl-C stops everything.
#
# Keys: the operator key is generated once into .data/operator.key (mode 600) and handed to the server as its
# bootstrap key, so it survives restarts instead of being printed once and lost. The agent gets its own agent-scoped
# key (.data/agent.key), created through the API: an agent key can act and follow controls but never change them,
# so the agent cannot lift its own kill switch, which the operator key would let it do.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$repo_root/.data"
firebreak_url="${FIREBREAK_URL:-http://127.0.0.1:5080}"
backend_url="${SUPPORTDESK_URL:-http://127.0.0.1:5081}"
seed_tickets="${SEED_TICKETS:-200}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
mkdir -p "$data"

operator_key_file="$data/operator.key"
if [[ ! -s "$operator_key_file" ]]; then
  (umask 077 && printf 'fbk_%s\n' "$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')" >"$operator_key_file")
fi
chmod 600 "$operator_key_file"
operator_key="$(<"$operator_key_file")"

# Built once up front: two concurrent `dotnet run` builds of one solution race on shared outputs.
dotnet build "$repo_root/src/Firebreak.Server" -c Release
dotnet build "$repo_root/samples/SupportDesk/SupportDesk.Agent" -c Release
dotnet build "$repo_root/samples/SupportDesk/SupportDesk.Backend" -c Release

children=()
stop_children() {
  for pid in "${children[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
# INT and TERM only exit: the exit runs the EXIT trap, which stops the children once, whatever ended the script.
trap 'exit 130' INT
trap 'exit 143' TERM
trap stop_children EXIT

# The built apps are run directly rather than through `dotnet run`, so the pids below are the apps themselves and the
# trap's kill reaches them.
dotnet "$repo_root/samples/SupportDesk/SupportDesk.Backend/bin/Release/net10.0/SupportDesk.Backend.dll" \
  --contentRoot "$repo_root/samples/SupportDesk/SupportDesk.Backend" --urls "$backend_url" --seed-tickets "$seed_tickets" &
children+=("$!")

announce() {
  until curl -fsS "$firebreak_url/health" >/dev/null 2>&1; do sleep 0.5; done
  local agent_key_file="$data/agent.key"
  # A key from an earlier start is reused while the server still accepts it (the database may have been reset).
  if [[ ! -s "$agent_key_file" ]] || ! curl -fsS -H "Authorization: Bearer $(<"$agent_key_file")" \
      "$firebreak_url/api/v1/control/snapshot?agent=support" >/dev/null 2>&1; then
    (umask 077 && curl -fsS -X POST "$firebreak_url/api/v1/keys" \
      -H "Authorization: Bearer $operator_key" -H 'Content-Type: application/json' \
      -d '{"name":"supportdesk-demo","role":"agent","agentId":"support"}' | sed -n 's/.*"key":"\([^"]*\)".*/\1/p' >"$agent_key_file")
  fi
  cat <<MSG

  Firebreak:  $firebreak_url   operator key: $operator_key   (also in $operator_key_file)
  SupportDesk backend: $backend_url   ($seed_tickets tickets seeded; curl $backend_url/counters)

  Run the agent under its guard (agent key in $agent_key_file):
    FIREBREAK_API_KEY=\$(cat $agent_key_file) dotnet run --project samples/SupportDesk/SupportDesk.Agent -c Release --no-build -- \\
      --backend $backend_url --firebreak $firebreak_url --behaviour faulty process --tickets $seed_tickets --delay-ms 1000

  Kill it:
    curl -X POST $firebreak_url/api/v1/control/changes -H "Authorization: Bearer $operator_key" -H 'Content-Type: application/json' \\
      -d '{"target":"agent","agentId":"support","mode":"killed","reason":"goodwill refunds on every ticket"}'

MSG
}
announce &
children+=("$!")

# The server's output is the terminal's, and the script lives as long as it does. It runs as a child the script waits
# for, not exec'd and not a plain foreground command, because bash runs a trap only once its foreground command ends:
# waiting lets Ctrl-C or a TERM stop the server and the backend at once. The operator key goes in through the
# environment rather than the command line, where any local user could read it with ps.
Firebreak__BootstrapOperatorKey="$operator_key" \
  dotnet "$repo_root/src/Firebreak.Server/bin/Release/net10.0/Firebreak.Server.dll" \
  --contentRoot "$repo_root/src/Firebreak.Server" \
  --urls "$firebreak_url" \
  --Firebreak:RegistryFile="$repo_root/samples/SupportDesk/registry.json" \
  --Firebreak:Storage:Provider=sqlite \
  --Firebreak:Storage:ConnectionString="$data/firebreak.db" \
  --Firebreak:Compensation:Endpoints:supportdesk="$backend_url" \
  "$@" &
children+=("$!")
wait "$!"
