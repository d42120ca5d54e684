/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: the configuration reader (auth_config_parse) on
 * arbitrary bytes, then every accessor on what it accepted.  It must accept
 * or refuse with a one-line message, never crash or leak; a refusal leaves
 * no config; an accepted config is self-consistent. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <panelsso/auth_config.h>

static int is_one_line(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

/* A NULL-terminated vector of "key=value" with a non-empty key. */
static size_t check_vector(const char *const *v)
{
    size_t n = 0;
    if (v == NULL)
        abort();
    for (; v[n] != NULL; n++) {
        const char *eq = strchr(v[n], '=');
        if (eq == NULL || eq == v[n])
            abort();
    }
    return n;
}

static void check_providers(const auth_config *cfg)
{
    size_t i, n = auth_config_provider_count(cfg);
    auth_config_provider p, q;
    for (i = 0; i < n; i++) {
        if (auth_config_provider_get(cfg, i, &p) != AUTH_OK || p.name == NULL)
            abort();
        check_vector(p.settings);
        /* names are unique, so the look-up by name finds this entry */
        if (auth_config_provider_find(cfg, p.name, &q) != AUTH_OK ||
            q.name != p.name || q.settings != p.settings)
            abort();
        if (auth_config_settings_for((void *)cfg, p.name) != p.settings)
            abort();
    }
    if (auth_config_provider_get(cfg, n, &p) != AUTH_ERR_INVALID_REQUEST ||
        auth_config_provider_get(cfg, 0, NULL) != AUTH_ERR_INVALID_REQUEST)
        abort();
}

static void check_tenants(const auth_config *cfg)
{
    size_t i, n = auth_config_tenant_count(cfg);
    auth_config_tenant t, u;
    for (i = 0; i < n; i++) {
        size_t k, count;
        const char *last;
        if (auth_config_tenant_get(cfg, i, &t) != AUTH_OK || t.name == NULL ||
            t.provider == NULL || t.provider[0] == '\0')
            abort();
        count = check_vector(t.attributes);
        /* the vector ends with the tenant=NAME the reader adds itself */
        if (count == 0)
            abort();
        last = t.attributes[count - 1];
        if (strncmp(last, "tenant=", 7) != 0 || strcmp(last + 7, t.name) != 0)
            abort();
        /* ...and neither provider nor tenant is among the others */
        for (k = 0; k + 1 < count; k++)
            if (strncmp(t.attributes[k], "tenant=", 7) == 0 ||
                strncmp(t.attributes[k], "provider=", 9) == 0)
                abort();
        if (auth_config_tenant_find(cfg, t.name, &u) != AUTH_OK || u.name != t.name ||
            u.provider != t.provider || u.attributes != t.attributes)
            abort();
    }
    if (auth_config_tenant_get(cfg, n, &t) != AUTH_ERR_INVALID_REQUEST ||
        auth_config_tenant_find(cfg, NULL, &t) != AUTH_ERR_INVALID_REQUEST)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auth_config *cfg = (auth_config *)&cfg; /* must be reset to NULL on refusal */
    auth_result r;
    int rc;
    auth_result_init(&r);
    /* the bytes as they come: not NUL-terminated */
    rc = auth_config_parse((const char *)data, size, "fuzz.json", &cfg, &r);
    if (rc != r.status)
        abort();
    if (rc == AUTH_OK) {
        const char *dir = auth_config_plugin_dir(cfg);
        if (cfg == NULL || r.log_message[0] != '\0')
            abort();
        if (dir != NULL)
            (void)strlen(dir);
        check_providers(cfg);
        check_tenants(cfg);
    } else {
        if (rc != AUTH_ERR_CONFIG && rc != AUTH_ERR_INTERNAL)
            abort();
        if (cfg != NULL)
            abort(); /* a refusal leaves no config */
        if (r.log_message[0] == '\0' || !is_one_line(r.log_message))
            abort(); /* a refusal says why, on one line */
        if (strncmp(r.log_message, "config file fuzz.json", 21) != 0 &&
            strncmp(r.log_message, "out of memory", 13) != 0)
            abort(); /* and names its origin */
    }
    auth_config_free(cfg);
    auth_config_free(NULL);
    return 0;
}
