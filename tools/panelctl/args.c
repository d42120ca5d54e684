/* SPDX-License-Identifier: MIT */
/* args.c -- panelctl's command line (see args.h). */
#include "args.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

#ifndef PANELCTL_DEFAULT_CONFIG
#define PANELCTL_DEFAULT_CONFIG "/etc/panelsso/panelsso.json"
#endif

#define HINT "run 'panelctl --help' for usage"

static const struct {
    const char *option;     /* without the leading "--" */
    const char *key;        /* the provider's profile key */
} profile_fields[PANELCTL_PROFILE_COUNT] = {
    [PANELCTL_PROFILE_FIRST_NAME] = {"first-name", "first_name"},
    [PANELCTL_PROFILE_LAST_NAME] = {"last-name", "last_name"},
    [PANELCTL_PROFILE_COMPANY] = {"company", "company_name"},
    [PANELCTL_PROFILE_WEBSITE] = {"website", "company_website"},
    [PANELCTL_PROFILE_EMAIL] = {"email", "email"},
    [PANELCTL_PROFILE_PHONE] = {"phone", "phone"},
    [PANELCTL_PROFILE_TIMEZONE] = {"timezone", "timezone"},
};

const char *panelctl_profile_key(int field)
{
    return field >= 0 && field < PANELCTL_PROFILE_COUNT ? profile_fields[field].key
                                                         : NULL;
}

/* The account verbs as typed after "account". */
static const struct {
    const char *word;
    int op;
} account_verbs[] = {
    {"create", AUTH_ACCOUNT_CREATE},       {"state", AUTH_ACCOUNT_STATE},
    {"suspend", AUTH_ACCOUNT_SUSPEND},     {"unsuspend", AUTH_ACCOUNT_UNSUSPEND},
    {"offerings", AUTH_ACCOUNT_OFFERINGS}, {"set-offerings", AUTH_ACCOUNT_SET_OFFERINGS},
    {"delete", AUTH_ACCOUNT_DELETE},
};
#define ACCOUNT_VERB_LIST "create, state, suspend, unsuspend, offerings, set-offerings or delete"

/* Only the first refusal is kept: it is the one the user meets first. */
static int refuse(panelctl_args *a, const char *fmt, ...) AUTH_PROVIDER_PRINTF(2, 3);
static int refuse(panelctl_args *a, const char *fmt, ...)
{
    va_list ap;
    if (a->error[0] != '\0')
        return -1;
    va_start(ap, fmt);
    vsnprintf(a->error, sizeof a->error, fmt, ap);
    va_end(ap);
    return -1;
}

/* Text from the command line as a message may quote it: printable ASCII,
 * at most 64 characters. */
static const char *shown(char *buf, size_t size, const char *text)
{
    panelctl_printable(buf, size < 68 ? size : 68, text);
    return buf;
}

static int add_offering(panelctl_args *a, const char *option, const char *name,
                        size_t name_len, const char *type, uint32_t quantity)
{
    char b[80];
    char copy[AUTH_OFFERING_NAME_MAX];
    if (name_len == 0)
        return refuse(a, "%s needs an offering name: %s", option, HINT);
    if (name_len >= AUTH_OFFERING_NAME_MAX) {
        snprintf(copy, sizeof copy, "%.*s", (int)(sizeof copy - 1), name);
        return refuse(a, "%s '%s...' is longer than %d bytes, which no offering name "
                      "is: check the name (panelctl catalog TENANT lists them)",
                      option, shown(b, sizeof b, copy), AUTH_OFFERING_NAME_MAX - 1);
    }
    if (a->offering_count >= AUTH_OFFERINGS_MAX)
        return refuse(a, "more than %d offerings given: an account holds at most %d",
                      AUTH_OFFERINGS_MAX, AUTH_OFFERINGS_MAX);
    auth_offering *o = &a->offerings[a->offering_count++];
    memcpy(o->name, name, name_len);
    o->name[name_len] = '\0';
    snprintf(o->type, sizeof o->type, "%s", type);
    o->quantity = quantity;
    return 0;
}

/* --addon NAME[=QTY]: the quantity after the last '=', 1 if none. */
static int parse_addon(panelctl_args *a, const char *arg)
{
    char b[80];
    const char *eq = strrchr(arg, '=');
    unsigned long long qty = 1;
    if (eq != NULL) {
        const char *digits = eq + 1;
        char *end = NULL;
        size_t n = strspn(digits, "0123456789");
        errno = 0;
        if (n > 0 && digits[n] == '\0')
            qty = strtoull(digits, &end, 10);
        if (n == 0 || digits[n] != '\0' || errno != 0 || qty < 1 || qty > UINT32_MAX)
            return refuse(a, "--addon '%s': the quantity after '=' must be a whole number "
                          "from 1 to %lu: give NAME or NAME=QTY (%s)",
                          shown(b, sizeof b, arg), (unsigned long)UINT32_MAX, HINT);
    }
    return add_offering(a, "--addon", arg, eq != NULL ? (size_t)(eq - arg) : strlen(arg),
                        "addon", (uint32_t)qty);
}

static int parse_attr(panelctl_args *a, const char *arg)
{
    char b[80];
    const char *eq = strchr(arg, '=');
    if (eq == NULL)
        return refuse(a, "--attr '%s' is not KEY=VALUE: give each attribute as "
                      "KEY=VALUE (%s)", shown(b, sizeof b, arg), HINT);
    size_t klen = (size_t)(eq - arg);
    if (klen == 0)
        return refuse(a, "--attr '%s' has an empty key: give each attribute as "
                      "KEY=VALUE (%s)", shown(b, sizeof b, arg), HINT);
    char key[80];
    snprintf(key, sizeof key, "%.*s", klen < 79 ? (int)klen : 79, arg);
    if (klen == 6 && strncmp(arg, "tenant", 6) == 0)
        return refuse(a, "--attr key 'tenant' is reserved (panelctl adds tenant=NAME "
                      "for the tenants of the configuration file only): leave it out");
    for (size_t i = 0; i < a->attr_count; i++)
        if (strncmp(a->attrs[i], arg, klen + 1) == 0)
            return refuse(a, "--attr key '%s' is given twice: give each key once",
                          shown(b, sizeof b, key));
    a->attrs[a->attr_count++] = arg;
    a->attrs[a->attr_count] = NULL;
    return 0;
}

static int parse_profile(panelctl_args *a, int field, const char *arg)
{
    const char *option = profile_fields[field].option;
    if (a->profile[field] != NULL)
        return refuse(a, "--%s is given twice: give it once", option);
    if (*arg == '\0')
        return refuse(a, "--%s is empty: give a value or leave the option out", option);
    a->profile[field] = arg;
    return 0;
}

/* The command and its TENANT, from the words left after the options. */
static int parse_words(panelctl_args *a, int argc, char **argv, int i)
{
    char b[80];
    if (i >= argc)
        return refuse(a, "no command given: %s", HINT);
    const char *cmd = argv[i++];
    if (strcmp(cmd, "plugins") == 0) {
        a->command = PANELCTL_CMD_PLUGINS;
        snprintf(a->command_name, sizeof a->command_name, "plugins");
        if (i != argc)
            return refuse(a, "'plugins' takes no arguments, got '%s': %s",
                          shown(b, sizeof b, argv[i]), HINT);
        return 0;
    }
    if (strcmp(cmd, "login") == 0 || strcmp(cmd, "check") == 0) {
        a->command = cmd[0] == 'l' ? PANELCTL_CMD_LOGIN : PANELCTL_CMD_CHECK;
        snprintf(a->command_name, sizeof a->command_name, "%s", cmd);
    } else if (strcmp(cmd, "catalog") == 0) {
        a->command = PANELCTL_CMD_ACCOUNT;
        a->account_op = AUTH_ACCOUNT_CATALOG;
        snprintf(a->command_name, sizeof a->command_name, "catalog");
    } else if (strcmp(cmd, "account") == 0) {
        if (i >= argc)
            return refuse(a, "'account' needs an operation: " ACCOUNT_VERB_LIST " (%s)",
                          HINT);
        const char *verb = argv[i++];
        for (size_t k = 0; k < sizeof account_verbs / sizeof account_verbs[0]; k++)
            if (strcmp(verb, account_verbs[k].word) == 0)
                a->account_op = account_verbs[k].op;
        if (a->account_op < 0)
            return refuse(a, "unknown account operation '%s': use " ACCOUNT_VERB_LIST
                          " (%s)", shown(b, sizeof b, verb), HINT);
        a->command = PANELCTL_CMD_ACCOUNT;
        snprintf(a->command_name, sizeof a->command_name, "account %s", verb);
    } else {
        return refuse(a, "unknown command '%s': use login, check, account, catalog or "
                      "plugins (%s)", shown(b, sizeof b, cmd), HINT);
    }
    if (a->provider != NULL) {
        if (i != argc)
            return refuse(a, "'%s' takes a TENANT or --provider NAME, not both "
                          "(got also '%s'): %s", a->command_name,
                          shown(b, sizeof b, argv[i]), HINT);
        return 0;
    }
    if (i >= argc)
        return refuse(a, "'%s' needs a TENANT (or --provider NAME with --attr "
                      "KEY=VALUE pairs): %s", a->command_name, HINT);
    a->tenant = argv[i++];
    if (i != argc)
        return refuse(a, "'%s' takes one TENANT, got also '%s': %s", a->command_name,
                      shown(b, sizeof b, argv[i]), HINT);
    return 0;
}

/* Options that the command does not take. */
static int check_applicable(panelctl_args *a, int seen_addon)
{
    int op = a->command == PANELCTL_CMD_ACCOUNT ? a->account_op : -1;
    int takes_offerings = op == AUTH_ACCOUNT_CREATE || op == AUTH_ACCOUNT_SET_OFFERINGS;
    if (a->with_region && a->command != PANELCTL_CMD_LOGIN)
        return refuse(a, "--with-region only applies to 'login': %s", HINT);
    if (a->command == PANELCTL_CMD_PLUGINS && a->provider != NULL)
        return refuse(a, "--provider does not apply to 'plugins': %s", HINT);
    if (a->attr_count > 0 && a->provider == NULL)
        return refuse(a, "--attr needs --provider NAME (a tenant of the configuration "
                      "file brings its own attributes): %s", HINT);
    if ((a->has_package || seen_addon) && !takes_offerings)
        return refuse(a, "--%s only applies to 'account create' and 'account "
                      "set-offerings': %s", a->has_package ? "package" : "addon", HINT);
    for (int f = 0; f < PANELCTL_PROFILE_COUNT; f++)
        if (a->profile[f] != NULL && op != AUTH_ACCOUNT_CREATE)
            return refuse(a, "--%s only applies to 'account create': %s",
                          profile_fields[f].option, HINT);
    if (a->test_account && op != AUTH_ACCOUNT_CREATE)
        return refuse(a, "--test-account only applies to 'account create': %s", HINT);
    if (takes_offerings && !a->has_package)
        return refuse(a, "'%s' needs --package NAME (the plan the account gets; "
                      "'panelctl catalog' lists them): %s", a->command_name, HINT);
    return 0;
}

int panelctl_args_parse(int argc, char **argv, panelctl_args *a)
{
    enum {
        OPT_PLUGIN_DIR = 256, OPT_WITH_REGION, OPT_JSON, OPT_PROVIDER, OPT_ATTR,
        OPT_PACKAGE, OPT_ADDON, OPT_TEST_ACCOUNT,
        OPT_PROFILE /* + panelctl_profile_field */
    };
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},
        {"with-region", no_argument, NULL, OPT_WITH_REGION},
        {"json", no_argument, NULL, OPT_JSON},
        {"provider", required_argument, NULL, OPT_PROVIDER},
        {"attr", required_argument, NULL, OPT_ATTR},
        {"package", required_argument, NULL, OPT_PACKAGE},
        {"addon", required_argument, NULL, OPT_ADDON},
        {"test-account", no_argument, NULL, OPT_TEST_ACCOUNT},
        {"first-name", required_argument, NULL, OPT_PROFILE + PANELCTL_PROFILE_FIRST_NAME},
        {"last-name", required_argument, NULL, OPT_PROFILE + PANELCTL_PROFILE_LAST_NAME},
        {"company", required_argument, NULL, OPT_PROFILE + PANELCTL_PROFILE_COMPANY},
        {"website", required_argument, NULL, OPT_PROFILE + PANELCTL_PROFILE_WEBSITE},
        {"email", required_argument, NULL, OPT_PROFILE + PANELCTL_PROFILE_EMAIL},
        {"phone", required_argument, NULL, OPT_PROFILE + PANELCTL_PROFILE_PHONE},
        {"timezone", required_argument, NULL, OPT_PROFILE + PANELCTL_PROFILE_TIMEZONE},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    char b[80];
    int c, seen_addon = 0, stopped = 0;
    memset(a, 0, sizeof *a);
    a->config_path = PANELCTL_DEFAULT_CONFIG;
    a->account_op = -1;
    a->attrs = calloc((size_t)argc + 1, sizeof *a->attrs);
    if (a->attrs == NULL)
        return refuse(a, "out of memory reading the command line: free some memory "
                      "and retry");
    opterr = 0; /* our own one-line messages instead of getopt's */
    optind = 1;
    /* Every option is read, also after a refusal or -h, so that --json is
     * known wherever it stands; the first event decides. */
    while ((c = getopt_long(argc, argv, ":c:vhV", longopts, NULL)) != -1) {
        if (c == OPT_JSON) {
            a->json = 1;
            continue;
        }
        if (stopped || a->error[0] != '\0')
            continue;
        switch (c) {
        case 'c': a->config_path = optarg; break;
        case OPT_PLUGIN_DIR: a->plugin_dir = optarg; break;
        case OPT_WITH_REGION: a->with_region = 1; break;
        case OPT_PROVIDER:
            if (a->provider != NULL)
                refuse(a, "--provider is given twice: give one provider");
            else if (*optarg == '\0')
                refuse(a, "--provider is empty: give the provider's name (its "
                       "plugin's file name without .so)");
            a->provider = optarg;
            break;
        case OPT_ATTR: parse_attr(a, optarg); break;
        case OPT_PACKAGE:
            if (a->has_package)
                refuse(a, "--package is given twice: an account has one package "
                       "(add-ons go in --addon)");
            else if (add_offering(a, "--package", optarg, strlen(optarg), "package", 1) == 0)
                a->has_package = 1;
            break;
        case OPT_ADDON:
            seen_addon = 1;
            parse_addon(a, optarg);
            break;
        case OPT_TEST_ACCOUNT: a->test_account = 1; break;
        case 'v': a->verbose++; break;
        case 'h': a->help = stopped = 1; break;
        case 'V': a->version = stopped = 1; break;
        case ':':
            refuse(a, "option %s needs an argument: %s",
                   shown(b, sizeof b, argv[optind - 1]), HINT);
            break;
        case '?':
            if (optopt > 0x20 && optopt < 0x7f)
                refuse(a, "unknown option -%c: %s", optopt, HINT);
            else if (optopt >= OPT_PLUGIN_DIR)
                refuse(a, "option %s takes no value: %s",
                       shown(b, sizeof b, argv[optind - 1]), HINT);
            else
                refuse(a, "unknown option %s: %s", shown(b, sizeof b, argv[optind - 1]),
                       HINT);
            break;
        default:
            if (c >= OPT_PROFILE && c < OPT_PROFILE + PANELCTL_PROFILE_COUNT)
                parse_profile(a, c - OPT_PROFILE, optarg);
            break;
        }
    }
    if (a->error[0] != '\0')
        return -1;
    if (stopped)
        return 0;
    /* The package leads the list: the provider reads the plan first. */
    if (a->has_package && a->offerings[0].type[0] != 'p') {
        for (size_t i = 1; i < a->offering_count; i++) {
            if (a->offerings[i].type[0] == 'p') {
                auth_offering pkg = a->offerings[i];
                memmove(&a->offerings[1], &a->offerings[0], i * sizeof pkg);
                a->offerings[0] = pkg;
                break;
            }
        }
    }
    if (parse_words(a, argc, argv, optind) != 0 || check_applicable(a, seen_addon) != 0)
        return -1;
    return 0;
}

void panelctl_args_free(panelctl_args *a)
{
    free(a->attrs);
    a->attrs = NULL;
}
