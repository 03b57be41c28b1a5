"""Runs the repository's decision conformance table (``conformance/decisions.json``) against the Python port of the
control decision: every case's decision members, and the step for cases the guard plans itself (those without
``guardrails`` or ``prior``, which are the server's)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from firebreak.control import (
    ControlDecider,
    ControlSnapshot,
    LeaseState,
    RiskClass,
    ToolDefinition,
    parse_time,
    plan_step,
)

TABLE = Path(__file__).resolve().parents[3] / "conformance" / "decisions.json"


def _cases() -> list[Any]:
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    assert table["version"] == 1
    return [pytest.param(case, id=case["name"]) for case in table["cases"]]


def test_table_covers_both_kinds_of_decision() -> None:
    kinds = {case.values[0]["kind"] for case in _cases()}
    assert kinds == {"tool_call", "run_start"}


@pytest.mark.parametrize("case", _cases())
def test_decides_as_the_conformance_table_says(case: dict[str, Any]) -> None:
    snapshot = ControlSnapshot.from_json(case["snapshot"])
    now = parse_time(case["now"])
    expect = case["expect"]
    if case["kind"] == "run_start":
        decision = ControlDecider.decide_run_start(snapshot, case["agent"], now)
    else:
        decider = ControlDecider(RiskClass(case.get("unknownToolRisk", "irreversible")))
        definition = case.get("definition")
        decision = decider.decide_tool_call(
            snapshot,
            case["agent"],
            case["tool"],
            ToolDefinition.from_json(definition) if definition else None,
            LeaseState(case["lease"]),
            now,
        )
        assert decision.failed_closed == expect["failedClosed"]
        if "guardrails" not in case and "prior" not in case:
            assert plan_step(decision) == expect["step"]
    assert decision.verdict.value == expect["verdict"]
    assert decision.mode.wire == expect["mode"]
    assert (decision.decided_by.scope.key if decision.decided_by else None) == expect["decidedBy"]
    if "message" in expect and "guardrails" not in case and "prior" not in case:
        assert decision.message == expect["message"]
