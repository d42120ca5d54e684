/* SPDX-License-Identifier: MIT */
/*
 * plugin.fork -- the SendGrid plugin in hosts that fork, through the host
 * loader against an HTTPS sandbox.
 *
 * A pre-forking host ("prefork"): the parent logs in (so its instance holds
 * a pooled keep-alive connection), then forks 8 children that each log in a
 * different account with the inherited instance and report back through a
 * pipe.  What must hold, seen from the sandbox and the user:
 *   - every child's login is AUTH_OK and arrives on a connection of its own:
 *     the sso_log shows 8 distinct connection ids, none the parent's (two
 *     processes writing one TLS stream would corrupt it and could hand one
 *     account's URL to another);
 *   - each child's URL, visited once, logs into exactly that child's account;
 *   - the parent still logs in afterwards, on its own connection, which the
 *     children left intact;
 *   - one audit line per login, nothing secret in any log or message.
 *
 * A server that forks while other threads log in ("fork_during_login"): 16
 * threads log in continuously through one instance while the main thread
 * forks 1000 children; each child logs in once at once, through the same
 * loader and instance, and exits 0 only on AUTH_OK with a URL on the
 * sandbox.  A fork can land while another thread holds the plugin's pool
 * lock; the child inherits that lock held by a thread it does not have.
 *   - every child logs in, within timeout_ms: none hangs (the parent waits
 *     for each with a deadline of timeout_ms + a margin, then kills it and
 *     counts it as hung, saying where it was blocked);
 *   - every thread's login in the parent succeeds throughout, and the parent
 *     still logs in afterwards.
 * Its log sink only counts, with an atomic: a sink taking a lock could
 * itself be inherited locked by a child and hang it, which is the host's
 * own fork hazard, not the plugin's.
 *
 * Loop sizes are divided by TS_LOAD_SCALE (testsupport.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <panelsso/auth_loader.h>
#include "testsupport.h"
#include "ts_plugin_suite.h"

/* ---- the upstream: one HTTPS sandbox and its key, per suite ---------------- */

static char tmpdir[256], key_path[300], api_key[128], ca_file[300];
static ts_sandbox sb;

static int upstream_up(void)
{
    const char *pki = ts_env_required("TEST_PKI_DIR");
    ts_env_required("SANDBOX_BIN");
    ts_env_required("SENDGRID_PLUGIN");
    snprintf(ca_file, sizeof ca_file, "%s/ca.pem", pki);
    /* The key's label is not "prefork" nor "fork": the plugin masks any 8
     * bytes of a key that a logged value repeats, and account names start
     * with those words. */
    if (key_path[0] == '\0' &&
        (ts_make_tempdir(tmpdir, sizeof tmpdir) != 0 ||
         ts_make_key(tmpdir, "pf", api_key, sizeof api_key, key_path, sizeof key_path) != 0))
        return -1;
    return ts_sandbox_start_tls(&sb, "global", key_path);
}

static int sendgrid_load(auth_loader *l, const char *const *extra)
{
    ts_sendgrid_setup s = {key_path, NULL, sb.base_url, NULL, ca_file, extra};
    return ts_sendgrid_load(l, "sendgrid", &s, NULL) == AUTH_OK ? 0 : -1;
}

/* ---- a pre-forking host ------------------------------------------------------ */

enum { CHILDREN = 8 };

static ts_logcap *logcap;
static auth_loader *loader;

static int prefork_setup(void)
{
    static const char *const timeouts[] = {"timeout_ms=5000", "connect_timeout_ms=2000", NULL};
    if (upstream_up() != 0 || (logcap = ts_logcap_new()) == NULL ||
        (loader = ts_loader_new(logcap, AUTH_LOG_DEBUG, 0)) == NULL)
        return -1;
    return sendgrid_load(loader, timeouts);
}

static int prefork_cleanup(void)
{
    auth_loader_destroy(loader);
    loader = NULL;
    ts_logcap_free(logcap);
    logcap = NULL;
    ts_sandbox_stop(&sb);
    return 0;
}

static int prefork_login(const char *account, auth_result *r)
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
    CU_ASSERT_FALSE(ts_has_code(r->log_message) || ts_has_code(r->user_message));
    if (rc == AUTH_OK)
        ts_secrets_add_code(r->redirect_url);
    return rc;
}

/* What a child sends its parent: the status and the URL it got. */
typedef struct child_report {
    int status;
    char url[AUTH_URL_MAX];
} child_report;

static void prefork_child(int c, int fd)
{
    child_report rep;
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
     * clean exit; _exit skips CUnit's and the parent's atexit work (the
     * CUnit registry cannot be freed inside a test). */
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

static void test_children_get_their_own_connections_and_accounts(void)
{
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_reset(&sb, ca_file), 0);
    auth_result r;
    CU_ASSERT_EQUAL_FATAL(prefork_login("prefork-parent", &r), AUTH_OK);
    CU_ASSERT_TRUE(ts_visit_logs_into(NULL, r.redirect_url, ca_file, "prefork-parent",
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
            prefork_child(c, p[1]);
        }
        close(p[1]);
        fds[c] = p[0];
    }

    int exited_ok = 0, logged_in = 0, own_account = 0;
    child_report *rep = calloc(1, sizeof *rep);
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
        ts_secrets_add_code(rep->url);
        /* Visited once, by the parent: exactly this child's account. */
        if (ts_url_is_login_on(rep->url, &sb) &&
            ts_visit_logs_into(NULL, rep->url, ca_file, account, "global"))
            own_account++;
        memset(rep->url, 0, sizeof rep->url);
    }
    free(rep);
    CU_ASSERT_EQUAL(exited_ok, CHILDREN);
    CU_ASSERT_EQUAL(logged_in, CHILDREN);
    CU_ASSERT_EQUAL(own_account, CHILDREN);

    /* The parent logs in again after its children are gone. */
    CU_ASSERT_EQUAL(prefork_login("prefork-parent-after", &r), AUTH_OK);
    CU_ASSERT_TRUE(ts_visit_logs_into(NULL, r.redirect_url, ca_file,
                                      "prefork-parent-after", "global"));
    auth_result_wipe(&r);

    /* What the sandbox saw: one SSO request per process, each child on a
     * connection of its own, the parent twice on the connection it kept. */
    char *json = NULL;
    CU_ASSERT_EQUAL_FATAL(ts_sandbox_stats(&sb, ca_file, &json), 0);
    long parent = -1, parent_after = -1, conn[CHILDREN];
    CU_ASSERT_EQUAL(ts_sso_entries(json, "prefork-parent", &parent), 1);
    CU_ASSERT_EQUAL(ts_sso_entries(json, "prefork-parent-after", &parent_after), 1);
    int distinct = 0;
    for (int c = 0; c < CHILDREN; c++) {
        char account[64];
        snprintf(account, sizeof account, "prefork-child-%d", c);
        CU_ASSERT_EQUAL(ts_sso_entries(json, account, &conn[c]), 1);
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
        char *text = ts_read_file(path, NULL);
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
    CU_ASSERT(ts_logcap_count(logcap, "sendgrid: login ") >= 2);
    const ts_sandbox *const one[] = {&sb};
    ts_scan_suite_output(tmpdir, logcap, NULL, NULL, one, 1);
    CU_ASSERT_EQUAL(ts_secrets_scan_file(sb.stderr_path), 0);
    /* The scan can fail: the key file holds the key. */
    fprintf(stderr, "positive control: the next SECRET LEAK line is expected "
                    "(the key file holds the key)\n");
    CU_ASSERT(ts_secrets_scan_file(key_path) >= 1);
}


/* ---- a fork while other threads log in -------------------------------------- */

enum { THREADS = 16, MAX_IN_FLIGHT = 16 };

#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* How hard to push.  In a normal build: 1000 forks (divided by
 * TS_LOAD_SCALE), 16 children alive at once, each allowed timeout_ms plus
 * 3 s for fork, start-up and exit.  ThreadSanitizer makes every fork and
 * handshake several times slower: a quarter of the forks.  Under valgrind
 * each child is a slow valgrind process of its own, on two cores with the
 * 16 threads: 20 forks, 2 at a time, with the times stretched to match.
 *
 * AddressSanitizer's allocator (GCC 12's libasan) takes no lock around
 * fork: a child forked while another thread is inside malloc hangs in
 * malloc (in SizeClassAllocator64::GetFromAllocator), whatever the program
 * does.  There the threads are parked
 * outside their logins at each fork (`quiesce`): the child's pool renewal
 * still runs under ASan, but a pool lock held at the fork is only caught
 * by the other builds.
 *
 * ThreadSanitizer's runtime in GCC 12 (compiler-rt before LLVM 15) does not
 * hold all its internal mutexes across fork either: with the threads inside
 * their logins, 3 children of 250 hung on a futex in a single-threaded
 * child, which neither the normal build (1000 forks) nor valgrind ever
 * showed.  Under TSan the threads are parked at each fork too; the races
 * it looks for (the pool's generation switch against the threads' logins)
 * are still exercised between forks. */
typedef struct plan {
    int forks, in_flight;
    int timeout_ms, margin_ms;
    int quiesce;
    const char *why;
} plan;

static plan make_plan(void)
{
    /* timeout_ms bounds a login, not the machine's speed: generous enough
     * that a busy CI machine never turns a slow login into a failure, while
     * a hang still shows as one. */
    plan p = {ts_scaled(1000, 10), MAX_IN_FLIGHT, 10000, 5000, 0, ""};
    if (ts_under_valgrind()) {
        p.forks = p.forks / 50 < 10 ? 10 : p.forks / 50;
        p.in_flight = 2;
        p.timeout_ms = 30000;
        p.margin_ms = 30000;
        p.why = " (under valgrind: fewer forks, longer times)";
    }
#ifdef UNDER_TSAN
    p.forks = p.forks / 4 < 10 ? 10 : p.forks / 4;
    p.quiesce = 1;
    p.why = " (under ThreadSanitizer: a quarter of the forks, each while the "
            "threads wait between logins, as its runtime is not fork-safe)";
#endif
#ifdef UNDER_ASAN
    p.forks = p.forks / 10 < 10 ? 10 : p.forks / 10;
    p.quiesce = 1;
    p.why = " (under AddressSanitizer: a tenth of the forks, each while the "
            "threads wait between logins, as its allocator is not fork-safe)";
#endif
    return p;
}

static auth_loader *busy_loader;
static atomic_long log_lines;

static void count_line(void *ctx, int level, const char *line)
{
    (void)ctx;
    (void)level;
    (void)line;
    atomic_fetch_add(&log_lines, 1);
}

static int busy_setup(void)
{
    if (upstream_up() != 0)
        return -1;
    auth_loader_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.struct_size = sizeof cfg;
    cfg.log = count_line;
    cfg.log_level = AUTH_LOG_INFO;
    auth_result r;
    auth_result_init(&r);
    if (auth_loader_create(&cfg, &busy_loader, &r) != AUTH_OK) {
        fprintf(stderr, "auth_loader_create: %s\n", r.log_message);
        return -1;
    }
    char s_t[64];
    snprintf(s_t, sizeof s_t, "timeout_ms=%d", make_plan().timeout_ms);
    const char *extra[] = {s_t, NULL};
    return sendgrid_load(busy_loader, extra);
}

static int busy_cleanup(void)
{
    auth_loader_destroy(busy_loader);
    busy_loader = NULL;
    ts_sandbox_stop(&sb);
    return 0;
}

static int login_once(const char *account)
{
    char a[128];
    snprintf(a, sizeof a, "account_id=%s", account);
    const char *attrs[] = {"tenant=fork", a, "region=global", NULL};
    auth_result r;
    auth_result_init(&r);
    int rc = auth_loader_login(busy_loader, "sendgrid", attrs, &r);
    int ok = rc == AUTH_OK && ts_url_is_login_on(r.redirect_url, &sb);
    if (!ok) /* log_message never holds a secret */
        fprintf(stderr, "pid %d: login of %s: %s: %s\n", (int)getpid(), account,
                auth_status_name(rc), r.log_message);
    auth_result_wipe(&r);
    return ok;
}

/* ---- the logging threads ------------------------------------------------ */

typedef struct worker {
    pthread_t tid;
    int id;
    long ok, failed;
} worker;

static atomic_int stop;
static atomic_int warmed_up;
/* Held for reading around each login, for writing around each fork, when
 * the plan says to quiesce (see make_plan). */
static pthread_rwlock_t fork_gate;
static int quiesce;

static void *work(void *arg)
{
    worker *w = arg;
    for (long i = 0; !atomic_load(&stop); i++) {
        char account[64];
        snprintf(account, sizeof account, "fork-thr%02d-%ld", w->id, i);
        if (quiesce)
            pthread_rwlock_rdlock(&fork_gate);
        int ok = login_once(account);
        if (quiesce)
            pthread_rwlock_unlock(&fork_gate);
        if (ok)
            w->ok++;
        else
            w->failed++;
        if (i == 0)
            atomic_fetch_add(&warmed_up, 1);
    }
    return NULL;
}

/* ---- the children -------------------------------------------------------- */

typedef struct child {
    pid_t pid;          /* 0: slot free */
    int index;
    long long deadline;
} child;

/* What a hung child was blocked in: the kernel's wait channel and system
 * call (the first number of /proc/PID/syscall; 202 is futex on x86-64). */
static void describe_hang(pid_t pid, int index, long long waited_ms)
{
    char path[64], wchan[64] = "?", sys[128] = "?";
    snprintf(path, sizeof path, "/proc/%d/wchan", (int)pid);
    FILE *f = fopen(path, "r");
    if (f != NULL) {
        if (fgets(wchan, sizeof wchan, f) == NULL)
            snprintf(wchan, sizeof wchan, "?");
        fclose(f);
    }
    snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
    f = fopen(path, "r");
    if (f != NULL) {
        if (fgets(sys, sizeof sys, f) != NULL)
            sys[strcspn(sys, " \n")] = '\0';
        fclose(f);
    }
    fprintf(stderr, "child %d (pid %d) still running after %lld ms: wait channel "
            "'%s', system call %s; killed\n", index, (int)pid, waited_ms, wchan, sys);
}

/* Each child writes one record here (smaller than PIPE_BUF, so records
 * never interleave): its index and whether it logged in. */
static int results[2];

typedef struct child_record {
    int index;
    int logged_in;
} child_record;

static void child_main(int index)
{
    char account[64];
    snprintf(account, sizeof account, "fork-child-%d", index);
    child_record rec = {index, login_once(account)};
    ssize_t w = write(results[1], &rec, sizeof rec);
    /* Under valgrind, memcheck's leak check at exit (at a self-sent SIGKILL
     * too) would report what the parent's other threads owned: their
     * OpenSSL state, their handles in flight.  No thread exists in a child
     * to free it, whatever the plugin does.  There the child waits for the
     * parent to kill it once its record is read. */
    while (ts_under_valgrind())
        pause();
    _exit(w == (ssize_t)sizeof rec && rec.logged_in ? 0 : 1);
}

/* Reads the records that have arrived: marks got[index] for a login, and
 * under valgrind ends the child that sent it (see child_main). */
static void read_records(char *got, int forks, const child *slots)
{
    child_record rec;
    while (read(results[0], &rec, sizeof rec) == (ssize_t)sizeof rec) {
        if (rec.index < 0 || rec.index >= forks)
            continue;
        got[rec.index] = rec.logged_in ? 1 : 2;
        for (int s = 0; ts_under_valgrind() && s < MAX_IN_FLIGHT; s++)
            if (slots[s].pid != 0 && slots[s].index == rec.index)
                kill(slots[s].pid, SIGKILL);
    }
}

static void test_children_forked_during_logins_all_log_in(void)
{
    plan pl = make_plan();
    int forks = pl.forks;
    quiesce = pl.quiesce;
    pthread_rwlockattr_t ga;
    pthread_rwlockattr_init(&ga);
    /* A writer must get in between 16 busy readers. */
    pthread_rwlockattr_setkind_np(&ga, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    CU_ASSERT_EQUAL_FATAL(pthread_rwlock_init(&fork_gate, &ga), 0);
    pthread_rwlockattr_destroy(&ga);
    static worker workers[THREADS];
    atomic_store(&stop, 0);
    atomic_store(&warmed_up, 0);
    for (int t = 0; t < THREADS; t++) {
        workers[t].id = t;
        CU_ASSERT_EQUAL_FATAL(pthread_create(&workers[t].tid, NULL, work, &workers[t]), 0);
    }
    /* Forks start once every thread is logging in. */
    long long until = ts_now_ms() + 30000;
    while (atomic_load(&warmed_up) < THREADS && ts_now_ms() < until) {
        struct timespec ts = {0, 1000000L};
        nanosleep(&ts, NULL);
    }
    CU_ASSERT_EQUAL(atomic_load(&warmed_up), THREADS);

    child slots[MAX_IN_FLIGHT];
    memset(slots, 0, sizeof slots);
    char *reported = calloc((size_t)forks, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(reported);
    CU_ASSERT_EQUAL_FATAL(pipe2(results, O_CLOEXEC | O_NONBLOCK), 0);
    int started = 0, finished = 0, logged_in = 0, failed = 0, hung = 0;
    long long t0 = ts_now_ms();
    fflush(NULL); /* children must not repeat buffered output */
    while (finished < forks) {
        for (int s = 0; s < pl.in_flight && started < forks; s++) {
            if (slots[s].pid != 0)
                continue;
            if (quiesce)
                pthread_rwlock_wrlock(&fork_gate);
            pid_t pid = fork();
            if (pid == 0)
                child_main(started);
            if (quiesce)
                pthread_rwlock_unlock(&fork_gate);
            if (pid < 0) {
                fprintf(stderr, "fork: %s\n", strerror(errno));
                failed++;
                finished++;
                started++;
                continue;
            }
            slots[s].pid = pid;
            slots[s].index = started++;
            slots[s].deadline = ts_now_ms() + pl.timeout_ms + pl.margin_ms;
        }
        int progressed = 0;
        read_records(reported, forks, slots);
        for (int s = 0; s < pl.in_flight; s++) {
            if (slots[s].pid == 0)
                continue;
            int st = 0;
            pid_t got = waitpid(slots[s].pid, &st, WNOHANG);
            if (got == 0 && ts_now_ms() > slots[s].deadline) {
                describe_hang(slots[s].pid, slots[s].index,
                              (long long)pl.timeout_ms + pl.margin_ms);
                kill(slots[s].pid, SIGKILL);
                got = waitpid(slots[s].pid, &st, 0);
                hung++;
                st = -1;
            } else if (got == 0) {
                continue;
            }
            if (got == slots[s].pid && st != -1) {
                read_records(reported, forks, slots);
                int ended_well = (WIFEXITED(st) && WEXITSTATUS(st) == 0) ||
                                 (ts_under_valgrind() && WIFSIGNALED(st) &&
                                  WTERMSIG(st) == SIGKILL);
                if (ended_well && reported[slots[s].index] == 1) {
                    logged_in++;
                } else {
                    failed++;
                    fprintf(stderr, "child %d: wait status 0x%x, %s\n",
                            slots[s].index, (unsigned)st,
                            reported[slots[s].index] == 1 ? "logged in"
                            : reported[slots[s].index] == 2 ? "did not log in"
                                                            : "sent no record");
                }
            }
            slots[s].pid = 0;
            finished++;
            progressed = 1;
        }
        if (!progressed) {
            struct timespec ts = {0, 200000L};
            nanosleep(&ts, NULL);
        }
    }
    long long took = ts_now_ms() - t0;
    free(reported);
    close(results[0]);
    close(results[1]);
    atomic_store(&stop, 1);
    long ok = 0, bad = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(workers[t].tid, NULL);
        ok += workers[t].ok;
        bad += workers[t].failed;
    }
    printf("\n    %d children forked during %ld logins by %d threads%s, in %lld ms: "
           "%d logged in, %d failed, %d hung\n", forks, ok + bad, THREADS, pl.why,
           took, logged_in, failed, hung);
    CU_ASSERT_EQUAL(hung, 0);
    CU_ASSERT_EQUAL(failed, 0);
    CU_ASSERT_EQUAL(logged_in, forks);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(ok >= THREADS);
    /* The parent goes on as before. */
    CU_ASSERT_TRUE(login_once("fork-parent-after"));
    CU_ASSERT(atomic_load(&log_lines) > ok);
    pthread_rwlock_destroy(&fork_gate);
}

static CU_TestInfo prefork_tests[] = {
    {"8 forked children: own connections, own accounts",
     test_children_get_their_own_connections_and_accounts},
    {"nothing secret was logged", test_nothing_secret_was_logged},
    CU_TEST_INFO_NULL};
static CU_TestInfo busy_tests[] = {
    {"children forked during 16 threads' logins all log in",
     test_children_forked_during_logins_all_log_in},
    CU_TEST_INFO_NULL};
static CU_SuiteInfo suites[] = {
    {"prefork", prefork_setup, prefork_cleanup, NULL, NULL, prefork_tests},
    {"fork_during_login", busy_setup, busy_cleanup, NULL, NULL, busy_tests},
    CU_SUITE_INFO_NULL};

int main(int argc, char **argv)
{
    return ts_main(argc, argv, suites);
}
