# SPDX-License-Identifier: MIT
"""Builds panelsso._native, the C extension of the binding, with cffi in API
mode: the small shim in panelsso/_native.c compiled against the installed
panelsso headers and linked with libauthloader, both found through pkg-config
(``pkg-config authloader``; set PKG_CONFIG_PATH for an install outside the
default search path).  setup.py names this file in ``cffi_modules``.
"""
from __future__ import annotations

import os
import shlex
import subprocess

from cffi import FFI

SHIM_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "panelsso")

# Libraries in these directories are found by the dynamic linker anyway;
# anywhere else (/opt/panelsso, a test's temporary prefix) the extension
# carries a run path to libauthloader, as panelctl does.
SYSTEM_LIBDIRS = {"/lib", "/usr/lib", "/lib64", "/usr/lib64"}

CDEF = """
typedef struct auth_loader auth_loader;
typedef struct auth_config auth_config;
typedef struct psso_handle psso_handle;

typedef enum auth_status {
    AUTH_OK, AUTH_ERR_INVALID_REQUEST, AUTH_ERR_CONFIG, AUTH_ERR_AUTH_REJECTED,
    AUTH_ERR_FORBIDDEN, AUTH_ERR_NOT_FOUND, AUTH_ERR_RATE_LIMITED,
    AUTH_ERR_UNAVAILABLE, AUTH_ERR_PROTOCOL, AUTH_ERR_TLS, AUTH_ERR_INTERNAL,
    AUTH_ERR_VERSION, AUTH_ERR_NOT_SUPPORTED, AUTH_ERR_OUTCOME_UNKNOWN
} auth_status;
#define AUTH_STATUS_COUNT ...
#define AUTH_ACCOUNT_OP_COUNT ...
#define AUTH_URL_MAX ...
#define AUTH_OFFERING_NAME_MAX ...
#define AUTH_OFFERING_TYPE_MAX ...
#define AUTH_LOG_ERROR ...
#define AUTH_LOG_WARNING ...
#define AUTH_LOG_INFO ...
#define AUTH_LOG_DEBUG ...
#define AUTH_PROVIDER_ABI_VERSION ...

typedef struct {
    size_t struct_size;
    int status;
    int http_status;
    int64_t expires_at_ms;
    uint32_t retry_after_s;
    char redirect_url[...];
    char user_message[...];
    char log_message[...];
    char error_id[...];
    char region[...];
    ...;
} auth_result;

typedef struct {
    char name[...];
    char type[...];
    uint32_t quantity;
} auth_offering;

typedef struct {
    size_t struct_size;
    char account_id[...];
    char state[...];
    uint32_t offering_count;
    uint32_t offering_total;
    auth_offering offerings[...];
    ...;
} auth_account;

typedef struct {
    size_t struct_size;
    const char *name;
    const char *version;
    const char *description;
    ...;
} auth_provider_info;

typedef struct {
    const char *name;
    const char *file;
    uint32_t abi_version;
    const auth_provider_info *info;
} auth_loader_entry;

typedef void (*auth_loader_log_fn)(void *ctx, int level, const char *line);

const char *auth_status_name(int status);
const char *auth_strerror(int status);
const char *auth_account_op_name(int op);
void auth_result_init(auth_result *r);
void auth_result_wipe(auth_result *r);

int auth_config_load(const char *path, auth_config **out, auth_result *result);
const char *auth_config_plugin_dir(const auth_config *cfg);
size_t auth_config_provider_count(const auth_config *cfg);
typedef struct {
    const char *name;
    const char *const *settings;
} auth_config_provider;
int auth_config_provider_get(const auth_config *cfg, size_t index,
                             auth_config_provider *out);

size_t auth_loader_load_dir(auth_loader *l, const char *dir);
size_t auth_loader_count(const auth_loader *l);
int auth_loader_get(const auth_loader *l, size_t index, auth_loader_entry *out);
size_t auth_loader_failure_count(const auth_loader *l);
int auth_loader_failure(const auth_loader *l, size_t index, const char **file,
                        const char **reason);
int auth_loader_supports(const auth_loader *l, const char *name, int op);

psso_handle *psso_new(void);
int psso_create_loader(psso_handle *h, auth_config *config,
                       auth_loader_log_fn log, void *log_ctx, int log_level,
                       auth_result *result);
auth_loader *psso_loader(psso_handle *h);
int psso_load_file(psso_handle *h, const char *path, const char *name,
                   const char *settings, size_t count, auth_result *result);
int psso_login(psso_handle *h, const char *name, const char *attributes,
               size_t count, auth_result *result);
int psso_check(psso_handle *h, const char *name, const char *attributes,
               size_t count, auth_result *result);
int psso_account(psso_handle *h, const char *name, int op,
                 const char *attributes, size_t count, int with_request,
                 const char *profile, size_t profile_count,
                 const auth_offering *offerings, size_t offering_count,
                 int test_account, auth_result *result, auth_account *account);
const char *psso_take_queued(size_t size);
void psso_close(psso_handle *h);
void psso_free(psso_handle *h);
void psso_after_fork_in_child(psso_handle *h);

extern "Python" void psso_log_line(void *ctx, int level, const char *line);
extern "Python" void psso_sink_failed(void *exception);

static const char PSSO_DEFAULT_PLUGIN_DIR[];
"""


def pkg_config(*args: str) -> list[str]:
    tool = os.environ.get("PKG_CONFIG", "pkg-config")
    try:
        out = subprocess.run([tool, *args, "authloader"], check=True,
                             capture_output=True, text=True).stdout
    except FileNotFoundError:
        raise SystemExit(f"panelsso: {tool} not found: install pkg-config "
                         "(Debian: apt-get install pkg-config)") from None
    except subprocess.CalledProcessError as e:
        raise SystemExit(
            f"panelsso: '{tool} {' '.join(args)} authloader' failed: "
            f"{e.stderr.strip()}: install panelsso's development files "
            "(Debian: libauthloader-dev) or point PKG_CONFIG_PATH at the "
            "lib/pkgconfig directory of its install prefix") from None
    return shlex.split(out)


def c_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_ffi() -> FFI:
    cflags = pkg_config("--cflags")
    libs = pkg_config("--libs")
    libdir = pkg_config("--variable=libdir")[0]
    plugindir = pkg_config("--variable=plugindir")[0]
    include_dirs = [f[2:] for f in cflags if f.startswith("-I")]
    library_dirs = [f[2:] for f in libs if f.startswith("-L")]
    libraries = [f[2:] for f in libs if f.startswith("-l")]
    link_args = []
    if os.path.normpath(libdir) not in SYSTEM_LIBDIRS and \
            not os.path.normpath(libdir).startswith(("/usr/lib/", "/lib/")):
        link_args.append(f"-Wl,-rpath,{libdir}")

    ffi = FFI()
    ffi.cdef(CDEF)
    ffi.set_source(
        "panelsso._native",
        '#include "_native.h"\n'
        f"static const char PSSO_DEFAULT_PLUGIN_DIR[] = {c_string(plugindir)};\n",
        # setuptools wants it relative to setup.py, where builds run.
        sources=["panelsso/_native.c"],
        include_dirs=[SHIM_DIR, *include_dirs],
        library_dirs=library_dirs,
        libraries=libraries,
        extra_link_args=link_args,
        # POSIX and GNU interfaces (pthread_rwlockattr_setkind_np), as the
        # rest of panelsso is built.
        define_macros=[("_GNU_SOURCE", None)],
    )
    return ffi


ffibuilder = make_ffi()

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
