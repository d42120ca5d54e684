/* SPDX-License-Identifier: MIT */
/*
 * host.c -- a host from outside the panelsso tree: load one plugin file
 * with one setting and log one tenant in through libauthloader.
 * usage: oot_host PLUGIN.so NAME SETTING TENANT
 * Prints the redirect URL; exit 0, or 1 with the loader's reason.
 */
#include <stdio.h>

#include <panelsso/auth_loader.h>

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: oot_host PLUGIN.so NAME SETTING TENANT\n");
        return 2;
    }
    auth_loader *loader = NULL;
    auth_result r;
    auth_result_init(&r);
    if (auth_loader_create(NULL, &loader, &r) != AUTH_OK) {
        fprintf(stderr, "oot_host: %s\n", r.log_message);
        return 1;
    }
    const char *settings[] = {argv[3], NULL};
    char tenant[256];
    snprintf(tenant, sizeof tenant, "tenant=%s", argv[4]);
    const char *attributes[] = {tenant, NULL};
    int rc = auth_loader_load_file(loader, argv[1], argv[2], settings, &r);
    if (rc == AUTH_OK) {
        auth_result_init(&r);
        rc = auth_loader_login(loader, argv[2], attributes, &r);
    }
    if (rc == AUTH_OK)
        printf("%s\n", r.redirect_url);
    else
        fprintf(stderr, "oot_host: %s: %s\n", auth_status_name(rc), r.log_message);
    auth_result_wipe(&r);
    auth_loader_destroy(loader);
    return rc == AUTH_OK ? 0 : 1;
}
