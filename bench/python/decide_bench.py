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
    """The snapshot of bench/Firebreak.Benchmarks/GuardDecisionBenchmarks.cs: 1,000 other agents' shadowed refunds and
    the agent under test's revoked send_email, so the lookups are not trivially small."""
    settings = [
        ControlSetting(ControlScope.parse(f"tool:agent-{i}/issue_refund"), ControlMode.SHADOW, i + 1, "bench", "setup", now)
        for i in range(1000)
    ]
    settings.append(ControlSetting(ControlScope.parse("tool:support/send_email"), ControlMode.KILLED, 1001, "bench", "setup", now))
    return ControlSnapshot(1001, settings)


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

    def decide(agent: str, tool: ToolDefinition, state: LeaseState) -> object:
        return decider.decide_tool_call(snapshot, agent, tool.name, tool, state, now)

    # The cases of GuardDecisionBenchmarks.cs, plus the guard's own path: the lease read from the clock, then the decision.
    cases = {
        "allow: financial tool, normal": lambda: decide("support", refund, LeaseState.FRESH),
        "allow: read tool, stale lease (fails open)": lambda: decide("support", read, LeaseState.STALE),
        "block: financial tool, stale lease (fails closed)": lambda: decide("support", refund, LeaseState.STALE),
        "shadow: another agent's shadowed tool": lambda: decide("agent-500", refund, LeaseState.FRESH),
        "guard path: lease + allow": lambda: decide("support", refund, lease.state_at(datetime.now(timezone.utc))),
    }
    print(f"python {platform.python_version()} ({platform.python_implementation()}), load {os.getloadavg()}")
    for name, case in cases.items():
        best = min(timeit.repeat(case, number=args.number, repeat=5)) / args.number
        print(f"{name:50s} {best * 1e6:8.2f} µs/call")


if __name__ == "__main__":
    main()
