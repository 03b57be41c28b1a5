"""A small support agent under the Firebreak guard: it takes tickets from the SupportDesk backend's queue, looks the
order up, refunds damaged items, emails the customer and closes the ticket. A scripted model decides, so no API key is
needed; ``--openai-endpoint`` uses any OpenAI-compatible chat completions endpoint instead.

    python samples/python-agent/support_agent.py --backend http://127.0.0.1:5081 --firebreak http://127.0.0.1:5080 \\
        --tickets 10 --delay-ms 5000

Every tool is a ``@guard.tool``: ``firebreak kill --agent support`` stops the refund that is waiting on the payment
provider (``--delay-ms``) mid-call, and the agent stops taking tickets.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from dataclasses import dataclass, field
from typing import Any, Optional, Protocol, Union

import httpx

from firebreak import Guard, ToolBlocked


@dataclass
class ToolCall:
    """The model asks for one tool call."""

    name: str
    arguments: dict[str, Any]
    id: str = ""


@dataclass
class Conversation:
    """One ticket's exchange: the ticket, then each tool call and its result, as an OpenAI-style message list."""

    ticket: dict[str, Any]
    behaviour: str
    messages: list[dict[str, Any]] = field(default_factory=list)

    def results(self, tool: str) -> list[Any]:
        return [m["result"] for m in self.messages if m.get("tool") == tool]


class Model(Protocol):
    async def next(self, conversation: Conversation) -> Union[ToolCall, str]:
        """The next tool call, or the final answer."""


class ScriptedModel:
    """A deterministic stand-in for a language model, following the SupportDesk script: look the order up; refund a
    damaged item in full (the faulty behaviour refunds 40 USD on every ticket); email the customer; close the ticket."""

    async def next(self, conversation: Conversation) -> Union[ToolCall, str]:
        ticket = conversation.ticket
        order_id = ticket.get("orderId") or ""
        damaged = "damaged" in ticket["subject"].lower()
        if not conversation.results("lookup_order"):
            return ToolCall("lookup_order", {"orderId": order_id})
        order = conversation.results("lookup_order")[-1]
        wants_refund = damaged or conversation.behaviour == "faulty"
        if wants_refund and not conversation.results("issue_refund"):
            amount = 40 if conversation.behaviour == "faulty" else order.get("order", {}).get("refundable", 0)
            return ToolCall(
                "issue_refund", {"orderId": order_id, "amount": amount, "currency": "USD", "reason": ticket["subject"]}
            )
        refund = (conversation.results("issue_refund") or [None])[-1]
        if not conversation.results("send_email"):
            if isinstance(refund, dict):
                body = f"We refunded {refund.get('amount')} USD for order {order_id}."
            elif isinstance(refund, str):
                body = f"A support specialist will follow up on order {order_id}."
            else:
                body = f"Order {order_id} is on its way."
            return ToolCall(
                "send_email", {"customerId": ticket["customerId"], "subject": f"Re: {ticket['subject']}", "body": body}
            )
        if not conversation.results("close_ticket"):
            return ToolCall("close_ticket", {"ticketId": ticket["id"], "resolution": "answered by the python agent"})
        return f"Ticket {ticket['id']} handled."


class OpenAIModel:
    """Any OpenAI-compatible ``/chat/completions`` endpoint, with the four tools as function tools."""

    TOOLS = [
        ("lookup_order", "Reads an order and its payments.", {"orderId": "string"}),
        ("issue_refund", "Refunds part or all of an order's payment.", {"orderId": "string", "amount": "number", "currency": "string", "reason": "string"}),
        ("send_email", "Sends an email to the customer.", {"customerId": "string", "subject": "string", "body": "string"}),
        ("close_ticket", "Closes a support ticket with a resolution note.", {"ticketId": "string", "resolution": "string"}),
    ]

    def __init__(self, endpoint: str, model: str, api_key: Optional[str]) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.AsyncClient(base_url=endpoint.rstrip("/"), headers=headers, timeout=120)
        self._model = model

    async def next(self, conversation: Conversation) -> Union[ToolCall, str]:
        ticket = conversation.ticket
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": "You are a support agent. Refund damaged items only. Email the customer, then close the ticket."},
            {"role": "user", "content": f"Ticket {ticket['id']} from customer {ticket['customerId']} about order {ticket.get('orderId')}: {ticket['subject']}\n{ticket['body']}"},
        ]
        for m in conversation.messages:
            messages.append({"role": "assistant", "tool_calls": [{"id": m["id"], "type": "function", "function": {"name": m["tool"], "arguments": json.dumps(m["arguments"])}}]})
            messages.append({"role": "tool", "tool_call_id": m["id"], "content": json.dumps(m["result"])})
        tools = [
            {"type": "function", "function": {"name": n, "description": d, "parameters": {"type": "object", "properties": {k: {"type": t} for k, t in p.items()}}}}
            for n, d, p in self.TOOLS
        ]
        response = await self._http.post("/chat/completions", json={"model": self._model, "messages": messages, "tools": tools})
        response.raise_for_status()
        message = response.json()["choices"][0]["message"]
        calls = message.get("tool_calls") or []
        if not calls:
            return str(message.get("content") or "")
        call = calls[0]
        return ToolCall(call["function"]["name"], json.loads(call["function"]["arguments"] or "{}"), call["id"])


async def handle(guard: Guard, desk: httpx.AsyncClient, model: Model, ticket: dict[str, Any], behaviour: str, delay: float) -> str:
    """Runs one ticket as one Firebreak run; returns how the run ended."""
    run = await guard.start_run({"ticket": ticket["id"], "subject": ticket["subject"]})
    if not run.started:
        print(f"ticket {ticket['id']}: {run.outcome}: {run.message}")
        return run.outcome
    headers = {"X-Correlation-Id": run.correlation_id or ""}

    # The parameter names are the registry's argument names (camelCase): its guardrails and compensations read them.
    @guard.tool(risk="read")
    async def lookup_order(orderId: str) -> Any:
        return (await desk.get(f"/orders/{orderId}", headers=headers)).json()

    @guard.tool(risk="financial")
    async def issue_refund(orderId: str, amount: float, currency: str, reason: str = "") -> Any:
        # A slow payment provider: the window in which a kill reaches the call mid-call.
        await asyncio.sleep(delay)
        response = await desk.post(
            "/refunds",
            json={"orderId": orderId, "amount": amount, "currency": currency, "reason": reason},
            headers={**headers, "Idempotency-Key": f"{run.run_id}:{orderId}"},
        )
        response.raise_for_status()
        return response.json()

    @guard.tool(risk="message")
    async def send_email(customerId: str, subject: str, body: str) -> Any:
        response = await desk.post("/emails", json={"customerId": customerId, "subject": subject, "body": body}, headers=headers)
        response.raise_for_status()
        return response.json()

    @guard.tool(risk="write")
    async def close_ticket(ticketId: str, resolution: str = "") -> Any:
        response = await desk.post(f"/tickets/{ticketId}/close", json={"resolution": resolution}, headers=headers)
        response.raise_for_status()
        return response.json()

    tools = {"lookup_order": lookup_order, "issue_refund": issue_refund, "send_email": send_email, "close_ticket": close_ticket}
    conversation = Conversation(ticket, behaviour)
    status = "completed"
    try:
        for step in range(12):
            answer = await model.next(conversation)
            if isinstance(answer, str):
                print(f"ticket {ticket['id']}: {answer}")
                break
            print(f"ticket {ticket['id']}: {answer.name} {json.dumps(answer.arguments)}")
            try:
                result: Any = await tools[answer.name](**answer.arguments)
            except ToolBlocked as blocked:
                # The model reads why, as it would read any tool result.
                print(f"firebreak: blocked {answer.name}: {blocked.message}")
                result = blocked.message
                if guard.is_killed:
                    status = "killed"
                    break
            conversation.messages.append({"tool": answer.name, "arguments": answer.arguments, "result": result, "id": answer.id or f"call_{step}"})
    except Exception:
        status = "failed"
        raise
    finally:
        await guard.end_run(run.run_id or "", status)
    return status


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default="http://127.0.0.1:5081", help="the SupportDesk backend")
    parser.add_argument("--firebreak", default=os.environ.get("FIREBREAK_SERVER", "http://127.0.0.1:5080"))
    parser.add_argument("--api-key", default=os.environ.get("FIREBREAK_API_KEY"), help="an agent key for the agent (default $FIREBREAK_API_KEY)")
    parser.add_argument("--agent-id", default="support")
    parser.add_argument("--point-id", help="this enforcement point's id (default support-<8 hex>)")
    parser.add_argument("--tickets", type=int, default=10, help="how many tickets to take from the queue")
    parser.add_argument("--delay-ms", type=int, default=0, help="how long each refund waits on the payment provider")
    parser.add_argument("--behaviour", choices=["normal", "faulty"], default="normal")
    parser.add_argument("--openai-endpoint", default=os.environ.get("OPENAI_BASE_URL"), help="an OpenAI-compatible endpoint instead of the scripted model")
    parser.add_argument("--model", default=os.environ.get("OPENAI_MODEL", "gpt-4o-mini"))
    args = parser.parse_args()
    if not args.api_key:
        parser.error("an agent key is required: --api-key or FIREBREAK_API_KEY")
    model: Model
    if args.openai_endpoint:
        model = OpenAIModel(args.openai_endpoint, args.model, os.environ.get("OPENAI_API_KEY"))
    else:
        model = ScriptedModel()
    async with Guard.start(args.firebreak, args.api_key, args.agent_id, point_id=args.point_id) as guard, httpx.AsyncClient(base_url=args.backend, timeout=30) as desk:
        print(f"firebreak: enforcement point {guard.point_id} at epoch {guard.epoch}")
        for _ in range(args.tickets):
            if guard.is_killed:
                print("firebreak: the agent is killed; it takes no more tickets")
                return 2
            response = await desk.get("/queue/next")
            if response.status_code == 204:
                print("queue empty")
                break
            response.raise_for_status()
            if await handle(guard, desk, model, response.json(), args.behaviour, args.delay_ms / 1000) == "killed":
                print("firebreak: the agent was killed mid-run; it takes no more tickets")
                return 2
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
