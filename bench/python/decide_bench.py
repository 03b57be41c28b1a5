"""The Python guard's local decision cost per tool call: what ``Guard.call`` spends deciding before a read runs or a
blocked call is refused (``ControlDecider.decide_tool_call`` on the snapshot in force, plus the lease check), and the
message of a blocked call. Prints microseconds per call for each case; run with the package installed:

    python bench/python/decide_bench.py [--number 200000]
"""

from __future__ import annotations

import argparse
import os
import platform
import timeit
from datetime import datetime, timedelta, timezone

from firebreak.control import (
    ControlDecider,
    ControlMode,
    ControlScope,
    ControlSetting,
    ControlSnapshot,
    Lease,
    LeaseState,
    RiskClass,
    ToolDefinition,
)


def _snapshot(now: datetime) -> ControlSnapshot:
    """A fleet-sized snapshot: approval settings for 50 other agents and one revoked tool of the agent under test."""
    settings = [
        ControlSetting(ControlScope.parse(f"agent:other-{i}"), ControlMode.APPROVAL, i + 1, "alice", "drill", now)
        for i in range(50)
    ]
    settings.append(
        ControlSetting(ControlScope.parse("tool:support/delete_account"), ControlMode.KILLED, 60, "alice", "wrong deletes", now)
    )
    return ControlSnapshot(61, settings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--number", type=int, default=200_000)
    args = parser.parse_args()
    now = datetime.now(timezone.utc)
    snapshot = _snapshot(now)
    decider = ControlDecider()
    lease = Lease(now, timedelta(seconds=5))
    read = ToolDefinition("lookup_order", RiskClass.READ)
    refund = ToolDefinition("issue_refund", RiskClass.FINANCIAL)
    revoked = ToolDefinition("delete_account", RiskClass.IRREVERSIBLE)

    def decide(tool: ToolDefinition) -> object:
        return decider.decide_tool_call(snapshot, "support", tool.name, tool, lease.state_at(now), now)

    cases = {
        "read tool, normal (execute)": lambda: decide(read),
        "financial tool, normal (execute)": lambda: decide(refund),
        "revoked tool (block)": lambda: decide(revoked),
        "revoked tool (block) + message": lambda: decide(revoked).message,  # type: ignore[attr-defined]
        "stale lease, financial (failed closed)": lambda: decider.decide_tool_call(
            snapshot, "support", "issue_refund", refund, LeaseState.STALE, now
        ),
    }
    print(f"python {platform.python_version()} ({platform.python_implementation()}), load {os.getloadavg()}")
    for name, case in cases.items():
        best = min(timeit.repeat(case, number=args.number, repeat=5)) / args.number
        print(f"{name:42s} {best * 1e6:8.2f} µs/call")


if __name__ == "__main__":
    main()
