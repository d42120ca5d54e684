# SPDX-License-Identifier: MIT
"""The sandbox (tests/servers/sandbox), SendGrid's partner API on loopback,
as the suite runs it: a child process serving HTTPS with the test CA's
server certificate, its test hooks, and visits of the login URLs it hands
out.  Nothing here prints a URL or a key."""
from __future__ import annotations

import json
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path


class Sandbox:
    """One sandbox process: one region, with its own accounts."""

    def __init__(self, binary: str, workdir: Path, region: str, key_file: Path,
                 pki: Path, slow_ms: int) -> None:
        self.region = region
        self.ca_file = str(pki / "ca.pem")
        self.log_path = workdir / f"sandbox-{region}.log"
        self.stderr_path = workdir / f"sandbox-{region}.stderr"
        port_file = workdir / f"sandbox-{region}.port"
        self._ssl = ssl.create_default_context(cafile=self.ca_file)
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [binary, "--region", region, "--api-key-file", str(key_file),
                 "--tls-cert", str(pki / "server.pem"),
                 "--tls-key", str(pki / "server.key"),
                 "--listen", "127.0.0.1:0", "--port-file", str(port_file),
                 "--log-file", str(self.log_path), "--slow-ms", str(slow_ms)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 20
        while not (port_file.exists() and port_file.read_text().strip()):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the {region} sandbox did not start: "
                                   f"{self.stderr_path.read_text()}")
            time.sleep(0.02)
        self.port = int(port_file.read_text())
        self.base_url = f"https://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def request(self, method: str, url: str, body: bytes | None = None) -> tuple[int, str]:
        """Status and body of one HTTPS request (errors included)."""
        req = urllib.request.Request(url, data=body, method=method)
        try:
            with urllib.request.urlopen(req, context=self._ssl, timeout=20) as res:
                return res.status, res.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def stats(self) -> dict:
        status, body = self.request("GET", self.base_url + "/_sandbox/stats")
        if status != 200:
            raise RuntimeError(f"GET /_sandbox/stats answered {status}")
        return json.loads(body)

    def reset(self) -> None:
        status, _ = self.request("POST", self.base_url + "/_sandbox/reset", b"")
        if status != 200:
            raise RuntimeError(f"POST /_sandbox/reset answered {status}")

    def arm(self, op: str, answer: str, count: int = 1) -> None:
        body = json.dumps({"op": op, "answer": answer, "count": count}).encode()
        status, text = self.request("POST", self.base_url + "/_sandbox/script", body)
        if status != 200:
            raise RuntimeError(f"POST /_sandbox/script answered {status}: {text}")

    def connections_of(self, account: str) -> list[int]:
        """The connection of each SSO request for `account`, oldest first."""
        return [e["conn"] for e in self.stats()["sso_log"] if e["account"] == account]

    def is_login_url(self, url: str | None) -> bool:
        """Is `url` a login URL of this sandbox (its /login and a code)?"""
        return url is not None and url.startswith(self.base_url + "/login?code=")

    def logs_into(self, url: str, account: str) -> bool:
        """Does visiting `url` log into `account` of this region, once only
        (a second visit is refused)?"""
        status, body = self.request("GET", url)
        first = status == 200 and (f"Logged in to SendGrid account <b>{account}</b> "
                                   f"(region {self.region})") in body
        status, body = self.request("GET", url)
        again = status == 403 and "expired or was already used" in body
        return first and again


def code_of(url: str) -> str:
    """The one-time code of a login URL (to look for it in logs)."""
    return url.split("code=", 1)[1] if "code=" in url else ""
