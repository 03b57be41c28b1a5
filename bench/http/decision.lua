-- wrk script: POST /api/v1/decisions with a unique idempotency key per request and an agent key from the environment.
-- The first script argument picks the tool: "read" (lookup_ticket: decided, not recorded) or "financial" (issue_refund:
-- decided and recorded pending before the answer). Only 200 with "outcome":"allow" counts as an allowed decision.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  key = os.getenv("FIREBREAK_AGENT_KEY")
  kind = args[1] or "read"
  prefix = string.format("%s-%s-%d-", args[2] or "wrk", kind, id)
  counter = 0
  allowed = 0
  other = 0
end

function request()
  counter = counter + 1
  local body
  if kind == "financial" then
    body = string.format(
      '{"agentId":"bench","tool":"issue_refund","arguments":{"ticketId":"t-%d","amount":25},"idempotencyKey":"%s%d",' ..
      '"amount":25,"currency":"USD","entities":["ticket:%s%d","customer:%d"]}',
      counter, prefix, counter, prefix, counter, counter % 47)
  else
    body = string.format(
      '{"agentId":"bench","tool":"lookup_ticket","arguments":{"ticketId":"t-%d"},"idempotencyKey":"%s%d"}',
      counter, prefix, counter)
  end
  return wrk.format("POST", "/api/v1/decisions", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"outcome":"allow"', 1, true) then
    allowed = allowed + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("allowed")
    bad = bad + thread:get("other")
  end
  io.write(string.format("allowed (200, allow): %d, other answers: %d, allowed/s: %.0f\n", ok, bad, ok / (summary.duration / 1e6)))
end
