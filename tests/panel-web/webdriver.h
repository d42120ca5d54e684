/*
 * webdriver.h -- a headless Chromium driven through chromedriver's W3C
 * WebDriver HTTP API (libcurl + json-c).
 *
 * The browser gets a fresh HOME whose NSS database trusts exactly the test
 * CA (certutil), so the sandbox's HTTPS pages are verified for real, and a
 * fresh profile directory.  chromedriver runs in its own process group;
 * wd_stop ends the session, the group, and any browser process still using
 * our profile directory.
 *
 * Messages never contain a URL's query (login codes are redacted).
 */
#ifndef PW_WEBDRIVER_H
#define PW_WEBDRIVER_H

#include <stddef.h>

#include "child.h"

typedef struct wd_driver {
    pw_child proc;              /* chromedriver */
    int port;
    char base[64];              /* "http://127.0.0.1:PORT" */
    char session[128];          /* "" when there is none */
    char home[512];             /* HOME for the browser (its NSS db) */
    char profile[512];          /* --user-data-dir */
    char log[512];              /* chromedriver's output */
} wd_driver;

typedef struct wd_paths {
    const char *chromedriver;
    const char *chromium;
    const char *certutil;
    const char *ca_file;        /* the CA the browser must trust */
    const char *workdir;        /* where home/, profile/ and logs go */
} wd_paths;

/* Trust the CA, start chromedriver, open a session.  0, or -1 with the
 * reason (and chromedriver's output) printed; then call wd_stop anyway. */
int wd_start(wd_driver *d, const wd_paths *paths);

/* End the session and every process started for it.  Idempotent. */
void wd_stop(wd_driver *d);

/* Kill (SIGKILL) chromedriver's group and browsers using our profile: for
 * signal handlers (async-signal-safe parts only: kill). */
void wd_kill_now(const wd_driver *d);

int wd_navigate(wd_driver *d, const char *url);
/* The current URL into out[size]. */
int wd_current_url(wd_driver *d, char *out, size_t size);
/* Wait (up to timeout_ms) until the current URL starts with `prefix`; the
 * URL into out[size] either way.  0 when it does, -1 otherwise. */
int wd_wait_url(wd_driver *d, const char *prefix, long timeout_ms, char *out, size_t size);
/* Click the element matching the CSS selector. */
int wd_click(wd_driver *d, const char *css);
/* The page's HTML as the browser serializes it, or its visible text
 * (document.body.innerText); malloc'd, the caller frees.  NULL on error. */
char *wd_page_source(wd_driver *d);
char *wd_page_text(wd_driver *d);
/* The page title into out[size]. */
int wd_title(wd_driver *d, char *out, size_t size);

/* Copy `text` into out[size] with every "code=..." value replaced by
 * "code=<redacted>". */
void wd_redact(const char *text, char *out, size_t size);

#endif
