/* SPDX-License-Identifier: MIT */
/*
 * panelctl -- command-line host for panelsso provider plugins: prints a
 * tenant's one-time login URL, checks a tenant's credentials, manages the
 * tenant's account at the provider, lists plugins; as text, or as one JSON
 * object per command (--json).  See panelctl.1 for the user documentation.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include <panelsso/auth_config.h>
#include <panelsso/auth_loader.h>
#include "args.h"
#include "commands.h"
#include "exit_codes.h"
#include "json_out.h"
#include "output.h"
#include "report.h"
#include "target.h"

#ifndef PANELCTL_VERSION
#define PANELCTL_VERSION "0.0.0"
#endif
#ifndef PANELCTL_DEFAULT_CONFIG
#define PANELCTL_DEFAULT_CONFIG "/etc/panelsso/panelsso.json"
#endif
#ifndef PANELCTL_DEFAULT_PLUGIN_DIR
#define PANELCTL_DEFAULT_PLUGIN_DIR "/usr/lib/panelsso/plugins"
#endif

static void print_help(void)
{
    unsigned i, n;
    const panelctl_exit_row *rows = panelctl_exit_rows(&n);
    printf("usage: panelctl [-v|-vv] [-c FILE] [--plugin-dir DIR] [--json] COMMAND [ARGS]\n"
           "\n"
           "commands (TARGET is a TENANT, or --provider NAME [--attr KEY=VALUE]...):\n"
           "  login [--with-region] TARGET  print the one-time login URL (only it) on\n"
           "                                stdout; with --with-region print \"REGION URL\"\n"
           "                                (REGION is \"-\" if unknown)\n"
           "  check TARGET                  verify the credentials and the provider's\n"
           "                                reachability; prints one OK line\n"
           "  account create TARGET --package NAME [--addon NAME[=QTY]]...\n"
           "          [--email E] [--first-name F] [--last-name L] [--company C]\n"
           "          [--website URL] [--phone P] [--timezone TZ] [--test-account]\n"
           "                                create the account; prints its account_id\n"
           "                                alone (a TENANT must have no account_id yet:\n"
           "                                store the printed one in it)\n"
           "  account state TARGET          print the account's state\n"
           "  account suspend TARGET        suspend it; prints nothing\n"
           "  account unsuspend TARGET      lift the suspension; prints nothing\n"
           "  account offerings TARGET      print its offerings, one \"TYPE NAME QUANTITY\"\n"
           "                                line each\n"
           "  account set-offerings TARGET --package NAME [--addon NAME[=QTY]]...\n"
           "                                replace them; prints the new list as offerings\n"
           "  account delete TARGET         delete the account; prints nothing\n"
           "  catalog TARGET                print the offerings TARGET's region and key may\n"
           "                                assign, as offerings does\n"
           "  plugins                       list loaded plugins (with the account\n"
           "                                operations each runs) and plugins that failed\n"
           "\n"
           "options:\n"
           "  -c, --config FILE     JSON configuration (default %s)\n"
           "      --plugin-dir DIR  load plugins from DIR instead of the config's\n"
           "                        plugin_dir (default %s)\n"
           "      --json            print one JSON object on stdout, for success and\n"
           "                        failure alike: ok, status, status_name, exit_code,\n"
           "                        message, redirect_url, expires_at_ms, retry_after_s,\n"
           "                        user_message, log_message, error_id, region,\n"
           "                        http_status, account_id, state, offerings\n"
           "      --provider NAME   act through provider NAME with exactly the --attr\n"
           "                        attributes, instead of a TENANT of the config\n"
           "      --attr KEY=VALUE  an attribute for --provider (repeatable; each key\n"
           "                        once; 'tenant' is reserved)\n"
           "  -v, --verbose         log to stderr; twice (-vv) for debug lines\n"
           "  -h, --help            show this help and exit\n"
           "  -V, --version         show the version and exit\n"
           "\n"
           "Every failure is one line on stderr (with --json too).\n"
           "\n"
           "exit status:\n",
           PANELCTL_DEFAULT_CONFIG, PANELCTL_DEFAULT_PLUGIN_DIR);
    for (i = 0; i < n; i++)
        printf("  %2d  %s\n", rows[i].code, rows[i].meaning);
    printf("\n"
           "examples:\n"
           "  url=$(panelctl login acme)\n"
           "  panelctl --json account state acme | jq -r 'if .ok then .state else .message end'\n"
           "  panelctl --json login --provider sendgrid --attr account_id=ID --attr region=eu |\n"
           "    jq -j 'if .ok then \"Location: \\(.redirect_url)\\r\\n\" else empty end'\n"
           "  perl -MJSON::PP -e 'open(my $p, \"-|\", qw(panelctl --json catalog acme)) or die;\n"
           "    my $r = decode_json(join \"\", <$p>);\n"
           "    print \"$_->{type} $_->{name}\\n\" for @{$r->{offerings}}'\n"
           "\n"
           "See panelctl(1).\n");
}

/* The plugin directory, checked to be one.  NULL after reporting why
 * not. */
static const char *plugin_dir(const panelctl_args *a, const auth_config *cfg, int *code)
{
    struct stat sb;
    const char *dir = a->plugin_dir != NULL ? a->plugin_dir
                      : auth_config_plugin_dir(cfg) != NULL ? auth_config_plugin_dir(cfg)
                      : PANELCTL_DEFAULT_PLUGIN_DIR;
    int stat_failed = stat(dir, &sb) != 0;
    if (stat_failed || !S_ISDIR(sb.st_mode)) {
        *code = panelctl_fail(a->json, AUTH_ERR_CONFIG, PANELCTL_EXIT_USAGE, NULL,
                              "plugin directory %s: %s: fix plugin_dir in %s or pass "
                              "--plugin-dir", dir,
                              stat_failed ? strerror(errno) : "not a directory",
                              a->config_path);
        return NULL;
    }
    return dir;
}

static int run_command(const panelctl_args *a, const auth_config *cfg, auth_loader *l,
                       const char *dir)
{
    panelctl_target t;
    int code;
    if (a->command == PANELCTL_CMD_PLUGINS) {
        errno = 0;
        if ((a->json ? panelctl_json_print_plugins(l) : panelctl_print_plugins(l)) != AUTH_OK)
            return panelctl_stdout_failed();
        return PANELCTL_EXIT_OK;
    }
    if ((code = panelctl_target_resolve(a, cfg, l, dir, &t)) >= 0)
        return code;
    if (a->command == PANELCTL_CMD_ACCOUNT)
        return panelctl_run_account(a, l, &t);
    return panelctl_run_session(a, l, &t);
}

static int run(const panelctl_args *a)
{
    auth_config *cfg = NULL;
    auth_loader_config lc;
    auth_loader *l = NULL;
    auth_result r;
    int st, code = 0;

    /* The library refuses a file that anyone but root or this user could
     * have written (it chooses the plugins that run here), before reading
     * it. */
    auth_result_init(&r);
    st = auth_config_load(a->config_path, &cfg, &r);
    if (st != AUTH_OK)
        return panelctl_fail_status(a->json, st, NULL, "%s",
                                    r.log_message[0] ? r.log_message : auth_strerror(st));
    const char *dir = plugin_dir(a, cfg, &code);
    if (dir == NULL) {
        auth_config_free(cfg);
        return code;
    }

    memset(&lc, 0, sizeof lc);
    lc.struct_size = sizeof lc;
    lc.log = panelctl_log_level() >= 0 ? panelctl_loader_log : NULL;
    lc.log_level = panelctl_log_level() >= 0 ? panelctl_log_level() : AUTH_LOG_ERROR;
    /* A plugin in the directory with no providers.NAME entry still loads,
     * with no settings (documented in panelctl.1). */
    lc.settings_for = auth_config_settings_for;
    lc.settings_ctx = cfg;
    auth_result_init(&r);
    st = auth_loader_create(&lc, &l, &r);
    if (st != AUTH_OK) {
        code = panelctl_fail_status(a->json, st, NULL, "cannot create the plugin loader: "
                                    "%s: %s",
                                    r.log_message[0] ? r.log_message : auth_strerror(st),
                                    panelctl_advice_for_status(st));
        auth_config_free(cfg);
        return code;
    }
    size_t loaded = auth_loader_load_dir(l, dir);
    panelctl_log(AUTH_LOG_INFO, "loaded %zu plugin(s) from %s, %zu failed", loaded, dir,
                 auth_loader_failure_count(l));
    code = run_command(a, cfg, l, dir);
    auth_loader_destroy(l);
    auth_config_free(cfg);
    return code;
}

int main(int argc, char **argv)
{
    panelctl_args a;
    int code;
    /* Plugins read API keys into this process and hand back one-time URLs:
     * no core dump may hold them, and no other process of the same user may
     * ptrace this one or read its memory through /proc.  Before anything
     * is loaded. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        panelctl_error("cannot turn off core dumps (prctl PR_SET_DUMPABLE: %s): "
                       "report this as a bug, with your kernel version", strerror(errno));
        return PANELCTL_EXIT_INTERNAL;
    }
    if (panelctl_args_parse(argc, argv, &a) != 0) {
        code = panelctl_fail(a.json, AUTH_ERR_INVALID_REQUEST, PANELCTL_EXIT_USAGE, NULL,
                             "%s", a.error);
    } else if (a.help) {
        print_help();
        code = fflush(stdout) == 0 ? PANELCTL_EXIT_OK : panelctl_stdout_failed();
    } else if (a.version) {
        if (a.json) {
            errno = 0;
            code = panelctl_json_print_version(PANELCTL_VERSION) == AUTH_OK
                       ? PANELCTL_EXIT_OK : panelctl_stdout_failed();
        } else {
            printf("panelctl %s (auth_provider ABI %d.%d)\n", PANELCTL_VERSION,
                   AUTH_PROVIDER_ABI_MAJOR, AUTH_PROVIDER_ABI_MINOR);
            code = fflush(stdout) == 0 ? PANELCTL_EXIT_OK : panelctl_stdout_failed();
        }
    } else {
        panelctl_set_log_level(a.verbose == 0 ? -1
                               : a.verbose == 1 ? AUTH_LOG_INFO : AUTH_LOG_DEBUG);
        code = run(&a);
    }
    panelctl_args_free(&a);
    return code;
}
