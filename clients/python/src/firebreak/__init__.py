"""Firebreak for Python agents: a guard that follows the control plane, decides every tool call like the .NET SDK
and the MCP gateway do, records risky calls before they run, and stops calls a kill reaches.

    async with Guard.start("http://127.0.0.1:5080", api_key, "support") as guard:
        @guard.tool(risk="financial")
        async def issue_refund(order_id: str, amount: float) -> dict: ...
"""

__version__ = "0.1.0"

from .control import (  # noqa: E402 (the version comes first: guard.py reports it)
    ControlDecider,
    ControlMode,
    ControlSnapshot,
    GuardDecision,
    GuardVerdict,
    Lease,
    LeaseState,
    RiskClass,
    ToolDefinition,
)
from .errors import FirebreakApiError, ToolBlocked, ToolDenied  # noqa: E402
from .guard import Guard, RunStart, current_run_id  # noqa: E402

__all__ = [
    "ControlDecider",
    "ControlMode",
    "ControlSnapshot",
    "FirebreakApiError",
    "Guard",
    "GuardDecision",
    "GuardVerdict",
    "Lease",
    "LeaseState",
    "RiskClass",
    "RunStart",
    "ToolBlocked",
    "ToolDefinition",
    "ToolDenied",
    "__version__",
    "current_run_id",
]
