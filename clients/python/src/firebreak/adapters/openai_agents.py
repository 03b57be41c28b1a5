"""The OpenAI Agents SDK: function tools under the guard."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import ToolBlocked
from ..tools import derive_key

if TYPE_CHECKING:
    from ..guard import Guard

__all__ = ["guard_function_tool"]

T = TypeVar("T")


def guard_function_tool(guard: "Guard", tool: T, *, on_blocked: str = "return") -> T:
    """A copy of an Agents SDK ``FunctionTool`` whose every invocation goes through ``guard.call``.

    The tool's ``name`` is its registry name; the model's JSON arguments are the recorded arguments. Within a run
    the idempotency key is the run, the tool and the SDK's ``tool_call_id``, so a retried tool call is one call.

    Args:
        guard: A started guard.
        tool: A ``FunctionTool`` (anything with ``name`` and ``on_invoke_tool(ctx, input_json)``).
        on_blocked: ``return`` (default) hands the refusal's message to the model as the tool's output, so it can
            tell the user; ``raise`` lets :class:`~firebreak.ToolBlocked` end the agent's turn.
    """
    if on_blocked not in ("return", "raise"):
        raise ValueError("on_blocked must be 'return' or 'raise'.")
    name: str = getattr(tool, "name")
    original = getattr(tool, "on_invoke_tool")

    async def on_invoke_tool(ctx: Any, input_json: str) -> Any:
        arguments = json.loads(input_json) if input_json else {}
        key = derive_key(name, arguments, call_id=getattr(ctx, "tool_call_id", None))
        try:
            return await guard.call(name, arguments, lambda: _invoke(original, ctx, input_json), idempotency_key=key)
        except ToolBlocked as blocked:
            if on_blocked == "raise":
                raise
            return blocked.message

    if dataclasses.is_dataclass(tool) and not isinstance(tool, type):
        return dataclasses.replace(tool, on_invoke_tool=on_invoke_tool)
    guarded = copy.copy(tool)
    setattr(guarded, "on_invoke_tool", on_invoke_tool)
    return guarded


async def _invoke(original: Any, ctx: Any, input_json: str) -> Any:
    return await original(ctx, input_json)
