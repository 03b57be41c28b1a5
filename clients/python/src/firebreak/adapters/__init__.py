"""Adapters that put framework tools under a :class:`~firebreak.Guard`. Each imports its framework lazily, so the
core package never needs it: ``pip install 'firebreak[openai-agents]'`` or ``'firebreak[langchain]'``."""

from .langchain import guard_langchain_tool
from .openai_agents import guard_function_tool

__all__ = ["guard_function_tool", "guard_langchain_tool"]
