/* SPDX-License-Identifier: MIT */
/* Creating and destroying an instance: settings, keys, headers, pool. */
#include "sg_instance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_secret.h"

/* The lines after Authorization, per header set. */
static const char *const set_lines[SG_HEADER_SET_COUNT][4] = {
    [SG_HEADERS_NO_BODY] = {"Accept: application/json",
                            "Content-Type:", /* no body: drop curl's form type */
                            "Expect:", NULL},
    [SG_HEADERS_JSON] = {"Accept: application/json",
                         "Content-Type: application/json", "Expect:", NULL},
    [SG_HEADERS_JSON_TEST_ACCOUNT] = {"Accept: application/json",
                                      "Content-Type: application/json",
                                      "Expect:", "T-Test-Account: true"},
};

/* The request headers for one key, the key baked in once.  List nodes and
 * text live in one block of secure memory (sg_secure_mem.h) that the
 * instance owns: CURLOPT_HTTPHEADER only reads a list, so libcurl never
 * frees it, and the Authorization line never sits in the malloc heap.
 * "Expect:" keeps libcurl from waiting for a 100 Continue before a body. */
static struct curl_slist *build_headers(const char *key, enum sg_header_set set)
{
    static const char auth[] = "Authorization: Bearer ";
    const char *const *rest = set_lines[set];
    size_t nodes = 1;
    while (nodes - 1 < 4 && rest[nodes - 1] != NULL)
        nodes++;
    size_t key_len = strlen(key);
    size_t size = nodes * sizeof(struct curl_slist) + sizeof auth + key_len;
    for (size_t i = 0; i < nodes - 1; i++)
        size += strlen(rest[i]) + 1;
    struct curl_slist *node = sg_secure_alloc(size);
    if (node == NULL)
        return NULL;
    char *text = (char *)(node + nodes);
    node[0].data = text;
    memcpy(text, auth, sizeof auth - 1);
    memcpy(text + sizeof auth - 1, key, key_len + 1);
    text += sizeof auth + key_len;
    for (size_t i = 1; i < nodes; i++) {
        node[i - 1].next = &node[i];
        node[i].data = text;
        size_t n = strlen(rest[i - 1]) + 1;
        memcpy(text, rest[i - 1], n);
        text += n;
    }
    node[nodes - 1].next = NULL;
    return node;
}

void sg_instance_teardown(struct auth_instance *inst)
{
    if (inst == NULL)
        return;
    /* The handles go first: they point at the header lists. */
    sg_pool_destroy(inst->pool);
    for (int r = 0; r < SG_REGION_COUNT; r++) {
        /* The EU slots may alias the global key and its headers. */
        if (r == SG_REGION_EU && inst->key[r] == inst->key[SG_REGION_GLOBAL])
            continue;
        for (int h = 0; h < SG_HEADER_SET_COUNT; h++)
            sg_secure_free(inst->headers[h][r]);
        sg_secret_free(inst->key[r]);
    }
    sg_settings_free(&inst->settings);
    if (inst->curl_initialized)
        curl_global_cleanup();
    sg_secure_zero(inst, sizeof *inst);
    free(inst);
}

static int fail(struct auth_instance *inst, int status, const char *why,
                auth_result *result)
{
    sg_log(inst, AUTH_LOG_ERROR, "sendgrid: init failed: %s", why);
    if (result != NULL && result->struct_size >= AUTH_RESULT_MIN_SIZE) {
        auth_result full;
        auth_result_init(&full);
        full.status = status;
        snprintf(full.log_message, sizeof full.log_message, "%s", why);
        snprintf(full.user_message, sizeof full.user_message,
                 "SendGrid login is not configured correctly. Please contact "
                 "support.");
        auth_result_deliver(result, &full);
    }
    sg_instance_teardown(inst);
    return status;
}

int sg_instance_init(const auth_host_api *host, const char *const *settings,
                     struct auth_instance **out, auth_result *result)
{
    *out = NULL;
    char err[AUTH_MESSAGE_MAX];
    struct auth_instance *inst = calloc(1, sizeof *inst);
    if (inst == NULL)
        return fail(NULL, AUTH_ERR_INTERNAL, "out of memory", result);
    if (host != NULL && host->struct_size >= AUTH_HOST_API_MIN_SIZE) {
        size_t n = host->struct_size < sizeof inst->host ? host->struct_size
                                                        : sizeof inst->host;
        memcpy(&inst->host, host, n);
    }
    inst->host.struct_size = sizeof inst->host;
    if (result != NULL && result->struct_size < AUTH_RESULT_MIN_SIZE)
        return fail(inst, AUTH_ERR_VERSION,
                    "the host's auth_result is smaller than ABI 1.0's", NULL);

    /* Reference-counted and thread-safe in libcurl >= 7.84 built with
     * CURL_VERSION_THREADSAFE (Debian's is); balanced in teardown. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return fail(inst, AUTH_ERR_INTERNAL, "libcurl failed to initialize",
                    result);
    inst->curl_initialized = 1;
    if (!(curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_THREADSAFE))
        sg_log(inst, AUTH_LOG_WARNING, "sendgrid: this libcurl's global init is "
               "not thread-safe: initialize instances from one thread only");

    int rc = sg_settings_parse(settings, &inst->settings, err, sizeof err);
    if (rc != AUTH_OK)
        return fail(inst, rc, err, result);
    const sg_settings *s = &inst->settings;
    rc = sg_secret_load(s->api_key_file, s->api_key_env,
                        s->api_key_file ? "api_key_file" : "api_key_env",
                        &inst->key[SG_REGION_GLOBAL], err, sizeof err);
    if (rc != AUTH_OK)
        return fail(inst, rc, err, result);
    if (s->eu_api_key_file != NULL || s->eu_api_key_env != NULL) {
        rc = sg_secret_load(s->eu_api_key_file, s->eu_api_key_env,
                            s->eu_api_key_file ? "eu_api_key_file"
                                               : "eu_api_key_env",
                            &inst->key[SG_REGION_EU], err, sizeof err);
        if (rc != AUTH_OK)
            return fail(inst, rc, err, result);
    } else {
        inst->key[SG_REGION_EU] = inst->key[SG_REGION_GLOBAL];
    }
    for (int r = 0; r < SG_REGION_COUNT; r++) {
        for (int h = 0; h < SG_HEADER_SET_COUNT; h++) {
            if (r == SG_REGION_EU && inst->key[r] == inst->key[SG_REGION_GLOBAL]) {
                inst->headers[h][r] = inst->headers[h][SG_REGION_GLOBAL];
                continue;
            }
            inst->headers[h][r] = build_headers(inst->key[r], (enum sg_header_set)h);
            if (inst->headers[h][r] == NULL)
                return fail(inst, AUTH_ERR_INTERNAL, "out of memory", result);
        }
    }
    if (sg_pool_create(s, "panelsso-sendgrid/" SENDGRID_PLUGIN_VERSION,
                       &inst->pool) != AUTH_OK)
        return fail(inst, AUTH_ERR_INTERNAL, "out of memory", result);

    sg_log(inst, AUTH_LOG_INFO, "sendgrid: ready (global %s, eu %s, timeout "
           "%ld ms, %ld retr%s)", s->base_url[SG_REGION_GLOBAL],
           s->base_url[SG_REGION_EU], s->timeout_ms, s->max_retries,
           s->max_retries == 1 ? "y" : "ies");
    *out = inst;
    if (result != NULL) {
        auth_result full;
        auth_result_init(&full);
        auth_result_deliver(result, &full);
    }
    return AUTH_OK;
}
