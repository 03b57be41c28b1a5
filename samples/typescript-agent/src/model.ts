/**
 * The model behind the agent, over OpenAI chat-completion messages: a deterministic script by default (no API key
 * needed), or any OpenAI-compatible endpoint.
 */
import type { SupportTool } from "./tools.js";

export type Message =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: ToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** One model turn: tool calls to make, or a final answer. */
export interface Turn {
  toolCalls: ToolCall[];
  text: string | null;
}

export interface Model {
  next(messages: Message[], tools: Record<string, SupportTool>): Promise<Turn>;
}

/**
 * Plays the support script from the transcript: look up the ticket's order; refund it when the item arrived damaged
 * or broken (the refund policy); email the customer; close the ticket; answer.
 */
export class ScriptedModel implements Model {
  private calls = 0;

  async next(messages: Message[]): Promise<Turn> {
    const ticket = JSON.parse((messages.find((m) => m.role === "user") as { content: string }).content) as {
      id: string; customerId: string; orderId: string | null; subject: string; body: string;
    };
    const done = new Map<string, unknown>();
    for (const message of messages) {
      if (message.role === "assistant") {
        for (const call of message.tool_calls ?? []) {
          const result = messages.find((m) => m.role === "tool" && m.tool_call_id === call.id) as { content: string } | undefined;
          done.set(call.function.name, result === undefined ? null : JSON.parse(result.content));
        }
      }
    }

    const covered = /damaged|broken|crushed/i.test(`${ticket.subject} ${ticket.body}`);
    if (ticket.orderId !== null && !done.has("lookup_order")) {
      return this.call("lookup_order", { orderId: ticket.orderId });
    }

    // A lookup that failed or was blocked leaves no order: nothing is refunded without reading it first.
    const order = (done.get("lookup_order") as { order?: { id: string; currency: string; amountPaid: number; refundedTotal: number } } | null | undefined)?.order;
    const refundable = order === undefined ? 0 : order.amountPaid - order.refundedTotal;
    if (covered && order !== undefined && refundable > 0 && !done.has("issue_refund")) {
      return this.call("issue_refund", { orderId: order.id, amount: refundable, currency: order.currency, reason: "arrived damaged" });
    }

    const refunded = done.has("issue_refund");
    if (!done.has("send_email")) {
      return this.call("send_email", {
        customerId: ticket.customerId,
        subject: `Re: ${ticket.subject}`,
        body: refunded
          ? `We are sorry your order arrived damaged: we refunded ${refundable} ${order!.currency}.`
          : /refund/i.test(`${ticket.subject} ${ticket.body}`)
            ? "We refund items that arrive damaged or never arrive; a change of mind is not covered, sorry."
            : "Thank you for writing: your order is on its way and you will get tracking details shortly.",
      });
    }

    if (!done.has("close_ticket")) {
      return this.call("close_ticket", { ticketId: ticket.id, resolution: refunded ? "refunded" : "answered" });
    }

    return { toolCalls: [], text: refunded ? "Refunded and answered the customer." : "Answered the customer." };
  }

  private call(name: string, args: unknown): Turn {
    this.calls++;
    return { toolCalls: [{ id: `call_${this.calls}`, type: "function", function: { name, arguments: JSON.stringify(args) } }], text: null };
  }
}

/** A model behind an OpenAI-compatible `POST {baseUrl}/chat/completions` with function calling. */
export class OpenAICompatibleModel implements Model {
  constructor(private readonly baseUrl: string, private readonly apiKey: string | undefined, private readonly model: string) {}

  async next(messages: Message[], tools: Record<string, SupportTool>): Promise<Turn> {
    const response = await fetch(`${this.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) },
      body: JSON.stringify({
        model: this.model,
        messages,
        tools: Object.entries(tools).map(([name, tool]) => ({
          type: "function",
          function: { name, description: tool.description, parameters: tool.inputSchema },
        })),
      }),
    });
    if (!response.ok) {
      throw new Error(`The model endpoint answered ${response.status}: ${await response.text()}`);
    }

    const answer = (await response.json()) as { choices: Array<{ message: { content: string | null; tool_calls?: ToolCall[] } }> };
    const message = answer.choices[0]!.message;
    return { toolCalls: message.tool_calls ?? [], text: message.content };
  }
}
