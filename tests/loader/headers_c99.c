/* SPDX-License-Identifier: MIT */
/*
 * headers_c99.c -- auth_provider.h and auth_loader.h compile as strict C99
 * (-std=c99 -pedantic -Wall -Wextra -Werror, see CMakeLists.txt), the entry
 * macro included, and their inline helpers work.  Building this file is most
 * of the test; running it checks the helpers.
 */
#include <stdio.h>
#include <string.h>

#include <panelsso/auth_loader.h>
#include <panelsso/auth_provider.h>

static int c99_entry(uint32_t host_version, const auth_provider_ops **out_ops,
                     uint32_t *out_version, char *errbuf, size_t errbuf_size)
{
    *out_ops = NULL;
    return auth_provider_negotiate(host_version, AUTH_PROVIDER_ABI_VERSION,
                                   out_version, errbuf, errbuf_size);
}

AUTH_PROVIDER_DEFINE_ENTRY(c99_entry)

int main(void)
{
    auth_result r;
    auth_loader_config cfg;
    const auth_provider_ops *ops;
    uint32_t v = 0;
    char err[256];
    int failures = 0;

    auth_result_init(&r);
    memset(&cfg, 0, sizeof cfg);
    cfg.struct_size = sizeof cfg;
    failures += r.struct_size != sizeof r;
    failures += !AUTH_STRUCT_HAS(&r, auth_result, region);
    failures += AUTH_RESULT_MIN_SIZE > sizeof r;
    failures += strcmp(auth_status_name(AUTH_ERR_TLS), "AUTH_ERR_TLS") != 0;
    failures += strcmp(auth_status_name(99), "AUTH_ERR_UNKNOWN") != 0;
    failures += auth_provider_entry(AUTH_PROVIDER_MKVERSION(1, 4), &ops, &v, err,
                                    sizeof err) != AUTH_OK;
    failures += v != AUTH_PROVIDER_ABI_VERSION; /* a later host: ours */
    failures += auth_provider_entry(AUTH_PROVIDER_MKVERSION(1, 0), &ops, &v, err,
                                    sizeof err) != AUTH_OK;
    failures += v != AUTH_PROVIDER_MKVERSION(1, 0); /* an older host: its */
    failures += auth_provider_entry(AUTH_PROVIDER_MKVERSION(3, 0), &ops, &v, err,
                                    sizeof err) != AUTH_ERR_VERSION;
    failures += strstr(err, "major 1, host speaks major 3") == NULL;
    /* the account helpers of 1.1 */
    {
        static auth_account a;
        auth_account_init(&a);
        failures += a.struct_size != sizeof a || AUTH_ACCOUNT_MIN_SIZE > sizeof a;
        failures += strcmp(auth_account_op_name(AUTH_ACCOUNT_CATALOG), "catalog") != 0;
        failures += auth_account_op_name(AUTH_ACCOUNT_OP_COUNT) != NULL;
    }
    printf("auth_provider.h and auth_loader.h as C99: %s\n", failures ? "FAILED" : "ok");
    printf("%d passed, %d failed\n", 14 - failures, failures);
    return failures != 0;
}
