import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { performance } from "node:perf_hooks";
import type { ControlSnapshot, RiskClass, ToolDefinition } from "./control.js";
import { type GuardDecision, decideRunStart, decideToolCall } from "./decision.js";
import { FirebreakApiError, ToolBlockedError, ToolDeniedError } from "./errors.js";
import { FirebreakHttp } from "./http.js";
import { Lease, type LeaseState } from "./lease.js";
import { Outbox } from "./outbox.js";
import { readServerSentEvents } from "./sse.js";
import type {
  ActionOutcome,
  AgentDefinition,
  Approval,
  ControlHeartbeatEvent,
  ControlSnapshotEvent,
  DecisionRequest,
  DecisionResponse,
  EntityRef,
  HeldItem,
  RunRecord,
} from "./wire.js";

/** Settings of a {@link Guard}. */
export interface GuardOptions {
  /** The Firebreak server, such as `http://127.0.0.1:5080`. Required unless `serverUrls` is given. */
  serverUrl?: string | URL;
  /**
   * The nodes of a Firebreak cluster (several servers on one PostgreSQL database), tried in this order. The guard sends
   * every request to one node and moves to the next when a request to it fails to connect; its stream reconnects there
   * with `Last-Event-ID` under the same point id and key, and queued records are retried there under their
   * idempotency keys. A call whose request failed is not resent. Takes precedence over `serverUrl`. Default: the one
   * server of `serverUrl`.
   */
  serverUrls?: ReadonlyArray<string | URL>;
  /** The agent's API key. */
  apiKey: string;
  /** The registered agent this guard enforces controls for. */
  agentId: string;
  /** This enforcement point's id, shown to operators in confirmations. Default `<agent>-<8 random hex digits>`. */
  pointId?: string;
  /** The host name reported to the server. Default `os.hostname()`. */
  host?: string;
  /** The agent's software version reported to the server. Default none. */
  version?: string;
  /** The risk class of a tool the registry does not define. Default `irreversible`, as on the server. */
  unknownToolRisk?: RiskClass;
  /** How long {@link Guard.start} waits for the first snapshot; after it the guard starts stale, so risky tools fail closed until the stream connects. Default 5000 ms. */
  startTimeoutMs?: number;
  /** How long a call waits for a human before it is denied. Default 45000 ms, the server's default. */
  approvalTimeoutMs?: number;
  /** The longest single long-poll for an approval decision. Default 20000 ms. */
  approvalPollWaitMs?: number;
  /** The first reconnect delay after the stream drops; doubled per failed attempt, with jitter. Default 250 ms. */
  reconnectMinDelayMs?: number;
  /** The cap on the reconnect delay. Default 10000 ms. */
  reconnectMaxDelayMs?: number;
  /** How long records that could not be sent wait before they are retried, unless a stream event shows the server is back first. Default 2000 ms. */
  recordRetryDelayMs?: number;
  /** How long {@link Guard.close} waits to flush records still queued. Default 5000 ms. */
  flushTimeoutMs?: number;
  /** Told about background failures (a record the server refused, an acknowledgement lost). Default: a process warning. */
  onError?: (error: unknown) => void;
  /** The `fetch` to use. Default the platform's. */
  fetch?: typeof fetch;
}

/** One tool call's details besides the tool and its arguments. */
export interface CallOptions {
  /** Unique per agent and logical call: a retry of the same call must reuse it, so the action runs at most once. Default a new random key. */
  idempotencyKey?: string;
  /** The run making the call. */
  runId?: string;
  correlationId?: string;
  releaseId?: string;
  /** Things the call touches. */
  entities?: EntityRef[];
  /** The amount at stake, and its currency. */
  amount?: number;
  currency?: string;
  /**
   * The risk class the caller declares, used only for a tool the registry does not define. A declared `read` never
   * makes an unregistered tool run unrecorded: the registry says what is a read.
   */
  risk?: RiskClass;
  /** Cancels the call from outside; the effect's signal follows it too. */
  signal?: AbortSignal;
}

/** What {@link Guard.startRun} did. */
export type RunStart =
  | { outcome: "started"; decision: GuardDecision; run: RunRecord }
  | { outcome: "blocked"; decision: GuardDecision; message: string }
  | { outcome: "held"; decision: GuardDecision; message: string; held: HeldItem }
  | { outcome: "fallback"; decision: GuardDecision; message: string; fallback: AgentDefinition["fallback"] | null };

/** The members of a Vercel AI SDK `tool()` definition a guard reads; typed structurally so this package does not depend on `ai`. */
export interface ToolExecutionOptions {
  /** The model's id of this tool call. */
  toolCallId: string;
  /** Aborts the call (the user stopped the generation). */
  abortSignal?: AbortSignal;
  [member: string]: unknown;
}

/**
 * A tool definition with an `execute(args, options)` function, such as the Vercel AI SDK's `tool()` returns. Its
 * parameters are `any` so that any tool's own argument and option types fit.
 */
export interface ExecutableTool {
  execute?: (args: any, options: any) => unknown;
}

type Execute<T extends ExecutableTool> = NonNullable<T["execute"]>;

/** What {@link Guard.wrapTool} returns: the same definition, whose `execute` runs guarded and always returns a promise. */
export type GuardedTool<T extends ExecutableTool> = Omit<T, "execute"> & {
  execute: (args: Parameters<Execute<T>>[0], options?: Parameters<Execute<T>>[1]) => Promise<Awaited<ReturnType<Execute<T>>>>;
};

/** Options of {@link Guard.wrapTool}. */
export interface WrapToolOptions {
  /** See {@link CallOptions.risk}. */
  risk?: RiskClass;
  /** The run each call belongs to, read at call time. */
  runId?: () => string | undefined;
  /** What a call touches and the amount at stake, from its arguments, for the ledger. */
  details?: (args: any) => Pick<CallOptions, "entities" | "amount" | "currency">;
  /** The key of a call; default `<point id>:<tool>:<toolCallId>`, or a random key when the SDK gave no call id. */
  idempotencyKey?: (args: unknown, options: ToolExecutionOptions | undefined) => string;
}

interface GuardState {
  snapshot: ControlSnapshot;
  tools: Map<string, ToolDefinition>;
  agent: AgentDefinition | null;
  /** Whether the agent declares argument guardrails, which only the server evaluates. */
  guarded: boolean;
}

interface InFlight {
  tool: string;
  controller: AbortController;
  killedBy: GuardDecision | null;
}

const EMPTY_STATE: GuardState = { snapshot: { epoch: 0, settings: [] }, tools: new Map(), agent: null, guarded: false };

/**
 * An enforcement point for one agent. It follows the control stream (`GET /api/v1/control/stream`), holds the
 * snapshot and its lease, decides each tool call locally and stops calls a kill reaches while they run. Read tools of
 * an agent without argument guardrails run at once and are recorded after; every other call goes through
 * `POST /api/v1/decisions`, which records risky calls before they run, evaluates guardrails and binds approvals.
 * Start it with {@link Guard.start}; end it with {@link Guard.close}.
 */
export class Guard {
  readonly pointId: string;
  readonly agentId: string;
  private readonly http: FirebreakHttp;
  private readonly outbox: Outbox;
  private readonly inFlight = new Set<InFlight>();
  private readonly closing = new AbortController();
  private readonly options: GuardOptions;
  private state: GuardState = EMPTY_STATE;
  private lease: Lease | null = null;
  private lastEventId: string | null = null;
  private failures = 0;
  private stream: Promise<void> | null = null;
  private connection: AbortController | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private firstSnapshot: () => void = () => undefined;

  private constructor(options: GuardOptions) {
    if (!options.agentId) {
      throw new TypeError("GuardOptions.agentId is required.");
    }

    this.options = options;
    this.agentId = options.agentId;
    this.pointId = options.pointId ?? `${options.agentId}-${randomBytes(4).toString("hex")}`;
    const servers = options.serverUrls !== undefined && options.serverUrls.length > 0 ? options.serverUrls : options.serverUrl;
    if (servers === undefined) {
      throw new TypeError("Set GuardOptions.serverUrl to the Firebreak server URL (such as http://127.0.0.1:5080), or serverUrls to the nodes of a cluster.");
    }

    this.http = new FirebreakHttp(servers, options.apiKey, options.fetch);
    this.outbox = new Outbox(options.recordRetryDelayMs ?? 2000, (error) => this.report(error));
  }

  /**
   * Starts a guard: opens the control stream and waits up to `startTimeoutMs` for the first snapshot. Starting without
   * one is safe: the lease is stale, so risky tools fail closed until the stream connects.
   */
  static async start(options: GuardOptions): Promise<Guard> {
    const guard = new Guard(options);
    const first = new Promise<void>((resolve) => {
      guard.firstSnapshot = resolve;
    });
    guard.stream = guard.follow();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([first, new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.startTimeoutMs ?? 5000);
    })]);
    clearTimeout(timer);
    return guard;
  }

  /** The epoch of the snapshot in force. */
  get epoch(): number {
    return this.state.snapshot.epoch;
  }

  /** The snapshot in force (the last one received while the lease is stale). */
  get snapshot(): ControlSnapshot {
    return this.state.snapshot;
  }

  /** The node the guard sends its requests to and follows the control stream on now. */
  get serverUrl(): string {
    return this.http.serverUrl;
  }

  /** The state of this point's lease now. */
  get leaseState(): LeaseState {
    return this.lease?.stateAt(performance.now()) ?? "stale";
  }

  /** Decides a call of `tool` now, without running or recording anything. */
  decide(tool: string, risk?: RiskClass): GuardDecision {
    const state = this.state;
    return decideToolCall(state.snapshot, this.agentId, tool, this.definitionOf(state, tool, risk), this.leaseState, Date.now(), this.deciderOptions());
  }

  /**
   * Runs `effect` as a call of `tool` with `args` if the controls in force allow it, and records it. Blocked calls throw
   * {@link ToolBlockedError} (recorded `blocked` in the background); under approval the call waits for a human and then
   * runs once; in shadow mode the effect does not run and the server's simulated result is returned.
   *
   * @param effect The tool's effect; its signal aborts when a kill reaches the call while it runs.
   * @throws {ToolBlockedError} The call is blocked, was killed while it ran, is a repeated key, or could not be recorded.
   * @throws {ToolDeniedError} Its approval was denied, expired or not decided within `approvalTimeoutMs`.
   */
  async call<T>(tool: string, args: unknown, effect: (signal: AbortSignal) => PromiseLike<T> | T, options: CallOptions = {}): Promise<T> {
    const key = options.idempotencyKey ?? `${this.pointId}:${tool}:${randomUUID()}`;
    const decision = this.decide(tool, options.risk);
    if (decision.verdict === "block") {
      this.record(tool, args, key, options, "blocked", { error: decision.message });
      throw new ToolBlockedError(decision.message!, tool, decision);
    }

    const flight = this.enter(tool);
    const signal = options.signal ? AbortSignal.any([flight.controller.signal, options.signal]) : flight.controller.signal;
    try {
      if (decision.verdict === "execute" && decision.risk === "read" && !this.state.guarded) {
        return await this.runRead(tool, args, key, options, effect, flight, signal);
      }

      return await this.callThroughServer(tool, args, key, options, effect, flight, signal);
    } catch (error) {
      if (flight.killedBy !== null && !(error instanceof ToolBlockedError) && !(error instanceof ToolDeniedError)) {
        // Killed while the server was deciding: it may have recorded the call pending before the answer was cut off,
        // so the record is completed blocked; a 404 says there was none.
        const body = { agentId: this.agentId, idempotencyKey: key, outcome: "blocked", result: null, error: flight.killedBy.message, durationMs: null };
        this.outbox.enqueue(() => this.http.send("POST", "/api/v1/actions/complete", body), (refusal) => refusal.status === 404 || refusal.status === 409);
        throw new ToolBlockedError(flight.killedBy.message!, tool, flight.killedBy, { cause: error });
      }

      throw error;
    } finally {
      this.inFlight.delete(flight);
    }
  }

  /**
   * Wraps a Vercel AI SDK `tool()` definition (or any object with `execute(args, options)`): the same definition whose
   * `execute` runs through {@link call}, with the SDK's `abortSignal` honoured and the guard's passed on to the tool.
   */
  wrapTool<T extends ExecutableTool>(name: string, toolDef: T, options: WrapToolOptions = {}): GuardedTool<T> {
    const execute = toolDef.execute;
    if (execute === undefined) {
      throw new TypeError(`Tool ${name} has no execute function to guard.`);
    }

    const guarded = (args: unknown, callOptions?: ToolExecutionOptions) => {
      const callOpts: CallOptions = { ...options.details?.(args) };
      const key = options.idempotencyKey?.(args, callOptions)
        ?? (callOptions?.toolCallId ? `${this.pointId}:${name}:${callOptions.toolCallId}` : undefined);
      if (key !== undefined) {
        callOpts.idempotencyKey = key;
      }

      const runId = options.runId?.();
      if (runId !== undefined) {
        callOpts.runId = runId;
      }

      if (options.risk !== undefined) {
        callOpts.risk = options.risk;
      }

      if (callOptions?.abortSignal !== undefined) {
        callOpts.signal = callOptions.abortSignal;
      }

      return this.call(name, args, (signal) => execute.call(toolDef, args, { ...callOptions, abortSignal: signal }), callOpts);
    };
    return { ...toolDef, execute: guarded } as GuardedTool<T>;
  }

  /**
   * Decides whether a new run starts: starts it (`POST /api/v1/runs`), holds its input when the agent is paused
   * (`POST /api/v1/held`), tells the caller to serve the fallback, or not to run.
   */
  async startRun(input?: unknown, options: { runId?: string; correlationId?: string; signal?: AbortSignal } = {}): Promise<RunStart> {
    const decision = decideRunStart(this.state.snapshot, this.agentId, Date.now());
    switch (decision.verdict) {
      case "execute": {
        const run = await this.http.send<RunRecord>("POST", "/api/v1/runs", {
          agentId: this.agentId,
          runId: options.runId ?? null,
          correlationId: options.correlationId ?? null,
          input: input ?? null,
        }, options.signal);
        return { outcome: "started", decision, run };
      }
      case "hold": {
        const held = await this.http.send<HeldItem>("POST", "/api/v1/held", {
          agentId: this.agentId,
          input: input ?? null,
          correlationId: options.correlationId ?? null,
          reason: decision.message,
        }, options.signal);
        return { outcome: "held", decision, message: decision.message!, held };
      }
      case "fallback":
        return { outcome: "fallback", decision, message: decision.message!, fallback: this.state.agent?.fallback ?? null };
      default:
        return { outcome: "blocked", decision, message: decision.message! };
    }
  }

  /** Ends a run (`POST /api/v1/runs/{id}/end`). */
  async endRun(runId: string, status: "completed" | "failed" | "killed" = "completed", output?: unknown): Promise<RunRecord> {
    return this.http.send<RunRecord>("POST", `/api/v1/runs/${encodeURIComponent(runId)}/end`, { status, output: output ?? null });
  }

  /** Sends the records still queued, waiting at most `timeoutMs`; `true` when none is left. */
  flush(timeoutMs = this.options.flushTimeoutMs ?? 5000): Promise<boolean> {
    return this.outbox.flush(timeoutMs);
  }

  /** Closes the control stream and flushes the records still queued (up to `flushTimeoutMs`). Calls in flight run on. */
  async close(): Promise<void> {
    if (this.closing.signal.aborted) {
      return;
    }

    this.closing.abort();
    this.stopWatchdog();
    await this.stream;
    await this.outbox.flush(this.options.flushTimeoutMs ?? 5000);
    this.outbox.close();
  }

  private async runRead<T>(
    tool: string, args: unknown, key: string, options: CallOptions, effect: (signal: AbortSignal) => PromiseLike<T> | T, flight: InFlight, signal: AbortSignal,
  ): Promise<T> {
    const started = performance.now();
    let value: T;
    try {
      value = await effect(signal);
    } catch (error) {
      const killed = flight.killedBy;
      this.record(tool, args, key, options, killed !== null ? "blocked" : "failed", { error: killed?.message ?? String(error), durationMs: performance.now() - started });
      if (killed !== null) {
        throw new ToolBlockedError(killed.message!, tool, killed, { cause: error });
      }

      throw error;
    }

    this.record(tool, args, key, options, "executed", { result: value, durationMs: performance.now() - started });
    return value;
  }

  private async callThroughServer<T>(
    tool: string, args: unknown, key: string, options: CallOptions, effect: (signal: AbortSignal) => PromiseLike<T> | T, flight: InFlight, signal: AbortSignal,
  ): Promise<T> {
    const request: DecisionRequest = {
      agentId: this.agentId,
      tool,
      arguments: args,
      idempotencyKey: key,
      runId: options.runId ?? null,
      correlationId: options.correlationId ?? null,
      entities: entityKeys(options.entities),
      amount: options.amount ?? null,
      currency: options.currency ?? null,
      releaseId: options.releaseId ?? null,
    };
    let answer = await this.askServer(tool, request, signal);
    for (;;) {
      switch (answer.outcome) {
        case "allow":
          return await this.runAllowed(tool, args, key, options, answer, effect, flight, signal);
        case "approval_required":
          await this.awaitApproval(tool, answer.approval!, signal);
          answer = await this.askServer(tool, request, signal);
          continue;
        case "shadow":
          return answer.result as T;
        case "deny":
          if (answer.reason === "approval_denied") {
            throw new ToolDeniedError(answer.message ?? `Tool ${tool} was denied.`, tool, answer.approval?.id ?? null);
          }

          throw new ToolBlockedError(answer.message ?? `Tool ${tool} is blocked.`, tool);
        default:
          // An outcome newer than this client: not running the call is the safe reading.
          throw new ToolBlockedError(answer.message ?? `Tool ${tool} is blocked: the server answered ${String(answer.outcome)}.`, tool);
      }
    }
  }

  private async runAllowed<T>(
    tool: string, args: unknown, key: string, options: CallOptions, answer: DecisionResponse,
    effect: (signal: AbortSignal) => PromiseLike<T> | T, flight: InFlight, signal: AbortSignal,
  ): Promise<T> {
    // A kill swapped in while the server decided reaches the call here, before the effect starts.
    if (flight.killedBy !== null) {
      this.finish(tool, args, key, options, answer, "blocked", { error: flight.killedBy.message });
      throw new ToolBlockedError(flight.killedBy.message!, tool, flight.killedBy);
    }

    const started = performance.now();
    let value: T;
    try {
      value = await effect(signal);
    } catch (error) {
      // Read again: a kill may have landed while the effect ran (the check above narrowed it to null).
      const killed = flight.killedBy as GuardDecision | null;
      this.finish(tool, args, key, options, answer, killed !== null ? "blocked" : "failed", {
        error: killed?.message ?? String(error),
        durationMs: performance.now() - started,
      });
      if (killed !== null) {
        throw new ToolBlockedError(killed.message!, tool, killed, { cause: error });
      }

      throw error;
    }

    this.finish(tool, args, key, options, answer, "executed", { result: value, durationMs: performance.now() - started });
    return value;
  }

  /** Completes the pending action the server recorded, or records a read it let through after it ran. */
  private finish(
    tool: string, args: unknown, key: string, options: CallOptions, answer: DecisionResponse, outcome: ActionOutcome,
    details: { result?: unknown; error?: string | null; durationMs?: number },
  ): void {
    if (answer.action == null) {
      this.record(tool, args, key, options, outcome, details);
      return;
    }

    const body = {
      agentId: this.agentId,
      idempotencyKey: key,
      outcome,
      result: toJson(details.result),
      error: details.error ?? null,
      durationMs: details.durationMs === undefined ? null : Math.round(details.durationMs),
    };
    this.outbox.enqueue(() => this.http.send("POST", "/api/v1/actions/complete", body));
  }

  private async askServer(tool: string, request: DecisionRequest, signal: AbortSignal): Promise<DecisionResponse> {
    try {
      return await this.http.send<DecisionResponse>("POST", "/api/v1/decisions", request, signal);
    } catch (error) {
      if (signal.aborted) {
        throw error;
      }

      if (error instanceof FirebreakApiError && error.status !== 409 && error.status < 500) {
        throw error;
      }

      const why = error instanceof FirebreakApiError ? error.problem?.detail ?? error.message : "the Firebreak server cannot be reached";
      throw new ToolBlockedError(`Tool ${tool} is blocked: ${why}.`.replace(/\.\.$/, "."), tool, null, { cause: error });
    }
  }

  private async awaitApproval(tool: string, approval: Approval, signal: AbortSignal): Promise<void> {
    const deadline = performance.now() + (this.options.approvalTimeoutMs ?? 45000);
    let current = approval;
    while (current.status === "pending") {
      const remaining = Math.floor(deadline - performance.now());
      if (remaining <= 0) {
        throw new ToolDeniedError(`Tool ${tool} was not executed: no human approved it in time (approval ${approval.id}).`, tool, approval.id);
      }

      const wait = Math.min(remaining, this.options.approvalPollWaitMs ?? 20000);
      current = await this.http.send<Approval>("GET", `/api/v1/approvals/${encodeURIComponent(approval.id)}?wait=${wait}`, undefined, signal);
    }
  }

  /** Records a call that did not go through the server's pipeline (`POST /api/v1/actions`), in the background. */
  private record(
    tool: string, args: unknown, key: string, options: CallOptions, outcome: ActionOutcome,
    details: { result?: unknown; error?: string | null; durationMs?: number },
  ): void {
    const body = {
      agentId: this.agentId,
      idempotencyKey: key,
      tool,
      arguments: toJson(args) ?? {},
      outcome,
      runId: options.runId ?? null,
      result: outcome === "executed" ? toJson(details.result) : details.error == null ? null : { error: details.error },
      entities: entityKeys(options.entities),
      amount: options.amount ?? null,
      currency: options.currency ?? null,
      correlationId: options.correlationId ?? null,
      releaseId: options.releaseId ?? null,
      durationMs: details.durationMs === undefined ? null : Math.round(details.durationMs),
    };
    this.outbox.enqueue(() => this.http.send("POST", "/api/v1/actions", body));
  }

  private enter(tool: string): InFlight {
    const flight: InFlight = { tool, controller: new AbortController(), killedBy: null };
    this.inFlight.add(flight);
    return flight;
  }

  private definitionOf(state: GuardState, tool: string, declared: RiskClass | undefined): ToolDefinition | null {
    return state.tools.get(tool) ?? (declared !== undefined && declared !== "read" ? { name: tool, risk: declared } : null);
  }

  private deciderOptions() {
    return this.options.unknownToolRisk === undefined ? undefined : { unknownToolRisk: this.options.unknownToolRisk };
  }

  private async follow(): Promise<void> {
    const query = new URLSearchParams({ pointId: this.pointId, agent: this.agentId, host: this.options.host ?? hostname() });
    if (this.options.version !== undefined) {
      query.set("version", this.options.version);
    }

    const path = `/api/v1/control/stream?${query}`;
    while (!this.closing.signal.aborted) {
      const connection = new AbortController();
      this.connection = connection;
      const signal = AbortSignal.any([connection.signal, this.closing.signal]);
      try {
        const body = await this.http.openStream(path, this.lastEventId, signal);
        for await (const event of readServerSentEvents(body)) {
          if (!(await this.dispatch(event.event, event.id, event.data))) {
            break;
          }
        }
      } catch (error) {
        // The stream dropped or the server is down: the lease runs out on its own and risky tools fail closed.
        if (error instanceof FirebreakApiError && (error.status === 401 || error.status === 403)) {
          this.report(error);
        }
      } finally {
        connection.abort();
        this.stopWatchdog();
      }

      if (this.closing.signal.aborted) {
        return;
      }

      await delay(this.nextDelay(), this.closing.signal);
    }
  }

  /** @returns `false` to drop the connection and resubscribe, when the guard missed a snapshot. */
  private async dispatch(type: string, id: string | null, data: string): Promise<boolean> {
    this.failures = 0;
    const now = performance.now();
    switch (type) {
      case "snapshot": {
        const event = JSON.parse(data) as ControlSnapshotEvent;
        this.apply(event, now);
        this.lastEventId = id ?? String(event.epoch);
        this.firstSnapshot();
        await this.acknowledge(event.epoch);
        return true;
      }
      case "heartbeat": {
        this.renew(now);
        const heartbeat = JSON.parse(data) as ControlHeartbeatEvent;
        return heartbeat.epoch <= this.state.snapshot.epoch;
      }
      default:
        // Any event, even of a kind newer than this client, proves the server is there.
        this.renew(now);
        return true;
    }
  }

  /** Swaps the snapshot in and stops the calls in flight it blocks, before it is acknowledged. */
  private apply(event: ControlSnapshotEvent, now: number): void {
    const agent = event.agents.find((a) => a.id === this.agentId) ?? null;
    const guardrails = agent?.guardrails;
    this.state = {
      snapshot: event.snapshot,
      tools: new Map((agent?.tools ?? []).map((t) => [t.name, t])),
      agent,
      guarded: guardrails != null && (guardrails.injection != null || guardrails.pii != null || (guardrails.rules?.length ?? 0) > 0),
    };
    this.lease = new Lease(now, event.leaseTtlMs > 0 ? event.leaseTtlMs : 5000);
    this.armWatchdog();
    this.outbox.wake();
    for (const flight of this.inFlight) {
      if (flight.killedBy !== null) {
        continue;
      }

      const decision = decideToolCall(event.snapshot, this.agentId, flight.tool, this.definitionOf(this.state, flight.tool, undefined), "fresh", Date.now(), this.deciderOptions());
      if (decision.verdict === "block") {
        flight.killedBy = decision;
        flight.controller.abort(new ToolBlockedError(decision.message!, flight.tool, decision));
      }
    }
  }

  private renew(now: number): void {
    this.lease = this.lease?.renew(now) ?? null;
    this.armWatchdog();
    this.outbox.wake();
  }

  private async acknowledge(epoch: number): Promise<void> {
    try {
      await this.http.send("POST", "/api/v1/control/ack", { pointId: this.pointId, epoch }, this.closing.signal);
    } catch (error) {
      // The snapshot is applied either way; the operator sees this point as unconfirmed, which is the truth they need.
      if (!this.closing.signal.aborted) {
        this.report(error);
      }
    }
  }

  // A connection that went silent (a server gone without closing it) would never end on its own: after two lease
  // times without an event it is dropped and reconnected. The lease itself went stale long before.
  private armWatchdog(): void {
    const ttl = this.lease?.ttlMs ?? 5000;
    if (this.watchdog === null) {
      this.watchdog = setTimeout(() => this.connection?.abort(), 2 * ttl);
      this.watchdog.unref();
    } else {
      this.watchdog.refresh();
    }
  }

  private stopWatchdog(): void {
    if (this.watchdog !== null) {
      clearTimeout(this.watchdog);
      this.watchdog = null;
    }
  }

  private nextDelay(): number {
    const attempt = Math.min(this.failures++, 16);
    const min = this.options.reconnectMinDelayMs ?? 250;
    const capped = Math.min(this.options.reconnectMaxDelayMs ?? 10000, min * 2 ** attempt);

    // Jitter over the upper half, so points dropped together by one server restart do not reconnect in lockstep.
    return capped * (0.5 + randomInt(0, 1000) / 2000);
  }

  private report(error: unknown): void {
    if (this.options.onError) {
      this.options.onError(error);
    } else {
      process.emitWarning(error instanceof Error ? error : String(error), "FirebreakGuardWarning");
    }
  }
}

function entityKeys(entities: EntityRef[] | undefined): string[] | null {
  return entities?.map((e) => `${e.type}:${e.id}`) ?? null;
}

function toJson(value: unknown): unknown {
  return value === undefined ? null : value;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }

    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }

    signal.addEventListener("abort", done, { once: true });
  });
}
