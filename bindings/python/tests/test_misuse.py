# SPDX-License-Identifier: MIT
"""Misuse raises TypeError or ValueError, before anything reaches C or the
provider; the message says what was wrong."""
from __future__ import annotations

import pytest

import panelsso
from panelsso import Offering

ACCOUNT = {"tenant": "t", "account_id": "a", "region": "global"}


@pytest.mark.parametrize("provider, error, says", [
    (None, TypeError, "provider must be a str, not NoneType"),
    (b"probe", TypeError, "provider must be a str, not bytes"),
    ("", ValueError, "provider must not be empty"),
    ("pro\0be", ValueError, "provider must not contain a NUL character"),
])
def test_a_bad_provider_name(probe, provider, error, says):
    for call in (lambda: probe.login(provider, tenant="t"),
                 lambda: probe.check(provider, tenant="t"),
                 lambda: probe.account_state(provider, ACCOUNT),
                 lambda: probe.catalog(provider, {})):
        with pytest.raises(error, match=says):
            call()


@pytest.mark.parametrize("attributes, error, says", [
    ({"account_id": 42}, TypeError, "attribute 'account_id' must be a str, not int"),
    ({"account_id": None}, TypeError, "must be a str, not NoneType"),
    ({"account_id": b"x"}, TypeError, "must be a str, not bytes"),
    ({"": "x"}, ValueError, "attribute names must not be empty"),
    ({"a=b": "x"}, ValueError, "attribute name 'a=b' contains '='"),
    ({"tenant": "a\0b"}, ValueError, "attribute 'tenant' contains a NUL character"),
    ({"ten\0ant": "x"}, ValueError, "contains a NUL character"),
    ({"tenant": "\ud800"}, UnicodeEncodeError, "surrogates not allowed"),
])
def test_bad_attributes(probe, attributes, error, says):
    with pytest.raises(error, match=says):
        probe.login("probe", **attributes)
    with pytest.raises(error, match=says):
        probe.account_state("probe", attributes)


@pytest.mark.parametrize("profile, error, says", [
    ({1: "x"}, TypeError, "profile field names must be str, not int"),
    ({"email": "a@b.example", None: "x"}, TypeError, "profile field names must be str, not NoneType"),
    ({"email": 1}, TypeError, "profile field 'email' must be a str, not int"),
    ({"email": "a@b.example", "": "x"}, ValueError, "profile field names must not be empty"),
    ({"email": "a@b.example", "e=mail": "x"}, ValueError, "profile field name 'e=mail' contains '='"),
    ({"email": "a@b.example", "phone": "1\0"}, ValueError, "profile field 'phone' contains a NUL character"),
    ({"em\0ail": "x"}, ValueError, r"profile field 'em\\x00ail' contains a NUL character"),
])
def test_each_misuse_of_a_profile_names_its_field(probe, profile, error, says):
    # The bulk check lets only good mappings through; each refusal must still
    # be the precise error for the one bad pair, wherever it sits.
    with pytest.raises(error, match=says):
        probe.account_create("probe", ACCOUNT, profile=profile)


def test_an_equals_sign_in_a_value_is_no_misuse(probe):
    # Only a name ends at its first '='; a value may hold any number of them.
    r = probe.login("probe", tenant="a=b", log_message="x==y")
    assert r.ok and r.log_message == "x==y", repr(r)


def test_a_bad_value_among_good_ones_is_found(probe):
    with pytest.raises(ValueError, match="'b'"):
        probe.login("probe", a="1", b="2\0", c="3")


def test_attribute_names_may_be_anything_else(probe):
    # "provider" is the positional parameter's name, yet a fine attribute.
    r = probe.login("probe", provider="x", log_message="fine", **{"odd key!": "v"})
    assert r.ok and r.log_message == "fine", repr(r)


def test_account_attributes_must_be_a_mapping(probe):
    with pytest.raises(TypeError, match="attributes must be a mapping"):
        probe.account_state("probe", [("tenant", "t")])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="attribute names must be str, not int"):
        probe.account_state("probe", {1: "x"})  # type: ignore[dict-item]


def test_bad_profiles(probe):
    with pytest.raises(TypeError, match="profile must be a mapping"):
        probe.account_create("probe", ACCOUNT, profile="email=x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="profile field 'email' must be a str"):
        probe.account_create("probe", ACCOUNT, profile={"email": 1})
    with pytest.raises(ValueError, match="profile field name 'e=mail' contains '='"):
        probe.account_create("probe", ACCOUNT, profile={"e=mail": "x"})


@pytest.mark.parametrize("offerings, error, says", [
    ("org.ei.free.v1", TypeError, "offerings must be a list"),
    ({"name": "x", "type": "package"}, TypeError, "offerings must be a list"),
    (Offering("x", "package"), TypeError, "offerings must be a list"),
    (42, TypeError, "offerings must be a list"),
    ([("x", "package", 1)], TypeError, r"offerings\[0\] must be a panelsso.Offering"),
    ([{"name": "x"}], ValueError, r"offerings\[0\] has no 'type'"),
    ([{"name": "x", "type": "addon", "qty": 1}], ValueError, "unknown keys"),
    ([Offering("x", "addon", -1)], ValueError, r"quantity must be from 0 to 4294967295"),
    ([Offering("x", "addon", 2**32)], ValueError, "quantity must be from 0"),
    ([Offering("x", "addon", True)], TypeError, r"quantity must be an int, not bool"),
    ([Offering("x", "addon", 1.0)], TypeError, r"quantity must be an int, not float"),
    ([Offering(1, "addon")], TypeError, r"offerings\[0\].name must be a str"),
    ([Offering("", "addon")], ValueError, r"offerings\[0\].name must be non-empty"),
    ([Offering("x" * 128, "addon")], ValueError, "longer than 127 bytes"),
    ([Offering("x", "t" * 16)], ValueError, r"offerings\[0\].type is longer than 15"),
])
def test_bad_offerings(probe, offerings, error, says):
    with pytest.raises(error, match=says):
        probe.account_set_offerings("probe", ACCOUNT, offerings)
    with pytest.raises(error, match=says):
        probe.account_create("probe", ACCOUNT, offerings=offerings)


def test_the_longest_names_that_fit_are_taken(probe):
    # They pass the checks and reach the loader (which knows probe has no
    # account operations).
    r = probe.account_set_offerings("probe", ACCOUNT, [Offering("x" * 127, "t" * 15)])
    assert r.status_name == "AUTH_ERR_NOT_SUPPORTED", repr(r)


def test_test_account_must_be_a_bool(probe):
    with pytest.raises(TypeError, match="test_account must be a bool, not int"):
        probe.account_create("probe", ACCOUNT, test_account=1)  # type: ignore[arg-type]


@pytest.mark.parametrize("kwargs, error, says", [
    (dict(config="/x", providers={}), ValueError, "either config= .* or providers="),
    (dict(config=42), TypeError, "config must be a str or a path, not int"),
    (dict(config=""), ValueError, "config must be a non-empty path"),
    (dict(plugin_dir=b"/x", providers={}), TypeError, "plugin_dir must be a str or a path"),
    (dict(providers=["probe"]), TypeError, "providers must be a mapping"),
    (dict(providers={"": None}), ValueError, "a provider name must not be empty"),
    (dict(providers={"../probe": None}), ValueError, "must be a plugin file name"),
    (dict(providers={".hidden": None}), ValueError, "must be a plugin file name"),
    (dict(providers={"probe": {"k": 1.5}}), TypeError,
     "setting 'k' of provider 'probe' must be a str, int, bool or path, not float"),
    (dict(providers={"probe": {"k=v": "x"}}), ValueError, "contains '='"),
    (dict(providers={"probe": ["k=v"]}), TypeError, "must be a mapping"),
    (dict(providers={}, log=42), TypeError, "log must be a callable"),
    (dict(providers={}, log_level="INFO"), TypeError, "log_level must be a logging level"),
])
def test_bad_loader_arguments(kwargs, error, says):
    with pytest.raises(error, match=says):
        panelsso.Loader(**kwargs)


def test_a_closed_loader_refuses_calls(probe_dir):
    loader = panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None}, log=None)
    assert loader.login("probe").ok
    loader.close()
    assert loader.closed
    for call in (lambda: loader.login("probe"), lambda: loader.check("probe"),
                 lambda: loader.account_state("probe", {}), loader.providers,
                 lambda: loader.login("not-loaded"), loader.__enter__):
        with pytest.raises(ValueError, match="this panelsso.Loader is closed"):
            call()
    loader.close()  # again: nothing happens
    assert repr(loader) == "<panelsso.Loader closed>"


def test_misuse_is_found_before_the_closed_loader(probe_dir):
    loader = panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None}, log=None)
    loader.close()
    with pytest.raises(TypeError):
        loader.login("probe", tenant=1)  # type: ignore[arg-type]
