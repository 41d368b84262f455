-- wrk script: requests cycle through the paths given after `--` (the URL's own path when
-- none are), and the run ends with one JSON line of throughput and latency percentiles
-- (microseconds).
local paths = {}
local next_path = 0

init = function(args)
  for i, path in ipairs(args) do
    paths[i] = path
  end
end

request = function()
  if #paths == 0 then
    return wrk.format()
  end
  next_path = next_path % #paths + 1
  return wrk.format(nil, paths[next_path])
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
