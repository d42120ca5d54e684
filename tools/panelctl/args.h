/* SPDX-License-Identifier: MIT */
/*
 * args.h -- panelctl's command line: which command, on which target
 * (a tenant of the configuration file, or --provider with --attr pairs),
 * with which options.  Parsing prints nothing: a refusal is returned as a
 * message, so the caller can report it as text or as JSON.
 */
#ifndef PANELCTL_ARGS_H
#define PANELCTL_ARGS_H

#include <stddef.h>

#include <panelsso/auth_provider.h>

typedef enum panelctl_command {
    PANELCTL_CMD_NONE = 0,
    PANELCTL_CMD_LOGIN,
    PANELCTL_CMD_CHECK,
    PANELCTL_CMD_PLUGINS,
    PANELCTL_CMD_ACCOUNT      /* account verbs and catalog: see account_op */
} panelctl_command;

/* The profile options of 'account create', in the order of the provider's
 * profile keys (auth_account_request.profile). */
enum panelctl_profile_field {
    PANELCTL_PROFILE_FIRST_NAME,
    PANELCTL_PROFILE_LAST_NAME,
    PANELCTL_PROFILE_COMPANY,
    PANELCTL_PROFILE_WEBSITE,
    PANELCTL_PROFILE_EMAIL,
    PANELCTL_PROFILE_PHONE,
    PANELCTL_PROFILE_TIMEZONE,
    PANELCTL_PROFILE_COUNT
};

/* The profile key a field is sent as ("first_name"...). */
const char *panelctl_profile_key(int field);

typedef struct panelctl_args {
    const char *config_path;
    const char *plugin_dir;      /* --plugin-dir, or NULL */
    int verbose;
    int json;                    /* --json */
    int help;                    /* -h: print the help and stop */
    int version;                 /* -V: print the version and stop */
    int with_region;
    panelctl_command command;
    int account_op;              /* an auth_account_op for
                                    PANELCTL_CMD_ACCOUNT, else -1 */
    char command_name[32];       /* as typed: "login", "account create" */
    const char *tenant;          /* the TENANT, or NULL with --provider */
    const char *provider;        /* --provider NAME, or NULL */
    const char **attrs;          /* the --attr pairs, NULL-terminated
                                    (pointers into argv; never NULL after
                                    a successful parse) */
    size_t attr_count;
    auth_offering offerings[AUTH_OFFERINGS_MAX]; /* --package, then --addon */
    size_t offering_count;
    int has_package;
    const char *profile[PANELCTL_PROFILE_COUNT]; /* values, or NULL */
    int test_account;
    char error[1024];            /* why parsing failed */
} panelctl_args;

/* Parse argv into *a.  Returns 0 to go on (or, with a->help or a->version
 * set, to print that and stop), or -1 with a->error holding one line
 * "what is wrong: what to do" for a usage error (exit 2).  a->json is set
 * whenever --json was given, even when parsing failed elsewhere, so the
 * refusal can be reported in the form asked for.  Free with
 * panelctl_args_free whatever the result. */
int panelctl_args_parse(int argc, char **argv, panelctl_args *a);

void panelctl_args_free(panelctl_args *a);

#endif
