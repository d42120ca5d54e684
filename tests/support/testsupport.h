/* SPDX-License-Identifier: MIT */
/*
 * testsupport.h -- the one test support library of the CUnit suites:
 * prerequisites, files and temporary directories that clean up after
 * themselves, a process launcher, the SendGrid sandbox as a child process,
 * a libcurl client for login URLs, a log capture, the SendGrid plugin
 * loaded as a panel loads it, a secret scanner, load and time scales,
 * resident memory, and the CUnit runner.
 *
 * Link with the `testsupport` CMake target (it brings libauthloader,
 * libcurl and CUnit; include panelsso/auth_loader.h for the loader's own
 * API).  Every exported name starts with ts_ (TS_ for
 * macros).
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

#include <stdint.h>

#include <CUnit/CUnit.h>
#include <curl/curl.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- prerequisites and files ---------------------------------------------- */

/* The value of environment variable `name`.  If it is unset or empty, prints
 * "missing prerequisite: NAME ..." to stderr and exits the program with
 * status 1 (ctest sets these variables in each suite's CMakeLists.txt). */
const char *ts_env_required(const char *name);

/* Write `content` to `path` (created or truncated) with exactly `mode`
 * (umask does not apply).  0, or -1 with the reason printed. */
int ts_write_file(const char *path, const char *content, mode_t mode);

/* The whole file as a malloc'd NUL-terminated string (the caller frees it),
 * its length in *len if len is not NULL; NULL with the reason printed. */
char *ts_read_file(const char *path, size_t *len);

/* Copy `from` to `to` (created or truncated, mode 0644).  0 or -1 (printed). */
int ts_copy_file(const char *from, const char *to);

/* Remove `path` and everything under it, not following links.  0, or -1
 * with what could not be removed printed. */
int ts_remove_tree(const char *path);

/* ---- temporary directories --------------------------------------------------
 *
 * ts_make_tempdir makes $TMPDIR/panelsso-test-XXXXXX (TMPDIR unset: /tmp)
 * and remembers it.  When the program ends through ts_run_suites (or exits
 * any other way, through an atexit handler), every remembered directory is
 * scanned for secrets (ts_secrets_scan_tree, after taking the keys of its
 * *.key files) and removed, whether the tests passed or failed.  A secret
 * found there fails the run.  Only with PANELSSO_KEEP_TEST_FILES=1 in the
 * environment are a failing program's directories kept, each printed as
 * "kept: PATH".  A forked child never removes its parent's directories. */

/* Create one and store its path in out[n].  0, or -1 with the reason
 * printed. */
int ts_make_tempdir(char *out, size_t n);

/* Scan and remove every remembered directory now (`failed`: the program
 * failed, so PANELSSO_KEEP_TEST_FILES=1 keeps them).  Returns how many
 * secrets the scan found (0: clean).  ts_run_suites calls it. */
int ts_tempdirs_finish(int failed);

/* ---- processes ---------------------------------------------------------------- */

/* What a finished program showed. */
typedef struct ts_proc_result {
    char *out;       /* stdout, NUL-terminated (malloc'd) */
    char *err;       /* stderr, NUL-terminated (malloc'd) */
    int exit_code;   /* exit status; -1 if it did not exit normally */
    int timed_out;   /* 1: killed after timeout_ms */
} ts_proc_result;

/* Run argv[0] (a path) with argv (NULL-terminated), stdin from /dev/null,
 * and `env` (NULL-terminated "NAME=value" entries, set in the child on top
 * of this environment; "NAME=" alone unsets NAME; may be NULL).  Waits at
 * most timeout_ms (0: 60 s), then SIGKILLs it and sets timed_out.  Returns
 * 0 with *r filled (free it with ts_proc_free), or -1 if it could not be
 * started (printed). */
int ts_proc_run(const char *const *argv, const char *const *env, int timeout_ms,
                ts_proc_result *r);
void ts_proc_free(ts_proc_result *r);

/* A program running in the background. */
typedef struct ts_proc {
    pid_t pid;       /* 0 when not running */
    char name[64];   /* for messages: the program's base name */
} ts_proc;

/* Start argv[0] (a path) in the background with stdin from /dev/null and
 * stdout and stderr appended to `output_path` (created 0600).  The child
 * gets SIGTERM if this process dies.  0, or -1 with the reason printed. */
int ts_proc_start(ts_proc *p, const char *const *argv, const char *output_path);

/* Has it exited?  1 (reaped; *status filled if not NULL) or 0. */
int ts_proc_exited(ts_proc *p, int *status);

/* SIGTERM it and reap it (SIGKILL after 5 s).  Idempotent. */
void ts_proc_stop(ts_proc *p);

/* Copy a file to stderr, each line indented: what a child said. */
void ts_show_file(const char *path, const char *title);

/* Number of '\n'-terminated lines in s (a trailing partial line counts). */
int ts_count_lines(const char *s);

/* ---- a child in its own namespaces ---------------------------------------------
 *
 * A piece of a test runs in a forked child with its own user and mount
 * namespaces (and, if asked, network namespace), so it can bind-mount its
 * own files over system paths such as /etc/resolv.conf or /etc/ssl/certs
 * without touching the machine: the mounts are private to the child and
 * vanish with it.  The child maps the caller's uid and gid to 0, makes /
 * private, brings loopback up in its own network namespace, runs the
 * caller's set-up, then the caller's part, and sends a buffer back.  Needs
 * unprivileged user namespaces (Debian 12's default); where they are not
 * allowed the run fails with a sentence saying so, never skips. */

/* In the child, once in its namespaces: 0, or -1 with the reason in err. */
typedef int (*ts_ns_setup_fn)(void *ctx, char *err, size_t err_size);
/* In the child after the set-up: fills buf (size bytes), 0 if it ran. */
typedef int (*ts_ns_part_fn)(void *buf, size_t size);

typedef struct ts_ns_options {
    int new_net;                /* nonzero: a network namespace too, lo up */
    ts_ns_setup_fn setup;       /* may be NULL */
    void *setup_ctx;
    int timeout_s;              /* the parent kills the child after this */
} ts_ns_options;

/* Fork; in the child enter the namespaces, run the set-up and
 * part(buf, size), send buf back.  0 when the child ran part (which
 * returned 0), sent buf and exited 0 (so a child valgrind finds leaking
 * fails too); otherwise -1 with the reason in err. */
int ts_ns_run(const ts_ns_options *o, ts_ns_part_fn part, void *buf, size_t size,
              char *err, size_t err_size);

/* ts_ns_run where the name server never answers: a private resolv.conf
 * (written into `workdir`) names 127.0.0.1, where a bound UDP socket
 * swallows every query, so getaddrinfo blocks as on an offline machine with
 * a stale resolv.conf or behind a firewall that drops port 53. */
int ts_ns_run_silent_dns(const char *workdir, ts_ns_part_fn fn, void *buf, size_t size,
                         int timeout_s, char *err, size_t err_size);

/* For set-up functions: bind-mount `source` over `target` (same kind, must
 * exist).  0, or -1 with the reason in err. */
int ts_ns_bind_mount(const char *source, const char *target, char *err, size_t err_size);

/* snprintf(err, "WHAT: strerror(errno)") and return -1. */
int ts_ns_say(char *err, size_t err_size, const char *what);

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
 * success, with *sb filled in.  Its directory is a ts_make_tempdir one. */
int ts_sandbox_start(ts_sandbox *sb, const ts_sandbox_opts *opts);

/* The usual one: HTTPS for `region` ("global" or "eu"), the key in
 * key_path, the certificate from $TEST_PKI_DIR.  0 or -1 (printed). */
int ts_sandbox_start_tls(ts_sandbox *sb, const char *region, const char *key_path);

/* What a panel needs to log tenants in against both regions: a private
 * directory (ts_make_tempdir) holding plugins/sendgrid.so (a copy of
 * $SENDGRID_PLUGIN, modes as the loader trusts them) and a fresh key
 * (ts_make_key, label "pk"), and an HTTPS sandbox per region accepting
 * that key. */
typedef struct ts_upstream {
    char dir[256];
    char plugin_dir[300];     /* dir/plugins */
    char key[64];
    char key_path[300];
    char ca_file[300];        /* $TEST_PKI_DIR/ca.pem */
    ts_sandbox global, eu;
} ts_upstream;

/* Make all of it.  0, or -1 with the reason printed. */
int ts_upstream_start(ts_upstream *u);
/* Stop both sandboxes (their files go with the temporary directories). */
void ts_upstream_stop(ts_upstream *u);

/* SIGTERM the sandbox and reap it (SIGKILL after 5 s).  Its files stay
 * until the temporary directories are removed.  Idempotent. */
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

/* In a /_sandbox/stats document, the entries of sso_log whose account is
 * exactly `account`: returns how many, and stores the connection id of the
 * first in *conn (-1 if none). */
int ts_sso_entries(const char *stats_json, const char *account, long *conn);

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

/* POST `body` (length body_len) with the header lines in `headers`
 * (NULL-terminated, may be NULL) and no redirects, verification on.  The
 * answer's status in *status, its body (malloc'd, NUL-terminated) in
 * *answer if answer is not NULL.  0 if a response arrived, -1 (printed). */
int ts_http_post(const char *url, const char *ca_file, const char *const *headers,
                 const char *body, size_t body_len, long *status, char **answer);

/* The port of a URL ("scheme://host:PORT/..."), or -1. */
int ts_url_port(const char *url);

/* Does `url` point at the sandbox's login page: "<sb->base_url>/login?"
 * exactly?  1 or 0. */
int ts_url_is_login_on(const char *url, const ts_sandbox *sb);

/* Visit `url` once (on `handle` if not NULL, so connections are reused) and
 * tell whether the page is the login of exactly `account` in `region`:
 * "Logged in to SendGrid account <b>ACCOUNT</b> (region REGION)".  1 if so;
 * 0 otherwise, with what was seen instead printed (never the URL's query). */
int ts_visit_logs_into(CURL *handle, const char *url, const char *ca_file,
                       const char *account, const char *region);

/* A loopback TCP port bound but not listening: connections to it are
 * refused (RST), and as long as *fd stays open nobody else can take it.
 * Returns the port with the socket in *fd (the caller closes it), or -1
 * (printed). */
int ts_refusing_port(int *fd);

/* Does something accept TCP connections on 127.0.0.1:port?  1 or 0. */
int ts_port_answers(int port);

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
/* Is `substring` in a captured line logged at `level` (-1: any)?  1 or 0. */
int ts_logcap_has(ts_logcap *cap, int level, const char *substring);
/* How many captured lines contain `substring`. */
size_t ts_logcap_count(ts_logcap *cap, const char *substring);
/* How many lines were captured. */
size_t ts_logcap_total(ts_logcap *cap);
/* Write every line as "LEVEL line\n", in arrival order. */
void ts_logcap_dump_to(ts_logcap *cap, FILE *out);
/* Every line as ts_logcap_dump_to writes them, in a malloc'd string (the
 * caller frees it), or NULL (printed). */
char *ts_logcap_text(ts_logcap *cap);
/* Forget every line. */
void ts_logcap_clear(ts_logcap *cap);

/* ---- loaders and the SendGrid plugin ---------------------------------------
 *
 * Declared with the struct tags of panelsso/auth_loader.h and
 * panelsso/auth_provider.h, so that this header also serves a test built
 * against another version of those headers (tests/loader/abi10_host.c). */

struct auth_loader;
struct auth_result;

/* A new loader logging into `cap` (NULL: no log) up to `level`, offering
 * ABI `abi` (0: the loader's own).  NULL, with the reason printed, on
 * failure. */
struct auth_loader *ts_loader_new(ts_logcap *cap, int level, uint32_t abi);
/* What ts_loader_new configures, into *cfg (everything else zero), for a
 * test that sets more before auth_loader_create. */
struct auth_loader_config;
void ts_loader_config_init(struct auth_loader_config *cfg, ts_logcap *cap, int level,
                           uint32_t abi);

/* Where a SendGrid instance sends its requests and with which key. */
typedef struct ts_sendgrid_setup {
    const char *key_path;         /* api_key_file */
    const char *eu_key_path;      /* eu_api_key_file, or NULL */
    const char *global_base;      /* global_base_url, or NULL */
    const char *eu_base;          /* eu_base_url, or NULL */
    const char *ca_file;          /* ca_file, or NULL */
    const char *const *extra;     /* more settings (NULL-terminated), or NULL */
} ts_sendgrid_setup;

/* Load $SENDGRID_PLUGIN (required) into `l` as instance `name` with the
 * settings of `s` plus redirect_hosts=127.0.0.1.  The status; the loader's
 * message printed on failure, and left in *r if r is not NULL. */
int ts_sendgrid_load(struct auth_loader *l, const char *name, const ts_sendgrid_setup *s,
                     struct auth_result *r);

/* ---- secrets -------------------------------------------------------------------
 *
 * Remembered secrets are found by value.  The shape scan finds, beside
 * them, anything shaped like a SendGrid key ("SG." and 6 or more of
 * [A-Za-z0-9._-]; every test key of the project starts with "SG.", as real
 * keys do) and any unredacted one-time code ("code=" and 32 hex digits).
 * Findings are printed with where they are, their kind and length, never
 * the text. */

/* The prefix of the keys ts_make_key makes. */
#define TS_KEY_PREFIX "SG.tskey-"

/* Remember `secret` (copied) for the scans below; process-wide, thread-safe.
 * NULL or shorter than 8 characters is ignored (too likely by chance). */
void ts_secrets_add(const char *secret);
/* Forget every secret. */
void ts_secrets_clear(void);
/* How many of the remembered secrets occur in `text`. */
int ts_secrets_scan_text(const char *text, const char *where);
/* The same for a whole file (binary-safe); -1 if it cannot be read. */
int ts_secrets_scan_file(const char *path);
/* Remembered secrets, key shapes and codes in `len` bytes of `data`. */
int ts_secrets_scan_shapes(const char *data, size_t len, const char *where);
/* The shape scan over a file or every regular file under a directory,
 * skipping *.key and *.pem (they hold keys by design).  A file that vanishes
 * is skipped; any other read error counts as a finding.  *files (may be
 * NULL) grows by the number of files read. */
int ts_secrets_scan_tree(const char *path, size_t *files);
/* Remember the first line of every *.key file under `dir` that is not a
 * PEM key.  Returns how many new secrets. */
int ts_secrets_harvest_keys(const char *dir);
/* Remember the one-time code of a login URL (its "code=" value). */
void ts_secrets_add_code(const char *url);
/* Does `text` hold an unredacted code: "code=" and 32 hex digits?  1 or 0. */
int ts_has_code(const char *text);

/* Make a fresh random key TS_KEY_PREFIX "<label>-<32 hex>", remember it
 * (ts_secrets_add), and write it plus a newline to dir/<label>.key with mode
 * 0600.  The key in key[key_size], the file in path[path_size].  0 or -1. */
int ts_make_key(const char *dir, const char *label, char *key, size_t key_size,
                char *path, size_t path_size);

/* ---- load, time and memory ---------------------------------------------------- */

/* The loop-count divisor: TS_LOAD_SCALE, a whole number from 1 to 1000
 * (unset: 1, the full load CI runs).  Anything else prints why and exits 1. */
int ts_load_scale(void);
/* n divided by ts_load_scale(), and at least `floor_n`. */
int ts_scaled(int n, int floor_n);
/* The factor for time bounds (never for timeouts): TS_TIME_SCALE, a number
 * >= 1 (unset: 1, or 4 under valgrind).  Anything else prints why and
 * exits 1. */
double ts_time_scale(void);
/* Milliseconds on the monotonic clock. */
long long ts_now_ms(void);
/* Is this process running under valgrind?  1 or 0. */
int ts_under_valgrind(void);

/* This process's resident set size in bytes (VmRSS), or -1 (printed). */
long ts_rss_bytes(void);
/* Is resident memory a meaningful leak measure here?  Not under a sanitizer
 * or valgrind (their own bookkeeping grows with no leak; they check for
 * leaks themselves).  1, or 0 with the reason in *why. */
int ts_rss_is_meaningful(const char **why);

/* Did resident memory grow by less than `limit` bytes from `before` to
 * `after` (ts_rss_bytes figures)?  Prints both and the growth.  Where
 * resident memory is no leak measure (ts_rss_is_meaningful) it prints why
 * and returns 1: the tool checks for leaks there.  0 if a figure is -1. */
int ts_rss_growth_within(long before, long after, long limit);

/* ---- CUnit runner ----------------------------------------------------------- */

/* Run the suites registered in CUnit's registry (after CU_initialize_registry
 * and CU_add_suite) with the basic interface in verbose mode, or only the
 * suite named argv[1] if given; print the summary and the failures; clean up
 * the registry; then scan and remove the temporary directories
 * (ts_tempdirs_finish).  Returns the exit status for main: 1 if any
 * assertion, test or suite set-up failed, no test ran, the suite was not
 * found or a secret was left in a temporary file; else 0. */
int ts_run_suites(int argc, char **argv);

/* Check TS_LOAD_SCALE and TS_TIME_SCALE (a bad value exits 1 before
 * anything starts), register `suites` (CU_SUITE_INFO_NULL-terminated) and
 * ts_run_suites. */
int ts_main(int argc, char **argv, CU_SuiteInfo *suites);

/* The main() of a program of one suite: its name, set-up and clean-up (may
 * be NULL) and its CU_TestInfo table. */
#define TS_MAIN_ONE_SUITE(name, setup, cleanup, tests)                               \
    int main(int argc, char **argv)                                                  \
    {                                                                                \
        static CU_SuiteInfo one_suite[] = {{name, setup, cleanup, NULL, NULL, tests}, \
                                           CU_SUITE_INFO_NULL};                      \
        return ts_main(argc, argv, one_suite);                                       \
    }

#ifdef __cplusplus
}
#endif

#endif /* TESTSUPPORT_H */
