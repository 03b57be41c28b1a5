"""``@guard.tool``: plain functions as guarded tools."""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Coroutine, Mapping, Optional, TypeVar

from .control import RiskClass
from .guard import canonical_digest, current_run_id

if TYPE_CHECKING:
    from .guard import Guard

__all__ = ["derive_key", "guarded", "run_on_guard_loop"]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

_log = logging.getLogger("firebreak")

_RESERVED = ("idempotency_key", "run_id", "correlation_id", "entities", "amount", "currency")


def guarded(guard: "Guard", *, risk: Optional[str] = None, name: Optional[str] = None) -> Callable[[F], F]:
    """Wraps a function so each call goes through ``guard.call``.

    The tool is named ``name`` (default: the function's name) in the agent's registry entry, which decides its risk
    class: ``risk`` declares what the author expects, and a registry entry that says otherwise is logged, because the
    registry is what every enforcement point decides by.

    The wrapped function takes its own arguments plus these keyword-only ones, which it does not pass on unless it
    declares a parameter of that name (a function's own ``amount`` and ``currency`` are also recorded as the
    action's amount and currency):
    ``idempotency_key`` (default: derived per call — within a run, from the run, the tool and the arguments, so a
    model repeating the same call in a run gets it refused rather than run twice; outside a run, a new key),
    ``run_id``, ``correlation_id``, ``entities``, ``amount`` and ``currency`` (see :meth:`Guard.call`).

    An ``async def`` stays a coroutine function. A plain ``def`` stays synchronous: call it from a thread other
    than the guard's event loop (it runs there in a worker thread); its wrapper's ``acall`` is the coroutine form.
    A kill cancels a synchronous function's wait, not the thread, which finishes in the background.
    """
    declared = RiskClass(risk) if risk is not None else None

    def decorate(fn: F) -> F:
        tool = name or fn.__name__
        signature = inspect.signature(fn)
        is_async = inspect.iscoroutinefunction(fn)

        # A parameter of the function keeps its name: only the options it does not declare are the guard's.
        reserved = [k for k in _RESERVED if k not in signature.parameters]

        async def acall(*args: Any, **kwargs: Any) -> Any:
            options = {k: kwargs.pop(k) for k in reserved if k in kwargs}
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            for money in ("amount", "currency"):
                if money in arguments and money not in options:
                    options[money] = arguments[money]
            _check_risk(guard, tool, declared)
            if "idempotency_key" not in options:
                options["idempotency_key"] = derive_key(tool, arguments, options.get("run_id"))
            effect: Callable[[], Awaitable[Any]]
            if is_async:
                effect = functools.partial(fn, *bound.args, **bound.kwargs)
            else:
                effect = functools.partial(asyncio.to_thread, fn, *bound.args, **bound.kwargs)
            return await guard.call(tool, arguments, effect, **options)

        if is_async:

            @functools.wraps(fn)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                return await acall(*args, **kwargs)

            wrapper: Any = async_wrapper
        else:

            @functools.wraps(fn)
            def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
                return run_on_guard_loop(guard, tool, lambda: acall(*args, **kwargs))

            wrapper = sync_wrapper
        wrapper.acall = acall
        wrapper.tool_name = tool
        wrapper.risk = declared
        return wrapper  # type: ignore[no-any-return]

    return decorate


def _check_risk(guard: "Guard", tool: str, declared: Optional[RiskClass]) -> None:
    state = guard._state
    if declared is None or state is None:
        return
    definition = state.tools.get(tool)
    if definition is not None and definition.risk != declared:
        _log.warning(
            "firebreak: %s is declared %s but registered %s; the registry decides",
            tool,
            declared.value,
            definition.risk.value,
        )


def derive_key(tool: str, arguments: Mapping[str, Any], run_id: Optional[str] = None, call_id: Optional[str] = None) -> Optional[str]:
    """The idempotency key of a call that names none: within a run, the run, the tool and the framework's call id
    (or, without one, a digest of the arguments); outside a run ``None``, so :meth:`Guard.call` makes a new one."""
    run = run_id or current_run_id.get()
    if run is None:
        return None
    return f"{run}:{tool}:{call_id or canonical_digest(arguments)}"


def run_on_guard_loop(guard: "Guard", tool: str, call: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Runs a guarded call from a synchronous caller on another thread, on the guard's event loop, and waits for it.

    Raises:
        RuntimeError: The guard is not started, or the caller is on the guard's loop, which waiting would block.
    """
    loop = guard._loop
    if loop is None:
        raise RuntimeError("The guard is not started: use 'async with Guard.start(...)'.")
    try:
        running: Optional[asyncio.AbstractEventLoop] = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        raise RuntimeError(
            f"{tool} is synchronous and was called on the guard's event loop, which waiting would block: "
            "use its coroutine form instead."
        )
    return asyncio.run_coroutine_threadsafe(call(), loop).result()
