/* SPDX-License-Identifier: MIT */
/* account.c -- the account verbs and catalog (see commands.h). */
#include "commands.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit_codes.h"
#include "output.h"
#include "report.h"

/* 'account create' makes the account and the provider names it: a target
 * that already names one is a mistake of the caller's, refused before
 * anything is sent.  -1 to go on, or the exit code. */
static int refuse_known_account(const panelctl_args *a, const panelctl_target *t)
{
    const char *id = panelctl_target_attr(t, "account_id");
    if (id == NULL || id[0] == '\0')
        return -1;
    if (t->tenant != NULL)
        return panelctl_fail(a->json, AUTH_ERR_INVALID_REQUEST, PANELCTL_EXIT_USAGE, NULL,
                             "tenant '%s' already has an account_id in %s, and 'account "
                             "create' makes a new account whose id the provider "
                             "assigns: use a tenant without account_id, then store the "
                             "id panelctl prints in it (the panel must keep it: it is "
                             "the only way to reach the account)", t->tenant_shown,
                             a->config_path);
    return panelctl_fail(a->json, AUTH_ERR_INVALID_REQUEST, PANELCTL_EXIT_USAGE, NULL,
                         "'account create' takes no --attr account_id: the provider "
                         "assigns the new account's id, which panelctl prints: leave it "
                         "out, and store the printed id (the panel must keep it)");
}

/* The profile as "key=value" strings, NULL-terminated, in *out.  0, or -1
 * when out of memory. */
static int build_profile(const panelctl_args *a, char *out[PANELCTL_PROFILE_COUNT + 1])
{
    size_t n = 0;
    for (int f = 0; f < PANELCTL_PROFILE_COUNT; f++) {
        if (a->profile[f] == NULL)
            continue;
        if (asprintf(&out[n], "%s=%s", panelctl_profile_key(f), a->profile[f]) < 0) {
            out[n] = NULL;
            return -1;
        }
        n++;
    }
    out[n] = NULL;
    return 0;
}

static void free_profile(char *profile[PANELCTL_PROFILE_COUNT + 1])
{
    for (size_t i = 0; profile[i] != NULL; i++)
        free(profile[i]);
    profile[0] = NULL;
}

/* The offerings of an answer as "TYPE NAME QUANTITY" lines, into buf;
 * -1 with `field` and `why` naming what may not be printed. */
static int offering_lines(const auth_account *acct, char *buf, size_t size,
                          char *field, size_t field_size, char *why, unsigned why_size)
{
    size_t used = 0;
    uint32_t n = acct->offering_count < AUTH_OFFERINGS_MAX ? acct->offering_count
                                                            : AUTH_OFFERINGS_MAX;
    buf[0] = '\0';
    for (uint32_t i = 0; i < n; i++) {
        const auth_offering *o = &acct->offerings[i];
        char name[AUTH_OFFERING_NAME_MAX], type[AUTH_OFFERING_TYPE_MAX];
        /* Terminated here whatever the plugin wrote. */
        snprintf(name, sizeof name, "%.*s", (int)sizeof name - 1, o->name);
        snprintf(type, sizeof type, "%.*s", (int)sizeof type - 1, o->type);
        if (panelctl_check_word(type, why, why_size) != 0 || type[0] == '\0') {
            snprintf(field, field_size, "offering #%u's type", i + 1);
            if (type[0] == '\0')
                snprintf(why, why_size, "nothing");
            return -1;
        }
        if (panelctl_check_name(name, why, why_size) != 0 || name[0] == '\0') {
            snprintf(field, field_size, "offering #%u's name", i + 1);
            if (name[0] == '\0')
                snprintf(why, why_size, "nothing");
            return -1;
        }
        int w = snprintf(buf + used, size - used, "%s%s %s %lu", used ? "\n" : "", type,
                         name, (unsigned long)o->quantity);
        if (w < 0 || (size_t)w >= size - used)
            break;
        used += (size_t)w;
    }
    return 0;
}

static int print_text(const char *text)
{
    errno = 0;
    if (text[0] != '\0' && panelctl_print_line(text) != AUTH_OK)
        return panelctl_stdout_failed();
    return PANELCTL_EXIT_OK;
}

/* A successful operation: check what will be printed, then print it. */
static int print_answer(const panelctl_args *a, const panelctl_target *t,
                        const auth_result *r, auth_account *acct)
{
    const char *cmd = a->command_name;
    char why[96], field[64];
    char lines[AUTH_OFFERINGS_MAX * (AUTH_OFFERING_NAME_MAX + AUTH_OFFERING_TYPE_MAX + 16)];
    const panelctl_answer answer = {r, NULL, acct};
    const char *text = "";
    int op = a->account_op;
    acct->account_id[sizeof acct->account_id - 1] = '\0';
    acct->state[sizeof acct->state - 1] = '\0';
    if (a->json && r->region[0] != '\0' && panelctl_check_word(r->region, why, sizeof why) != 0)
        return panelctl_refuse_unprintable(a->json, cmd, t->who, t->provider, "a region",
                                           why, r);
    switch (op) {
    case AUTH_ACCOUNT_CREATE:
        /* The account exists, but without its id nobody can reach it: as
         * good as an unknown outcome for whoever must not create it twice. */
        if (acct->account_id[0] == '\0' ||
            panelctl_check_word(acct->account_id, why, sizeof why) != 0) {
            const panelctl_answer unknown = {r, NULL, NULL};
            return panelctl_fail(a->json, AUTH_ERR_OUTCOME_UNKNOWN,
                                 PANELCTL_EXIT_OUTCOME_UNKNOWN, &unknown,
                                 "%s %s: provider '%s' reported the account created but "
                                 "%s%s: the account may exist with an id panelctl cannot "
                                 "print: look it up at the provider before creating it "
                                 "again, and report this bug in the plugin", cmd, t->who,
                                 t->provider, acct->account_id[0] == '\0'
                                     ? "gave no account id" : "returned an account id holding ",
                                 acct->account_id[0] == '\0' ? "" : why);
        }
        panelctl_log(AUTH_LOG_INFO, "%s %s: the provider created account %s", cmd, t->who,
                     acct->account_id);
        text = acct->account_id;
        break;
    case AUTH_ACCOUNT_STATE:
    case AUTH_ACCOUNT_SUSPEND:
    case AUTH_ACCOUNT_UNSUSPEND:
        if (op == AUTH_ACCOUNT_STATE && acct->state[0] == '\0')
            return panelctl_fail_status(a->json, AUTH_ERR_PROTOCOL, &answer,
                                        "%s %s failed (%s): provider '%s' reported success "
                                        "but gave no state: report this bug in the plugin",
                                        cmd, t->who, auth_status_name(AUTH_ERR_PROTOCOL),
                                        t->provider);
        if (acct->state[0] != '\0' &&
            panelctl_check_word(acct->state, why, sizeof why) != 0)
            return panelctl_refuse_unprintable(a->json, cmd, t->who, t->provider,
                                               "a state", why, r);
        if (op == AUTH_ACCOUNT_STATE)
            text = acct->state;
        break;
    case AUTH_ACCOUNT_OFFERINGS:
    case AUTH_ACCOUNT_SET_OFFERINGS:
    case AUTH_ACCOUNT_CATALOG:
        if (offering_lines(acct, lines, sizeof lines, field, sizeof field, why,
                           sizeof why) != 0)
            return panelctl_refuse_unprintable(a->json, cmd, t->who, t->provider, field,
                                               why, r);
        if (acct->offering_total > acct->offering_count)
            panelctl_error("%s %s: provider '%s' listed %lu offerings, of which only the "
                           "first %lu fit panelctl's answer: see the others in the "
                           "provider's console", cmd, t->who, t->provider,
                           (unsigned long)acct->offering_total,
                           (unsigned long)acct->offering_count);
        text = lines;
        break;
    default:
        break;
    }
    if (a->json)
        return panelctl_json_success(&answer);
    return print_text(text);
}

int panelctl_run_account(const panelctl_args *a, auth_loader *l, const panelctl_target *t)
{
    int op = a->account_op, code;
    char *profile[PANELCTL_PROFILE_COUNT + 1] = {NULL};
    auth_account_request request;
    auth_result r;
    auth_account acct;
    if (op == AUTH_ACCOUNT_CREATE && (code = refuse_known_account(a, t)) >= 0)
        return code;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    if (op == AUTH_ACCOUNT_CREATE && build_profile(a, profile) != 0) {
        free_profile(profile);
        return panelctl_fail(a->json, AUTH_ERR_INTERNAL, PANELCTL_EXIT_INTERNAL, NULL,
                             "out of memory building the profile: free some memory and "
                             "retry");
    }
    request.profile = (const char *const *)profile;
    request.offerings = a->offerings;
    request.offering_count = a->offering_count;
    request.test_account = a->test_account;
    auth_result_init(&r);
    auth_account_init(&acct);
    panelctl_log(AUTH_LOG_DEBUG, "%s %s through provider '%s'", a->command_name, t->who,
                 t->provider);
    int takes_request = op == AUTH_ACCOUNT_CREATE || op == AUTH_ACCOUNT_SET_OFFERINGS;
    int st = auth_loader_account(l, t->provider, op, t->attributes,
                                 takes_request ? &request : NULL, &r, &acct);
    free_profile(profile);
    if (st != AUTH_OK)
        return panelctl_provider_failed(a->json, a->command_name, t->who, st, &r);
    return print_answer(a, t, &r, &acct);
}
