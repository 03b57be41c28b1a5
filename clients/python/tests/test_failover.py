"""Failover against real processes: two Firebreak nodes on one real PostgreSQL cluster, a guard given both addresses,
and the node it follows killed with SIGKILL."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import httpx
import pytest

from conftest import OPERATOR_KEY, Agent, PostgresCluster, ServerProcess, register_agent
from firebreak import Guard, GuardVerdict, LeaseState


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def nodes(postgres: PostgresCluster) -> Iterator[list[ServerProcess]]:
    """Two nodes of one cluster: a database of their own, each with its own directory for its log."""
    settings = {
        "Firebreak:Storage:Provider": "postgres",
        "Firebreak:Storage:ConnectionString": postgres.create_database(f"failover_{os.getpid()}_{time.monotonic_ns()}"),
    }
    directories = [Path(tempfile.mkdtemp(prefix="firebreak-py-node-")) for _ in range(2)]
    started: list[ServerProcess] = []
    try:
        for directory in directories:
            started.append(ServerProcess(directory, settings))
        yield started
    finally:
        for node in started:
            node.stop()
        for directory in directories:
            shutil.rmtree(directory, ignore_errors=True)


async def points_of(node: ServerProcess, agent_id: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=node.url, headers={"Authorization": f"Bearer {OPERATOR_KEY}"}, timeout=30) as operator:
        response = await operator.get("/api/v1/enforcement-points")
        assert response.status_code == 200, response.text
        return [p for p in response.json() if p.get("agentId") == agent_id]


async def eventually(condition: Callable[[], Any], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not await condition():
        assert time.monotonic() < deadline, f"not within {seconds:g} s"
        await asyncio.sleep(0.05)


async def test_when_its_node_is_killed_the_guard_moves_to_the_other_within_its_lease_keeping_its_point_id(
    nodes: list[ServerProcess],
) -> None:
    first, second = nodes
    on_first = register_agent(first, f"py-failover-{os.getpid() % 10000}")
    on_second = Agent(on_first.id, on_first.key, second)
    point = f"{on_first.id}-moving"
    async with Guard.start([first.url, second.url], on_first.key, on_first.id, point_id=point) as guard:
        assert guard.server_url == first.url
        before = await points_of(second, guard.agent_id)
        assert [(p["pointId"], p["connected"]) for p in before] == [(point, True)], before
        epoch = guard.epoch

        stale: list[float] = []

        async def watch_lease() -> None:
            while True:
                if guard.lease_state == LeaseState.STALE:
                    stale.append(time.monotonic())
                await asyncio.sleep(0.05)

        watcher = asyncio.create_task(watch_lease())
        first.kill()
        killed = time.monotonic()

        async def moved() -> bool:
            points = await points_of(second, guard.agent_id)
            return guard.server_url == second.url and [
                (p["pointId"], p["connected"], p["node"] != before[0]["node"]) for p in points
            ] == [(point, True, True)]

        await eventually(moved)
        watcher.cancel()
        moved_after = time.monotonic() - killed
        assert not stale, f"the lease went stale {stale[0] - killed:.2f} s after the kill; moved after {moved_after:.2f} s"
        assert guard.point_id == point
        assert guard.epoch is not None and epoch is not None and guard.epoch >= epoch

        change = await on_second.control("killed", "python failover drill", tools=["send_email"])

        assert [(c["pointId"], c["confirmed"]) for c in change["confirmations"]] == [(point, True)], change
        assert guard.epoch == change["epoch"]
        assert guard.decide("send_email").verdict == GuardVerdict.BLOCK

        async def refund() -> str:
            return "refunded"

        assert await guard.call("issue_refund", {"orderId": "o-9", "amount": 12}, refund, idempotency_key="moved-1") == "refunded"
        await guard.flush()

    recorded = await on_second.action("moved-1")
    assert recorded is not None and recorded["outcome"] == "executed", recorded


def test_server_urls_that_are_not_absolute_are_refused() -> None:
    with pytest.raises(ValueError, match="absolute"):
        Guard(["http://127.0.0.1:5080", "/relative"], "fbk_key", "support")
    with pytest.raises(ValueError, match="at least one"):
        Guard([], "fbk_key", "support")
