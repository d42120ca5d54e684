# SPDX-License-Identifier: MIT
"""Where the plugins' log lines go: the logger "panelsso" by default, a
callable of the host's, or nowhere."""
from __future__ import annotations

import logging
import shutil
import sys
import threading

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


class Recorder:
    """A sink that notes each line with the thread it came from."""

    def __init__(self) -> None:
        self.lines: list[tuple[int, int, str]] = []

    def __call__(self, level: int, line: str) -> None:
        self.lines.append((threading.get_ident(), level, line))

    def take(self) -> list[tuple[int, int, str]]:
        taken, self.lines = self.lines, []
        return taken


def test_a_calls_lines_arrive_in_order_before_it_returns(probe_dir):
    me = threading.get_ident()
    sink = Recorder()
    with panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None},
                         log=sink) as loader:
        sink.take()
        # A failing login: its own lines, then its audit line.
        r = loader.login("probe", status="3", lines="2", line_level="1")
        assert r.status_name == "AUTH_ERR_AUTH_REJECTED", repr(r)
        assert sink.take() == [(me, logging.WARNING, "probe: line 1 of 2"),
                               (me, logging.WARNING, "probe: line 2 of 2"),
                               (me, logging.INFO, "probe: login status=3")]
        r = loader.check("probe", lines="1")
        assert r.ok, repr(r)
        assert sink.take() == [(me, logging.INFO, "probe: line 1 of 1"),
                               (me, logging.INFO, "probe: login status=0")]
        # Below the loader's level (INFO) nothing arrives; a level no
        # header names arrives as DEBUG, as the loader passes it on.
        loader.login("probe", lines="2", line_level="3")
        assert sink.take() == [(me, logging.INFO, "probe: login status=0")]
        loader.login("probe", lines="1", line_level="-1")
        assert sink.take() == [(me, logging.DEBUG, "probe: line 1 of 1"),
                               (me, logging.INFO, "probe: login status=0")]


def test_a_call_that_logs_a_lot_keeps_every_line_in_order(probe_dir):
    # 40 lines of 2,000 characters: more than a call holds back for after it
    # returns, so some reach the sink while the plugin still works.
    me = threading.get_ident()
    sink = Recorder()
    with panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None},
                         log=sink, log_level=logging.DEBUG) as loader:
        sink.take()
        r = loader.login("probe", status="6", lines="40", line_bytes="2000",
                         line_level="3")
        assert r.status_name == "AUTH_ERR_RATE_LIMITED", repr(r)
        got = sink.take()
    assert [(t, level) for t, level, _ in got] == [(me, logging.DEBUG)] * 40 + \
        [(me, logging.INFO)], [(t, level) for t, level, _ in got]
    assert [line.rstrip(".") for _, _, line in got[:40]] == \
        [f"probe: line {k} of 40" for k in range(1, 41)]
    assert all(len(line) == 2000 for _, _, line in got[:40])
    assert got[40][2] == "probe: login status=6"


def test_a_sink_may_call_the_loader(probe_dir):
    # Each of the first login's lines makes the sink log in again: the
    # inner login's line comes right after the line that made it, whether
    # that line arrived during the outer call (it logs more than is held
    # back) or after it.
    sink = Recorder()

    def calling_sink(level: int, line: str) -> None:
        sink(level, line)
        if line.startswith("probe: line"):
            inner = loader.login("probe", status="5")
            sink(0, f"inner {inner.status_name}")

    with panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None},
                         log=calling_sink) as loader:
        sink.take()
        assert loader.login("probe", lines="12", line_bytes="2000").ok
        got = [line.rstrip(".") for _, _, line in sink.take()]
    expected = []
    for k in range(1, 13):
        expected += [f"probe: line {k} of 12", "probe: login status=5",
                     "inner AUTH_ERR_NOT_FOUND"]
    assert got == expected + ["probe: login status=0"], got


def test_the_audit_line_arrives_before_login_returns(loader, capture, secret_book):
    me = threading.get_ident()
    seen = []
    for account in ("py-order-1", "script-401", "py-order-2"):
        before = len(capture.lines)
        r = loader.login("sendgrid", tenant="order", account_id=account,
                         region="global")
        secret_book.add_url(r.redirect_url)
        # This login's lines, its audit line (INFO) last.
        lines = capture.lines[before:]
        assert lines and lines[-1][0] == logging.INFO, lines
        assert f"login tenant=order account={account} region=global " \
            f"outcome={r.status_name}" in lines[-1][1], lines
        seen.append(r.status_name)
    assert seen == ["AUTH_OK", "AUTH_ERR_AUTH_REJECTED", "AUTH_OK"], seen
    assert me == threading.get_ident()


def test_a_sink_does_not_hold_the_loader_up(probe_dir):
    # The sink gets a call's lines once the plugin is done: a sink that
    # takes its time does not keep close() (in another thread) waiting.
    closed = threading.Event()
    in_sink = threading.Event()
    close_done_during_sink = []

    def slow_sink(level: int, line: str) -> None:
        if line.startswith("probe: login"):
            in_sink.set()
            close_done_during_sink.append(closed.wait(5))

    loader = panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None},
                             log=slow_sink)

    def close_when_the_sink_runs() -> None:
        if in_sink.wait(10):
            loader.close()
            closed.set()

    closer = threading.Thread(target=close_when_the_sink_runs)
    closer.start()
    try:
        r = loader.login("probe", status="3")
    finally:
        in_sink.set()
        closer.join(10)
        loader.close()
    assert r.status_name == "AUTH_ERR_AUTH_REJECTED", repr(r)
    assert close_done_during_sink == [True], close_done_during_sink


def test_lines_outside_a_call_still_arrive(workdir, probe_dir):
    # A plugin that fails to load: the loader's line about it comes while
    # the Loader is made, from the thread making it.
    me = threading.get_ident()
    broken = workdir / "broken-plugins"
    broken.mkdir(mode=0o700)
    try:
        (broken / "broken.so").write_bytes(b"not a shared object\n")
        (broken / "broken.so").chmod(0o600)
        sink = Recorder()
        with panelsso.Loader(plugin_dir=str(broken), providers={"broken": None},
                             log=sink) as loader:
            (p,) = loader.providers()
            assert not p.loaded, p
            got = sink.take()
            r = loader.login("broken")
            assert r.status_name == "AUTH_ERR_CONFIG", repr(r)
    finally:
        shutil.rmtree(broken)
    assert len(got) == 1, got
    thread, level, line = got[0]
    assert thread == me and level == logging.ERROR, got
    assert line.startswith(f"cannot load plugin {broken}/broken.so: "), line
