-- wrk script of the benchmark (driven by bench/run.sh; see docs/PERFORMANCE.md).
--
--   wrk -t<n> ... -s bench/requests.lua <url> -- <request file> <mode> <first line> <n> <at most>
--
-- The request file has one request per line: token, appointment id, view (and the caller's kind, unused
-- here), separated by tabs. Every id is one the token's caller may see. Each request is rendered once, in
-- init, so that request() hands wrk a ready string and the measured time holds no Lua formatting.
-- Mode "random" picks lines at random (cached sessions); mode "cycle" sends the lines in order, again and
-- again (each session comes back after all the others: the session mix); mode "once" gives each thread
-- its own interleaved run of lines (thread i of n takes first+i-1, first+i-1+n, ..., at most <at most> of
-- them), so that every request is the first use of its session; once a thread has run past the end of
-- its lines, every further request it sends is counted as reused.
--
-- done() prints one line that the benchmark reads:
--   RESULT requests=.. seconds=.. p50=.. p99=.. p999=.. status_errors=.. socket_errors=.. wrong=.. reused=.. last_line=..
-- where status_errors counts HTTP statuses above 399, wrong counts answers whose envelope status is not
-- action-successful (a 3xx shows only there), and last_line is the highest line sent ("once" mode).

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
  step = tonumber(args[4] or "1")
  local most = tonumber(args[5] or "0")
  -- In "once" mode a thread keeps only its own lines (from the first line on, every step-th, no more than
  -- it can send in a round), so a file of hundreds of thousands of sessions is not all held rendered.
  local n = 0
  for line in io.lines(args[1]) do
    n = n + 1
    if mode ~= "once" or (n >= first and (n - first) % step == thread_index - 1) then
      local token, id, view = line:match("([^\t]+)\t([^\t]+)\t([^\t]+)")
      local rendered = wrk.format("POST", nil,
        { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token },
        '{"_id":"' .. id .. '","view":"' .. view .. '"}')
      table.insert(lines, { rendered, n })
      if mode == "once" and most > 0 and #lines >= most then
        break
      end
    end
  end
  math.randomseed(os.time() + thread_index * 7919)
  next_line = 1
  wrong = 0
  reused = 0
  last_line = 0
  wrapped = false
end

function request()
  local entry
  if mode == "cycle" then
    if next_line > #lines then
      next_line = 1
    end
    entry = lines[next_line]
    next_line = next_line + 1
  elseif mode == "once" then
    if next_line > #lines then
      next_line = 1
      wrapped = true
    end
    entry = lines[next_line]
    if wrapped then
      reused = reused + 1
    elseif entry[2] > last_line then
      last_line = entry[2]
    end
    next_line = next_line + 1
  else
    entry = lines[math.random(#lines)]
  end
  return entry[1]
end

function response(status, headers, body)
  if not body:find('"status":"action-successful"', 1, true) then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local wrong_total, reused_total, last = 0, 0, 0
  for _, thread in ipairs(threads) do
    wrong_total = wrong_total + (thread:get("wrong") or 0)
    reused_total = reused_total + (thread:get("reused") or 0)
    last = math.max(last, thread:get("last_line") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f p50=%d p99=%d p999=%d status_errors=%d socket_errors=%d wrong=%d reused=%d last_line=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9), e.status, e.connect + e.read + e.write + e.timeout, wrong_total, reused_total, last))
end
