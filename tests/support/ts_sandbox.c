/* SPDX-License-Identifier: MIT */
/* ts_sandbox.c -- starts and stops the sandbox binary as a child process. */
#include "testsupport.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define START_TIMEOUT_MS 10000
#define MAX_ARGS 64

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int read_port(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int port = -1;
    if (fscanf(f, "%d", &port) != 1)
        port = -1;
    fclose(f);
    return port;
}

int ts_sandbox_start(ts_sandbox *sb, const ts_sandbox_opts *opts)
{
    memset(sb, 0, sizeof *sb);
    const char *bin = ts_env_required("SANDBOX_BIN");
    if (!opts || !opts->api_key_file) {
        fprintf(stderr, "ts_sandbox_start: opts->api_key_file is required\n");
        return -1;
    }
    if (access(bin, X_OK) != 0) {
        fprintf(stderr, "missing prerequisite: SANDBOX_BIN=%s is not an executable: %s\n",
                bin, strerror(errno));
        return -1;
    }
    if (ts_make_tempdir(sb->dir, sizeof sb->dir) != 0)
        return -1;

    char cert[512], key[512], port_file[512];
    const char *region = opts->region ? opts->region : "global";
    snprintf(sb->region, sizeof sb->region, "%s", region);
    snprintf(port_file, sizeof port_file, "%s/port", sb->dir);
    snprintf(sb->stderr_path, sizeof sb->stderr_path, "%s/stderr.txt", sb->dir);
    if (opts->log_file)
        snprintf(sb->log_path, sizeof sb->log_path, "%s", opts->log_file);
    else
        snprintf(sb->log_path, sizeof sb->log_path, "%s/sandbox.log", sb->dir);
    sb->tls = opts->tls ? 1 : 0;
    if (sb->tls) {
        const char *pki = (opts->cert_file && opts->key_file) ? NULL
                                                              : ts_env_required("TEST_PKI_DIR");
        snprintf(cert, sizeof cert, "%s", opts->cert_file ? opts->cert_file : "");
        snprintf(key, sizeof key, "%s", opts->key_file ? opts->key_file : "");
        if (!opts->cert_file)
            snprintf(cert, sizeof cert, "%s/server.pem", pki);
        if (!opts->key_file)
            snprintf(key, sizeof key, "%s/server.key", pki);
        const char *ca_dir = getenv("TEST_PKI_DIR");
        if (ca_dir && *ca_dir)
            snprintf(sb->ca_file, sizeof sb->ca_file, "%s/ca.pem", ca_dir);
        if (!file_exists(cert) || !file_exists(key)) {
            fprintf(stderr, "missing prerequisite: TLS certificate %s or key %s does not "
                            "exist (did the pki.setup test run?)\n", cert, key);
            return -1;
        }
    }

    const char *argv[MAX_ARGS];
    int n = 0;
    argv[n++] = bin;
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    argv[n++] = "--port-file";
    argv[n++] = port_file;
    argv[n++] = "--region";
    argv[n++] = region;
    argv[n++] = "--api-key-file";
    argv[n++] = opts->api_key_file;
    argv[n++] = "--log-file";
    argv[n++] = sb->log_path;
    if (sb->tls) {
        argv[n++] = "--tls-cert";
        argv[n++] = cert;
        argv[n++] = "--tls-key";
        argv[n++] = key;
    }
    for (const char *const *e = opts->extra_argv; e && *e; e++) {
        if (n >= MAX_ARGS - 1) {
            fprintf(stderr, "ts_sandbox_start: too many extra_argv entries\n");
            return -1;
        }
        argv[n++] = *e;
    }
    argv[n] = NULL;

    ts_proc proc;
    if (ts_proc_start(&proc, argv, sb->stderr_path) != 0)
        return -1;
    sb->pid = proc.pid;

    for (int waited = 0; waited <= START_TIMEOUT_MS; waited += 10) {
        int st = 0;
        if (ts_proc_exited(&proc, &st)) {
            sb->pid = 0;
            fprintf(stderr, "ts_sandbox_start: the sandbox (%s) exited with %s %d before "
                            "listening\n", bin, WIFEXITED(st) ? "status" : "signal",
                    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
            ts_show_file(sb->stderr_path, "sandbox stderr");
            return -1;
        }
        int port = read_port(port_file);
        if (port > 0) {
            sb->port = port;
            snprintf(sb->base_url, sizeof sb->base_url, "%s://127.0.0.1:%d",
                     sb->tls ? "https" : "http", port);
            return 0;
        }
        struct timespec ts = {0, 10000000L};
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "ts_sandbox_start: the sandbox (%s) wrote no port file within %d ms\n",
            bin, START_TIMEOUT_MS);
    ts_show_file(sb->stderr_path, "sandbox stderr");
    ts_sandbox_stop(sb);
    return -1;
}

int ts_sandbox_start_tls(ts_sandbox *sb, const char *region, const char *key_path)
{
    ts_sandbox_opts o;
    memset(&o, 0, sizeof o);
    o.tls = 1;
    o.region = region;
    o.api_key_file = key_path;
    return ts_sandbox_start(sb, &o);
}

void ts_sandbox_stop(ts_sandbox *sb)
{
    if (!sb || sb->pid <= 0)
        return;
    ts_proc proc = {sb->pid, "sandbox"};
    sb->pid = 0;
    ts_proc_stop(&proc);
}

int ts_sso_entries(const char *json, const char *account, long *conn)
{
    /* Entries look like {"conn":N,"account":"...","raw_path":"...","status":S}. */
    char needle[600];
    snprintf(needle, sizeof needle, "\"account\":\"%s\"", account);
    int n = 0;
    *conn = -1;
    const char *log = strstr(json, "\"sso_log\"");
    for (const char *p = log; p != NULL && (p = strstr(p, needle)) != NULL; p++) {
        const char *c = p;
        while (c > log && strncmp(c, "\"conn\":", 7) != 0)
            c--;
        if (strncmp(c, "\"conn\":", 7) != 0)
            continue;
        if (n++ == 0)
            *conn = atol(c + 7);
    }
    return n;
}

int ts_upstream_start(ts_upstream *u)
{
    memset(u, 0, sizeof *u);
    const char *pki = ts_env_required("TEST_PKI_DIR");
    const char *plugin = ts_env_required("SENDGRID_PLUGIN");
    char so[400];
    snprintf(u->ca_file, sizeof u->ca_file, "%s/ca.pem", pki);
    if (ts_make_tempdir(u->dir, sizeof u->dir) != 0)
        return -1;
    snprintf(u->plugin_dir, sizeof u->plugin_dir, "%s/plugins", u->dir);
    snprintf(so, sizeof so, "%s/sendgrid.so", u->plugin_dir);
    /* Modes set with chmod, not left to the umask: the loader refuses a
     * plugin or directory that group or others could write. */
    if (mkdir(u->plugin_dir, 0755) != 0 || chmod(u->plugin_dir, 0755) != 0 ||
        ts_copy_file(plugin, so) != 0) {
        fprintf(stderr, "ts_upstream_start: cannot copy %s to %s: %s\n", plugin, so,
                strerror(errno));
        return -1;
    }
    /* A fresh key per run, so a secret scan cannot pass by luck. */
    if (ts_make_key(u->dir, "pk", u->key, sizeof u->key, u->key_path, sizeof u->key_path) != 0 ||
        ts_sandbox_start_tls(&u->global, "global", u->key_path) != 0 ||
        ts_sandbox_start_tls(&u->eu, "eu", u->key_path) != 0)
        return -1;
    return 0;
}

void ts_upstream_stop(ts_upstream *u)
{
    ts_sandbox_stop(&u->global);
    ts_sandbox_stop(&u->eu);
}
