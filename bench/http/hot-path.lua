-- wrk script for bench/http/load.sh: one POST per request with a unique idempotency key and an agent key from the
-- environment. The first script argument picks the request and what counts as a success:
--   record    POST /api/v1/actions, an executed write (201: acknowledged)
--   read      POST /api/v1/decisions, a read tool, decided and not recorded (200 with "outcome":"allow")
--   financial POST /api/v1/decisions, a financial tool, recorded pending before the answer (200 with "outcome":"allow")
-- The second argument prefixes the keys, so runs against one database never repeat one.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  key = os.getenv("FIREBREAK_AGENT_KEY")
  kind = args[1] or "record"
  prefix = string.format("%s-%s-%d-", args[2] or "wrk", kind, id)
  counter = 0
  succeeded = 0
  other = 0
end

local function body(n)
  if kind == "record" then
    return "/api/v1/actions", string.format(
      '{"agentId":"bench","idempotencyKey":"%s%d","tool":"update_ticket","arguments":{"ticketId":"t-%d","status":"solved","note":"closed by the benchmark"},' ..
      '"outcome":"executed","entities":["ticket:%s%d","customer:%d"]}',
      prefix, n, n, prefix, n, n % 47)
  elseif kind == "financial" then
    return "/api/v1/decisions", string.format(
      '{"agentId":"bench","tool":"issue_refund","arguments":{"ticketId":"t-%d","amount":25},"idempotencyKey":"%s%d",' ..
      '"amount":25,"currency":"USD","entities":["ticket:%s%d","customer:%d"]}',
      n, prefix, n, prefix, n, n % 47)
  end
  return "/api/v1/decisions", string.format(
    '{"agentId":"bench","tool":"lookup_ticket","arguments":{"ticketId":"t-%d"},"idempotencyKey":"%s%d"}', n, prefix, n)
end

function request()
  counter = counter + 1
  local path, json = body(counter)
  return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, json)
end

function response(status, headers, answer)
  local ok
  if kind == "record" then
    ok = status == 201
  else
    ok = status == 200 and string.find(answer, '"outcome":"allow"', 1, true) ~= nil
  end
  if ok then
    succeeded = succeeded + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("succeeded")
    bad = bad + thread:get("other")
  end
  -- done() runs in wrk's main Lua state, where init() never ran: the mode is read back from a thread.
  local what = threads[1]:get("kind") == "record" and "acknowledged (201)" or "allowed (200, allow)"
  io.write(string.format("%s: %d, other answers: %d, per second: %.0f\n", what, ok, bad, ok / (summary.duration / 1e6)))
end
