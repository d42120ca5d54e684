/* fixture.c -- sandboxes, configuration and panel-web for the suites. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int random_hex(char *out, size_t bytes)
{
    unsigned char raw[32];
    size_t i;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (bytes > sizeof raw || fd < 0 || read(fd, raw, bytes) != (ssize_t)bytes) {
        fprintf(stderr, "cannot read /dev/urandom for the test key\n");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    for (i = 0; i < bytes; i++)
        sprintf(out + 2 * i, "%02x", raw[i]);
    return 0;
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out;
    char b[65536];
    size_t n;
    int rc = 0;
    if (in == NULL) {
        fprintf(stderr, "missing prerequisite: cannot read %s: %s\n", from, strerror(errno));
        return -1;
    }
    out = fopen(to, "wb");
    if (out == NULL) {
        fprintf(stderr, "cannot create %s: %s\n", to, strerror(errno));
        fclose(in);
        return -1;
    }
    while ((n = fread(b, 1, sizeof b, in)) > 0)
        if (fwrite(b, 1, n, out) != n)
            rc = -1;
    fclose(in);
    if (fclose(out) != 0 || rc != 0) {
        fprintf(stderr, "cannot write %s\n", to);
        return -1;
    }
    return 0;
}

static int write_config(pw_fixture *f)
{
    char text[8192];
    int n = snprintf(text, sizeof text,
        "{\n"
        "  \"plugin_dir\": \"%s\",\n"
        "  \"providers\": {\n"
        "    \"sendgrid\": {\n"
        "      \"api_key_file\": \"%s\",\n"
        "      \"global_base_url\": \"%s\",\n"
        "      \"eu_base_url\": \"%s\",\n"
        "      \"ca_file\": \"%s\",\n"
        "      \"redirect_hosts\": \"127.0.0.1\",\n"
        "      \"timeout_ms\": 10000\n"
        "    }\n"
        "  },\n"
        "  \"tenants\": {\n"
        "    \"acme\":   { \"provider\": \"sendgrid\", \"account_id\": \"acct-acme\", \"region\": \"global\" },\n"
        "    \"muller\": { \"provider\": \"sendgrid\", \"account_id\": \"acct-muller\", \"region\": \"eu\" },\n"
        "    \"locked\": { \"provider\": \"sendgrid\", \"account_id\": \"script-403\", \"region\": \"eu\" },\n"
        "    \"busy\":   { \"provider\": \"sendgrid\", \"account_id\": \"script-429-seconds\", \"region\": \"global\" },\n"
        "    \"o'hara & <sons> \\\"ltd\\\"\": { \"provider\": \"sendgrid\", \"account_id\": \"acct-odd\", \"region\": \"global\" }\n"
        "  }\n"
        "}\n",
        f->plugin_dir, f->key_path, f->global.base_url, f->eu.base_url, f->ca_file);
    if (n < 0 || (size_t)n >= sizeof text) {
        fprintf(stderr, "the test config does not fit its buffer\n");
        return -1;
    }
    return ts_write_file(f->config_path, text, 0600);
}

int pw_fixture_start(pw_fixture *f)
{
    const char *pki = ts_env_required("TEST_PKI_DIR");
    const char *plugin = ts_env_required("SENDGRID_PLUGIN");
    const char *panel_bin = ts_env_required("PANEL_WEB_BIN");
    char key_text[64], plugin_copy[600];
    ts_sandbox_opts so;
    const char *argv[10];

    memset(f, 0, sizeof *f);
    if (ts_make_tempdir(f->dir, sizeof f->dir) != 0)
        return -1;
    snprintf(f->key_path, sizeof f->key_path, "%s/sendgrid.key", f->dir);
    snprintf(f->config_path, sizeof f->config_path, "%s/panel.json", f->dir);
    snprintf(f->plugin_dir, sizeof f->plugin_dir, "%s/plugins", f->dir);
    snprintf(f->ca_file, sizeof f->ca_file, "%s/ca.pem", pki);
    snprintf(f->panel_port_file, sizeof f->panel_port_file, "%s/panel.port", f->dir);
    snprintf(f->panel_log, sizeof f->panel_log, "%s/panel-web.log", f->dir);
    snprintf(plugin_copy, sizeof plugin_copy, "%s/sendgrid.so", f->plugin_dir);

    if (random_hex(f->api_key, 16) != 0)
        return -1;
    ts_secrets_add(f->api_key);
    snprintf(key_text, sizeof key_text, "%s\n", f->api_key);
    if (ts_write_file(f->key_path, key_text, 0600) != 0)
        return -1;
    /* Only this plugin in the directory panel-web loads. */
    if (mkdir(f->plugin_dir, 0700) != 0 || copy_file(plugin, plugin_copy) != 0)
        return -1;

    memset(&so, 0, sizeof so);
    so.tls = 1;
    so.api_key_file = f->key_path;
    so.region = "global";
    if (ts_sandbox_start(&f->global, &so) != 0)
        goto fail;
    so.region = "eu";
    if (ts_sandbox_start(&f->eu, &so) != 0)
        goto fail;
    if (write_config(f) != 0)
        goto fail;

    argv[0] = panel_bin;
    argv[1] = "-c";
    argv[2] = f->config_path;
    argv[3] = "--listen";
    argv[4] = "127.0.0.1:0";
    argv[5] = "--port-file";
    argv[6] = f->panel_port_file;
    argv[7] = NULL;
    if (pw_child_start(&f->panel, "panel-web", argv, NULL, f->panel_log) != 0)
        goto fail;
    f->panel_port = pw_child_wait_port(&f->panel, f->panel_port_file, 10000);
    if (f->panel_port < 0)
        goto fail;
    snprintf(f->panel_url, sizeof f->panel_url, "http://127.0.0.1:%d", f->panel_port);
    return 0;
fail:
    pw_fixture_stop(f);
    return -1;
}

int pw_fixture_stop_panel(pw_fixture *f)
{
    return pw_child_stop(&f->panel, 35000);
}

void pw_fixture_stop(pw_fixture *f)
{
    pw_child_stop(&f->panel, 5000);
    ts_sandbox_stop(&f->global);
    ts_sandbox_stop(&f->eu);
}

int pw_url_port(const char *url)
{
    const char *p = strstr(url, "://");
    const char *colon;
    if (p == NULL)
        return -1;
    p += 3;
    colon = strchr(p, ':');
    if (colon == NULL || (strchr(p, '/') != NULL && colon > strchr(p, '/')))
        return -1;
    return atoi(colon + 1);
}

void pw_remember_url_secret(const char *url)
{
    const char *q = strchr(url, '?');
    if (q != NULL && q[1] != '\0')
        ts_secrets_add(q + 1);
}
