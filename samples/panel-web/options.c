/* options.c -- getopt_long over panel-web's few options. */
#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#ifndef PANEL_WEB_VERSION
#define PANEL_WEB_VERSION "dev"
#endif

enum { OPT_LISTEN = 256, OPT_PORT_FILE, OPT_PLUGIN_DIR, OPT_VERSION };

static void usage(FILE *out)
{
    fprintf(out,
            "usage: panel-web -c CONFIG [--listen 127.0.0.1:PORT] [--port-file FILE]\n"
            "                 [--plugin-dir DIR] [-v]...\n"
            "A sample control panel: lists the tenants of CONFIG (the panelctl JSON\n"
            "format) and logs them in to their provider with one click.\n"
            "  -c, --config FILE   the configuration (required)\n"
            "  --listen ADDR:PORT  loopback address to serve plain HTTP on\n"
            "                      (default 127.0.0.1:8080; port 0 picks a free one)\n"
            "  --port-file FILE    write the port there once listening\n"
            "  --plugin-dir DIR    load plugins from DIR instead of plugin_dir\n"
            "  -v, --verbose       log plugin info (-v) and debug (-vv) lines\n"
            "  -h, --help          this text\n"
            "  --version           print the version\n");
}

int panel_options_parse(int argc, char **argv, panel_options *o)
{
    static const struct option longs[] = {
        {"config", required_argument, NULL, 'c'},
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"port-file", required_argument, NULL, OPT_PORT_FILE},
        {"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0}};
    int ch;
    memset(o, 0, sizeof *o);
    o->listen = "127.0.0.1:8080";
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":c:vh", longs, NULL)) != -1) {
        switch (ch) {
        case 'c': o->config = optarg; break;
        case OPT_LISTEN: o->listen = optarg; break;
        case OPT_PORT_FILE: o->port_file = optarg; break;
        case OPT_PLUGIN_DIR: o->plugin_dir = optarg; break;
        case 'v': o->verbosity++; break;
        case 'h': usage(stdout); return 0;
        case OPT_VERSION: printf("panel-web %s\n", PANEL_WEB_VERSION); return 0;
        case ':':
            fprintf(stderr, "panel-web: option %s needs a value: see --help\n",
                    argv[optind - 1]);
            return 2;
        default:
            fprintf(stderr, "panel-web: unknown option %s: see --help\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "panel-web: unexpected argument '%s': see --help\n", argv[optind]);
        return 2;
    }
    if (o->config == NULL) {
        fprintf(stderr, "panel-web: no configuration: pass -c CONFIG (see --help)\n");
        return 2;
    }
    return -1;
}
