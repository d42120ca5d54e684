/* SPDX-License-Identifier: MIT */
/* The three C clients:
 *   plugin  the SendGrid plugin through the host loader (auth_loader.h), one
 *           instance shared by every thread;
 *   raw     libcurl with one easy handle per thread, reused: the same request
 *           the plugin sends, and nothing else (the floor);
 *   naive   libcurl with a new easy handle per login, as a quick hand-written
 *           integration does: a new connection and a full TLS handshake each
 *           time (a fresh handle has no connection or TLS session cache). */
#include "bench_variants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#include <panelsso/auth_loader.h>

/* What the plugin sends (see plugin/src/sg_instance.c and sg_http.c), so the
 * libcurl variants do the same work on the wire. */
#define USER_AGENT "panelsso-sendgrid/1.0.0"
#define PLUGIN_NAME "sendgrid"

/* ---- shared by raw and naive ------------------------------------------- */

typedef struct curl_shared {
    const bench_config *cfg;
    char url[512];
    struct curl_slist *headers;  /* read-only once built: threads share it */
} curl_shared;

static int read_key(const char *path, char *key, size_t size)
{
    FILE *f = fopen(path, "r");
    if (f == NULL || fgets(key, (int)size, f) == NULL) {
        fprintf(stderr, "bench: cannot read the API key file %s\n", path);
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    key[strcspn(key, "\r\n")] = '\0';
    return 0;
}

static struct curl_slist *build_headers(const char *key)
{
    char auth[512];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
    struct curl_slist *h = curl_slist_append(NULL, auth);
    if (h) h = curl_slist_append(h, "Accept: application/json");
    if (h) h = curl_slist_append(h, "Content-Type:");
    if (h) h = curl_slist_append(h, "Expect:");
    memset(auth, 0, sizeof auth);
    return h;
}

static int curl_setup(const bench_config *cfg, void **shared)
{
    char key[256];
    curl_shared *s = calloc(1, sizeof *s);
    if (s == NULL || read_key(cfg->key_file, key, sizeof key) != 0) {
        free(s);
        return -1;
    }
    s->cfg = cfg;
    snprintf(s->url, sizeof s->url, "%s/v3/partners/accounts/%s/sso",
             cfg->base_url, cfg->account_id);
    s->headers = build_headers(key);
    memset(key, 0, sizeof key);
    if (s->headers == NULL) {
        free(s);
        return -1;
    }
    *shared = s;
    return 0;
}

static void curl_teardown(void *shared)
{
    curl_shared *s = shared;
    curl_slist_free_all(s->headers);
    free(s);
}

static size_t drop_body(char *data, size_t size, size_t nmemb, void *userp)
{
    (void)data;
    (void)userp;
    return size * nmemb;
}

/* The options the plugin sets that matter on the wire or for TLS. */
static void set_request(CURL *e, const curl_shared *s,
                        const struct curl_slist *headers)
{
    curl_easy_setopt(e, CURLOPT_URL, s->url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, 0L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, USER_AGENT);
    curl_easy_setopt(e, CURLOPT_CAINFO, s->cfg->ca_file);
    curl_easy_setopt(e, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    curl_easy_setopt(e, CURLOPT_PROXY, "");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, drop_body);
}

/* Performs the prepared request and copies the Location of a 303. */
static int perform(CURL *e, char *url, size_t size)
{
    long status = 0;
    struct curl_header *h;
    CURLcode rc = curl_easy_perform(e);
    if (rc != CURLE_OK) {
        fprintf(stderr, "bench: request failed: %s\n", curl_easy_strerror(rc));
        return -1;
    }
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    if (status != 303 ||
        curl_easy_header(e, "Location", 0, CURLH_HEADER, -1, &h) != CURLHE_OK) {
        fprintf(stderr, "bench: expected a 303 with a Location, got HTTP %ld\n",
                status);
        return -1;
    }
    snprintf(url, size, "%s", h->value);
    return 0;
}

/* ---- raw: one reused handle per thread ------------------------------------ */

static int raw_thread_init(void *shared, void **per_thread)
{
    CURL *e = curl_easy_init();
    if (e == NULL)
        return -1;
    set_request(e, shared, ((curl_shared *)shared)->headers);
    *per_thread = e;
    return 0;
}

static int raw_login(void *shared, void *per_thread, char *url, size_t size)
{
    (void)shared;
    return perform(per_thread, url, size);
}

static void raw_thread_done(void *per_thread)
{
    curl_easy_cleanup(per_thread);
}

/* ---- naive: everything anew per login --------------------------------------- */

static int naive_thread_init(void *shared, void **per_thread)
{
    (void)shared;
    *per_thread = NULL;
    return 0;
}

static int naive_login(void *shared, void *per_thread, char *url, size_t size)
{
    const curl_shared *s = shared;
    (void)per_thread;
    CURL *e = curl_easy_init();
    if (e == NULL) {
        fprintf(stderr, "bench: out of memory creating a libcurl handle\n");
        return -1;
    }
    set_request(e, s, s->headers);
    int rc = perform(e, url, size);
    curl_easy_cleanup(e);
    return rc;
}

static void naive_thread_done(void *per_thread)
{
    (void)per_thread;
}

/* ---- plugin: through the host loader ----------------------------------------- */

/* A real host keeps the plugin's audit line (INFO); where it writes it is
 * the host's cost, not the plugin's, so this sink drops it. */
static void drop_log(void *ctx, int level, const char *line)
{
    (void)ctx;
    (void)level;
    (void)line;
}

typedef struct plugin_shared {
    auth_loader *loader;
    char account[300];           /* "account_id=..." */
    const char *attributes[3];   /* read-only: threads share it */
} plugin_shared;

static int plugin_setup(const bench_config *cfg, void **shared)
{
    auth_loader_config lc;
    auth_result r;
    char base[512], ca[512], key[512];
    plugin_shared *p = calloc(1, sizeof *p);
    if (p == NULL)
        return -1;
    memset(&lc, 0, sizeof lc);
    lc.struct_size = sizeof lc;
    lc.log = drop_log;
    lc.log_level = AUTH_LOG_INFO;
    auth_result_init(&r);
    if (auth_loader_create(&lc, &p->loader, &r) != AUTH_OK) {
        fprintf(stderr, "bench: auth_loader_create: %s\n", r.log_message);
        free(p);
        return -1;
    }
    snprintf(base, sizeof base, "global_base_url=%s", cfg->base_url);
    snprintf(ca, sizeof ca, "ca_file=%s", cfg->ca_file);
    snprintf(key, sizeof key, "api_key_file=%s", cfg->key_file);
    const char *const settings[] = {key, base, ca, "redirect_hosts=127.0.0.1", NULL};
    auth_result_init(&r);
    if (auth_loader_load_file(p->loader, cfg->plugin_path, PLUGIN_NAME, settings,
                              &r) != AUTH_OK) {
        fprintf(stderr, "bench: loading %s: %s\n", cfg->plugin_path,
                r.log_message);
        auth_loader_destroy(p->loader);
        free(p);
        return -1;
    }
    snprintf(p->account, sizeof p->account, "account_id=%s", cfg->account_id);
    p->attributes[0] = "tenant=bench";
    p->attributes[1] = p->account;
    p->attributes[2] = NULL;
    *shared = p;
    return 0;
}

static int plugin_thread_init(void *shared, void **per_thread)
{
    (void)shared;
    *per_thread = NULL;
    return 0;
}

static int plugin_login(void *shared, void *per_thread, char *url, size_t size)
{
    plugin_shared *p = shared;
    auth_result r;
    (void)per_thread;
    auth_result_init(&r);
    int rc = auth_loader_login(p->loader, PLUGIN_NAME, p->attributes, &r);
    if (rc != AUTH_OK) {
        fprintf(stderr, "bench: login failed: %s: %s\n", auth_status_name(rc),
                r.log_message);
        return -1;
    }
    snprintf(url, size, "%s", r.redirect_url);
    auth_result_wipe(&r);  /* the ABI's rule for hosts */
    return 0;
}

static void plugin_thread_done(void *per_thread)
{
    (void)per_thread;
}

static void plugin_teardown(void *shared)
{
    plugin_shared *p = shared;
    auth_loader_destroy(p->loader);
    free(p);
}

/* ---- lookup ------------------------------------------------------------------ */

static const bench_variant variants[] = {
    {"plugin", plugin_setup, plugin_thread_init, plugin_login,
     plugin_thread_done, plugin_teardown},
    {"raw", curl_setup, raw_thread_init, raw_login, raw_thread_done,
     curl_teardown},
    {"naive", curl_setup, naive_thread_init, naive_login, naive_thread_done,
     curl_teardown},
};

const bench_variant *bench_variant_find(const char *name)
{
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
        if (strcmp(variants[i].name, name) == 0)
            return &variants[i];
    return NULL;
}
