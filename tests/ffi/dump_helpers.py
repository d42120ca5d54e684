#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""dump_helpers.py -- what libauthloader's helpers answer through cffi (ABI
mode) and panelsso/auth_loader_ffi.h, one line each, for test_ffi_hosts.c
to compare with what they answer in C (the format is that file's
expected_helpers()).  Header and library: PANELSSO_FFI_HEADER and
PANELSSO_LIBAUTHLOADER."""
import os

import cffi

ffi = cffi.FFI()
with open(os.environ["PANELSSO_FFI_HEADER"]) as f:
    ffi.cdef(f.read())
lib = ffi.dlopen(os.environ["PANELSSO_LIBAUTHLOADER"])


def s(p):
    return "NULL" if p == ffi.NULL else ffi.string(p).decode()


for ctype, fn in (("auth_result", "result"), ("auth_account", "account"),
                  ("auth_account_request", "account_request")):
    print("sizeof %s %d %d" % (ctype, ffi.sizeof(ctype), getattr(lib, "auth_loader_%s_size" % fn)()))
for st in range(-1, 21):
    print("status %d %s|%s|%s" % (st, s(lib.auth_loader_status_name(st)),
                                  s(lib.auth_loader_status_text(st)),
                                  s(lib.auth_loader_status_user_text(st))))
for op in range(-1, 10):
    print("op %d %s" % (op, s(lib.auth_loader_account_op_name(op))))
print("enum %d %d %d %d" % (lib.AUTH_ERR_OUTCOME_UNKNOWN, lib.AUTH_ACCOUNT_CATALOG,
                            lib.AUTH_LOADER_TRUST_DIR, lib.AUTH_LOG_DEBUG))

r = ffi.new("auth_result *")
ffi.memmove(r, b"A" * ffi.sizeof(r[0]), ffi.sizeof(r[0]))
lib.auth_loader_result_init(r, ffi.sizeof(r[0]))
print('init struct_size=%d status=%d region="%s"' % (r.struct_size, r.status, s(r.region)))
ffi.memmove(r.redirect_url, b"https://example.invalid/login?code=x", 36)
ffi.memmove(r.user_message, b"kept", 4)
lib.auth_loader_result_wipe(r)
print('wipe redirect_url="%s" user_message="%s"' % (s(r.redirect_url), s(r.user_message)))

a = ffi.new("auth_account *")
ffi.memmove(a.account_id, b"acct-1", 6)
lib.auth_loader_account_init(a, ffi.sizeof(a[0]))
print('account struct_size=%d account_id="%s"' % (a.struct_size, s(a.account_id)))
