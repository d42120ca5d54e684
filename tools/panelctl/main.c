/*
 * panelctl -- command-line host for panelsso provider plugins: prints a
 * tenant's one-time login URL, checks a tenant's credentials, lists plugins.
 * See panelctl.1 for the user documentation.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* getopt_long */
#endif
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include <panelsso/auth_config.h>
#include <panelsso/auth_loader.h>
#include "exit_codes.h"
#include "output.h"

#ifndef PANELCTL_VERSION
#define PANELCTL_VERSION "0.0.0"
#endif
#ifndef PANELCTL_DEFAULT_CONFIG
#define PANELCTL_DEFAULT_CONFIG "/etc/panelsso/panelsso.json"
#endif
#ifndef PANELCTL_DEFAULT_PLUGIN_DIR
#define PANELCTL_DEFAULT_PLUGIN_DIR "/usr/lib/panelsso/plugins"
#endif

#define HINT "run 'panelctl --help' for usage"

typedef struct options {
    const char *config_path;
    const char *plugin_dir;     /* --plugin-dir, or NULL */
    int verbose;
    int with_region;
    const char *command;
    const char *tenant;
} options;

static void print_help(void)
{
    unsigned i, n;
    const panelctl_exit_row *rows = panelctl_exit_rows(&n);
    printf("usage: panelctl [-v|-vv] [-c FILE] [--plugin-dir DIR] COMMAND [ARGS]\n"
           "\n"
           "commands:\n"
           "  login [--with-region] TENANT  print TENANT's one-time login URL (only it)\n"
           "                                on stdout; with --with-region print\n"
           "                                \"REGION URL\" (REGION is \"-\" if unknown)\n"
           "  check TENANT                  verify TENANT's credentials and the\n"
           "                                provider's reachability; prints one OK line\n"
           "  plugins                       list loaded plugins and plugins that failed\n"
           "\n"
           "options:\n"
           "  -c, --config FILE     JSON configuration (default %s)\n"
           "      --plugin-dir DIR  load plugins from DIR instead of the config's\n"
           "                        plugin_dir (default %s)\n"
           "  -v, --verbose         log to stderr; twice (-vv) for debug lines\n"
           "  -h, --help            show this help and exit\n"
           "  -V, --version         show the version and exit\n"
           "\n"
           "exit status:\n",
           PANELCTL_DEFAULT_CONFIG, PANELCTL_DEFAULT_PLUGIN_DIR);
    for (i = 0; i < n; i++)
        printf("  %2d  %s\n", rows[i].code, rows[i].meaning);
    printf("\nSee panelctl(1).\n");
}

/* Returns -1 to go on, or the exit code to stop with. */
static int parse_args(int argc, char **argv, options *o)
{
    enum { OPT_PLUGIN_DIR = 256, OPT_WITH_REGION };
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},
        {"with-region", no_argument, NULL, OPT_WITH_REGION},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int c;
    memset(o, 0, sizeof *o);
    o->config_path = PANELCTL_DEFAULT_CONFIG;
    opterr = 0; /* our own one-line messages instead of getopt's */
    while ((c = getopt_long(argc, argv, ":c:vhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': o->config_path = optarg; break;
        case OPT_PLUGIN_DIR: o->plugin_dir = optarg; break;
        case OPT_WITH_REGION: o->with_region = 1; break;
        case 'v': o->verbose++; break;
        case 'h': print_help(); return PANELCTL_EXIT_OK;
        case 'V':
            printf("panelctl %s (auth_provider ABI %d.%d)\n", PANELCTL_VERSION,
                   AUTH_PROVIDER_ABI_MAJOR, AUTH_PROVIDER_ABI_MINOR);
            return PANELCTL_EXIT_OK;
        case ':':
            panelctl_error("option %s needs an argument: %s", argv[optind - 1], HINT);
            return PANELCTL_EXIT_USAGE;
        default:
            if (optopt != 0)
                panelctl_error("unknown option -%c: %s", optopt, HINT);
            else
                panelctl_error("unknown option %s: %s", argv[optind - 1], HINT);
            return PANELCTL_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        panelctl_error("no command given: %s", HINT);
        return PANELCTL_EXIT_USAGE;
    }
    o->command = argv[optind++];
    if (strcmp(o->command, "plugins") == 0) {
        if (optind != argc) {
            panelctl_error("'plugins' takes no arguments, got '%s': %s", argv[optind], HINT);
            return PANELCTL_EXIT_USAGE;
        }
    } else if (strcmp(o->command, "login") == 0 || strcmp(o->command, "check") == 0) {
        if (optind >= argc) {
            panelctl_error("'%s' needs a TENANT: %s", o->command, HINT);
            return PANELCTL_EXIT_USAGE;
        }
        o->tenant = argv[optind++];
        if (optind != argc) {
            panelctl_error("'%s' takes one TENANT, got also '%s': %s", o->command,
                           argv[optind], HINT);
            return PANELCTL_EXIT_USAGE;
        }
    } else {
        panelctl_error("unknown command '%s': use login, check or plugins (%s)",
                       o->command, HINT);
        return PANELCTL_EXIT_USAGE;
    }
    if (o->with_region && strcmp(o->command, "login") != 0) {
        panelctl_error("--with-region only applies to 'login': %s", HINT);
        return PANELCTL_EXIT_USAGE;
    }
    return -1;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

/* The loader's failure reason for the file DIR/NAME.so, or NULL. */
static const char *failure_for(const auth_loader *l, const char *name)
{
    size_t i, n = auth_loader_failure_count(l), len = strlen(name);
    for (i = 0; i < n; i++) {
        const char *file = NULL, *reason = NULL;
        const char *b;
        if (auth_loader_failure(l, i, &file, &reason) != AUTH_OK || file == NULL)
            continue;
        b = base_name(file);
        if (strncmp(b, name, len) == 0 && strcmp(b + len, ".so") == 0)
            return reason != NULL ? reason : "unknown reason";
    }
    return NULL;
}

/* The loader's reason for refusing the directory itself, or NULL. */
static const char *directory_failure(const auth_loader *l, const char *dir)
{
    size_t i, n = auth_loader_failure_count(l);
    for (i = 0; i < n; i++) {
        const char *file = NULL, *reason = NULL;
        if (auth_loader_failure(l, i, &file, &reason) == AUTH_OK && file != NULL &&
            strcmp(file, dir) == 0)
            return reason != NULL ? reason : "unknown reason";
    }
    return NULL;
}

/* A provider's answer that panelctl will not print: the URL or region holds
 * a byte that could drive the terminal or split the line.  The text is not
 * quoted: a URL is a secret, and the bytes are the problem. */
static int refuse_unprintable(const char *command, const auth_config_tenant *t,
                              const char *field, const char *why)
{
    panelctl_error("%s for tenant '%s' failed (%s): provider '%s' returned %s holding "
                   "%s, which panelctl does not write to the terminal: report this "
                   "bug in the plugin", command, t->name,
                   auth_status_name(AUTH_ERR_PROTOCOL), t->provider, field, why);
    return panelctl_exit_for_status(AUTH_ERR_PROTOCOL);
}

static int report_failure(const char *what, const auth_config_tenant *t, int status,
                          const auth_result *r)
{
    const char *detail = r->log_message[0] != '\0' ? r->log_message
                                                   : auth_strerror(status);
    if ((status == AUTH_ERR_RATE_LIMITED || status == AUTH_ERR_UNAVAILABLE) &&
        r->retry_after_s > 0)
        panelctl_error("%s for tenant '%s' failed (%s): %s: retry in %u seconds "
                       "(the provider's retry_after_s)",
                       what, t->name, auth_status_name(status), detail,
                       (unsigned)r->retry_after_s);
    else
        panelctl_error("%s for tenant '%s' failed (%s): %s: %s", what, t->name,
                       auth_status_name(status), detail,
                       panelctl_advice_for_status(status));
    return panelctl_exit_for_status(status);
}

/* The tenant names, comma-separated, into buf ("(none)" when there are
 * none); truncated to fit. */
static void tenant_names(const auth_config *cfg, char *buf, size_t size)
{
    size_t used = 0, n = auth_config_tenant_count(cfg);
    snprintf(buf, size, "%s", n == 0 ? "(none)" : "");
    for (size_t i = 0; i < n && used < size; i++) {
        auth_config_tenant t;
        if (auth_config_tenant_get(cfg, i, &t) != AUTH_OK)
            break;
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", t.name);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static int run_tenant_command(const options *o, const auth_config *cfg,
                              auth_loader *l, const char *dir)
{
    auth_config_tenant tenant;
    const auth_config_tenant *t = &tenant;
    int is_login = strcmp(o->command, "login") == 0;
    auth_result r;
    int st;
    if (auth_config_tenant_find(cfg, o->tenant, &tenant) != AUTH_OK) {
        char names[1024];
        tenant_names(cfg, names, sizeof names);
        panelctl_error("unknown tenant '%s' in %s: use one of: %s", o->tenant,
                       o->config_path, names);
        return PANELCTL_EXIT_USAGE;
    }
    if (!auth_loader_has(l, t->provider)) {
        const char *reason = failure_for(l, t->provider);
        const char *refused_dir = directory_failure(l, dir);
        if (reason == NULL && refused_dir != NULL)
            panelctl_error("tenant '%s' uses provider '%s', but the plugin directory %s "
                           "was not loaded: %s", t->name, t->provider, dir, refused_dir);
        else if (reason != NULL)
            panelctl_error("tenant '%s' uses provider '%s', which failed to load: %s: "
                           "fix the plugin or providers.%s in %s",
                           t->name, t->provider, reason, t->provider, o->config_path);
        else
            panelctl_error("tenant '%s' uses provider '%s', but there is no plugin named "
                           "%s in %s: install %s.so there or fix tenants.%s.provider",
                           t->name, t->provider, t->provider, dir, t->provider, t->name);
        return PANELCTL_EXIT_USAGE;
    }
    auth_result_init(&r);
    panelctl_log(AUTH_LOG_DEBUG, "%s for tenant '%s' through provider '%s'",
                 o->command, t->name, t->provider);
    if (is_login)
        st = auth_loader_login(l, t->provider, t->attributes, &r);
    else
        st = auth_loader_check(l, t->provider, t->attributes, &r);
    if (st != AUTH_OK) {
        auth_result_wipe(&r);
        return report_failure(o->command, t, st, &r);
    }
    if (is_login) {
        char expiry[32], why[96];
        char line[AUTH_URL_MAX + sizeof r.region + 2];
        const char *region = r.region[0] != '\0' ? r.region : "-";
        if (r.redirect_url[0] == '\0') {
            panelctl_error("login for tenant '%s': provider '%s' reported success but "
                           "gave no login URL: report this bug in the plugin",
                           t->name, t->provider);
            return PANELCTL_EXIT_INTERNAL;
        }
        if (panelctl_check_word(r.redirect_url, why, sizeof why) != 0) {
            auth_result_wipe(&r);
            return refuse_unprintable("login", t, "a login URL", why);
        }
        if (o->with_region && panelctl_check_word(region, why, sizeof why) != 0) {
            auth_result_wipe(&r);
            return refuse_unprintable("login", t, "a region", why);
        }
        panelctl_format_time(r.expires_at_ms, expiry, sizeof expiry);
        /* Region and expiry only: the URL itself is a secret. */
        panelctl_log(AUTH_LOG_INFO, "login for tenant '%s': region %s answered; the URL %s%s",
                     t->name, region, r.expires_at_ms > 0 ? "expires at " : "expiry is ",
                     expiry);
        if (o->with_region)
            snprintf(line, sizeof line, "%s %s", region, r.redirect_url);
        else
            snprintf(line, sizeof line, "%s", r.redirect_url);
        st = panelctl_print_line(line);
        auth_result_wipe(&r);
        {   /* the copy in `line` is as secret as the original */
            volatile char *p = line;
            size_t i;
            for (i = 0; i < sizeof line; i++)
                p[i] = 0;
        }
        if (st != AUTH_OK) {
            panelctl_error("cannot write the login URL to standard output: %s: "
                           "check where stdout goes", strerror(errno));
            return PANELCTL_EXIT_INTERNAL;
        }
        return PANELCTL_EXIT_OK;
    }
    {
        char line[256], why[96];
        if (r.region[0] != '\0' && panelctl_check_word(r.region, why, sizeof why) != 0)
            return refuse_unprintable("check", t, "a region", why);
        if (r.region[0] != '\0')
            snprintf(line, sizeof line, "OK: tenant '%s' (provider %s, region %s): "
                     "credentials and connection verified", t->name, t->provider, r.region);
        else
            snprintf(line, sizeof line, "OK: tenant '%s' (provider %s): "
                     "credentials and connection verified", t->name, t->provider);
        if (panelctl_print_line(line) != AUTH_OK) {
            panelctl_error("cannot write to standard output: %s: check where stdout goes",
                           strerror(errno));
            return PANELCTL_EXIT_INTERNAL;
        }
    }
    return PANELCTL_EXIT_OK;
}

static int run(const options *o)
{
    auth_config *cfg = NULL;
    const char *dir;
    struct stat sb;
    auth_loader_config lc;
    auth_loader *l = NULL;
    auth_result r;
    int st, code, stat_failed;
    size_t loaded;

    /* The library refuses a file that anyone but root or this user could
     * have written (it chooses the plugins that run here), before reading
     * it. */
    auth_result_init(&r);
    st = auth_config_load(o->config_path, &cfg, &r);
    if (st != AUTH_OK) {
        panelctl_error("%s", r.log_message[0] ? r.log_message : auth_strerror(st));
        return panelctl_exit_for_status(st);
    }
    dir = o->plugin_dir != NULL ? o->plugin_dir
          : auth_config_plugin_dir(cfg) != NULL ? auth_config_plugin_dir(cfg)
          : PANELCTL_DEFAULT_PLUGIN_DIR;
    stat_failed = stat(dir, &sb) != 0;
    if (stat_failed || !S_ISDIR(sb.st_mode)) {
        panelctl_error("plugin directory %s: %s: fix plugin_dir in %s or pass --plugin-dir",
                       dir, stat_failed ? strerror(errno) : "not a directory",
                       o->config_path);
        auth_config_free(cfg);
        return PANELCTL_EXIT_USAGE;
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
        panelctl_error("cannot create the plugin loader: %s: %s",
                       r.log_message[0] ? r.log_message : auth_strerror(st),
                       panelctl_advice_for_status(st));
        auth_config_free(cfg);
        return panelctl_exit_for_status(st);
    }
    loaded = auth_loader_load_dir(l, dir);
    panelctl_log(AUTH_LOG_INFO, "loaded %zu plugin(s) from %s, %zu failed", loaded, dir,
                 auth_loader_failure_count(l));

    if (strcmp(o->command, "plugins") == 0) {
        if (panelctl_print_plugins(l) != AUTH_OK) {
            panelctl_error("cannot write to standard output: %s: check where stdout goes",
                           strerror(errno));
            code = PANELCTL_EXIT_INTERNAL;
        } else {
            code = PANELCTL_EXIT_OK;
        }
    } else {
        code = run_tenant_command(o, cfg, l, dir);
    }
    auth_loader_destroy(l);
    auth_config_free(cfg);
    return code;
}

int main(int argc, char **argv)
{
    options o;
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
    code = parse_args(argc, argv, &o);
    if (code >= 0)
        return code;
    panelctl_set_log_level(o.verbose == 0 ? -1
                           : o.verbose == 1 ? AUTH_LOG_INFO : AUTH_LOG_DEBUG);
    return run(&o);
}
