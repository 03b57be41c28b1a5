/** The members of the Firebreak API's JSON this client reads and writes (docs/design/control-plane.md, enforcement.md). */
import type { ControlSetting, ControlSnapshot, RiskClass, ToolDefinition } from "./control.js";

/** A thing a call touches, such as `{ type: "customer", id: "cus_9" }`. */
export interface EntityRef {
  type: string;
  id: string;
}

/** What became of a tool call. */
export type ActionOutcome = "pending" | "executed" | "blocked" | "shadowed" | "awaiting_approval" | "denied" | "failed" | "compensated";

/** An action as the ledger stores it. */
export interface ActionRecord {
  seq: number;
  agentId: string;
  idempotencyKey: string;
  tool: string;
  arguments: unknown;
  argumentsDigest: string;
  outcome: ActionOutcome;
  runId: string | null;
  result: unknown;
  entities: string[];
  amount: number | null;
  currency: string | null;
  correlationId: string | null;
  releaseId: string | null;
  recordedAt: string;
  hash: string;
}

/** An agent as the registry defines it (the members a guard reads). */
export interface AgentDefinition {
  id: string;
  owner: string;
  description?: string | null;
  tools: ToolDefinition[];
  fallback?: { kind: "static_response" | "human_handoff" | "read_only_tools"; message?: string | null } | null;
  guardrails?: { injection?: unknown; pii?: unknown; rules?: unknown[] | null; redactTraces?: boolean } | null;
  [member: string]: unknown;
}

/** `event: snapshot` of the control stream. */
export interface ControlSnapshotEvent {
  epoch: number;
  snapshot: ControlSnapshot;
  agents: AgentDefinition[];
  leaseTtlMs: number;
  serverTime: string;
}

/** `event: heartbeat` of the control stream. */
export interface ControlHeartbeatEvent {
  epoch: number;
  serverTime: string;
}

/** An approval request as stored. */
export interface Approval {
  id: string;
  agentId: string;
  tool: string;
  arguments: unknown;
  argumentsDigest: string;
  idempotencyKey: string;
  controlEpoch: number;
  status: "pending" | "approved" | "denied" | "expired";
  createdAt: string;
  expiresAt: string;
  decidedBy?: string | null;
  reason?: string | null;
}

/** `POST /api/v1/decisions` request. */
export interface DecisionRequest {
  agentId: string;
  tool: string;
  arguments: unknown;
  idempotencyKey: string;
  runId?: string | null;
  correlationId?: string | null;
  /** `type:id`, such as `customer:cus_9`. */
  entities?: string[] | null;
  amount?: number | null;
  currency?: string | null;
  releaseId?: string | null;
}

/** `POST /api/v1/decisions` answer; members with no value are omitted. */
export interface DecisionResponse {
  outcome: "allow" | "deny" | "approval_required" | "shadow";
  epoch: number;
  risk?: RiskClass | null;
  mode: string;
  reason?: "control" | "guardrail" | "approval_denied" | "replay" | "unrecorded" | null;
  message?: string | null;
  control?: ControlSetting | null;
  action?: ActionRecord | null;
  approval?: Approval | null;
  result?: unknown;
  guardrails?: unknown[] | null;
}

/** A run as stored. */
export interface RunRecord {
  id: string;
  agentId: string;
  correlationId: string;
  status: "running" | "completed" | "failed" | "killed" | "held";
  startedAt: string;
  endedAt: string | null;
  [member: string]: unknown;
}

/** An input held for human review. */
export interface HeldItem {
  id: string;
  agentId: string;
  input: unknown;
  status: string;
  heldAt: string;
  [member: string]: unknown;
}
