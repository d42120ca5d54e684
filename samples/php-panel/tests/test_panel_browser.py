# SPDX-License-Identifier: MIT
"""php.panel_browser: the sample panel in a real browser.  Headless Chromium,
driven through Selenium (Debian's python3-selenium and chromium-driver),
clicks the panel's buttons as a person would, against nginx and php-fpm
and a global and an EU HTTPS sandbox:
  - "Open SendGrid" for a global and an EU tenant lands on the right
    sandbox's page, logged into the tenant's account; reloading that spent
    URL is refused;
  - a failing tenant shows its Result's userMessage;
  - "Create SendGrid account" for a new tenant, then "Open SendGrid" on it;
  - a form on another site posting to the panel without a token is refused
    (cross-site: the SameSite=Strict cookie stays home; same-site from
    another port: the cookie goes, the missing token refuses it), and no
    login is asked of SendGrid;
  - afterwards the nginx, php-fpm and PHP logs and the sandboxes' hold no
    key and no one-time code.

Chromium trusts the test CA the proper way: the CA is imported into an NSS
database in the browser's own $HOME (~/.pki/nssdb, where Chromium on Linux
reads locally trusted roots) with certutil, so certificate checks stay on
and the sandbox's certificate is verified like any site's.  A first browser
without that database must refuse the sandbox (the control).

usage: test_panel_browser.py EXT_DIR   (as root; see test_panel_http.py)
A missing chromium, chromedriver, Selenium or certutil fails the test.
"""

import html
import importlib.util
import http.server
import os
import subprocess
import sys
import threading
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from panel_stack import Checks, Missing, PanelStack, need_program  # noqa: E402

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1200,800"]


def prerequisites():
    chromium = need_program("chromium", "chromium")
    chromedriver = need_program("chromedriver", "chromium-driver")
    certutil = need_program("certutil", "libnss3-tools")
    if importlib.util.find_spec("selenium") is None:
        raise Missing("Selenium's Python bindings are missing: install python3-selenium "
                      "(scripts/deps.sh test) and run Debian's /usr/bin/python3")
    return chromium, chromedriver, certutil


class Browser:
    """Headless Chromium with a profile and a $HOME of its own."""

    def __init__(self, chromium, chromedriver, home):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in CHROMIUM_FLAGS + [f"--user-data-dir={home}/profile"]:
            options.add_argument(flag)
        # chromedriver passes its environment on to Chromium, which finds
        # the NSS database under $HOME.  Its log goes nowhere: it would hold
        # the one-time URLs the browser visits.
        env = dict(os.environ, HOME=home)
        self.driver = webdriver.Chrome(service=Service(chromedriver, env=env), options=options)
        self.driver.set_page_load_timeout(30)

    def quit(self):
        self.driver.quit()

    def get(self, url):
        self.driver.get(url)

    def text(self):
        from selenium.webdriver.common.by import By
        return self.driver.find_element(By.TAG_NAME, "body").text

    def title(self):
        return self.driver.title

    def click(self, row_id, label):
        """Clicks the button labelled LABEL in the panel's row ROW_ID (or in
        the page when ROW_ID is None) and waits for the next page."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC
        from selenium.webdriver.support.ui import WebDriverWait
        scope = self.driver if row_id is None else self.driver.find_element(By.ID, row_id)
        button = scope.find_element(By.XPATH, f".//button[normalize-space()='{label}']")
        button.click()
        WebDriverWait(self.driver, 30).until(EC.staleness_of(button))

    def where(self):
        """scheme://host:port/path of the page shown, never its query."""
        p = urllib.parse.urlsplit(self.driver.current_url)
        return urllib.parse.urlunsplit((p.scheme, p.netloc, p.path, "", ""))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_attacker_pages(directory):
    """A plain HTTP server for the attacker's pages, on a free loopback port."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *a: QuietHandler(*a, directory=directory))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    c = Checks("php.panel_browser")
    try:
        chromium, chromedriver, certutil = prerequisites()
        stack = PanelStack(sys.argv[1])
    except Missing as e:
        print(f"missing prerequisite: {e}", file=sys.stderr)
        return 1
    with stack as s:
        browser = attacker = None
        codes = []
        try:
            home = s.path("browser")
            os.mkdir(home, 0o700)

            print("== the test CA is what makes Chromium trust the sandbox")
            untrusting = Browser(chromium, chromedriver, home + "/untrusting")
            try:
                untrusting.get(s.sandbox_url["global"] + "/_sandbox/stats")
                shown = untrusting.driver.page_source
            finally:
                untrusting.quit()
            c.check('"region":"global"' not in shown and "ERR_CERT_AUTHORITY_INVALID" in shown,
                    "without the CA in its NSS database, Chromium refuses the sandbox's certificate "
                    "(ERR_CERT_AUTHORITY_INVALID)", shown[:300])
            nssdb = os.path.join(home, "trusting", ".pki", "nssdb")
            os.makedirs(nssdb, 0o700)
            for cmd in (["-N", "--empty-password"],
                        ["-A", "-n", "panelsso test CA", "-t", "C,,", "-i", s.ca_file]):
                subprocess.run([certutil, "-d", "sql:" + nssdb] + cmd, check=True, capture_output=True)
            browser = Browser(chromium, chromedriver, home + "/trusting")
            browser.get(s.sandbox_url["global"] + "/_sandbox/stats")
            c.check('"region":"global"' in browser.text(),
                    "with the CA imported (certutil), Chromium verifies the sandbox's certificate and loads it")

            print("== Open SendGrid")
            for tenant, region, account in (("acme", "global", "ZGkrHSypTsudrGkmdpJJ"),
                                            ("muller", "eu", "sg2a2bcd3ef4ab5c67d8efab91c01de2fa")):
                browser.get(s.base_url + "/")
                c.check(browser.title() == "Tenants", f"the panel lists its tenants ({tenant})", browser.title())
                browser.click(f"tenant-{tenant}", "Open SendGrid")
                c.check(browser.where() == s.sandbox_url[region] + "/login"
                        and browser.title() == f"SendGrid sandbox - {account}"
                        and f"Logged in to SendGrid account {account} (region {region})" in browser.text(),
                        f"{tenant}: the browser lands on the {region} sandbox, logged into {account}",
                        f"at {browser.where()}, title {browser.title()!r}")
                # The code the browser was sent (for the secret scan; never printed).
                code = urllib.parse.parse_qs(urllib.parse.urlsplit(browser.driver.current_url).query).get("code")
                codes.extend(code or [])
                browser.driver.refresh()
                c.check("This login link has expired or was already used." in browser.text()
                        and account not in browser.title(),
                        f"{tenant}: reloading the spent URL is refused", browser.title())

            print("== a failing tenant")
            browser.get(s.base_url + "/")
            browser.click("tenant-broken", "Open SendGrid")
            want = s.expected_user_message("broken")
            c.check(browser.where() == s.base_url + "/open" and want in browser.text(),
                    f"broken: the panel shows \"{want}\"", browser.text()[:200])

            print("== a new tenant's account")
            browser.get(s.base_url + "/")
            browser.click("tenant-newco", "Create SendGrid account")
            new_id = s.tenants()["newco"].get("account_id") or ""
            from selenium.webdriver.common.by import By
            row = browser.driver.find_element(By.ID, "tenant-newco")
            c.check(browser.where() == s.base_url + "/" and new_id.startswith("sg")
                    and new_id in row.text and "active" in row.text,
                    "Create SendGrid account: back on the list, newco has its new account, active", row.text)
            browser.click("tenant-newco", "Open SendGrid")
            codes.extend(urllib.parse.parse_qs(urllib.parse.urlsplit(browser.driver.current_url).query).get("code")
                         or [])
            c.check(browser.where() == s.sandbox_url["global"] + "/login"
                    and browser.title() == f"SendGrid sandbox - {new_id}",
                    "Open SendGrid on it logs into the new account", f"title {browser.title()!r}")

            print("== forms on other sites")
            pages = s.path("attacker")
            os.mkdir(pages, 0o755)
            with open(os.path.join(pages, "index.html"), "w") as f:
                f.write('<!DOCTYPE html><html><head><title>Win a prize</title></head><body>'
                        f'<form method="post" action="{html.escape(s.base_url)}/open">'
                        '<input type="hidden" name="tenant" value="acme">'
                        '<button type="submit">Claim</button></form></body></html>')
            attacker = serve_attacker_pages(pages)
            port = attacker.server_address[1]
            # The panel's session is live in this browser: its list was
            # just shown, so its cookie is there to be (mis)sent.
            browser.get(s.base_url + "/")
            for host, kind in (("localhost", "cross-site (another host)"),
                               ("127.0.0.1", "same-site (another port)")):
                before = s.sso_count()
                browser.get(f"http://{host}:{port}/")
                browser.click(None, "Claim")
                c.check(browser.where() == s.base_url + "/open" and browser.title() == "Request refused",
                        f"a {kind} form posting without a token is refused", browser.title())
                c.check(s.sso_count() == before, f"... and no login was asked of SendGrid ({kind})")

            browser.quit()
            browser = None
            print("== secrets")
            for ok, what, detail in s.scan_for_secrets(codes):
                c.check(ok, what, detail)
        finally:
            if browser is not None:
                browser.quit()
            if attacker is not None:
                attacker.shutdown()
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
