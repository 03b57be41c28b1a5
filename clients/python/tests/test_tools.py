"""``@guard.tool``, runs, and the framework adapters (with duck-typed tools where the framework is absent)."""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

import pytest

from conftest import Agent, register_agent
from firebreak import Guard, ToolBlocked, current_run_id
from firebreak.adapters import guard_function_tool
from firebreak.adapters.langchain import invoke_guarded


async def test_a_decorated_coroutine_records_its_bound_arguments_under_an_explicit_key(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:

        @guard.tool(risk="read")
        async def lookup_order(order_id: str, verbose: bool = False) -> dict[str, Any]:
            return {"id": order_id, "verbose": verbose}

        assert await lookup_order("o-1", idempotency_key="dec-1") == {"id": "o-1", "verbose": False}
        await guard.flush()
    recorded = await agent.action("dec-1")
    assert recorded is not None
    assert recorded["tool"] == "lookup_order" and recorded["arguments"] == {"order_id": "o-1", "verbose": False}


async def test_a_decorated_plain_function_runs_from_a_worker_thread_and_refuses_the_loop(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:

        @guard.tool(risk="read", name="lookup_order")
        def lookup(order_id: str) -> str:
            return f"order {order_id}"

        assert await asyncio.to_thread(lookup, "o-2") == "order o-2"
        with pytest.raises(RuntimeError, match="event loop"):
            lookup("o-3")
        assert await lookup.acall("o-4") == "order o-4"


async def test_a_run_names_the_calls_made_in_it_and_derives_their_keys(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:

        @guard.tool(risk="read")
        async def lookup_order(order_id: str) -> str:
            return order_id

        run = await guard.start_run({"ticket": "t-1"})
        assert run.started and current_run_id.get() == run.run_id
        await lookup_order("o-5")
        await guard.end_run(run.run_id or "", "completed", {"answer": "done"})
        assert current_run_id.get() is None
    actions = [a for a in await agent.actions() if a["runId"] == run.run_id]
    assert [a["idempotencyKey"].split(":")[:2] for a in actions] == [[run.run_id, "lookup_order"]]


async def test_a_killed_agent_starts_no_run_and_a_paused_one_holds_the_input(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:
        await agent.control("paused", "drain")
        held = await guard.start_run({"ticket": "t-2"})
        assert held.outcome == "held" and held.held_item is not None and held.held_item["status"] == "held"
        assert held.message is not None and held.message.endswith("; the input is held for human review.")
        await agent.control("killed", "stop")
        blocked = await guard.start_run({"ticket": "t-3"})
        assert blocked.outcome == "blocked" and blocked.run_id is None
        assert blocked.message is not None and blocked.message.startswith(f"Agent {agent.id} cannot start a run: ")


async def test_fallback_serves_the_agents_static_response_and_starts_no_run(server: Any) -> None:
    fallback = {"kind": "static_response", "message": "We are answering tickets by hand today."}
    agent = register_agent(server, f"py-fallback-{os.getpid() % 10000}", fallback=fallback)
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:
        await agent.control("fallback", "degraded")
        served = await guard.start_run({"ticket": "t-4"})
        assert served.outcome == "fallback" and served.run_id is None
        assert served.message == "We are answering tickets by hand today."


@dataclass
class _FunctionTool:
    """The shape of an Agents SDK FunctionTool the adapter relies on."""

    name: str
    on_invoke_tool: Callable[[Any, str], Awaitable[Any]]


@dataclass
class _ToolContext:
    tool_call_id: str


async def test_a_function_tool_runs_under_the_guard_and_a_blocked_one_tells_the_model(agent: Agent) -> None:
    async def invoke(ctx: Any, input_json: str) -> str:
        return "order " + str(json.loads(input_json)["order_id"])

    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:
        tool = guard_function_tool(guard, _FunctionTool("lookup_order", invoke))
        assert await tool.on_invoke_tool(_ToolContext("call_1"), '{"order_id": "o-6"}') == "order o-6"
        change = await agent.control("killed", "stop lookups", tools=["lookup_order"])
        answer = await tool.on_invoke_tool(_ToolContext("call_2"), '{"order_id": "o-7"}')
        actor = change["change"]["actor"]
        assert answer == f"Tool lookup_order is blocked: tool lookup_order is killed by {actor} (reason: stop lookups)."
        strict = guard_function_tool(guard, _FunctionTool("lookup_order", invoke), on_blocked="raise")
        with pytest.raises(ToolBlocked):
            await strict.on_invoke_tool(_ToolContext("call_3"), '{"order_id": "o-8"}')


class _LangChainTool:
    """The shape of a LangChain tool the adapter relies on."""

    name = "lookup_order"
    description = "Reads an order."
    args_schema = None

    async def ainvoke(self, arguments: dict[str, Any]) -> str:
        return "order " + str(arguments["order_id"])


async def test_a_langchain_tool_runs_under_the_guard(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:
        assert await invoke_guarded(guard, _LangChainTool(), {"order_id": "o-9"}) == "order o-9"
        await agent.control("killed", "stop", tools=["lookup_order"])
        assert (await invoke_guarded(guard, _LangChainTool(), {"order_id": "o-9"})).startswith("Tool lookup_order is blocked")


async def test_a_functions_own_amount_and_currency_reach_it_and_the_ledger(agent: Agent) -> None:
    async with Guard.start(agent.server.url, agent.key, agent.id) as guard:

        @guard.tool(risk="financial")
        async def issue_refund(orderId: str, amount: float, currency: str) -> str:
            return f"refunded {amount} {currency} on {orderId}"

        assert await issue_refund("o-12", 25, "USD", idempotency_key="money-1") == "refunded 25 USD on o-12"
        await guard.flush()
    recorded = await agent.action("money-1")
    assert recorded is not None and recorded["amount"] == 25 and recorded["currency"] == "USD"
