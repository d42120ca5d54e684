-- SPDX-License-Identifier: MIT
-- wrk script for the benchmark's click: "Open SendGrid" on the sample PHP
-- panel, POST /open with the session cookie and its CSRF token (from the
-- environment: PANEL_COOKIE, PANEL_TOKEN), as a browser sends it.  Every
-- answer must be the 303: wrk counts any status of 400 or more as an error,
-- and done() prints them beside the figures, as one JSON object.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("PANEL_COOKIE")
wrk.body = "tenant=bench&csrf_token=" .. os.getenv("PANEL_TOKEN")

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"requests_per_s":%.1f,"p50_us":%.1f,"p90_us":%.1f,' ..
    '"p99_us":%.1f,"max_us":%.1f,"errors_status":%d,"errors_socket":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
