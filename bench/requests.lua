-- wrk script of the benchmark (driven by bench/run.sh; see docs/PERFORMANCE.md).
--
--   wrk ... -s bench/requests.lua <url> -- <request file> <mode> <first line>
--
-- The request file has one request per line: token, appointment id, view, separated by tabs. Every id is
-- one the token's caller may see. Mode "random" picks lines at random (cached sessions); mode "once" gives
-- each thread its own run of lines, so that every request is the first use of its session. A line used a
-- second time in "once" mode is counted as reused.
--
-- done() prints one line that the benchmark reads:
--   RESULT requests=.. seconds=.. p50=.. p99=.. p999=.. non2xx=.. socket_errors=.. wrong=.. reused=..
-- where wrong counts answers whose envelope status is not action-successful.

local lines = {}
local mode = "random"
local first = 1
local next_line = 1
local step = 1
local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_index", thread_count)
  table.insert(threads, thread)
end

function init(args)
  mode = args[2] or "random"
  first = tonumber(args[3] or "1")
  for line in io.lines(args[1]) do
    local token, id, view = line:match("([^\t]+)\t([^\t]+)\t([^\t]+)")
    table.insert(lines, { "Bearer " .. token, '{"_id":"' .. id .. '","view":"' .. view .. '"}' })
  end
  math.randomseed(os.time() + thread_index * 7919)
  -- "once": thread i takes lines first+i-1, first+i-1+n, ... for n threads
  step = tonumber(os.getenv("WRK_THREADS") or "1")
  next_line = first + thread_index - 1
  wrong = 0
  reused = 0
end

function request()
  local entry
  if mode == "once" then
    if next_line > #lines then
      next_line = ((next_line - 1) % #lines) + 1
      reused = reused + 1
    end
    entry = lines[next_line]
    next_line = next_line + step
  else
    entry = lines[math.random(#lines)]
  end
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Authorization"] = entry[1] }, entry[2])
end

function response(status, headers, body)
  if not body:find('"status":"action-successful"', 1, true) then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local wrong_total, reused_total = 0, 0
  for _, thread in ipairs(threads) do
    wrong_total = wrong_total + (thread:get("wrong") or 0)
    reused_total = reused_total + (thread:get("reused") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f p50=%d p99=%d p999=%d non2xx=%d socket_errors=%d wrong=%d reused=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9), e.status, e.connect + e.read + e.write + e.timeout, wrong_total, reused_total))
end
