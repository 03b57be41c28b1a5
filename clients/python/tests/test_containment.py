"""Containment end to end against real processes: a kill from the CLI reaching a call mid-call, a revoked tool,
and a stale lease after the server was killed with SIGKILL."""

from __future__ import annotations

import asyncio
import secrets
import time
from pathlib import Path

import pytest

from conftest import Agent, ServerProcess, register_agent, run_cli
from firebreak import Guard, LeaseState, ToolBlocked


@pytest.mark.parametrize("tool", ["lookup_order", "issue_refund"])
async def test_a_kill_from_the_cli_stops_a_call_mid_call_within_one_confirmation(agent: Agent, tool: str) -> None:
    # Short enough to stay on one row of the CLI's confirmation table, which is 80 columns wide off a terminal.
    point = f"mid-{secrets.token_hex(2)}"
    async with Guard.start(agent.server.url, agent.key, agent.id, point_id=point) as guard:
        started = asyncio.Event()
        finished = []

        async def slow_effect() -> str:
            started.set()
            await asyncio.sleep(60)
            finished.append(True)
            return "done"

        call = asyncio.create_task(guard.call(tool, {"orderId": "o-7", "amount": 40}, slow_effect, idempotency_key="mid-1"))
        await asyncio.wait_for(started.wait(), 30)

        code, output = await run_cli(agent.server.url, "kill", "--agent", agent.id, "--reason", "python mid-call")

        assert code == 0, output
        row = next(line for line in output.splitlines() if point in line)
        assert "yes" in row, output
        assert "1 of 1 enforcement points confirmed epoch" in output, output
        # The call was cancelled before the point acknowledged, so it is over once the CLI reports the confirmation.
        assert call.done()
        with pytest.raises(ToolBlocked) as blocked:
            call.result()
        assert blocked.value.reason == "killed_in_flight"
        assert blocked.value.message.startswith(f"Tool {tool} is blocked: agent {agent.id} is killed by ")
        assert blocked.value.message.endswith("(reason: python mid-call).")
        assert not finished
        await guard.flush()
    recorded = await agent.action("mid-1")
    assert recorded is not None and recorded["outcome"] == "blocked"


async def test_a_revoked_tool_is_blocked_while_the_agents_other_tools_run(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:
        change = await agent.control("killed", "wrong refunds", tools=["issue_refund"])
        ran: list[str] = []

        async def effect(name: str) -> str:
            ran.append(name)
            return name

        with pytest.raises(ToolBlocked) as blocked:
            await guard.call("issue_refund", {"orderId": "o-1", "amount": 5}, lambda: effect("refund"), idempotency_key="rv-1")
        actor = change["change"]["actor"]
        assert blocked.value.message == f"Tool issue_refund is blocked: tool issue_refund is killed by {actor} (reason: wrong refunds)."
        assert await guard.call("lookup_order", {"orderId": "o-1"}, lambda: effect("lookup"), idempotency_key="rv-2") == "lookup"
        assert ran == ["lookup"]
        await guard.flush()
    assert (await agent.action("rv-1"))["outcome"] == "blocked"  # type: ignore[index]


async def test_a_stale_lease_fails_risky_tools_closed_while_reads_run(scratch: Path) -> None:
    server = ServerProcess(scratch, {"Firebreak:Control:LeaseTtl": "00:00:01.500"})
    try:
        agent = register_agent(server, "py-stale")
        async with Guard.start(server.url, agent.key, agent.id, max_backoff=0.5) as guard:
            assert guard.lease_state == LeaseState.FRESH
            server.kill()
            deadline = time.monotonic() + 20
            while guard.lease_state != LeaseState.STALE and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert guard.lease_state == LeaseState.STALE
            ran: list[str] = []

            async def effect(name: str) -> str:
                ran.append(name)
                return name

            assert await guard.call("lookup_order", {"orderId": "o-1"}, lambda: effect("lookup"), idempotency_key="st-read") == "lookup"
            with pytest.raises(ToolBlocked) as blocked:
                await guard.call("issue_refund", {"orderId": "o-1", "amount": 9}, lambda: effect("refund"), idempotency_key="st-refund")
            assert blocked.value.message == (
                "Tool issue_refund is blocked: the Firebreak control plane is unreachable (control lease is stale) "
                "and this tool fails closed."
            )
            assert blocked.value.decision is not None and blocked.value.decision.failed_closed
            assert ran == ["lookup"]

            # Back online: the stream resumes, and the records made while the server was down reach the ledger.
            server.start()
            deadline = time.monotonic() + 30
            while guard.lease_state != LeaseState.FRESH and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert guard.lease_state == LeaseState.FRESH
            await guard.flush(timeout=30)
        assert (await agent.action("st-refund"))["outcome"] == "blocked"  # type: ignore[index]
        assert (await agent.action("st-read"))["outcome"] == "executed"  # type: ignore[index]
    finally:
        server.stop()
