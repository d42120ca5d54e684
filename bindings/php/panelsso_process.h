/* SPDX-License-Identifier: MIT */
/*
 * panelsso_process.h -- the one loader of this PHP process.
 *
 * It is made once, in MINIT, from the configuration file panelsso.config
 * names: in php-fpm that is the master, still root, before it forks its
 * workers, so each plugin reads its key file as root and every worker
 * inherits the loaded instance.  After MINIT nothing here changes until
 * MSHUTDOWN, so any number of requests (and, in ZTS builds, threads) read
 * it at once; the loader itself is safe for concurrent calls.
 *
 * Nothing that goes wrong here stops PHP from starting: a configuration or
 * plugin that fails to load is logged once, listed by providers(), and
 * answered with AUTH_ERR_CONFIG and the reason by every call that needs it.
 */
#ifndef PANELSSO_PROCESS_H
#define PANELSSO_PROCESS_H

#include <panelsso/auth_loader.h>

/* Log levels as php.ini spells them; -1 if `name` is none of them. */
int panelsso_log_level_named(const char *name);

/* Make the loader from the configuration at `config_path`, logging at
 * `log_level` (an auth_log_level) to PHP's error log.  Never fails: what
 * goes wrong is logged and recorded. */
void panelsso_process_start(const char *config_path, int log_level);

/* Destroy the loader and forget everything recorded. */
void panelsso_process_stop(void);

/* The loader, or NULL when none could be made (the configuration failed). */
auth_loader *panelsso_process_loader(void);

/* The configuration file and why it failed to load (NULL if it loaded). */
const char *panelsso_process_config_path(void);
const char *panelsso_process_config_failure(void);

/* The plugin directory the loader read (NULL if none was read). */
const char *panelsso_process_plugin_dir(void);

/* When no instance named `provider` is loaded, fill `result` with
 * AUTH_ERR_CONFIG and the reason recorded at startup (the plugin that
 * failed, the directory or the configuration) and return 1.  Return 0
 * when the provider is loaded, or when nothing recorded explains its
 * absence (the loader then answers for itself). */
int panelsso_process_explain_missing(const char *provider, auth_result *result);

/* Write one line to PHP's error log as "panelsso: LEVEL: line", control
 * characters shown as spaces; dropped above the configured level. */
void panelsso_log(int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif /* PANELSSO_PROCESS_H */
