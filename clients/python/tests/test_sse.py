"""The event-stream parser."""

from __future__ import annotations

from firebreak.sse import SseEvent, SseParser


def _events(parser: SseParser, text: str) -> list[SseEvent]:
    return [e for line in text.splitlines(keepends=True) if (e := parser.feed(line)) is not None]


def test_dispatches_named_events_on_a_blank_line_and_keeps_the_last_id() -> None:
    parser = SseParser()
    events = _events(parser, 'id: 4\nevent: snapshot\ndata: {"epoch":4}\n\nevent: heartbeat\ndata: {}\n\n')
    assert events == [SseEvent("snapshot", '{"epoch":4}', "4"), SseEvent("heartbeat", "{}", "4")]
    assert parser.last_event_id == "4"


def test_joins_data_lines_ignores_comments_and_accepts_crlf() -> None:
    events = _events(SseParser(), ": keep-alive\r\ndata: a\r\ndata:b\r\n\r\n")
    assert events == [SseEvent("message", "a\nb", None)]


def test_a_blank_line_without_data_dispatches_nothing_and_resets_the_event_name() -> None:
    parser = SseParser()
    assert _events(parser, "event: snapshot\n\ndata: x\n\n") == [SseEvent("message", "x", None)]


def test_lines_without_their_line_ending_parse_alike() -> None:
    parser = SseParser()
    assert [parser.feed(line) for line in ["id: 7", "event: heartbeat", "data: {}", ""]][-1] == SseEvent("heartbeat", "{}", "7")
