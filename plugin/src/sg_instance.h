/* SPDX-License-Identifier: MIT */
/* The provider instance: everything one init created, nothing global. */
#ifndef SG_INSTANCE_H
#define SG_INSTANCE_H

#include <curl/curl.h>

#include <panelsso/auth_provider.h>
#include "sg_http.h"
#include "sg_settings.h"
#include "sg_log.h"

#ifndef SENDGRID_PLUGIN_VERSION
#define SENDGRID_PLUGIN_VERSION "0.0.0"
#endif

/* The request header lists an instance prebuilds per region, each with
 * the Authorization line. */
enum sg_header_set {
    SG_HEADERS_NO_BODY,          /* login, check, reads, delete */
    SG_HEADERS_JSON,             /* a JSON body: Content-Type set */
    SG_HEADERS_JSON_TEST_ACCOUNT,/* and T-Test-Account: true (creating a test
                                    account) */
    SG_HEADER_SET_COUNT
};

struct auth_instance {
    auth_host_api host;          /* min-size copy of the host's table */
    sg_settings settings;
    /* Per region: the key (NUL-terminated, for redaction) and the prebuilt
     * request headers carrying it, both in secure memory (sg_secure_mem.h);
     * the EU slots alias the global ones when no EU key is configured.
     * curl only reads these lists, so threads share them. */
    char *key[SG_REGION_COUNT];
    struct curl_slist *headers[SG_HEADER_SET_COUNT][SG_REGION_COUNT];
    sg_pool *pool;
    int curl_initialized;
};

int sg_instance_init(const auth_host_api *host, const char *const *settings,
                     struct auth_instance **out, auth_result *result);
void sg_instance_teardown(struct auth_instance *inst);

int sg_login(struct auth_instance *inst, const char *const *attributes,
             auth_result *result);
int sg_check(struct auth_instance *inst, const char *const *attributes,
             auth_result *result);

/* The account operations (sg_account.c), as auth_account_fn. */
int sg_account_create(struct auth_instance *inst, const char *const *attributes,
                      const auth_account_request *request, auth_result *result,
                      auth_account *account);
int sg_account_state(struct auth_instance *inst, const char *const *attributes,
                     const auth_account_request *request, auth_result *result,
                     auth_account *account);
int sg_account_suspend(struct auth_instance *inst, const char *const *attributes,
                       const auth_account_request *request, auth_result *result,
                       auth_account *account);
int sg_account_unsuspend(struct auth_instance *inst, const char *const *attributes,
                         const auth_account_request *request, auth_result *result,
                         auth_account *account);
int sg_account_offerings(struct auth_instance *inst, const char *const *attributes,
                         const auth_account_request *request, auth_result *result,
                         auth_account *account);
int sg_account_set_offerings(struct auth_instance *inst,
                             const char *const *attributes,
                             const auth_account_request *request,
                             auth_result *result, auth_account *account);
int sg_account_delete(struct auth_instance *inst, const char *const *attributes,
                      const auth_account_request *request, auth_result *result,
                      auth_account *account);
int sg_account_catalog(struct auth_instance *inst, const char *const *attributes,
                       const auth_account_request *request, auth_result *result,
                       auth_account *account);

#endif
