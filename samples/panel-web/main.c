/*
 * main.c -- panel-web: read the configuration, load the plugins, serve.
 * Exit status: 0 after SIGTERM/SIGINT, 1 start-up failure, 2 usage error.
 */
#include <stdio.h>
#include <string.h>

#include "auth_loader.h"
#include "config.h"
#include "handlers.h"
#include "httpd.h"
#include "options.h"
#include "weblog.h"

#ifndef PANEL_WEB_DEFAULT_PLUGIN_DIR
#define PANEL_WEB_DEFAULT_PLUGIN_DIR "/usr/local/lib/panelsso/plugins"
#endif

static const char *const *settings_for(void *ctx, const char *name)
{
    const panelctl_provider *p = panelctl_config_provider(ctx, name);
    return p != NULL ? (const char *const *)p->settings : NULL;
}

/* Say at start-up, not at the first click, what cannot work. */
static void report_load(const auth_loader *l, const panelctl_config *cfg, const char *dir)
{
    size_t i, n = auth_loader_failure_count(l);
    for (i = 0; i < n; i++) {
        const char *file = NULL, *reason = NULL;
        if (auth_loader_failure(l, i, &file, &reason) == AUTH_OK)
            weblog("plugin %s did not load: %s", file ? file : "?", reason ? reason : "?");
    }
    for (i = 0; i < cfg->tenant_count; i++)
        if (!auth_loader_has(l, cfg->tenants[i].provider))
            weblog("tenant '%s' uses provider '%s', which is not loaded from %s: its "
                   "logins will fail until the plugin is installed there",
                   cfg->tenants[i].name, cfg->tenants[i].provider, dir);
}

int main(int argc, char **argv)
{
    panel_options o;
    panelctl_config cfg;
    auth_loader_config lc;
    auth_loader *loader = NULL;
    auth_result r;
    panel_app app;
    httpd_config hc;
    char err[512];
    const char *dir;
    int rc = panel_options_parse(argc, argv, &o);
    if (rc >= 0)
        return rc;
    /* Before any thread exists (the loader's and plugins' included), so
     * only the accept loop ever takes SIGTERM/SIGINT. */
    httpd_block_signals();

    memset(&cfg, 0, sizeof cfg);
    if (panelctl_config_load(o.config, &cfg, err, sizeof err) != AUTH_OK) {
        weblog("%s", err);
        return 1;
    }
    dir = o.plugin_dir ? o.plugin_dir
          : cfg.plugin_dir ? cfg.plugin_dir : PANEL_WEB_DEFAULT_PLUGIN_DIR;

    memset(&lc, 0, sizeof lc);
    lc.struct_size = sizeof lc;
    lc.log = weblog_loader_sink;
    lc.log_level = o.verbosity >= 2 ? AUTH_LOG_DEBUG
                   : o.verbosity == 1 ? AUTH_LOG_INFO : AUTH_LOG_WARNING;
    lc.settings_for = settings_for;
    lc.settings_ctx = &cfg;
    auth_result_init(&r);
    if (auth_loader_create(&lc, &loader, &r) != AUTH_OK) {
        weblog("cannot create the plugin loader: %s", r.log_message);
        panelctl_config_free(&cfg);
        return 1;
    }
    weblog("loaded %zu provider(s) from %s", auth_loader_load_dir(loader, dir), dir);
    report_load(loader, &cfg, dir);

    app.cfg = &cfg;
    app.loader = loader;
    memset(&hc, 0, sizeof hc);
    hc.listen = o.listen;
    hc.port_file = o.port_file;
    hc.handler = panel_handle;
    hc.handler_ctx = &app;
    rc = httpd_run(&hc);
    if (rc == 2)
        return 1;  /* requests still hold the loader: leave it to exit */
    auth_loader_destroy(loader);
    panelctl_config_free(&cfg);
    return rc;
}
