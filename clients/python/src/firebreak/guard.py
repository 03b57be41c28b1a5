"""The guard: the enforcement point of one agent inside an asyncio process."""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import json
import logging
import random
import secrets
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from types import TracebackType
from typing import Any, Awaitable, Callable, Generator, Mapping, Optional, Sequence, TypeVar, Union

import httpx

from . import __version__
from .control import (
    ControlDecider,
    ControlSnapshot,
    GuardDecision,
    GuardVerdict,
    LeaseState,
    RiskClass,
    ToolDefinition,
)
from .errors import FirebreakApiError, ToolBlocked, ToolDenied
from .sse import SseEvent, SseParser

__all__ = ["Guard", "RunStart", "current_run_id"]

T = TypeVar("T")
Entity = Union[str, "tuple[str, str]"]

_log = logging.getLogger("firebreak")

current_run_id: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("firebreak_run_id", default=None)
"""The run the current task is in, set by :meth:`Guard.start_run`; guarded calls without a ``run_id`` use it."""


@dataclass(frozen=True)
class RunStart:
    """What became of :meth:`Guard.start_run`.

    Attributes:
        outcome: ``started``, ``blocked`` (killed), ``held`` (paused: the input was held for review) or ``fallback``.
        run_id: The run, when it started.
        correlation_id: The run's correlation id, when it started.
        message: Why it did not start, or the fallback's message to serve.
        held_item: The held item (wire form) for ``held`` and a human handoff.
    """

    outcome: str
    run_id: Optional[str] = None
    correlation_id: Optional[str] = None
    message: Optional[str] = None
    held_item: Optional[Mapping[str, Any]] = None

    @property
    def started(self) -> bool:
        return self.outcome == "started"


@dataclass(frozen=True)
class _State:
    """The snapshot in force and the agent's definition that came with it; swapped whole, read without locks."""

    snapshot: ControlSnapshot
    tools: Mapping[str, ToolDefinition]
    agent: Mapping[str, Any]

    def argument_guardrails(self, tool: str) -> bool:
        """Whether the agent's guardrails inspect this tool's arguments (then only the server may decide it)."""
        policy = self.agent.get("guardrails") or {}
        if any(rule.get("tool") == tool for rule in policy.get("rules") or ()):
            return True
        if (policy.get("injection") or {}).get("inputs"):
            return True
        pii: Mapping[str, Any] = policy.get("pii") or {}
        return bool(pii) and bool(pii.get("arguments", True)) and (pii.get("tools") is None or tool in pii["tools"])


@dataclass(eq=False)
class _InFlight:
    tool: str
    task: "asyncio.Task[Any]"
    killed_by: Optional[str] = None


class _Starting:
    """What :meth:`Guard.start` returns: await it for a started guard, or use it as ``async with``."""

    def __init__(self, guard: "Guard") -> None:
        self._guard = guard

    def __await__(self) -> Generator[Any, None, "Guard"]:
        return self._start().__await__()

    async def _start(self) -> "Guard":
        await self._guard._open()
        return self._guard

    async def __aenter__(self) -> "Guard":
        return await self._start()

    async def __aexit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        await self._guard.close()


class Guard:
    """The enforcement point of one agent: follows the control stream, decides tool calls locally from the last
    snapshot, sends what needs the server (risky calls, approvals, guardrails) through ``POST /api/v1/decisions``,
    records every call in the ledger and cancels calls a kill reaches while they run.

    Given the nodes of a cluster, it sends every request to one of them and moves to the next when a request cannot
    connect; its stream resumes there from its epoch under the same point id.

    Start it with ``async with Guard.start(...) as guard:`` (or ``guard = await Guard.start(...)`` and
    ``await guard.close()``). Not thread-safe: use it from the event loop it started on (the sync wrappers of
    :meth:`tool` hand calls from other threads to that loop).
    """

    def __init__(
        self,
        server_url: Union[str, Sequence[str]],
        api_key: str,
        agent_id: str,
        *,
        point_id: Optional[str] = None,
        host: Optional[str] = None,
        version: str = __version__,
        approval_timeout: float = 45.0,
        start_timeout: float = 30.0,
        max_backoff: float = 10.0,
        unknown_tool_risk: RiskClass = RiskClass.IRREVERSIBLE,
        transport: Optional[httpx.AsyncBaseTransport] = None,
    ) -> None:
        """See :meth:`start` for the parameters."""
        self.agent_id = agent_id
        self.point_id = point_id or f"{agent_id}-{secrets.token_hex(4)}"
        self.approval_timeout = approval_timeout
        self._host = host or socket.gethostname()
        self._version = version
        self._start_timeout = start_timeout
        self._max_backoff = max_backoff
        self._decider = ControlDecider(unknown_tool_risk)
        self._nodes = _node_urls(server_url)
        self._node = 0
        self._http = httpx.AsyncClient(
            headers={"Authorization": f"Bearer {api_key}", "User-Agent": f"firebreak-python/{__version__}"},
            timeout=httpx.Timeout(30.0),
            transport=transport,
        )
        self._state: Optional[_State] = None
        self._epoch: Optional[int] = None
        self._lease_ttl = 5.0
        self._renewed: Optional[float] = None
        self._in_flight: set[_InFlight] = set()
        # Records that must reach the ledger but not hold up the agent: sent in order, retried while unreachable.
        self._outbox: Optional[asyncio.Queue[tuple[str, dict[str, Any]]]] = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._first_snapshot: Optional[asyncio.Future[None]] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._closed = False
        self.redelivered: asyncio.Queue[Mapping[str, Any]] = asyncio.Queue()
        """Held items an operator released for this agent (``redeliver`` events); claim one with :meth:`claim_held`."""

    @classmethod
    def start(
        cls,
        server_url: Union[str, Sequence[str]],
        api_key: str,
        agent_id: str,
        *,
        point_id: Optional[str] = None,
        host: Optional[str] = None,
        version: str = __version__,
        approval_timeout: float = 45.0,
        start_timeout: float = 30.0,
        max_backoff: float = 10.0,
        unknown_tool_risk: RiskClass = RiskClass.IRREVERSIBLE,
        transport: Optional[httpx.AsyncBaseTransport] = None,
    ) -> _Starting:
        """Creates a guard, opens its control stream and waits for the first snapshot.

        Args:
            server_url: The Firebreak server, such as ``http://127.0.0.1:5080``, or the nodes of one cluster (on one
                PostgreSQL database) in the order tried: the guard sends every request to one node and moves to the
                next when a request cannot connect to it, and its stream resumes there from its epoch under the same
                point id.
            api_key: The agent's key (role ``agent``, bound to ``agent_id``).
            agent_id: The agent this guard enforces controls for.
            point_id: This enforcement point's id as operators see it; default ``<agent>-<8 hex digits>``.
            host: Reported with the point; default the host name.
            version: Reported with the point; default the package version.
            approval_timeout: Seconds a call waits for a human approval before it is denied (default 45).
            start_timeout: Seconds to wait for the first snapshot (default 30).
            max_backoff: The cap, in seconds, of the reconnect backoff (default 10; jittered).
            unknown_tool_risk: The risk class of a tool the registry does not know (default ``irreversible``).
            transport: An httpx transport, for tests and proxies.

        Raises:
            ValueError: No server URL, or one that is not an absolute http(s) URL.
            FirebreakApiError: The server refused the stream (a wrong key, another agent's key).
            TimeoutError: No snapshot arrived within ``start_timeout``.
        """
        return _Starting(
            cls(
                server_url,
                api_key,
                agent_id,
                point_id=point_id,
                host=host,
                version=version,
                approval_timeout=approval_timeout,
                start_timeout=start_timeout,
                max_backoff=max_backoff,
                unknown_tool_risk=unknown_tool_risk,
                transport=transport,
            )
        )

    # -- state -------------------------------------------------------------------------------------------------

    @property
    def server_url(self) -> str:
        """The node the guard sends its requests to now."""
        return self._nodes[self._node]

    @property
    def server_urls(self) -> tuple[str, ...]:
        """Every node the guard was given, in the order it tries them."""
        return self._nodes

    @property
    def epoch(self) -> Optional[int]:
        """The epoch of the snapshot in force; ``None`` before the first."""
        return self._epoch

    @property
    def lease_state(self) -> LeaseState:
        """Fresh while a stream event arrived within the lease time to live; when stale, risky tools fail closed."""
        if self._renewed is None:
            return LeaseState.STALE
        elapsed = time.monotonic() - self._renewed
        return LeaseState.FRESH if 0 <= elapsed < self._lease_ttl else LeaseState.STALE

    @property
    def is_killed(self) -> bool:
        """Whether the snapshot in force blocks new runs of the agent (a kill at global or agent scope)."""
        state = self._state
        if state is None:
            return False
        return self._decider.decide_run_start(state.snapshot, self.agent_id, _now()).verdict == GuardVerdict.BLOCK

    def decide(self, tool: str) -> GuardDecision:
        """The local control decision for a call of ``tool`` now, from the snapshot in force and the lease."""
        state = self._require_state()
        return self._decider.decide_tool_call(
            state.snapshot, self.agent_id, tool, state.tools.get(tool), self.lease_state, _now()
        )

    # -- tool calls --------------------------------------------------------------------------------------------

    async def call(
        self,
        tool: str,
        arguments: Mapping[str, Any],
        effect: Callable[[], Awaitable[T]],
        *,
        idempotency_key: Optional[str] = None,
        run_id: Optional[str] = None,
        correlation_id: Optional[str] = None,
        entities: Sequence[Entity] = (),
        amount: Optional[float] = None,
        currency: Optional[str] = None,
    ) -> Any:
        """Runs ``effect`` under the controls in force and records it.

        A call the snapshot blocks raises at once (and is recorded ``blocked`` in the background); a read tool
        without argument guardrails runs here and is recorded after; every other call is decided by the server
        (``POST /api/v1/decisions``), which records a risky call ``pending`` before it runs. A call waiting for
        approval waits up to ``approval_timeout`` seconds. In shadow mode ``effect`` does not run and the simulated
        result is returned.

        Args:
            tool: The tool's registry name.
            arguments: The call's arguments (JSON-serialisable).
            effect: Runs the tool; awaited in its own task so a kill can cancel it.
            idempotency_key: Unique per agent and logical call: a retry of the same call reuses it, and a key
                already recorded is refused (a call runs at most once). Default: a new key per call.
            run_id: The run; default :data:`current_run_id`.
            correlation_id: Correlates the action with other systems' records.
            entities: What the call touches, as ``"type:id"`` strings or ``(type, id)`` pairs.
            amount: The money moved, for financial tools.
            currency: ISO 4217 code of ``amount``.

        Returns:
            The effect's result, or the simulated result in shadow mode.

        Raises:
            ToolBlocked: The call did not run (or was cancelled by a kill); the message is for the model.
            ToolDenied: It needed approval and did not get it.
        """
        state = self._require_state()
        call = _Call(
            tool=tool,
            arguments=_jsonable(dict(arguments)),
            key=idempotency_key or f"{self.point_id}:{tool}:{uuid.uuid4().hex}",
            run_id=run_id if run_id is not None else current_run_id.get(),
            correlation_id=correlation_id,
            entities=[_entity_text(e) for e in entities],
            amount=amount,
            currency=currency,
        )
        decision = self._decider.decide_tool_call(
            state.snapshot, self.agent_id, tool, state.tools.get(tool), self.lease_state, _now()
        )
        if decision.verdict == GuardVerdict.BLOCK:
            message = decision.message or f"Tool {tool} is blocked."
            self._enqueue("/api/v1/actions", self._record_body(call, "blocked", {"error": message}))
            raise ToolBlocked(message, tool, reason="control", decision=decision)
        if (
            decision.verdict == GuardVerdict.EXECUTE
            and decision.risk == RiskClass.READ
            and not state.argument_guardrails(tool)
        ):
            return await self._run_read(call, effect)
        return await self._run_decided(call, effect)

    async def _run_read(self, call: "_Call", effect: Callable[[], Awaitable[T]]) -> Any:
        # A read has no side effect to record first: it runs, then its record follows in the background.
        started = time.monotonic()
        try:
            result = await self._in_flight_call(call.tool, effect)
        except ToolBlocked as blocked:
            self._enqueue("/api/v1/actions", self._record_body(call, "blocked", {"error": blocked.message}))
            raise
        except Exception as error:
            self._enqueue("/api/v1/actions", self._record_body(call, "failed", {"error": repr(error)}, started))
            raise
        self._enqueue("/api/v1/actions", self._record_body(call, "executed", _jsonable(result), started))
        return result

    async def _run_decided(self, call: "_Call", effect: Callable[[], Awaitable[T]]) -> Any:
        deadline = time.monotonic() + self.approval_timeout
        while True:
            answer = await self._ask(call)
            outcome = answer.get("outcome")
            if outcome == "allow":
                if answer.get("action") is None:
                    return await self._run_read(call, effect)
                # A kill that reached this point while the server recorded the call stops it here.
                local = self.decide(call.tool)
                if local.verdict == GuardVerdict.BLOCK:
                    message = local.message or f"Tool {call.tool} is blocked."
                    self._enqueue("/api/v1/actions/complete", self._complete_body(call, "blocked", None, message, time.monotonic()))
                    raise ToolBlocked(message, call.tool, reason="control", decision=local)
                return await self._run_pending(call, effect)
            if outcome == "shadow":
                return answer.get("result")
            if outcome == "approval_required":
                approval = answer.get("approval") or {}
                status = await self._wait_for_approval(str(approval.get("id")), deadline)
                if status == "pending":
                    raise ToolDenied(
                        f"Tool {call.tool} was not executed: no human approved these arguments within "
                        f"{self.approval_timeout:g} s.",
                        call.tool,
                        reason="approval_denied",
                    )
                continue
            message = answer.get("message") or f"Tool {call.tool} is blocked."
            reason = answer.get("reason") or "control"
            error = ToolDenied if reason == "approval_denied" else ToolBlocked
            raise error(message, call.tool, reason=reason, control=answer.get("control"), action=answer.get("action"))

    async def _ask(self, call: "_Call") -> Mapping[str, Any]:
        """``POST /api/v1/decisions``. A call the server cannot decide does not run: unreachable, it is blocked (and
        recorded when the server is back); a key the ledger holds with other arguments (409) is refused as a replay."""
        try:
            answer: Mapping[str, Any] = await self._request("POST", "/api/v1/decisions", json=self._decision_body(call))
            return answer
        except httpx.HTTPError as error:
            message = (
                f"Tool {call.tool} is blocked: the Firebreak control plane could not be reached to decide it "
                f"({type(error).__name__}), and it does not run undecided."
            )
            self._enqueue("/api/v1/actions", self._record_body(call, "blocked", {"error": message}))
            raise ToolBlocked(message, call.tool, reason="unreachable") from error
        except FirebreakApiError as error:
            if error.status != 409:
                raise
            detail = error.problem.get("detail") or "its idempotency key is already recorded with other arguments"
            raise ToolBlocked(
                f"Tool {call.tool} was not executed: {detail}", call.tool, reason="replay"
            ) from error

    async def _run_pending(self, call: "_Call", effect: Callable[[], Awaitable[T]]) -> Any:
        started = time.monotonic()
        try:
            result = await self._in_flight_call(call.tool, effect)
        except ToolBlocked as blocked:
            self._enqueue("/api/v1/actions/complete", self._complete_body(call, "blocked", None, blocked.message, started))
            raise
        except BaseException as error:
            self._enqueue("/api/v1/actions/complete", self._complete_body(call, "failed", None, repr(error), started))
            raise
        self._enqueue("/api/v1/actions/complete", self._complete_body(call, "executed", _jsonable(result), None, started))
        return result

    async def _in_flight_call(self, tool: str, effect: Callable[[], Awaitable[T]]) -> T:
        """Runs the effect as a task a blocking snapshot can cancel; a cancelled caller cancels it too."""
        task: asyncio.Task[T] = asyncio.ensure_future(effect())
        entry = _InFlight(tool, task)
        self._in_flight.add(entry)
        try:
            # asyncio.wait tells a kill (the task was cancelled, wait returns) from a cancelled caller (wait raises).
            await asyncio.wait({task})
        except asyncio.CancelledError:
            task.cancel()
            raise
        finally:
            self._in_flight.discard(entry)
        if task.cancelled() and entry.killed_by is not None:
            raise ToolBlocked(entry.killed_by, tool, reason="killed_in_flight")
        return task.result()

    async def _wait_for_approval(self, approval_id: str, deadline: float) -> str:
        """Long-polls the approval until it is decided or ``deadline`` passes; returns its last status."""
        status = "pending"
        while status == "pending":
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            wait_ms = int(min(remaining, 60.0) * 1000)
            approval = await self._request(
                "GET",
                f"/api/v1/approvals/{approval_id}",
                params={"wait": str(wait_ms)},
                timeout=wait_ms / 1000 + 15.0,
            )
            status = str(approval.get("status"))
        return status

    # -- runs --------------------------------------------------------------------------------------------------

    async def start_run(
        self, input: Any = None, *, run_id: Optional[str] = None, correlation_id: Optional[str] = None
    ) -> RunStart:
        """Starts a run if the controls let it: killed blocks, paused holds the input for human review, fallback
        serves the agent's fallback; otherwise the run is recorded (``POST /api/v1/runs``) and becomes the
        :data:`current_run_id` of the calling task.

        Raises:
            FirebreakApiError: The server refused the run or the held item.
        """
        state = self._require_state()
        decision = self._decider.decide_run_start(state.snapshot, self.agent_id, _now())
        message = decision.message
        if decision.verdict == GuardVerdict.BLOCK:
            return RunStart("blocked", message=message)
        if decision.verdict == GuardVerdict.HOLD:
            held = await self._hold(input, correlation_id, message or "paused")
            return RunStart("held", message=message, held_item=held)
        if decision.verdict == GuardVerdict.FALLBACK:
            fallback = state.agent.get("fallback") or {}
            kind = fallback.get("kind")
            if kind == "human_handoff":
                reason = f"Human handoff: {fallback.get('message') or message}"
                held = await self._hold(input, correlation_id, reason)
                return RunStart("fallback", message=fallback.get("message") or message, held_item=held)
            if kind != "read_only_tools":
                return RunStart("fallback", message=fallback.get("message") or message)
        body: dict[str, Any] = {"agentId": self.agent_id, "runId": run_id, "correlationId": correlation_id}
        if input is not None:
            body["input"] = _jsonable(input)
        run = await self._request("POST", "/api/v1/runs", json=body)
        current_run_id.set(run["id"])
        return RunStart("started", run_id=run["id"], correlation_id=run.get("correlationId"))

    async def end_run(self, run_id: str, status: str = "completed", output: Any = None) -> None:
        """Ends a run (``completed``, ``failed`` or ``killed``) after the records of its calls reached the ledger."""
        await self.flush()
        body: dict[str, Any] = {"status": status}
        if output is not None:
            body["output"] = _jsonable(output)
        await self._request("POST", f"/api/v1/runs/{run_id}/end", json=body)
        if current_run_id.get() == run_id:
            current_run_id.set(None)

    async def claim_held(self, held_id: str) -> bool:
        """Claims a redelivered held item before processing it; ``False`` when another point claimed it first."""
        try:
            await self._request("POST", f"/api/v1/held/{held_id}/delivered", json={})
        except FirebreakApiError as error:
            if error.status == 409:
                return False
            raise
        return True

    async def _hold(self, input: Any, correlation_id: Optional[str], reason: str) -> Mapping[str, Any]:
        body = {"agentId": self.agent_id, "input": _jsonable(input), "correlationId": correlation_id, "reason": reason}
        held: Mapping[str, Any] = await self._request("POST", "/api/v1/held", json=body)
        return held

    # -- decorator ---------------------------------------------------------------------------------------------

    def tool(self, risk: Optional[str] = None, *, name: Optional[str] = None) -> Callable[[Callable[..., Any]], Any]:
        """Decorates a plain function as a guarded tool; see :func:`firebreak.tools.guarded`."""
        from .tools import guarded

        return guarded(self, risk=risk, name=name)

    # -- lifecycle ---------------------------------------------------------------------------------------------

    async def flush(self, timeout: float = 10.0) -> None:
        """Waits until the background records were sent (or ``timeout`` seconds passed)."""
        if self._outbox is None:
            return
        try:
            await asyncio.wait_for(self._outbox.join(), timeout)
        except asyncio.TimeoutError:
            _log.warning("firebreak: %d records not sent within %.0f s", self._outbox.qsize(), timeout)

    async def close(self) -> None:
        """Stops following the stream, sends the records still queued (for up to 10 s) and closes the client."""
        if self._closed:
            return
        self._closed = True
        await self.flush()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._http.aclose()

    async def __aenter__(self) -> "Guard":
        await self._open()
        return self

    async def __aexit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        await self.close()

    async def _open(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._outbox = asyncio.Queue()
        self._first_snapshot = self._loop.create_future()
        self._tasks = [asyncio.create_task(self._follow()), asyncio.create_task(self._send_records())]
        try:
            await asyncio.wait_for(asyncio.shield(self._first_snapshot), self._start_timeout)
        except asyncio.TimeoutError:
            await self.close()
            # On Python 3.10 asyncio's TimeoutError is not the built-in one the documentation promises.
            raise TimeoutError(
                f"No control snapshot arrived from {', '.join(self._nodes)} within {self._start_timeout:g} s."
            ) from None
        except BaseException:
            await self.close()
            raise

    # -- the control stream ------------------------------------------------------------------------------------

    async def _follow(self) -> None:
        backoff = 0.25
        while not self._closed:
            heard = self._renewed
            try:
                await self._stream_once()
            except FirebreakApiError as error:
                if error.status in (400, 401, 403, 404):
                    self._fail_start(error)
                    _log.error("firebreak: the control stream was refused: %s", error)
                    return
                _log.warning("firebreak: control stream: %s", error)
            except (httpx.HTTPError, OSError, ValueError) as error:
                _log.info("firebreak: control stream interrupted (%s); reconnecting", error)
            if self._renewed != heard:
                # The stream worked before it broke: reconnect soon, as after a server restart.
                backoff = 0.25
            # Jitter spreads the reconnects of a fleet of points after a server restart.
            await asyncio.sleep(backoff * random.uniform(0.5, 1.0))
            backoff = min(backoff * 2, self._max_backoff)

    async def _stream_once(self) -> None:
        headers = {"Accept": "text/event-stream"}
        if self._epoch is not None:
            headers["Last-Event-ID"] = str(self._epoch)
        params = {"pointId": self.point_id, "agent": self.agent_id, "version": self._version, "host": self._host}
        # Heartbeats come every third of the lease: a read that waits twice the lease means the stream is held.
        timeout = httpx.Timeout(10.0, read=max(self._lease_ttl * 2, 1.0))
        response = await self._send(
            "GET", "/api/v1/control/stream", stream=True, params=params, headers=headers, timeout=timeout
        )
        try:
            if response.status_code != 200:
                await response.aread()
                raise FirebreakApiError(response.status_code, _problem(response), "GET", "/api/v1/control/stream")
            parser = SseParser()
            async for line in response.aiter_lines():
                event = parser.feed(line)
                if event is not None:
                    await self._on_event(event)
        finally:
            await response.aclose()

    async def _on_event(self, event: SseEvent) -> None:
        self._renewed = time.monotonic()
        if event.event == "snapshot":
            await self._swap(json.loads(event.data))
        elif event.event == "redeliver":
            self.redelivered.put_nowait(json.loads(event.data))

    async def _swap(self, data: Mapping[str, Any]) -> None:
        snapshot = ControlSnapshot.from_json(data["snapshot"])
        agent: Mapping[str, Any] = next((a for a in data.get("agents") or () if a.get("id") == self.agent_id), {})
        tools = {t["name"]: ToolDefinition.from_json(t) for t in agent.get("tools") or ()}
        self._lease_ttl = max(int(data.get("leaseTtlMs") or 5000), 1) / 1000
        self._state = _State(snapshot, tools, agent)
        self._epoch = snapshot.epoch
        self._renewed = time.monotonic()
        self._kill_blocked_calls()
        if self._first_snapshot is not None and not self._first_snapshot.done():
            self._first_snapshot.set_result(None)
        try:
            await self._request("POST", "/api/v1/control/ack", json={"pointId": self.point_id, "epoch": snapshot.epoch})
        except (FirebreakApiError, httpx.HTTPError) as error:
            _log.warning("firebreak: could not acknowledge epoch %d: %s", snapshot.epoch, error)

    def _kill_blocked_calls(self) -> None:
        """Cancels the calls in flight whose tool the new snapshot blocks, before the snapshot is acknowledged."""
        for entry in list(self._in_flight):
            decision = self.decide(entry.tool)
            if decision.verdict == GuardVerdict.BLOCK and entry.killed_by is None:
                entry.killed_by = decision.message
                entry.task.cancel()

    def _fail_start(self, error: BaseException) -> None:
        if self._first_snapshot is not None and not self._first_snapshot.done():
            self._first_snapshot.set_exception(error)

    # -- records -----------------------------------------------------------------------------------------------

    def _enqueue(self, path: str, body: dict[str, Any]) -> None:
        if self._outbox is None:
            raise RuntimeError("The guard is not started: use 'async with Guard.start(...)'.")
        self._outbox.put_nowait((path, body))

    async def _send_records(self) -> None:
        assert self._outbox is not None
        queue = self._outbox
        while True:
            path, body = await queue.get()
            delay = 0.2
            try:
                while True:
                    try:
                        await self._request("POST", path, json=body)
                        break
                    except FirebreakApiError as error:
                        if error.status < 500:
                            # A refused record cannot be fixed by sending it again.
                            _log.warning("firebreak: record %s of %s refused: %s", body.get("outcome"), body.get("tool"), error)
                            break
                    except httpx.HTTPError:
                        pass
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, self._max_backoff)
            finally:
                queue.task_done()

    def _record_body(
        self, call: "_Call", outcome: str, result: Any, started: Optional[float] = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "agentId": self.agent_id,
            "idempotencyKey": call.key,
            "tool": call.tool,
            "arguments": call.arguments,
            "outcome": outcome,
            "runId": call.run_id,
            "result": result,
            "entities": call.entities,
            "amount": call.amount,
            "currency": call.currency,
            "correlationId": call.correlation_id,
        }
        if started is not None:
            body["durationMs"] = int((time.monotonic() - started) * 1000)
        return body

    def _complete_body(
        self, call: "_Call", outcome: str, result: Any, error: Optional[str], started: float
    ) -> dict[str, Any]:
        return {
            "agentId": self.agent_id,
            "idempotencyKey": call.key,
            "outcome": outcome,
            "result": result,
            "error": error,
            "durationMs": int((time.monotonic() - started) * 1000),
        }

    def _decision_body(self, call: "_Call") -> dict[str, Any]:
        return {
            "agentId": self.agent_id,
            "tool": call.tool,
            "arguments": call.arguments,
            "idempotencyKey": call.key,
            "runId": call.run_id,
            "correlationId": call.correlation_id,
            "entities": call.entities,
            "amount": call.amount,
            "currency": call.currency,
        }

    async def _request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Optional[Mapping[str, str]] = None,
        timeout: Optional[float] = None,
    ) -> Any:
        response = await self._send(
            method, path, json=json, params=params, timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT
        )
        if response.status_code >= 400:
            raise FirebreakApiError(response.status_code, _problem(response), method, path)
        return response.json() if response.content else None

    async def _send(self, method: str, path: str, *, stream: bool = False, **options: Any) -> httpx.Response:
        """Sends a request to the current node. A node that cannot be connected to is left for the next one, and the
        request goes there: it never reached a node, so it cannot have been applied twice. Any other failure (a node
        that dies while answering) raises as it is; the guard never resends such a request itself, only its records
        go again, under their idempotency keys. When no node can be connected to, the last error raises."""
        tried = 0
        while True:
            node = self._node
            request = self._http.build_request(method, self._nodes[node] + path, **options)
            try:
                return await self._http.send(request, stream=stream)
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                tried += 1
                self._move_on(node, error)
                if tried >= len(self._nodes):
                    raise

    def _move_on(self, failed: int, error: Exception) -> None:
        """Moves on from node ``failed``, unless another request already did: requests that fail together on one dead
        node move the guard one node on, not one node each."""
        if len(self._nodes) > 1 and self._node == failed:
            self._node = (failed + 1) % len(self._nodes)
            _log.warning(
                "firebreak: %s cannot be reached (%s); moving to %s",
                self._nodes[failed],
                type(error).__name__,
                self._nodes[self._node],
            )

    def _require_state(self) -> _State:
        if self._state is None:
            raise RuntimeError("The guard has no snapshot yet: use 'async with Guard.start(...)'.")
        return self._state


@dataclass(frozen=True)
class _Call:
    tool: str
    arguments: dict[str, Any]
    key: str
    run_id: Optional[str]
    correlation_id: Optional[str]
    entities: list[str]
    amount: Optional[float]
    currency: Optional[str]


def _node_urls(server_url: Union[str, Sequence[str]]) -> tuple[str, ...]:
    urls = (server_url,) if isinstance(server_url, str) else tuple(server_url)
    for url in urls:
        try:
            parsed = httpx.URL(url) if isinstance(url, str) else None
        except httpx.InvalidURL:
            parsed = None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
            raise ValueError(f"'{url}' is not a server URL: give absolute http(s) URLs, such as http://127.0.0.1:5080.")
    if not urls:
        raise ValueError("Give at least one server URL, such as http://127.0.0.1:5080.")
    return tuple(url.rstrip("/") for url in urls)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _entity_text(entity: Entity) -> str:
    if isinstance(entity, str):
        return entity
    kind, ident = entity
    return f"{kind}:{ident}"


def _problem(response: httpx.Response) -> Mapping[str, Any]:
    try:
        problem = response.json()
    except ValueError:
        return {"title": response.text[:500]} if response.text else {}
    return problem if isinstance(problem, dict) else {}


def _jsonable(value: Any) -> Any:
    """The value as JSON data: dataclasses and pydantic models by their fields, anything else JSON cannot hold as text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return _jsonable(dump(mode="json"))
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        from dataclasses import asdict

        return _jsonable(asdict(value))
    return str(value)


def canonical_digest(arguments: Mapping[str, Any]) -> str:
    """A short stable digest of arguments (sorted keys, compact JSON), for keys derived from a call's arguments."""
    text = json.dumps(_jsonable(dict(arguments)), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
