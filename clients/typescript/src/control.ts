/**
 * The control state in its wire form (`ControlSnapshot`, `ControlSetting`, `ToolDefinition` of docs/design/control-plane.md),
 * and its resolution: the port of `ControlSnapshot.Resolve` in Firebreak.Core.
 */

/** Containment state at a scope, from least to most restrictive. */
export type ControlMode = "normal" | "approval" | "shadow" | "fallback" | "paused" | "killed";

/** How much harm a tool can do; everything but `read` is risky. */
export type RiskClass = "read" | "write" | "financial" | "message" | "irreversible";

/** What a tool does when the control plane is unreachable. */
export type FailMode = "open" | "closed";

/** A tool an agent may call, as the registry defines it (only the members a decision reads are typed). */
export interface ToolDefinition {
  name: string;
  risk: RiskClass;
  /** `null`/absent means the default for `risk`: open for `read`, closed for every risky class. */
  failMode?: FailMode | null;
  description?: string | null;
}

/** The control mode in force at one scope, and who set it, why and until when. */
export interface ControlSetting {
  /** `global`, `agent:<agent id>` or `tool:<agent id>/<tool name>`. */
  scope: string;
  mode: ControlMode;
  epoch: number;
  actor: string;
  reason: string;
  setAt: string;
  incidentId?: string | null;
  /** ISO 8601; absent or `null` means until changed. */
  expiresAt?: string | null;
}

/** The whole control state at one epoch. */
export interface ControlSnapshot {
  epoch: number;
  settings: ControlSetting[];
  frozenAgents?: string[];
  strictAgents?: string[];
}

/** The mode in force for a call or run start, and the setting that imposed it (`null` when normal). */
export interface EffectiveControl {
  mode: ControlMode;
  decidedBy: ControlSetting | null;
}

const RESTRICTIVENESS: Record<ControlMode, number> = {
  normal: 0,
  approval: 1,
  shadow: 2,
  fallback: 3,
  paused: 4,
  killed: 5,
};

/** The fail mode of a tool: the declared one, or the default of its risk class (open for `read`, closed for every risky class). */
export function effectiveFailMode(risk: RiskClass, declared: FailMode | null | undefined): FailMode {
  return declared ?? (risk === "read" ? "open" : "closed");
}

/** Whether `setting` applies at `now` (epoch milliseconds): it has no expiry, or `now` is before it. */
export function isActiveAt(setting: ControlSetting, now: number): boolean {
  return setting.expiresAt == null || now < Date.parse(setting.expiresAt);
}

/**
 * The most restrictive mode active at `now` across the global, agent and (when `tool` is given) tool scopes.
 * With `ignoreBroadPause`, paused global and agent settings do not count: a pause drains, so tool calls of runs in
 * flight continue under the remaining controls. Ties go to the wider scope: it is checked first and only a strictly
 * more restrictive mode replaces it.
 */
export function resolveControl(
  snapshot: ControlSnapshot,
  agentId: string,
  tool: string | null,
  now: number,
  ignoreBroadPause: boolean,
): EffectiveControl {
  const index = indexOf(snapshot);
  let decided = stronger(null, index.global, now, ignoreBroadPause);
  const agent = index.agents.get(agentId);
  if (agent !== undefined) {
    decided = stronger(decided, agent.agent, now, ignoreBroadPause);
    if (tool !== null) {
      decided = stronger(decided, agent.tools.get(tool), now, false);
    }
  }

  return decided === null ? NORMAL : { mode: decided.mode, decidedBy: decided };
}

const NORMAL: EffectiveControl = Object.freeze({ mode: "normal", decidedBy: null });

interface AgentControls {
  agent: ControlSetting | undefined;
  tools: Map<string, ControlSetting>;
}

interface SnapshotIndex {
  global: ControlSetting | undefined;
  agents: Map<string, AgentControls>;
}

// Snapshots are plain wire objects, immutable once received: each is indexed by agent and tool once, on its first
// decision, so the hot path does two map lookups whatever the number of settings and builds no key strings.
const indexes = new WeakMap<ControlSnapshot, SnapshotIndex>();

function indexOf(snapshot: ControlSnapshot): SnapshotIndex {
  let index = indexes.get(snapshot);
  if (index === undefined) {
    index = { global: undefined, agents: new Map() };
    for (const setting of snapshot.settings) {
      // Normal is the absence of a setting.
      if (setting.mode !== "normal") {
        add(index, setting);
      }
    }

    indexes.set(snapshot, index);
  }

  return index;
}

// Scope keys are `global`, `agent:<agent id>` or `tool:<agent id>/<tool name>`; agent ids never contain `/`.
function add(index: SnapshotIndex, setting: ControlSetting): void {
  const scope = setting.scope;
  if (scope === "global") {
    index.global = setting;
    return;
  }

  const agentScope = scope.startsWith("agent:");
  const slash = scope.indexOf("/");
  if (!agentScope && !(scope.startsWith("tool:") && slash > 0)) {
    return;
  }

  const agentId = agentScope ? scope.slice("agent:".length) : scope.slice("tool:".length, slash);
  let controls = index.agents.get(agentId);
  if (controls === undefined) {
    controls = { agent: undefined, tools: new Map() };
    index.agents.set(agentId, controls);
  }

  if (agentScope) {
    controls.agent = setting;
  } else {
    controls.tools.set(scope.slice(slash + 1), setting);
  }
}

function stronger(
  current: ControlSetting | null,
  candidate: ControlSetting | undefined,
  now: number,
  ignorePause: boolean,
): ControlSetting | null {
  return candidate !== undefined
    && !(ignorePause && candidate.mode === "paused")
    && isActiveAt(candidate, now)
    && (current === null || RESTRICTIVENESS[candidate.mode] > RESTRICTIVENESS[current.mode])
    ? candidate
    : current;
}
