/* handlers.c -- routing and the login flow; secrets stay in auth_result and
 * the server's send buffer, both wiped right after the answer is written. */
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "form.h"
#include "pages.h"
#include "weblog.h"

/* When a plugin gives no user message, the visitor still gets a sentence. */
static const char *fallback_message(int http_status)
{
    switch (http_status) {
    case 400: return "This account's login settings are incomplete. Please contact support.";
    case 429: return "The service is busy right now. Please try again in a minute.";
    case 502: return "The service could not log you in right now. Please try again later or contact support.";
    default:  return "Something went wrong on our side. Please try again later or contact support.";
    }
}

int panel_http_status(int status)
{
    switch (status) {
    case AUTH_ERR_INVALID_REQUEST:
        return 400;
    case AUTH_ERR_RATE_LIMITED:
        return 429;
    case AUTH_ERR_AUTH_REJECTED:
    case AUTH_ERR_FORBIDDEN:
    case AUTH_ERR_NOT_FOUND:
    case AUTH_ERR_UNAVAILABLE:
    case AUTH_ERR_PROTOCOL:
    case AUTH_ERR_TLS:
        return 502;
    default:  /* CONFIG, INTERNAL, VERSION: the panel's own problem */
        return 500;
    }
}

static void send_page(http_conn *c, const http_request *req, int status,
                      const char *referrer_policy, const char *extra_headers,
                      html_buf *page)
{
    http_answer a;
    memset(&a, 0, sizeof a);
    if (html_buf_status(page) != AUTH_OK) {
        static const char oom[] = "out of memory\n";
        a.status = 500;
        a.content_type = "text/plain; charset=utf-8";
        a.body = oom;
        a.body_len = sizeof oom - 1;
    } else {
        a.status = status;
        a.content_type = "text/html; charset=utf-8";
        a.body = page->data;
        a.body_len = page->len;
        a.referrer_policy = referrer_policy;
        a.extra_headers = extra_headers;
    }
    a.head_only = strcmp(req->method, "HEAD") == 0;
    http_send(c, &a);
}

static void send_failure(http_conn *c, const http_request *req, int status,
                         const char *heading, const char *message,
                         const char *extra_headers)
{
    html_buf page = {0};
    page_failure(heading, message, &page);
    send_page(c, req, status, NULL, extra_headers, &page);
    html_buf_free(&page);
}

static void method_not_allowed(http_conn *c, const http_request *req, const char *allow)
{
    char extra[64];
    snprintf(extra, sizeof extra, "Allow: %s\r\n", allow);
    send_failure(c, req, 405, "Method not allowed",
                 "This page cannot be used that way.", extra);
}

static void show_tenants(panel_app *app, http_conn *c, const http_request *req)
{
    html_buf page = {0};
    page_tenants(app->cfg, &page);
    /* same-origin: the form's POST then carries our Origin, which /open
     * checks; the login redirect itself sets no-referrer. */
    send_page(c, req, 200, "same-origin", NULL, &page);
    html_buf_free(&page);
}

/* Only the panel's own page may start a login: a browser says where a POST
 * comes from in Origin and Sec-Fetch-Site.  (Clients that send neither, such
 * as scripts on the operator's machine, are allowed.) */
static int same_origin(const http_request *req)
{
    char expect[300];
    if (req->fetch_site[0] != '\0' && strcmp(req->fetch_site, "same-origin") != 0 &&
        strcmp(req->fetch_site, "none") != 0)
        return 0;
    if (req->origin[0] == '\0')
        return 1;
    snprintf(expect, sizeof expect, "http://%s", req->host);
    return req->host[0] != '\0' && strcasecmp(req->origin, expect) == 0;
}

/* A login URL is an absolute http(s) URL with no whitespace or control
 * bytes (which could split the header). */
static int usable_url(const char *url)
{
    const unsigned char *p = (const unsigned char *)url;
    if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
        return 0;
    for (; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

static void open_tenant(panel_app *app, http_conn *c, const http_request *req)
{
    char name[256], safe_name[80], heading[160], extra[64];
    const panelctl_tenant *t;
    const char *label;
    auth_result r;
    int st, found, status;
    size_t url_len;

    if (!same_origin(req)) {
        send_failure(c, req, 403, "Request refused",
                     "This request did not come from the panel's own page. Open the "
                     "panel and use its buttons.", NULL);
        weblog("refused a cross-site POST /open");
        return;
    }
    if (!form_is_urlencoded(req->content_type)) {
        send_failure(c, req, 400, "Bad request",
                     "The request was not a form submission.", NULL);
        return;
    }
    found = form_field(req->body, req->body_len, "tenant", name, sizeof name);
    if (found <= 0) {
        send_failure(c, req, 400, "Bad request",
                     found < 0 ? "The request was malformed." : "No tenant was chosen.",
                     NULL);
        return;
    }
    t = panelctl_config_tenant(app->cfg, name);
    if (t == NULL) {
        weblog_sanitize(name, 64, safe_name, sizeof safe_name);
        weblog("POST /open: no tenant '%s' in the configuration", safe_name);
        send_failure(c, req, 404, "Unknown tenant",
                     "There is no such tenant in this panel.", NULL);
        return;
    }
    label = page_provider_label(t->provider);
    snprintf(heading, sizeof heading, "Could not open %s", label);

    auth_result_init(&r);
    st = auth_loader_login(app->loader, t->provider,
                           (const char *const *)t->attributes, &r);
    if (st == AUTH_OK && usable_url(r.redirect_url)) {
        http_answer a;
        memset(&a, 0, sizeof a);
        a.status = 303;
        a.location = r.redirect_url;
        a.referrer_policy = "no-referrer";
        http_send(c, &a);
        auth_result_wipe(&r);
        return;
    }
    url_len = strlen(r.redirect_url);
    auth_result_wipe(&r);
    if (st == AUTH_OK) {
        /* Never echo the URL: only its length says what was wrong. */
        weblog("tenant '%s' (provider %s): the plugin reported success but its "
               "login URL is not an absolute http(s) URL (%zu bytes): report this "
               "to the plugin's authors", t->name, t->provider, url_len);
        send_failure(c, req, 502, heading, fallback_message(502), NULL);
        return;
    }
    status = panel_http_status(st);
    weblog("tenant '%s' (provider %s): %s: %s", t->name, t->provider,
           auth_status_name(st), r.log_message[0] ? r.log_message : auth_strerror(st));
    extra[0] = '\0';
    if (status == 429)
        snprintf(extra, sizeof extra, "Retry-After: %u\r\n",
                 r.retry_after_s > 0 ? (unsigned)r.retry_after_s : 60u);
    /* The user message and nothing else from the result reaches the page. */
    send_failure(c, req, status, heading,
                 r.user_message[0] ? r.user_message : fallback_message(status),
                 extra[0] ? extra : NULL);
}

void panel_handle(void *ctx, http_conn *c, const http_request *req)
{
    panel_app *app = ctx;
    if (strcmp(req->path, "/") == 0) {
        if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0)
            show_tenants(app, c, req);
        else
            method_not_allowed(c, req, "GET, HEAD");
    } else if (strcmp(req->path, "/open") == 0) {
        if (strcmp(req->method, "POST") == 0)
            open_tenant(app, c, req);
        else
            method_not_allowed(c, req, "POST");
    } else {
        send_failure(c, req, 404, "Not found", "There is no such page in this panel.",
                     NULL);
    }
}
