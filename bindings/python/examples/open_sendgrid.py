#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""open_sendgrid.py -- the shortest correct Python host: load the SendGrid
plugin, log one tenant in, and print what a web panel would answer the
browser's "Open SendGrid" POST with.  docs/integrating.md walks through it;
ctest runs it against a local HTTPS sandbox (python.pytest).

usage: open_sendgrid.py PLUGIN_DIR KEY_FILE TENANT ACCOUNT_ID REGION [SETTING=VALUE]...

The SETTING=VALUE arguments go to the plugin unchanged, after
api_key_file=KEY_FILE: in production there are usually none; the test
points the plugin at its sandbox with them.

Exit status: 0 the browser would be redirected, 1 the login failed (the
page the browser would get is on stdout), 2 usage or loading error.
"""
import logging
import sys

import panelsso
from panelsso import Status

# The HTTP status a panel answers a failed login with: the tenant's data is
# wrong (400), SendGrid throttles (429), SendGrid or the way to it failed
# (502), or the panel itself is misconfigured or broken (500).
HTTP_STATUS_LINES = {
    Status.AUTH_ERR_INVALID_REQUEST: "400 Bad Request",
    Status.AUTH_ERR_RATE_LIMITED: "429 Too Many Requests",
    Status.AUTH_ERR_AUTH_REJECTED: "502 Bad Gateway",
    Status.AUTH_ERR_FORBIDDEN: "502 Bad Gateway",
    Status.AUTH_ERR_NOT_FOUND: "502 Bad Gateway",
    Status.AUTH_ERR_UNAVAILABLE: "502 Bad Gateway",
    Status.AUTH_ERR_PROTOCOL: "502 Bad Gateway",
    Status.AUTH_ERR_TLS: "502 Bad Gateway",
}


def answer(tenant, result):
    """Write the browser's answer to stdout; return the exit status."""
    if result.ok:
        # The URL is a secret that works once, for 60 s: straight into the
        # Location header, never into a page, a log or a cache.  (The plugin
        # only returns absolute URLs on an allow-listed host, without spaces
        # or control characters, so it cannot split the header.)
        sys.stdout.write("HTTP/1.1 303 See Other\r\n"
                         f"Location: {result.redirect_url}\r\n"
                         "Cache-Control: no-store\r\n"
                         "Content-Length: 0\r\n\r\n")
        return 0
    # The browser gets user_message; the operator's log gets log_message (it
    # names the cause and the fix, never a secret).
    status_line = HTTP_STATUS_LINES.get(result.status, "500 Internal Server Error")
    sys.stdout.write(f"HTTP/1.1 {status_line}\r\n")
    if result.status == Status.AUTH_ERR_RATE_LIMITED:
        sys.stdout.write(f"Retry-After: {result.retry_after or 60}\r\n")
    sys.stdout.write("Content-Type: text/plain; charset=utf-8\r\n"
                     "Cache-Control: no-store\r\n\r\n"
                     f"{result.user_message or 'SendGrid login failed. Please contact support.'}\n")
    print(f"open_sendgrid: login for tenant {tenant} failed: "
          f"{result.status_name}: {result.log_message}", file=sys.stderr)
    return 1


def main(argv):
    if len(argv) < 6 or any("=" not in arg for arg in argv[6:]):
        print("usage: open_sendgrid.py PLUGIN_DIR KEY_FILE TENANT ACCOUNT_ID "
              "REGION [SETTING=VALUE]...", file=sys.stderr)
        return 2
    plugin_dir, key_file, tenant, account_id, region = argv[1:6]

    # 1. Once at start-up: the operator's log (the plugin's lines, one audit
    # line per login among them, go to the logger "panelsso")...
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="open_sendgrid: %(levelname)s: %(message)s")

    # 2. ...and the plugin from an explicit directory (never a search path),
    # with this provider's settings.  A bad setting fails here, not at a
    # customer's first click.
    settings = {"api_key_file": key_file}
    settings.update(arg.split("=", 1) for arg in argv[6:])
    with panelsso.Loader(plugin_dir=plugin_dir,
                         providers={"sendgrid": settings}) as loader:
        for provider in loader.providers():
            if not provider.loaded:
                print(f"open_sendgrid: cannot load SendGrid: {provider.error}",
                      file=sys.stderr)
                return 2

        # 3. Per request (may run in many threads at once): the tenant's
        # attributes, from the panel's own database.  Python cannot wipe a
        # str: the URL lives in `result` only, which goes as soon as the
        # answer is written.
        result = loader.login("sendgrid", tenant=tenant, account_id=account_id,
                              region=region)
        code = answer(tenant, result)
        del result
        try:
            sys.stdout.flush()
        except OSError:
            print("open_sendgrid: cannot write the answer to stdout", file=sys.stderr)
            code = 2
    # 4. Once at shutdown (the end of the with block): every provider is torn
    # down and its plugin unloaded.
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
