-- wrk script: POST /api/v1/actions with a unique idempotency key per request, an agent key from the environment,
-- and a tally of the status codes (only 201 counts as an acknowledged action).
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  key = os.getenv("FIREBREAK_AGENT_KEY")
  prefix = string.format("%s-%d-", args[1] or "wrk", id)
  counter = 0
  created = 0
  other = 0
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"agentId":"bench","idempotencyKey":"%s%d","tool":"update_ticket","arguments":{"ticketId":"t-%d","status":"solved","note":"closed by the benchmark"},' ..
    '"outcome":"executed","entities":["ticket:%s%d","customer:%d"]}',
    prefix, counter, counter, prefix, counter, counter % 47)
  return wrk.format("POST", "/api/v1/actions", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end

function response(status)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("created")
    bad = bad + thread:get("other")
  end
  io.write(string.format("acknowledged (201): %d, other statuses: %d, acknowledged/s: %.0f\n", ok, bad, ok / (summary.duration / 1e6)))
end
