"""The control decision, ported from ``Firebreak.Core`` (``ControlDecider``, ``ControlSnapshot``, ``GuardDecision``,
``Lease``): pure, no I/O, so every enforcement point decides alike. The conformance table
``conformance/decisions.json`` proves it against the C# implementation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import Enum, IntEnum
from typing import Any, Mapping, Optional, Sequence

__all__ = [
    "ControlDecider",
    "ControlMode",
    "ControlScope",
    "ControlSetting",
    "ControlSnapshot",
    "EffectiveControl",
    "FailMode",
    "GuardDecision",
    "GuardVerdict",
    "Lease",
    "LeaseState",
    "RiskClass",
    "ToolDefinition",
    "format_round_trip",
    "parse_time",
    "plan_step",
]


class ControlMode(IntEnum):
    """A control mode; a higher value is more restrictive."""

    NORMAL = 0
    APPROVAL = 1
    SHADOW = 2
    FALLBACK = 3
    PAUSED = 4
    KILLED = 5

    @property
    def wire(self) -> str:
        """The JSON name (``killed``)."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "ControlMode":
        return cls[text.upper()]


class RiskClass(str, Enum):
    """How much harm a tool can do. Everything but ``read`` is risky."""

    READ = "read"
    WRITE = "write"
    FINANCIAL = "financial"
    MESSAGE = "message"
    IRREVERSIBLE = "irreversible"


class FailMode(str, Enum):
    """What a tool does when the control plane is unreachable (the lease is stale)."""

    OPEN = "open"
    CLOSED = "closed"


class LeaseState(str, Enum):
    FRESH = "fresh"
    STALE = "stale"


class GuardVerdict(str, Enum):
    """What an enforcement point does with a tool call or a run start."""

    EXECUTE = "execute"
    BLOCK = "block"
    SHADOW = "shadow"
    REQUIRE_APPROVAL = "require_approval"
    FALLBACK = "fallback"
    HOLD = "hold"


_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$"
)


def parse_time(text: str) -> datetime:
    """Parses an ISO 8601 instant as .NET writes it (up to 7 fractional digits, ``Z`` or an offset).

    Python 3.10's ``datetime.fromisoformat`` accepts neither, so this parses by hand. A time without an offset is UTC.

    Raises:
        ValueError: ``text`` is not an ISO 8601 time.
    """
    match = _TIME.match(text.strip())
    if match is None:
        raise ValueError(f"'{text}' is not an ISO 8601 time.")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    if offset is None or offset in ("Z", "z"):
        tz = timezone.utc
    else:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro, tzinfo=tz)


def format_round_trip(value: datetime) -> str:
    """Formats like .NET's ``DateTimeOffset.ToString("O")``: ``2026-06-01T13:00:00.0000000+00:00``."""
    offset = value.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond:06d}0{sign}{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class ControlScope:
    """Where a setting applies: ``global``, ``agent:<id>`` or ``tool:<agent>/<tool>``."""

    kind: str
    agent_id: Optional[str]
    tool_name: Optional[str]
    key: str

    @classmethod
    def parse(cls, key: str) -> "ControlScope":
        """Parses a scope key.

        Raises:
            ValueError: ``key`` is not a scope key.
        """
        if key == "global":
            return cls("global", None, None, key)
        if key.startswith("agent:") and len(key) > 6 and "/" not in key:
            return cls("agent", key[6:], None, key)
        if key.startswith("tool:"):
            agent, slash, tool = key[5:].partition("/")
            if agent and slash and tool and "/" not in tool:
                return cls("tool", agent, tool, key)
        raise ValueError(f"'{key}' is not a control scope (global, agent:<id> or tool:<agent>/<tool>).")


@dataclass(frozen=True, slots=True)
class ControlSetting:
    """The mode in force at one scope, who set it, why and until when."""

    scope: ControlScope
    mode: ControlMode
    epoch: int
    actor: str
    reason: str
    set_at: datetime
    incident_id: Optional[str] = None
    expires_at: Optional[datetime] = None

    def is_active_at(self, now: datetime) -> bool:
        """Whether the setting applies at ``now``: at its expiry instant it no longer does."""
        return self.expires_at is None or now < self.expires_at

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "ControlSetting":
        expires = data.get("expiresAt")
        return cls(
            scope=ControlScope.parse(data["scope"]),
            mode=ControlMode.parse(data["mode"]),
            epoch=int(data["epoch"]),
            actor=data["actor"],
            reason=data["reason"],
            set_at=parse_time(data["setAt"]),
            incident_id=data.get("incidentId"),
            expires_at=parse_time(expires) if expires else None,
        )


@dataclass(frozen=True, slots=True)
class EffectiveControl:
    """The mode that applies and the setting that imposed it (``None`` when normal)."""

    mode: ControlMode
    decided_by: Optional[ControlSetting]


_NORMAL = EffectiveControl(ControlMode.NORMAL, None)


class ControlSnapshot:
    """The whole control state at one epoch, indexed for the hot path. Immutable: holders swap in a new one."""

    __slots__ = ("epoch", "settings", "frozen_agents", "strict_agents", "_global", "_agents", "_tools")

    def __init__(
        self,
        epoch: int,
        settings: Sequence[ControlSetting] = (),
        frozen_agents: Sequence[str] = (),
        strict_agents: Sequence[str] = (),
    ) -> None:
        """Builds a snapshot; settings in mode ``normal`` are dropped (normal is the absence of a setting).

        Raises:
            ValueError: the epoch is negative, a setting is newer than it, or two settings share a scope.
        """
        if epoch < 0:
            raise ValueError("A snapshot epoch cannot be negative.")
        by_key: dict[str, ControlSetting] = {}
        for setting in settings:
            if setting.epoch > epoch:
                raise ValueError(f"Setting {setting.scope.key} has epoch {setting.epoch}, after the snapshot's {epoch}.")
            if setting.mode != ControlMode.NORMAL:
                if setting.scope.key in by_key:
                    raise ValueError(f"Two settings share scope {setting.scope.key}.")
                by_key[setting.scope.key] = setting
        self.epoch = epoch
        self.settings: tuple[ControlSetting, ...] = tuple(by_key[k] for k in sorted(by_key))
        self.frozen_agents: frozenset[str] = frozenset(frozen_agents)
        self.strict_agents: frozenset[str] = frozenset(strict_agents)
        self._global = by_key.get("global")
        self._agents: dict[str, ControlSetting] = {}
        self._tools: dict[str, dict[str, ControlSetting]] = {}
        for setting in by_key.values():
            if setting.scope.kind == "agent":
                self._agents[setting.scope.agent_id or ""] = setting
            elif setting.scope.kind == "tool":
                self._tools.setdefault(setting.scope.agent_id or "", {})[setting.scope.tool_name or ""] = setting

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "ControlSnapshot":
        """Reads a snapshot in its wire form (``epoch``, ``settings``, ``frozenAgents``, ``strictAgents``)."""
        return cls(
            int(data["epoch"]),
            [ControlSetting.from_json(s) for s in data.get("settings") or ()],
            data.get("frozenAgents") or (),
            data.get("strictAgents") or (),
        )

    def find(self, scope_key: str) -> Optional[ControlSetting]:
        """The setting at ``scope_key``, active or not."""
        if scope_key == "global":
            return self._global
        scope = ControlScope.parse(scope_key)
        if scope.kind == "agent":
            return self._agents.get(scope.agent_id or "")
        return self._tools.get(scope.agent_id or "", {}).get(scope.tool_name or "")

    def resolve(self, agent_id: str, tool_name: Optional[str], now: datetime, ignore_broad_pause: bool) -> EffectiveControl:
        """The most restrictive active mode across the global, agent and (for a tool) tool scopes.

        Ties go to the wider scope: it is checked first and only a strictly more restrictive mode replaces it. With
        ``ignore_broad_pause`` a pause at global or agent scope does not count (a pause drains runs in flight).
        """
        decided = _stronger(None, self._global, now, ignore_broad_pause)
        decided = _stronger(decided, self._agents.get(agent_id), now, ignore_broad_pause)
        if tool_name is not None:
            tools = self._tools.get(agent_id)
            if tools is not None:
                decided = _stronger(decided, tools.get(tool_name), now, False)
        return _NORMAL if decided is None else EffectiveControl(decided.mode, decided)


def _stronger(
    current: Optional[ControlSetting], candidate: Optional[ControlSetting], now: datetime, ignore_pause: bool
) -> Optional[ControlSetting]:
    if (
        candidate is not None
        and not (ignore_pause and candidate.mode == ControlMode.PAUSED)
        and candidate.is_active_at(now)
        and (current is None or candidate.mode > current.mode)
    ):
        return candidate
    return current


@dataclass(frozen=True, slots=True)
class ToolDefinition:
    """A tool of an agent's registry definition: its risk class and, optionally, a declared fail mode."""

    name: str
    risk: RiskClass
    fail_mode: Optional[FailMode] = None

    @property
    def effective_fail_mode(self) -> FailMode:
        """Open for read tools, closed for every risky class, unless declared."""
        return self.fail_mode or default_fail_mode(self.risk)

    @property
    def is_risky(self) -> bool:
        return self.risk != RiskClass.READ

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "ToolDefinition":
        fail_mode = data.get("failMode")
        return cls(data["name"], RiskClass(data["risk"]), FailMode(fail_mode) if fail_mode else None)


def default_fail_mode(risk: RiskClass) -> FailMode:
    """The fail mode of a tool that declares none."""
    return FailMode.OPEN if risk == RiskClass.READ else FailMode.CLOSED


@dataclass(frozen=True, slots=True)
class GuardDecision:
    """The outcome of :class:`ControlDecider` for one tool call or run start.

    Attributes:
        verdict: What to do.
        mode: The mode that applied, after the tool-call rules for pauses.
        decided_by: The setting that imposed ``mode``; ``None`` when normal.
        snapshot_epoch: The epoch of the snapshot decided from.
        agent_id: The agent.
        tool_name: The tool, for tool calls; ``None`` for run starts.
        risk: The risk class a tool call was decided with; ``None`` for run starts.
        failed_closed: Whether the call was blocked because the lease is stale and the tool fails closed.
    """

    verdict: GuardVerdict
    mode: ControlMode
    decided_by: Optional[ControlSetting]
    snapshot_epoch: int
    agent_id: str
    tool_name: Optional[str]
    risk: Optional[RiskClass]
    failed_closed: bool = False

    @property
    def is_execute(self) -> bool:
        return self.verdict == GuardVerdict.EXECUTE

    @property
    def control_epoch(self) -> int:
        """The epoch of ``decided_by``, to bind approvals to; 0 when no setting decided."""
        return self.decided_by.epoch if self.decided_by is not None else 0

    @property
    def message(self) -> Optional[str]:
        """Why the call did not simply execute, in words a model can read; ``None`` for ``execute``."""
        return None if self.verdict == GuardVerdict.EXECUTE else self._build_message()

    def _build_message(self) -> str:
        parts: list[str] = []
        if self.tool_name is not None:
            ending = {
                GuardVerdict.SHADOW: " was not executed: ",
                GuardVerdict.REQUIRE_APPROVAL: " needs human approval: ",
            }.get(self.verdict, " is blocked: ")
            parts += ["Tool ", self.tool_name, ending]
            if self.failed_closed:
                parts.append(
                    "the Firebreak control plane is unreachable (control lease is stale) and this tool fails closed."
                )
                return "".join(parts)
        else:
            ending = {
                GuardVerdict.HOLD: " is not starting new runs: ",
                GuardVerdict.FALLBACK: " serves its fallback: ",
            }.get(self.verdict, " cannot start a run: ")
            parts += ["Agent ", self.agent_id, ending]
        parts.append(self._cause())
        if self.verdict == GuardVerdict.SHADOW:
            parts.append("; the call was recorded, not executed.")
        elif self.verdict == GuardVerdict.REQUIRE_APPROVAL:
            parts.append("; it runs once a human approves these exact arguments.")
        elif self.verdict == GuardVerdict.HOLD:
            parts.append("; the input is held for human review.")
        elif self.verdict == GuardVerdict.BLOCK and self.mode == ControlMode.FALLBACK:
            parts.append("; only read tools run in fallback.")
        else:
            parts.append(".")
        return "".join(parts)

    def _cause(self) -> str:
        setting = self.decided_by
        if setting is None:
            return "no control allows it"
        if setting.scope.kind == "global":
            who = "all agents are "
        elif setting.scope.kind == "agent":
            who = f"agent {setting.scope.agent_id} is "
        else:
            who = f"tool {setting.scope.tool_name} is "
        what = _MODE_WORDS[setting.mode]
        text = f"{who}{what} by {setting.actor} (reason: {setting.reason}"
        if setting.incident_id is not None:
            text += f", incident {setting.incident_id}"
        if setting.expires_at is not None:
            text += f", until {format_round_trip(setting.expires_at)}"
        return text + ")"


_MODE_WORDS = {
    ControlMode.NORMAL: "normal",
    ControlMode.APPROVAL: "under approval",
    ControlMode.SHADOW: "in shadow mode",
    ControlMode.FALLBACK: "in fallback",
    ControlMode.PAUSED: "paused",
    ControlMode.KILLED: "killed",
}


@dataclass(frozen=True, slots=True)
class ControlDecider:
    """The one decision function every enforcement point applies to a tool call or a run start.

    Tool calls, by the most restrictive mode in force (read tool / risky tool): normal executes both; approval
    executes reads and requires approval for risky tools; shadow executes reads and shadows risky tools; fallback
    executes reads and blocks risky tools; a pause at global or agent scope drains (it does not count for tool
    calls), a pause at tool scope blocks new calls of that tool; killed blocks both. With a stale lease a tool that
    fails closed is blocked whatever the snapshot says. Run starts: killed blocks, paused holds, fallback serves the
    fallback, anything else starts the run; tool scopes and the lease take no part.

    Attributes:
        unknown_tool_risk: The risk class of a tool the registry does not know (default ``irreversible``).
    """

    unknown_tool_risk: RiskClass = RiskClass.IRREVERSIBLE

    def decide_tool_call(
        self,
        snapshot: ControlSnapshot,
        agent_id: str,
        tool_name: str,
        tool: Optional[ToolDefinition],
        lease: LeaseState,
        now: datetime,
    ) -> GuardDecision:
        """Decides a tool call; ``tool`` is ``None`` for a tool the registry does not know."""
        risk = tool.risk if tool is not None else self.unknown_tool_risk
        fail_mode = tool.effective_fail_mode if tool is not None else default_fail_mode(risk)
        control = snapshot.resolve(agent_id, tool_name, now, ignore_broad_pause=True)
        if lease != LeaseState.FRESH and fail_mode == FailMode.CLOSED:
            return GuardDecision(
                GuardVerdict.BLOCK, control.mode, control.decided_by, snapshot.epoch, agent_id, tool_name, risk, True
            )
        read = risk == RiskClass.READ
        mode = control.mode
        if mode == ControlMode.NORMAL:
            verdict = GuardVerdict.EXECUTE
        elif mode == ControlMode.APPROVAL:
            verdict = GuardVerdict.EXECUTE if read else GuardVerdict.REQUIRE_APPROVAL
        elif mode == ControlMode.SHADOW:
            verdict = GuardVerdict.EXECUTE if read else GuardVerdict.SHADOW
        elif mode == ControlMode.FALLBACK:
            verdict = GuardVerdict.EXECUTE if read else GuardVerdict.BLOCK
        else:
            verdict = GuardVerdict.BLOCK
        return GuardDecision(verdict, control.mode, control.decided_by, snapshot.epoch, agent_id, tool_name, risk)

    @staticmethod
    def decide_run_start(snapshot: ControlSnapshot, agent_id: str, now: datetime) -> GuardDecision:
        """Decides whether a new run of ``agent_id`` starts."""
        control = snapshot.resolve(agent_id, None, now, ignore_broad_pause=False)
        verdict = {
            ControlMode.KILLED: GuardVerdict.BLOCK,
            ControlMode.PAUSED: GuardVerdict.HOLD,
            ControlMode.FALLBACK: GuardVerdict.FALLBACK,
        }.get(control.mode, GuardVerdict.EXECUTE)
        return GuardDecision(verdict, control.mode, control.decided_by, snapshot.epoch, agent_id, None, None)



def plan_step(decision: GuardDecision) -> str:
    """The pipeline step for a call the argument guardrails passed and no earlier record names: ``block``,
    ``shadow``, ``approval``, ``execute`` (a read: run it, record it after) or ``record`` (a risky tool: record it
    pending before it runs). Guardrails and a repeated key are the server's (``POST /api/v1/decisions``)."""
    if decision.verdict == GuardVerdict.BLOCK:
        return "block"
    if decision.verdict == GuardVerdict.SHADOW:
        return "shadow"
    if decision.verdict == GuardVerdict.REQUIRE_APPROVAL:
        return "approval"
    return "execute" if decision.risk == RiskClass.READ else "record"


@dataclass(frozen=True, slots=True)
class Lease:
    """An enforcement point's lease: fresh for ``ttl`` from each renewal, stale after.

    Fresh while ``now`` is in [``renewed_at``, ``renewed_at + ttl``); a clock that reads earlier than the renewal
    cannot vouch for freshness, so that is stale too.
    """

    renewed_at: datetime
    ttl: timedelta = field(default=timedelta(seconds=5))

    def __post_init__(self) -> None:
        if self.ttl <= timedelta(0):
            raise ValueError("A lease's time to live must be positive.")

    @property
    def stale_at(self) -> datetime:
        return self.renewed_at + self.ttl

    def state_at(self, now: datetime) -> LeaseState:
        elapsed = now - self.renewed_at
        return LeaseState.FRESH if timedelta(0) <= elapsed < self.ttl else LeaseState.STALE

    def renew(self, now: datetime) -> "Lease":
        return Lease(now, self.ttl)
