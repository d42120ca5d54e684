/* SPDX-License-Identifier: MIT */
/* Init settings: every key validated at init, an unknown key refused by
 * name, so a typo in a panel's config fails at load and not at a customer's
 * first click. */
#include "sg_settings.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#define DEFAULT_GLOBAL_BASE "https://api.sendgrid.com"
#define DEFAULT_EU_BASE "https://api.eu.sendgrid.com"
#define DEFAULT_REDIRECT_HOSTS "sendgrid.com,*.sendgrid.com"

static const char *const region_names[SG_REGION_COUNT] = {"global", "eu"};

const char *sg_region_name(enum sg_region r)
{
    return (r >= 0 && r < SG_REGION_COUNT) ? region_names[r] : "unknown";
}

int sg_region_parse(const char *text, enum sg_region *out)
{
    for (int i = 0; i < SG_REGION_COUNT; i++) {
        if (strcmp(text, region_names[i]) == 0) {
            *out = (enum sg_region)i;
            return 0;
        }
    }
    return -1;
}

int sg_host_is_loopback(const char *host)
{
    if (strcasecmp(host, "localhost") == 0 || strcmp(host, "::1") == 0 ||
        strcmp(host, "[::1]") == 0)
        return 1;
    /* 127.0.0.0/8 in dotted form. */
    unsigned a, b, c, d;
    char tail;
    if (sscanf(host, "%3u.%3u.%3u.%3u%c", &a, &b, &c, &d, &tail) == 4 &&
        a == 127 && b < 256 && c < 256 && d < 256)
        return 1;
    return 0;
}

static int has_space_or_control(const char *s)
{
    for (; *s; s++)
        if (isspace((unsigned char)*s) || iscntrl((unsigned char)*s))
            return 1;
    return 0;
}

static int set_string(char **slot, const char *key, const char *value,
                      char *err, size_t err_size)
{
    if (*value == '\0') {
        snprintf(err, err_size, "setting '%s' is empty: give it a value or "
                 "leave it out", key);
        return AUTH_ERR_CONFIG;
    }
    char *copy = strdup(value);
    if (copy == NULL) {
        snprintf(err, err_size, "out of memory while reading setting '%s'", key);
        return AUTH_ERR_INTERNAL;
    }
    free(*slot);
    *slot = copy;
    return AUTH_OK;
}

static int set_long(long *slot, const char *key, const char *value, long min,
                    long max, char *err, size_t err_size)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno != 0 || end == value || *end != '\0' || v < min || v > max) {
        snprintf(err, err_size, "setting '%s' must be a whole number from %ld "
                 "to %ld", key, min, max);
        return AUTH_ERR_CONFIG;
    }
    *slot = v;
    return AUTH_OK;
}

/* Validates an API base URL: https, or http to a loopback host; no
 * user-info, query or fragment.  Stores it without a trailing '/'. */
static int set_base_url(sg_settings *s, enum sg_region r, const char *key,
                        const char *value, char *err, size_t err_size)
{
    int rc = AUTH_ERR_CONFIG;
    char *scheme = NULL, *host = NULL, *user = NULL, *query = NULL,
         *fragment = NULL;
    CURLU *u = curl_url();
    if (u == NULL) {
        snprintf(err, err_size, "out of memory while reading setting '%s'", key);
        return AUTH_ERR_INTERNAL;
    }
    if (has_space_or_control(value) ||
        curl_url_set(u, CURLUPART_URL, value, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        snprintf(err, err_size, "setting '%s' is not an absolute URL: use e.g. "
                 "%s", key, r == SG_REGION_EU ? DEFAULT_EU_BASE : DEFAULT_GLOBAL_BASE);
        goto out;
    }
    if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
        curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK ||
        curl_url_get(u, CURLUPART_FRAGMENT, &fragment, 0) == CURLUE_OK) {
        snprintf(err, err_size, "setting '%s' must not contain user-info, a query "
                 "or a fragment: give only scheme, host, optional port and path", key);
        goto out;
    }
    int is_http = strcmp(scheme, "http") == 0;
    if (!is_http && strcmp(scheme, "https") != 0) {
        snprintf(err, err_size, "setting '%s' must use https", key);
        goto out;
    }
    if (is_http && !sg_host_is_loopback(host)) {
        snprintf(err, err_size, "setting '%s' uses http to a non-loopback host "
                 "'%s': use https (plain http is allowed only for 127.0.0.1, ::1 "
                 "and localhost, for testing)", key, host);
        goto out;
    }
    size_t n = strlen(value);
    while (n > 0 && value[n - 1] == '/')
        n--;
    char *copy = strndup(value, n);
    if (copy == NULL) {
        rc = AUTH_ERR_INTERNAL;
        snprintf(err, err_size, "out of memory while reading setting '%s'", key);
        goto out;
    }
    free(s->base_url[r]);
    s->base_url[r] = copy;
    s->base_is_http[r] = is_http;
    rc = AUTH_OK;
out:
    curl_free(scheme);
    curl_free(host);
    curl_free(user);
    curl_free(query);
    curl_free(fragment);
    curl_url_cleanup(u);
    return rc;
}

static int set_redirect_hosts(sg_settings *s, const char *value, char *err,
                              size_t err_size)
{
    s->redirect_host_count = 0;
    const char *p = value;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        while (len > 0 && (*p == ' ')) { p++; len--; }
        while (len > 0 && p[len - 1] == ' ') len--;
        if (s->redirect_host_count == SG_MAX_REDIRECT_HOSTS) {
            snprintf(err, err_size, "setting 'redirect_hosts' lists more than %d "
                     "hosts", SG_MAX_REDIRECT_HOSTS);
            return AUTH_ERR_CONFIG;
        }
        sg_host_pattern *hp = &s->redirect_hosts[s->redirect_host_count];
        int wildcard = len > 2 && p[0] == '*' && p[1] == '.';
        const char *host = wildcard ? p + 1 : p; /* keep the '.' */
        size_t hlen = wildcard ? len - 1 : len;
        int ok = hlen > 0 && hlen < sizeof hp->text;
        for (size_t i = 0; ok && i < hlen; i++) {
            unsigned char c = (unsigned char)host[i];
            ok = isalnum(c) || c == '.' || c == '-' || c == ':' || c == '_';
        }
        if (!ok) {
            snprintf(err, err_size, "setting 'redirect_hosts' has an invalid entry "
                     "'%.*s': give host names separated by commas, '*.example.com' "
                     "for subdomains", (int)(len > 100 ? 100 : len), p);
            return AUTH_ERR_CONFIG;
        }
        for (size_t i = 0; i < hlen; i++)
            hp->text[i] = (char)tolower((unsigned char)host[i]);
        hp->text[hlen] = '\0';
        hp->wildcard = wildcard;
        s->redirect_host_count++;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    if (s->redirect_host_count == 0) {
        snprintf(err, err_size, "setting 'redirect_hosts' is empty: list the hosts "
                 "the login URL may point to");
        return AUTH_ERR_CONFIG;
    }
    return AUTH_OK;
}

/* The proxy kinds libcurl speaks.  SOCKS schemes are not transfer protocols,
 * so the URL parser must be told to accept schemes it does not transfer
 * (CURLU_NON_SUPPORT_SCHEME); this list then keeps out everything else. */
static int proxy_scheme_ok(const char *scheme)
{
    static const char *const ok[] = {"http", "https", "socks4", "socks4a",
                                     "socks5", "socks5h"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcasecmp(scheme, ok[i]) == 0)
            return 1;
    return 0;
}

static int set_proxy(sg_settings *s, const char *value, char *err, size_t err_size)
{
    if (strcmp(value, "env") != 0) {
        CURLU *u = curl_url();
        char *scheme = NULL;
        int bad = u == NULL || has_space_or_control(value) ||
                  curl_url_set(u, CURLUPART_URL, value,
                               CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
                  curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
                  !proxy_scheme_ok(scheme);
        curl_free(scheme);
        curl_url_cleanup(u);
        if (bad) {
            snprintf(err, err_size, "setting 'proxy' must be a proxy URL such as "
                     "http://proxy.example:3128 (http, https, socks4, socks4a, "
                     "socks5 or socks5h), or 'env' to use the environment's "
                     "proxy variables");
            return AUTH_ERR_CONFIG;
        }
    }
    return set_string(&s->proxy, "proxy", value, err, err_size);
}

/* The keys this provider knows, for the unknown-key message and get_info. */
const char *const sg_setting_keys[] = {
    "api_key_file", "api_key_env", "eu_api_key_file", "eu_api_key_env",
    "global_base_url", "eu_base_url", "default_region", "redirect_hosts",
    "ca_file", "timeout_ms", "connect_timeout_ms", "max_retries", "proxy",
    "max_idle_connections", NULL};

static int apply(sg_settings *s, const char *key, const char *value, char *err,
                 size_t err_size)
{
    if (strcmp(key, "api_key_file") == 0)
        return set_string(&s->api_key_file, key, value, err, err_size);
    if (strcmp(key, "api_key_env") == 0)
        return set_string(&s->api_key_env, key, value, err, err_size);
    if (strcmp(key, "eu_api_key_file") == 0)
        return set_string(&s->eu_api_key_file, key, value, err, err_size);
    if (strcmp(key, "eu_api_key_env") == 0)
        return set_string(&s->eu_api_key_env, key, value, err, err_size);
    if (strcmp(key, "global_base_url") == 0)
        return set_base_url(s, SG_REGION_GLOBAL, key, value, err, err_size);
    if (strcmp(key, "eu_base_url") == 0)
        return set_base_url(s, SG_REGION_EU, key, value, err, err_size);
    if (strcmp(key, "default_region") == 0) {
        if (sg_region_parse(value, &s->default_region) != 0) {
            snprintf(err, err_size, "setting 'default_region' is '%.64s': use "
                     "'global' or 'eu'", value);
            return AUTH_ERR_CONFIG;
        }
        return AUTH_OK;
    }
    if (strcmp(key, "redirect_hosts") == 0)
        return set_redirect_hosts(s, value, err, err_size);
    if (strcmp(key, "ca_file") == 0) {
        FILE *f = fopen(value, "r");
        if (f == NULL) {
            snprintf(err, err_size, "setting 'ca_file': cannot read '%.200s' (%s): "
                     "give a readable PEM CA bundle", value, strerror(errno));
            return AUTH_ERR_CONFIG;
        }
        fclose(f);
        return set_string(&s->ca_file, key, value, err, err_size);
    }
    if (strcmp(key, "timeout_ms") == 0)
        return set_long(&s->timeout_ms, key, value, 1, 600000, err, err_size);
    if (strcmp(key, "connect_timeout_ms") == 0)
        return set_long(&s->connect_timeout_ms, key, value, 1, 600000, err, err_size);
    if (strcmp(key, "max_retries") == 0)
        return set_long(&s->max_retries, key, value, 0, 10, err, err_size);
    if (strcmp(key, "max_idle_connections") == 0)
        return set_long(&s->max_idle_connections, key, value, 1, 1024, err, err_size);
    if (strcmp(key, "proxy") == 0)
        return set_proxy(s, value, err, err_size);
    snprintf(err, err_size, "unknown setting '%.64s': known settings are "
             "api_key_file, api_key_env, eu_api_key_file, eu_api_key_env, "
             "global_base_url, eu_base_url, default_region, redirect_hosts, "
             "ca_file, timeout_ms, connect_timeout_ms, max_retries, proxy, "
             "max_idle_connections", key);
    return AUTH_ERR_CONFIG;
}

static size_t key_index(const char *key)
{
    size_t k = 0;
    while (sg_setting_keys[k] != NULL && strcmp(sg_setting_keys[k], key) != 0)
        k++;
    return k;
}

/* Only two values the operator wrote can contradict each other.  A default
 * must never be the one blamed: an unset connect_timeout_ms follows a short
 * timeout_ms down, and a connect_timeout_ms above the default timeout_ms is
 * cut to it (the overall deadline bounds the connect anyway, so this is
 * what libcurl would do with it). */
static int settle_connect_timeout(sg_settings *s, int timeout_given,
                                  int connect_given, char *err, size_t err_size)
{
    if (timeout_given && connect_given && s->connect_timeout_ms > s->timeout_ms) {
        snprintf(err, err_size, "setting 'connect_timeout_ms' (%ld) is larger than "
                 "'timeout_ms' (%ld): the whole login includes the connect",
                 s->connect_timeout_ms, s->timeout_ms);
        return AUTH_ERR_CONFIG;
    }
    if (s->connect_timeout_ms > s->timeout_ms)
        s->connect_timeout_ms = s->timeout_ms;
    return AUTH_OK;
}

/* Over plain http the request itself carries "Authorization: Bearer <key>":
 * any proxy (an http proxy reads it as a forwarded request, a SOCKS or
 * CONNECT tunnel relays it unencrypted) would see the key.  Only https
 * keeps it from the proxy, so the combination is refused. */
static int refuse_cleartext_through_proxy(const sg_settings *s, char *err,
                                          size_t err_size)
{
    if (s->proxy == NULL)
        return AUTH_OK;
    for (int r = 0; r < SG_REGION_COUNT; r++) {
        if (!s->base_is_http[r])
            continue;
        snprintf(err, err_size, "setting '%s' is plain http and setting 'proxy' "
                 "is '%s': the proxy would see the API key in cleartext; use an "
                 "https base URL, or remove 'proxy' to reach the loopback test "
                 "server directly",
                 r == SG_REGION_EU ? "eu_base_url" : "global_base_url",
                 strcmp(s->proxy, "env") == 0 ? "env" : "a proxy URL");
        return AUTH_ERR_CONFIG;
    }
    return AUTH_OK;
}

int sg_settings_parse(const char *const *settings, sg_settings *s, char *err,
                      size_t err_size)
{
    memset(s, 0, sizeof *s);
    s->default_region = SG_REGION_GLOBAL;
    s->timeout_ms = 10000;
    s->connect_timeout_ms = 3000;
    s->max_retries = 1;
    s->max_idle_connections = 16;
    int rc = set_base_url(s, SG_REGION_GLOBAL, "global_base_url",
                          DEFAULT_GLOBAL_BASE, err, err_size);
    if (rc == AUTH_OK)
        rc = set_base_url(s, SG_REGION_EU, "eu_base_url", DEFAULT_EU_BASE, err,
                          err_size);
    if (rc == AUTH_OK)
        rc = set_redirect_hosts(s, DEFAULT_REDIRECT_HOSTS, err, err_size);

    /* Each key may appear once: a repeated key is more likely a mistake in a
     * generated config than an intended override. */
    char seen[sizeof sg_setting_keys / sizeof sg_setting_keys[0]] = {0};
    for (size_t i = 0; rc == AUTH_OK && settings != NULL && settings[i] != NULL; i++) {
        const char *kv = settings[i];
        const char *eq = strchr(kv, '=');
        size_t klen = eq ? (size_t)(eq - kv) : strlen(kv);
        char key[64];
        if (eq == NULL || klen == 0 || klen >= sizeof key) {
            snprintf(err, err_size, "setting #%zu is not of the form key=value",
                     i + 1);
            rc = AUTH_ERR_CONFIG;
            break;
        }
        memcpy(key, kv, klen);
        key[klen] = '\0';
        for (size_t k = 0; sg_setting_keys[k] != NULL; k++) {
            if (strcmp(sg_setting_keys[k], key) == 0) {
                if (seen[k]++) {
                    snprintf(err, err_size, "setting '%s' is given twice: keep one",
                             key);
                    rc = AUTH_ERR_CONFIG;
                }
                break;
            }
        }
        if (rc == AUTH_OK)
            rc = apply(s, key, eq + 1, err, err_size);
    }
    if (rc == AUTH_OK && (s->api_key_file == NULL) == (s->api_key_env == NULL)) {
        snprintf(err, err_size, "%s", s->api_key_file
                 ? "settings 'api_key_file' and 'api_key_env' are both given: keep one"
                 : "no API key configured: set 'api_key_file' (a file readable only "
                   "by the panel) or 'api_key_env' (an environment variable)");
        rc = AUTH_ERR_CONFIG;
    }
    if (rc == AUTH_OK && s->eu_api_key_file != NULL && s->eu_api_key_env != NULL) {
        snprintf(err, err_size, "settings 'eu_api_key_file' and 'eu_api_key_env' "
                 "are both given: keep one");
        rc = AUTH_ERR_CONFIG;
    }
    if (rc == AUTH_OK)
        rc = settle_connect_timeout(s, seen[key_index("timeout_ms")],
                                    seen[key_index("connect_timeout_ms")], err,
                                    err_size);
    if (rc == AUTH_OK)
        rc = refuse_cleartext_through_proxy(s, err, err_size);
    if (rc != AUTH_OK)
        sg_settings_free(s);
    return rc;
}

void sg_settings_free(sg_settings *s)
{
    free(s->api_key_file);
    free(s->api_key_env);
    free(s->eu_api_key_file);
    free(s->eu_api_key_env);
    for (int r = 0; r < SG_REGION_COUNT; r++)
        free(s->base_url[r]);
    free(s->ca_file);
    free(s->proxy);
    memset(s, 0, sizeof *s);
}
