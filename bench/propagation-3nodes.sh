#!/usr/bin/env bash
# Control propagation to many enforcement points (issue 17): the propagation harness against
#   sqlite    one Firebreak node on SQLite (the one-node figure, measured in the same session as a peer),
#   pg1       one Firebreak node on PostgreSQL (what PostgreSQL costs without a second node),
#   pg3       three Firebreak nodes on one PostgreSQL, the points spread round-robin, every change issued through node 1,
#   pg3-each  the same three nodes, change i issued through node i mod 3.
# PostgreSQL 15 is a throw-away cluster in a temp directory on loopback (default settings but max_connections, since
# each node's pool may open up to 100 connections); the servers are Release builds with MaxStreamsPerKey raised, since
# the harness registers every point with one key.
# Usage: bench/propagation-3nodes.sh [points] [processes] [changes] [runs...]   (default: 1000 2 100 sqlite pg3 pg3-each)
set -euo pipefail
cd "$(dirname "$0")/.."
points=${1:-1000}
processes=${2:-2}
changes=${3:-100}
shift $(( $# < 3 ? $# : 3 ))
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(sqlite pg3 pg3-each)
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
pg_port=${PG_PORT:-55441}
operator_key=fbk_bench_propagation
server_dll=src/Firebreak.Server/bin/Release/net10.0/Firebreak.Server.dll
bench_dll=bench/Firebreak.Benchmarks/bin/Release/net10.0/Firebreak.Benchmarks.dll
[ -f "$server_dll" ] && [ -f "$bench_dll" ] || dotnet build bench/Firebreak.Benchmarks -c Release -v q -clp:ErrorsOnly

dir=$(mktemp -d /tmp/firebreak-propagation.XXXXXX)
servers=()
pg_started=
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -z "$pg_started" ] || as_postgres "$pg_bin/pg_ctl" stop -D "$dir/pg" -m immediate -w >/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: under root the cluster belongs to the account the Debian package creates.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  [ -n "$pg_started" ] && return
  [ "$(id -u)" != 0 ] || chown postgres: "$dir"
  as_postgres "$pg_bin/initdb" -D "$dir/pg" -U postgres -A trust -E UTF8 --locale=C --no-instructions >/dev/null
  printf "listen_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nmax_connections = 400\n" "$dir" >>"$dir/pg/postgresql.conf"
  as_postgres "$pg_bin/pg_ctl" start -D "$dir/pg" -l "$dir/pg.log" -w -o "-p $pg_port" >/dev/null
  pg_started=1
}

# Starts a node on the given port with the given storage arguments; appends its pid to servers.
start_node() {
  local port=$1; shift
  dotnet "$server_dll" --contentRoot "$PWD/src/Firebreak.Server" --urls=http://127.0.0.1:"$port" \
    --Firebreak:RegistryFile="$PWD/samples/SupportDesk/registry.json" --Firebreak:BootstrapOperatorKey=$operator_key \
    --Firebreak:Control:MaxStreamsPerKey=2000 "$@" >"$dir/node-$port.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 1 300); do curl -sf http://127.0.0.1:"$port"/health >/dev/null && return; sleep 0.2; done
  echo "node on port $port did not start; its log:" >&2; cat "$dir/node-$port.log" >&2; exit 1
}

stop_nodes() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  servers=()
}

# Starts $1 nodes on a fresh database of the cluster (or on SQLite when $1 is sqlite); sets urls and pids.
start_cluster() {
  local kind=$1 count=$2 database=$3 urls_list=() i
  if [ "$kind" = sqlite ]; then
    start_node 5190 --Firebreak:Storage:ConnectionString="$dir/$database.db"
    urls_list=(http://127.0.0.1:5190)
  else
    start_postgres
    as_postgres "$pg_bin/psql" -h "$dir" -p "$pg_port" -U postgres -qc "CREATE DATABASE $database" postgres
    for i in $(seq 1 "$count"); do
      start_node $((5190 + i)) --Firebreak:Storage:Provider=postgres \
        --Firebreak:Storage:ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database"
      urls_list+=(http://127.0.0.1:$((5190 + i)))
    done
  fi
  urls=$(IFS=,; echo "${urls_list[*]}")
  pids=$(IFS=,; echo "${servers[*]}")
}

measure() {
  local label=$1; shift
  echo "## $label: $points points in $processes processes, $changes changes; load before: $(uptime)"
  dotnet "$bench_dll" propagation "$urls" $operator_key "$points" "$processes" "$changes" --server-pid "$pids" "$@" || echo "(exit code $?: some point-changes unconfirmed)"
  echo "load after: $(uptime)"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo ' + uncommitted changes')"
}

for run in "${runs[@]}"; do
  case $run in
    sqlite) start_cluster sqlite 1 one_node; measure "one node, SQLite" ;;
    pg1) start_cluster postgres 1 pg_one_node; measure "one node, PostgreSQL" ;;
    pg3) start_cluster postgres 3 pg_three_nodes; measure "three nodes, one PostgreSQL, issued through node 1" --issue-through first ;;
    pg3-each) start_cluster postgres 3 pg_three_nodes_each; measure "three nodes, one PostgreSQL, issued through each node in turn" --issue-through each ;;
    *) echo "unknown run '$run' (sqlite, pg1, pg3, pg3-each)" >&2; exit 2 ;;
  esac
  stop_nodes
done
