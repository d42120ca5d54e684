/* SPDX-License-Identifier: MIT */
/*
 * auth_loader_ffi.h -- libauthloader's API as plain C declarations, for
 * foreign function interfaces that read declarations but run no C
 * preprocessor: PHP's FFI::cdef, Python cffi's cdef (ABI mode) and the like.
 * Load it unmodified:
 *
 *   PHP     $ffi = FFI::cdef(file_get_contents(
 *               '/usr/include/panelsso/auth_loader_ffi.h'), 'libauthloader.so.1');
 *   Python  ffi = cffi.FFI()
 *           ffi.cdef(open('/usr/include/panelsso/auth_loader_ffi.h').read())
 *           lib = ffi.dlopen('libauthloader.so.1')
 *
 * It declares what auth_provider.h, auth_loader.h and auth_config.h give a
 * host, and nothing a plugin alone needs; those headers document every type
 * and function, and this file says only what differs:
 *   - No preprocessor lines, no inline bodies, no attributes.  Array sizes
 *     are the literal values of AUTH_URL_MAX (4097), AUTH_MESSAGE_MAX (512),
 *     AUTH_ID_MAX (128), AUTH_REGION_MAX (32), AUTH_OFFERING_NAME_MAX (128),
 *     AUTH_OFFERING_TYPE_MAX (16), AUTH_STATE_MAX (32) and
 *     AUTH_OFFERINGS_MAX (64).
 *   - The inline helpers are exported functions of libauthloader instead:
 *     auth_loader_result_init for auth_result_init, auth_loader_result_wipe
 *     for auth_result_wipe, auth_loader_status_name for auth_status_name,
 *     auth_loader_status_text for auth_strerror, auth_loader_account_init
 *     for auth_account_init, auth_loader_account_op_name for
 *     auth_account_op_name; they give the same answers.
 *   - The types it uses but does not declare are size_t, uint32_t and
 *     int64_t, which PHP's FFI and cffi know; a C compiler needs
 *     <stddef.h> and <stdint.h> before it.
 * The ctest loader.ffi_header checks that every struct here has the size,
 * and every field the offset, size and type, of the real headers', and
 * that every function has the same prototype.
 *
 * One thing no FFI can do for its host: wipe a copy.  redirect_url is a
 * secret; once it is copied into the host language's own string, only the
 * auth_result can be wiped (auth_loader_result_wipe), not the copy.
 */

/* ---- statuses (auth_provider.h) ---- */

typedef enum auth_status {
    AUTH_OK = 0,
    AUTH_ERR_INVALID_REQUEST = 1,
    AUTH_ERR_CONFIG = 2,
    AUTH_ERR_AUTH_REJECTED = 3,
    AUTH_ERR_FORBIDDEN = 4,
    AUTH_ERR_NOT_FOUND = 5,
    AUTH_ERR_RATE_LIMITED = 6,
    AUTH_ERR_UNAVAILABLE = 7,
    AUTH_ERR_PROTOCOL = 8,
    AUTH_ERR_TLS = 9,
    AUTH_ERR_INTERNAL = 10,
    AUTH_ERR_VERSION = 11,
    AUTH_ERR_NOT_SUPPORTED = 12,
    AUTH_ERR_OUTCOME_UNKNOWN = 13
} auth_status;

typedef enum auth_log_level {
    AUTH_LOG_ERROR = 0,
    AUTH_LOG_WARNING = 1,
    AUTH_LOG_INFO = 2,
    AUTH_LOG_DEBUG = 3
} auth_log_level;

/* ---- results (auth_provider.h) ---- */

typedef struct auth_result {
    size_t struct_size;
    int status;
    int http_status;
    int64_t expires_at_ms;
    uint32_t retry_after_s;
    char redirect_url[4097];     /* SECRET: wipe it, never keep a copy */
    char user_message[512];
    char log_message[512];
    char error_id[128];
    char region[32];
} auth_result;

typedef struct auth_provider_info {
    size_t struct_size;
    const char *name;
    const char *version;
    const char *description;
    const char *const *regions;
    const char *const *settings;
    const char *const *attributes;
    const char *const *capabilities;
} auth_provider_info;

/* ---- accounts (auth_provider.h, ABI 1.1) ---- */

typedef struct auth_offering {
    char name[128];
    char type[16];
    uint32_t quantity;
} auth_offering;

typedef struct auth_account_request {
    size_t struct_size;
    const char *const *profile;
    const auth_offering *offerings;
    size_t offering_count;
    int test_account;
} auth_account_request;

typedef struct auth_account {
    size_t struct_size;
    char account_id[128];
    char state[32];
    uint32_t offering_count;
    uint32_t offering_total;
    auth_offering offerings[64];
} auth_account;

typedef enum auth_account_op {
    AUTH_ACCOUNT_CREATE = 0,
    AUTH_ACCOUNT_STATE = 1,
    AUTH_ACCOUNT_SUSPEND = 2,
    AUTH_ACCOUNT_UNSUSPEND = 3,
    AUTH_ACCOUNT_OFFERINGS = 4,
    AUTH_ACCOUNT_SET_OFFERINGS = 5,
    AUTH_ACCOUNT_DELETE = 6,
    AUTH_ACCOUNT_CATALOG = 7
} auth_account_op;

/* ---- the loader (auth_loader.h) ---- */

typedef struct auth_loader auth_loader;

typedef void (*auth_loader_log_fn)(void *ctx, int level, const char *line);

typedef const char *const *(*auth_loader_settings_fn)(void *ctx,
                                                       const char *name);

typedef struct auth_loader_config {
    size_t struct_size;
    auth_loader_log_fn log;
    void *log_ctx;
    int log_level;
    auth_loader_settings_fn settings_for;
    void *settings_ctx;
    uint32_t abi_version;
} auth_loader_config;

int auth_loader_create(const auth_loader_config *cfg, auth_loader **out,
                       auth_result *result);

int auth_loader_load_file(auth_loader *l, const char *path, const char *name,
                          const char *const *settings, auth_result *result);

size_t auth_loader_load_dir(auth_loader *l, const char *dir);

typedef enum auth_loader_trust_kind {
    AUTH_LOADER_TRUST_FILE = 1,
    AUTH_LOADER_TRUST_DIR = 2
} auth_loader_trust_kind;

int auth_loader_check_path_trust(const char *path, int kind, char *reason,
                                 size_t reason_size);

typedef struct auth_loader_entry {
    const char *name;
    const char *file;
    uint32_t abi_version;
    const auth_provider_info *info;
} auth_loader_entry;

size_t auth_loader_count(const auth_loader *l);
int auth_loader_get(const auth_loader *l, size_t index, auth_loader_entry *out);

size_t auth_loader_failure_count(const auth_loader *l);
int auth_loader_failure(const auth_loader *l, size_t index, const char **file,
                        const char **reason);

int auth_loader_has(const auth_loader *l, const char *name);

int auth_loader_login(auth_loader *l, const char *name,
                      const char *const *attributes, auth_result *result);

int auth_loader_check(auth_loader *l, const char *name,
                      const char *const *attributes, auth_result *result);

int auth_loader_supports(const auth_loader *l, const char *name, int op);

int auth_loader_account(auth_loader *l, const char *name, int op,
                        const char *const *attributes,
                        const auth_account_request *request,
                        auth_result *result, auth_account *account);

void auth_loader_unload_all(auth_loader *l);

void auth_loader_destroy(auth_loader *l);

/* ---- the helpers for hosts without inline functions (auth_loader.h) ---- */

size_t auth_loader_result_size(void);
void auth_loader_result_init(auth_result *result, size_t size);
void auth_loader_result_wipe(auth_result *result);

const char *auth_loader_status_name(int status);
const char *auth_loader_status_text(int status);
const char *auth_loader_status_user_text(int status);

size_t auth_loader_account_size(void);
void auth_loader_account_init(auth_account *account, size_t size);
void auth_loader_account_wipe(auth_account *account);
const char *auth_loader_account_op_name(int op);

size_t auth_loader_account_request_size(void);
void auth_loader_account_request_init(auth_account_request *request,
                                      size_t size);

/* ---- the configuration file (auth_config.h) ---- */

typedef struct auth_config auth_config;

int auth_config_load(const char *path, auth_config **out, auth_result *result);

int auth_config_parse(const char *text, size_t len, const char *origin,
                      auth_config **out, auth_result *result);

void auth_config_free(auth_config *cfg);

const char *auth_config_plugin_dir(const auth_config *cfg);

typedef struct auth_config_provider {
    const char *name;
    const char *const *settings;
} auth_config_provider;

size_t auth_config_provider_count(const auth_config *cfg);
int auth_config_provider_get(const auth_config *cfg, size_t index,
                             auth_config_provider *out);
int auth_config_provider_find(const auth_config *cfg, const char *name,
                              auth_config_provider *out);

const char *const *auth_config_settings_for(void *cfg, const char *name);

typedef struct auth_config_tenant {
    const char *name;
    const char *provider;
    const char *const *attributes;
} auth_config_tenant;

size_t auth_config_tenant_count(const auth_config *cfg);
int auth_config_tenant_get(const auth_config *cfg, size_t index,
                           auth_config_tenant *out);
int auth_config_tenant_find(const auth_config *cfg, const char *name,
                            auth_config_tenant *out);
