/**
 * The four SupportDesk tools of samples/SupportDesk/registry.json, written as Vercel AI SDK `tool()` definitions
 * (description, JSON schema, `execute(args, { toolCallId, abortSignal })`) calling the backend over HTTP. Plain
 * objects of that shape, so the sample needs no `ai` package; with it, wrap `tool({...})` the same way.
 */

/** The SupportDesk backend's ticket. */
export interface Ticket {
  id: string;
  customerId: string;
  orderId: string | null;
  subject: string;
  body: string;
}

export interface ToolCallContext {
  toolCallId: string;
  abortSignal?: AbortSignal;
}

export interface SupportTool {
  description: string;
  inputSchema: Record<string, unknown>;
  execute: (args: any, options: ToolCallContext) => Promise<unknown>;
}

/**
 * @param backend The SupportDesk backend, such as `http://127.0.0.1:5081`.
 * @param correlationId The run's correlation id, sent with every side effect.
 * @param refundDelayMs How long a refund waits on the (simulated) payment provider before the backend books it: the
 *   window in which a kill stops it mid-call.
 * @param log Progress lines.
 */
export function supportTools(backend: string, correlationId: () => string, refundDelayMs: number, log: (line: string) => void): Record<string, SupportTool> {
  async function send(method: string, path: string, body: unknown, options: ToolCallContext, idempotent: boolean): Promise<unknown> {
    const response = await fetch(backend + path, {
      method,
      headers: {
        "content-type": "application/json",
        "x-correlation-id": correlationId(),
        ...(idempotent ? { "idempotency-key": `${correlationId()}:${options.toolCallId}` } : {}),
      },
      body: body === undefined ? null : JSON.stringify(body),
      signal: options.abortSignal ?? null,
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }

    return text.length === 0 ? null : JSON.parse(text);
  }

  return {
    lookup_order: {
      description: "Reads an order and its payments.",
      inputSchema: { type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] },
      execute: (args: { orderId: string }, options) => send("GET", `/orders/${encodeURIComponent(args.orderId)}`, undefined, options, false),
    },
    issue_refund: {
      description: "Refunds part or all of an order's payment.",
      inputSchema: {
        type: "object",
        properties: { orderId: { type: "string" }, amount: { type: "number", minimum: 0 }, currency: { type: "string" }, reason: { type: "string" } },
        required: ["orderId", "amount", "currency"],
      },
      execute: async (args: { orderId: string; amount: number; currency: string; reason?: string }, options) => {
        log(`  issue_refund: authorising ${args.amount} ${args.currency} with the payment provider (${refundDelayMs} ms)...`);
        await sleep(refundDelayMs, options.abortSignal);
        return send("POST", "/refunds", args, options, true);
      },
    },
    send_email: {
      description: "Sends an email to the customer.",
      inputSchema: {
        type: "object",
        properties: { customerId: { type: "string" }, subject: { type: "string" }, body: { type: "string" } },
        required: ["customerId", "subject", "body"],
      },
      execute: (args: { customerId: string; subject: string; body: string }, options) => send("POST", "/emails", args, options, true),
    },
    close_ticket: {
      description: "Closes a support ticket with a resolution note.",
      inputSchema: { type: "object", properties: { ticketId: { type: "string" }, resolution: { type: "string" } }, required: ["ticketId"] },
      execute: (args: { ticketId: string; resolution?: string }, options) =>
        send("POST", `/tickets/${encodeURIComponent(args.ticketId)}/close`, { resolution: args.resolution ?? null }, options, false),
    },
  };
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }

    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    function abort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }

    signal?.addEventListener("abort", abort, { once: true });
  });
}
