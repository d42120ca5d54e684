/* pages.c -- the panel page and the failure page. */
#include "pages.h"

#include <string.h>

static void head(html_buf *b, const char *title)
{
    html_raw(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                "<meta charset=\"utf-8\">\n<title>");
    html_escaped(b, title);
    html_raw(b, "</title>\n"
                "<style>body{font-family:sans-serif;margin:2em}"
                "table{border-collapse:collapse}"
                "td,th{padding:.4em 1em;border-bottom:1px solid #ccc;text-align:left}"
                "</style>\n</head>\n<body>\n");
}

static void tail(html_buf *b)
{
    html_raw(b, "</body>\n</html>\n");
}

/* The value of "key=value" in a NULL-terminated vector, or NULL. */
static const char *attribute(char *const *attrs, const char *key)
{
    size_t kl = strlen(key);
    for (; attrs != NULL && *attrs != NULL; attrs++)
        if (strncmp(*attrs, key, kl) == 0 && (*attrs)[kl] == '=')
            return *attrs + kl + 1;
    return NULL;
}

const char *page_provider_label(const char *provider)
{
    return provider != NULL && strcmp(provider, "sendgrid") == 0 ? "SendGrid" : provider;
}

int page_tenants(const panelctl_config *cfg, html_buf *out)
{
    size_t i;
    head(out, "Control panel - email accounts");
    html_raw(out, "<h1>Email accounts</h1>\n");
    if (cfg->tenant_count == 0) {
        html_raw(out, "<p id=\"no-tenants\">No tenants are configured.</p>\n");
        tail(out);
        return html_buf_status(out);
    }
    html_raw(out, "<table id=\"tenants\">\n<thead><tr><th>Tenant</th><th>Region</th>"
                  "<th></th></tr></thead>\n<tbody>\n");
    for (i = 0; i < cfg->tenant_count; i++) {
        const panelctl_tenant *t = &cfg->tenants[i];
        const char *region = attribute(t->attributes, "region");
        html_raw(out, "<tr><td class=\"tenant\">");
        html_escaped(out, t->name);
        html_raw(out, "</td><td class=\"region\">");
        html_escaped(out, region != NULL ? region : "default");
        /* A form, not a link: prefetchers and link previews follow links,
         * and each login spends a one-time code. */
        html_raw(out, "</td><td><form method=\"post\" action=\"/open\">"
                      "<input type=\"hidden\" name=\"tenant\" value=\"");
        html_escaped(out, t->name);
        html_raw(out, "\"><button type=\"submit\" id=\"open-");
        html_escaped(out, t->name);
        html_raw(out, "\">Open ");
        html_escaped(out, page_provider_label(t->provider));
        html_raw(out, "</button></form></td></tr>\n");
    }
    html_raw(out, "</tbody>\n</table>\n");
    tail(out);
    return html_buf_status(out);
}

int page_failure(const char *heading, const char *message, html_buf *out)
{
    head(out, heading);
    html_raw(out, "<h1 id=\"heading\">");
    html_escaped(out, heading);
    html_raw(out, "</h1>\n<p id=\"message\">");
    html_escaped(out, message);
    html_raw(out, "</p>\n<p><a id=\"back\" href=\"/\">Back to the panel</a></p>\n");
    tail(out);
    return html_buf_status(out);
}
