-- wrk script: POST the body in $BODY with the token in $TOKEN, and count the envelope statuses answered.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = os.getenv("BODY")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  local s = body:match('"status":"([^"]+)"') or ("http-" .. status)
  statuses[s] = (statuses[s] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for s, n in pairs(thread:get("statuses")) do
      total[s] = (total[s] or 0) + n
    end
  end
  for s, n in pairs(total) do
    io.write(string.format("  %s: %d\n", s, n))
  end
end
