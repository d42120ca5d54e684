# SPDX-License-Identifier: MIT
"""The installed package itself: where it comes from, its typing marker,
its statuses against the C header, and what Results show and refuse."""
from __future__ import annotations

import dataclasses
import os
import pickle
import sys
from pathlib import Path

import pytest

import panelsso
from panelsso import Offering, Result, Status


def test_the_installed_package_is_tested_not_the_source():
    here = Path(panelsso.__file__).resolve()
    assert str(here).startswith(str(Path(sys.prefix).resolve())), here
    source = Path(os.environ["PANELSSO_PACKAGE_SOURCE"]).resolve()
    assert source not in here.parents, here


def test_it_is_typed():
    assert (Path(panelsso.__file__).parent / "py.typed").is_file()


def test_the_default_plugin_dir_is_the_installed_one():
    # Built against the install under test: pkg-config's plugindir.
    assert panelsso.DEFAULT_PLUGIN_DIR == os.environ["PANELSSO_PLUGIN_DIR"]


def test_statuses_are_the_headers():
    from panelsso._native import lib, ffi
    assert lib.AUTH_STATUS_COUNT == 14
    for value in range(lib.AUTH_STATUS_COUNT):
        status = Status(value)
        assert status.name == ffi.string(lib.auth_status_name(value)).decode()
        assert getattr(lib, status.name) == value
    assert Status.AUTH_ERR_UNKNOWN == -1
    assert ffi.string(lib.auth_status_name(-1)).decode() == "AUTH_ERR_UNKNOWN"
    assert issubclass(Status, int)


@pytest.mark.parametrize("value", [-1, -2, 14, 99, 2**31 - 1, -(2**31)])
def test_an_unknown_value_is_the_unknown_status(value):
    assert Status(value) is Status.AUTH_ERR_UNKNOWN


def test_account_operations_are_the_headers():
    assert panelsso.ACCOUNT_OPS == (
        "account_create", "account_state", "account_suspend", "account_unsuspend",
        "account_offerings", "account_set_offerings", "account_delete", "catalog")


SECRET_URL = "https://app.sendgrid.com/login?code=0123456789abcdef0123456789abcdef#frag"


def result_with(url: str | None, **fields) -> Result:
    base = dict(ok=url is not None, status=Status.AUTH_OK if url else Status.AUTH_ERR_TLS,
                status_name="AUTH_OK" if url else "AUTH_ERR_TLS", redirect_url=url,
                expires_at=None, retry_after=0, user_message="", log_message="",
                error_id="", region="global", http_status=303, account_id=None,
                state=None, offerings=())
    base.update(fields)
    return Result(**base)


# ids: a test's id is in the test log, and it must hold no code.
@pytest.mark.parametrize("url, shown", [
    (SECRET_URL, "https://app.sendgrid.com/login?<redacted>"),
    ("https://h.example/p#code=1", "https://h.example/p?<redacted>"),
    ("https://h.example/p?a#b?c", "https://h.example/p?<redacted>"),
    ("https://h.example/login", "https://h.example/login?<redacted>"),
], ids=["query and fragment", "fragment", "query then fragment", "neither"])
def test_mask_url_keeps_scheme_host_and_path_only(url, shown):
    assert panelsso.mask_url(url) == shown


def test_repr_and_str_never_show_the_query():
    r = result_with(SECRET_URL, log_message="logged in")
    for text in (repr(r), str(r), f"{r}", "%s" % (r,), "%r" % (r,), repr([r]), str({"r": r})):
        assert "0123456789abcdef" not in text and "frag" not in text
        assert "https://app.sendgrid.com/login?<redacted>" in text
    assert str(r) == "AUTH_OK https://app.sendgrid.com/login?<redacted>: logged in"
    assert repr(r).startswith("Result(ok=True, status=<Status.AUTH_OK: 0>, "
                              "status_name='AUTH_OK', redirect_url="
                              "'https://app.sendgrid.com/login?<redacted>', ")
    # The field itself is the URL: that is what the browser needs.
    assert r.redirect_url == SECRET_URL


def test_a_failure_prints_its_status_and_message():
    r = result_with(None, log_message="certificate verify failed: fix ca_file")
    assert str(r) == "AUTH_ERR_TLS: certificate verify failed: fix ca_file"
    assert "redirect_url=None" in repr(r)


def test_results_are_frozen_and_not_pickled():
    r = result_with(SECRET_URL)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.redirect_url = "x"  # type: ignore[misc]
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        with pytest.raises(TypeError, match="one-time login URL"):
            pickle.dumps(r, protocol)
    assert dataclasses.is_dataclass(r)
    assert [f.name for f in dataclasses.fields(Result)] == [
        "ok", "status", "status_name", "redirect_url", "expires_at", "retry_after",
        "user_message", "log_message", "error_id", "region", "http_status",
        "account_id", "state", "offerings"]


def test_offerings_are_frozen_dataclasses():
    o = Offering("org.ei.free.v1", "package")
    assert o.quantity == 1
    assert o == Offering(name="org.ei.free.v1", type="package", quantity=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        o.quantity = 2  # type: ignore[misc]
