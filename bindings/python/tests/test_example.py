# SPDX-License-Identifier: MIT
"""docs/integrating.md's Python example, examples/open_sendgrid.py, run as
the docs run it against the global and EU sandboxes; and the docs show
exactly this file."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(os.environ.get("PANELSSO_PACKAGE_SOURCE", ".")) / "examples" / "open_sendgrid.py"


@pytest.fixture
def run_example(plugin_dir, key_file, sandboxes, pki, secret_book):
    def run(tenant, account, region, key=None, extra=None):
        argv = [sys.executable, str(EXAMPLE), plugin_dir, str(key or key_file), tenant,
                account, region,
                f"global_base_url={sandboxes['global'].base_url}",
                f"eu_base_url={sandboxes['eu'].base_url}",
                f"ca_file={pki / 'ca.pem'}", "redirect_hosts=127.0.0.1",
                "timeout_ms=5000", *(extra or [])]
        # Bytes: the answer's CRLFs as written (text mode would turn them to LF).
        done = subprocess.run(argv, capture_output=True, timeout=60)
        done.stdout = done.stdout.decode()
        done.stderr = done.stderr.decode()
        # The operator's log never holds the key or a code.
        assert not secret_book.found_in(done.stderr), "the example logged a secret"
        return done
    return run


def header(answer: str, name: str) -> str | None:
    for line in answer.split("\r\n\r\n", 1)[0].split("\r\n")[1:]:
        key, _, value = line.partition(": ")
        if key == name:
            return value
    return None


@pytest.mark.parametrize("tenant, account, region", [
    ("acme", "acct-acme-42", "global"), ("muller", "acct-muller-7", "eu")])
def test_a_tenant_is_redirected_to_its_region(run_example, sandboxes, secret_book,
                                              tenant, account, region):
    done = run_example(tenant, account, region)
    location = header(done.stdout, "Location")
    secret_book.add_url(location)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("HTTP/1.1 303 See Other\r\n")
    assert header(done.stdout, "Cache-Control") == "no-store"
    assert done.stdout.endswith("Content-Length: 0\r\n\r\n")
    on_sandbox = sandboxes[region].is_login_url(location)
    assert on_sandbox, "the Location is not a login URL of the tenant's region"
    works_once = sandboxes[region].logs_into(location, account)
    assert works_once, "the Location did not log into the account exactly once"
    assert (f"open_sendgrid: INFO: sendgrid: login tenant={tenant} account={account} "
            f"region={region} outcome=AUTH_OK") in done.stderr, done.stderr


def test_an_unknown_account_shows_the_user_message(run_example):
    done = run_example("ghost", "script-404", "global")
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("HTTP/1.1 502 Bad Gateway\r\n"), done.stdout
    assert "\r\nCache-Control: no-store\r\n" in done.stdout
    assert done.stdout.endswith("\r\n\r\nYour SendGrid account could not be found. "
                                "Please contact support.\n"), done.stdout
    assert "Location" not in done.stdout and "404" not in done.stdout
    assert ("open_sendgrid: login for tenant ghost failed: AUTH_ERR_NOT_FOUND: "
            "SendGrid (global) answered 404") in done.stderr, done.stderr
    assert "check the tenant's account_id and region" in done.stderr


def test_rate_limiting_says_when_to_retry(run_example):
    done = run_example("busy", "script-429-seconds", "eu")
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("HTTP/1.1 429 Too Many Requests\r\n"), done.stdout
    assert header(done.stdout, "Retry-After") == "30", done.stdout
    assert "SendGrid is busy right now. Please try again in a minute." in done.stdout
    assert "AUTH_ERR_RATE_LIMITED" in done.stderr


def test_an_unreadable_key_fails_at_start_up(run_example, workdir):
    done = run_example("acme", "acct-acme-42", "global", key=workdir / "no-such.key")
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert "open_sendgrid: cannot load SendGrid: " in done.stderr, done.stderr
    assert "AUTH_ERR_CONFIG" in done.stderr and "api_key_file: cannot open" in done.stderr


def test_usage():
    done = subprocess.run([sys.executable, str(EXAMPLE), "/x"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert ("usage: open_sendgrid.py PLUGIN_DIR KEY_FILE TENANT ACCOUNT_ID REGION "
            "[SETTING=VALUE]...") in done.stderr


def test_the_docs_show_this_exact_source():
    doc = Path(os.environ["INTEGRATING_DOC"]).read_text()
    block = "```python\n" + EXAMPLE.read_text() + "```\n"
    assert block in doc, (f"{os.environ['INTEGRATING_DOC']} does not contain {EXAMPLE} "
                          "verbatim in a ```python block: paste the file again")
