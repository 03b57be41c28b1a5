"""Exceptions the guard raises."""

from __future__ import annotations

from typing import Any, Mapping, Optional

from .control import GuardDecision

__all__ = ["FirebreakApiError", "ToolBlocked", "ToolDenied"]


class ToolBlocked(Exception):
    """A tool call Firebreak did not let run: a control (kill, revoke, fallback, a stale lease), a guardrail, a
    repeated idempotency key, or a kill that reached the call while it ran.

    ``str(exc)`` is the message a model can read.

    Attributes:
        message: Why, in words a model and an operator can read.
        tool: The tool called.
        reason: ``control``, ``guardrail``, ``replay``, ``approval_denied``, ``unrecorded`` (the server could not
            record it), ``killed_in_flight`` or ``unreachable`` (the server could not be asked).
        decision: The local control decision, when the guard decided locally.
        control: The setting in force as the server reported it (wire form), when the server decided.
        action: The ledger record of the refused call, when the server returned it.
    """

    def __init__(
        self,
        message: str,
        tool: str,
        *,
        reason: str = "control",
        decision: Optional[GuardDecision] = None,
        control: Optional[Mapping[str, Any]] = None,
        action: Optional[Mapping[str, Any]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.tool = tool
        self.reason = reason
        self.decision = decision
        self.control = control
        self.action = action


class ToolDenied(ToolBlocked):
    """A call that needed human approval and did not get it: denied, expired, or not decided in time."""


class FirebreakApiError(Exception):
    """The Firebreak server refused a request; ``problem`` holds its RFC 9457 problem details when it sent them.

    Attributes:
        status: The HTTP status code.
        problem: The problem details (``title``, ``detail``, ``errors``...), or an empty mapping.
    """

    def __init__(self, status: int, problem: Mapping[str, Any], method: str, path: str) -> None:
        detail = problem.get("detail") or problem.get("title") or "no details"
        super().__init__(f"{method} {path} answered {status}: {detail}")
        self.status = status
        self.problem = problem
