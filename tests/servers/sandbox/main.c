/* main.c -- the SendGrid partner-API sandbox: a loopback stand-in for
 * api.sendgrid.com's SSO and offerings operations, with scripted failures.
 * See README.md. */
#include <stdio.h>
#include <unistd.h>

#include "codes.h"
#include "listener.h"
#include "options.h"
#include "reqlog.h"
#include "sandbox.h"
#include "scripts.h"
#include "stats.h"
#include "tls.h"

sbx_config g_cfg;

int main(int argc, char **argv)
{
    if (options_parse(argc, argv, &g_cfg) != 0)
        return 2;
    if (reqlog_open(g_cfg.log_file) != 0)
        return 1;
    if (stats_init() != 0 || codes_init(g_cfg.code_ttl_s) != 0 || scripts_init() != 0) {
        fputs("sandbox: out of memory at start-up\n", stderr);
        return 1;
    }
    if (g_cfg.tls_cert) {
        g_cfg.ssl_ctx = tls_server_ctx(g_cfg.tls_cert, g_cfg.tls_key);
        if (!g_cfg.ssl_ctx)
            return 1;
    }
    int rc = listener_run();
    /* Connection threads may be mid-request; _exit skips the library
     * destructors (OpenSSL's among them) that they could still be using. */
    fflush(stderr);
    _exit(rc);
}
