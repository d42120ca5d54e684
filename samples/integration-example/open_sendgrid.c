/* SPDX-License-Identifier: MIT */
/*
 * open_sendgrid.c -- the shortest correct host: load the SendGrid plugin,
 * log one tenant in, and print what a web panel would answer the browser's
 * "Open SendGrid" POST with.  docs/integrating.md walks through it; ctest
 * runs it against a local HTTPS sandbox as examples.integration.
 *
 * usage: open_sendgrid PLUGIN_DIR KEY_FILE TENANT ACCOUNT_ID REGION [SETTING=VALUE]...
 *
 * The SETTING=VALUE arguments go to the plugin unchanged, after
 * api_key_file=KEY_FILE: in production there are usually none; the test
 * points the plugin at its sandbox with them.
 *
 * Exit status: 0 the browser would be redirected, 1 the login failed (the
 * page the browser would get is on stdout), 2 usage or loading error.
 */
#include <stdio.h>
#include <string.h>

#include <panelsso/auth_loader.h>

/* The operator's log.  Plugins may call it from several threads at once;
 * one fprintf per line keeps lines whole (stdio locks the stream). */
static void log_line(void *ctx, int level, const char *line)
{
    static const char *const names[] = {"error", "warning", "info", "debug"};
    (void)ctx;
    fprintf(stderr, "open_sendgrid: %s: %s\n",
            level >= 0 && level <= AUTH_LOG_DEBUG ? names[level] : "debug", line);
}

/* The HTTP status a panel answers a failed login with: the tenant's data is
 * wrong (400), SendGrid throttles (429), SendGrid or the way to it failed
 * (502), or the panel itself is misconfigured or broken (500). */
static const char *http_status_line(int status)
{
    switch (status) {
    case AUTH_ERR_INVALID_REQUEST: return "400 Bad Request";
    case AUTH_ERR_RATE_LIMITED: return "429 Too Many Requests";
    case AUTH_ERR_AUTH_REJECTED: case AUTH_ERR_FORBIDDEN: case AUTH_ERR_NOT_FOUND:
    case AUTH_ERR_UNAVAILABLE: case AUTH_ERR_PROTOCOL: case AUTH_ERR_TLS:
        return "502 Bad Gateway";
    default: return "500 Internal Server Error";
    }
}

int main(int argc, char **argv)
{
    enum { MAX_EXTRA = 16 };
    char plugin_path[4096], key_setting[4096], tenant[512], account[512], region[64];
    const char *settings[MAX_EXTRA + 2];
    auth_loader_config cfg;
    auth_loader *loader = NULL;
    auth_result r;
    int i, n = 0, exit_code;

    if (argc < 6 || argc - 6 > MAX_EXTRA) {
        fprintf(stderr, "usage: open_sendgrid PLUGIN_DIR KEY_FILE TENANT ACCOUNT_ID "
                "REGION [SETTING=VALUE]... (at most %d settings)\n", MAX_EXTRA);
        return 2;
    }

    /* 1. Once at start-up: a loader that logs to the operator's log... */
    memset(&cfg, 0, sizeof cfg);
    cfg.struct_size = sizeof cfg;
    cfg.log = log_line;
    cfg.log_level = AUTH_LOG_INFO;       /* includes the one audit line per login */
    auth_result_init(&r);
    if (auth_loader_create(&cfg, &loader, &r) != AUTH_OK) {
        fprintf(stderr, "open_sendgrid: %s\n", r.log_message);
        return 2;
    }

    /* 2. ...and the plugin from an explicit directory (never a search path),
     * with this provider's settings.  A bad setting fails here, not at a
     * customer's first click. */
    snprintf(plugin_path, sizeof plugin_path, "%s/sendgrid.so", argv[1]);
    snprintf(key_setting, sizeof key_setting, "api_key_file=%s", argv[2]);
    settings[n++] = key_setting;
    for (i = 6; i < argc; i++)
        settings[n++] = argv[i];
    settings[n] = NULL;
    auth_result_init(&r);
    if (auth_loader_load_file(loader, plugin_path, "sendgrid", settings, &r) != AUTH_OK) {
        fprintf(stderr, "open_sendgrid: cannot load SendGrid: %s\n", r.log_message);
        auth_loader_destroy(loader);
        return 2;
    }

    /* 3. Per request (may run in many threads at once): the tenant's
     * attributes, from the panel's own database. */
    snprintf(tenant, sizeof tenant, "tenant=%s", argv[3]);
    snprintf(account, sizeof account, "account_id=%s", argv[4]);
    snprintf(region, sizeof region, "region=%s", argv[5]);
    const char *const attributes[] = {tenant, account, region, NULL};
    auth_result_init(&r);
    if (auth_loader_login(loader, "sendgrid", attributes, &r) == AUTH_OK) {
        /* The URL is a secret that works once, for 60 s: straight into the
         * Location header, never into a page, a log or a cache.  (The plugin
         * only returns absolute URLs on an allow-listed host, without
         * spaces or control characters, so it cannot split the header.) */
        printf("HTTP/1.1 303 See Other\r\n"
               "Location: %s\r\n"
               "Cache-Control: no-store\r\n"
               "Content-Length: 0\r\n\r\n", r.redirect_url);
        exit_code = 0;
    } else {
        /* The browser gets user_message; the operator's log gets
         * log_message (it names the cause and the fix, never a secret). */
        printf("HTTP/1.1 %s\r\n", http_status_line(r.status));
        if (r.status == AUTH_ERR_RATE_LIMITED)
            printf("Retry-After: %u\r\n", r.retry_after_s > 0 ? (unsigned)r.retry_after_s : 60u);
        printf("Content-Type: text/plain; charset=utf-8\r\n"
               "Cache-Control: no-store\r\n\r\n"
               "%s\n", r.user_message[0] ? r.user_message
                                         : "SendGrid login failed. Please contact support.");
        fprintf(stderr, "open_sendgrid: login for tenant %s failed: %s: %s\n", argv[3],
                auth_status_name(r.status),
                r.log_message[0] ? r.log_message : auth_strerror(r.status));
        exit_code = 1;
    }
    auth_result_wipe(&r);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "open_sendgrid: cannot write the answer to stdout\n");
        exit_code = 2;
    }

    /* 4. Once at shutdown: tear the instance down and unload the plugin. */
    auth_loader_destroy(loader);
    return exit_code;
}
