"""A server-sent events parser (the WHATWG event-stream format), fed line by line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

__all__ = ["SseEvent", "SseParser"]


@dataclass(frozen=True, slots=True)
class SseEvent:
    """One dispatched event: its type (``message`` when unnamed), data lines joined by newlines, and last event id."""

    event: str
    data: str
    id: Optional[str]


class SseParser:
    """Turns lines of a ``text/event-stream`` into events. Keeps the last event id across events, as the format says,
    so a reconnect can send it as ``Last-Event-ID``."""

    def __init__(self) -> None:
        self.last_event_id: Optional[str] = None
        self.retry_ms: Optional[int] = None
        self._event = ""
        self._data: list[str] = []

    def feed(self, line: str) -> Optional[SseEvent]:
        """Consumes one line, with or without its line ending (httpx before 0.26 keeps it); returns the event a
        blank line dispatches, if any."""
        line = line.rstrip("\r\n")
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif name == "retry" and value.isdigit():
            self.retry_ms = int(value)
        return None

    def _dispatch(self) -> Optional[SseEvent]:
        if not self._data:
            self._event = ""
            return None
        event = SseEvent(self._event or "message", "\n".join(self._data), self.last_event_id)
        self._event = ""
        self._data = []
        return event
