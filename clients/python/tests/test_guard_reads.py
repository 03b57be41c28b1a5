"""The guard against a real server: the stream, acknowledgements and the local path of read tools."""

from __future__ import annotations

import asyncio

import pytest

from conftest import Agent, free_port
from firebreak import Guard, LeaseState, ToolBlocked


async def test_guard_follows_the_stream_and_acknowledges_each_snapshot(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:
        assert guard.point_id.startswith(f"{agent.id}-") and len(guard.point_id) == len(agent.id) + 9
        assert guard.lease_state == LeaseState.FRESH
        change = await agent.control("approval", "watching refunds", tools=["issue_refund"])
        assert [c["pointId"] for c in change["confirmations"] if c["confirmed"]] == [guard.point_id]
        assert guard.epoch == change["epoch"]
        async with agent.operator_async() as operator:
            points = (await operator.get("/api/v1/enforcement-points")).json()
        point = next(p for p in points if p["pointId"] == guard.point_id)
        assert point["appliedEpoch"] == change["epoch"] and point["leaseState"] == "fresh"


async def test_a_read_tool_runs_locally_and_is_recorded_after(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:
        result = await guard.call(
            "lookup_order", {"orderId": "o-1"}, lambda: _value({"status": "shipped"}), idempotency_key="read-1"
        )
        assert result == {"status": "shipped"}
        await guard.flush()
    recorded = await agent.action("read-1")
    assert recorded is not None and recorded["outcome"] == "executed" and recorded["result"] == {"status": "shipped"}


async def test_a_failing_read_is_recorded_failed_and_raises_its_own_error(agent: Agent) -> None:
    async def broken() -> None:
        raise LookupError("no such order")

    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:
        with pytest.raises(LookupError):
            await guard.call("lookup_order", {"orderId": "o-404"}, broken, idempotency_key="read-failed")
        await guard.flush()
    assert (await agent.action("read-failed"))["outcome"] == "failed"  # type: ignore[index]


async def test_a_killed_agent_is_blocked_locally_with_the_kills_message_and_recorded_blocked(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:
        change = await agent.control("killed", "refund storm")
        ran: list[bool] = []

        async def lookup() -> str:
            ran.append(True)
            return "shipped"

        with pytest.raises(ToolBlocked) as blocked:
            await guard.call("lookup_order", {"orderId": "o-1"}, lookup, idempotency_key="k-1")
        assert not ran
        actor = change["change"]["actor"]
        assert str(blocked.value) == f"Tool lookup_order is blocked: agent {agent.id} is killed by {actor} (reason: refund storm)."
        assert guard.is_killed
        await guard.flush()
    assert (await agent.action("k-1"))["outcome"] == "blocked"  # type: ignore[index]


async def _value(value: object) -> object:
    await asyncio.sleep(0)
    return value


async def test_a_guard_that_gets_no_snapshot_in_time_fails_to_start() -> None:
    with pytest.raises(TimeoutError):
        await Guard.start(f"http://127.0.0.1:{free_port()}", "fbk_nobody", "nobody", start_timeout=1)
