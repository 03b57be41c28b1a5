"""The Python example agent end to end: the SupportDesk backend and a Firebreak server with the sample registry as
real processes, the agent as a real process, and ``firebreak kill`` from the CLI while a refund is in flight."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from conftest import REPO, ServerProcess, dll_path, free_port, run_cli

EXAMPLE = REPO / "samples" / "python-agent" / "support_agent.py"


class Backend:
    """The SupportDesk backend as an OS process, seeded with tickets."""

    def __init__(self, directory: Path, tickets: int) -> None:
        dll = dll_path("SUPPORTDESK_BACKEND_DLL", "samples", "SupportDesk", "SupportDesk.Backend", "bin", "Debug", "net10.0", "SupportDesk.Backend.dll")
        self.url = f"http://127.0.0.1:{free_port()}"
        log = open(directory / "backend.log", "ab")
        self._process = subprocess.Popen(
            ["dotnet", str(dll), "--urls", self.url, "--seed-tickets", str(tickets)], stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise TimeoutError("the SupportDesk backend did not start")

    def stop(self) -> None:
        self._process.kill()
        self._process.wait(30)


@pytest.fixture
def desk(scratch: Path) -> Iterator[tuple[Backend, ServerProcess]]:
    backend = Backend(scratch, tickets=3)
    server = ServerProcess(
        scratch,
        {
            "Firebreak:RegistryFile": str(REPO / "samples" / "SupportDesk" / "registry.json"),
            "Firebreak:Compensation:Endpoints:supportdesk": backend.url,
        },
    )
    try:
        yield backend, server
    finally:
        server.stop()
        backend.stop()


async def test_the_example_agent_stops_mid_refund_when_killed_from_the_cli(desk: tuple[Backend, ServerProcess]) -> None:
    backend, server = desk
    with server.operator() as operator:
        key = operator.post("/api/v1/keys", json={"name": "python-example", "role": "agent", "agentId": "support"}).json()["key"]
    agent = await asyncio.create_subprocess_exec(
        sys.executable, "-u", str(EXAMPLE), "--backend", backend.url, "--firebreak", server.url, "--api-key", key,
        "--point-id", "py-example", "--tickets", "3", "--delay-ms", "60000", "--behaviour", "faulty",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    assert agent.stdout is not None
    lines: list[str] = []
    try:
        while not any("issue_refund {" in line for line in lines):
            line = (await asyncio.wait_for(agent.stdout.readline(), 60)).decode()
            assert line, "".join(lines)
            lines.append(line)

        code, output = await run_cli(server.url, "kill", "--agent", "support", "--reason", "refund storm")
        assert code == 0, output
        row = next((row for row in output.splitlines() if "py-example" in row), "")
        assert "yes" in row, output + "".join(lines)

        rest, _ = await asyncio.wait_for(agent.communicate(), 60)
        lines.append(rest.decode())
    finally:
        if agent.returncode is None:
            agent.kill()
    text = "".join(lines)
    assert agent.returncode == 2, text
    assert "firebreak: blocked issue_refund: Tool issue_refund is blocked: agent support is killed by " in text
    assert "killed mid-run" in text
    counters = httpx.get(f"{backend.url}/counters").json()
    assert counters["refunds"] == 0, counters
