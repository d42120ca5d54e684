/* SPDX-License-Identifier: MIT */
/* Parsing and validating the provider's init settings (key=value vector). */
#ifndef SG_SETTINGS_H
#define SG_SETTINGS_H

#include <stddef.h>
#include <panelsso/auth_provider.h>

enum sg_region { SG_REGION_GLOBAL = 0, SG_REGION_EU = 1, SG_REGION_COUNT = 2 };

#define SG_MAX_REDIRECT_HOSTS 32

/* One allowed redirect host: exact ("sendgrid.com") or a subdomain wildcard
 * ("*.sendgrid.com" stored as suffix ".sendgrid.com"). */
typedef struct sg_host_pattern {
    char text[256];      /* lower-case host, or ".suffix" for a wildcard */
    int wildcard;
} sg_host_pattern;

typedef struct sg_settings {
    /* Where the keys come from (paths/env names; not the keys themselves). */
    char *api_key_file, *api_key_env;
    char *eu_api_key_file, *eu_api_key_env;
    char *base_url[SG_REGION_COUNT];   /* without trailing '/' */
    int base_is_http[SG_REGION_COUNT]; /* http:// to a loopback host */
    enum sg_region default_region;
    sg_host_pattern redirect_hosts[SG_MAX_REDIRECT_HOSTS];
    size_t redirect_host_count;
    char *ca_file;                     /* NULL: the system's bundle */
    long timeout_ms;
    long connect_timeout_ms;           /* never above timeout_ms (default:
                                          the smaller of 3000 and it) */
    long max_retries;
    char *proxy;                       /* NULL: none; "env": environment;
                                          never with a plain-http base URL */
    long max_idle_connections;
} sg_settings;

/* Parses `settings` into *out (zeroed first).  Returns AUTH_OK, or
 * AUTH_ERR_CONFIG with a sentence in `err` naming the key and what to do.
 * Strings in *out are owned by *out: free with sg_settings_free. */
int sg_settings_parse(const char *const *settings, sg_settings *out,
                      char *err, size_t err_size);
void sg_settings_free(sg_settings *s);

const char *sg_region_name(enum sg_region r);
/* Parses "global" / "eu"; returns 0 and sets *out, or -1. */
int sg_region_parse(const char *text, enum sg_region *out);

/* Is `host` (as in a URL, IPv6 without brackets) a loopback host? */
int sg_host_is_loopback(const char *host);

#endif
