-- Prints wrk's result as one machine-readable line, in the same format as httpbench pingpong.
-- Only done() is defined, so wrk keeps its fast path (no per-request Lua).
done = function(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%.1f p99_us=%.1f errors=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50), latency:percentile(99),
      e.connect + e.read + e.write + e.status + e.timeout))
end
