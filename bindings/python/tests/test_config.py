# SPDX-License-Identifier: MIT
"""Loader(config=...): the panelsso configuration file, read by the shared
config library as panelctl reads it, and what a failure of it looks like."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import panelsso
from panelsso import Status


@pytest.fixture
def config_dir(workdir: Path):
    path = workdir / "config"
    path.mkdir(mode=0o700)
    yield path
    shutil.rmtree(path)


def write_config(path: Path, content: object, mode: int = 0o600) -> Path:
    text = content if isinstance(content, str) else json.dumps(content, default=str)
    path.write_text(text)
    path.chmod(mode)
    return path


def sendgrid_config(plugin_dir: str, settings: dict) -> dict:
    return {"plugin_dir": plugin_dir,
            "providers": {"sendgrid": {k: str(v) if isinstance(v, Path) else v
                                       for k, v in settings.items()}}}


def test_a_configuration_file_loads_its_providers(config_dir, plugin_dir, settings,
                                                  sandboxes, secret_book, capture):
    path = write_config(config_dir / "panelsso.json", sendgrid_config(plugin_dir, settings))
    with panelsso.Loader(path, log=capture) as loader:
        (p,) = loader.providers()
        assert p.name == "sendgrid" and p.loaded, p
        assert loader.plugin_dir == plugin_dir
        for region in ("global", "eu"):
            r = loader.login("sendgrid", tenant="conf", account_id=f"py-conf-{region}",
                             region=region)
            secret_book.add_url(r.redirect_url)
            on_sandbox = sandboxes[region].is_login_url(r.redirect_url)
            assert r.ok and on_sandbox, repr(r)


def test_plugin_dir_given_wins_over_the_files(config_dir, plugin_dir, settings, probe_dir):
    config = sendgrid_config(plugin_dir, settings)
    config["providers"]["probe"] = {}
    path = write_config(config_dir / "panelsso.json", config)
    with panelsso.Loader(config=str(path), plugin_dir=probe_dir, log=None) as loader:
        listed = {p.name: p for p in loader.providers()}
        assert listed["probe"].loaded, listed
        # sendgrid is named in the file, but its plugin is not in probe_dir.
        assert not listed["sendgrid"].loaded, listed
        assert listed["sendgrid"].error.startswith(
            f"there is no plugin {probe_dir}/sendgrid.so: install sendgrid.so in "), listed
        r = loader.login("sendgrid", tenant="t")
        assert r.status is Status.AUTH_ERR_CONFIG, repr(r)
        assert "provider 'sendgrid' failed to load: there is no plugin" in r.log_message
        assert loader.login("probe").ok


@pytest.mark.parametrize("content, mode, says", [
    (None, 0o600, "cannot open config file"),
    ("{\"plugin_dir\": ", 0o600, "line 1"),
    ({"plugins": {}}, 0o600, "plugins"),
    ({"providers": {}}, 0o620, "writable by group"),
])
def test_a_bad_configuration_is_reported_not_raised(config_dir, content, mode, says):
    path = config_dir / "panelsso.json"
    if content is not None:
        write_config(path, content, mode)
    loader = panelsso.Loader(config=path, log=None)
    (p,) = loader.providers()
    assert p.name is None and not p.loaded and p.file == str(path), p
    assert says in p.error and str(path) in p.error, p
    r = loader.login("sendgrid", tenant="t")
    assert r.status is Status.AUTH_ERR_CONFIG and not r.ok, repr(r)
    assert r.log_message == f"provider 'sendgrid' is not loaded: {p.error}", repr(r)
    r = loader.account_create("sendgrid", {"tenant": "t"}, offerings=[])
    assert r.status is Status.AUTH_ERR_CONFIG, repr(r)
    loader.close()


def test_a_plugin_directory_others_may_write_is_refused(config_dir, probe_dir):
    unsafe = config_dir / "plugins"
    unsafe.mkdir()
    shutil.copyfile(Path(probe_dir) / "probe.so", unsafe / "probe.so")
    unsafe.chmod(0o777)
    path = write_config(config_dir / "panelsso.json",
                        {"plugin_dir": str(unsafe), "providers": {"probe": {}}})
    with panelsso.Loader(path, log=None) as loader:
        assert not any(p.loaded for p in loader.providers()), loader.providers()
        refused = [p for p in loader.providers() if p.name is None]
        assert len(refused) == 1 and "writable by group and others" in refused[0].error, refused
        r = loader.login("probe")
        assert r.status is Status.AUTH_ERR_CONFIG, repr(r)
        assert r.log_message.startswith(
            f"provider 'probe' is not loaded: the plugin directory {unsafe} was not "
            "loaded: "), repr(r)
    unsafe.chmod(0o700)


def test_the_default_is_the_system_configuration():
    assert panelsso.DEFAULT_CONFIG == "/etc/panelsso/panelsso.json"
    with panelsso.Loader(log=None) as implicit:
        with panelsso.Loader(panelsso.DEFAULT_CONFIG, log=None) as explicit:
            assert implicit.providers() == explicit.providers()
            if not os.path.exists(panelsso.DEFAULT_CONFIG):
                (p,) = implicit.providers()
                assert p.file == panelsso.DEFAULT_CONFIG and "cannot open" in p.error, p
