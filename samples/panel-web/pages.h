/*
 * pages.h -- the HTML pages panel-web shows.  Every piece of text that comes
 * from configuration or from a plugin is escaped here.
 */
#ifndef PANEL_WEB_PAGES_H
#define PANEL_WEB_PAGES_H

#include "config.h"
#include "html.h"

/* The tenant list: for each tenant its name, region and an "Open <provider>"
 * button (id "open-<tenant>") in a POST form to /open with a hidden
 * "tenant" field.  The page holds nothing from the providers' settings and
 * no login URL.  Returns AUTH_OK or AUTH_ERR_INTERNAL (out of memory). */
int page_tenants(const panelctl_config *cfg, html_buf *out);

/* A failure page: `heading`, then `message` (both escaped; message id
 * "message"), then a link back to the panel.  Returns AUTH_OK or
 * AUTH_ERR_INTERNAL. */
int page_failure(const char *heading, const char *message, html_buf *out);

/* How a provider is named on buttons: "SendGrid" for "sendgrid", else the
 * provider's own name. */
const char *page_provider_label(const char *provider);

#endif
