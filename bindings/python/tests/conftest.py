# SPDX-License-Identifier: MIT
"""The suite's shared set-up: its environment (from ctest, see
run-ctest.sh), a temporary directory, a partner key, a global and an EU
sandbox over HTTPS, the installed SendGrid plugin and the probe plugin, and
the secrets the suite saw.  When the session ends the sandboxes stop,
their logs and every captured log line are checked for the key and every
one-time code the suite was handed, and the directory is removed."""
from __future__ import annotations

import os
import re
import secrets as random_secrets
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

import panelsso
from sandbox import Sandbox, code_of

# script-slow's delay in the sandboxes (its own default is 5 s).
SLOW_MS = 1000


def env_required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(f"missing prerequisite: environment variable {name} (ctest's "
                    "python.pytest sets it: run the suite through ctest)", pytrace=False)
    return value


class SecretBook:
    """The secrets the suite has seen: the partner key and each one-time
    code handed to it.  Thread-safe: logins run in many threads."""

    CODE = re.compile(r"[0-9a-f]{32}")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: set[str] = set()
        self._codes: set[str] = set()

    def add_key(self, key: str) -> None:
        with self._lock:
            self._keys.add(key)

    def add_url(self, url: str | None) -> None:
        code = code_of(url) if url else ""
        if code:
            with self._lock:
                self._codes.add(code)

    def found_in(self, text: str) -> bool:
        """Does `text` hold the key, a code the suite saw, or any code in
        the clear ("code=" and 32 hex digits)?"""
        with self._lock:
            if any(k in text for k in self._keys):
                return True
            if any(c in self._codes for c in self.CODE.findall(text)):
                return True
        return re.search(r"code=[0-9a-f]{32}", text) is not None


class LogCapture:
    """A Loader's log sink that keeps every line (from any thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.lines: list[tuple[int, str]] = []

    def __call__(self, level: int, line: str) -> None:
        with self._lock:
            self.lines.append((level, line))

    def text(self) -> str:
        with self._lock:
            return "\n".join(line for _, line in self.lines)


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="panelsso-test-", dir=os.environ.get("TMPDIR")))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def pki() -> Path:
    path = Path(env_required("TEST_PKI_DIR"))
    if not (path / "ca.pem").is_file():
        pytest.fail(f"missing prerequisite: {path}/ca.pem (the ctest fixture pki "
                    "makes it)", pytrace=False)
    return path


@pytest.fixture(scope="session")
def secret_book() -> SecretBook:
    return SecretBook()


@pytest.fixture(scope="session")
def captures() -> list[LogCapture]:
    """Every LogCapture the suite made, checked at the end."""
    return []


@pytest.fixture(scope="session")
def key_file(workdir: Path, secret_book: SecretBook) -> Path:
    # SG. like a real key, fresh per run so no scan passes by luck; *.key so
    # the project's output scanner reads it as a key, never reports it.
    key = f"SG.python-{random_secrets.token_hex(12)}.partner"
    secret_book.add_key(key)
    path = workdir / "sendgrid.key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return path


@pytest.fixture(scope="session")
def sandboxes(workdir: Path, pki: Path, key_file: Path, secret_book: SecretBook,
              captures: list[LogCapture]) -> Iterator[dict[str, Sandbox]]:
    binary = env_required("SANDBOX_BIN")
    started: dict[str, Sandbox] = {}
    try:
        for region in ("global", "eu"):
            started[region] = Sandbox(binary, workdir, region, key_file, pki, SLOW_MS)
        yield started
    finally:
        for sb in started.values():
            sb.stop()
    # Nothing secret in what the sandboxes logged or the loaders were told.
    for sb in started.values():
        for path in (sb.log_path, sb.stderr_path):
            assert not secret_book.found_in(path.read_text("utf-8", "replace")), \
                f"a key or a one-time code is in {path.name}"
    for capture in captures:
        assert not secret_book.found_in(capture.text()), \
            "a key or a one-time code is in a loader's log lines"


@pytest.fixture(scope="session")
def plugin_dir() -> str:
    return env_required("PANELSSO_PLUGIN_DIR")


@pytest.fixture(scope="session")
def probe_dir(workdir: Path) -> str:
    """A directory holding only the probe plugin."""
    source = env_required("PROBE_PLUGIN")
    path = workdir / "probe-plugins"
    path.mkdir(mode=0o700)
    shutil.copyfile(source, path / "probe.so")
    return str(path)


@pytest.fixture(scope="session")
def settings(sandboxes: dict[str, Sandbox], key_file: Path, pki: Path) -> dict[str, Any]:
    """The SendGrid plugin's settings for the two sandboxes."""
    return {"api_key_file": key_file,
            "global_base_url": sandboxes["global"].base_url,
            "eu_base_url": sandboxes["eu"].base_url,
            "ca_file": str(pki / "ca.pem"),
            "redirect_hosts": "127.0.0.1",
            "timeout_ms": 5000}


@pytest.fixture
def capture(captures: list[LogCapture]) -> LogCapture:
    c = LogCapture()
    captures.append(c)
    return c


@pytest.fixture
def make_loader(plugin_dir: str, settings: dict[str, Any], capture: LogCapture
                ) -> Iterator[Callable[..., panelsso.Loader]]:
    """Loaders of the SendGrid plugin against the sandboxes (settings may be
    overridden), closed after the test."""
    made: list[panelsso.Loader] = []

    def make(**overrides: Any) -> panelsso.Loader:
        loader = panelsso.Loader(plugin_dir=plugin_dir,
                                 providers={"sendgrid": {**settings, **overrides}},
                                 log=capture)
        made.append(loader)
        return loader

    yield make
    for loader in made:
        loader.close()


@pytest.fixture
def loader(make_loader: Callable[..., panelsso.Loader]) -> panelsso.Loader:
    made = make_loader()
    assert [p.name for p in made.providers() if p.loaded] == ["sendgrid"], \
        made.providers()
    return made


@pytest.fixture
def probe(probe_dir: str, capture: LogCapture) -> Iterator[panelsso.Loader]:
    with panelsso.Loader(plugin_dir=probe_dir, providers={"probe": None},
                         log=capture) as loader:
        yield loader
