/* SPDX-License-Identifier: MIT */
/*
 * auth_provider.h -- the versioned C ABI between hosting control panels
 * ("hosts") and authentication providers ("plugins").
 *
 * A plugin is a shared object that exports ONE symbol, auth_provider_entry
 * (AUTH_PROVIDER_DEFINE_ENTRY defines it).  The host calls it with the ABI
 * version it speaks; the plugin answers with the version both will use and a table of
 * operations.  Everything else crosses the boundary through that table and
 * through the callback table the host passes to init.  The plugin never calls
 * the host by symbol, and the host never calls the plugin by any other symbol.
 *
 * This header depends on nothing but the C standard headers and compiles as
 * C99 and as C++.
 *
 * ---------------------------------------------------------------------------
 * VERSIONING
 *   A version is (major << 16 | minor), built with AUTH_PROVIDER_MKVERSION.
 *   - The host passes the version it speaks to the entry point.
 *   - A plugin whose major differs refuses with AUTH_ERR_VERSION and a
 *     sentence in the error buffer naming both versions.
 *   - Otherwise both sides use min(host minor, plugin minor); the plugin
 *     reports the negotiated version through *out_version.
 *   - A minor release may only APPEND fields to structs (optional ops are
 *     fields of the ops table) and APPEND statuses and log levels.  Removing, reordering or retyping anything, or changing
 *     a documented rule, needs a new major.
 *   - A plugin returns only statuses, and logs only levels, that exist in
 *     the negotiated minor.  A host still treats a status it does not know
 *     as a failure (auth_status_name() calls it "AUTH_ERR_UNKNOWN").
 *
 * STRUCT SIZES
 *   Every struct that crosses the boundary starts with `size_t struct_size`,
 *   set by whoever allocated it to sizeof() as THEY compiled it.  A receiver
 *   reads a field only if AUTH_STRUCT_HAS(ptr, type, field) says it lies
 *   within struct_size, and writes only such fields.  A missing trailing
 *   field reads as zero / NULL.  Optional operations (get_info, check, the
 *   account operations of 1.1) may be NULL, and the host checks before
 *   calling.  A host uses no op beyond what the negotiated minor defines,
 *   even if the plugin's table is longer (AUTH_PROVIDER_OPS_SIZE_1_0).
 *
 * OWNERSHIP -- one rule, everywhere:
 *   Whoever allocates a thing frees it.  Out-parameters are written into
 *   storage the CALLER supplies (an auth_result, an error buffer); the callee
 *   never allocates memory for the caller to free.  A pointer handed back
 *   (the ops table, get_info's strings, the instance) points to memory the
 *   callee owns; it stays valid until the object it came from is gone: the
 *   module for the ops table and info, teardown for the instance.
 *   Input pointers (settings, attributes) are only borrowed for the
 *   duration of the call: a plugin copies what it keeps.  The host table
 *   passed to init is lent until teardown (see init).
 *
 * THREADING
 *   - The entry point, init and teardown are never called concurrently with
 *     any other call on the same instance (the host serializes them).
 *   - login, check and the account operations (1.1) may run concurrently on
 *     ONE instance from any number of threads; a plugin must be safe for that.
 *   - Distinct instances of one plugin are independent and may be used
 *     concurrently; a plugin keeps no mutable global state.
 *   - The host's callbacks (log) may be called from any thread that is inside
 *     a plugin call, concurrently; the host must make them thread-safe.
 *
 * SECRETS
 *   A plugin never puts credentials, or the secret part of a redirect URL
 *   (its query), into a log line, a message or debug output.  The host must
 *   treat auth_result.redirect_url as a secret: hand it to the browser at
 *   once, never log or cache it, and wipe it (auth_result_wipe) afterwards.
 * ---------------------------------------------------------------------------
 */
#ifndef AUTH_PROVIDER_H
#define AUTH_PROVIDER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- versions ------------------------------------------------------------ */

#define AUTH_PROVIDER_MKVERSION(major, minor) \
    ((uint32_t)((((uint32_t)(major) & 0xffffu) << 16) | ((uint32_t)(minor) & 0xffffu)))
#define AUTH_PROVIDER_VERSION_MAJOR(v) ((unsigned)(((uint32_t)(v) >> 16) & 0xffffu))
#define AUTH_PROVIDER_VERSION_MINOR(v) ((unsigned)((uint32_t)(v) & 0xffffu))

/* The version this header describes. */
#define AUTH_PROVIDER_ABI_MAJOR 1
#define AUTH_PROVIDER_ABI_MINOR 1
#define AUTH_PROVIDER_ABI_VERSION \
    AUTH_PROVIDER_MKVERSION(AUTH_PROVIDER_ABI_MAJOR, AUTH_PROVIDER_ABI_MINOR)

/* Does the struct at `ptr` (whose first member is struct_size) hold `field`? */
#define AUTH_STRUCT_HAS(ptr, type, field)                                   \
    ((ptr) != NULL &&                                                         \
     (ptr)->struct_size >= offsetof(type, field) + sizeof(((type *)0)->field))

#if defined(__GNUC__) || defined(__clang__)
#define AUTH_PROVIDER_PRINTF(fmt_idx, args_idx) \
    __attribute__((format(printf, fmt_idx, args_idx)))
#define AUTH_PROVIDER_EXPORT __attribute__((visibility("default")))
#else
#define AUTH_PROVIDER_PRINTF(fmt_idx, args_idx)
#define AUTH_PROVIDER_EXPORT
#endif

/* ---- statuses -------------------------------------------------------------
 * Every operation that can fail returns one of these and stores the same
 * value in auth_result.status.  Values are stable; new ones are appended. */
typedef enum auth_status {
    AUTH_OK = 0,                 /* success */
    AUTH_ERR_INVALID_REQUEST = 1,/* the request attributes are wrong (missing
                                    account_id, unknown region...): fix the
                                    tenant's data, do not retry as is */
    AUTH_ERR_CONFIG = 2,         /* the instance's settings are wrong or a
                                    secret is unreadable: fix the config */
    AUTH_ERR_AUTH_REJECTED = 3,  /* upstream refused the credentials (401) */
    AUTH_ERR_FORBIDDEN = 4,      /* credentials valid but not allowed (403) */
    AUTH_ERR_NOT_FOUND = 5,      /* the account does not exist upstream (404) */
    AUTH_ERR_RATE_LIMITED = 6,   /* upstream throttled us (429); see
                                    auth_result.retry_after_s */
    AUTH_ERR_UNAVAILABLE = 7,    /* upstream down, unreachable or timed out
                                    (5xx, connect failure): retry later */
    AUTH_ERR_PROTOCOL = 8,       /* upstream answered something unusable */
    AUTH_ERR_TLS = 9,            /* TLS failed: certificate, CA, handshake */
    AUTH_ERR_INTERNAL = 10,      /* a bug or resource exhaustion (out of
                                    memory) inside the plugin or host */
    AUTH_ERR_VERSION = 11,       /* ABI negotiation failed (major mismatch,
                                    struct too small) */
    /* Appended in 1.1 (a plugin returns them only when 1.1 was negotiated;
     * the loader returns AUTH_ERR_NOT_SUPPORTED itself for a 1.0 plugin). */
    AUTH_ERR_NOT_SUPPORTED = 12, /* the provider does not implement this
                                    operation: retrying cannot help; do it
                                    another way (the provider's console) */
    AUTH_ERR_OUTCOME_UNKNOWN = 13/* a request that is not safe to repeat
                                    (account create) may have reached the
                                    upstream, but no answer came back: it may
                                    or may not have happened.  Never retry it
                                    blindly: look first (docs/integrating.md,
                                    "Reconciling an unknown outcome") */
} auth_status;

#define AUTH_STATUS_COUNT 14

/* The stable name of a status, e.g. "AUTH_ERR_TLS".  Never NULL. */
static inline const char *auth_status_name(int status)
{
    static const char *const names[AUTH_STATUS_COUNT] = {
        "AUTH_OK", "AUTH_ERR_INVALID_REQUEST", "AUTH_ERR_CONFIG",
        "AUTH_ERR_AUTH_REJECTED", "AUTH_ERR_FORBIDDEN", "AUTH_ERR_NOT_FOUND",
        "AUTH_ERR_RATE_LIMITED", "AUTH_ERR_UNAVAILABLE", "AUTH_ERR_PROTOCOL",
        "AUTH_ERR_TLS", "AUTH_ERR_INTERNAL", "AUTH_ERR_VERSION",
        "AUTH_ERR_NOT_SUPPORTED", "AUTH_ERR_OUTCOME_UNKNOWN"};
    return (status >= 0 && status < AUTH_STATUS_COUNT) ? names[status]
                                                       : "AUTH_ERR_UNKNOWN";
}

/* A one-line description of a status for logs and operators, never NULL. */
static inline const char *auth_strerror(int status)
{
    static const char *const text[AUTH_STATUS_COUNT] = {
        "success",
        "invalid request: the tenant's login attributes are wrong",
        "configuration error: the provider's settings are wrong",
        "authentication rejected: the provider refused the credentials",
        "forbidden: the credentials may not act on this account",
        "not found: the account does not exist at the provider",
        "rate limited: too many requests, retry later",
        "unavailable: the provider could not be reached or failed, retry later",
        "protocol error: the provider's answer was not usable",
        "TLS error: the secure connection could not be verified",
        "internal error",
        "ABI version mismatch between host and plugin",
        "not supported: the provider does not implement this operation",
        "outcome unknown: the request may or may not have taken effect, check before retrying"};
    return (status >= 0 && status < AUTH_STATUS_COUNT) ? text[status]
                                                       : "unknown status";
}

/* ---- the host's callbacks -------------------------------------------------- */

typedef enum auth_log_level {
    AUTH_LOG_ERROR = 0,
    AUTH_LOG_WARNING = 1,
    AUTH_LOG_INFO = 2,   /* one audit line per login is logged at this level */
    AUTH_LOG_DEBUG = 3
} auth_log_level;

typedef struct auth_host_api {
    size_t struct_size;      /* sizeof(auth_host_api) as the host built it */
    uint32_t abi_version;    /* the negotiated version: what the entry
                                point answered, so the minor both use */
    void *host_ctx;          /* passed back to every callback, opaque */
    /* Log one line (no trailing newline needed).  May be NULL: the plugin
     * then stays silent.  Must be thread-safe (see THREADING). */
    void (*log)(void *host_ctx, int level, const char *fmt, ...)
        AUTH_PROVIDER_PRINTF(3, 4);
    /* Fields appended by later minors go here. */
} auth_host_api;

/* ---- results ---------------------------------------------------------------
 * Filled by init, login and check, into storage the caller owns.  The caller
 * zeroes it and sets struct_size (auth_result_init does both).  Strings are
 * NUL-terminated and truncated to fit; a plugin never writes past
 * struct_size. */

#define AUTH_URL_MAX 4097        /* 4096 bytes + NUL */
#define AUTH_MESSAGE_MAX 512
#define AUTH_ID_MAX 128
#define AUTH_REGION_MAX 32

typedef struct auth_result {
    size_t struct_size;          /* sizeof(auth_result) as the caller built it */
    int status;                  /* an auth_status, same as the return value */
    int http_status;             /* upstream's HTTP status, 0 if none */
    int64_t expires_at_ms;       /* when redirect_url stops working, Unix
                                    epoch milliseconds; 0 if unknown */
    uint32_t retry_after_s;      /* for RATE_LIMITED / UNAVAILABLE: seconds to
                                    wait before retrying; 0 if unknown */
    char redirect_url[AUTH_URL_MAX];   /* the one-time login URL (SECRET) */
    char user_message[AUTH_MESSAGE_MAX];/* safe to show the end user */
    char log_message[AUTH_MESSAGE_MAX]; /* detail for the operator's log;
                                    never holds a secret */
    char error_id[AUTH_ID_MAX];  /* upstream's error identifier, if any */
    char region[AUTH_REGION_MAX];/* the region that answered, if any */
    /* Fields appended by later minors go here. */
} auth_result;

static inline void auth_result_init(auth_result *r)
{
    memset(r, 0, sizeof *r);
    r->struct_size = sizeof *r;
}

/* The smallest auth_result a 1.x receiver accepts: every field of 1.0. */
#define AUTH_RESULT_MIN_SIZE \
    (offsetof(auth_result, region) + sizeof(((auth_result *)0)->region))

/* Deliver a result built in full-size local storage `src` into the caller's
 * `dst`, copying only what dst's struct_size holds and keeping its
 * struct_size.  This is how a plugin copes with an older host's smaller
 * auth_result.  dst->struct_size must be at least AUTH_RESULT_MIN_SIZE. */
static inline void auth_result_deliver(auth_result *dst, const auth_result *src)
{
    size_t keep = dst->struct_size;
    size_t n = keep < sizeof *src ? keep : sizeof *src;
    memcpy(dst, src, n);
    dst->struct_size = keep;
}

/* Erase the secret URL (volatile writes, so the compiler keeps them). */
static inline void auth_result_wipe(auth_result *r)
{
    /* memset called through a volatile pointer: the compiler cannot know
     * what it calls, so it cannot drop the stores as dead (a plain memset on
     * a result about to go out of scope may vanish), and it runs at memset's
     * speed, not one byte at a time.  C99 and C++ alike. */
    void *(*volatile wipe)(void *, int, size_t) = memset;
    wipe(r->redirect_url, 0, sizeof r->redirect_url);
}

/* The smallest host table a 1.x plugin accepts. */
#define AUTH_HOST_API_MIN_SIZE \
    (offsetof(auth_host_api, log) + sizeof(((auth_host_api *)0)->log))

/* ---- what a provider says about itself (optional get_info) ---------------- */

typedef struct auth_provider_info {
    size_t struct_size;
    const char *name;            /* short, stable: "sendgrid" */
    const char *version;         /* the plugin's version: "1.0.0" */
    const char *description;     /* one line for humans */
    const char *const *regions;  /* NULL-terminated region names, or NULL */
    const char *const *settings; /* NULL-terminated setting keys, or NULL */
    const char *const *attributes;/* NULL-terminated login attribute keys */
    const char *const *capabilities;/* NULL-terminated names of the optional
                                    operations it implements: "check", and
                                    from 1.1 auth_account_op_name()'s */
} auth_provider_info;

/* ---- the plugin's operations ------------------------------------------------ */

/* Opaque, defined by each plugin. */
typedef struct auth_instance auth_instance;

/* ---- ACCOUNTS (1.1) ---------------------------------------------------------
 * Besides logging a tenant in, a provider may manage the tenant's account
 * at the upstream, as PAM has account management beside authentication:
 * create, read the state, suspend, unsuspend, read and replace the
 * offerings (plan and add-ons), delete, and list the catalog of offerings.
 *
 * Every account operation has the same shape (auth_account_fn):
 *   attributes  as for login: "key=value" (tenant, account_id, region...);
 *               create and catalog take no account_id, the others need one
 *   request     what the operation needs beyond them (create: profile,
 *               offerings, test_account; set_offerings: offerings); may be
 *               NULL for the others.  Borrowed for the call.
 *   result      status and messages as for login (redirect_url stays
 *               empty), caller-owned, initialized with auth_result_init
 *   account     what the operation answers, caller-owned, initialized with
 *               auth_account_init; the callee writes only within its
 *               struct_size.  May be NULL when the caller wants no answer.
 * and returns result->status.  Threading as for login: any number of
 * threads at once on one instance.
 *
 * Idempotence: everything but create may be retried, and a provider retries
 * it itself where that helps.  Create is never retried by the provider;
 * when its outcome cannot be known (the request went out, no answer came
 * back) it returns AUTH_ERR_OUTCOME_UNKNOWN, never AUTH_ERR_UNAVAILABLE. */

#define AUTH_OFFERING_NAME_MAX 128
#define AUTH_OFFERING_TYPE_MAX 16
#define AUTH_STATE_MAX 32
#define AUTH_OFFERINGS_MAX 64

/* One offering: a package (the plan) or an add-on.  It is an element of
 * arrays, so it has no struct_size and never changes: a later minor that
 * needs more adds a new type. */
typedef struct auth_offering {
    char name[AUTH_OFFERING_NAME_MAX];  /* e.g. "org.ei.free.v1" */
    char type[AUTH_OFFERING_TYPE_MAX];  /* "package" or "addon" */
    uint32_t quantity;                  /* package: 1; addon: 1 or more */
} auth_offering;

/* What an operation needs beyond its attributes.  Built by the caller,
 * borrowed for the call. */
typedef struct auth_account_request {
    size_t struct_size;                 /* sizeof as the caller built it */
    const char *const *profile;         /* create: NULL-terminated
                                           "key=value" profile fields (the
                                           provider documents the keys), or
                                           NULL */
    const auth_offering *offerings;     /* create, set_offerings: the whole
                                           list (set_offerings replaces) */
    size_t offering_count;
    int test_account;                   /* create: nonzero asks for a test
                                           account where the provider has
                                           them */
    /* Fields appended by later minors go here. */
} auth_account_request;

/* The smallest auth_account_request a 1.1 receiver accepts: every field of
 * 1.1 (sizeof may be larger by tail padding). */
#define AUTH_ACCOUNT_REQUEST_MIN_SIZE                       \
    (offsetof(auth_account_request, test_account) +          \
     sizeof(((auth_account_request *)0)->test_account))

/* What an operation answers, besides its auth_result.  Caller-owned; the
 * callee fills what its operation answers and leaves the rest zero. */
typedef struct auth_account {
    size_t struct_size;                 /* sizeof as the caller built it */
    char account_id[AUTH_ID_MAX];       /* create: the new account's ID */
    char state[AUTH_STATE_MAX];         /* state, suspend, unsuspend: the
                                           state as the provider names it
                                           ("activated", "deactivated", or
                                           one this header does not know:
                                           passed on as text) */
    uint32_t offering_count;            /* offerings filled in below */
    uint32_t offering_total;            /* offerings the provider listed; more
                                           than offering_count means the list
                                           was cut to AUTH_OFFERINGS_MAX */
    auth_offering offerings[AUTH_OFFERINGS_MAX]; /* offerings,
                                           set_offerings, catalog */
    /* Fields appended by later minors go here. */
} auth_account;

static inline void auth_account_init(auth_account *a)
{
    memset(a, 0, sizeof *a);
    a->struct_size = sizeof *a;
}

/* The smallest auth_account a 1.1 receiver accepts: every field of 1.1. */
#define AUTH_ACCOUNT_MIN_SIZE \
    (offsetof(auth_account, offerings) + sizeof(((auth_account *)0)->offerings))

/* Deliver an account built in full-size local storage into the caller's,
 * as auth_result_deliver does. */
static inline void auth_account_deliver(auth_account *dst, const auth_account *src)
{
    size_t keep = dst->struct_size;
    size_t n = keep < sizeof *src ? keep : sizeof *src;
    memcpy(dst, src, n);
    dst->struct_size = keep;
}

/* The account operations, for hosts that pick one at run time (the loader's
 * auth_loader_account, panelctl's verbs, the language bindings). */
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

#define AUTH_ACCOUNT_OP_COUNT 8

/* The op's stable name, the same as its ops field and its capability
 * string: "account_create" ... "catalog"; NULL for an unknown op. */
static inline const char *auth_account_op_name(int op)
{
    static const char *const names[AUTH_ACCOUNT_OP_COUNT] = {
        "account_create", "account_state", "account_suspend",
        "account_unsuspend", "account_offerings", "account_set_offerings",
        "account_delete", "catalog"};
    return (op >= 0 && op < AUTH_ACCOUNT_OP_COUNT) ? names[op] : NULL;
}

typedef int (*auth_account_fn)(auth_instance *inst,
                               const char *const *attributes,
                               const auth_account_request *request,
                               auth_result *result, auth_account *account);

typedef struct auth_provider_ops {
    size_t struct_size;          /* sizeof(auth_provider_ops) as the plugin
                                    built it */

    /* MANDATORY.  Create an instance from settings: a NULL-terminated vector
     * of "key=value" strings (NULL means none).  `host` stays valid until
     * teardown (the host guarantees it; the plugin may keep the pointer).
     * On success stores the instance in *out and returns AUTH_OK; on failure
     * stores NULL, fills `result` (status, log_message) and returns the
     * status, typically AUTH_ERR_CONFIG. */
    int (*init)(const auth_host_api *host, const char *const *settings,
                auth_instance **out, auth_result *result);

    /* MANDATORY.  Log a user in: `attributes` is a NULL-terminated vector of
     * "key=value" request attributes (tenant, account_id, region, ... as the
     * plugin documents).  Fills `result`; returns result->status. */
    int (*login)(auth_instance *inst, const char *const *attributes,
                 auth_result *result);

    /* MANDATORY.  Release the instance and everything it holds.  NULL is a
     * no-op.  Never fails. */
    void (*teardown)(auth_instance *inst);

    /* OPTIONAL (may be NULL).  Static description, owned by the module. */
    const auth_provider_info *(*get_info)(void);

    /* OPTIONAL (may be NULL).  Verify credentials and reachability for the
     * tenant described by `attributes` without logging anyone in ("Test
     * connection").  Fills `result` (no redirect_url); returns its status. */
    int (*check)(auth_instance *inst, const char *const *attributes,
                 auth_result *result);

    /* Appended in 1.1: account operations, each OPTIONAL (NULL: not
     * supported).  A host calls them only when 1.1 or later was negotiated
     * (the loader hides them from a 1.0 negotiation).  See "ACCOUNTS" below
     * for the rules they share. */
    auth_account_fn account_create;       /* create an account; fills
                                             account->account_id */
    auth_account_fn account_state;        /* read its state; fills
                                             account->state */
    auth_account_fn account_suspend;      /* suspend it (idempotent); fills
                                             account->state */
    auth_account_fn account_unsuspend;    /* lift a suspension (idempotent);
                                             fills account->state */
    auth_account_fn account_offerings;    /* read its offerings (plan and
                                             add-ons); fills the list */
    auth_account_fn account_set_offerings;/* replace them with
                                             request->offerings (idempotent);
                                             fills the resulting list */
    auth_account_fn account_delete;       /* delete it (idempotent; an
                                             account that does not exist is
                                             AUTH_ERR_NOT_FOUND) */
    auth_account_fn catalog;              /* the offerings this key may
                                             assign; fills the list */

    /* Fields appended by later minors go here. */
} auth_provider_ops;

/* The smallest ops table a 1.x host accepts: the three mandatory ops. */
#define AUTH_PROVIDER_OPS_MIN_SIZE                 \
    (offsetof(auth_provider_ops, teardown) +        \
     sizeof(((auth_provider_ops *)0)->teardown))
/* The whole 1.0 table (up to check): what a 1.0 negotiation may use. */
#define AUTH_PROVIDER_OPS_SIZE_1_0                 \
    (offsetof(auth_provider_ops, check) +           \
     sizeof(((auth_provider_ops *)0)->check))

/* ---- the entry point ----------------------------------------------------------
 * host_version: the version the host speaks (AUTH_PROVIDER_ABI_VERSION).
 * out_ops:      receives the plugin's static ops table (owned by the module).
 * out_version:  receives the negotiated version (same major, lower minor).
 * errbuf:       caller-owned buffer of errbuf_size bytes for a refusal reason.
 * Returns AUTH_OK, or AUTH_ERR_VERSION on a major mismatch. */
#define AUTH_PROVIDER_ENTRY_SYMBOL "auth_provider_entry"

typedef int (*auth_provider_entry_fn)(uint32_t host_version,
                                      const auth_provider_ops **out_ops,
                                      uint32_t *out_version, char *errbuf,
                                      size_t errbuf_size);

/* Define the exported entry symbol, auth_provider_entry, forwarding to
 * `impl` (a static function of type auth_provider_entry_fn).  Use it once per
 * plugin:
 *
 *     AUTH_PROVIDER_DEFINE_ENTRY(my_entry)
 *
 * A plugin is always a file the host loads; the symbol's name is the same in
 * every plugin, which is what lets a host load any of them.  The spelling of
 * 1.0 headers, AUTH_PROVIDER_DEFINE_ENTRY(module, impl), still compiles and
 * defines the same one symbol (`module` is ignored), so plugin sources
 * written for them build unchanged. */
#ifdef __cplusplus
#define AUTH_PROVIDER_EXTERN_C extern "C"
#else
#define AUTH_PROVIDER_EXTERN_C
#endif
#define AUTH_PROVIDER_DEFINE_ENTRY(...)                                        \
    AUTH_PROVIDER_DEFINE_ENTRY_(AUTH_PROVIDER_LAST_OF_ONE_OR_TWO_(__VA_ARGS__, \
                                                                  __VA_ARGS__, \
                                                                  ~))
/* (impl)         -> (impl, impl, ~)                 -> impl
 * (module, impl) -> (module, impl, module, impl, ~) -> impl
 * The trailing ~ keeps the variadic part non-empty, as strict C99 wants. */
#define AUTH_PROVIDER_LAST_OF_ONE_OR_TWO_(first, second, ...) second
#define AUTH_PROVIDER_DEFINE_ENTRY_(impl)                                      \
    AUTH_PROVIDER_EXTERN_C AUTH_PROVIDER_EXPORT int auth_provider_entry(       \
        uint32_t host_version, const auth_provider_ops **out_ops,              \
        uint32_t *out_version, char *errbuf, size_t errbuf_size);              \
    AUTH_PROVIDER_EXTERN_C AUTH_PROVIDER_EXPORT int auth_provider_entry(       \
        uint32_t host_version, const auth_provider_ops **out_ops,              \
        uint32_t *out_version, char *errbuf, size_t errbuf_size)               \
    {                                                                          \
        return impl(host_version, out_ops, out_version, errbuf, errbuf_size); \
    }

/* Negotiation helper for plugins: refuse a different major, else pick the
 * lower minor.  Returns AUTH_OK or AUTH_ERR_VERSION (with a sentence in
 * errbuf naming both versions). */
static inline int auth_provider_negotiate(uint32_t host_version,
                                          uint32_t plugin_version,
                                          uint32_t *out_version, char *errbuf,
                                          size_t errbuf_size)
{
    unsigned hmaj = AUTH_PROVIDER_VERSION_MAJOR(host_version);
    unsigned pmaj = AUTH_PROVIDER_VERSION_MAJOR(plugin_version);
    unsigned hmin = AUTH_PROVIDER_VERSION_MINOR(host_version);
    unsigned pmin = AUTH_PROVIDER_VERSION_MINOR(plugin_version);
    if (hmaj != pmaj) {
        if (errbuf != NULL && errbuf_size > 0) {
            /* Hand-rolled so this header needs no <stdio.h>. */
            const char *a = "plugin speaks auth_provider ABI major ";
            const char *b = ", host speaks major ";
            const char *c = ": rebuild the plugin against the host's auth_provider.h";
            char num[2][8];
            unsigned v[2];
            size_t n = 0, i, k;
            v[0] = pmaj;
            v[1] = hmaj;
            for (k = 0; k < 2; k++) {
                char tmp[8];
                size_t t = 0;
                unsigned x = v[k];
                do { tmp[t++] = (char)('0' + x % 10); x /= 10; } while (x && t < 7);
                for (i = 0; i < t; i++) num[k][i] = tmp[t - 1 - i];
                num[k][t] = 0;
            }
            {
                const char *parts[5];
                parts[0] = a; parts[1] = num[0]; parts[2] = b; parts[3] = num[1]; parts[4] = c;
                for (k = 0; k < 5; k++)
                    for (i = 0; parts[k][i] && n + 1 < errbuf_size; i++)
                        errbuf[n++] = parts[k][i];
                errbuf[n] = 0;
            }
        }
        return AUTH_ERR_VERSION;
    }
    if (out_version != NULL)
        *out_version = AUTH_PROVIDER_MKVERSION(hmaj, hmin < pmin ? hmin : pmin);
    return AUTH_OK;
}

#ifdef __cplusplus
}
#endif

#endif /* AUTH_PROVIDER_H */
