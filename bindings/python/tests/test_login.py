# SPDX-License-Identifier: MIT
"""login and check through the installed SendGrid plugin against the
global and EU sandboxes, and every status as a Python Result."""
from __future__ import annotations

import os
import time

import pytest

from panelsso import Status


@pytest.mark.parametrize("region", ["global", "eu"])
def test_login_gives_a_url_of_its_region_that_works_once(loader, sandboxes, secret_book,
                                                         region):
    sb = sandboxes[region]
    account = f"py-login-{region}"
    before = time.time() * 1000
    r = loader.login("sendgrid", tenant="acme", account_id=account, region=region)
    secret_book.add_url(r.redirect_url)
    assert r.ok and r.status is Status.AUTH_OK and r.status_name == "AUTH_OK", repr(r)
    on_sandbox = sb.is_login_url(r.redirect_url)
    assert on_sandbox, f"not a login URL of the {region} sandbox: {r}"
    assert r.region == region and r.http_status == 303, repr(r)
    # The code lives 60 s (the sandbox's --code-ttl-s): expires_at says when.
    assert r.expires_at is not None and before + 50_000 <= r.expires_at <= before + 70_000, repr(r)
    assert r.retry_after == 0 and r.error_id == "" and r.account_id is None, repr(r)
    assert r.state is None and r.offerings == (), repr(r)
    works_once = sb.logs_into(r.redirect_url, account)
    assert works_once, f"the URL did not log into {account} exactly once"


@pytest.mark.parametrize("region", ["global", "eu"])
def test_check_verifies_without_a_url(loader, sandboxes, region):
    r = loader.check("sendgrid", tenant="acme", account_id=f"py-check-{region}",
                     region=region)
    assert r.ok and r.redirect_url is None and r.region == region, repr(r)
    assert r.log_message, repr(r)
    # Nobody was logged in: no SSO request for that account.
    assert sandboxes[region].connections_of(f"py-check-{region}") == []


def test_the_audit_line_names_tenant_account_region_and_outcome(loader, capture):
    r = loader.login("sendgrid", tenant="audit", account_id="py-audit", region="eu")
    assert r.ok, repr(r)
    audit = [line for _, line in capture.lines
             if "login tenant=audit account=py-audit region=eu outcome=AUTH_OK" in line]
    assert len(audit) == 1, capture.lines


# Each failing status the SendGrid plugin returns, from the sandbox's
# scripted accounts: (account_id, region, status, what the user is told).
SCRIPTED = [
    ("script-401", "global", Status.AUTH_ERR_AUTH_REJECTED, "connection needs attention"),
    ("script-403", "eu", Status.AUTH_ERR_FORBIDDEN, "cannot be opened from here"),
    ("script-404", "global", Status.AUTH_ERR_NOT_FOUND, "could not be found"),
    ("script-429-seconds", "eu", Status.AUTH_ERR_RATE_LIMITED, "busy right now"),
    ("script-503", "global", Status.AUTH_ERR_UNAVAILABLE, "temporarily unavailable"),
    ("script-200", "eu", Status.AUTH_ERR_PROTOCOL, "try again later"),
    ("script-303-foreign", "global", Status.AUTH_ERR_PROTOCOL, "try again later"),
]


@pytest.mark.parametrize("account, region, status, told", SCRIPTED)
def test_each_failure_is_a_result(make_loader, account, region, status, told):
    loader = make_loader(max_retries=0)
    r = loader.login("sendgrid", tenant="t", account_id=account, region=region)
    assert r.status is status and r.status_name == status.name and not r.ok, repr(r)
    assert r.redirect_url is None and r.expires_at is None, repr(r)
    assert told in r.user_message and r.log_message, repr(r)
    if status is Status.AUTH_ERR_RATE_LIMITED:
        assert r.retry_after == 30, repr(r)


def test_invalid_request_names_the_missing_attribute(loader):
    r = loader.login("sendgrid", tenant="t", region="global")
    assert r.status is Status.AUTH_ERR_INVALID_REQUEST, repr(r)
    assert "account_id" in r.log_message, repr(r)


def test_an_unknown_region_is_an_invalid_request(loader):
    r = loader.login("sendgrid", tenant="t", account_id="a", region="mars")
    assert r.status is Status.AUTH_ERR_INVALID_REQUEST and "region" in r.log_message, repr(r)


def test_tls_failure_against_another_ca(make_loader, pki):
    loader = make_loader(ca_file=str(pki / "other-ca.pem"), max_retries=0)
    r = loader.login("sendgrid", tenant="t", account_id="py-tls", region="global")
    assert r.status is Status.AUTH_ERR_TLS, repr(r)
    assert r.redirect_url is None, repr(r)


def test_a_wrong_key_is_rejected(make_loader, workdir):
    wrong = workdir / "wrong.key"
    wrong.write_text("SG.not-the-partner-key\n")
    wrong.chmod(0o600)
    loader = make_loader(api_key_file=wrong)
    r = loader.login("sendgrid", tenant="t", account_id="py-wrong-key", region="eu")
    assert r.status is Status.AUTH_ERR_AUTH_REJECTED, repr(r)
    wrong.unlink()


def test_a_provider_that_failed_to_load_answers_config_with_the_reason(make_loader, workdir):
    loader = make_loader(api_key_file=workdir / "no-such.key")
    (listed,) = loader.providers()
    assert listed.name == "sendgrid" and not listed.loaded, listed
    assert "api_key_file: cannot open" in listed.error, listed
    r = loader.login("sendgrid", tenant="t", account_id="a", region="global")
    assert r.status is Status.AUTH_ERR_CONFIG and not r.ok, repr(r)
    assert r.log_message.startswith("provider 'sendgrid' failed to load: "), repr(r)
    assert "api_key_file: cannot open" in r.log_message, repr(r)
    assert r.user_message == "configuration error: the provider's settings are wrong", repr(r)
    r = loader.account_state("sendgrid", {"tenant": "t", "account_id": "a"})
    assert r.status is Status.AUTH_ERR_CONFIG and "api_key_file" in r.log_message, repr(r)


def test_an_unknown_provider_answers_config(loader):
    r = loader.login("mailgun", tenant="t")
    assert r.status is Status.AUTH_ERR_CONFIG, repr(r)
    assert "no provider named 'mailgun' is loaded (loaded: sendgrid)" in r.log_message, repr(r)


def test_providers_lists_what_is_loaded(loader, plugin_dir):
    (p,) = loader.providers()
    assert p.name == "sendgrid" and p.loaded and p.error is None, p
    assert p.file == f"{plugin_dir}/sendgrid.so" and p.abi_version == "1.1", p
    assert p.version == os.environ["PANELSSO_VERSION"] and p.description, p
    assert set(p.operations) == {"account_create", "account_state", "account_suspend",
                                 "account_unsuspend", "account_offerings",
                                 "account_set_offerings", "account_delete", "catalog"}, p
    assert loader.plugin_dir == plugin_dir


# ---- through the probe plugin: what no real provider returns ---------------------

@pytest.mark.parametrize("value", list(range(14)))
def test_every_status_value_crosses_as_itself(probe, value):
    r = probe.login("probe", status=str(value), url="https://p.example/login?code=abc",
                    log_message=f"asked for {value}")
    assert r.status is Status(value) and r.status.value == value, repr(r)
    assert r.status_name == Status(value).name and r.ok == (value == 0), repr(r)
    assert r.log_message == f"asked for {value}", repr(r)
    # Only a successful login hands out a URL.
    assert (r.redirect_url is not None) == (value == 0), repr(r)


@pytest.mark.parametrize("value", [-1, -7, 14, 99, 2**31 - 1])
def test_an_unknown_status_is_never_a_success(probe, value):
    r = probe.login("probe", status=str(value), url="https://p.example/login?code=abc")
    assert r.status is Status.AUTH_ERR_UNKNOWN and r.status == -1, repr(r)
    assert r.status_name == "AUTH_ERR_UNKNOWN" and not r.ok, repr(r)
    assert r.redirect_url is None, repr(r)


def test_every_field_crosses(probe):
    r = probe.login("probe", status="6", retry_after_s="42", http_status="429",
                    expires_at_ms="1767225600123", user_message="Bitte später",
                    log_message="operator: ü", error_id="E-1", region="eu")
    assert (r.status, r.retry_after, r.http_status) == (Status.AUTH_ERR_RATE_LIMITED, 42, 429)
    assert r.expires_at == 1767225600123
    assert (r.user_message, r.log_message, r.error_id, r.region) == \
        ("Bitte später", "operator: ü", "E-1", "eu")
    r = probe.login("probe", url="https://p.example/login?code=abc")
    assert r.ok and r.redirect_url == "https://p.example/login?code=abc"
    assert r.expires_at is None and r.retry_after == 0 and r.http_status == 0


def test_check_never_gives_a_url(probe):
    r = probe.check("probe", url="https://p.example/login?code=abc")
    assert r.ok and r.redirect_url is None, repr(r)


def test_a_provider_without_account_operations_is_not_supported(probe):
    r = probe.account_state("probe", {"account_id": "x"})
    assert r.status is Status.AUTH_ERR_NOT_SUPPORTED, repr(r)
    assert "does not support account_state" in r.log_message, repr(r)
    (p,) = probe.providers()
    assert p.operations == (), p


def test_a_results_repr_and_str_mask_its_url(loader, sandboxes, secret_book):
    r = loader.login("sendgrid", tenant="mask", account_id="py-mask", region="eu")
    secret_book.add_url(r.redirect_url)
    assert r.ok, repr(r)
    code = r.redirect_url.split("code=", 1)[1]
    shown = f"{sandboxes['eu'].base_url}/login?<redacted>"
    for text in (repr(r), str(r), repr((r,)), f"{r!s}"):
        assert code not in text and "code=" not in text and shown in text
    # What the binding made is what the dataclass makes from the same fields.
    again = type(r)(**{f: getattr(r, f) for f in r.__dataclass_fields__})
    assert again == r and hash(again) == hash(r) and vars(again) == vars(r)
