/* SPDX-License-Identifier: MIT */
/*
 * minimal_plugin.c -- the smallest complete auth_provider plugin, module
 * "example": a template for writing a provider from auth_provider.h alone.
 * docs/abi.md walks through it; ctest builds it and runs it through the host
 * loader as examples.minimal_plugin.
 *
 * What it does (no network, so every rule of the ABI stays in view):
 *   settings    login_url_base=https://...   required: the login page
 *               link_ttl_s=N                 optional, 1..3600, default 60
 *               any other key fails init with AUTH_ERR_CONFIG naming it
 *   login       attributes tenant=... and account_id=... (both required;
 *               others belong to the host and are ignored); answers AUTH_OK
 *               with redirect_url "<login_url_base>?account=<escaped id>"
 *               expiring link_ttl_s seconds from now
 *   check       validates the same attributes; AUTH_OK without a URL
 *   get_info    name "example", its settings, attributes and capabilities
 *
 * The rules it follows, each marked where it happens:
 *   - no mutable globals: everything an instance needs lives in the
 *     instance; login and check only read it, so any number of threads may
 *     call them at once (THREADING in auth_provider.h);
 *   - results are built in a full-size local auth_result and handed over
 *     with auth_result_deliver, so an older host's smaller struct is never
 *     written past its struct_size (STRUCT SIZES);
 *   - the redirect URL is secret: it is never logged and the local copy is
 *     wiped (SECRETS);
 *   - the host is reached only through the log callback it passed to init,
 *     never by symbol.
 *
 * Build: panelsso_add_plugin() from find_package(panelsso) (see
 * CMakeLists.txt beside this file; docs/abi.md, "Building a plugin").
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <panelsso/auth_provider.h>

/* The ABI version this plugin was written against.  Fixed on purpose, not
 * AUTH_PROVIDER_ABI_VERSION: rebuilding against a newer header must not
 * make the plugin claim rules it was never written for.  (The tests rebuild
 * this file with a later minor to play a plugin newer than its host.) */
#ifndef EXAMPLE_ABI_VERSION
#define EXAMPLE_ABI_VERSION AUTH_PROVIDER_MKVERSION(1, 0)
#endif

#define URL_BASE_MAX 2048   /* leaves room in AUTH_URL_MAX for the query */
#define ACCOUNT_ID_MAX 256  /* escaped, at most 3 * 256 bytes */
#define TTL_DEFAULT_S 60
#define TTL_MAX_S 3600

/* One instance per init: a panel may run several (two resellers, two login
 * pages) side by side.  Written by init only, read-only afterwards. */
struct auth_instance {
    auth_host_api host;            /* our copy of the host's table */
    char url_base[URL_BASE_MAX + 1];
    long ttl_s;
};

/* ---- small helpers ------------------------------------------------------ */

/* Log through the host's callback, if it gave one.  The format attribute
 * lets the compiler check every call. */
static void plog(const struct auth_instance *inst, int level, const char *fmt,
                 ...) AUTH_PROVIDER_PRINTF(3, 4);
static void plog(const struct auth_instance *inst, int level, const char *fmt,
                 ...)
{
    char line[600];
    va_list ap;
    if (inst->host.log == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    inst->host.log(inst->host.host_ctx, level, "%s", line);
}

/* Untrusted text made safe for a message or log line: control characters
 * become '?' (no forged log lines) and long values are cut. */
static const char *printable(char *buf, size_t size, const char *src)
{
    size_t n = 0;
    for (; *src != '\0' && n + 1 < size; src++)
        buf[n++] = iscntrl((unsigned char)*src) ? '?' : *src;
    buf[n] = '\0';
    return buf;
}

/* The value of `key` in a "key=value" vector, or NULL. */
static const char *value_of(const char *const *kv, const char *key)
{
    size_t klen = strlen(key);
    for (; kv != NULL && *kv != NULL; kv++)
        if (strncmp(*kv, key, klen) == 0 && (*kv)[klen] == '=')
            return *kv + klen + 1;
    return NULL;
}

/* Fill `r` as a failure with a message for the operator (log_message) and
 * one safe for the end user (user_message).  Returns the status. */
static int failure(auth_result *r, int status, const char *user_text,
                   const char *fmt, ...) AUTH_PROVIDER_PRINTF(4, 5);
static int failure(auth_result *r, int status, const char *user_text,
                   const char *fmt, ...)
{
    va_list ap;
    r->status = status;
    va_start(ap, fmt);
    vsnprintf(r->log_message, sizeof r->log_message, fmt, ap);
    va_end(ap);
    snprintf(r->user_message, sizeof r->user_message, "%s", user_text);
    return status;
}

/* Now as Unix epoch milliseconds (C11 timespec_get: no POSIX needed). */
static long long now_ms(void)
{
    struct timespec ts;
    if (timespec_get(&ts, TIME_UTC) != TIME_UTC)
        return 0;
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- init: settings -> instance ------------------------------------------ */

static const char *const setting_keys[] = {"login_url_base", "link_ttl_s", NULL};

static const char CONFIG_USER_TEXT[] =
    "Login is not configured correctly in the panel. Please contact support.";

/* Check every setting into `inst`.  AUTH_OK, or AUTH_ERR_CONFIG with `r`
 * filled in naming the key, so a typo fails when the panel loads the plugin
 * and not at a customer's first click. */
static int parse_settings(struct auth_instance *inst,
                          const char *const *settings, auth_result *r)
{
    const char *const *kv;
    const char *base;
    char shown[72];

    for (kv = settings; kv != NULL && *kv != NULL; kv++) {
        const char *eq = strchr(*kv, '=');
        size_t klen = eq != NULL ? (size_t)(eq - *kv) : 0;
        size_t i;
        int known = 0, seen = 0;
        const char *const *other;
        if (eq == NULL)
            return failure(r, AUTH_ERR_CONFIG, CONFIG_USER_TEXT,
                           "example: setting '%s' is not of the form key=value",
                           printable(shown, sizeof shown, *kv));
        for (i = 0; setting_keys[i] != NULL; i++)
            known |= strlen(setting_keys[i]) == klen &&
                     strncmp(setting_keys[i], *kv, klen) == 0;
        if (!known)
            return failure(r, AUTH_ERR_CONFIG, CONFIG_USER_TEXT,
                           "example: unknown setting '%.*s': the known settings "
                           "are login_url_base and link_ttl_s",
                           (int)(klen < 64 ? klen : 64),
                           printable(shown, sizeof shown, *kv));
        for (other = settings; other != kv; other++)
            seen |= strncmp(*other, *kv, klen + 1) == 0;
        if (seen)
            return failure(r, AUTH_ERR_CONFIG, CONFIG_USER_TEXT,
                           "example: setting '%.*s' is given twice: keep one",
                           (int)(klen < 64 ? klen : 64),
                           printable(shown, sizeof shown, *kv));
    }

    base = value_of(settings, "login_url_base");
    if (base == NULL || *base == '\0')
        return failure(r, AUTH_ERR_CONFIG, CONFIG_USER_TEXT,
                       "example: setting 'login_url_base' is required: set it "
                       "to the https:// address of the login page");
    if (strncmp(base, "https://", 8) != 0 || base[8] == '\0' ||
        strlen(base) > URL_BASE_MAX || strpbrk(base, "?#") != NULL ||
        strpbrk(base, " \t\r\n") != NULL) {
        return failure(r, AUTH_ERR_CONFIG, CONFIG_USER_TEXT,
                       "example: setting 'login_url_base' must be an https:// "
                       "URL of at most %d bytes without a query or fragment, "
                       "e.g. https://login.example.com/sso", URL_BASE_MAX);
    }
    snprintf(inst->url_base, sizeof inst->url_base, "%s", base);

    inst->ttl_s = TTL_DEFAULT_S;
    if (value_of(settings, "link_ttl_s") != NULL) {
        const char *text = value_of(settings, "link_ttl_s");
        char *end;
        long v;
        errno = 0;
        v = strtol(text, &end, 10);
        if (errno != 0 || end == text || *end != '\0' || v < 1 || v > TTL_MAX_S)
            return failure(r, AUTH_ERR_CONFIG, CONFIG_USER_TEXT,
                           "example: setting 'link_ttl_s' must be a whole "
                           "number of seconds from 1 to %d", TTL_MAX_S);
        inst->ttl_s = v;
    }
    return AUTH_OK;
}

static int example_init(const auth_host_api *host, const char *const *settings,
                        auth_instance **out, auth_result *result)
{
    struct auth_instance *inst;
    auth_result r;
    size_t n;

    *out = NULL;
    /* An auth_result smaller than 1.0's cannot be written at all. */
    if (result == NULL || result->struct_size < AUTH_RESULT_MIN_SIZE)
        return AUTH_ERR_VERSION;
    auth_result_init(&r);
    if (host == NULL || host->struct_size < AUTH_HOST_API_MIN_SIZE) {
        failure(&r, AUTH_ERR_VERSION, CONFIG_USER_TEXT,
                "example: the host's auth_host_api is smaller than ABI 1.0's: "
                "rebuild the host against auth_provider.h");
        auth_result_deliver(result, &r);
        return r.status;
    }
    inst = calloc(1, sizeof *inst);
    if (inst == NULL) {
        failure(&r, AUTH_ERR_INTERNAL, CONFIG_USER_TEXT,
                "example: out of memory creating an instance");
        auth_result_deliver(result, &r);
        return r.status;
    }
    /* Copy only what the host says its table holds; fields a newer minor
     * would add and an older host lacks stay zero / NULL. */
    n = host->struct_size < sizeof inst->host ? host->struct_size
                                               : sizeof inst->host;
    memcpy(&inst->host, host, n);
    inst->host.struct_size = sizeof inst->host;

    if (parse_settings(inst, settings, &r) != AUTH_OK) {
        plog(inst, AUTH_LOG_ERROR, "%s", r.log_message);
        free(inst);
        auth_result_deliver(result, &r);
        return r.status;
    }
    plog(inst, AUTH_LOG_INFO, "example: ready (ABI %u.%u, links valid %ld s)",
         AUTH_PROVIDER_VERSION_MAJOR(inst->host.abi_version),
         AUTH_PROVIDER_VERSION_MINOR(inst->host.abi_version), inst->ttl_s);
    *out = inst;
    auth_result_deliver(result, &r); /* status AUTH_OK, empty messages */
    return AUTH_OK;
}

/* ---- login and check ----------------------------------------------------- */

static const char REQUEST_USER_TEXT[] =
    "This account is not set up correctly in the panel. Please contact support.";

/* The tenant's attributes: both required; the account ID bounded and free
 * of control characters.  AUTH_OK or AUTH_ERR_INVALID_REQUEST in `r`. */
static int parse_attributes(const char *const *attributes, const char **tenant,
                            const char **account_id, auth_result *r)
{
    const char *id;
    const char *ten;
    size_t i;
    ten = value_of(attributes, "tenant");
    id = value_of(attributes, "account_id");
    if (ten == NULL || *ten == '\0')
        return failure(r, AUTH_ERR_INVALID_REQUEST, REQUEST_USER_TEXT,
                       "example: the request has no tenant attribute: pass "
                       "tenant=<the panel's customer name>");
    if (id == NULL || *id == '\0')
        return failure(r, AUTH_ERR_INVALID_REQUEST, REQUEST_USER_TEXT,
                       "example: the request has no account_id attribute: set "
                       "the tenant's account ID");
    if (strlen(id) > ACCOUNT_ID_MAX)
        return failure(r, AUTH_ERR_INVALID_REQUEST, REQUEST_USER_TEXT,
                       "example: account_id is longer than %d bytes",
                       ACCOUNT_ID_MAX);
    for (i = 0; id[i] != '\0'; i++)
        if (iscntrl((unsigned char)id[i]))
            return failure(r, AUTH_ERR_INVALID_REQUEST, REQUEST_USER_TEXT,
                           "example: account_id contains control characters");
    *tenant = ten;
    *account_id = id;
    return AUTH_OK;
}

/* Percent-encode everything but RFC 3986's unreserved characters, so the
 * ID stays one query value whatever it holds ("&", "#", "/", spaces).
 * dst has room for 3 * ACCOUNT_ID_MAX + 1 bytes. */
static void escape_query_value(char *dst, const char *src)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *src != '\0'; src++) {
        unsigned char c = (unsigned char)*src;
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            *dst++ = (char)c;
        } else {
            *dst++ = '%';
            *dst++ = hex[c >> 4];
            *dst++ = hex[c & 15];
        }
    }
    *dst = '\0';
}

/* login and check share everything but the URL.  Only reads `inst`, and
 * everything else is on this call's stack: safe from any number of
 * threads at once. */
static int answer(auth_instance *inst, const char *const *attributes,
                  auth_result *result, int is_login)
{
    auth_result r;
    const char *tenant = NULL, *account_id = NULL;
    char escaped[3 * ACCOUNT_ID_MAX + 1];
    char shown_tenant[65], shown_id[65];

    if (result == NULL || result->struct_size < AUTH_RESULT_MIN_SIZE)
        return AUTH_ERR_VERSION;
    auth_result_init(&r);
    if (parse_attributes(attributes, &tenant, &account_id, &r) == AUTH_OK) {
        r.status = AUTH_OK;
        if (is_login) {
            long long now = now_ms();
            escape_query_value(escaped, account_id);
            snprintf(r.redirect_url, sizeof r.redirect_url, "%s?account=%s",
                     inst->url_base, escaped);
            r.expires_at_ms = now > 0 ? now + (long long)inst->ttl_s * 1000
                                      : 0; /* 0: unknown */
        }
        snprintf(r.log_message, sizeof r.log_message, "example: %s for tenant "
                 "'%s' ok", is_login ? "login" : "check",
                 printable(shown_tenant, sizeof shown_tenant, tenant));
        /* The audit line names who logged in; never the URL (it is the
         * secret a browser would use). */
        plog(inst, AUTH_LOG_INFO, "example: %s tenant '%s' account '%s': ok",
             is_login ? "login" : "check",
             printable(shown_tenant, sizeof shown_tenant, tenant),
             printable(shown_id, sizeof shown_id, account_id));
    } else {
        plog(inst, AUTH_LOG_WARNING, "%s", r.log_message);
    }
    auth_result_deliver(result, &r);
    auth_result_wipe(&r); /* our copy of the secret URL */
    return r.status;
}

static int example_login(auth_instance *inst, const char *const *attributes,
                         auth_result *result)
{
    return answer(inst, attributes, result, 1);
}

static int example_check(auth_instance *inst, const char *const *attributes,
                         auth_result *result)
{
    return answer(inst, attributes, result, 0);
}

static void example_teardown(auth_instance *inst)
{
    free(inst); /* NULL is fine: free(NULL) does nothing */
}

/* ---- what the plugin says about itself ----------------------------------- */

static const char *const attribute_keys[] = {"tenant", "account_id", NULL};
static const char *const capabilities[] = {"login", "check", NULL};

/* Static and const: owned by the module, valid while it is loaded. */
static const auth_provider_info example_info = {
    sizeof(auth_provider_info),
    "example",
    "1.0.0",
    "minimal example provider: builds a login URL from its settings",
    NULL, /* no regions */
    setting_keys,
    attribute_keys,
    capabilities,
};

static const auth_provider_info *example_get_info(void)
{
    return &example_info;
}

/* ---- the ops table and the entry point ------------------------------------ */

/* struct_size = sizeof as THIS file was compiled: the host reads no further. */
/* Designated initializers: fields a later minor appends (the account
 * operations of 1.1, which this plugin does not implement) stay NULL. */
static const auth_provider_ops example_ops = {
    .struct_size = sizeof(auth_provider_ops),
    .init = example_init,
    .login = example_login,
    .teardown = example_teardown,
    .get_info = example_get_info, /* optional: may be NULL */
    .check = example_check,       /* optional: may be NULL */
};

/* Refuse another major (with a sentence in errbuf), else settle on the lower
 * minor and hand back the table. */
static int example_entry(uint32_t host_version,
                         const auth_provider_ops **out_ops,
                         uint32_t *out_version, char *errbuf,
                         size_t errbuf_size)
{
    int rc = auth_provider_negotiate(host_version, EXAMPLE_ABI_VERSION,
                                     out_version, errbuf, errbuf_size);
    if (rc == AUTH_OK)
        *out_ops = &example_ops;
    return rc;
}

/* Exports auth_provider_entry, the one symbol a host looks up. */
AUTH_PROVIDER_DEFINE_ENTRY(example_entry)
