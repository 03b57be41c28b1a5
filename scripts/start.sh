#!/usr/bin/env bash
# Starts Firebreak on its embedded default: one SQLite file under .data/, the SupportDesk sample registry loaded,
# listening on http://127.0.0.1:5080. The first start prints an operator API key once.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
mkdir -p "$repo_root/.data"

exec dotnet run --project "$repo_root/src/Firebreak.Server" -c Release -- \
  --Firebreak:RegistryFile="$repo_root/samples/SupportDesk/registry.json" \
  --Firebreak:Storage:Provider=sqlite \
  --Firebreak:Storage:ConnectionString="$repo_root/.data/firebreak.db" \
  "$@"
