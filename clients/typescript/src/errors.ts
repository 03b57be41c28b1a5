import type { GuardDecision } from "./decision.js";

/** A tool call the controls stopped: blocked, killed while it ran, refused as a replay, or failed closed on a stale lease. The message is for the model. */
export class ToolBlockedError extends Error {
  override readonly name = "ToolBlockedError";

  /**
   * @param tool The tool called.
   * @param decision The local decision that blocked the call, when the guard decided it; `null` when the server did.
   */
  constructor(message: string, readonly tool: string, readonly decision: GuardDecision | null = null, options?: ErrorOptions) {
    super(message, options);
  }
}

/** A call whose approval was denied, expired, or not decided in time. */
export class ToolDeniedError extends Error {
  override readonly name = "ToolDeniedError";

  /** @param approvalId The approval asked for, when one was created. */
  constructor(message: string, readonly tool: string, readonly approvalId: string | null = null) {
    super(message);
  }
}

/** An answer of the Firebreak API that is not a success: its RFC 9457 problem details, when it sent some. */
export class FirebreakApiError extends Error {
  override readonly name = "FirebreakApiError";

  constructor(readonly status: number, readonly problem: ProblemDetails | null, method: string, path: string) {
    super(`${method} ${path} answered ${status}${problem?.detail ? `: ${problem.detail}` : problem?.title ? `: ${problem.title}` : ""}`);
  }
}

/** RFC 9457 problem details, as the Firebreak API sends them. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
  [member: string]: unknown;
}
