/*
 * handlers.h -- panel-web's routes:
 *   GET|HEAD /   the tenant list (pages.h)
 *   POST /open   form field "tenant": log the tenant in through its provider
 *                and answer 303 to the one-time login URL, or a failure page
 *                (400 invalid request, 403 cross-site request, 404 unknown
 *                tenant, 429 rate limited with Retry-After, 502 upstream
 *                failure, 500 anything else) with the plugin's user message.
 * Any other method on those paths is 405 with Allow; any other path 404.
 */
#ifndef PANEL_WEB_HANDLERS_H
#define PANEL_WEB_HANDLERS_H

#include "auth_loader.h"
#include "config.h"
#include "httpd.h"

typedef struct panel_app {
    const panelctl_config *cfg;   /* read-only while serving */
    auth_loader *loader;          /* loading done before serving */
} panel_app;

/* An http_handler; ctx is a panel_app. */
void panel_handle(void *ctx, http_conn *c, const http_request *req);

/* The HTTP status panel-web answers for a failed login's auth_status. */
int panel_http_status(int status);

#endif
