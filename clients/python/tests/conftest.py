"""A real Firebreak server process for the guard's tests, as ``tests/SupportDesk.Tests`` runs one: the built
``Firebreak.Server.dll`` (or ``$FIREBREAK_SERVER_DLL``) on a free port, on SQLite in a temporary directory, with a
bootstrap operator key. Each test registers its own agent, so controls set by one test never reach another."""

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
