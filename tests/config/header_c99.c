/* SPDX-License-Identifier: MIT */
/* header_c99.c -- panelsso/auth_config.h compiles as strict C99 on its own
 * (first include), and its functions link and answer as documented. */
#include <panelsso/auth_config.h>

#include <panelsso/auth_loader.h>
#include <stdio.h>

int main(void)
{
    static const char text[] = "{ \"providers\": { \"p\": { \"k\": 1 } } }";
    auth_config *cfg = NULL;
    auth_result r;
    auth_config_provider p;
    auth_loader_settings_fn fn = auth_config_settings_for;
    int failures = 0;
    auth_result_init(&r);
    failures += auth_config_parse(text, sizeof text - 1, "c99", &cfg, &r) != AUTH_OK;
    failures += auth_config_provider_get(cfg, 0, &p) != AUTH_OK;
    failures += fn(cfg, "p") != p.settings;
    failures += auth_config_tenant_count(cfg) != 0;
    auth_config_free(cfg);
    printf("auth_config.h as C99: %s\n", failures ? "FAILED" : "ok");
    printf("%d passed, %d failed\n", 4 - failures, failures);
    return failures != 0;
}
