"""The calls the guard leaves to the server (``POST /api/v1/decisions``): approvals bound to their arguments, shadow
mode, and bad input."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from conftest import Agent, register_agent
from firebreak import FirebreakApiError, Guard, ToolBlocked, ToolDenied


async def _pending_approval(agent: Agent, key: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    async with agent.operator_async() as operator:
        while time.monotonic() < deadline:
            response = await operator.get("/api/v1/approvals", params={"status": "pending", "agent": agent.id})
            found = [a for a in response.json() if a["idempotencyKey"] == key]
            if found:
                return dict(found[0])
            await asyncio.sleep(0.1)
    raise AssertionError(f"no pending approval for {key}")


async def _decide(agent: Agent, approval_id: str, verdict: str) -> None:
    async with agent.operator_async() as operator:
        response = await operator.post(f"/api/v1/approvals/{approval_id}/{verdict}", json={"reason": "checked"})
        assert response.status_code == 200, response.text


async def test_an_approved_call_runs_once_with_its_arguments_and_other_arguments_are_refused(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id, approval_timeout=30) as guard:
        await agent.control("approval", "refund anomaly")
        refunds: list[dict[str, Any]] = []

        async def refund(arguments: dict[str, Any]) -> dict[str, Any]:
            refunds.append(arguments)
            return {"refunded": arguments["amount"]}

        arguments = {"orderId": "o-1", "amount": 40}
        call = asyncio.create_task(guard.call("issue_refund", arguments, lambda: refund(arguments), idempotency_key="ap-1"))
        approval = await _pending_approval(agent, "ap-1")
        assert approval["tool"] == "issue_refund" and approval["arguments"] == arguments
        assert not refunds
        await _decide(agent, approval["id"], "approve")

        assert await asyncio.wait_for(call, 30) == {"refunded": 40}
        assert refunds == [arguments]

        # The approved key already ran: the same arguments do not run again, other arguments are refused.
        with pytest.raises(ToolBlocked):
            await guard.call("issue_refund", arguments, lambda: refund(arguments), idempotency_key="ap-1")
        changed = {"orderId": "o-1", "amount": 400}
        with pytest.raises(ToolBlocked):
            await guard.call("issue_refund", changed, lambda: refund(changed), idempotency_key="ap-1")
        assert refunds == [arguments]
        await guard.flush()
    assert (await agent.action("ap-1"))["outcome"] == "executed"  # type: ignore[index]


async def test_a_denied_approval_raises_tool_denied_and_nothing_runs(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id, approval_timeout=30) as guard:
        await agent.control("approval", "refund anomaly")
        ran: list[bool] = []

        async def refund() -> str:
            ran.append(True)
            return "refunded"

        call = asyncio.create_task(guard.call("issue_refund", {"orderId": "o-2", "amount": 900}, refund, idempotency_key="ap-2"))
        await _decide(agent, (await _pending_approval(agent, "ap-2"))["id"], "deny")
        with pytest.raises(ToolDenied):
            await asyncio.wait_for(call, 30)
        assert not ran


async def test_a_call_no_human_approves_in_time_is_denied(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id, approval_timeout=1.5) as guard:
        await agent.control("approval", "refund anomaly")
        ran: list[bool] = []

        async def refund() -> str:
            ran.append(True)
            return "refunded"

        with pytest.raises(ToolDenied) as denied:
            await guard.call("issue_refund", {"orderId": "o-5", "amount": 7}, refund, idempotency_key="ap-3")
        assert denied.value.reason == "approval_denied" and "no human approved" in denied.value.message
        assert not ran


async def test_shadow_mode_returns_a_simulated_result_and_runs_nothing(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:
        await agent.control("shadow", "bad release")
        ran: list[bool] = []

        async def refund() -> str:
            ran.append(True)
            return "refunded"

        result = await guard.call("issue_refund", {"orderId": "o-3", "amount": 12}, refund, idempotency_key="sh-1")
        assert result is not None and not ran
        # Reads still run in shadow mode, so the run's would-be actions are realistic.
        assert await guard.call("lookup_order", {"orderId": "o-3"}, lambda: _value("shipped")) == "shipped"
        await guard.flush()
    assert (await agent.action("sh-1"))["outcome"] == "shadowed"  # type: ignore[index]


async def test_a_risky_call_is_recorded_pending_before_it_runs_and_completed_after(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:
        seen: list[str] = []

        async def refund() -> str:
            seen.append((await agent.action("rk-1") or {}).get("outcome", "absent"))
            return "refunded"

        assert await guard.call("issue_refund", {"orderId": "o-4", "amount": 3}, refund, idempotency_key="rk-1") == "refunded"
        await guard.flush()
        assert seen == ["pending"]
        # A call runs at most once: the key is taken.
        with pytest.raises(ToolBlocked) as replay:
            await guard.call("issue_refund", {"orderId": "o-4", "amount": 3}, refund, idempotency_key="rk-1")
        assert replay.value.reason == "replay" and seen == ["pending"]
    assert (await agent.action("rk-1"))["outcome"] == "executed"  # type: ignore[index]


async def test_a_malformed_decision_request_gets_problem_details_naming_the_field(agent: Agent) -> None:
    async with httpx.AsyncClient(base_url=agent.server.url, headers={"Authorization": f"Bearer {agent.key}"}) as client:
        missing = await client.post("/api/v1/decisions", json={"agentId": agent.id, "arguments": {}, "idempotencyKey": "bad-1"})
        assert missing.status_code == 400
        assert missing.headers["content-type"].startswith("application/problem+json")
        assert "'tool'" in missing.json()["detail"]
        body = {"agentId": agent.id, "tool": "", "arguments": {}, "idempotencyKey": "bad-1"}
        empty = await client.post("/api/v1/decisions", json=body)
        assert empty.status_code == 400 and "tool" in empty.json()["errors"]
        garbage = await client.post("/api/v1/decisions", content=b"{not json", headers={"Content-Type": "application/json"})
        assert garbage.status_code == 400
        assert garbage.headers["content-type"].startswith("application/problem+json")
    assert await agent.action("bad-1") is None


async def test_another_agents_key_is_refused(agent: Agent, server: Any) -> None:

    other = register_agent(server, f"{agent.id}-other")
    async with httpx.AsyncClient(base_url=agent.server.url, headers={"Authorization": f"Bearer {agent.key}"}) as client:
        body = {"agentId": other.id, "tool": "issue_refund", "arguments": {"amount": 1}, "idempotencyKey": "x-1"}
        response = await client.post("/api/v1/decisions", json=body)
        assert response.status_code == 403
    with pytest.raises(FirebreakApiError) as refused:
        await Guard.start(agent.server.url, agent.key, other.id)
    assert refused.value.status == 403
    assert await other.action("x-1") is None


async def _value(value: Any) -> Any:
    return value
