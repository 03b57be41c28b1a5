import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { FirebreakHttp, Guard, ToolBlockedError } from "../src/index.js";
import { FirebreakServer, confirmationRows, eventually, freePort } from "./support/firebreak-server.js";
import { PostgresServer } from "./support/postgres-server.js";

const TOOLS = { lookup_order: "read", issue_refund: "financial" };

interface PointRow {
  pointId: string;
  agentId: string | null;
  connected: boolean;
  node: string | null;
}

function agentName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

async function pointOf(node: FirebreakServer, pointId: string): Promise<PointRow | undefined> {
  const points = await node.ok<PointRow[]>("GET", "/api/v1/enforcement-points");
  return points.find((p) => p.pointId === pointId);
}

async function actionOf(node: FirebreakServer, agentId: string, key: string): Promise<any> {
  const actions = await node.ok<any[]>("GET", `/api/v1/actions?agent=${agentId}&limit=500`);
  return actions.find((a) => a.idempotencyKey === key);
}

/** The lease states a guard went through while watched, sampled well inside a heartbeat interval. */
function watchLease(guard: Guard): { stop: () => Set<string> } {
  const seen = new Set<string>();
  const timer = setInterval(() => seen.add(guard.leaseState), 20);
  return {
    stop: () => {
      clearInterval(timer);
      return seen;
    },
  };
}

// One PostgreSQL cluster for the file, and two Firebreak nodes on one database in it; the first node is killed by the
// last test, so the tests before it use both.
describe("Guard failover across Firebreak nodes on one PostgreSQL", () => {
  let postgres: PostgresServer;
  let first: FirebreakServer;
  let second: FirebreakServer;

  before(async () => {
    postgres = await PostgresServer.start();
    const settings = {
      "Firebreak:Storage:Provider": "postgres",
      "Firebreak:Storage:ConnectionString": await postgres.createDatabase("firebreak_ts_failover"),
    };
    // One after the other: the first applies the schema.
    first = await FirebreakServer.start(settings);
    second = await FirebreakServer.start(settings);
  });

  after(async () => {
    await first?.dispose();
    await second?.dispose();
    await postgres?.dispose();
  });

  test("a request that fails to connect moves the client to the next node and is not resent", async () => {
    const agentId = agentName("ts-nosend");
    const key = await second.registerAgent(agentId, TOOLS);
    const down = `http://127.0.0.1:${await freePort()}`;
    const http = new FirebreakHttp([down, second.url], key);
    const body = { agentId, idempotencyKey: "once-1", tool: "lookup_order", arguments: { orderId: "o-1" }, outcome: "executed" };

    await assert.rejects(http.send("POST", "/api/v1/actions", body), TypeError, "the request to the node that is down fails");
    assert.equal(http.serverUrl, second.url, "the next request goes to the next node");
    assert.equal(await actionOf(second, agentId, "once-1"), undefined, "the failed request was not resent to the next node");

    await http.send("POST", "/api/v1/actions", body);
    assert.equal((await actionOf(second, agentId, "once-1"))?.outcome, "executed", "the caller's retry under the same key went to the next node");
  });

  test("a guard whose first address is down starts on the next one", async () => {
    const agentId = agentName("ts-skip");
    const key = await second.registerAgent(agentId, TOOLS);
    const down = `http://127.0.0.1:${await freePort()}`;
    const guard = await Guard.start({ serverUrls: [down, second.url], apiKey: key, agentId, reconnectMinDelayMs: 50, reconnectMaxDelayMs: 500, onError: () => undefined });
    try {
      assert.equal(guard.leaseState, "fresh", "the guard received its first snapshot from the second address");
      assert.equal(guard.serverUrl, second.url);
      assert.equal((await pointOf(second, guard.pointId))?.connected, true);
    } finally {
      await guard.close();
    }
  });

  test("after kill -9 of its node the guard moves to the other within its lease, keeps its point id, confirms a kill issued there and records its calls there", async () => {
    const agentId = agentName("ts-failover");
    const key = await first.registerAgent(agentId, TOOLS);
    const guard = await Guard.start({
      serverUrls: [first.url, second.url], apiKey: key, agentId, reconnectMinDelayMs: 50, reconnectMaxDelayMs: 500, onError: () => undefined,
    });
    try {
      assert.equal(guard.leaseState, "fresh", "the guard received its first snapshot");
      assert.equal(guard.serverUrl, first.url, "the guard starts on the first node");
      const pointId = guard.pointId;
      await guard.call("issue_refund", { orderId: "o-1", amount: 5, currency: "EUR" }, () => "refunded", { idempotencyKey: "before-move" });

      // Both nodes share the point table: the second sees the point connected to the first.
      await eventually(async () => (await pointOf(second, pointId))?.connected === true, "the second node lists the point connected");
      const home = (await pointOf(second, pointId))!.node;

      const lease = watchLease(guard);
      await first.kill();
      await eventually(async () => {
        const point = await pointOf(second, pointId);
        return point?.connected === true && point.node !== home;
      }, "the point is connected to the second node", 30_000);
      const states = lease.stop();

      assert.equal(guard.serverUrl, second.url, "the guard moved to the second node");
      assert.equal(guard.pointId, pointId, "the point kept its id");
      assert.ok(!states.has("stale"), "the lease never went stale while the point moved");
      const points = await second.ok<PointRow[]>("GET", "/api/v1/enforcement-points");
      assert.deepEqual(points.filter((p) => p.agentId === agentId).map((p) => p.pointId), [pointId], "the moved point is the agent's only point");

      await guard.call("issue_refund", { orderId: "o-2", amount: 7, currency: "EUR" }, () => "refunded", { idempotencyKey: "after-move" });
      assert.equal(await guard.flush(), true);
      const recorded = await actionOf(second, agentId, "after-move");
      assert.equal(recorded?.outcome, "executed", "the risky call after the move is on the ledger");
      assert.equal((await actionOf(second, agentId, "before-move"))?.outcome, "executed", "the call recorded through the first node is still there");

      const kill = await second.cli(["kill", "--agent", agentId, "--reason", "failover drill", "--wait", "10000"]);
      assert.equal(kill.code, 0, `the kill was confirmed by every point:\n${kill.stdout}${kill.stderr}`);
      const row = confirmationRows(kill.stdout).find((r) => r.point === pointId);
      assert.ok(row, `the confirmation table lists ${pointId}:\n${kill.stdout}`);
      assert.equal(row.confirmed, "yes");
      await assert.rejects(guard.call("issue_refund", { orderId: "o-3", amount: 9, currency: "EUR" }, () => "refunded"), ToolBlockedError, "the kill holds at the moved point");
    } finally {
      await guard.close();
    }
  });
});
