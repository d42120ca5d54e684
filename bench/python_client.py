# SPDX-License-Identifier: MIT
"""Variant (h) of the benchmark: the Python package (bindings/python)
logging tenants in through panelsso.Loader and the SendGrid plugin, in a
plain sequential Python loop, against the sandbox.

    python3 python_client.py --base-url URL --ca-file FILE --key-file FILE
                             --plugin-dir DIR --logins N --warmup N [--account ID]

The loader gets the settings variant (a) gives the plugin, and, like (a),
takes the plugin's log lines at INFO (the audit line of every login) into a
sink that drops them.  Prints one JSON object with the same fields as
bench-client.
"""
import argparse
import json
import logging
import resource
import ssl
import sys
import time
import urllib.request

import panelsso


def hook(args, ctx, method, path):
    """A sandbox test hook, on a connection of its own."""
    req = urllib.request.Request(args.base_url + path, method=method,
                                 data=b"" if method == "POST" else None)
    with urllib.request.urlopen(req, context=ctx, timeout=30) as res:
        return json.loads(res.read()) if method == "GET" else None


def main():
    p = argparse.ArgumentParser()
    for opt in ("--base-url", "--ca-file", "--key-file", "--plugin-dir"):
        p.add_argument(opt, required=True)
    p.add_argument("--logins", type=int, required=True)
    p.add_argument("--warmup", type=int, required=True)
    p.add_argument("--account", default="bench-account")
    args = p.parse_args()
    ctx = ssl.create_default_context(cafile=args.ca_file)

    loader = panelsso.Loader(
        plugin_dir=args.plugin_dir,
        providers={"sendgrid": {"api_key_file": args.key_file,
                                "global_base_url": args.base_url,
                                "ca_file": args.ca_file,
                                "redirect_hosts": "127.0.0.1"}},
        log=lambda level, line: None, log_level=logging.INFO)
    failed = [x for x in loader.providers() if not x.loaded]
    if failed:
        print(f"python client: loading failed: {failed[0].error}", file=sys.stderr)
        return 1
    login = loader.login
    for _ in range(args.warmup):
        if not login("sendgrid", tenant="bench", account_id=args.account).ok:
            print("python client: a warm-up login failed", file=sys.stderr)
            return 1

    hook(args, ctx, "POST", "/_sandbox/reset")
    before = hook(args, ctx, "GET", "/_sandbox/stats")
    lat = [0] * args.logins
    now = time.perf_counter_ns
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = now()
    for i in range(args.logins):
        s = now()
        r = login("sendgrid", tenant="bench", account_id=args.account)
        lat[i] = now() - s
        if not r.ok:
            print(f"python client: login failed: {r.status_name}: {r.log_message}",
                  file=sys.stderr)
            return 1
    wall = (now() - t0) / 1e9
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    del r
    after = hook(args, ctx, "GET", "/_sandbox/stats")
    loader.close()

    lat.sort()

    def pct(q):
        return lat[max(1, -(-q * len(lat) // 100)) - 1] / 1000

    cpu_us = ((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)) * 1e6
    sandbox_ms = (after["cpu_user_ms"] + after["cpu_sys_ms"]) - \
        (before["cpu_user_ms"] + before["cpu_sys_ms"])
    print(json.dumps({
        "variant": "python", "threads": 1, "logins": args.logins, "failures": 0,
        "wall_s": round(wall, 4),
        "logins_per_s": round(args.logins / wall, 1),
        "p50_us": round(pct(50), 1), "p99_us": round(pct(99), 1),
        "cpu_us_per_login": round(cpu_us / args.logins, 2),
        "peak_rss_kib": r1.ru_maxrss,
        "sandbox_cpu_us_per_login": round(sandbox_ms * 1000 / args.logins, 2),
        "sandbox_cpu_share": round(sandbox_ms / 1000 / wall, 3),
        "sandbox_sso_requests": after["sso_requests"],
        # The stats call after the run came on a connection of its own.
        "sandbox_connections": after["connections"] - before["connections"] - 1,
    }, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
