/* libFuzzer harness: panelctl's configuration file reader on arbitrary
 * bytes, read through the same path-based entry point panelctl uses (the
 * bytes go into an in-memory file, reached as /proc/self/fd/N).  It must
 * accept or refuse with a message, never crash or leak; a refusal leaves
 * the config empty; an accepted config is self-consistent. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <panelsso/auth_provider.h>
#include "config.h"

static int memfd = -1;
static char path[64];

/* One in-memory file for the whole run: no disk writes per input. */
static void open_memfd(void)
{
    memfd = memfd_create("panelctl-config", MFD_CLOEXEC);
    if (memfd < 0)
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
}

static void check_accepted(const panelctl_config *cfg)
{
    for (size_t i = 0; i < cfg->provider_count; i++) {
        const panelctl_provider *p = &cfg->providers[i];
        if (p->name == NULL || p->settings == NULL ||
            panelctl_config_provider(cfg, p->name) == NULL)
            abort();
        for (char **kv = p->settings; *kv != NULL; kv++)
            if (strchr(*kv, '=') == NULL || **kv == '=')
                abort(); /* every setting is a non-empty KEY=VALUE */
    }
    for (size_t i = 0; i < cfg->tenant_count; i++) {
        const panelctl_tenant *t = &cfg->tenants[i];
        if (t->name == NULL || t->provider == NULL || t->provider[0] == '\0' ||
            t->attributes == NULL || panelctl_config_tenant(cfg, t->name) == NULL)
            abort();
        size_t n = 0;
        while (t->attributes[n] != NULL)
            n++;
        /* The vector ends with the tenant=NAME panelctl adds itself. */
        if (n == 0 || strncmp(t->attributes[n - 1], "tenant=", 7) != 0 ||
            strcmp(t->attributes[n - 1] + 7, t->name) != 0)
            abort();
    }
    char names[16];
    memset(names, 'x', sizeof names);
    panelctl_config_tenant_names(cfg, names, sizeof names);
    if (memchr(names, '\0', sizeof names) == NULL)
        abort(); /* truncated to fit, always terminated */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memfd < 0)
        open_memfd();
    if (ftruncate(memfd, 0) != 0 ||
        (size > 0 && pwrite(memfd, data, size, 0) != (ssize_t)size))
        abort();
    panelctl_config cfg;
    char err[1024];
    err[0] = '\0';
    int rc = panelctl_config_load(path, &cfg, err, sizeof err);
    if (rc == AUTH_OK) {
        check_accepted(&cfg);
    } else {
        if (rc != AUTH_ERR_CONFIG && rc != AUTH_ERR_INTERNAL)
            abort();
        if (err[0] == '\0')
            abort(); /* a refusal always says why */
        if (cfg.plugin_dir != NULL || cfg.providers != NULL || cfg.provider_count != 0 ||
            cfg.tenants != NULL || cfg.tenant_count != 0)
            abort(); /* on failure *cfg is left empty */
    }
    panelctl_config_free(&cfg);
    panelctl_config_free(&cfg); /* documented as idempotent */
    return 0;
}
