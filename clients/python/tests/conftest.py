"""A real Firebreak server process for the guard's tests, as ``tests/SupportDesk.Tests`` runs one: the built
``Firebreak.Server.dll`` (or ``$FIREBREAK_SERVER_DLL``) on a free port, on SQLite in a temporary directory, with a
bootstrap operator key. Each test registers its own agent, so controls set by one test never reach another. The
failover tests run several nodes on one real PostgreSQL cluster (:class:`PostgresCluster`)."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

import httpx
import pytest

REPO = Path(__file__).resolve().parents[3]
OPERATOR_KEY = "fbk_python_tests_operator"

TOOLS = [
    {"name": "lookup_order", "risk": "read"},
    {"name": "issue_refund", "risk": "financial"},
    {"name": "send_email", "risk": "message"},
    {"name": "add_note", "risk": "write"},
]


def dll_path(env: str, *parts: str) -> Path:
    path = Path(os.environ[env]) if os.environ.get(env) else REPO.joinpath(*parts)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: build it first (dotnet build {'/'.join(parts[:2])}) or set {env}.")
    return path


def server_dll() -> Path:
    return dll_path("FIREBREAK_SERVER_DLL", "src", "Firebreak.Server", "bin", "Debug", "net10.0", "Firebreak.Server.dll")


def cli_dll() -> Path:
    return dll_path("FIREBREAK_CLI_DLL", "src", "Firebreak.Cli", "bin", "Debug", "net10.0", "firebreak.dll")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """The server as an OS process that can be killed with SIGKILL and started again on the same port and database."""

    def __init__(self, directory: Path, settings: Optional[dict[str, str]] = None) -> None:
        self.directory = directory
        self.url = f"http://127.0.0.1:{free_port()}"
        self.settings = {
            "Firebreak:BootstrapOperatorKey": OPERATOR_KEY,
            "Firebreak:Storage:Provider": "sqlite",
            "Firebreak:Storage:ConnectionString": str(directory / "firebreak.db"),
            "Firebreak:Playbooks:Automatic": "false",
            "Logging:LogLevel:Default": "Warning",
            **(settings or {}),
        }
        self._process: Optional[subprocess.Popen[bytes]] = None
        self.start()

    def start(self) -> None:
        args = ["dotnet", str(server_dll()), f"--urls={self.url}"] + [f"--{k}={v}" for k, v in self.settings.items()]
        log = open(self.directory / "server.log", "ab")
        self._process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"The server exited with {self._process.returncode}:\n{self.output()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"The server did not become healthy within 60 s:\n{self.output()}")

    def kill(self) -> None:
        """SIGKILL, as a crash would: no shutdown, no goodbye on the streams."""
        assert self._process is not None
        self._process.send_signal(signal.SIGKILL)
        self._process.wait(30)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(30)

    def output(self) -> str:
        return (self.directory / "server.log").read_text(errors="replace")

    def operator(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {OPERATOR_KEY}"}, timeout=30)


class PostgresCluster:
    """A throwaway PostgreSQL cluster in a temporary directory on a free loopback port, as
    ``tests/Firebreak.Server.Tests/Infrastructure/PostgresServer.cs`` starts one from the Debian server binaries."""

    ROOT = Path("/usr/lib/postgresql")
    SUPERUSER = "postgres"
    # PostgreSQL refuses to run as root, so under root (CI containers) the cluster belongs to the account the Debian
    # package creates.
    SERVICE_ACCOUNT = "postgres"

    def __init__(self) -> None:
        self.bin = self._find_bin()
        self.directory = Path(tempfile.mkdtemp(prefix="firebreak-py-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"
        self.port = 0
        self._as_service_account = os.geteuid() == 0
        try:
            if self._as_service_account:
                shutil.chown(self.directory, self.SERVICE_ACCOUNT, self.SERVICE_ACCOUNT)
            # C collation sorts the same on every machine; --no-sync because the cluster is thrown away.
            self._run("initdb", "-D", str(self.data), "-U", self.SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C",
                      "--no-sync", "--no-instructions")
            with open(self.data / "postgresql.conf", "a") as conf:
                # Sockets stay in the temporary directory so parallel clusters never share a lock file in /tmp.
                conf.write(f"listen_addresses = '127.0.0.1'\nunix_socket_directories = '{self.directory}'\n")
            self._start()
        except BaseException:
            self.stop()
            raise

    def create_database(self, name: str) -> str:
        """Creates an empty database and returns its connection string (Npgsql's form, for the server)."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.SUPERUSER, name)
        return f"Host=127.0.0.1;Port={self.port};Username={self.SUPERUSER};Database={name}"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", "-t", "180")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    def _start(self) -> None:
        # The free port is only free until someone else binds it, so a clash retries on another.
        for attempt in range(5):
            self.port = free_port()
            self.log.unlink(missing_ok=True)
            try:
                # -l keeps the postmaster off our pipes: reading them would never finish.
                self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "180",
                          "-o", f"-p {self.port}")
                return
            except RuntimeError:
                log = self.log.read_text(errors="replace") if self.log.exists() else ""
                if attempt == 4 or "Address already in use" not in log:
                    raise

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self._as_service_account:
            command = ["runuser", "-u", self.SERVICE_ACCOUNT, "--", *command]
        # The service account may not be able to enter the tests' working directory (under /root); initdb rejects
        # locales that are configured but not generated, common in containers.
        done = subprocess.run(command, cwd=self.directory, env={**os.environ, "LC_ALL": "C"}, capture_output=True,
                              timeout=180)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"`{' '.join(command)}` exited with {done.returncode}:\n{done.stderr.decode(errors='replace')}"
                               f"{done.stdout.decode(errors='replace')}\nserver log:\n{log}")

    @classmethod
    def _find_bin(cls) -> Path:
        candidates = sorted(
            (d for d in cls.ROOT.glob("*") if d.name.replace(".", "").isdigit() and (d / "bin" / "initdb").is_file()),
            key=lambda d: [int(part) for part in d.name.split(".")],
        ) if cls.ROOT.is_dir() else []
        if not candidates:
            raise FileNotFoundError(
                f"PostgreSQL server binaries were not found in {cls.ROOT}/<version>/bin: apt-get install postgresql."
            )
        return candidates[-1] / "bin"


@dataclass
class Agent:
    """An agent registered for one test, with its own agent key."""

    id: str
    key: str
    server: ServerProcess

    def operator(self) -> httpx.Client:
        return self.server.operator()

    def agent_client(self) -> httpx.Client:
        return httpx.Client(base_url=self.server.url, headers={"Authorization": f"Bearer {self.key}"}, timeout=30)

    def operator_async(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.server.url, headers={"Authorization": f"Bearer {OPERATOR_KEY}"}, timeout=30
        )

    async def control(self, mode: str, reason: str, **target: Any) -> dict[str, Any]:
        """Sets ``mode`` through the API as an operator (``tools=[...]`` for a tool scope, else the agent) and
        returns the change with its confirmations. Async, so the guard on the same loop can acknowledge it."""
        body: dict[str, Any] = {"mode": mode, "reason": reason, "agentId": self.id}
        body["target"] = "tools" if "tools" in target else "agent"
        body.update(target)
        async with self.operator_async() as operator:
            response = await operator.post("/api/v1/control/changes", json=body)
            assert response.status_code == 200, response.text
            return dict(response.json())

    async def actions(self) -> list[dict[str, Any]]:
        async with self.operator_async() as operator:
            response = await operator.get("/api/v1/actions", params={"agent": self.id, "limit": "200"})
            assert response.status_code == 200, response.text
            return list(response.json())

    async def action(self, key: str) -> Optional[dict[str, Any]]:
        return next((a for a in await self.actions() if a["idempotencyKey"] == key), None)


async def run_cli(server_url: str, *args: str) -> tuple[int, str]:
    """Runs the ``firebreak`` CLI as an operator; returns its exit code and output."""
    process = await asyncio.create_subprocess_exec(
        "dotnet",
        str(cli_dll()),
        *args,
        "--server",
        server_url,
        "--api-key",
        OPERATOR_KEY,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode(errors="replace")


_ids = itertools.count(1)


def register_agent(server: ServerProcess, agent_id: str, **definition: Any) -> Agent:
    with server.operator() as operator:
        body = {"id": agent_id, "owner": "python-tests", "description": "Python client tests", "tools": TOOLS, **definition}
        response = operator.put(f"/api/v1/agents/{agent_id}", json=body)
        assert response.status_code in (200, 201), response.text
        response = operator.post("/api/v1/keys", json={"name": f"{agent_id}-key", "role": "agent", "agentId": agent_id})
        assert response.status_code == 201, response.text
        return Agent(agent_id, response.json()["key"], server)


@pytest.fixture(scope="session")
def server() -> Iterator[ServerProcess]:
    directory = Path(tempfile.mkdtemp(prefix="firebreak-py-"))
    process = ServerProcess(directory)
    try:
        yield process
    finally:
        process.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def agent(server: ServerProcess, request: pytest.FixtureRequest) -> Agent:
    """A fresh agent (``lookup_order`` read, ``issue_refund`` financial, ``send_email`` message, ``add_note`` write)."""
    return register_agent(server, f"py-{next(_ids)}-{os.getpid() % 10000}")


@pytest.fixture
def scratch() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="firebreak-py-"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)
