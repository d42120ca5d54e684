# SPDX-License-Identifier: MIT
"""php.panel_http: the sample panel over HTTP, as a browser would use it,
through one keep-alive connection to nginx (and php-fpm behind it), against
a global and an EU HTTPS sandbox.

usage: test_panel_http.py EXT_DIR   (as root; EXT_DIR from bindings/php's
tests/build-extension.sh; SANDBOX_BIN, TEST_PKI_DIR and SCAN_BIN set by ctest)

No one-time URL or code is ever printed: a failure shows a URL without its
query.
"""

import html
import http.client
import os
import re
import socket
import stat
import sys
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from panel_stack import Checks, Missing, PanelStack  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


def without_query(url):
    p = urllib.parse.urlsplit(url or "")
    return urllib.parse.urlunsplit((p.scheme, p.netloc, p.path, "", "")) + ("?<redacted>" if p.query else "")


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name)

    def error_text(self):
        m = re.search(r'<p class="error">(.*?)</p>', self.body)
        return m.group(1) if m else None


class Browser:
    """A keep-alive HTTP/1.1 client with the panel's session cookie."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = None
        self.sockets = []  # each connection this client opened (kept, so none is mistaken for another)

    def request(self, method, path, form=None, headers=None):
        h = {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookie:
            h["Cookie"] = self.cookie
        h.update(headers or {})
        self.conn.request(method, path, body, h)
        if not any(self.conn.sock is sock for sock in self.sockets):
            self.sockets.append(self.conn.sock)
        r = self.conn.getresponse()
        data = r.read().decode()
        for c in r.headers.get_all("Set-Cookie") or []:
            if c.startswith("panel_session="):
                self.cookie = c.split(";")[0]
        return Response(r.status, r.headers, data)

    def token(self):
        """The CSRF token of a fresh list page."""
        m = TOKEN.search(self.request("GET", "/").body)
        return m.group(1) if m else None


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    c = Checks("php.panel_http")
    codes = []
    try:
        stack = PanelStack(sys.argv[1])
    except Missing as e:
        print(f"missing prerequisite: {e}", file=sys.stderr)
        return 1
    with stack as s:
        b = Browser(s.port)

        def open_tenant(tenant, token, browser=b, headers=None):
            r = browser.request("POST", "/open", {"csrf_token": token, "tenant": tenant}, headers)
            loc = r.header("Location")
            if loc and "code=" in loc:
                codes.append(urllib.parse.parse_qs(urllib.parse.urlsplit(loc).query)["code"][0])
            return r

        def check_login(tenant, region, account, token):
            r = open_tenant(tenant, token)
            loc = r.header("Location") or ""
            c.check(r.status == 303 and loc.startswith(s.sandbox_url[region] + "/login?code="),
                    f"open {tenant}: 303 to the {region} sandbox's login page",
                    f"status {r.status}, Location {without_query(loc)}")
            c.check(r.header("Cache-Control") == "no-store" and r.header("Referrer-Policy") == "no-referrer",
                    f"open {tenant}: Cache-Control: no-store and Referrer-Policy: no-referrer on the 303",
                    f"{r.header('Cache-Control')!r} {r.header('Referrer-Policy')!r}")
            c.check(r.body == "", f"open {tenant}: the 303 has no body (the URL is in Location only)",
                    f"{len(r.body)} bytes")
            if r.status != 303:
                return
            status, page = s.visit(loc)
            c.check(status == 200 and f"Logged in to SendGrid account <b>{account}</b> (region {region})" in page,
                    f"open {tenant}: the URL logs into account {account} in region {region}", f"status {status}")
            status, page = s.visit(loc)
            c.check(status == 403 and "expired or was already used" in page,
                    f"open {tenant}: the same URL a second time is refused", f"status {status}")

        def check_refused(status, what, r, sso_before):
            c.check(r.status == status, f"{what}: {status}", f"status {r.status}")
            c.check(s.sso_count() == sso_before, f"{what}: no login was asked of SendGrid")

        print("== who runs what")
        key = os.stat(s.key_file)
        c.check(key.st_uid == 0 and key.st_gid == 0 and stat.S_IMODE(key.st_mode) == 0o600,
                "the partner key file is root:root 0600", f"{key.st_uid}:{key.st_gid} {oct(key.st_mode)}")
        for server, pidfile in (("nginx", "nginx.pid"), ("php-fpm", "php-fpm.pid")):
            master, workers = s.process_users(pidfile)
            c.check(master == "root" and workers and set(workers) == {"www-data"},
                    f"{server}: the master runs as root, its {len(workers)} workers as www-data",
                    f"master {master}, workers {workers}")

        print("== the list")
        r = b.request("GET", "/")
        c.check(r.status == 200, "GET /: 200", f"status {r.status}")
        cookie = r.header("Set-Cookie") or ""
        c.check(cookie.startswith("panel_session=") and "; HttpOnly" in cookie and "SameSite=Strict" in cookie,
                "the session cookie is HttpOnly and SameSite=Strict", cookie.split(";", 1)[-1])
        c.check(r.header("Cache-Control") == "no-store" and r.header("Referrer-Policy") == "no-referrer",
                "the list: Cache-Control: no-store and Referrer-Policy: no-referrer")
        c.check("Müller &amp; Söhne &lt;GmbH&gt;" in r.body and "<GmbH>" not in r.body,
                "a tenant's name is HTML-escaped")
        rows = dict(re.findall(r'<tr id="tenant-(\w+)">.*?<td class="state">(.*?)</td>', r.body))
        c.check(rows.get("acme") == "active" and rows.get("muller") == "active"
                and rows.get("newco") == "no account", "states: acme and muller active, newco without an account",
                str(rows))
        c.check('value="create"' in r.body.split('id="tenant-newco"')[1].split("</tr>")[0],
                "newco has a \"Create SendGrid account\" button")
        m = TOKEN.search(r.body)
        token = m.group(1) if m else ""
        c.check(bool(token), "the forms carry a CSRF token")

        print("== Open SendGrid")
        check_login("acme", "global", "ZGkrHSypTsudrGkmdpJJ", token)
        check_login("muller", "eu", "sg2a2bcd3ef4ab5c67d8efab91c01de2fa", token)

        print("== refusals before any login")
        before = s.sso_count()
        check_refused(403, "a POST without a token", b.request("POST", "/open", {"tenant": "acme"}), before)
        check_refused(403, "a POST with a wrong token", open_tenant("acme", "0" * 64), before)
        check_refused(403, "a POST with an empty token", open_tenant("acme", ""), before)
        other = Browser(s.port)
        other_token = other.token()
        check_refused(403, "a token from another session", open_tenant("acme", other_token), before)
        stranger = Browser(s.port)
        check_refused(403, "the right token without the session cookie", open_tenant("acme", token, stranger),
                      before)
        check_refused(405, "GET /open", b.request("GET", "/open?tenant=acme&csrf_token=" + token), before)
        check_refused(404, "a tenant the panel does not have", open_tenant("nobody", token), before)
        r = open_tenant("acme", token, headers={"Origin": "http://127.0.0.1:1", "X-Forwarded-Host": "evil.example"})
        c.check(r.status == 303, "Origin and X-Forwarded-Host play no part: the token decides (303)",
                f"status {r.status}")
        before = s.sso_count()
        # A DNS name rebound to the panel's address: the browser sends the
        # panel's cookie only to the panel's own name, and nginx answers no
        # other host name at all.
        rebound = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        body = urllib.parse.urlencode({"csrf_token": token, "tenant": "acme"})
        rebound.sendall((f"POST /open HTTP/1.1\r\nHost: evil.example:{s.port}\r\n{b.cookie and 'Cookie: ' + b.cookie}\r\n"
                         f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
                         f"Connection: close\r\n\r\n{body}").encode())
        answer = rebound.recv(4096)
        rebound.close()
        c.check(answer == b"", "a request for another host name (DNS rebinding) gets no answer at all",
                answer[:40].decode(errors="replace"))
        c.check(s.sso_count() == before, "... and asked SendGrid for nothing")
        # (nginx closes the connection after a 400: another client asks.)
        prober = Browser(s.port)
        for path in ("/index.php", "/open.php", "/src/panel.php", "/tenants.json", "/../src/page.php"):
            r = prober.request("GET", path)
            c.check(r.status in (400, 404), f"GET {path}: nothing served ({r.status})", f"status {r.status}")

        print("== failures show the Result's userMessage")
        for tenant, status, retry in (("broken", 503, None), ("busy", 429, "30"), ("gone", 502, None)):
            r = open_tenant(tenant, token)
            want = s.expected_user_message(tenant)
            c.check(r.status == status and html.unescape(r.error_text() or "") == want,
                    f"open {tenant}: {status} showing \"{want}\"", f"status {r.status}, shown {r.error_text()!r}")
            c.check(r.header("Retry-After") == retry,
                    f"open {tenant}: " + (f"Retry-After: {retry}" if retry else "no Retry-After"),
                    repr(r.header("Retry-After")))
            c.check(r.header("Cache-Control") == "no-store" and "Location" not in r.headers
                    and "code=" not in r.body and "https://" not in r.body,
                    f"open {tenant}: the error page is no-store and holds no URL")
        r = open_tenant("newco", token)
        c.check(r.status == 409 and "no SendGrid account yet" in html.unescape(r.error_text() or ""),
                "open a tenant without an account: 409, \"no SendGrid account yet\"", f"status {r.status}")

        print("== account operations")
        creates = len(s.sandbox_stats("global")["create_log"])
        r = b.request("POST", "/account", {"csrf_token": token, "tenant": "newco", "operation": "create"})
        c.check(r.status == 303 and r.header("Location") == "/", "create for newco: 303 back to the list",
                f"status {r.status} {r.header('Location')}")
        new_id = s.tenants()["newco"].get("account_id") or ""
        c.check(re.fullmatch(r"sg[0-9a-f]{32}", new_id) is not None,
                "the panel recorded the new account's id", repr(new_id))
        log = s.sandbox_stats("global")["create_log"]
        c.check(len(log) == creates + 1 and log[-1]["account_id"] == new_id
                and log[-1]["email"] == "founder@newco.example",
                "the global sandbox created it once, for newco's email")
        r = b.request("POST", "/account", {"csrf_token": token, "tenant": "newco", "operation": "create"})
        c.check(r.status == 409 and len(s.sandbox_stats("global")["create_log"]) == creates + 1,
                "create again: 409, nothing sent", f"status {r.status}")
        r = b.request("GET", "/")
        row = r.body.split('id="tenant-newco"')[1].split("</tr>")[0]
        c.check(f'<td class="account">{new_id}</td><td class="state">active</td>' in row
                and "Open SendGrid" in row and "Create SendGrid account" not in row,
                "the list shows newco's new account, active, with Open SendGrid")
        check_login("newco", "global", new_id, token)

        r = b.request("POST", "/account", {"csrf_token": token, "tenant": "newco", "operation": "suspend"})
        c.check(r.status == 303, "suspend newco: 303", f"status {r.status}")
        row = b.request("GET", "/").body.split('id="tenant-newco"')[1].split("</tr>")[0]
        c.check('<td class="state">suspended</td>' in row and 'value="unsuspend"' in row,
                "the list shows newco suspended, with Unsuspend")
        r = open_tenant("newco", token)
        c.check(r.status == 502 and bool(r.error_text()) and "Location" not in r.headers,
                f"open a suspended account: 502 showing \"{r.error_text()}\"", f"status {r.status}")
        r = b.request("POST", "/account", {"csrf_token": token, "tenant": "newco", "operation": "unsuspend"})
        c.check(r.status == 303, "unsuspend newco: 303", f"status {r.status}")
        check_login("newco", "global", new_id, token)

        r = b.request("POST", "/account", {"csrf_token": token, "tenant": "neweu", "operation": "create"})
        eu_id = s.tenants()["neweu"].get("account_id") or ""
        c.check(r.status == 303 and any(e["account_id"] == eu_id for e in s.sandbox_stats("eu")["create_log"]),
                "create for neweu: made in the EU sandbox", f"status {r.status}")
        check_login("neweu", "eu", eu_id, token)
        before = s.sso_count()
        creates = len(s.sandbox_stats("global")["create_log"])
        r = b.request("POST", "/account", {"tenant": "newco", "operation": "suspend"})
        c.check(r.status == 403, "an account operation without the token: 403", f"status {r.status}")
        r = b.request("POST", "/account", {"csrf_token": token, "tenant": "acme", "operation": "delete"})
        c.check(r.status == 400, "an operation the panel does not offer (delete): 400", f"status {r.status}")
        row = b.request("GET", "/").body.split('id="tenant-newco"')[1].split("</tr>")[0]
        c.check('<td class="state">active</td>' in row, "... and newco is still active")

        print("== one connection")
        c.check(len(b.sockets) == 1, f"every request of the session went over one keep-alive connection "
                f"({len(b.sockets)})")

        print("== secrets")
        for ok, what, detail in s.scan_for_secrets(codes):
            c.check(ok, what, detail)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
