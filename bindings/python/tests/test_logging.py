"""Where the plugins' log lines go: the logger "panelsso" by default, a
callable of the host's, or nowhere."""
from __future__ import annotations

import logging
import sys

import panelsso


def test_lines_go_to_the_panelsso_logger_at_its_level(probe_dir, caplog):
    with caplog.at_level(logging.INFO, logger="panelsso"):
        with panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None}) as loader:
            assert loader.login("probe", status="3").status_name == "AUTH_ERR_AUTH_REJECTED"
    lines = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert ("panelsso", logging.INFO, "probe: login status=3") in lines, lines


def test_below_the_loggers_level_the_plugin_is_not_asked(probe_dir, caplog):
    # The level is handed to the loader at creation: with the logger at
    # WARNING the plugin's INFO lines are not even formatted.
    logging.getLogger("panelsso").setLevel(logging.WARNING)
    try:
        with caplog.at_level(logging.DEBUG):
            with panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None}) as loader:
                assert loader.login("probe").ok
    finally:
        logging.getLogger("panelsso").setLevel(logging.NOTSET)
    assert not [r for r in caplog.records if r.name == "panelsso"], caplog.records


def test_a_callable_gets_level_and_line(probe_dir):
    got = []
    with panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None},
                         log=lambda level, line: got.append((level, line))) as loader:
        loader.login("probe", status="5")
    # The loader's own line, then the plugin's.
    assert got == [(logging.INFO, f"loaded plugin {probe_dir}/probe.so as 'probe' "
                                  "(ABI 1.1)"),
                   (logging.INFO, "probe: login status=5")], got
    got.clear()
    with panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None},
                         log=lambda level, line: got.append((level, line)),
                         log_level=logging.WARNING) as loader:
        loader.login("probe")
    assert got == [], got


def test_log_none_is_silent(probe_dir, caplog):
    with caplog.at_level(logging.DEBUG):
        with panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None},
                             log=None) as loader:
            assert loader.login("probe").ok
    assert not caplog.records, caplog.records


def test_a_failing_sink_does_not_break_the_call(probe_dir, monkeypatch):
    # The exception cannot cross the plugin: it goes where Python sends
    # exceptions nothing can catch (sys.unraisablehook).
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)

    def broken(level, line):
        raise RuntimeError("sink is broken")
    with panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None},
                         log=broken) as loader:
        r = loader.login("probe", log_message="still answered")
    assert r.ok and r.log_message == "still answered", repr(r)
    assert [str(u.exc_value) for u in unraisable] == ["sink is broken"] * 2, unraisable
