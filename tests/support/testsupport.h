/*
 * testsupport.h -- shared helpers for the CUnit suites: prerequisites and
 * files, the SendGrid sandbox as a child process, an HTTP client for login
 * URLs, a log capture for auth_loader, a secret scanner and a suite runner.
 *
 * Link with the `testsupport` CMake target (it brings libcurl and CUnit).
 *
 * Every helper fails loudly: when something is missing or broken it prints
 * the reason to stderr and returns an error, so the caller's CU_ASSERT fails
 * (or, for ts_env_required, the program exits 1).  Nothing here ever skips.
 *
 * Secrets: helpers never print a URL's query (the one-time code) or a key.
 */
#ifndef TESTSUPPORT_H
#define TESTSUPPORT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include <curl/curl.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- prerequisites and files ---------------------------------------------- */

/* The value of environment variable `name`.  If it is unset or empty, prints
 * "missing prerequisite: NAME ..." to stderr and exits the program with
 * status 1 (ctest sets these variables; see tests/support/CMakeLists.txt). */
const char *ts_env_required(const char *name);

/* Write `content` to `path` (created or truncated) with exactly `mode`
 * (umask does not apply).  0, or -1 with the reason printed. */
int ts_write_file(const char *path, const char *content, mode_t mode);

/* Create a fresh private directory under $TMPDIR (or /tmp) and store its path
 * in out[n].  0, or -1 with the reason printed. */
int ts_make_tempdir(char *out, size_t n);

/* ---- the sandbox ------------------------------------------------------------ */

/* A running sandbox (tests/servers/sandbox).  Zero it before first use;
 * ts_sandbox_start fills it. */
typedef struct ts_sandbox {
    pid_t pid;               /* 0 when not running */
    int port;
    int tls;                 /* 1: HTTPS */
    char base_url[64];       /* "https://127.0.0.1:PORT" (or http://) */
    char region[64];
    char dir[256];           /* its private temporary directory */
    char log_path[512];      /* its request log (one line per request) */
    char stderr_path[512];   /* its stderr and stdout */
    char ca_file[512];       /* $TEST_PKI_DIR/ca.pem when tls, else "" */
} ts_sandbox;

typedef struct ts_sandbox_opts {
    const char *region;             /* NULL: "global" */
    int tls;                        /* nonzero: HTTPS with cert_file/key_file */
    const char *cert_file;          /* NULL: $TEST_PKI_DIR/server.pem */
    const char *key_file;           /* NULL: $TEST_PKI_DIR/server.key */
    const char *api_key_file;       /* required: the partner key file */
    const char *const *extra_argv;  /* NULL-terminated extra sandbox options,
                                       e.g. {"--slow-ms", "300", NULL}; may be NULL */
    const char *log_file;           /* NULL: <dir>/sandbox.log */
} ts_sandbox_opts;

/* Start the sandbox binary named by $SANDBOX_BIN (required) on 127.0.0.1 with
 * a free port, and wait (up to 10 s) until it listens.  If it dies or does
 * not come up, prints why, including its stderr, and returns -1.  0 on
 * success, with *sb filled in.  The child gets SIGTERM if this process dies. */
int ts_sandbox_start(ts_sandbox *sb, const ts_sandbox_opts *opts);

/* SIGTERM the sandbox and reap it (SIGKILL after 5 s).  Its log file stays.
 * Idempotent; a zeroed or stopped sandbox is a no-op. */
void ts_sandbox_stop(ts_sandbox *sb);

/* GET /_sandbox/stats with libcurl, certificate verification on (ca_file NULL:
 * sb->ca_file).  On success stores a malloc'd NUL-terminated JSON document in
 * *json_out (the caller frees it with free()) and returns 0; otherwise prints
 * the reason and returns -1 with *json_out NULL. */
int ts_sandbox_stats(const ts_sandbox *sb, const char *ca_file, char **json_out);

/* A numeric top-level field of the stats ("requests", "sso_requests",
 * "authorized", "unauthorized", "login_page_hits", "login_ok",
 * "connections", "cpu_user_ms", "cpu_sys_ms"), or -1 with the reason printed. */
long ts_sandbox_stat(const ts_sandbox *sb, const char *ca_file, const char *field);

/* POST /_sandbox/reset: zero the counters and empty sso_log.  0 or -1. */
int ts_sandbox_reset(const ts_sandbox *sb, const char *ca_file);

/* ---- HTTP client ------------------------------------------------------------ */

/* GET `url` without following redirects, certificate verification on
 * (ca_file: the CA bundle for https; NULL: the system's).  Stores the status
 * in *status and up to body_size - 1 bytes of the body, NUL-terminated, in
 * body (the rest is dropped).  Returns 0 if a response arrived (any status),
 * -1 on a transport error (printed without the URL's query). */
int ts_http_get(const char *url, const char *ca_file, long *status, char *body,
                size_t body_size);

/* ts_http_get on the caller's easy handle, so connections are reused.  The
 * handle is curl_easy_reset first; it must not be used by two threads. */
int ts_http_get_with(CURL *handle, const char *url, const char *ca_file, long *status,
                     char *body, size_t body_size);

/* ---- log capture ------------------------------------------------------------ */

/* Collects every line logged to it, from any thread. */
typedef struct ts_logcap ts_logcap;

/* A new, empty capture, or NULL (out of memory, printed). */
ts_logcap *ts_logcap_new(void);
/* Free it.  NULL is a no-op. */
void ts_logcap_free(ts_logcap *cap);
/* The sink: matches auth_loader_log_fn; pass the capture as ctx. */
void ts_logcap_log(void *ctx, int level, const char *line);
/* Is `substring` in any captured line?  1 or 0. */
int ts_logcap_contains(ts_logcap *cap, const char *substring);
/* How many captured lines contain `substring`. */
size_t ts_logcap_count(ts_logcap *cap, const char *substring);
/* Write every line as "LEVEL line\n", in arrival order. */
void ts_logcap_dump_to(ts_logcap *cap, FILE *out);
/* Forget every line. */
void ts_logcap_clear(ts_logcap *cap);

/* ---- secret scanner --------------------------------------------------------- */

/* Remember `secret` (copied) for the scans below; process-wide, thread-safe.
 * NULL or "" is ignored. */
void ts_secrets_add(const char *secret);
/* Forget every secret. */
void ts_secrets_clear(void);
/* How many of the remembered secrets occur in `text`.  Each finding is
 * printed with `where`, the secret's length and at most its first 2
 * characters, never the secret. */
int ts_secrets_scan_text(const char *text, const char *where);
/* The same for a whole file (binary-safe); -1 if it cannot be read. */
int ts_secrets_scan_file(const char *path);

/* ---- CUnit runner ----------------------------------------------------------- */

/* Run the suites registered in CUnit's registry (after CU_initialize_registry
 * and CU_add_suite) with the basic interface in verbose mode, or only the
 * suite named argv[1] if given; print the summary and the failures; clean up
 * the registry.  Returns the exit status for main: 1 if any assertion, test
 * or suite set-up failed, no test ran, or the suite was not found; else 0. */
int ts_run_suites(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif /* TESTSUPPORT_H */
