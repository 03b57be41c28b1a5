/**
 * A SupportDesk support agent under Firebreak: takes tickets from the backend's queue, one Firebreak run each, and
 * lets the model call the four SupportDesk tools, each wrapped by the guard. A kill stops it mid-call.
 *
 * Settings (environment):
 *   FIREBREAK_SERVER    the Firebreak server (default http://127.0.0.1:5080)
 *   FIREBREAK_API_KEY   an agent key for FIREBREAK_AGENT (required)
 *   FIREBREAK_AGENT     the registered agent (default support)
 *   SUPPORTDESK_URL     the SupportDesk backend (default http://127.0.0.1:5081)
 *   TICKETS             how many tickets to handle (default 10)
 *   REFUND_DELAY_MS     how long a refund waits on the payment provider (default 5000): the window to kill it in
 *   OPENAI_BASE_URL     an OpenAI-compatible endpoint to use instead of the scripted model (with OPENAI_API_KEY, OPENAI_MODEL)
 */
import { Guard, ToolBlockedError, ToolDeniedError } from "@firebreak/client";
import { type Message, type Model, OpenAICompatibleModel, ScriptedModel } from "./model.js";
import { type Ticket, supportTools } from "./tools.js";

const SYSTEM_PROMPT = "You are a customer-support agent. Look up the ticket's order, refund items that arrived damaged "
  + "(never for a change of mind), email the customer, then close the ticket. Call one tool at a time.";

const settings = {
  server: process.env.FIREBREAK_SERVER ?? "http://127.0.0.1:5080",
  apiKey: process.env.FIREBREAK_API_KEY,
  agentId: process.env.FIREBREAK_AGENT ?? "support",
  backend: (process.env.SUPPORTDESK_URL ?? "http://127.0.0.1:5081").replace(/\/+$/, ""),
  tickets: Number(process.env.TICKETS ?? "10"),
  refundDelayMs: Number(process.env.REFUND_DELAY_MS ?? "5000"),
};

function log(line: string): void {
  console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);
}

function modelFromEnvironment(): Model {
  const baseUrl = process.env.OPENAI_BASE_URL;
  return baseUrl ? new OpenAICompatibleModel(baseUrl, process.env.OPENAI_API_KEY, process.env.OPENAI_MODEL ?? "gpt-4o-mini") : new ScriptedModel();
}

async function nextTicket(): Promise<Ticket | null> {
  const response = await fetch(`${settings.backend}/queue/next`);
  if (response.status === 204) {
    return null;
  }

  if (!response.ok) {
    throw new Error(`GET /queue/next answered ${response.status}`);
  }

  return (await response.json()) as Ticket;
}

/** Runs one ticket to its end; `false` when Firebreak stopped the agent and it should take no more tickets. */
async function handle(guard: Guard, model: Model, ticket: Ticket): Promise<boolean> {
  const start = await guard.startRun(ticket, { correlationId: `ticket-${ticket.id}-${Date.now()}` });
  if (start.outcome === "blocked") {
    log(`firebreak: ${start.message}`);
    return false;
  }

  if (start.outcome !== "started") {
    log(`firebreak: ticket ${ticket.id} not handled: ${start.message}`);
    return true;
  }

  const run = start.run;
  log(`ticket ${ticket.id} (${ticket.subject}): run ${run.id}`);
  const raw = supportTools(settings.backend, () => run.correlationId, settings.refundDelayMs, log);
  const tools = {
    lookup_order: guard.wrapTool("lookup_order", raw.lookup_order!, {
      runId: () => run.id,
      details: (a: { orderId: string }) => ({ entities: [{ type: "order", id: a.orderId }, { type: "customer", id: ticket.customerId }] }),
    }),
    issue_refund: guard.wrapTool("issue_refund", raw.issue_refund!, {
      risk: "financial",
      runId: () => run.id,
      details: (a: { orderId: string; amount: number; currency: string }) => ({
        entities: [{ type: "order", id: a.orderId }, { type: "customer", id: ticket.customerId }],
        amount: a.amount,
        currency: a.currency,
      }),
    }),
    send_email: guard.wrapTool("send_email", raw.send_email!, {
      risk: "message",
      runId: () => run.id,
      details: (a: { customerId: string }) => ({ entities: [{ type: "customer", id: a.customerId }] }),
    }),
    close_ticket: guard.wrapTool("close_ticket", raw.close_ticket!, {
      risk: "write",
      runId: () => run.id,
      details: (a: { ticketId: string }) => ({ entities: [{ type: "ticket", id: a.ticketId }] }),
    }),
  };

  const messages: Message[] = [{ role: "system", content: SYSTEM_PROMPT }, { role: "user", content: JSON.stringify(ticket) }];
  for (let step = 0; step < 10; step++) {
    const turn = await model.next(messages, raw);
    if (turn.toolCalls.length === 0) {
      log(`  answer: ${turn.text ?? ""}`);
      await guard.endRun(run.id, "completed", { answer: turn.text });
      return true;
    }

    messages.push({ role: "assistant", content: turn.text, tool_calls: turn.toolCalls });
    for (const call of turn.toolCalls) {
      const tool = tools[call.function.name as keyof typeof tools];
      let content: string;
      try {
        if (tool === undefined) {
          throw new Error(`There is no tool ${call.function.name}.`);
        }

        const result = await tool.execute(JSON.parse(call.function.arguments), { toolCallId: call.id });
        log(`  ${call.function.name} ${call.function.arguments} -> ok`);
        content = JSON.stringify(result ?? null);
      } catch (error) {
        if (error instanceof ToolBlockedError) {
          log(`firebreak: blocked ${call.function.name}: ${error.message}`);
          if (guard.decide(call.function.name).verdict === "block" && guard.decide("lookup_order").verdict === "block") {
            // The whole agent is stopped (killed, or the control plane unreachable for its risky tools): end the run here.
            await guard.endRun(run.id, "killed").catch(() => undefined);
            return false;
          }
        } else if (error instanceof ToolDeniedError) {
          log(`firebreak: denied ${call.function.name}: ${error.message}`);
        } else {
          log(`  ${call.function.name} failed: ${String(error)}`);
        }

        // The model reads why the call did not run, as a tool result, and carries on without it.
        content = JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
      }

      messages.push({ role: "tool", tool_call_id: call.id, content });
    }
  }

  await guard.endRun(run.id, "failed", { error: "too many steps" });
  return true;
}

async function main(): Promise<void> {
  if (!settings.apiKey) {
    throw new Error("Set FIREBREAK_API_KEY to an agent key for the agent (scripts/start.sh writes one to .data/agent.key).");
  }

  const guard = await Guard.start({ serverUrl: settings.server, apiKey: settings.apiKey, agentId: settings.agentId, version: "typescript-agent/0.1.0" });
  log(`firebreak: enforcement point ${guard.pointId} at epoch ${guard.epoch}, lease ${guard.leaseState}`);
  const stop = () => void guard.close().then(() => process.exit(130));
  process.once("SIGINT", stop);
  const model = modelFromEnvironment();
  try {
    for (let handled = 0; handled < settings.tickets; handled++) {
      const ticket = await nextTicket();
      if (ticket === null) {
        log("the queue is empty");
        break;
      }

      if (!(await handle(guard, model, ticket))) {
        log("firebreak stopped the agent: taking no more tickets");
        break;
      }
    }
  } finally {
    await guard.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
