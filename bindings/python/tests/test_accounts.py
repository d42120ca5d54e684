# SPDX-License-Identifier: MIT
"""The account operations through the installed SendGrid plugin against
the global and EU sandboxes (each keeps its own accounts)."""
from __future__ import annotations

import pytest

from panelsso import Offering, Status

FREE = Offering("org.ei.free.v1", "package", 1)
PRO = {"name": "org.ei.pro.v1", "type": "package", "quantity": 1}
IP = {"name": "org.ei.addon.dedicated_ip.v1", "type": "addon", "quantity": 2}


@pytest.mark.parametrize("region", ["global", "eu"])
def test_an_account_from_creation_to_deletion(loader, sandboxes, region):
    sb = sandboxes[region]
    other = sandboxes["eu" if region == "global" else "global"]
    tenant = {"tenant": f"py-{region}", "region": region}
    email = f"owner-{region}@example.com"

    r = loader.account_create("sendgrid", tenant,
                              profile={"first_name": "Ada", "email": email,
                                       "company_name": "Acme"},
                              offerings=[FREE], test_account=True)
    assert r.ok and r.status_name == "AUTH_OK" and r.redirect_url is None, repr(r)
    assert r.account_id is not None and r.account_id.startswith("sg"), repr(r)
    assert r.state is None and r.offerings == () and r.region == region, repr(r)
    assert r.http_status == 201, repr(r)
    assert "(a test account)" in r.log_message, repr(r)
    created = [e for e in sb.stats()["create_log"] if e["account_id"] == r.account_id]
    assert len(created) == 1 and created[0]["email"] == email, created
    assert created[0]["test_account"] is True, created
    account = {**tenant, "account_id": r.account_id}

    r = loader.account_state("sendgrid", account)
    assert r.ok and r.state == "activated" and r.account_id is None, repr(r)
    r = loader.account_suspend("sendgrid", account)
    assert r.ok and r.state == "deactivated", repr(r)
    r = loader.account_state("sendgrid", account)
    assert r.state == "deactivated", repr(r)
    r = loader.login("sendgrid", **account)
    assert r.status is Status.AUTH_ERR_FORBIDDEN and r.redirect_url is None, repr(r)
    r = loader.account_unsuspend("sendgrid", account)
    assert r.ok and r.state == "activated", repr(r)

    r = loader.account_offerings("sendgrid", account)
    assert r.ok and r.offerings == (FREE,), repr(r)
    r = loader.account_set_offerings("sendgrid", account, [PRO, IP])
    assert r.ok and r.offerings == (Offering(**PRO), Offering(**IP)), repr(r)
    r = loader.account_offerings("sendgrid", account)
    assert r.offerings == (Offering(**PRO), Offering(**IP)), repr(r)
    assert all(isinstance(o, Offering) for o in r.offerings)

    # The account is this region's only: the other sandbox does not know it.
    r = loader.account_state("sendgrid", {**account, "region": other.region})
    assert r.status is Status.AUTH_ERR_NOT_FOUND, repr(r)

    r = loader.account_delete("sendgrid", account)
    assert r.ok and r.state is None and r.offerings == (), repr(r)
    r = loader.account_state("sendgrid", account)
    assert r.status is Status.AUTH_ERR_NOT_FOUND and r.state is None, repr(r)
    r = loader.account_delete("sendgrid", account)
    assert r.status is Status.AUTH_ERR_NOT_FOUND, repr(r)


@pytest.mark.parametrize("region", ["global", "eu"])
def test_the_catalog(loader, region):
    r = loader.catalog("sendgrid", {"tenant": "py", "region": region})
    assert r.ok and r.region == region, repr(r)
    names = {o.name: o for o in r.offerings}
    assert names["org.ei.free.v1"] == FREE, repr(r)
    assert names["org.ei.addon.marketing_campaigns.v1"].type == "addon", repr(r)
    assert len(r.offerings) == 5, repr(r)


def test_a_refused_profile_names_the_field(loader, sandboxes):
    # Refused by the plugin before anything is sent...
    r = loader.account_create("sendgrid", {"tenant": "py", "region": "global"},
                              profile={"email": "not-an-address"}, offerings=[FREE])
    assert r.status is Status.AUTH_ERR_INVALID_REQUEST and r.account_id is None, repr(r)
    assert "(email)" in r.user_message and "'email'" in r.log_message, repr(r)
    # ...and by SendGrid (the sandbox's answer, the spec's example of three
    # refused fields).
    sandboxes["global"].arm("create", "400")
    r = loader.account_create("sendgrid", {"tenant": "py", "region": "global"},
                              profile={"email": "ada@example.com"}, offerings=[FREE])
    assert r.status is Status.AUTH_ERR_INVALID_REQUEST and r.http_status == 400, repr(r)
    assert "(email, phone, company_website)" in r.user_message, repr(r)
    assert "10-40002" in r.log_message, repr(r)


def test_the_plugin_checks_before_sending(loader, sandboxes):
    before = sandboxes["eu"].stats()["ops"]["create"]
    r = loader.account_create("sendgrid", {"tenant": "py", "region": "eu"},
                              profile={"nickname": "x"}, offerings=[FREE])
    assert r.status is Status.AUTH_ERR_INVALID_REQUEST, repr(r)
    assert "nickname" in r.log_message, repr(r)
    r = loader.account_create("sendgrid", {"tenant": "py", "region": "eu"}, offerings=[])
    assert r.status is Status.AUTH_ERR_INVALID_REQUEST, repr(r)
    assert sandboxes["eu"].stats()["ops"]["create"] == before


@pytest.mark.parametrize("region", ["global", "eu"])
def test_a_create_whose_answer_is_lost_has_an_unknown_outcome(loader, sandboxes, region):
    sb = sandboxes[region]
    sb.arm("create", "apply-drop")
    email = f"lost-{region}@example.com"
    r = loader.account_create("sendgrid", {"tenant": "py", "region": region},
                              profile={"email": email}, offerings=[FREE])
    assert r.status is Status.AUTH_ERR_OUTCOME_UNKNOWN and not r.ok, repr(r)
    assert r.account_id is None, repr(r)
    assert r.log_message.startswith(f"SendGrid ({region}) account creation: outcome "
                                    "unknown"), repr(r)
    # It was created once and never sent again.
    sent = [e for e in sb.stats()["create_log"] if e["email"] == email]
    assert len(sent) == 1 and sent[0]["account_id"], sent


@pytest.mark.parametrize("account, status", [
    ("script-401", Status.AUTH_ERR_AUTH_REJECTED),
    ("script-403", Status.AUTH_ERR_FORBIDDEN),
    ("script-429-seconds", Status.AUTH_ERR_RATE_LIMITED),
    ("script-503", Status.AUTH_ERR_UNAVAILABLE),
    ("script-bad-json", Status.AUTH_ERR_AUTH_REJECTED),
])
def test_account_failures_are_results(make_loader, account, status):
    loader = make_loader(max_retries=0)
    r = loader.account_state("sendgrid", {"tenant": "py", "region": "eu",
                                          "account_id": account})
    assert r.status is status and r.state is None, repr(r)
    assert r.user_message and r.log_message, repr(r)
