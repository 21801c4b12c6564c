-- wrk script for bench/server.py: round-robin over the paths in the file named by BENCH_PATHS,
-- optionally following each JSON list's "next" link (BENCH_FOLLOW=1); counts every answer that
-- is not a 200 and prints one JSON line of numbers when done.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    if line ~= "" then table.insert(paths, line) end
  end
  follow = os.getenv("BENCH_FOLLOW") == "1"
  queue = {}
  i = offset or 0
  bad = 0
end

function request()
  local path = table.remove(queue)
  if path == nil then
    i = i + 1
    path = paths[(i % #paths) + 1]
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  elseif follow then
    local link = body:match('"next":"https?://[^/"]+([^"]*)"')
    if link then table.insert(queue, link) end
  end
end

function done(summary, latency, requests)
  local errors = 0
  for _, thread in ipairs(threads) do errors = errors + thread:get("bad") end
  local e = summary.errors
  errors = errors + e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50": %.3f, "p95": %.3f, "p99": %.3f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
