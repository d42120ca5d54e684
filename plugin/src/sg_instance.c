/* Creating and destroying an instance: settings, keys, headers, pool. */
#include "sg_instance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sg_secret.h"

/* The request headers for one region, with the key baked in once. */
static struct curl_slist *build_headers(const char *key)
{
    static const char prefix[] = "Authorization: Bearer ";
    size_t n = sizeof prefix + strlen(key);
    char *auth = malloc(n);
    if (auth == NULL)
        return NULL;
    snprintf(auth, n, "%s%s", prefix, key);
    struct curl_slist *list = curl_slist_append(NULL, auth);
    sg_secure_zero(auth, n);
    free(auth);
    const char *const rest[] = {
        "Accept: application/json",
        "Content-Type:", /* the POST has no body: drop curl's form type */
        "Expect:",
    };
    for (size_t i = 0; list != NULL && i < sizeof rest / sizeof rest[0]; i++) {
        struct curl_slist *next = curl_slist_append(list, rest[i]);
        if (next == NULL) {
            sg_secure_zero(list->data, strlen(list->data));
            curl_slist_free_all(list);
            return NULL;
        }
        list = next;
    }
    return list;
}

static void free_headers(struct curl_slist *list)
{
    for (struct curl_slist *l = list; l != NULL; l = l->next)
        sg_secure_zero(l->data, strlen(l->data));
    curl_slist_free_all(list);
}

void sg_instance_teardown(struct auth_instance *inst)
{
    if (inst == NULL)
        return;
    sg_pool_destroy(inst->pool);
    for (int r = 0; r < SG_REGION_COUNT; r++) {
        free_headers(inst->headers[r]);
        /* The EU slot may alias the global key. */
        if (r == SG_REGION_EU && inst->key[r] == inst->key[SG_REGION_GLOBAL])
            continue;
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
        inst->headers[r] = build_headers(inst->key[r]);
        if (inst->headers[r] == NULL)
            return fail(inst, AUTH_ERR_INTERNAL, "out of memory", result);
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
