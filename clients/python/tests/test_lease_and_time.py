"""The lease and the time formats of the port (the conformance table covers the decision itself)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from firebreak.control import Lease, LeaseState, format_round_trip, parse_time

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def test_a_lease_is_fresh_from_its_renewal_until_its_time_to_live_ends() -> None:
    lease = Lease(T0, timedelta(seconds=5))
    assert lease.state_at(T0) == LeaseState.FRESH
    assert lease.state_at(T0 + timedelta(seconds=4.999)) == LeaseState.FRESH
    assert lease.state_at(T0 + timedelta(seconds=5)) == LeaseState.STALE
    assert lease.renew(T0 + timedelta(seconds=5)).state_at(T0 + timedelta(seconds=6)) == LeaseState.FRESH


def test_a_clock_earlier_than_the_renewal_cannot_vouch_for_freshness() -> None:
    assert Lease(T0, timedelta(seconds=5)).state_at(T0 - timedelta(milliseconds=1)) == LeaseState.STALE


def test_a_lease_needs_a_positive_time_to_live() -> None:
    with pytest.raises(ValueError):
        Lease(T0, timedelta(0))


@pytest.mark.parametrize(
    "text",
    ["2026-06-01T12:00:00Z", "2026-06-01T12:00:00+00:00", "2026-06-01T12:00:00.0000000+00:00", "2026-06-01T14:00:00+02:00"],
)
def test_parses_the_instants_dotnet_writes(text: str) -> None:
    assert parse_time(text) == T0


def test_formats_like_dotnets_round_trip_format() -> None:
    assert format_round_trip(T0 + timedelta(microseconds=123456)) == "2026-06-01T12:00:00.1234560+00:00"
    assert format_round_trip(parse_time("2026-06-01T13:00:00-05:30")) == "2026-06-01T13:00:00.0000000-05:30"


def test_refuses_what_is_not_a_time() -> None:
    with pytest.raises(ValueError):
        parse_time("yesterday")
