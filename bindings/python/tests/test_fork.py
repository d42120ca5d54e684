# SPDX-License-Identifier: MIT
"""os.fork() with a Loader in use, as a pre-forking server does: each child
logs in on connections of its own (never the parent's), and the parent's
connection survives the children.  The sandbox's sso_log gives the
connection of every SSO request."""
from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest

CHILDREN = 4


def run_child(body) -> tuple[int, dict]:
    """Fork; the child runs body() -> dict and reports it through a pipe,
    then leaves with os._exit (never back into pytest).  The parent waits
    at most 20 s, then kills it.  Returns (exit status, report)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            os.close(read_end)
            report = json.dumps(body()).encode()
            os.write(write_end, report)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + 20
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read_end)
            pytest.fail("a forked child hung (killed after 20 s)")
        time.sleep(0.01)
    with os.fdopen(read_end, "rb") as f:
        data = f.read()
    return os.waitstatus_to_exitcode(status), json.loads(data) if data else {}


def test_children_log_in_on_connections_of_their_own(loader, sandboxes, secret_book):
    sb = sandboxes["global"]
    sb.reset()
    r = loader.login("sendgrid", tenant="fork", account_id="py-fork-parent", region="global")
    secret_book.add_url(r.redirect_url)
    assert r.ok, repr(r)
    del r

    reports = []
    for c in range(CHILDREN):
        def child(c=c) -> dict:
            got = loader.login("sendgrid", tenant="fork", account_id=f"py-fork-child-{c}",
                               region="global")
            report = {"status": got.status_name, "url": got.redirect_url}
            loader.close()   # tears down the child's copy: the parent's is untouched
            return report
        code, report = run_child(child)
        assert code == 0, f"child {c} exited {code}"
        secret_book.add_url(report.get("url"))
        reports.append(report)

    for c, report in enumerate(reports):
        assert report["status"] == "AUTH_OK", report["status"]
        logs_in = sb.is_login_url(report["url"]) and \
            sb.logs_into(report["url"], f"py-fork-child-{c}")
        assert logs_in, f"child {c}'s URL did not log into its own account once"
    reports.clear()

    r = loader.login("sendgrid", tenant="fork", account_id="py-fork-parent-after",
                     region="global")
    secret_book.add_url(r.redirect_url)
    assert r.ok, repr(r)
    del r

    (parent,) = sb.connections_of("py-fork-parent")
    (parent_after,) = sb.connections_of("py-fork-parent-after")
    children = [sb.connections_of(f"py-fork-child-{c}") for c in range(CHILDREN)]
    assert all(len(conns) == 1 for conns in children), children
    children_conns = [conns[0] for conns in children]
    print(f"\n    parent on connection {parent} (again {parent_after} after the "
          f"children); children on {children_conns}")
    assert parent not in children_conns, children_conns
    assert len(set(children_conns)) == CHILDREN, children_conns
    # The children left the connection they inherited alone.
    assert parent_after == parent


def test_a_child_forked_during_a_login_can_use_and_close_the_loader(loader, sandboxes,
                                                                    secret_book):
    # A thread of the parent is inside a (slow) login, holding the loader's
    # lock for reading, when the child is forked: that thread does not exist
    # in the child, so its hold must not make the child's close() wait for
    # ever.
    slow_done = []
    slow = threading.Thread(target=lambda: slow_done.append(
        loader.login("sendgrid", tenant="fork", account_id="script-slow",
                     region="eu").ok))
    slow.start()
    time.sleep(0.3)

    def child() -> dict:
        got = loader.login("sendgrid", tenant="fork", account_id="py-fork-mid",
                           region="eu")
        report = {"status": got.status_name, "url": got.redirect_url}
        began = time.monotonic()
        loader.close()
        report["close_s"] = time.monotonic() - began
        return report

    code, report = run_child(child)
    slow.join()
    secret_book.add_url(report.get("url"))
    assert code == 0 and report["status"] == "AUTH_OK", (code, report.get("status"))
    assert report["close_s"] < 2, report["close_s"]
    assert slow_done == [True]
    r = loader.login("sendgrid", tenant="fork", account_id="py-fork-mid-parent",
                     region="eu")
    assert r.ok, repr(r)
