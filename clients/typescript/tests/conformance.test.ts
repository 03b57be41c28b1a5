import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { type ControlSnapshot, type RiskClass, type ToolDefinition, decideRunStart, decideToolCall, stepOf } from "../src/index.js";
import type { LeaseState } from "../src/lease.js";

interface ConformanceCase {
  name: string;
  kind: "tool_call" | "run_start";
  now: string;
  agent: string;
  snapshot: ControlSnapshot;
  tool?: string;
  definition?: ToolDefinition | null;
  unknownToolRisk?: RiskClass;
  lease?: LeaseState;
  guardrails?: string;
  prior?: string;
  expect: { verdict: string; mode: string; decidedBy: string | null; failedClosed?: boolean; step?: string; message?: string };
}

// The repository's own table, not a copy: every enforcement point runs the same file (compiled, this test sits in build/tests).
const tablePath = new URL("../../../../conformance/decisions.json", import.meta.url);
const table = JSON.parse(readFileSync(tablePath, "utf8")) as { version: number; cases: ConformanceCase[] };

describe("conformance/decisions.json", () => {
  test("is version 1 and has cases of both kinds", () => {
    assert.equal(table.version, 1);
    assert.ok(table.cases.some((c) => c.kind === "tool_call"));
    assert.ok(table.cases.some((c) => c.kind === "run_start"));
  });

  for (const c of table.cases) {
    test(c.name, () => {
      const now = Date.parse(c.now);
      const decision = c.kind === "tool_call"
        ? decideToolCall(c.snapshot, c.agent, c.tool!, c.definition ?? null, c.lease!, now, c.unknownToolRisk ? { unknownToolRisk: c.unknownToolRisk } : undefined)
        : decideRunStart(c.snapshot, c.agent, now);
      assert.equal(decision.verdict, c.expect.verdict, "verdict");
      assert.equal(decision.mode, c.expect.mode, "mode");
      assert.equal(decision.decidedBy?.scope ?? null, c.expect.decidedBy, "decidedBy");
      if (c.expect.failedClosed !== undefined) {
        assert.equal(decision.failedClosed, c.expect.failedClosed, "failedClosed");
      }

      // The guardrail and repeated-key steps are the server's (POST /api/v1/decisions); so are their messages.
      const local = c.guardrails === undefined && c.prior === undefined;
      if (local && c.expect.step !== undefined) {
        assert.equal(stepOf(decision), c.expect.step, "step");
      }

      if (local && c.expect.message !== undefined) {
        assert.equal(decision.message, c.expect.message, "message");
      }
    });
  }
});
