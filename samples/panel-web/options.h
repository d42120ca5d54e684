/*
 * options.h -- panel-web's command line.
 */
#ifndef PANEL_WEB_OPTIONS_H
#define PANEL_WEB_OPTIONS_H

typedef struct panel_options {
    const char *config;         /* -c FILE (required) */
    const char *listen;         /* --listen HOST:PORT, default 127.0.0.1:8080 */
    const char *port_file;      /* --port-file FILE or NULL */
    const char *plugin_dir;     /* --plugin-dir DIR or NULL */
    int verbosity;              /* -v count: 0 warnings, 1 info, 2 debug */
} panel_options;

/* Parse argv into *o.  Returns -1 to go on, or an exit status: 0 after
 * --help/--version, 2 on a usage error (explained on stderr). */
int panel_options_parse(int argc, char **argv, panel_options *o);

#endif
