import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { FirebreakApiError, FirebreakHttp, Guard, type GuardOptions, ToolBlockedError, ToolDeniedError } from "../src/index.js";
import { FirebreakServer, confirmationRows, eventually } from "./support/firebreak-server.js";

const TOOLS = { lookup_order: "read", issue_refund: "financial", send_email: "message" };

/** The options the Vercel AI SDK passes a tool's execute. */
interface SdkCallOptions {
  toolCallId: string;
  messages?: unknown[];
  abortSignal?: AbortSignal;
}

/** A fresh agent per test, so one test's controls never reach another's. */
function agentName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

async function startGuard(server: FirebreakServer, agentId: string, apiKey: string, options: Partial<GuardOptions> = {}): Promise<Guard> {
  const guard = await Guard.start({ serverUrl: server.url, apiKey, agentId, reconnectMinDelayMs: 50, reconnectMaxDelayMs: 500, onError: () => undefined, ...options });
  assert.equal(guard.leaseState, "fresh", "the guard received its first snapshot");
  return guard;
}

async function actionOf(server: FirebreakServer, agentId: string, key: string): Promise<any> {
  const actions = await server.ok<any[]>("GET", `/api/v1/actions?agent=${agentId}&limit=500`);
  return actions.find((a) => a.idempotencyKey === key);
}

/** An effect that runs until its signal aborts, as a slow payment provider call would. */
function blockingEffect() {
  let started!: () => void;
  const running = new Promise<void>((resolve) => {
    started = resolve;
  });
  const state = { signal: null as AbortSignal | null, runs: 0 };
  const effect = (signal: AbortSignal) => {
    state.signal = signal;
    state.runs++;
    started();
    return new Promise<never>((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  };
  return { effect, running, state };
}

describe("Guard against a real Firebreak server", () => {
  let server: FirebreakServer;

  before(async () => {
    server = await FirebreakServer.start({ "Firebreak:Control:LeaseTtl": "00:00:03" });
  });

  after(async () => {
    await server?.dispose();
  });

  test("a call killed mid-call by the CLI stops within one confirmation, and the kill lists this point as confirmed", async () => {
    const agentId = agentName("ts-kill");
    const key = await server.registerAgent(agentId, TOOLS);
    const guard = await startGuard(server, agentId, key);
    try {
      const { effect, running, state } = blockingEffect();
      const call = guard.call("issue_refund", { orderId: "o-1", amount: 40, currency: "EUR" }, effect, { idempotencyKey: "refund-1" });
      const outcome = call.then(() => null, (error: unknown) => error);
      await running;

      const kill = await server.cli(["kill", "--agent", agentId, "--reason", "refund storm", "--wait", "10000"]);

      // The point aborts the call when it swaps the snapshot in, before it acknowledges: once the CLI has the confirmation, the call is stopped.
      assert.equal(state.signal?.aborted, true, "the effect's signal was aborted before the kill was confirmed");
      assert.equal(kill.code, 0, `the kill was confirmed by every point:\n${kill.stdout}${kill.stderr}`);
      const row = confirmationRows(kill.stdout).find((r) => r.point === guard.pointId);
      assert.ok(row, `the confirmation table lists ${guard.pointId}:\n${kill.stdout}`);
      assert.equal(row.confirmed, "yes");

      const error = await outcome;
      assert.ok(error instanceof ToolBlockedError, `the call threw ToolBlockedError, not ${String(error)}`);
      assert.equal(error.message, `Tool issue_refund is blocked: agent ${agentId} is killed by ${error.decision?.decidedBy?.actor} (reason: refund storm).`);
      assert.equal(state.runs, 1);
      assert.equal(await guard.flush(), true);
      assert.equal((await actionOf(server, agentId, "refund-1"))?.outcome, "blocked", "the pending action was completed blocked");

      await assert.rejects(guard.call("lookup_order", { orderId: "o-1" }, () => ({ id: "o-1" })), ToolBlockedError, "a killed agent's reads are blocked too");
    } finally {
      await guard.close();
    }
  });

  test("a revoked tool is blocked and recorded blocked while the agent's other tools run", async () => {
    const agentId = agentName("ts-revoke");
    const key = await server.registerAgent(agentId, TOOLS);
    const guard = await startGuard(server, agentId, key);
    try {
      const change = await server.setMode(agentId, "killed", "wrong refunds", ["issue_refund"]);
      await eventually(() => guard.epoch >= change.epoch, "the guard holds the revocation");
      let runs = 0;
      await assert.rejects(
        guard.call("issue_refund", { orderId: "o-2", amount: 10, currency: "EUR" }, () => ++runs, { idempotencyKey: "revoked-1" }),
        (error: unknown) => error instanceof ToolBlockedError
          && error.message === `Tool issue_refund is blocked: tool issue_refund is killed by ${error.decision?.decidedBy?.actor} (reason: wrong refunds).`,
      );
      assert.equal(runs, 0);
      assert.deepEqual(await guard.call("lookup_order", { orderId: "o-2" }, () => ({ id: "o-2" }), { idempotencyKey: "read-1" }), { id: "o-2" });
      assert.equal(await guard.flush(), true);
      assert.equal((await actionOf(server, agentId, "revoked-1"))?.outcome, "blocked");
      assert.equal((await actionOf(server, agentId, "read-1"))?.outcome, "executed", "the read was recorded after it ran");
    } finally {
      await guard.close();
    }
  });

  test("an approval binds the arguments: approved, the call runs once; other arguments under its key are refused", async () => {
    const agentId = agentName("ts-approve");
    const key = await server.registerAgent(agentId, TOOLS);
    const guard = await startGuard(server, agentId, key);
    try {
      const change = await server.setMode(agentId, "approval", "refund anomaly");
      await eventually(() => guard.epoch >= change.epoch, "the guard holds approval mode");
      const args = { orderId: "o-3", amount: 25, currency: "EUR" };
      let runs = 0;
      const call = guard.call("issue_refund", args, () => ({ refund: ++runs }), { idempotencyKey: "approved-1" });

      let approval: any;
      await eventually(async () => {
        const pending = await server.ok<any[]>("GET", `/api/v1/approvals?status=pending&agent=${agentId}`);
        approval = pending.find((a) => a.idempotencyKey === "approved-1");
        return approval !== undefined;
      }, "the call asked for approval");
      assert.deepEqual(approval.arguments, args);
      assert.equal(runs, 0, "nothing runs before a human approves");
      await server.ok("POST", `/api/v1/approvals/${approval.id}/approve`, { reason: "checked" });

      assert.deepEqual(await call, { refund: 1 });
      assert.equal(runs, 1);
      await assert.rejects(
        guard.call("issue_refund", { ...args, amount: 2500 }, () => ({ refund: ++runs }), { idempotencyKey: "approved-1" }),
        (error: unknown) => error instanceof ToolBlockedError || error instanceof ToolDeniedError,
        "other arguments under the approved key are refused",
      );
      await assert.rejects(
        guard.call("issue_refund", args, () => ({ refund: ++runs }), { idempotencyKey: "approved-1" }),
        ToolBlockedError,
        "the approved call runs at most once",
      );
      assert.equal(runs, 1);
      assert.equal(await guard.flush(), true);
      assert.equal((await actionOf(server, agentId, "approved-1"))?.outcome, "executed");
    } finally {
      await guard.close();
    }
  });

  test("a denied approval throws ToolDeniedError and nothing runs", async () => {
    const agentId = agentName("ts-deny");
    const key = await server.registerAgent(agentId, TOOLS);
    const guard = await startGuard(server, agentId, key);
    try {
      const change = await server.setMode(agentId, "approval", "refund anomaly");
      await eventually(() => guard.epoch >= change.epoch, "the guard holds approval mode");
      let runs = 0;
      const call = guard.call("send_email", { customerId: "c-1", subject: "hi", body: "refunded" }, () => ++runs, { idempotencyKey: "denied-1" });
      const outcome = call.then(() => null, (error: unknown) => error);
      let approval: any;
      await eventually(async () => {
        approval = (await server.ok<any[]>("GET", `/api/v1/approvals?status=pending&agent=${agentId}`))[0];
        return approval !== undefined;
      }, "the call asked for approval");
      await server.ok("POST", `/api/v1/approvals/${approval.id}/deny`, { reason: "not this customer" });
      assert.ok((await outcome) instanceof ToolDeniedError);
      assert.equal(runs, 0);
    } finally {
      await guard.close();
    }
  });

  test("shadow mode returns the simulated result and nothing runs", async () => {
    const agentId = agentName("ts-shadow");
    const key = await server.registerAgent(agentId, TOOLS);
    const guard = await startGuard(server, agentId, key);
    try {
      const change = await server.setMode(agentId, "shadow", "bad release");
      await eventually(() => guard.epoch >= change.epoch, "the guard holds shadow mode");
      let runs = 0;
      const result = await guard.call("issue_refund", { orderId: "o-4", amount: 5, currency: "EUR" }, () => ++runs, { idempotencyKey: "shadow-1" });
      assert.equal(runs, 0);
      assert.notEqual(result, undefined);
      assert.notEqual(result, null);
      assert.equal((await actionOf(server, agentId, "shadow-1"))?.outcome, "shadowed");
      assert.deepEqual(await guard.call("lookup_order", { orderId: "o-4" }, () => "read ran"), "read ran", "reads still run in shadow mode");
    } finally {
      await guard.close();
    }
  });

  test("bad input: a malformed decision request gets 400 problem details, another agent's key gets 403", async () => {
    const agentId = agentName("ts-bad");
    const otherId = agentName("ts-other");
    const key = await server.registerAgent(agentId, TOOLS);
    const otherKey = await server.registerAgent(otherId, TOOLS);

    const missing = await server.api("POST", "/api/v1/decisions", { agentId, arguments: {}, idempotencyKey: "k-1" }, key);
    assert.equal(missing.status, 400);
    assert.match(missing.contentType ?? "", /application\/problem\+json/);
    assert.match(missing.body.detail, /'tool'/, "the problem names the missing member");

    const empty = await server.api("POST", "/api/v1/decisions", { agentId, tool: "", arguments: {}, idempotencyKey: "k-1" }, key);
    assert.equal(empty.status, 400);
    assert.match(empty.contentType ?? "", /application\/problem\+json/);
    assert.ok(Object.keys(empty.body.errors ?? {}).some((field) => field.toLowerCase() === "tool"), `the problem names the field: ${JSON.stringify(empty.body)}`);

    const notJson = await server.api("POST", "/api/v1/decisions", "{ not json", key);
    assert.equal(notJson.status, 400);

    const foreign = new FirebreakHttp(server.url, otherKey);
    await assert.rejects(
      foreign.send("POST", "/api/v1/decisions", { agentId, tool: "issue_refund", arguments: { orderId: "o-5" }, idempotencyKey: "k-2" }),
      (error: unknown) => error instanceof FirebreakApiError && error.status === 403,
    );
    assert.equal(await actionOf(server, agentId, "k-2"), undefined, "a refused request records nothing");

    const errors: unknown[] = [];
    const intruder = await Guard.start({ serverUrl: server.url, apiKey: otherKey, agentId, startTimeoutMs: 1000, onError: (e) => errors.push(e) });
    try {
      assert.equal(intruder.leaseState, "stale", "another agent's key gets no snapshot");
      assert.ok(errors.some((e) => e instanceof FirebreakApiError && e.status === 403), "the stream was refused with 403");
      let runs = 0;
      await assert.rejects(intruder.call("issue_refund", { orderId: "o-5" }, () => ++runs), ToolBlockedError);
      assert.equal(runs, 0);
    } finally {
      await intruder.close();
    }
  });

  test("wrapTool keeps the tool's shape and guards execute, honouring the SDK's abortSignal", async () => {
    const agentId = agentName("ts-wrap");
    const key = await server.registerAgent(agentId, TOOLS);
    const guard = await startGuard(server, agentId, key);
    try {
      const seen: AbortSignal[] = [];
      const lookup = {
        description: "Reads an order.",
        inputSchema: { type: "object" },
        execute: async (args: { orderId: string }, options: SdkCallOptions) => {
          seen.push(options.abortSignal!);
          return { id: args.orderId };
        },
      };
      const wrapped = guard.wrapTool("lookup_order", lookup);
      assert.equal(wrapped.description, lookup.description);
      assert.equal(wrapped.inputSchema, lookup.inputSchema);
      assert.deepEqual(await wrapped.execute({ orderId: "o-6" }, { toolCallId: "call_1", messages: [] }), { id: "o-6" });
      assert.ok(seen[0] instanceof AbortSignal, "the tool got the guard's signal");

      const { effect, running, state } = blockingEffect();
      const slow = guard.wrapTool("lookup_order", { execute: (_: unknown, options: SdkCallOptions) => effect(options.abortSignal!) });
      const sdk = new AbortController();
      const call = slow.execute({}, { toolCallId: "call_2", abortSignal: sdk.signal });
      const outcome = call.then(() => null, (error: unknown) => error);
      await running;
      sdk.abort(new Error("the user stopped the generation"));
      assert.equal(state.signal?.aborted, true, "the SDK's abort reached the tool");
      assert.equal(((await outcome) as Error).message, "the user stopped the generation");

      await server.setMode(agentId, "killed", "stop everything");
      await eventually(() => guard.decide("issue_refund").verdict === "block", "the guard holds the kill");
      let runs = 0;
      const refund = guard.wrapTool("issue_refund", { execute: (_: unknown, _options: SdkCallOptions) => ++runs }, { risk: "financial" });
      await assert.rejects(refund.execute({}, { toolCallId: "call_3" }), ToolBlockedError);
      assert.equal(runs, 0);
    } finally {
      await guard.close();
    }
  });
});

describe("Guard with a stale lease", () => {
  let server: FirebreakServer;

  before(async () => {
    server = await FirebreakServer.start({ "Firebreak:Control:LeaseTtl": "00:00:01" });
  });

  after(async () => {
    await server?.dispose();
  });

  test("with the server stopped, risky tools fail closed while reads run, and the blocks are recorded once it is back", async () => {
    const agentId = agentName("ts-stale");
    const key = await server.registerAgent(agentId, TOOLS);
    const guard = await startGuard(server, agentId, key, { recordRetryDelayMs: 200 });
    try {
      await server.kill();
      await eventually(() => guard.leaseState === "stale", "the lease went stale");

      let runs = 0;
      await assert.rejects(
        guard.call("issue_refund", { orderId: "o-7", amount: 9, currency: "EUR" }, () => ++runs, { idempotencyKey: "stale-1" }),
        (error: unknown) => error instanceof ToolBlockedError
          && error.message === "Tool issue_refund is blocked: the Firebreak control plane is unreachable (control lease is stale) and this tool fails closed.",
      );
      assert.equal(runs, 0);
      assert.deepEqual(await guard.call("lookup_order", { orderId: "o-7" }, () => ({ id: "o-7" }), { idempotencyKey: "stale-read-1" }), { id: "o-7" });

      await server.restart();
      await eventually(() => guard.leaseState === "fresh", "the guard reconnected", 30_000);
      assert.equal(await guard.flush(10_000), true);
      assert.equal((await actionOf(server, agentId, "stale-1"))?.outcome, "blocked", "the fail-closed block reached the ledger once the server was back");
      assert.equal((await actionOf(server, agentId, "stale-read-1"))?.outcome, "executed");
    } finally {
      await guard.close();
    }
  });
});
