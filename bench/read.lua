-- wrk script: POST /api/v1/appointments/read with the token and body given in the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = os.getenv("BODY")

local statuses = {}

response = function(status, headers, body)
  local s = body:match('"status":"([^"]+)"') or ("http-" .. status)
  statuses[s] = (statuses[s] or 0) + 1
end

done = function(summary, latency, requests)
  -- wrk runs response() per thread; the counts printed here are those of the last thread only, so the
  -- totals above are the numbers to quote. This line is a sanity check that answers were what we asked.
  for s, n in pairs(statuses) do
    io.write(string.format("  status %s (one thread's sample): %d\n", s, n))
  end
end
