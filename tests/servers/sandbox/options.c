/* SPDX-License-Identifier: MIT */
/* options.c -- parses the sandbox's command line into sbx_config. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fputs("usage: sandbox --api-key-file FILE [--listen ADDR:PORT] [--port-file FILE]\n"
          "               [--tls-cert FILE --tls-key FILE] [--region NAME]\n"
          "               [--account ID]... [--login-host HOST] [--slow-ms N]\n"
          "               [--code-ttl-s N] [--log-file FILE]\n"
          "See tests/servers/sandbox/README.md.\n", out);
}

static int parse_long(const char *opt, const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max) {
        fprintf(stderr, "sandbox: %s wants a number from %ld to %ld, got \"%s\"\n",
                opt, min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* "ADDR:PORT" or "[V6ADDR]:PORT". */
static int parse_listen(const char *s, sbx_config *cfg)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || !colon[1]) {
        fprintf(stderr, "sandbox: --listen wants ADDR:PORT, got \"%s\"\n", s);
        return -1;
    }
    size_t hlen = (size_t)(colon - s);
    if (hlen >= sizeof cfg->listen_host || strlen(colon + 1) >= sizeof cfg->listen_port) {
        fprintf(stderr, "sandbox: --listen value is too long\n");
        return -1;
    }
    memcpy(cfg->listen_host, s, hlen);
    cfg->listen_host[hlen] = '\0';
    strcpy(cfg->listen_port, colon + 1);
    long port;
    if (parse_long("--listen port", cfg->listen_port, 0, 65535, &port))
        return -1;
    if (cfg->listen_host[0] == '[') {
        if (hlen < 3 || cfg->listen_host[hlen - 1] != ']') {
            fprintf(stderr, "sandbox: --listen: unbalanced brackets in \"%s\"\n", s);
            return -1;
        }
        memcpy(cfg->bind_host, cfg->listen_host + 1, hlen - 2);
        cfg->bind_host[hlen - 2] = '\0';
    } else {
        strcpy(cfg->bind_host, cfg->listen_host);
    }
    return 0;
}

static int read_key(const char *path, sbx_config *cfg)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "sandbox: cannot open --api-key-file %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t n = fread(cfg->api_key, 1, sizeof cfg->api_key - 1, f);
    int big = !feof(f) && fgetc(f) != EOF;
    fclose(f);
    if (big) {
        fprintf(stderr, "sandbox: --api-key-file %s is too large (max %zu bytes)\n",
                path, sizeof cfg->api_key - 2);
        return -1;
    }
    while (n && (cfg->api_key[n - 1] == '\n' || cfg->api_key[n - 1] == '\r'))
        n--;
    cfg->api_key[n] = '\0';
    if (n == 0 || memchr(cfg->api_key, '\0', n)) {
        fprintf(stderr, "sandbox: --api-key-file %s holds no usable key\n", path);
        return -1;
    }
    cfg->api_key_len = n;
    return 0;
}

int sbx_options_parse(int argc, char **argv, sbx_config *cfg)
{
    enum { O_LISTEN = 1, O_PORTFILE, O_CERT, O_KEY, O_REGION, O_KEYFILE,
           O_ACCOUNT, O_LOGINHOST, O_SLOW, O_TTL, O_LOG, O_HELP };
    static const struct option opts[] = {
        {"listen", required_argument, NULL, O_LISTEN},
        {"port-file", required_argument, NULL, O_PORTFILE},
        {"tls-cert", required_argument, NULL, O_CERT},
        {"tls-key", required_argument, NULL, O_KEY},
        {"region", required_argument, NULL, O_REGION},
        {"api-key-file", required_argument, NULL, O_KEYFILE},
        {"account", required_argument, NULL, O_ACCOUNT},
        {"login-host", required_argument, NULL, O_LOGINHOST},
        {"slow-ms", required_argument, NULL, O_SLOW},
        {"code-ttl-s", required_argument, NULL, O_TTL},
        {"log-file", required_argument, NULL, O_LOG},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0}};
    const char *key_file = NULL;

    memset(cfg, 0, sizeof *cfg);
    cfg->region = "global";
    cfg->slow_ms = 5000;
    cfg->code_ttl_s = 60;
    if (parse_listen("127.0.0.1:0", cfg))
        return -1;

    int c;
    opterr = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_LISTEN: if (parse_listen(optarg, cfg)) return -1; break;
        case O_PORTFILE: cfg->port_file = optarg; break;
        case O_CERT: cfg->tls_cert = optarg; break;
        case O_KEY: cfg->tls_key = optarg; break;
        case O_REGION: cfg->region = optarg; break;
        case O_KEYFILE: key_file = optarg; break;
        case O_ACCOUNT: {
            char **grown = realloc(cfg->accounts, (cfg->n_accounts + 1) * sizeof *grown);
            if (!grown) { fputs("sandbox: out of memory\n", stderr); return -1; }
            cfg->accounts = grown;
            cfg->accounts[cfg->n_accounts++] = optarg;
            break;
        }
        case O_LOGINHOST: cfg->login_host = optarg; break;
        case O_SLOW: if (parse_long("--slow-ms", optarg, 0, 3600000, &cfg->slow_ms)) return -1; break;
        case O_TTL: if (parse_long("--code-ttl-s", optarg, 0, 86400 * 365, &cfg->code_ttl_s)) return -1; break;
        case O_LOG: cfg->log_file = optarg; break;
        case O_HELP: usage(stdout); exit(0);
        default: usage(stderr); return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "sandbox: unexpected argument \"%s\"\n", argv[optind]);
        usage(stderr);
        return -1;
    }
    if (!key_file) {
        fputs("sandbox: --api-key-file is required (the partner key clients must send)\n", stderr);
        usage(stderr);
        return -1;
    }
    if (!cfg->tls_cert != !cfg->tls_key) {
        fputs("sandbox: --tls-cert and --tls-key go together\n", stderr);
        return -1;
    }
    if (!cfg->region[0] || strpbrk(cfg->region, "<>&\"'\r\n")) {
        fputs("sandbox: --region must be a plain non-empty label\n", stderr);
        return -1;
    }
    if (!cfg->login_host)
        cfg->login_host = cfg->listen_host;
    cfg->scheme = cfg->tls_cert ? "https" : "http";
    return read_key(key_file, cfg);
}
