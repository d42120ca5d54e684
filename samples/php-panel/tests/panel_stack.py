# SPDX-License-Identifier: MIT
"""The sample panel with everything behind it, for the panel's tests.

PanelStack starts a global and an EU HTTPS sandbox (tests/servers/sandbox)
sharing one made-up partner key, writes a panelsso configuration for them,
and runs the panel through serve.sh (nginx and php-fpm on loopback).
Everything lives in one temporary directory, removed with everything
stopped when the `with` block ends, pass or fail.

    root:root 0711  WORK/
    root:root 0700  WORK/secret/   sendgrid.key (0600), panelsso.json (0600)
    root:root 0755  WORK/ca/       the test CA (the workers' TLS checks read it)
    root:root 0755  WORK/plugins/  sendgrid.so
                    WORK/sandbox/  the sandboxes' logs
                    WORK/panel/    serve.sh's directory (see serve.sh)

The environment (set by ctest) names SANDBOX_BIN, TEST_PKI_DIR and
SCAN_BIN; a missing one, or a missing program, fails.
"""

import ctypes
import glob
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.dirname(HERE)


class Missing(Exception):
    """A prerequisite the test cannot run without."""


def need_env(name):
    value = os.environ.get(name, "")
    if not value:
        raise Missing(f"environment variable {name} is not set: run this through ctest")
    return value


def need_program(name, package):
    path = shutil.which(name)
    if path is None:
        raise Missing(f"{name} is missing: install {package} (scripts/deps.sh test)")
    return path


def _die_with_parent():
    """In a child: SIGTERM when the test process goes, however it goes."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    PR_SET_PDEATHSIG = 1
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _wait_for_file(path, proc, what, seconds=20):
    deadline = time.monotonic() + seconds
    while not (os.path.exists(path) and os.path.getsize(path) > 0):
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with status {proc.returncode} before it was ready")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} was not ready within {seconds} s")
        time.sleep(0.05)
    with open(path) as f:
        return f.read().strip()


def _stop(proc):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# The tenants every test starts with.  Ids as the sandbox knows them:
# ZGkrHSypTsudrGkmdpJJ and sg2a2bcd3ef4ab5c67d8efab91c01de2fa exist in any
# sandbox without being created; script-* accounts answer as scripted.
TENANTS = {
    "acme": {"name": "Acme Ltd", "region": "global",
             "account_id": "ZGkrHSypTsudrGkmdpJJ", "email": "ops@acme.example"},
    "muller": {"name": "Müller & Söhne <GmbH>", "region": "eu",
               "account_id": "sg2a2bcd3ef4ab5c67d8efab91c01de2fa", "email": "it@mueller.example"},
    "broken": {"name": "Broken Co", "region": "global",
               "account_id": "script-502", "email": "ops@broken.example"},
    "busy": {"name": "Busy Co", "region": "global",
             "account_id": "script-429-seconds", "email": "ops@busy.example"},
    "gone": {"name": "Gone Co", "region": "eu",
             "account_id": "missing-gone", "email": "ops@gone.example"},
    "newco": {"name": "NewCo", "region": "global",
              "account_id": None, "email": "founder@newco.example"},
    "neweu": {"name": "NewEU GmbH", "region": "eu",
              "account_id": None, "email": "founder@neweu.example"},
}


class PanelStack:
    def __init__(self, ext_dir):
        self.ext_dir = os.path.abspath(ext_dir)
        self.sandbox_bin = need_env("SANDBOX_BIN")
        self.pki = need_env("TEST_PKI_DIR")
        self.scan_bin = need_env("SCAN_BIN")
        if os.geteuid() != 0:
            raise Missing("this test runs as root: nginx's and php-fpm's masters start as root "
                          "and their workers drop to www-data")
        need_program("nginx", "nginx")
        need_program("php-fpm8.2", "php8.2-fpm")
        self.extension = os.path.join(self.ext_dir, "panelsso.so")
        if not os.path.isfile(self.extension):
            raise Missing(f"{self.extension} is missing (ctest php.build)")
        plugins = glob.glob(os.path.join(self.ext_dir, "prefix", "**", "panelsso", "plugins",
                                         "sendgrid.so"), recursive=True)
        if not plugins:
            raise Missing(f"no sendgrid.so under {self.ext_dir}/prefix (ctest php.build)")
        self.plugin = plugins[0]
        preload = os.path.join(self.ext_dir, "preload")
        self.preload = open(preload).read().strip() if os.path.exists(preload) else ""
        self.work = None
        self.procs = []
        self.serve = None

    # ---- start and stop -----------------------------------------------------

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _start(self):
        self.work = tempfile.mkdtemp(prefix="panelsso-panel.", dir=os.environ.get("TMPDIR"))
        os.chmod(self.work, 0o711)
        for d, mode in (("secret", 0o700), ("ca", 0o755), ("plugins", 0o755),
                        ("sandbox", 0o700), ("panel", 0o700)):
            os.mkdir(self.path(d), mode)
            os.chmod(self.path(d), mode)
        self.key_file = self.path("secret", "sendgrid.key")
        fd = os.open(self.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        # SG.-prefixed like real keys, so the secret scan knows its shape.
        os.write(fd, ("SG.paneltest-" + os.urandom(24).hex()).encode())
        os.close(fd)
        os.chown(self.key_file, 0, 0)
        self.ca_file = self.path("ca", "ca.pem")
        shutil.copy(os.path.join(self.pki, "ca.pem"), self.ca_file)
        os.chmod(self.ca_file, 0o644)
        shutil.copy(self.plugin, self.path("plugins", "sendgrid.so"))

        self.sandbox_url = {}
        for region in ("global", "eu"):
            proc = subprocess.Popen(
                [self.sandbox_bin, "--region", region,
                 "--tls-cert", os.path.join(self.pki, "server.pem"),
                 "--tls-key", os.path.join(self.pki, "server.key"),
                 "--api-key-file", self.key_file,
                 "--port-file", self.path("sandbox", f"{region}.port"),
                 "--log-file", self.path("sandbox", f"{region}.log")],
                stderr=open(self.path("sandbox", f"{region}.stderr"), "w"),
                preexec_fn=_die_with_parent)
            self.procs.append(proc)
            port = _wait_for_file(self.path("sandbox", f"{region}.port"), proc, f"the {region} sandbox")
            self.sandbox_url[region] = f"https://127.0.0.1:{port}"

        self.config = self.path("secret", "panelsso.json")
        fd = os.open(self.config, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, json.dumps({
            "plugin_dir": self.path("plugins"),
            "providers": {"sendgrid": {
                "api_key_file": self.key_file,
                "global_base_url": self.sandbox_url["global"],
                "eu_base_url": self.sandbox_url["eu"],
                "ca_file": self.ca_file,
                "redirect_hosts": "127.0.0.1",
                "timeout_ms": 5000,
            }},
        }, indent=2).encode())
        os.close(fd)
        tenants = self.path("secret", "tenants.json")
        with open(tenants, "w") as f:
            json.dump({"tenants": TENANTS}, f, indent=2, ensure_ascii=False)

        cmd = [os.path.join(SAMPLE, "serve.sh"), "--extension", self.extension,
               "--panelsso-config", self.config, "--tenants", tenants,
               "--work", self.path("panel")]
        if self.preload:
            cmd += ["--preload", self.preload]
        self.serve_out = open(self.path("serve.out"), "w")
        self.serve = subprocess.Popen(cmd, stdout=self.serve_out, stderr=subprocess.STDOUT,
                                      preexec_fn=_die_with_parent)
        try:
            port = _wait_for_file(self.path("panel", "port"), self.serve, "serve.sh (nginx and php-fpm)", 60)
        except RuntimeError:
            sys.stderr.write(open(self.path("serve.out")).read())
            raise
        self.port = int(port)
        self.base_url = f"http://127.0.0.1:{self.port}"

    def close(self):
        _stop(self.serve)
        self.serve = None
        for proc in self.procs:
            _stop(proc)
        self.procs = []
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)
            self.work = None

    # ---- what the tests look at ---------------------------------------------

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    def tenants(self):
        """The panel's tenants file as the panel left it."""
        with open(self.path("panel", "data", "tenants.json")) as f:
            return json.load(f)["tenants"]

    def tls_context(self):
        return ssl.create_default_context(cafile=self.ca_file)

    def sandbox_stats(self, region):
        with urllib.request.urlopen(self.sandbox_url[region] + "/_sandbox/stats",
                                    context=self.tls_context(), timeout=10) as r:
            return json.load(r)

    def sso_count(self):
        """SSO requests both sandboxes have had."""
        return sum(self.sandbox_stats(r)["ops"]["sso"] for r in ("global", "eu"))

    def visit(self, url):
        """GET a URL on a sandbox (its login page): (status, body)."""
        try:
            with urllib.request.urlopen(url, context=self.tls_context(), timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def process_users(self, pidfile):
        """The user of a master (from its pid file) and of each of its children."""
        with open(self.path("panel", "run", pidfile)) as f:
            pid = f.read().strip()
        master = subprocess.run(["ps", "-o", "user=", "-p", pid], capture_output=True,
                                text=True).stdout.strip()
        children = subprocess.run(["ps", "-o", "user=", "--ppid", pid], capture_output=True,
                                  text=True).stdout.split()
        return master, children

    def log_files(self):
        """Every log the panel's servers and the sandboxes wrote."""
        return sorted(glob.glob(self.path("panel", "logs", "*")) + glob.glob(self.path("sandbox", "*.log"))
                      + glob.glob(self.path("sandbox", "*.stderr")) + [self.path("serve.out")])

    def expected_user_message(self, tenant_id):
        """What PanelSso\\login answers a tenant of TENANTS as userMessage,
        asked of the extension directly (PHP's CLI, same configuration)."""
        t = TENANTS[tenant_id]
        code = ("$r = PanelSso\\login('sendgrid', ['tenant' => $argv[1], 'account_id' => $argv[2],"
                " 'region' => $argv[3]]); echo $r->ok ? 'AUTH_OK' : $r->userMessage;")
        env = dict(os.environ, LD_PRELOAD=self.preload) if self.preload else None
        r = subprocess.run([need_program("php8.2", "php8.2-cli"), "-n", "-d", f"extension={self.extension}",
                            "-d", f"panelsso.config={self.config}", "-r", code, tenant_id,
                            t["account_id"], t["region"]], capture_output=True, text=True, env=env, timeout=30)
        if r.returncode != 0 or r.stdout in ("", "AUTH_OK"):
            raise RuntimeError(f"php8.2 could not tell the user message for {tenant_id}: {r.stderr.strip()}")
        return r.stdout

    def scan_for_secrets(self, codes):
        """Every log the panel's servers and the sandboxes wrote, scanned for
        the partner key and the one-time codes the test saw, by value, and
        by tests/support's scanner (anything shaped like a SendGrid key or
        an unredacted code; it plants leaks of its own first and fails if it
        misses one).  Both scans must find a leak planted here first.
        Returns a list of (ok, what, detail)."""
        with open(self.key_file) as f:
            secrets = [f.read().strip()] + list(codes)
        results = []
        control = self.path("control")
        os.mkdir(control, 0o700)
        planted_code = os.urandom(16).hex()
        with open(os.path.join(control, "planted.log"), "w") as f:
            f.write(f"GET /login?code={planted_code} key {secrets[0]}\n")
        planted = scan_files([os.path.join(control, "planted.log")], [secrets[0], planted_code])
        results.append((len(planted) == 2, "positive control: the by-value scan finds a planted key and code",
                        f"{len(planted)} of 2 found"))
        r = subprocess.run([self.scan_bin, control], capture_output=True, text=True,
                           env=dict(os.environ, TMPDIR=self.work))
        results.append((r.returncode != 0, "positive control: scan_test_output fails on a planted key and code",
                        f"exit status {r.returncode}"))
        shutil.rmtree(control)

        files = self.log_files()
        leaks = scan_files(files, secrets)
        results.append((not leaks, f"no partner key and none of the {len(codes)} one-time codes seen "
                        f"in {len(files)} logs (nginx, php-fpm, PHP, sandboxes)",
                        "; ".join(f"{name}: secret #{i}" for name, i in leaks)))
        dirs = [self.path("panel", "logs"), self.path("sandbox"), self.path("serve.out")]
        r = subprocess.run([self.scan_bin] + dirs, capture_output=True, text=True,
                           env=dict(os.environ, TMPDIR=self.work))
        scanned = [line.strip() for line in (r.stdout + r.stderr).splitlines() if "scanned" in line]
        results.append((r.returncode == 0, "scan_test_output: no key-shaped text and no unredacted code in the logs"
                        + (f" ({scanned[0]})" if scanned else ""), r.stdout + r.stderr))
        return results


def scan_files(files, secrets):
    """(file name, secret index) for each secret found in each file; never
    the secret itself."""
    found = []
    for name in files:
        with open(name, "rb") as f:
            data = f.read()
        for i, secret in enumerate(secrets):
            if secret and secret.encode() in data:
                found.append((os.path.basename(name), i))
    return found


class Checks:
    """Counts checks; prints each, and 'N passed, N failed' at the end."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"ok    {what}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL  {what}" + (f": {detail}" if detail else ""), flush=True)
        return ok

    def finish(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed", flush=True)
        return 0 if self.failed == 0 and self.passed > 0 else 1
