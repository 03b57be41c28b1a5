// The TypeScript guard's local decision per tool call (decideToolCall, what Guard.decide runs before every call),
// against a snapshot holding 1,001 settings, the cases of bench/Firebreak.Benchmarks/GuardDecisionBenchmarks.cs.
// Needs the client built: (cd clients/typescript && npm ci && npm run build). Run: node bench/typescript/decide-bench.mjs
// Each case runs in its own process, so one case's call site does not make another's polymorphic.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { loadavg } from "node:os";
import { Lease, decideToolCall } from "../../clients/typescript/dist/index.js";

const setAt = "2026-11-23T12:00:00+00:00";
const now = Date.parse(setAt);
const settings = [];
for (let i = 0; i < 1000; i++) {
  settings.push({ scope: `tool:agent-${i}/issue_refund`, mode: "shadow", epoch: i + 1, actor: "bench", reason: "setup", setAt });
}

settings.push({ scope: "tool:support/send_email", mode: "killed", epoch: 1001, actor: "bench", reason: "setup", setAt });
const snapshot = { epoch: 1001, settings, frozenAgents: [], strictAgents: [] };
const refund = { name: "issue_refund", risk: "financial" };
const lookup = { name: "lookup_order", risk: "read" };
const lease = new Lease(performance.now(), 3_600_000);

const cases = [
  ["allow: financial tool, normal", () => decideToolCall(snapshot, "support", "issue_refund", refund, "fresh", now).verdict, "execute"],
  ["allow: read tool, stale lease (fails open)", () => decideToolCall(snapshot, "support", "lookup_order", lookup, "stale", now).verdict, "execute"],
  ["block: financial tool, stale lease (fails closed)", () => decideToolCall(snapshot, "support", "issue_refund", refund, "stale", now).verdict, "block"],
  ["shadow: another agent's shadowed tool", () => decideToolCall(snapshot, "agent-500", "issue_refund", refund, "fresh", now).verdict, "shadow"],
  // What Guard.decide adds: reading the clocks for the lease and the settings' expiry.
  ["guard path: lease + clock + allow", () => decideToolCall(snapshot, "support", "issue_refund", refund, lease.stateAt(performance.now()), Date.now()).verdict, "execute"],
];

const batch = 10_000;
const batches = 300;

function measure(name, decide, expected) {
  if (decide() !== expected) {
    throw new Error(`${name}: decided ${decide()}, expected ${expected}`);
  }

  let sink = 0;
  for (let i = 0; i < 500_000; i++) {
    sink += decide().length;
  }

  const perCall = [];
  for (let b = 0; b < batches; b++) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) {
      sink += decide().length;
    }

    perCall.push(((performance.now() - started) * 1e6) / batch);
  }

  perCall.sort((a, b) => a - b);
  const mean = perCall.reduce((a, b) => a + b, 0) / perCall.length;
  const at = (q) => perCall[Math.min(perCall.length - 1, Math.floor(q * perCall.length))];
  return `| ${name} | ${mean.toFixed(1)} | ${at(0.5).toFixed(1)} | ${at(0.99).toFixed(1)} |${sink < 0 ? " " : ""}`;
}

const only = process.argv[2];
if (only !== undefined) {
  const [name, decide, expected] = cases[Number(only)];
  console.log(measure(name, decide, expected));
} else {
  console.log(`node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} before the run`);
  console.log("Per call, over 300 batches of 10,000 calls (p50/p99 of the batch means):");
  console.log("| case | mean ns/call | p50 ns/call | p99 ns/call |");
  console.log("|---|---|---|---|");
  for (let i = 0; i < cases.length; i++) {
    process.stdout.write(execFileSync(process.execPath, [fileURLToPath(import.meta.url), String(i)]));
  }

  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} after the run`);
}
