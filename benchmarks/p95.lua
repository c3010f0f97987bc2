done = function(summary, latency, requests)
  io.write(string.format("p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  requests %d  errors %d\n",
    latency:percentile(50)/1000, latency:percentile(95)/1000, latency:percentile(99)/1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
