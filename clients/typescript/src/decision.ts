/**
 * The control decision: the port of `ControlDecider` and `GuardDecision` in Firebreak.Core. Every enforcement point
 * decides alike; `conformance/decisions.json` proves it for this one.
 */
import {
  type ControlMode,
  type ControlSetting,
  type ControlSnapshot,
  type EffectiveControl,
  type RiskClass,
  type ToolDefinition,
  effectiveFailMode,
  resolveControl,
} from "./control.js";
import type { LeaseState } from "./lease.js";

/** What an enforcement point does with a tool call or a run start. */
export type GuardVerdict = "block" | "execute" | "shadow" | "require_approval" | "fallback" | "hold";

/** What a tool call goes on to, once decided (the steps of docs/design/enforcement.md a guard takes locally). */
export type GuardStep = "block" | "shadow" | "approval" | "execute" | "record";

const MODE_WORDS: Record<ControlMode, string> = {
  normal: "normal",
  approval: "under approval",
  shadow: "in shadow mode",
  fallback: "in fallback",
  paused: "paused",
  killed: "killed",
};

/** The outcome of a decision for one tool call or run start; immutable. */
export class GuardDecision {
  /** The mode in force, after the tool-call rules for pauses (a read executes under approval, shadow or fallback). */
  readonly mode: ControlMode;

  /** The setting that imposed `mode`; `null` when the mode is normal. */
  readonly decidedBy: ControlSetting | null;

  /** @internal Use {@link decideToolCall} or {@link decideRunStart}. */
  constructor(
    readonly verdict: GuardVerdict,
    control: EffectiveControl,
    /** The epoch of the snapshot decided from. */
    readonly snapshotEpoch: number,
    readonly agentId: string,
    /** The tool, for tool calls; `null` for run starts. */
    readonly toolName: string | null,
    /** The risk class the call was decided with; `null` for run starts. */
    readonly risk: RiskClass | null,
    /** Whether the call was blocked because the lease is stale and the tool fails closed. */
    readonly failedClosed: boolean,
  ) {
    this.mode = control.mode;
    this.decidedBy = control.decidedBy;
  }

  /** The epoch of {@link decidedBy}, to bind approvals to; 0 when no setting decided. */
  get controlEpoch(): number {
    return this.decidedBy?.epoch ?? 0;
  }

  /** Whether the call or run may go ahead as normal. */
  get isExecute(): boolean {
    return this.verdict === "execute";
  }

  /** Why the call did not simply execute, in words a model and an operator can read; `null` for `execute`. */
  get message(): string | null {
    return this.verdict === "execute" ? null : this.buildMessage();
  }

  private buildMessage(): string {
    let text: string;
    if (this.toolName !== null) {
      text = `Tool ${this.toolName}${
        this.verdict === "shadow" ? " was not executed: " : this.verdict === "require_approval" ? " needs human approval: " : " is blocked: "
      }`;
      if (this.failedClosed) {
        return `${text}the Firebreak control plane is unreachable (control lease is stale) and this tool fails closed.`;
      }
    } else {
      text = `Agent ${this.agentId}${
        this.verdict === "hold" ? " is not starting new runs: " : this.verdict === "fallback" ? " serves its fallback: " : " cannot start a run: "
      }`;
    }

    return text + this.cause() + this.ending();
  }

  private cause(): string {
    const setting = this.decidedBy;
    if (setting === null) {
      return "no control allows it";
    }

    const who = setting.scope === "global"
      ? "all agents are "
      : setting.scope.startsWith("agent:")
        ? `agent ${setting.scope.slice("agent:".length)} is `
        : `tool ${setting.scope.slice(setting.scope.indexOf("/") + 1)} is `;
    let cause = `${who}${MODE_WORDS[setting.mode]} by ${setting.actor} (reason: ${setting.reason}`;
    if (setting.incidentId != null) {
      cause += `, incident ${setting.incidentId}`;
    }

    if (setting.expiresAt != null) {
      cause += `, until ${roundTripFormat(setting.expiresAt)}`;
    }

    return `${cause})`;
  }

  private ending(): string {
    switch (this.verdict) {
      case "shadow":
        return "; the call was recorded, not executed.";
      case "require_approval":
        return "; it runs once a human approves these exact arguments.";
      case "hold":
        return "; the input is held for human review.";
      case "block":
        return this.mode === "fallback" ? "; only read tools run in fallback." : ".";
      default:
        return ".";
    }
  }
}

/** Options of the decision; the defaults are the server's. */
export interface DecideOptions {
  /** The risk class of a tool the registry does not define. Default `irreversible`. */
  unknownToolRisk?: RiskClass;
}

/**
 * Decides a tool call, as `ControlDecider.DecideToolCall` does. By the most restrictive mode in force: normal executes;
 * approval executes reads and asks a human for risky tools; shadow executes reads and shadows risky tools; fallback
 * executes reads and blocks risky tools; a pause at global or agent scope drains (it does not count for tool calls),
 * a pause at tool scope blocks that tool; killed blocks. With a stale lease a tool that fails closed is blocked
 * whatever the last snapshot says.
 *
 * @param definition The tool's registry definition; `null` for a tool the registry does not know, decided as `unknownToolRisk`.
 * @param now The decision time, in epoch milliseconds.
 */
export function decideToolCall(
  snapshot: ControlSnapshot,
  agentId: string,
  toolName: string,
  definition: ToolDefinition | null,
  lease: LeaseState,
  now: number,
  options?: DecideOptions,
): GuardDecision {
  const risk = definition?.risk ?? options?.unknownToolRisk ?? "irreversible";
  const failMode = effectiveFailMode(risk, definition?.failMode);
  const control = resolveControl(snapshot, agentId, toolName, now, true);
  if (lease !== "fresh" && failMode === "closed") {
    return new GuardDecision("block", control, snapshot.epoch, agentId, toolName, risk, true);
  }

  const read = risk === "read";
  let verdict: GuardVerdict;
  switch (control.mode) {
    case "normal":
      verdict = "execute";
      break;
    case "approval":
      verdict = read ? "execute" : "require_approval";
      break;
    case "shadow":
      verdict = read ? "execute" : "shadow";
      break;
    case "fallback":
      verdict = read ? "execute" : "block";
      break;
    default:
      verdict = "block";
      break;
  }

  return new GuardDecision(verdict, control, snapshot.epoch, agentId, toolName, risk, false);
}

/**
 * Decides whether a new run starts, as `ControlDecider.DecideRunStart` does, by the most restrictive mode at global and
 * agent scope: killed blocks, paused holds the input, fallback serves the fallback; approval, shadow and normal start it.
 */
export function decideRunStart(snapshot: ControlSnapshot, agentId: string, now: number): GuardDecision {
  const control = resolveControl(snapshot, agentId, null, now, false);
  const verdict: GuardVerdict = control.mode === "killed"
    ? "block"
    : control.mode === "paused"
      ? "hold"
      : control.mode === "fallback"
        ? "fallback"
        : "execute";
  return new GuardDecision(verdict, control, snapshot.epoch, agentId, null, null, false);
}

/**
 * The step a guard takes for a decided call before any guardrail or earlier record is considered (those steps are the
 * server's, through `POST /api/v1/decisions`): block, shadow, approval, execute a read, or record a risky call first.
 */
export function stepOf(decision: GuardDecision): GuardStep {
  switch (decision.verdict) {
    case "execute":
      return decision.risk === "read" ? "execute" : "record";
    case "shadow":
      return "shadow";
    case "require_approval":
      return "approval";
    default:
      return "block";
  }
}

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7})\d*)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * An ISO 8601 time written as .NET's round-trip format ("O") writes a DateTimeOffset, which the messages carry:
 * seven fraction digits and the offset as `+hh:mm`.
 */
export function roundTripFormat(iso: string): string {
  const match = ISO.exec(iso);
  if (match === null) {
    return iso;
  }

  const [, dateTime, fraction, offset] = match;
  const zone = offset === undefined || offset.toUpperCase() === "Z" ? "+00:00" : offset;
  return `${dateTime}.${(fraction ?? "").padEnd(7, "0")}${zone}`;
}
