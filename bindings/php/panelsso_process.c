/* SPDX-License-Identifier: MIT */
/*
 * panelsso_process.c -- the one loader of this PHP process (see
 * panelsso_process.h): made from panelsso.config in MINIT, read by every
 * request, destroyed in MSHUTDOWN.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "php.h"

#include <panelsso/auth_config.h>
#include <panelsso/auth_loader.h>

#include "panelsso_process.h"

#ifndef PANELSSO_DEFAULT_PLUGIN_DIR
#define PANELSSO_DEFAULT_PLUGIN_DIR "/usr/lib/panelsso/plugins"
#endif

/* Long enough for any line the loader or a plugin writes (the loader cuts
 * its own at 2048 bytes) plus the prefix. */
#define PANELSSO_LOG_LINE_MAX 2200

/* Written only in MINIT and MSHUTDOWN, which PHP runs with nothing else
 * going on; read-only in between, so requests share it without a lock.
 * Process state is what MINIT is for: it is the loader made before the
 * fork. */
static struct {
    int log_level;
    char *config_path;
    char *config_failure;  /* why the configuration did not load, or NULL */
    char *plugin_dir;
    auth_config *config;   /* outlives the loader: it lends the settings */
    auth_loader *loader;
} process = {.log_level = AUTH_LOG_WARNING};

static const char *const level_names[] = {"error", "warning", "info", "debug"};

int panelsso_log_level_named(const char *name)
{
    for (int i = 0; i < (int)(sizeof level_names / sizeof level_names[0]); i++)
        if (name != NULL && strcmp(name, level_names[i]) == 0)
            return i;
    return -1;
}

static int syslog_severity(int level)
{
    switch (level) {
    case AUTH_LOG_ERROR: return LOG_ERR;
    case AUTH_LOG_WARNING: return LOG_WARNING;
    case AUTH_LOG_INFO: return LOG_INFO;
    default: return LOG_DEBUG;
    }
}

static void log_line(int level, const char *text)
{
    char line[PANELSSO_LOG_LINE_MAX];
    if (level > process.log_level)
        return;
    snprintf(line, sizeof line, "panelsso: %s: %s",
             level_names[level < 0 ? 0 : level > 3 ? 3 : level], text);
    /* One line per entry: a message can never forge a second log line. */
    for (char *c = line; *c != '\0'; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = ' ';
    php_log_err_with_severity(line, syslog_severity(level));
}

void panelsso_log(int level, const char *fmt, ...)
{
    char text[PANELSSO_LOG_LINE_MAX];
    va_list ap;
    if (level > process.log_level)
        return;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    log_line(level, text);
}

/* The loader's sink: its own lines and its plugins'.  Plugins log from the
 * thread inside their call, which in PHP is the request's thread. */
static void loader_sink(void *ctx, int level, const char *line)
{
    (void)ctx;
    if (line != NULL)
        log_line(level, line);
}

static void record_config_failure(const char *reason)
{
    process.config_failure = pestrdup(reason, 1);
    panelsso_log(AUTH_LOG_ERROR,
                 "no provider is available: %s", reason);
}

void panelsso_process_start(const char *config_path, int log_level)
{
    auth_result r;
    auth_loader_config lc;
    const char *dir;

    process.log_level = log_level;
    process.config_path = pestrdup(config_path != NULL ? config_path : "", 1);
    if (process.config_path[0] == '\0') {
        record_config_failure("panelsso.config is empty: set it in php.ini to "
                              "the panelsso configuration file "
                              "(/etc/panelsso/panelsso.json)");
        return;
    }
    /* At startup the current directory is whatever the service manager
     * left (php-fpm: "/"), so a relative path would name a different file
     * in each way PHP is started. */
    if (process.config_path[0] != '/') {
        char reason[AUTH_MESSAGE_MAX];
        snprintf(reason, sizeof reason, "panelsso.config \"%.200s\" is not an absolute "
                 "path: give the full path in php.ini (/etc/panelsso/panelsso.json)",
                 process.config_path);
        record_config_failure(reason);
        return;
    }
    /* The library judges the file by the trust rule before reading it: it
     * names the plugins that run in this process and their key files. */
    auth_result_init(&r);
    if (auth_config_load(process.config_path, &process.config, &r) != AUTH_OK) {
        record_config_failure(r.log_message[0] != '\0' ? r.log_message
                                                        : auth_strerror(r.status));
        return;
    }
    dir = auth_config_plugin_dir(process.config) != NULL
              ? auth_config_plugin_dir(process.config)
              : PANELSSO_DEFAULT_PLUGIN_DIR;
    process.plugin_dir = pestrdup(dir, 1);

    memset(&lc, 0, sizeof lc);
    lc.struct_size = sizeof lc;
    lc.log = loader_sink;
    lc.log_level = log_level;
    /* A plugin without a providers.NAME entry loads with no settings, as
     * in panelctl; the config's tenants are the panel's business here. */
    lc.settings_for = auth_config_settings_for;
    lc.settings_ctx = process.config;
    auth_result_init(&r);
    if (auth_loader_create(&lc, &process.loader, &r) != AUTH_OK) {
        char reason[AUTH_MESSAGE_MAX + 64];
        snprintf(reason, sizeof reason, "cannot create the plugin loader: %s",
                 r.log_message[0] != '\0' ? r.log_message : auth_strerror(r.status));
        process.loader = NULL;
        record_config_failure(reason);
        return;
    }
    /* Each plugin that fails is logged once by the loader and recorded. */
    size_t loaded = auth_loader_load_dir(process.loader, process.plugin_dir);
    panelsso_log(AUTH_LOG_INFO, "loaded %zu provider(s) from %s, %zu failed (%s)",
                 loaded, process.plugin_dir,
                 auth_loader_failure_count(process.loader), process.config_path);
}

void panelsso_process_stop(void)
{
    auth_loader_destroy(process.loader);
    process.loader = NULL;
    auth_config_free(process.config);
    process.config = NULL;
    if (process.config_path != NULL)
        pefree(process.config_path, 1);
    if (process.config_failure != NULL)
        pefree(process.config_failure, 1);
    if (process.plugin_dir != NULL)
        pefree(process.plugin_dir, 1);
    process.config_path = process.config_failure = process.plugin_dir = NULL;
}

auth_loader *panelsso_process_loader(void) { return process.loader; }
const char *panelsso_process_config_path(void) { return process.config_path; }
const char *panelsso_process_config_failure(void) { return process.config_failure; }
const char *panelsso_process_plugin_dir(void) { return process.plugin_dir; }

/* Is `file` the plugin `provider` (DIR/PROVIDER.so)? */
static int is_plugin_file_of(const char *file, const char *provider)
{
    const char *base = strrchr(file, '/');
    size_t n = strlen(provider);
    base = base != NULL ? base + 1 : file;
    return strncmp(base, provider, n) == 0 && strcmp(base + n, ".so") == 0;
}

static void config_failure_result(auth_result *result, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void config_failure_result(auth_result *result, const char *fmt, ...)
{
    va_list ap;
    result->status = AUTH_ERR_CONFIG;
    va_start(ap, fmt);
    vsnprintf(result->log_message, sizeof result->log_message, fmt, ap);
    va_end(ap);
    /* The customer's sentence, as the loader's own refusals carry. */
    snprintf(result->user_message, sizeof result->user_message, "%s",
             auth_loader_status_user_text(AUTH_ERR_CONFIG));
}

int panelsso_process_explain_missing(const char *provider, auth_result *result)
{
    const char *file, *reason;
    size_t i, n;

    if (process.loader != NULL && auth_loader_has(process.loader, provider))
        return 0;
    if (process.config_failure != NULL) {
        config_failure_result(result, "provider '%s' is not available: the "
                              "configuration failed to load when PHP started: %s "
                              "(restart PHP after fixing it)",
                              provider, process.config_failure);
        return 1;
    }
    n = auth_loader_failure_count(process.loader);
    for (i = 0; i < n; i++) {
        if (auth_loader_failure(process.loader, i, &file, &reason) == AUTH_OK &&
            is_plugin_file_of(file, provider)) {
            config_failure_result(result, "provider '%s' failed to load when "
                                  "PHP started: %s: %s (restart PHP after fixing it)",
                                  provider, file, reason);
            return 1;
        }
    }
    for (i = 0; i < n; i++) {
        if (auth_loader_failure(process.loader, i, &file, &reason) == AUTH_OK &&
            strcmp(file, process.plugin_dir) == 0) {
            config_failure_result(result, "provider '%s' is not available: the "
                                  "plugin directory failed when PHP started: %s: %s "
                                  "(restart PHP after fixing it)",
                                  provider, file, reason);
            return 1;
        }
    }
    return 0;
}
