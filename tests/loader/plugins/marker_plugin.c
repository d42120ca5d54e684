/* SPDX-License-Identifier: MIT */
/*
 * marker_plugin.c -- a test-only provider (module "marker") that tells a
 * test whether any code of its file ran: a constructor, which the dynamic
 * linker runs inside dlopen before the host can call anything, creates the
 * file named by the environment variable PANELSSO_TEST_MARKER.  A loader
 * that refuses the file before opening it leaves no marker; a loader that
 * opens it always does, even if it then refuses the plugin.
 * Otherwise a minimal good provider: init, login ("marker: login"), teardown.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <panelsso/auth_provider.h>

#include "plugin_kit.h"

#define MARKER_ENV "PANELSSO_TEST_MARKER"

__attribute__((constructor)) static void leave_marker(void)
{
    const char *path = getenv(MARKER_ENV);
    int fd;
    if (path == NULL || path[0] == '\0')
        return;
    fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0)
        close(fd);
}

struct auth_instance {
    const auth_host_api *host;
};

static int marker_init(const auth_host_api *host, const char *const *settings,
                       auth_instance **out, auth_result *result)
{
    auth_result r;
    auth_instance *inst = calloc(1, sizeof *inst);
    (void)settings;
    auth_result_init(&r);
    *out = NULL;
    if (inst == NULL) {
        r.status = AUTH_ERR_INTERNAL;
        snprintf(r.log_message, sizeof r.log_message, "marker: out of memory");
    } else {
        inst->host = host;
        *out = inst;
    }
    auth_result_deliver(result, &r);
    return r.status;
}

static int marker_login(auth_instance *inst, const char *const *attributes,
                        auth_result *result)
{
    auth_result r;
    (void)inst;
    (void)attributes;
    auth_result_init(&r);
    snprintf(r.log_message, sizeof r.log_message, "marker: login");
    auth_result_deliver(result, &r);
    return AUTH_OK;
}

static void marker_teardown(auth_instance *inst)
{
    free(inst);
}

static const auth_provider_ops marker_ops = {
    .struct_size = sizeof(auth_provider_ops), .init = marker_init,
    .login = marker_login, .teardown = marker_teardown};

KIT_DEFINE_ENTRY(&marker_ops, AUTH_PROVIDER_ABI_VERSION)
