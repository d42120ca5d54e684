/*
 * hardening.prefork -- a pre-forking host: the parent logs in (so its
 * instance holds a pooled keep-alive connection), then forks 8 children that
 * each log in a different account with the inherited instance and report
 * back through a pipe.  What must hold, seen from the sandbox and the user:
 *   - every child's login is AUTH_OK and arrives on a connection of its own:
 *     the sso_log shows 8 distinct connection ids, none the parent's (two
 *     processes writing one TLS stream would corrupt it and could hand one
 *     account's URL to another);
 *   - each child's URL, visited once, logs into exactly that child's account;
 *   - the parent still logs in afterwards, on its own connection, which the
 *     children left intact.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <CUnit/CUnit.h>

#include <panelsso/auth_loader.h>
#include "hardening.h"

enum { CHILDREN = 8 };

static char tmpdir[256], key_path[300], api_key[128], ca_file[300];
static ts_sandbox sb;
static ts_logcap *logcap;
static auth_loader *loader;

static int suite_setup(void)
{
    const char *pki = ts_env_required("TEST_PKI_DIR");
    ts_env_required("SANDBOX_BIN");
    const char *plugin_path = ts_env_required("SENDGRID_PLUGIN");
    snprintf(ca_file, sizeof ca_file, "%s/ca.pem", pki);
    if (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0 ||
        /* Not "prefork": the plugin masks any 8 bytes of a key that a
         * logged value repeats, and the account names start "prefork-". */
        hz_make_key(tmpdir, "pf", api_key, sizeof api_key, key_path,
                    sizeof key_path) != 0 ||
        hz_start_sandbox(&sb, "global", key_path) != 0)
        return -1;
    if (hz_loader_with_logcap(AUTH_LOG_DEBUG, &loader, &logcap) != 0)
        return -1;
    auth_result r;
    auth_result_init(&r);
    char s_key[400], s_g[120], s_ca[400];
    snprintf(s_key, sizeof s_key, "api_key_file=%s", key_path);
    snprintf(s_g, sizeof s_g, "global_base_url=%s", sb.base_url);
    snprintf(s_ca, sizeof s_ca, "ca_file=%s", ca_file);
    const char *settings[] = {s_key, s_g, s_ca, "redirect_hosts=127.0.0.1",
                              "timeout_ms=5000", "connect_timeout_ms=2000", NULL};
    auth_result_init(&r);
    if (auth_loader_load_file(loader, plugin_path, "sendgrid", settings, &r) != AUTH_OK) {
        fprintf(stderr, "loading %s: %s\n", plugin_path, r.log_message);
        return -1;
    }
    return 0;
}

static int suite_cleanup(void)
{
    auth_loader_destroy(loader);
    ts_logcap_free(logcap);
    ts_sandbox_stop(&sb);
    return 0;
}

static int login(const char *account, auth_result *r)
{
    char a[128];
    snprintf(a, sizeof a, "account_id=%s", account);
    const char *attrs[] = {"tenant=prefork", a, "region=global", NULL};
    auth_result_init(r);
    int rc = auth_loader_login(loader, "sendgrid", attrs, r);
    if (rc != AUTH_OK)
        fprintf(stderr, "login %s: %s: %s\n", account, auth_status_name(rc),
                r->log_message);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r->log_message, "a log_message"), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_text(r->user_message, "a user_message"), 0);
    CU_ASSERT_FALSE(hz_has_code(r->log_message) || hz_has_code(r->user_message));
    if (rc == AUTH_OK)
        hz_remember_code(r->redirect_url);
    return rc;
}

/* What a child sends its parent: the status and the URL it got. */
typedef struct report {
    int status;
    char url[AUTH_URL_MAX];
} report;

static void child_main(int c, int fd)
{
    report rep;
    memset(&rep, 0, sizeof rep);
    char account[64];
    snprintf(account, sizeof account, "prefork-child-%d", c);
    auth_result r;
    char a[128];
    snprintf(a, sizeof a, "account_id=%s", account);
    const char *attrs[] = {"tenant=prefork", a, "region=global", NULL};
    auth_result_init(&r);
    rep.status = auth_loader_login(loader, "sendgrid", attrs, &r);
    memcpy(rep.url, r.redirect_url, sizeof rep.url);
    if (rep.status != AUTH_OK)
        fprintf(stderr, "child %d: %s: %s\n", c, auth_status_name(rep.status),
                r.log_message);
    auth_result_wipe(&r);
    /* The child's log lines went to its own copy of the capture: leave
     * them in a file for the parent to check. */
    char path[300];
    snprintf(path, sizeof path, "%s/child-%d.log", tmpdir, c);
    FILE *f = fopen(path, "w");
    if (f != NULL) {
        ts_logcap_dump_to(logcap, f);
        fclose(f);
    }
    ssize_t w = write(fd, &rep, sizeof rep);
    close(fd);
    /* Release what the child inherited (the instance's pool drops the
     * parent's connections without touching them), so leak checkers see a
     * clean exit; _exit skips CUnit's and the parent's atexit work; the CUnit registry cannot be freed inside a test). */
    auth_loader_destroy(loader);
    ts_logcap_free(logcap);
    _exit(w == (ssize_t)sizeof rep ? 0 : 3);
}

static int read_full(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, (char *)buf + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        got += (size_t)k;
    }
    return 0;
}

/* A whole small file as a malloc'd string, or NULL (printed). */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot read %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    size_t k;
    while (buf != NULL && (k = fread(buf + len, 1, cap - len, f)) > 0) {
        len += k;
        if (len == cap) {
            char *nb = realloc(buf, 2 * cap + 1);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf != NULL)
        buf[len] = '\0';
    return buf;
}

static void test_children_get_their_own_connections_and_accounts(void)
{
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_reset(&sb, ca_file), 0);
    auth_result r;
    CU_ASSERT_EQUAL_FATAL(login("prefork-parent", &r), AUTH_OK);
    CU_ASSERT_TRUE(hz_visit_logs_into(NULL, r.redirect_url, ca_file, "prefork-parent",
                                      "global"));
    auth_result_wipe(&r);

    pid_t pids[CHILDREN];
    int fds[CHILDREN];
    fflush(NULL); /* children must not repeat the parent's buffered output */
    for (int c = 0; c < CHILDREN; c++) {
        int p[2];
        CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
        pids[c] = fork();
        CU_ASSERT_FATAL(pids[c] >= 0);
        if (pids[c] == 0) {
            close(p[0]);
            for (int k = 0; k < c; k++)
                close(fds[k]);
            child_main(c, p[1]);
        }
        close(p[1]);
        fds[c] = p[0];
    }

    int exited_ok = 0, logged_in = 0, own_account = 0;
    report *rep = calloc(1, sizeof *rep);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rep);
    for (int c = 0; c < CHILDREN; c++) {
        char account[64];
        snprintf(account, sizeof account, "prefork-child-%d", c);
        int got = read_full(fds[c], rep, sizeof *rep) == 0;
        close(fds[c]);
        int st = 0;
        CU_ASSERT_EQUAL(waitpid(pids[c], &st, 0), pids[c]);
        if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
            exited_ok++;
        else
            fprintf(stderr, "child %d: exit status 0x%x\n", c, (unsigned)st);
        if (!got) {
            fprintf(stderr, "child %d sent no report\n", c);
            continue;
        }
        if (rep->status != AUTH_OK)
            continue;
        logged_in++;
        rep->url[sizeof rep->url - 1] = '\0';
        hz_remember_code(rep->url);
        /* Visited once, by the parent: exactly this child's account. */
        if (hz_url_is_on(rep->url, &sb) &&
            hz_visit_logs_into(NULL, rep->url, ca_file, account, "global"))
            own_account++;
        memset(rep->url, 0, sizeof rep->url);
    }
    free(rep);
    CU_ASSERT_EQUAL(exited_ok, CHILDREN);
    CU_ASSERT_EQUAL(logged_in, CHILDREN);
    CU_ASSERT_EQUAL(own_account, CHILDREN);

    /* The parent logs in again after its children are gone. */
    CU_ASSERT_EQUAL(login("prefork-parent-after", &r), AUTH_OK);
    CU_ASSERT_TRUE(hz_visit_logs_into(NULL, r.redirect_url, ca_file,
                                      "prefork-parent-after", "global"));
    auth_result_wipe(&r);

    /* What the sandbox saw: one SSO request per process, each child on a
     * connection of its own, the parent twice on the connection it kept. */
    char *json = NULL;
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_stats(&sb, ca_file, &json), 0);
    long parent = -1, parent_after = -1, conn[CHILDREN];
    CU_ASSERT_EQUAL(hz_sso_entries(json, "prefork-parent", &parent), 1);
    CU_ASSERT_EQUAL(hz_sso_entries(json, "prefork-parent-after", &parent_after), 1);
    int distinct = 0;
    for (int c = 0; c < CHILDREN; c++) {
        char account[64];
        snprintf(account, sizeof account, "prefork-child-%d", c);
        CU_ASSERT_EQUAL(hz_sso_entries(json, account, &conn[c]), 1);
        int unique = conn[c] > 0 && conn[c] != parent;
        for (int k = 0; k < c; k++)
            unique = unique && conn[k] != conn[c];
        distinct += unique;
    }
    free(json);
    printf("\n    parent on connection %ld (again %ld after the children); children on",
           parent, parent_after);
    for (int c = 0; c < CHILDREN; c++)
        printf(" %ld", conn[c]);
    printf("\n    %d of %d children logged in, %d URLs logged into their own account, "
           "%d distinct child connections\n", logged_in, CHILDREN, own_account, distinct);
    CU_ASSERT(parent > 0);
    CU_ASSERT_EQUAL(distinct, CHILDREN);
    /* The children dropped, without touching, the connection they
     * inherited: the parent's next request still runs on it. */
    CU_ASSERT_EQUAL(parent_after, parent);

    /* One audit line per login; a child's went to its own copy of the
     * capture, which it left in a file (nothing secret in any). */
    int child_audits = 0;
    for (int c = 0; c < CHILDREN; c++) {
        char path[300], want[200];
        snprintf(path, sizeof path, "%s/child-%d.log", tmpdir, c);
        snprintf(want, sizeof want, "sendgrid: login tenant=prefork account="
                 "prefork-child-%d region=global outcome=AUTH_OK", c);
        char *text = read_text(path);
        child_audits += text != NULL && strstr(text, want) != NULL;
        CU_ASSERT_EQUAL(ts_secrets_scan_file(path), 0);
        free(text);
    }
    CU_ASSERT_EQUAL(child_audits, CHILDREN);
    CU_ASSERT_EQUAL(ts_logcap_count(logcap, "sendgrid: login tenant=prefork account=prefork-parent region=global outcome=AUTH_OK"), 1);
    CU_ASSERT_EQUAL(ts_logcap_count(logcap, "sendgrid: login tenant=prefork account=prefork-parent-after region=global outcome=AUTH_OK"), 1);
}

static void test_nothing_secret_was_logged(void)
{
    char path[300];
    snprintf(path, sizeof path, "%s/logcap.txt", tmpdir);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    ts_logcap_dump_to(logcap, f);
    fclose(f);
    CU_ASSERT(ts_logcap_count(logcap, "sendgrid: login ") >= 2);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(path), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(sb.log_path), 0);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(sb.stderr_path), 0);
    /* The scan can fail: the key file holds the key. */
    fprintf(stderr, "positive control: the next SECRET LEAK line is expected "
                    "(the key file holds the key)\n");
    CU_ASSERT(ts_secrets_scan_file(key_path) >= 1);
}

int main(int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite("hardening_prefork", suite_setup, suite_cleanup);
    CU_add_test(s, "8 forked children: own connections, own accounts",
                test_children_get_their_own_connections_and_accounts);
    CU_add_test(s, "nothing secret was logged", test_nothing_secret_was_logged);
    return ts_run_suites(argc, argv);
}
