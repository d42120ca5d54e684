/* SPDX-License-Identifier: MIT */
/* session.c -- login and check (see commands.h). */
#include "commands.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "exit_codes.h"
#include "output.h"
#include "report.h"

/* A successful login: print the URL (or REGION URL, or the JSON object)
 * if every byte of it may be printed, then wipe every copy in reach. */
static int print_login(const panelctl_args *a, const panelctl_target *t, auth_result *r)
{
    char expiry[32], why[96];
    char line[AUTH_URL_MAX + AUTH_REGION_MAX + 2];
    const char *region = r->region[0] != '\0' ? r->region : "-";
    int code;
    if (r->redirect_url[0] == '\0')
        return panelctl_fail(a->json, AUTH_ERR_INTERNAL, PANELCTL_EXIT_INTERNAL, NULL,
                             "login %s: provider '%s' reported success but gave no "
                             "login URL: report this bug in the plugin", t->who,
                             t->provider);
    if (panelctl_check_word(r->redirect_url, why, sizeof why) != 0)
        return panelctl_refuse_unprintable(a->json, "login", t->who, t->provider,
                                           "a login URL", why, r);
    /* The region is printed by --with-region, and is in every JSON object. */
    if ((a->with_region || (a->json && r->region[0] != '\0')) &&
        panelctl_check_word(region, why, sizeof why) != 0)
        return panelctl_refuse_unprintable(a->json, "login", t->who, t->provider,
                                           "a region", why, r);
    panelctl_format_time(r->expires_at_ms, expiry, sizeof expiry);
    /* Region and expiry only: the URL itself is a secret. */
    panelctl_log(AUTH_LOG_INFO, "login %s: region %s answered; the URL %s%s", t->who,
                 region, r->expires_at_ms > 0 ? "expires at " : "expiry is ", expiry);
    if (a->json) {
        const panelctl_answer answer = {r, r->redirect_url, NULL};
        return panelctl_json_success(&answer);
    }
    if (a->with_region)
        snprintf(line, sizeof line, "%s %s", region, r->redirect_url);
    else
        snprintf(line, sizeof line, "%s", r->redirect_url);
    errno = 0;
    code = panelctl_print_line(line) == AUTH_OK ? PANELCTL_EXIT_OK : PANELCTL_EXIT_INTERNAL;
    {   /* the copy in `line` is as secret as the original */
        void *(*volatile erase)(void *, int, size_t) = memset;
        erase(line, 0, sizeof line);
    }
    if (code != PANELCTL_EXIT_OK) {
        panelctl_error("cannot write the login URL to standard output: %s: "
                       "check where stdout goes", strerror(errno));
        return PANELCTL_EXIT_INTERNAL;
    }
    return PANELCTL_EXIT_OK;
}

static int print_check(const panelctl_args *a, const panelctl_target *t,
                       const auth_result *r)
{
    char line[512], why[96];
    if (r->region[0] != '\0' && panelctl_check_word(r->region, why, sizeof why) != 0)
        return panelctl_refuse_unprintable(a->json, "check", t->who, t->provider,
                                           "a region", why, r);
    if (a->json) {
        const panelctl_answer answer = {r, NULL, NULL};
        return panelctl_json_success(&answer);
    }
    if (t->tenant == NULL && r->region[0] != '\0')
        snprintf(line, sizeof line, "OK: provider %s (region %s): credentials and "
                 "connection verified", t->provider, r->region);
    else if (t->tenant == NULL)
        snprintf(line, sizeof line, "OK: provider %s: credentials and connection "
                 "verified", t->provider);
    else if (r->region[0] != '\0')
        snprintf(line, sizeof line, "OK: tenant '%s' (provider %s, region %s): "
                 "credentials and connection verified", t->tenant_shown, t->provider,
                 r->region);
    else
        snprintf(line, sizeof line, "OK: tenant '%s' (provider %s): "
                 "credentials and connection verified", t->tenant_shown, t->provider);
    errno = 0;
    if (panelctl_print_line(line) != AUTH_OK)
        return panelctl_stdout_failed();
    return PANELCTL_EXIT_OK;
}

int panelctl_run_session(const panelctl_args *a, auth_loader *l, const panelctl_target *t)
{
    auth_result r;
    int st, code;
    int is_login = a->command == PANELCTL_CMD_LOGIN;
    auth_result_init(&r);
    panelctl_log(AUTH_LOG_DEBUG, "%s %s through provider '%s'", a->command_name, t->who,
                 t->provider);
    if (is_login)
        st = auth_loader_login(l, t->provider, t->attributes, &r);
    else
        st = auth_loader_check(l, t->provider, t->attributes, &r);
    if (st != AUTH_OK) {
        auth_result_wipe(&r);
        return panelctl_provider_failed(a->json, a->command_name, t->who, st, &r);
    }
    code = is_login ? print_login(a, t, &r) : print_check(a, t, &r);
    auth_result_wipe(&r);
    return code;
}
