#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""open_sendgrid_cffi.py -- open_sendgrid.c in Python without the panelsso
package: libauthloader through cffi in ABI mode (no compiler), declared by
panelsso/auth_loader_ffi.h read as it is installed.  It loads the SendGrid
plugin, logs one tenant in, and prints what a web panel would answer the
browser's "Open SendGrid" POST with.  ctest runs it against a local HTTPS
sandbox as ffi.python.

usage: open_sendgrid_cffi.py PLUGIN_DIR KEY_FILE TENANT ACCOUNT_ID REGION [SETTING=VALUE]...

The SETTING=VALUE arguments go to the plugin unchanged, after
api_key_file=KEY_FILE, as in open_sendgrid.c.  PANELSSO_FFI_HEADER and
PANELSSO_LIBAUTHLOADER name the header and the library when they are not
where the Debian packages put them (the test points them into the build).

Exit status: 0 the browser would be redirected, 1 the login failed (the
page the browser would get is on stdout), 2 usage or loading error.
"""
import os
import sys

import cffi

LEVELS = ("error", "warning", "info", "debug")


def c_strings(ffi, strings):
    """A NULL-terminated C vector of "key=value" strings, as the loader takes
    settings and attributes, and the buffers it points into: keep both alive
    until the call that borrows the vector returns."""
    buffers = [ffi.new("char[]", s.encode()) for s in strings]
    return ffi.new("char *[]", buffers + [ffi.NULL]), buffers


def http_status_line(lib, status):
    """The HTTP status a panel answers a failed login with, as open_sendgrid.c."""
    if status == lib.AUTH_ERR_INVALID_REQUEST:
        return "400 Bad Request"
    if status == lib.AUTH_ERR_RATE_LIMITED:
        return "429 Too Many Requests"
    if status in (lib.AUTH_ERR_AUTH_REJECTED, lib.AUTH_ERR_FORBIDDEN, lib.AUTH_ERR_NOT_FOUND,
                  lib.AUTH_ERR_UNAVAILABLE, lib.AUTH_ERR_PROTOCOL, lib.AUTH_ERR_TLS):
        return "502 Bad Gateway"
    return "500 Internal Server Error"


def text(ffi, chars):
    return ffi.string(chars).decode("utf-8", "replace")


def main(argv):
    if len(argv) < 6:
        sys.stderr.write("usage: open_sendgrid_cffi.py PLUGIN_DIR KEY_FILE TENANT ACCOUNT_ID "
                         "REGION [SETTING=VALUE]...\n")
        return 2

    # 1. Once per process: the declarations, as installed, and the library.
    header = os.environ.get("PANELSSO_FFI_HEADER") or "/usr/include/panelsso/auth_loader_ffi.h"
    library = os.environ.get("PANELSSO_LIBAUTHLOADER") or "libauthloader.so.1"
    try:
        with open(header) as f:
            declarations = f.read()
    except OSError as e:
        sys.stderr.write("open_sendgrid_cffi: cannot read %s: install libauthloader-dev or set "
                         "PANELSSO_FFI_HEADER (%s)\n" % (header, e.strerror))
        return 2
    ffi = cffi.FFI()
    ffi.cdef(declarations)
    try:
        lib = ffi.dlopen(library)
    except OSError as e:
        sys.stderr.write("open_sendgrid_cffi: cannot load %s: %s\n" % (library, e))
        return 2

    # The operator's log; the plugin may call it from several threads at
    # once, and cffi takes the GIL for each call.
    @ffi.callback("auth_loader_log_fn")
    def log_line(ctx, level, line):
        name = LEVELS[level] if 0 <= level < len(LEVELS) else "debug"
        sys.stderr.write("open_sendgrid_cffi: %s: %s\n" % (name, text(ffi, line)))

    # ...a loader that logs to it (ffi.new zeroes what it makes; struct_size
    # says how much of it this host has)...
    cfg = ffi.new("auth_loader_config *")
    cfg.struct_size = ffi.sizeof(cfg[0])
    cfg.log = log_line
    cfg.log_level = lib.AUTH_LOG_INFO   # includes the one audit line per login
    r = ffi.new("auth_result *")
    loader = ffi.new("auth_loader **")
    lib.auth_loader_result_init(r, ffi.sizeof(r[0]))
    if lib.auth_loader_create(cfg, loader, r) != lib.AUTH_OK:
        sys.stderr.write("open_sendgrid_cffi: %s\n" % text(ffi, r.log_message))
        return 2

    # 2. ...and the plugin from an explicit directory (never a search path),
    # with this provider's settings.  A bad setting fails here.
    settings, setting_buffers = c_strings(ffi, ["api_key_file=" + argv[2]] + argv[6:])
    lib.auth_loader_result_init(r, ffi.sizeof(r[0]))
    if lib.auth_loader_load_file(loader[0], (argv[1] + "/sendgrid.so").encode(), b"sendgrid",
                                 settings, r) != lib.AUTH_OK:
        sys.stderr.write("open_sendgrid_cffi: cannot load SendGrid: %s\n" % text(ffi, r.log_message))
        lib.auth_loader_destroy(loader[0])
        return 2

    # 3. Per request: the tenant's attributes, from the panel's own database.
    attributes, attribute_buffers = c_strings(ffi, ["tenant=" + argv[3], "account_id=" + argv[4],
                                       "region=" + argv[5]])
    lib.auth_loader_result_init(r, ffi.sizeof(r[0]))
    out = sys.stdout.buffer
    if lib.auth_loader_login(loader[0], b"sendgrid", attributes, r) == lib.AUTH_OK:
        # The URL is a secret that works once, for 60 s.  Copy it into a
        # bytearray, which can be wiped (bytes and str cannot), hand it
        # straight to the Location header, and wipe it.
        url = bytearray(ffi.buffer(r.redirect_url))
        out.write(b"HTTP/1.1 303 See Other\r\nLocation: ")
        out.write(memoryview(url)[:url.index(0)])
        out.write(b"\r\nCache-Control: no-store\r\nContent-Length: 0\r\n\r\n")
        url[:] = bytes(len(url))
        exit_code = 0
    else:
        # The browser gets user_message, or the library's sentence for the
        # status; the operator's log gets log_message (never a secret).
        user = text(ffi, r.user_message) or text(ffi, lib.auth_loader_status_user_text(r.status))
        log = text(ffi, r.log_message) or text(ffi, lib.auth_loader_status_text(r.status))
        out.write(("HTTP/1.1 %s\r\n" % http_status_line(lib, r.status)).encode())
        if r.status == lib.AUTH_ERR_RATE_LIMITED:
            out.write(("Retry-After: %d\r\n" % (r.retry_after_s or 60)).encode())
        out.write(("Content-Type: text/plain; charset=utf-8\r\n"
                   "Cache-Control: no-store\r\n\r\n%s\n" % user).encode())
        sys.stderr.write("open_sendgrid_cffi: login for tenant %s failed: %s: %s\n"
                         % (argv[3], text(ffi, lib.auth_loader_status_name(r.status)), log))
        exit_code = 1
    lib.auth_loader_result_wipe(r)
    out.flush()

    # 4. Once at shutdown: tear the instance down and unload the plugin.
    lib.auth_loader_destroy(loader[0])
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
