/* SPDX-License-Identifier: MIT */
/*
 * target.h -- whom a command acts for: a tenant of the configuration file
 * (its provider, and its attributes ending with tenant=NAME), or
 * --provider NAME with exactly the --attr pairs.  Either way the provider
 * must be loaded.
 */
#ifndef PANELCTL_TARGET_H
#define PANELCTL_TARGET_H

#include <panelsso/auth_config.h>
#include <panelsso/auth_loader.h>
#include "args.h"

typedef struct panelctl_target {
    const char *provider;
    const char *const *attributes;  /* NULL-terminated "key=value" */
    const char *tenant;             /* the tenant's name, NULL with --provider */
    char who[200];                  /* for messages: "for tenant 'acme'" or
                                       "through provider 'sendgrid'" */
    char tenant_shown[80];          /* the tenant's name as messages quote
                                       it, "" with --provider */
} panelctl_target;

/* Fill *t for the command in `a`.  Returns -1 to go on, or the exit code
 * after reporting why not (unknown tenant, provider not loaded). */
int panelctl_target_resolve(const panelctl_args *a, const auth_config *cfg,
                            const auth_loader *l, const char *dir, panelctl_target *t);

/* The value of `key` among the target's attributes, or NULL. */
const char *panelctl_target_attr(const panelctl_target *t, const char *key);

#endif
