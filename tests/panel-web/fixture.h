/*
 * fixture.h -- what both panel-web suites run against: two HTTPS sandboxes
 * (global and EU) with the test PKI and a random partner key, a config that
 * points the real SendGrid plugin at them, and panel-web serving it.
 *
 * Environment (set by ctest): TEST_PKI_DIR, SANDBOX_BIN, SENDGRID_PLUGIN (the
 * sendgrid.so file), PANEL_WEB_BIN.
 *
 * Tenants in the config:
 *   acme     global  acct-acme
 *   muller   eu      acct-muller
 *   locked   eu      script-403          (SendGrid answers 403)
 *   busy     global  script-429-seconds  (SendGrid answers 429, reset 30 s)
 *   odd      global  acct-odd, named PW_ODD_TENANT (HTML-special characters)
 */
#ifndef PW_FIXTURE_H
#define PW_FIXTURE_H

#include "child.h"
#include "testsupport.h"

#define PW_ODD_TENANT "o'hara & <sons> \"ltd\""

typedef struct pw_fixture {
    char dir[256];              /* private temporary directory */
    char api_key[40];           /* the random partner key (SECRET) */
    char key_path[512];
    char config_path[512];
    char plugin_dir[512];
    char ca_file[512];          /* the test CA */
    ts_sandbox global, eu;
    pw_child panel;
    char panel_port_file[512];
    char panel_log[512];        /* panel-web's stderr */
    int panel_port;
    char panel_url[64];         /* "http://127.0.0.1:PORT" */
} pw_fixture;

/* Start everything; 0, or -1 with the reason printed (whatever started is
 * stopped again). */
int pw_fixture_start(pw_fixture *f);

/* Stop panel-web (SIGTERM) and return its exit status, -1 if not running. */
int pw_fixture_stop_panel(pw_fixture *f);

/* Stop everything still running.  Idempotent. */
void pw_fixture_stop(pw_fixture *f);

/* The port of an http(s) URL, or -1. */
int pw_url_port(const char *url);

/* Remember a login URL's secret (its query) for ts_secrets scans. */
void pw_remember_url_secret(const char *url);

#endif
