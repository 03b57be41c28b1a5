"""LangChain: tools under the guard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from ..errors import ToolBlocked
from ..tools import derive_key, run_on_guard_loop

if TYPE_CHECKING:
    from ..guard import Guard

__all__ = ["guard_langchain_tool", "invoke_guarded"]


async def invoke_guarded(guard: "Guard", tool: Any, arguments: Mapping[str, Any], *, on_blocked: str = "return") -> Any:
    """Invokes a LangChain tool (anything with ``name`` and ``ainvoke(input)``) through ``guard.call``."""
    name: str = tool.name
    arguments = dict(arguments)
    async def invoke() -> Any:
        return await tool.ainvoke(arguments)

    try:
        return await guard.call(name, arguments, invoke, idempotency_key=derive_key(name, arguments))
    except ToolBlocked as blocked:
        if on_blocked == "raise":
            raise
        return blocked.message


def guard_langchain_tool(guard: "Guard", tool: Any, *, on_blocked: str = "return") -> Any:
    """A ``StructuredTool`` with the same name, description and arguments schema as ``tool`` whose every invocation
    goes through ``guard.call``. ``ainvoke`` runs on the guard's loop; ``invoke`` from another thread hands the call
    to that loop.

    Args:
        guard: A started guard.
        tool: A LangChain ``BaseTool``.
        on_blocked: ``return`` (default) gives the refusal's message to the model as the tool's output; ``raise``
            lets :class:`~firebreak.ToolBlocked` propagate.

    Raises:
        ImportError: ``langchain-core`` is not installed (``pip install 'firebreak[langchain]'``).
    """
    if on_blocked not in ("return", "raise"):
        raise ValueError("on_blocked must be 'return' or 'raise'.")
    try:
        from langchain_core.tools import StructuredTool  # type: ignore[import]
    except ImportError as missing:
        raise ImportError("guard_langchain_tool needs langchain-core: pip install 'firebreak[langchain]'.") from missing

    async def coroutine(**kwargs: Any) -> Any:
        return await invoke_guarded(guard, tool, kwargs, on_blocked=on_blocked)

    def func(**kwargs: Any) -> Any:
        return run_on_guard_loop(guard, tool.name, lambda: coroutine(**kwargs))

    return StructuredTool.from_function(
        func=func,
        coroutine=coroutine,
        name=tool.name,
        description=tool.description,
        args_schema=tool.args_schema,
    )
