/* SPDX-License-Identifier: MIT */
/*
 * commands.h -- the commands that call a provider, once the configuration
 * is read, the plugins are loaded and the target is known.  Each prints
 * its answer (text, or the JSON object with --json) or reports its
 * failure, and returns the exit code.
 */
#ifndef PANELCTL_COMMANDS_H
#define PANELCTL_COMMANDS_H

#include <panelsso/auth_loader.h>
#include "args.h"
#include "target.h"

/* login and check (session.c). */
int panelctl_run_session(const panelctl_args *a, auth_loader *l, const panelctl_target *t);

/* The account verbs and catalog (account.c). */
int panelctl_run_account(const panelctl_args *a, auth_loader *l, const panelctl_target *t);

#endif
