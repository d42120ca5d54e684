/* SPDX-License-Identifier: MIT */
/* ts_plugin_suite.c -- prerequisites and panels of the suites that run the
 * SendGrid plugin (ts_plugin_suite.h). */
#include "ts_plugin_suite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <panelsso/auth_loader.h>

const char *ts_plugin_suite_prereqs(const char **plugin_path, char *ca_file, size_t ca_size,
                                    char *tmpdir, size_t tmpdir_size)
{
    const char *pki = ts_env_required("TEST_PKI_DIR");
    const char *plugin = ts_env_required("SENDGRID_PLUGIN");
    ts_env_required("SANDBOX_BIN");
    if (plugin_path != NULL)
        *plugin_path = plugin;
    snprintf(ca_file, ca_size, "%s/ca.pem", pki);
    return ts_make_tempdir(tmpdir, tmpdir_size) == 0 ? pki : NULL;
}

int ts_has_piece_of(const char *text, const char *secret, size_t piece)
{
    size_t len = strlen(text);
    for (size_t i = 0; i + piece <= strlen(secret); i++)
        if (memmem(text, len, secret + i, piece) != NULL)
            return 1;
    return 0;
}

const char *const *ts_attrs_of(ts_attrs *b, const char *tenant, const char *account_id,
                               const char *region)
{
    size_t n = 0;
    if (tenant != NULL) {
        snprintf(b->tenant, sizeof b->tenant, "tenant=%s", tenant);
        b->list[n++] = b->tenant;
    }
    if (account_id != NULL) {
        snprintf(b->account_id, sizeof b->account_id, "account_id=%s", account_id);
        b->list[n++] = b->account_id;
    }
    if (region != NULL) {
        snprintf(b->region, sizeof b->region, "region=%s", region);
        b->list[n++] = b->region;
    }
    b->list[n] = NULL;
    return b->list;
}

int ts_panel_open(ts_panel *p, const ts_sendgrid_setup *s)
{
    memset(p, 0, sizeof *p);
    if ((p->log = ts_logcap_new()) == NULL ||
        (p->loader = ts_loader_new(p->log, AUTH_LOG_DEBUG, 0)) == NULL)
        return -1;
    return ts_sendgrid_load(p->loader, "sendgrid", s, NULL) == AUTH_OK ? 0 : -1;
}

void ts_panel_close(ts_panel *p)
{
    auth_loader_destroy(p->loader);
    p->loader = NULL;
    char *text = ts_logcap_text(p->log);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(text, "the plugin's log lines"), 0);
    free(text);
    ts_logcap_free(p->log);
    p->log = NULL;
}

void ts_scan_suite_output(const char *dir, ts_logcap *log, ts_logcap *shown,
                          const char *shown_what, const ts_sandbox *const *sandboxes,
                          size_t n)
{
    /* Through a file, so the lines meet the same scan a file left behind
     * would. */
    char path[600];
    snprintf(path, sizeof path, "%s/logcap.txt", dir);
    FILE *f = fopen(path, "w");
    CU_ASSERT_FATAL(f != NULL);
    ts_logcap_dump_to(log, f);
    fclose(f);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(path), 0);
    remove(path);
    if (shown != NULL) {
        char *shown_text = ts_logcap_text(shown);
        CU_ASSERT_PTR_NOT_NULL(shown_text);
        CU_ASSERT_EQUAL(ts_secrets_scan_text(shown_text, shown_what), 0);
        free(shown_text);
    }
    for (size_t i = 0; i < n; i++)
        CU_ASSERT_EQUAL(ts_secrets_scan_file(sandboxes[i]->log_path), 0);
}
