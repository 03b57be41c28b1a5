#!/usr/bin/env bash
# The project's single test command, for developers and CI alike: installs what the tests need,
# runs every test project, and prints "N passed, N failed, N skipped" as the last line of output.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

solution="Firebreak.slnx"
results_dir="$repo_root/artifacts/test-results"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  else
    sudo "$@"
  fi
}

apt_updated=false
# Quiet on success: apt's progress goes to /dev/null, its errors stay on stderr.
apt_install() {
  if [[ $apt_updated == false ]]; then
    as_root apt-get update -qq >/dev/null
    apt_updated=true
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Server tests start their own cluster from the Debian binaries (see PostgresServer.cs).
ensure_postgres() {
  if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    return
  fi
  echo "test.sh: installing PostgreSQL (apt-get install postgresql)"
  apt_install postgresql
}

# The MCP gateway's interop tests run real npm MCP servers and a Node MCP client, pinned by their lock file.
ensure_mcp_server_packages() {
  if ! command -v npm >/dev/null; then
    echo "test.sh: installing Node.js (apt-get install nodejs npm)"
    apt_install nodejs npm
  fi
  npm ci --prefix "$repo_root/tests/Firebreak.Mcp.Tests/mcp-servers" --no-audit --no-fund --loglevel=error >/dev/null
}

# The console tests drive the system Chromium (Playwright's own browser download is not used, see ConsoleBrowser.cs).
ensure_browser() {
  if [[ -x /usr/bin/chromium ]]; then
    return
  fi
  echo "test.sh: installing Chromium (apt-get install chromium)"
  apt_install chromium
}

# The Python client's suite runs on Debian's Python with Debian's pytest and httpx (no package index is needed), in a
# virtual environment that sees them and holds the client installed from its source.
ensure_python_client_packages() {
  if /usr/bin/python3 -c 'import ensurepip, httpx, pytest, pytest_asyncio, setuptools, wheel' 2>/dev/null; then
    return
  fi
  echo "test.sh: installing Python test packages (apt-get install python3-venv python3-pytest python3-pytest-asyncio python3-httpx)"
  apt_install python3-venv python3-pytest python3-pytest-asyncio python3-httpx python3-setuptools python3-wheel
}

# Prints "passed failed skipped files" summed over the TRX files given as arguments.
# A skipped test counts in total but not in executed; error, timeout and aborted are failures.
sum_trx_counters() {
  grep -ho '<Counters [^>]*>' "$@" | awk '
    {
      delete c
      for (i = 2; i <= NF; i++) {
        split($i, kv, "=")
        gsub(/[^0-9]/, "", kv[2])
        c[kv[1]] = kv[2] + 0
      }
      passed += c["passed"]
      failed += c["failed"] + c["error"] + c["timeout"] + c["aborted"]
      skipped += c["total"] - c["executed"]
      files++
    }
    END { printf "%d %d %d %d\n", passed, failed, skipped, files }'
}

# Prints "passed failed skipped files" summed over the JUnit XML files given as arguments (the client suites):
# a test case with a <failure> or <error> failed, one with <skipped> was skipped.
sum_junit_counters() {
  python3 - "$@" <<'PY'
import sys
import xml.etree.ElementTree as ElementTree

passed = failed = skipped = 0
for path in sys.argv[1:]:
    for case in ElementTree.parse(path).iter("testcase"):
        tags = {child.tag for child in case}
        if tags & {"failure", "error"}:
            failed += 1
        elif "skipped" in tags:
            skipped += 1
        else:
            passed += 1
print(passed, failed, skipped, len(sys.argv) - 1)
PY
}

# The TypeScript client's suite runs against the server and CLI the dotnet run above built (Debug), pinned by its lock file.
run_python_client_tests() {
  local venv="$repo_root/artifacts/python-venv"
  rm -rf "$venv"
  /usr/bin/python3 -m venv --system-site-packages "$venv" \
    && "$venv/bin/pip" install --quiet --no-deps --no-build-isolation --no-index "$repo_root/clients/python" \
    && timeout --kill-after=30s 15m "$venv/bin/python" -m pytest -q -p no:cacheprovider "$repo_root/clients/python/tests" \
      --junitxml="$results_dir/python-junit.xml"
}

run_typescript_client_tests() {
  local client="$repo_root/clients/typescript"
  npm ci --prefix "$client" --no-audit --no-fund --loglevel=error >/dev/null \
    && npm run --prefix "$client" --silent build \
    && npm run --prefix "$client" --silent build:test \
    && (cd "$client" && timeout --kill-after=30s 15m node --test --test-concurrency=1 \
      --test-reporter=junit --test-reporter-destination="$results_dir/typescript-junit.xml" \
      --test-reporter=dot --test-reporter-destination=stdout build/tests/)
}

if ! command -v dotnet >/dev/null; then
  echo "test.sh: the .NET SDK (see global.json) is required: https://dot.net/download" >&2
  exit 1
fi

ensure_postgres
ensure_mcp_server_packages
ensure_browser
ensure_python_client_packages

rm -rf "$results_dir"
mkdir -p "$results_dir"

# A hung test must fail the run, not eat the CI budget: the blame collector dumps and kills a test host that
# runs one test for longer than the hang timeout, and the outer timeout bounds the whole run.
dotnet_status=0
timeout --kill-after=1m 75m dotnet test "$solution" \
  --logger trx \
  --logger "console;verbosity=minimal" \
  --results-directory "$results_dir" \
  --blame-hang-timeout 5m \
  --blame-hang-dump-type none \
  || dotnet_status=$?

client_status=0
run_python_client_tests || client_status=$?
run_typescript_client_tests || client_status=$?

shopt -s nullglob
trx_files=("$results_dir"/*.trx)
shopt -u nullglob

passed=0 failed=0 skipped=0 trx_count=0
if ((${#trx_files[@]} > 0)); then
  read -r passed failed skipped trx_count < <(sum_trx_counters "${trx_files[@]}")
fi

# Every test project writes one TRX file; fewer means a project never ran or a file was lost.
expected_trx=$(grep -Ec '<Project Path="[^"]*Tests\.csproj"' "$solution" || true)

client_suites=(python typescript)
junit_files=()
for suite in "${client_suites[@]}"; do
  [[ -f "$results_dir/$suite-junit.xml" ]] && junit_files+=("$results_dir/$suite-junit.xml")
done
if ((${#junit_files[@]} > 0)); then
  read -r client_passed client_failed client_skipped _ < <(sum_junit_counters "${junit_files[@]}")
  passed=$((passed + client_passed)) failed=$((failed + client_failed)) skipped=$((skipped + client_skipped))
fi

status=0
if ((dotnet_status != 0)); then
  echo "test.sh: dotnet test exited with code $dotnet_status" >&2
  status=1
fi
if ((trx_count != expected_trx)); then
  echo "test.sh: expected $expected_trx TRX files (one per test project), found $trx_count in $results_dir" >&2
  status=1
fi
if ((client_status != 0)); then
  echo "test.sh: a client suite exited with code $client_status" >&2
  status=1
fi
if ((${#junit_files[@]} != ${#client_suites[@]})); then
  echo "test.sh: expected ${#client_suites[@]} client JUnit files (${client_suites[*]}), found ${#junit_files[@]} in $results_dir" >&2
  status=1
fi
if ((failed > 0)); then
  echo "test.sh: $failed test(s) failed" >&2
  status=1
fi
if ((passed + failed == 0)); then
  echo "test.sh: no tests ran" >&2
  status=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
